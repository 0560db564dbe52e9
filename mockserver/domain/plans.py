"""Planned creates: the meeting rules' work, done once per kind of meeting made from fields (docs/architecture.md,
"Planned creates").

A face that makes a meeting from its fields (the REST create: title, start, zone, duration and options; no attendees,
no repeat) sends the meeting rules (:func:`.rules.new_meeting`) blocks that differ from one create to the next in
five values only: the title, the start, the duration, the password and the agenda. What the rules make of the rest --
the defaults they fill in, the records of the rules that fired, the notes, the XML extension the store keeps -- is
the same for every meeting of the same :func:`kind`: site, caller, host, zone and options. So the first create of a
kind runs the rules and the face learns a :class:`Plan` from what they made (:func:`learn`); the next ones make the
meeting from the plan (:func:`made`): the plan's extension with their own password and agenda, its blocks encoded
already but for those two, its rules and notes as they fired.

The five values change nothing else the rules do but through what a kind holds: the title's and the password's being
blank (refused; a site may require a password), the duration's being over the site's maximum (refused), the agenda's
being sent (else its default is recorded). A start whose wall-clock time the zone's clocks shift over is never
planned (the rules read it back, and may note it). The site's settings, call-in numbers and meeting types and the
caller and the host are part of the kind as they are now, so a changed setting or user makes a new kind: marshalled
once, and again when a field of theirs holds another object (their lists and dicts are replaced, never changed in
place, and :data:`VERIFY` checks that too). A store
keeps at most :data:`KEPT` plans.

:data:`VERIFY` (the test suite sets it) makes every planned meeting the rules' way as well, and raises
AssertionError when the two differ in anything the store keeps, the rules that fired or the notes.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from operator import attrgetter, is_
from typing import Any

from ..base.fidelity import ASSUMED, Note, Notes
from . import compact, rules, timezones, xmlblocks
from .compact import MARSHAL_VERSION, encode_blocks
from .explain import Fired, RuleFired, packed, shared
from .meetingindex import Facts, facts_of
from .records import Meeting
from .sites import Site, User

#: plans a store keeps (a test suite makes a few kinds); a store with this many forgets them and starts again
KEPT = 64
#: make every planned meeting the rules' way too, and compare (the test suite)
VERIFY = False

#: the options that decide the rules' work: all but the agenda and the password, which they store as sent
_DECIDING = attrgetter(*(name for name in xmlblocks.Options._fields if name not in ("agenda", "password")))
#: the blocks holding the two values a planned meeting has of its own besides its core fields
_PASSWORD_BLOCK, _AGENDA_BLOCK = "accessControl", "metaData"


@dataclass(frozen=True)
class Plan:
    """What the rules made of the first meeting of a kind."""

    #: the XML extension the store keeps (core values as placeholders), never changed: a planned meeting's shares
    #: its blocks but the two it changes
    extension: dict[str, Any]
    #: each block of ``extension`` marshalled as :mod:`.compact` encodes it
    blocks: tuple[bytes, ...]
    #: where the password's and the agenda's blocks are in ``extension``
    places: tuple[int, int]
    #: the rules made the caller the host (else the host the face named)
    by_caller: bool
    #: the rules fired, each shared (:func:`.explain.shared`: fired by every create of the kind, a journal entry
    #: holds its number)
    fired: tuple[RuleFired, ...]
    #: :func:`.explain.packed` of ``fired``
    packed_fired: bytes
    notes: tuple[Note, ...]
    #: the answer of this kind, as the face that made the plan keeps it (opaque here)
    face: object
    #: ``blocks`` as :func:`.compact.encode_blocks` finds them, but the password's and the agenda's (None: it is used)
    fixed: compact.Fixed | None = None
    #: what listings read of the kind's meetings (:func:`.meetingindex.facts_of`) but the end, each meeting's own
    facts: tuple[int, str, str] = (-1, "", "")


def kind(site: Site, caller: User, host: User, title: str, start_ts: int, zone: str, minutes: int,
         options: xmlblocks.Options) -> Hashable | None:
    """The kind of a meeting made from these fields (scheduled by ``caller`` for ``host``); None: never planned."""
    zone_id = xmlblocks.xml_zone_for(zone, start_ts)
    # the wall-clock time as the rules read it back from the start's text: fold 0 (the first of a repeated hour)
    if timezones.shifts_at_instant(start_ts, zone_id):
        return None
    people = held(site, caller, host)
    if people is None:
        return None
    password = None if options.password is None else not options.password.strip()  # none, blank, or not blank
    return (zone, zone_id, _DECIDING(options), options.agenda is None, not title.strip(), password,
            minutes > site.settings.maxDuration, people)


def held(site: Site, caller: User, host: User) -> bytes | None:
    """What of ``site``, ``caller`` and ``host`` makes a kind, marshalled (None: a value marshal does not write, never
    in a site read from a seed or the admin API); remembered while each of their fields holds the same object."""
    key = id(site), id(caller), id(host)
    now = _fields(site, caller, host)
    known = _HELD.get(key)
    if known is not None and known[0] is site and known[1] is caller and known[2] is host \
            and len(known[3]) == len(now) and all(map(is_, known[3], now)):
        if VERIFY and known[4] != _marshalled(site, caller, host):
            raise AssertionError(f"a list or dict of a site or user changed in place: {site.siteName}")
        return known[4]
    held = _marshalled(site, caller, host)
    if held is not None:
        if len(_HELD) >= KEPT:
            _HELD.clear()
        _HELD[key] = site, caller, host, now, held
    return held


def _fields(site: Site, caller: User, host: User) -> tuple[Any, ...]:
    """The objects the fields of ``site`` (its settings and call-in numbers), ``caller`` and ``host`` hold: a field
    set to another object shows (a list or dict changed in place does not; none is, and VERIFY checks)."""
    return (*vars(site).values(), *vars(site.settings).values(), *vars(site.callIn).values(),
            *vars(caller).values(), *(vars(host).values() if host is not caller else ()))


def _marshalled(site: Site, caller: User, host: User) -> bytes | None:
    try:
        return marshal.dumps((site.siteName, site.siteID, site.partnerID, site.timeZoneID, site.meetingTypes,
                              vars(site.settings), vars(site.callIn), vars(caller),
                              host is caller or vars(host)), MARSHAL_VERSION)  # the caller's own meeting: once
    except ValueError:
        return None


#: (site, caller, host, the objects their fields held, marshalled) by the three's identities (they are held: no id
#: is reused)
_HELD: dict[tuple[int, int, int], tuple[Site, User, User, tuple[Any, ...], bytes]] = {}


def by_rules(title: str, start_ts: int, zone: str, minutes: int, options: xmlblocks.Options, site: Site,
             caller: User, host: User, next_id: Callable[[], int], now_ms: int, notes: Notes, fired: Fired,
             repeat: dict[str, Any] | None = None) -> tuple[dict[str, Any], User]:
    """What the rules make of a meeting given by its fields (and its XML ``repeat`` block), scheduled by ``caller``
    for ``host``: the data as stored, and its host."""
    blocks = xmlblocks.blocks_of(title, start_ts, zone, minutes, options)
    blocks["schedule"]["hostWebExID"] = host.webExId
    if repeat is not None:
        blocks["repeat"] = repeat
    return rules.new_meeting(blocks, site, caller, next_id, now_ms, notes, fired, owned=True)


def learn(plans: dict[Hashable, Any], key: Hashable, meeting: Meeting, by_caller: bool,
          fired: Sequence[RuleFired], notes: Sequence[Note], face: object) -> None:
    """Keep in ``plans`` the plan of kind ``key`` from ``meeting``, just made the rules' way (``fired`` and ``notes``:
    what the rules fired and noted; ``face``: the answer, as the face keeps it); none when a note may refuse (an
    accommodation) or the blocks are not there."""
    extension = meeting.xml  # a fresh copy, decoded from what the store keeps
    if any(note.kind != ASSUMED for note in notes) or not (
            isinstance(extension.get(_PASSWORD_BLOCK), dict) and isinstance(extension.get(_AGENDA_BLOCK), dict)):
        return
    if len(plans) >= KEPT:
        plans.clear()
    names = list(extension)
    records = tuple(map(shared, fired))
    blocks = tuple(marshal.dumps(value, MARSHAL_VERSION) for value in extension.values())
    places = names.index(_PASSWORD_BLOCK), names.index(_AGENDA_BLOCK)
    plans[key] = Plan(extension, blocks, places, by_caller, records, packed(records), tuple(notes), face,
                      compact.fixed(tuple(names), blocks, places), facts_of(meeting)[1:])


def made(store: Any, plan: Plan, site: Site, caller: User, host: User, title: str, start_ts: int, zone: str,
         minutes: int, options: xmlblocks.Options, now_ms: int, notes: Notes, fired: Fired) -> tuple[Meeting, User]:
    """A meeting of ``plan``'s kind with these fields, made and stored (``store``: a :class:`.store.Store`) as the
    rules would have made it, and its host; the plan's rules and notes recorded on the call."""
    note_all(notes, plan.notes)
    fired.extend_packed(plan.fired, plan.packed_fired)
    extension, blocks = dict(plan.extension), list(plan.blocks)
    set_in_block(extension, blocks, _PASSWORD_BLOCK, plan.places[0], "meetingPassword", options.password)
    if options.agenda is not None:
        set_in_block(extension, blocks, _AGENDA_BLOCK, plan.places[1], "agenda", options.agenda)
    made_host = caller if plan.by_caller else host
    meeting = planned_meeting(store.meeting_ids(), site, made_host, title, start_ts, zone, minutes, extension, blocks,
                              plan.fixed, now_ms)
    facts: Facts = (start_ts + minutes * 60, *plan.facts)
    if VERIFY:
        _verify(meeting, made_host, plan, site, caller, host, options, now_ms, notes.mode)
        assert facts == facts_of(meeting), (facts, facts_of(meeting))
    stored(store, meeting, facts)
    return meeting, made_host


# -- what a planned create of either face does alike (mockserver.domain.xmlplans too) ---------------------------------


def note_all(notes: Notes, planned: Sequence[Note]) -> None:
    """The notes of a plan, noted on this call."""
    for note in planned:
        notes.assume(note.code, note.element, note.text)


def set_in_block(extension: dict[str, Any], blocks: list[bytes], name: str, at: int, field: str, value: Any) -> None:
    """Set ``field`` of block ``name`` of a copy of a plan's extension to ``value``, and its bytes at place ``at`` of
    ``blocks`` (the plan's are never changed: the block is replaced)."""
    extension[name] = block = {**extension[name], field: value}
    blocks[at] = marshal.dumps(block, MARSHAL_VERSION)


def planned_meeting(ids: tuple[int, str, str, str, str, int, str], site: Site, host: User, title: str,
                    start_ts: int, zone: str, minutes: int, extension: dict[str, Any], blocks: list[bytes],
                    fixed: compact.Fixed | None, now_ms: int) -> Meeting:
    """The meeting of a plan with these ids (:meth:`.draws.Draws.meeting_ids`), fields and extension, its blocks
    encoded with the plan's differences from their reference (``fixed``) when it has them."""
    key, uuid, mtid, guest_token, host_key, event_id, attendee_mtid = ids
    return Meeting(key=key, site=site.key, host=host.webExId, uuid=uuid, mtid=mtid, guest_token=guest_token,
                   host_key=host_key, event_id=event_id, title=title, start_ts=start_ts, zone=zone, duration=minutes,
                   xml=extension, created_ms=now_ms, attendee_mtid=attendee_mtid,
                   held=encode_blocks(extension, blocks) if fixed is None else compact.encode_fixed(fixed, blocks))


def stored(store: Any, meeting: Meeting, facts: Facts) -> None:
    """A planned meeting kept (``store``: a :class:`.store.Store`, indexed with the plan's listing ``facts``) and
    told to the webhooks that want it, as the rules' store does."""
    store.put_meeting(meeting, facts)
    store.webhooks.meeting("created", meeting, store.now_ms())


def _verify(meeting: Meeting, made_host: User, plan: Plan, site: Site, caller: User, host: User,
            options: xmlblocks.Options, now_ms: int, mode: str) -> None:
    """Raise when the rules make ``meeting`` otherwise than the plan did."""
    notes, fired = Notes(mode), Fired()
    data, ruled_host = by_rules(meeting.title, meeting.start_ts, meeting.zone, meeting.duration, options, site,
                                caller, host, _no_attendees, now_ms, notes, fired)
    ruled = Meeting.from_blocks(
        data, meeting.zone, key=meeting.key, site=meeting.site, host=ruled_host.webExId, uuid=meeting.uuid,
        mtid=meeting.mtid, guest_token=meeting.guest_token, host_key=meeting.host_key, event_id=meeting.event_id,
        created_ms=meeting.created_ms, attendee_mtid=meeting.attendee_mtid)
    same_as_rules((meeting, made_host is caller, plan.fired, plan.notes),
                  (ruled, ruled_host is caller, tuple(fired.items), tuple(notes.items)))


def same_as_rules(planned: tuple[Meeting, bool, tuple[RuleFired, ...], tuple[Note, ...]],
                  ruled: tuple[Meeting, bool, tuple[RuleFired, ...], tuple[Note, ...]]) -> None:
    """Raise AssertionError naming what of a planned create -- (the meeting, its host is the caller, the rules fired,
    the notes) -- differs from the rules' way (:data:`VERIFY`)."""
    (meeting, *rest), (ruled_meeting, *ruled_rest) = planned, ruled
    differing = ["meeting"] * (meeting.held() != ruled_meeting.held()) + [
        part for part, one, other in zip(("host", "fired", "notes"), rest, ruled_rest, strict=True) if one != other]
    if differing:
        shown = {"meeting": (meeting.to_dict(), ruled_meeting.to_dict()),
                 **dict(zip(("host", "fired", "notes"), zip(rest, ruled_rest, strict=True), strict=True))}
        raise AssertionError(f"a planned meeting differs from the rules' in its {', '.join(differing)}: "
                             f"{[shown[part] for part in differing]!r}")


def _no_attendees() -> int:  # pragma: no cover - a planned meeting has no attendees to number
    raise AssertionError("a planned meeting has no attendees")
