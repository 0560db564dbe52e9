"""``/v1/meetings``: create, read, list, update, patch and delete meetings, on the same store and under the same
WebEx rules as the XML API (docs/rest.md). A meeting is a series of one until meetings recur."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from msgspec import UNSET

from ..base.errors import clip
from ..domain import links, meetings, occurrenceids, rules, timezones, xmlblocks
from ..domain.records import Meeting
from ..domain.sites import User
from . import happened, shapes
from .calls import Answer, Call
from .errors import RestError
from .models import MeetingIn, MeetingPatch
from .pages import paged

TITLE_MAX, AGENDA_MAX = 128, 1300
#: a meeting lasts 10 minutes to 23 hours 59 minutes
SHORTEST_MIN, LONGEST_MIN = 10, 23 * 60 + 59
JOIN_BEFORE_HOST_MINUTES = (0, 5, 10, 15)
LIST_DEFAULT, LIST_MAX = 10, 100
PATCH_TYPES = ("application/json-patch+json", "application/json")


# -- create ---------------------------------------------------------------------------------------------------------

def create(call: Call) -> Answer:
    sent = call.json(MeetingIn)
    host = _host(call, sent.host_email if sent.host_email is not UNSET else None)
    _check_site(call, sent.site_url if sent.site_url is not UNSET else None)
    zone = _zone(sent.timezone if sent.timezone is not UNSET else None, host)
    title, start, minutes = _checked(call, sent.title, sent.start, sent.end, zone)
    options = _options(call, sent, generate_password=True)
    blocks = xmlblocks.blocks_of(title, start, zone, minutes, options)
    blocks["schedule"]["hostWebExID"] = host.webExId
    data, host = rules.new_meeting(blocks, call.principal.site, call.caller, meetings.contact_ids(call.store),
                                   call.now_ms, call.notes, call.fired)
    made = meetings.made(call.store, call.principal.site, host, data, call.now_ms, zone)
    call.meeting_key = made.key
    return Answer(200, happened.series(call, made, shapes.meeting(call.principal.site, host, made)))


# -- read -----------------------------------------------------------------------------------------------------------

def get(call: Call) -> Answer:
    text = call.path["meetingId"]
    named = occurrenceids.parse_meeting_id(text)
    if named.kind == "instance":  # a started meeting: <seriesId>_I_<digits>
        found = by_id(call, named.series_id)
        instance, state = happened.by_instance_id(call, found, text)
        return Answer(200, happened.instance(call.principal.site, call.principal.site.user(found.host), found,
                                             instance, state, listed=False))
    found = _meeting(call)
    return Answer(200, _shown(call, call.principal.site.user(found.host), found))


def _shown(call: Call, host: User | None, meeting: Meeting) -> dict[str, Any]:
    """The meeting as REST answers it (its XML blocks decoded once), noting what REST would not have stored."""
    options = xmlblocks.options_of(meeting.data)
    _note_xml_values(call, meeting, options.agenda or "")
    return happened.series(call, meeting, shapes.meeting(call.principal.site, host, meeting, options))


def _note_xml_values(call: Call, meeting: Meeting, agenda: str) -> None:
    """A meeting made over XML may hold what the REST API refuses (a longer title or agenda, a shorter or longer
    meeting): shown as stored, with a note (no source says how the real service shows it)."""
    outside = [what for what, yes in (
        (f"title of {len(meeting.title)} characters", len(meeting.title) > TITLE_MAX),
        (f"agenda of {len(agenda)} characters", len(agenda) > AGENDA_MAX),
        (f"duration of {meeting.duration} minutes", not SHORTEST_MIN <= meeting.duration <= LONGEST_MIN)) if yes]
    if outside:
        call.notes.assume("assumed-answer", f"meeting {meeting.key}",
                          f"made over XML with a {', a '.join(outside)}, which the REST API refuses: shown as "
                          "stored")


def _meeting(call: Call) -> Meeting:
    return by_id(call, call.path["meetingId"])


def by_id(call: Call, text: str) -> Meeting:
    """The meeting id ``text`` names, if the caller may manage it: 404 for an id of no meeting."""
    key = shapes.key_of_id(text)
    found = call.store.get_meeting(call.principal.site.key, key) if key is not None else None
    if found is None or not shapes.is_id_of(text, found):
        raise RestError(404, None, f"No meeting with id {clip(text, 40)!r}.")
    meetings.may_manage(call.principal, found)
    call.meeting_key = found.key
    return found


def listed(call: Call) -> Answer:
    """``GET /meetings``: the caller's meetings (a site admin's with ``hostEmail``, another host's) that overlap
    ``from`` to ``to`` (now to now + 7 days by default), by start."""
    host = _host(call, call.query.get("hostEmail"))
    _check_site(call, call.query.get("siteUrl"))
    number = call.query.get("meetingNumber")
    wanted = _filters(call)
    kind = call.query.get("meetingType", "meetingSeries")
    start, end = _window(call, kind)
    site = call.principal.site
    state = call.query.get("state")
    if number is not None:
        found = [m for m in call.store.site_meetings(site.key)
                 if m.host.lower() == host.key and str(m.key) == number.strip()]
    elif kind == "meeting":  # instances: a meeting may start any time while it is ready, before its start too
        found = [m for m in call.store.site_meetings(site.key) if m.host.lower() == host.key]
    else:
        found = [m for m in call.store.site_meetings(site.key)
                 if m.host.lower() == host.key and start <= m.start_ts + m.duration * 60 and m.start_ts < end]
    found = [m for m in found if wanted(m)]
    found.sort(key=lambda m: (m.start_ts, m.key))
    owner = site.user(host.webExId)
    if kind == "meeting" and number is None:
        happened.note_instances(call)
        started = sorted(((i.started_ms, m.key, m, i, s) for m in found for i, s in happened.instances(
            call, m, start, end) if state in (None, s)), key=lambda row: (row[0], row[1]))
        return paged(call, started, lambda row: happened.instance(site, owner, row[2], row[3], row[4]),
                     LIST_DEFAULT, LIST_MAX)
    if kind == "scheduledMeeting" and number is None:
        occurring = [(m, o) for m in found for o, s in happened.occurrences(call, m, start, end) if state in (None, s)]
        return paged(call, occurring, lambda row: happened.occurrence(call, row[0], _shown(call, owner, row[0]),
                                                                      row[1]), LIST_DEFAULT, LIST_MAX)
    if state is not None and number is None:
        found = [m for m in found if happened.series_state(call, m) == state]
    return paged(call, found, lambda meeting: _shown(call, owner, meeting), LIST_DEFAULT, LIST_MAX)


def _window(call: Call, kind: str) -> tuple[int, int]:
    """``from`` and ``to``: seven days from now by default; for instances (``meeting``) the seven days before."""
    now, week = call.now_ms // 1000, 7 * 24 * 3600
    sent_from = _time(call.query["from"], "from", "UTC") if "from" in call.query else None
    sent_to = _time(call.query["to"], "to", "UTC") if "to" in call.query else None
    if sent_from is not None:
        start, end = sent_from, sent_to if sent_to is not None else sent_from + week
    elif sent_to is not None:
        start, end = sent_to - week, sent_to
    else:
        start, end = (now - week, now) if kind == "meeting" else (now, now + week)
    if end < start:
        raise RestError(400, "to: must not be before from")
    return start, end


#: the values of the list's enumerated filters (docs/webex-reference.md §31) and the one each meeting has (None:
#: it depends on the meeting, checked by the list): a meeting is of the scheduled type ``meeting``
_FILTERS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "meetingType": (("meetingSeries", "scheduledMeeting", "meeting"), None),
    "state": (("active", "scheduled", "ready", "lobby", "inProgress", "ended", "missed", "expired"), None),
    "scheduledType": (("meeting", "webinar", "personalRoomMeeting"), "meeting"),
}


def _filters(call: Call) -> Callable[[Meeting], bool]:
    """The list's filters other than host, number and window, checked once: whether a meeting passes them."""
    site = call.principal.site
    for name, (values, _) in _FILTERS.items():
        sent = call.query.get(name)
        if sent is not None and sent not in values:
            raise RestError(400, f"{name}: must be one of {', '.join(values)}")
    if any(own is not None and call.query.get(name, own) != own for name, (_, own) in _FILTERS.items()):
        return lambda meeting: False
    series, link = call.query.get("meetingSeriesId"), call.query.get("webLink")
    return lambda meeting: (series is None or series == shapes.meeting_id(meeting)) and \
        (link is None or link == links.invite_url(site.siteName, meeting))


# -- change ---------------------------------------------------------------------------------------------------------

def update(call: Call) -> Answer:
    """``PUT``: the whole object, as GET returned it (read-only fields ignored)."""
    sent = call.json(MeetingIn)
    old = _meeting(call)
    happened.not_running(call, old)
    zone = _zone(sent.timezone if sent.timezone is not UNSET else old.zone or None, _owner(call, old))
    title, start, minutes = _checked(call, sent.title, sent.start, sent.end, zone)
    return _changed(call, old, title, start, minutes, zone, _options(call, sent, generate_password=False))


def patch(call: Call) -> Answer:
    sent = call.json(MeetingPatch, PATCH_TYPES)
    old = _meeting(call)
    happened.not_running(call, old)
    zone = _zone(sent.timezone if sent.timezone is not UNSET else old.zone or None, _owner(call, old))
    start_text = sent.start if sent.start is not UNSET else shapes.instant(old.start_ts, zone)
    end_text = sent.end if sent.end is not UNSET else shapes.instant(old.start_ts + old.duration * 60, zone)
    title = sent.title if sent.title is not UNSET else old.title
    title, start, minutes = _checked(call, title, start_text, end_text, zone, moved=sent.start is not UNSET)
    return _changed(call, old, title, start, minutes, zone, _options(call, sent, generate_password=False))


def _changed(call: Call, old: Meeting, title: str, start: int, minutes: int, zone: str,
             options: xmlblocks.Options) -> Answer:
    site = call.principal.site
    sent = xmlblocks.blocks_of(title, start, zone, minutes, options)

    def change(current: Meeting) -> Meeting:
        host = site.user(current.host)
        data = rules.updated_meeting(current.data, sent, site, host, meetings.contact_ids(call.store), call.notes,
                                     call.fired)
        return current.replaced(data=data, zone=zone)

    changed = call.store.update_meeting(site.key, old.key, change)
    if changed is None:
        raise RestError(404, None, "The meeting was deleted meanwhile.")
    return Answer(200, happened.series(call, changed, shapes.meeting(site, site.user(changed.host), changed)))


def delete(call: Call) -> Answer:
    found = _meeting(call)
    call.store.delete_meeting(call.principal.site.key, found.key)
    return Answer(204)


# -- the rules of the REST API ----------------------------------------------------------------------------------------

def _checked(call: Call, title: str, start_text: str, end_text: str, zone: str,
             moved: bool = True) -> tuple[str, int, int]:
    """(title, start, minutes), checked as the REST API checks them: title 1 to 128 characters, start not in the
    past (when it is sent), 10 minutes to 23 h 59 min, seconds stripped."""
    if not title.strip():
        raise RestError(400, "title: must not be empty")
    if len(title) > TITLE_MAX:
        raise RestError(400, f"title: must be at most {TITLE_MAX} characters, not {len(title)}")
    start, end = _time(start_text, "start", zone), _time(end_text, "end", zone)
    if start % 60 or end % 60:
        call.fired.fire("seconds-stripped", "start/end", f"{start_text} - {end_text}", None,
                        "the REST API keeps whole minutes: seconds stripped")
        start, end = start - start % 60, end - end % 60
    if moved and start < call.now_ms // 1000 - 60:
        raise RestError(400, "start: must not be in the past")
    minutes = (end - start) // 60
    if not SHORTEST_MIN <= minutes <= LONGEST_MIN:
        raise RestError(400, f"end: a meeting lasts {SHORTEST_MIN} minutes to 23 hours 59 minutes, not {minutes} "
                             "minutes")
    return title, start, minutes


def _time(text: str, name: str, zone: str) -> int:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise RestError(400, f"{name}: {clip(text, 40)!r} is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    try:
        return int(moment.timestamp())
    except (OverflowError, ValueError):
        raise RestError(400, f"{name}: {clip(text, 40)!r} is out of range") from None


def _zone(sent: str | None, host: User) -> str:
    """The meeting's IANA zone: the one sent, else the host's (from their ``timeZoneID``)."""
    if sent is None:
        return timezones.iana(host.timeZoneID)
    try:
        ZoneInfo(sent)
    except (ZoneInfoNotFoundError, ValueError):
        raise RestError(400, f"timezone: {clip(sent, 40)!r} is not an IANA time zone") from None
    return sent


def _options(call: Call, sent: MeetingIn | MeetingPatch, generate_password: bool) -> xmlblocks.Options:
    agenda = (sent.agenda or "") if sent.agenda is not UNSET else None  # null (PATCH) removes the agenda
    if agenda is not None and len(agenda) > AGENDA_MAX:
        raise RestError(400, f"agenda: must be at most {AGENDA_MAX} characters, not {len(agenda)}")
    minutes: int | None = None
    if sent.join_before_host_minutes is not UNSET:
        if sent.join_before_host_minutes not in JOIN_BEFORE_HOST_MINUTES:
            raise RestError(400, "joinBeforeHostMinutes: must be one of 0, 5, 10, 15")
        minutes = sent.join_before_host_minutes
    if sent.enabled_join_before_host is not UNSET:
        minutes = (minutes or 5) if sent.enabled_join_before_host else 0
    password = sent.password if sent.password is not UNSET else None
    if password is None and generate_password:
        password = _generated_password(call)
    return xmlblocks.Options(
        agenda=agenda, password=password,
        auto_record=sent.enabled_auto_record_meeting if sent.enabled_auto_record_meeting is not UNSET else None,
        join_before_host_minutes=minutes,
        audio_before_host=(sent.enable_connect_audio_before_host
                           if sent.enable_connect_audio_before_host is not UNSET else None),
        meeting_type=_session_type(sent))


def _session_type(sent: MeetingIn | MeetingPatch) -> int | None:
    return sent.session_type_id if sent.session_type_id is not UNSET else None


def _generated_password(call: Call) -> str:
    """Every REST meeting has a password; one not sent is generated: 8 characters, upper and lower case letters
    and digits (our choice of form, noted)."""
    letters = "".join(chr(ord("a") + int(c, 16) % 26) for c in call.store.hex(5))
    password = letters[:2].upper() + letters[2:] + call.store.digits(3)
    call.notes.assume("assumed-default", "password", "no password sent: one was generated (8 characters, letters "
                      "and digits: the form is our choice)")
    return password


def _host(call: Call, email: str | None) -> User:
    """The host a call names by ``hostEmail`` (the caller's own, or any host of the site for a site admin)."""
    caller = call.caller
    if email is None or email.strip().lower() in (caller.email.lower(), caller.key):
        return caller
    if not call.principal.is_admin:
        raise RestError(403, None, "hostEmail: only a site admin may name another host")
    found = call.principal.site.user_by_email(email.strip())
    if found is None:
        raise RestError(404, None, f"hostEmail: no user {clip(email, 60)!r} on this site")
    return found


def _owner(call: Call, meeting: Meeting) -> User:
    return call.principal.site.user(meeting.host) or call.caller


def _check_site(call: Call, url: str | None) -> None:
    if url is not None and url.strip().lower().removeprefix("https://").rstrip("/") != \
            shapes.site_url(call.principal.site):
        raise RestError(403, None, f"siteUrl: {clip(url, 60)!r} is not the site of this access token")
