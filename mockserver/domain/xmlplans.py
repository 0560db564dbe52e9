"""Planned XML creates: what the meeting rules made of a CreateMeeting, done once per kind of request
(docs/architecture.md, "Planned creates"); the XML twin of :mod:`.plans`.

A CreateMeeting payload is a tree of blocks, and the rules' work on it depends on five of its values only through
what :func:`kind` keeps of them: the title (``metaData/confName``: blank or not), the agenda (sent or not), the
password (``accessControl/meetingPassword``: not sent, blank, or not blank), the start (``schedule/startDate``:
sent, in the one format the rules store) and the duration (``schedule/duration``: sent or not, written as a plain
number). Everything else -- every other element of the payload, the site's settings, the caller and the host -- is
the kind itself. So the first creates of a kind run the rules, the second learns an :class:`XmlPlan`
(:func:`learn`; the first is only remembered), and the next ones make the meeting from the plan (:func:`made`): the
plan's blocks with their own password, agenda and attendees (new contactIDs drawn for those sent without one, in the
order the rules draw them, and the meeting's key), the plan's rules as they fired (the contactID records made again
with the new ids) and its notes.

A create :func:`made` cannot vouch for runs the rules, which refuse it or note it as before: a start the zone's
clocks skip or repeat, one out of range, one not written as the rules store it, a duration over the site's
maximum. A ``repeat`` block, ``validateFormat``, or an exception of a series is never planned.

:data:`.plans.VERIFY` (the test suite sets it) makes every planned meeting the rules' way as well, and raises
AssertionError when the two differ in anything the store keeps, the rules that fired or the notes.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..base.errors import WebexError
from ..base.fidelity import ASSUMED, Note, Notes
from . import compact, plans, rules, timezones
from .attendees import attendee_list, stamp
from .compact import MARSHAL_VERSION
from .explain import Fired, RuleFired, default_record, packed, packing, shared
from .meetingindex import Facts, facts_of, joined_contact_ids
from .records import Meeting
from .sites import Site, User

#: the blocks a planned meeting has of its own: its password's, its agenda's and its attendees'
_OWN = ("accessControl", "metaData", "participants")
#: what a payload holds that is never planned
_NEVER = ("repeat", "validateFormat")
#: kinds met once that a store remembers (a store with this many forgets them and starts again)
SEEN_KEPT = 1024
#: the record of a contactID drawn for an attendee sent without one (:func:`.rules.attendee_defaults`)
_DRAWN_RULE, _DRAWN_NAME = "attendee-default", "contactID"


@dataclass(frozen=True)
class XmlPlan:
    """What the rules made of the first CreateMeeting of a kind."""

    #: the XML extension the store kept (core values as placeholders), never changed
    extension: dict[str, Any]
    #: each block of ``extension`` marshalled as :mod:`.compact` encodes it
    blocks: tuple[bytes, ...]
    #: where the blocks of :data:`_OWN` are in ``extension``
    places: tuple[int, ...]
    #: the rules made the caller the host
    by_caller: bool
    #: the rules fired: each shared, but the contactID records at ``drawn``
    fired: tuple[RuleFired, ...]
    #: :func:`.explain.packing` of ``fired``, the drawn records' places to be filled for each meeting
    packing: tuple[int | tuple[Any, ...], ...]
    #: (place in ``fired``, the attendee's place in the list, its path) of each contactID drawn, in the rules' order
    drawn: tuple[tuple[int, int, str], ...]
    notes: tuple[Note, ...]
    #: the meeting's IANA zone and its WebEx zone, as stored
    zone: str
    zone_id: int
    fixed: compact.Fixed | None
    #: what listings read of the kind's meetings (:func:`.meetingindex.facts_of`) but the end and the contactIDs
    facts: tuple[int, str]


def kind(payload: dict[str, Any], site: Site, caller: User) -> tuple[Hashable, datetime] | None:
    """The kind of a CreateMeeting ``payload`` sent by ``caller``, and its start as read (for :func:`made`); None:
    never planned."""
    if any(name in payload for name in _NEVER):
        return None
    meta, schedule, access = payload.get("metaData"), payload.get("schedule"), payload.get("accessControl", {})
    if not (isinstance(meta, dict) and isinstance(schedule, dict) and isinstance(access, dict)):
        return None
    title, agenda, password = meta.get("confName"), meta.get("agenda", ""), access.get("meetingPassword", "")
    start, minutes = schedule.get("startDate"), schedule.get("duration", "60")
    if not (isinstance(title, str) and title.strip() and isinstance(agenda, str) and isinstance(password, str)
            and isinstance(start, str) and isinstance(minutes, str) and minutes.isascii() and minutes.isdigit()
            and str(int(minutes)) == minutes):
        return None
    try:
        host = rules.schedule_host(payload, site, caller)
        local = rules.parse_date(start, "bodyContent/schedule/startDate")
        if rules.format_date(local) != start:
            return None  # the rules store it written otherwise, and say so
    except WebexError:
        return None  # the rules refuse it
    people = plans.held(site, caller, host)
    if people is None:
        return None
    skeleton = dict(payload)
    skeleton["metaData"] = {**meta, "confName": None, **({"agenda": None} if "agenda" in meta else {})}
    skeleton["schedule"] = {**schedule, "startDate": None, **({"duration": None} if "duration" in schedule else {})}
    if "meetingPassword" in access:
        skeleton["accessControl"] = {**access, "meetingPassword": not password.strip()}
    try:
        return ("xml", marshal.dumps(skeleton, MARSHAL_VERSION), people), local
    except ValueError:
        return None


def learn(store: Any, key: Hashable, meeting: Meeting, by_caller: bool, fired: Sequence[RuleFired],
          notes: Sequence[Note]) -> None:
    """Keep in ``store.plans`` (``store``: a :class:`.store.Store`) the plan of kind ``key`` from ``meeting``, just
    made the rules' way (``fired`` and ``notes``: what the call fired and noted making it; each contactID drawn fired
    one record), when the kind was met before; none when it is not one :func:`made` can make again.

    A kind met for the first time is only remembered (``store.kinds_seen``): learning costs about half a create, and
    a suite whose creates are each of a kind of its own (their attendees, say) would pay it on every create."""
    seen = store.kinds_seen
    if key not in seen:
        if len(seen) >= SEEN_KEPT:
            seen.clear()
        seen.add(key)
        return
    seen.discard(key)
    kept = store.plans
    extension = meeting.xml  # a fresh copy, decoded from what the store keeps
    schedule = extension.get("schedule")
    if meeting.recurrence is not None or any(note.kind != ASSUMED for note in notes) \
            or not all(isinstance(extension.get(name), dict) for name in _OWN) or not isinstance(schedule, dict) \
            or schedule.get("startDate", "") is not None or schedule.get("duration") is not None:
        return  # the start's and the duration's texts are not the core's (placeholders): made otherwise
    zone_text = meeting.data["schedule"].get("timeZoneID")
    if not (isinstance(zone_text, str) and zone_text.isascii() and zone_text.isdigit()):
        return
    zone_id = int(zone_text)
    drawn = tuple((place, int(record.element.split("/")[-2]), record.element.removesuffix(f"/{_DRAWN_NAME}"))
                  for place, record in enumerate(fired)
                  if record.rule == _DRAWN_RULE and record.element.endswith(f"/{_DRAWN_NAME}"))
    places_drawn = {place for place, _, _ in drawn}
    records = tuple(record if place in places_drawn else shared(record) for place, record in enumerate(fired))
    names = list(extension)
    blocks = tuple(marshal.dumps(value, MARSHAL_VERSION) for value in extension.values())
    places = tuple(names.index(name) for name in _OWN)
    if len(kept) >= plans.KEPT:
        kept.clear()
    kept[key] = XmlPlan(extension, blocks, places, by_caller, records, packing(records), drawn,
                        tuple(notes), meeting.zone, zone_id, compact.fixed(tuple(names), blocks, places),
                        facts_of(meeting)[1:3])


def made(store: Any, plan: XmlPlan, site: Site, caller: User, payload: dict[str, Any], local: datetime,
         next_id: Callable[[], int], now_ms: int, notes: Notes, fired: Fired) -> tuple[Meeting, User] | None:
    """The meeting of ``plan``'s kind ``payload`` asks for (``local``: its start, as :func:`kind` read it), made and
    stored (``store``: a :class:`.store.Store`) as the rules would have made it, and its host; the plan's rules and
    notes recorded on the call. None (and nothing done): a start or duration the rules are to judge."""
    meta, schedule = payload["metaData"], payload["schedule"]
    minutes = int(schedule.get("duration", "60"))
    if minutes > site.settings.maxDuration:
        return None
    zone_id = plan.zone_id
    start_ts = timezones.to_epoch(local, zone_id)
    if timezones.shifts_at(local, zone_id) or not timezones.meeting_showable(start_ts, minutes):
        return None  # the rules note it, or refuse it (out of range)
    plans.note_all(notes, plan.notes)
    ids = [next_id() for _ in plan.drawn]  # as the rules draw them: before the meeting's own ids
    meeting_ids = store.meeting_ids()
    extension, blocks = dict(plan.extension), list(plan.blocks)
    access_at, meta_at, people_at = plan.places
    access = payload.get("accessControl", {})
    if "meetingPassword" in access:
        plans.set_in_block(extension, blocks, "accessControl", access_at, "meetingPassword", access["meetingPassword"])
    if "agenda" in meta:
        plans.set_in_block(extension, blocks, "metaData", meta_at, "agenda", meta["agenda"])
    people = attendee_list(extension)
    if people:
        people = [dict(person) for person in people]  # the plan's are never changed
        for (_, index, _), value in zip(plan.drawn, ids, strict=True):
            people[index]["contactID"] = str(value)
        participants = extension["participants"]
        extension["participants"] = own = {**participants, "attendees": {**participants["attendees"],
                                                                          "attendee": people}}
        stamp(extension, meeting_ids[0])
        blocks[people_at] = marshal.dumps(own, MARSHAL_VERSION)
    records, entries = list(plan.fired), list(plan.packing)
    for (place, _, path), value in zip(plan.drawn, ids, strict=True):
        records[place] = drawn = default_record(_DRAWN_RULE, path, _DRAWN_NAME, str(value))
        entries[place] = tuple(drawn)
    fired.extend_packed(tuple(records), marshal.dumps(tuple(entries)))
    made_host = caller if plan.by_caller else rules.schedule_host(payload, site, caller)
    meeting = plans.planned_meeting(meeting_ids, site, made_host, meta["confName"], start_ts, plan.zone, minutes,
                                    extension, blocks, plan.fixed, now_ms)
    facts: Facts = (start_ts + minutes * 60, *plan.facts, joined_contact_ids(people))
    if plans.VERIFY:
        assert tuple(entries) == marshal.loads(packed(records)), "a plan's rules packed otherwise"
        assert facts == facts_of(meeting), (facts, facts_of(meeting))
        _verify(meeting, made_host is caller, tuple(records), plan, payload, site, caller, ids, now_ms, notes.mode)
    plans.stored(store, meeting, facts)
    return meeting, made_host


def _verify(meeting: Meeting, by_caller: bool, records: tuple[RuleFired, ...], plan: XmlPlan,
            payload: dict[str, Any], site: Site, caller: User, ids: list[int], now_ms: int, mode: str) -> None:
    """Raise when the rules make ``meeting`` otherwise than the plan did (``records``: the rules it fired)."""
    notes, fired = Notes(mode), Fired()
    drawn = iter(ids)
    data, ruled_host = rules.new_meeting(payload, site, caller, lambda: next(drawn), now_ms, notes, fired)
    stamp(data, meeting.key)
    ruled = Meeting.from_blocks(
        data, None, key=meeting.key, site=meeting.site, host=ruled_host.webExId, uuid=meeting.uuid,
        mtid=meeting.mtid, guest_token=meeting.guest_token, host_key=meeting.host_key, event_id=meeting.event_id,
        created_ms=meeting.created_ms, attendee_mtid=meeting.attendee_mtid)
    plans.same_as_rules((meeting, by_caller, records, plan.notes),
                        (ruled, ruled_host is caller, tuple(fired.items), tuple(notes.items)))
