"""WebEx's documented meeting rules and defaults (reference 3.1, 4, 12).

Operates on meeting data as plain dicts (``SchemaModel.to_data`` output: every value a string, booleans
``"true"``/``"false"``). Every rule that changes or fills in a stored value records it in the call's
:class:`~mockserver.domain.explain.Fired` (its id and source from ``explain.CATALOGUE``, the "Rules" table of
docs/operations.md)."""

from __future__ import annotations

import marshal
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..base.errors import (
    DurationTooLong,
    HostNotFound,
    InvalidRequest,
    MeetingPasswordRequired,
    SchedulingNotPermitted,
    clip,
)
from ..base.fidelity import Notes
from . import sitetemplate, timezones
from .attendees import attendee_list, settle
from .attendees import check_count as check_attendee_count
from .explain import Defaults, Fired
from .sites import Site, User

Data = dict[str, Any]

_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$")
DATE_FORMAT = "%m/%d/%Y %H:%M:%S"

#: blocks and elements SetMeeting accepts but never changes (reference 4, 12)
SET_IGNORED_TOP = {"status", "hostJoined", "participantsJoined", "meetingkey", "meetingKey", "validateFormat"}


def parse_date(value: str, where: str) -> datetime:
    match = _DATE.match(value.strip())
    try:
        if not match:
            raise ValueError
        month, day, year, hour, minute, second = (int(g) if g else 0 for g in match.groups())
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise InvalidRequest(
            f"Invalid request: {where}: '{clip(value)}' is not a valid date and time (MM/dd/yyyy HH:mm:ss)") from None


def format_date(moment: datetime) -> str:
    """MM/dd/yyyy HH:mm:ss, the year always four digits (strftime does not pad years before 1000)."""
    return (f"{moment.month:02d}/{moment.day:02d}/{moment.year:04d} "
            f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}")


def truthy(value: Any) -> bool:
    return str(value).lower() == "true"


# -- create -------------------------------------------------------------------

def new_meeting(payload: Data, site: Site, caller: User, next_id: Callable[[], int], now_ms: int,
                notes: Notes | None = None, fired: Fired | None = None, *, owned: bool = False) -> tuple[Data, User]:
    """A CreateMeeting payload -> (meeting data as stored, host). ``owned``: the payload was made for this call and
    is not kept as sent (the REST face's blocks): it becomes the stored data, uncopied."""
    notes = notes if notes is not None else Notes()
    fired = fired if fired is not None else Fired()
    data = payload if owned else _copied(payload)
    if "validateFormat" in data:
        fired.fire("not-stored", "validateFormat", data.pop("validateFormat"), None,
                   "validateFormat is an instruction, not meeting data: not stored")
    host = schedule_host(data, site, caller)
    _require(data, "metaData", "confName")
    settle(data, None, notes, "bodyContent/participants/attendees")
    apply_defaults(data, site, host, next_id, fired)
    _start_now_unless_sent(data["schedule"], now_ms, notes, fired)
    start = check(data, site, fired)
    _note_skipped_time(data["schedule"], start, notes)
    enforce(data, site, notes, fired)
    check_attendee_count(data)
    return data, host


def _copied(payload: Data) -> Data:
    """A copy of plain request data (dicts, lists, strings), made in C: the payload itself is journaled as sent."""
    copied: Data = marshal.loads(marshal.dumps(payload))
    return copied


def _start_now_unless_sent(schedule: Data, now_ms: int, notes: Notes, fired: Fired) -> None:
    """``schedule/startDate`` is optional (reference 3.6, 0..1); without it the meeting starts now, in its
    own time zone (our choice: the documentation names no default)."""
    if "startDate" in schedule:
        return
    now = timezones.from_epoch(now_ms // 1000, int(schedule["timeZoneID"]))
    schedule["startDate"] = format_date(now)
    fired.fire("start-now", "schedule/startDate", None, schedule["startDate"],
               f"startDate not sent: the meeting starts now ({schedule['startDate']})")
    notes.assume("assumed-default", "bodyContent/schedule/startDate",
                 f"schedule/startDate not sent: the meeting starts now ({schedule['startDate']} in time zone "
                 f"{schedule['timeZoneID']}); the real default is not documented")


def schedule_host(data: Data, site: Site, caller: User) -> User:
    """``schedule/hostWebExID`` schedules for another host: a site admin may (reference 3.6)."""
    wanted = data.get("schedule", {}).get("hostWebExID")
    if not wanted or wanted.strip().lower() == caller.key:
        return caller
    host = site.user(wanted.strip())
    if host is None:
        raise HostNotFound(f"hostWebExID '{clip(wanted.strip())}' does not exist")
    if not caller.siteAdmin:
        raise SchedulingNotPermitted()
    return host


def _require(data: Data, block: str, element: str) -> None:
    if not str(data.get(block, {}).get(element, "")).strip():
        raise InvalidRequest(f"Invalid request: bodyContent/{block}/{element} is required")


#: the fixed defaults of each block a CreateMeeting fills in (reference 3.1, 5), planned once
_ACCESS = Defaults("accessControl", (("listToPublic", "true"), ("isPublic", "false"), ("enforcePassword", "true")))
_META = Defaults("metaData", (("agenda", ""), ("invitation", ""), ("isInternal", "false")))
_PARTICIPANTS = Defaults("participants", (("maxUserNumber", "4"),))
_OPTIONS = Defaults("enableOptions", (("autoRecord", "false"),))
_SCHEDULE = Defaults("schedule", (
    ("duration", "60"), ("openTime", "0"), ("showFileStartMode", "false"), ("showFileContPlayFlag", "false"),
    ("showFileInterVal", "0"), ("entryExitTone", "0"), ("extNotifyTime", "0"), ("joinTeleconfBeforeHost", "false"),
    ("firstAttendeeAsPresenter", "false")))
_TELEPHONY = Defaults("telephony", (("telephonySupport", "NONE"), ("numPhoneLines", "4"), ("enableTSP", "false"),
                                    ("intlLocalCallIn", "false"), ("isMPAudio", "false")))
_REPEAT = Defaults("repeat", (("repeatType", "NO_REPEAT"),))
_ATTENDEE_OPTIONS = Defaults("attendeeOptions", (
    ("request", "false"), ("registration", "false"), ("auto", "false"), ("participantLimit", "0"),
    ("excludePassword", "false"), ("joinRequiresAccount", "false")))


def apply_defaults(data: Data, site: Site, host: User, next_id: Callable[[], int], fired: Fired) -> None:
    """Fill what the request omitted the way the real service does (reference 3.1, 5)."""
    access = data.setdefault("accessControl", {})
    _ACCESS.apply(access, fired)

    meta = data.setdefault("metaData", {})
    _meeting_type(meta, site, fired)
    _META.apply(meta, fired)

    participants = data.setdefault("participants", {})
    _PARTICIPANTS.apply(participants, fired)
    attendees = participants.setdefault("attendees", {}).setdefault("attendee", [])
    for index, attendee in enumerate(attendees):
        attendee_defaults(attendee, next_id, fired, f"participants/attendees/attendee/{index}")

    options = data.setdefault("enableOptions", {})
    sitetemplate.apply(options, site.settings.defaultEnableOptions, fired)
    _OPTIONS.apply(options, fired)

    schedule = data.setdefault("schedule", {})
    _host(schedule, host, fired)
    _set_zone(schedule, schedule.get("timeZoneID"), schedule.get("timeZone"), host.timeZoneID, fired)
    _SCHEDULE.apply(schedule, fired)

    telephony = data.setdefault("telephony", {})
    _TELEPHONY.apply(telephony, fired)
    telephony.setdefault("callInNum", {})
    _single_numbers(telephony, fired)

    data.setdefault("tracking", {})
    _REPEAT.apply(data.setdefault("repeat", {}), fired)
    data.setdefault("remind", {})
    _ATTENDEE_OPTIONS.apply(data.setdefault("attendeeOptions", {}), fired)


def _host(schedule: Data, host: User, fired: Fired) -> None:
    fired.changed("host", "schedule/hostWebExID", schedule.get("hostWebExID"), host.webExId,
                  f"host: hostWebExID stored {host.webExId}")
    schedule["hostWebExID"] = host.webExId


def attendee_defaults(attendee: Data, next_id: Callable[[], int], fired: Fired | None = None,
                      path: str = "") -> None:
    """What an attendee left out (reference 14.3); ``path``: where it was sent, under bodyContent."""
    fired = fired if fired is not None else Fired()
    if "contactID" not in attendee:
        fired.defaulted(attendee, path, "contactID", str(next_id()), "attendee-default")
    fired.defaults(attendee, path, (("joinStatus", "INVITE"), ("language", "ENGLISH"), ("role", "ATTENDEE"),
                                    ("languageID", "1")), "attendee-default")
    person = f"{path}/person" if path else "person"
    fired.default(attendee.setdefault("person", {}), person, "type", "VISITOR", "attendee-default")


def _meeting_type(meta: Data, site: Site, fired: Fired) -> None:
    """``meetingType`` omitted or -1 means the site default (reference 3.3)."""
    sent = meta.get("meetingType")
    if sent in (None, "-1"):
        meta["meetingType"] = str(site.settings.defaultMeetingType)
        fired.fire("meeting-type", "metaData/meetingType", sent, meta["meetingType"],
                   f"site default meeting type: meetingType stored {meta['meetingType']}")


def _set_zone(schedule: Data, zone_id: str | None, label: str | None, default: int, fired: Fired) -> None:
    """timeZoneID wins unless it is -1 or absent; then the timeZone label; then ``default`` (reference 3.6)."""
    if zone_id not in (None, "-1"):
        zone, why = int(zone_id), "as sent"
    elif label:
        zone, why = _zone_from_label(label), "from the timeZone label"
    else:
        zone, why = default, "the host's time zone"
    if timezones.canonical(zone) != zone:
        why = f"{zone} is deprecated"
    zone = timezones.canonical(zone)
    fired.changed("time-zone", "schedule/timeZoneID", zone_id, str(zone),
                  f"time zone: timeZoneID stored {zone} ({why})")
    fired.changed("time-zone", "schedule/timeZone", label, timezones.label(zone),
                  f"time zone: timeZone stored the label of time zone {zone}")
    schedule["timeZoneID"] = str(zone)
    schedule["timeZone"] = timezones.label(zone)


def _single_numbers(telephony: Data, fired: Fired) -> None:
    """callInNum holds at most one tollNum, tollFreeNum and intlLocalNum (reference 3.7); keep the first."""
    numbers = telephony.get("callInNum")
    for name in ("tollNum", "tollFreeNum", "intlLocalNum"):
        if isinstance(numbers, dict) and isinstance(numbers.get(name), list):
            sent = numbers[name]
            numbers[name] = sent[0]
            fired.fire("single-call-in-number", f"telephony/callInNum/{name}", "; ".join(map(str, sent)),
                       numbers[name], f"one {name} per meeting: the first of {len(sent)} stored")


def _zone_from_label(label: str) -> int:
    for zone_id, text in timezones.LABELS.items():
        if text == label.strip():
            return zone_id
    raise InvalidRequest(f"Invalid request: bodyContent/schedule/timeZone: unknown time zone '{clip(label.strip())}'")


# -- checks and rules applied on create and on every update -------------------------

def check(data: Data, site: Site, fired: Fired) -> datetime:
    """The WebEx checks of a meeting's data, its dates stored in their one format; its start, as read."""
    schedule = data.get("schedule", {})
    start = parse_date(schedule["startDate"], "bodyContent/schedule/startDate")
    _dated(schedule, "schedule", "startDate", format_date(start), fired)
    scope = data.get("repeat", {})
    expiration = scope.get("expirationDate")
    if expiration is not None and expiration.strip().lower() == "none":
        _dated(scope, "repeat", "expirationDate", "none", fired)
    elif expiration is not None:
        _dated(scope, "repeat", "expirationDate",
               format_date(parse_date(expiration, "bodyContent/repeat/expirationDate")), fired)
    duration = int(schedule.get("duration", "60"))
    if duration > site.settings.maxDuration:
        raise DurationTooLong(
            f"Meeting duration {duration} exceeds the site maximum of {site.settings.maxDuration} minutes")
    if not timezones.in_range(start, schedule.get("timeZoneID"), duration):
        raise InvalidRequest(f"Invalid request: bodyContent/schedule/startDate is out of range: {timezones.RANGE}")
    password = data.get("accessControl", {}).get("meetingPassword")
    if site.settings.meetingPasswordRequired and not (password or "").strip():
        raise MeetingPasswordRequired()
    return start


def _note_skipped_time(schedule: Data, local: datetime, notes: Notes) -> None:
    """A start (``local``, as :func:`check` read it) the meeting's zone skips (its clocks spring forward over it)
    names no instant: noted, as our reading of it is (the offset before the change: it reads back an hour later)."""
    zone = int(schedule["timeZoneID"])
    if not timezones.shifts_at(local, zone):  # the usual start: one offset, so it reads back as sent
        return
    read_back = timezones.from_epoch(timezones.to_epoch(local, zone), zone)
    if read_back != local:
        notes.assume("assumed-rule", "bodyContent/schedule/startDate",
                     f"startDate {schedule['startDate']} does not exist in time zone {zone} (its clocks spring "
                     f"forward over it): read with the offset before the change, as {format_date(read_back)}")


def _dated(block: Data, path: str, name: str, value: str, fired: Fired) -> None:
    fired.changed("date-format", f"{path}/{name}", block.get(name), value, f"date format: {name} stored {value}")
    block[name] = value


def enforce(data: Data, site: Site, notes: Notes | None = None, fired: Fired | None = None) -> None:
    """The E2EE and NBR rules (reference 12; CreateMeeting/SetMeeting docs, S11).

    * ``supportE2E`` true: network-based recording (``autoRecord``), join before
      host (``openTime`` 0, ``joinTeleconfBeforeHost`` false) and remote computer
      sharing (``supportRemoteComputer``) are stored disabled, silently.
    * Site "automatically record all sessions using NBR" on: the meeting records
      whatever ``autoRecord`` said -- unless it is E2EE, which cannot be recorded.
    """
    fired = fired if fired is not None else Fired()
    options = data.setdefault("enableOptions", {})
    schedule = data.setdefault("schedule", {})
    if truthy(options.get("supportE2E")):
        _note_e2e_readings(options, schedule, site, notes if notes is not None else Notes())
        for block, path, name, off in ((options, "enableOptions", "autoRecord", "false"),
                                       (options, "enableOptions", "supportRemoteComputer", "false"),
                                       (schedule, "schedule", "openTime", "0"),
                                       (schedule, "schedule", "joinTeleconfBeforeHost", "false")):
            fired.changed("e2ee", f"{path}/{name}", block.get(name), off, f"E2EE on: {name} stored {off}")
            block[name] = off
    elif site.settings.nbrAutoRecord:
        fired.changed("nbr-auto-record", "enableOptions/autoRecord", options.get("autoRecord"), "true",
                      "site records all meetings: autoRecord stored true")
        options["autoRecord"] = "true"


def _note_e2e_readings(options: Data, schedule: Data, site: Site, notes: Notes) -> None:
    """The parts of the E2EE rule that are our reading of the documentation, noted when they change a value."""
    if site.settings.nbrAutoRecord:
        notes.assume("assumed-rule", "bodyContent/enableOptions/autoRecord",
                     "E2EE on and the site records all meetings: autoRecord stored false (our reading: "
                     "an end-to-end encrypted meeting cannot be network-recorded)")
    if schedule.get("openTime", "0") != "0":
        notes.assume("assumed-rule", "bodyContent/schedule/openTime",
                     "E2EE on: openTime stored 0 (our reading of 'join before host is disabled')")
    if truthy(schedule.get("joinTeleconfBeforeHost")):
        notes.assume("assumed-rule", "bodyContent/schedule/joinTeleconfBeforeHost",
                     "E2EE on: joinTeleconfBeforeHost stored false (our reading of 'join before host is disabled')")


# -- update -------------------------------------------------------------------

def merge(stored: Data, changes: Data, fired: Fired | None = None) -> Data:
    """SetMeeting: only the blocks sent change, and inside them only the elements sent.

    A nested block sent (``attendees``, ``callInNum``, ``sessionTemplate`` ...)
    replaces the stored one. ``emailInvitations`` (anywhere) and ``status`` are
    ignored, as documented (reference 4), and so are the read-only elements.

    ``stored`` is changed in place and returned: it is the caller's own copy (``Meeting.data`` decodes
    a fresh one on every read), so no copy of the whole meeting is made here."""
    fired = fired if fired is not None else Fired()
    _explain_ignored(changes, "", fired)
    merged = stored
    for block, value in _without(changes, "emailInvitations").items():
        if block in SET_IGNORED_TOP:
            continue
        if isinstance(value, dict) and isinstance(merged.get(block), dict):
            merged[block].update(value)
        else:
            merged[block] = value
    return merged


def _explain_ignored(changes: Data, path: str, fired: Fired) -> None:
    """Record what SetMeeting does not store: the read-only elements, and ``emailInvitations`` anywhere."""
    for name, value in changes.items():
        where = f"{path}/{name}" if path else name
        if name == "emailInvitations" or (not path and name in SET_IGNORED_TOP - {"meetingkey", "meetingKey"}):
            fired.fire("not-stored", where, value if isinstance(value, str) else None, None,
                       f"SetMeeting ignores {name}: not stored")
        elif isinstance(value, dict):
            _explain_ignored(value, where, fired)


def _without(data: Any, name: str) -> Any:
    """A deep copy of ``data`` without any ``name`` key, at any depth."""
    if isinstance(data, dict):
        return {k: _without(v, name) for k, v in data.items() if k != name}
    if isinstance(data, list):
        return [_without(item, name) for item in data]
    return data


def updated_meeting(stored: Data, changes: Data, site: Site, host: User | None,
                    next_id: Callable[[], int], notes: Notes | None = None, fired: Fired | None = None) -> Data:
    """The meeting after a SetMeeting: merged, normalised, checked, rules re-applied. ``stored`` is the
    caller's own copy of the meeting's data, changed in place (see :func:`merge`).

    ``host`` is the meeting's host after the change (None: a host no longer on
    the site, whose stored webExId is kept)."""
    fired = fired if fired is not None else Fired()
    before = list(attendee_list(stored) or ()) if "attendees" in changes.get("participants", {}) else None
    data = merge(stored, changes, fired)
    settle(data, before, notes if notes is not None else Notes(), "bodyContent/participants/attendees")
    _require(data, "metaData", "confName")
    _require(data, "schedule", "startDate")
    schedule = data.setdefault("schedule", {})
    if host is not None:
        _host(schedule, host, fired)
    sent = changes.get("schedule", {})
    if "timeZoneID" in sent or "timeZone" in sent:
        default = host.timeZoneID if host is not None else site.timeZoneID
        _set_zone(schedule, sent.get("timeZoneID"), sent.get("timeZone"), default, fired)
    _meeting_type(data.setdefault("metaData", {}), site, fired)
    _single_numbers(data.setdefault("telephony", {}), fired)
    for index, attendee in enumerate(data.get("participants", {}).get("attendees", {}).get("attendee", [])):
        attendee_defaults(attendee, next_id, fired, f"participants/attendees/attendee/{index}")
    start = check(data, site, fired)
    if notes is not None:
        _note_skipped_time(schedule, start, notes)
    enforce(data, site, notes, fired)
    check_attendee_count(data)
    return data
