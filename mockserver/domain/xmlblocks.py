"""A meeting's XML blocks and the model's core fields: which element holds which field, and the two ways between.

The store keeps a meeting as the model (:class:`~.records.Meeting`): core fields any face reads -- its title, its
start as a UTC instant, its IANA zone, its duration -- and each face's extension, the values only that face has.
The XML face's extension is the meeting's blocks as the rules stored them, each element a core field holds left
as ``None`` (a *placeholder*: the element is there, its value is the field's). :func:`split` turns blocks into
core values and extension, :func:`join` puts them back: ``join(*split(blocks)) == blocks`` for every meeting
(tests/domain/test_meeting_model.py).

An element's text stays in the extension when the field does not give it back as sent: a start in the hour a
spring-forward skips (its instant reads back an hour later), a duration written ``060``. The answer then shows
the text as stored, as it did before the model; the field holds the instant (or number) the text names.

:data:`MAPPING` is the table docs/operations.md ("The meeting model") shows, checked by a test.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, NamedTuple

from . import timezones


@dataclass(frozen=True)
class Field:
    block: str
    element: str
    field: str
    meaning: str


#: XML element <-> model field, in the order the docs list them
MAPPING: tuple[Field, ...] = (
    Field("metaData", "confName", "title", "the meeting's topic, as sent"),
    Field("schedule", "startDate", "start_ts",
          "the start as a UTC instant (epoch seconds); XML shows it as the wall-clock time in the zone"),
    Field("schedule", "timeZoneID", "zone", "the IANA zone; XML shows the timeZoneID that follows it"),
    Field("schedule", "duration", "duration", "minutes"),
)


@dataclass(frozen=True)
class Core:
    title: str = ""
    start_ts: int = 0
    zone: str = ""
    duration: int = 0


def split(blocks: dict[str, Any], zone: str | None = None) -> tuple[Core, dict[str, Any]]:
    """The core values of a meeting's XML blocks, and the blocks with placeholders where a field gives back the
    element's text (``blocks`` is not changed). ``zone``: the meeting's IANA zone when it is not the one of its
    ``timeZoneID`` (a zone the XML table does not have; the ``timeZoneID`` then stays as text)."""
    given_zone = zone
    extension = dict(blocks)
    title = ""
    meta = blocks.get("metaData")
    if isinstance(meta, dict) and isinstance(meta.get("confName"), str):
        title = meta["confName"]
        extension["metaData"] = {**meta, "confName": None}
    schedule = blocks.get("schedule")
    if not isinstance(schedule, dict):
        return Core(title), extension
    held = dict(schedule)
    zone_id, zone = _zone_of(schedule.get("timeZoneID"))
    if zone_id is not None and schedule["timeZoneID"] == str(timezones.xml_zone(zone)):
        held["timeZoneID"] = None
    start_ts = 0
    text = schedule.get("startDate")
    if zone_id is not None and isinstance(text, str):
        try:
            start_ts = timezones.start_instant({"schedule": schedule})
        except (ValueError, OverflowError):
            pass
        else:
            if wall_text(start_ts, zone_id) == text:
                held["startDate"] = None
    duration = 0
    minutes = schedule.get("duration")
    if isinstance(minutes, str) and minutes.isascii() and minutes.lstrip("-").isdigit():
        duration = int(minutes)
        if str(duration) == minutes:
            held["duration"] = None
    if given_zone is not None and given_zone != zone:
        held["timeZoneID"], zone = schedule.get("timeZoneID"), given_zone
    extension["schedule"] = held
    return Core(title, start_ts, zone, duration), extension


def join(core: Core, extension: dict[str, Any]) -> dict[str, Any]:
    """The meeting's XML blocks: ``extension`` with each placeholder filled (``extension`` is not changed; the
    blocks returned share what has no placeholder with it)."""
    extension = dict(extension)
    meta = extension.get("metaData")
    if isinstance(meta, dict) and "confName" in meta and meta["confName"] is None:
        extension["metaData"] = {**meta, "confName": core.title}
    schedule = extension.get("schedule")
    if not isinstance(schedule, dict):
        return extension
    schedule = extension["schedule"] = dict(schedule)
    if "timeZoneID" in schedule and schedule["timeZoneID"] is None:
        schedule["timeZoneID"] = str(timezones.xml_zone(core.zone))
    if "startDate" in schedule and schedule["startDate"] is None:
        schedule["startDate"] = wall_text(core.start_ts, int(schedule["timeZoneID"]))
    if "duration" in schedule and schedule["duration"] is None:
        schedule["duration"] = str(core.duration)
    return extension


def placeholder_problem(core: Core, extension: dict[str, Any]) -> str | None:
    """Why ``extension``'s placeholders cannot be filled from ``core`` (a state document's meeting), or None."""
    schedule = extension.get("schedule")
    if not isinstance(schedule, dict):
        return None
    zone_id = schedule.get("timeZoneID")
    if zone_id is None and "timeZoneID" in schedule:
        if timezones.xml_zone(core.zone) is None:
            return f"zone {core.zone[:40]!r} has no XML timeZoneID: xml.schedule.timeZoneID must be given"
    elif "startDate" in schedule and schedule["startDate"] is None and _zone_of(zone_id)[0] is None:
        return "xml.schedule.startDate is a placeholder but xml.schedule.timeZoneID is no WebEx time zone"
    return None


class Options(NamedTuple):
    """What a meeting's XML blocks say that another face shows under names of its own (docs/rest.md, the mapping
    table): None where the blocks say nothing. A named tuple: made on every REST create, about four times quicker
    than a frozen dataclass of these fifteen fields."""

    agenda: str | None = None
    password: str | None = None
    auto_record: bool | None = None
    #: minutes attendees may join before the host (``schedule/openTime``, in seconds; 0: not before the host)
    join_before_host_minutes: int | None = None
    audio_before_host: bool | None = None
    e2ee: bool | None = None
    #: the site meeting type (session type) it is of (``metaData/meetingType``)
    meeting_type: int | None = None
    #: its audio (``telephony/telephonySupport``, ``enableTSP``, ``isMPAudio``): the call-in numbers it shows (§37)
    telephony_support: str | None = None
    tsp_audio: bool | None = None
    mp_audio: bool | None = None
    #: the rest of its audio (REST ``audioConnectionOptions``)
    voip: bool | None = None
    toll_free: bool | None = None
    global_call_in: bool | None = None
    entry_exit_tone: int | None = None
    #: leave the password out of the invitations (REST ``excludePassword``)
    exclude_password: bool | None = None


#: the options of blocks that say nothing of them
NO_OPTIONS = Options()

#: (field of Options, block, element, kind): text, flag ("true"/"false") or minutes (held as seconds)
_OPTIONS = (
    ("agenda", "metaData", "agenda", "text"),
    ("password", "accessControl", "meetingPassword", "text"),
    ("auto_record", "enableOptions", "autoRecord", "flag"),
    ("join_before_host_minutes", "schedule", "openTime", "minutes"),
    ("audio_before_host", "schedule", "joinTeleconfBeforeHost", "flag"),
    ("e2ee", "enableOptions", "supportE2E", "flag"),
    ("meeting_type", "metaData", "meetingType", "number"),
    ("telephony_support", "telephony", "telephonySupport", "text"),
    ("tsp_audio", "telephony", "enableTSP", "flag"),
    ("mp_audio", "telephony", "isMPAudio", "flag"),
    ("voip", "enableOptions", "voip", "flag"),
    ("toll_free", "telephony", "tollFree", "flag"),
    ("global_call_in", "telephony", "intlLocalCallIn", "flag"),
    ("entry_exit_tone", "schedule", "entryExitTone", "number"),
    ("exclude_password", "attendeeOptions", "excludePassword", "flag"),
)


def options_of(blocks: dict[str, Any]) -> Options:
    """The :class:`Options` of a meeting's XML blocks (as :attr:`Meeting.data` gives them)."""
    found: dict[str, Any] = {}
    for name, block, element, kind in _OPTIONS:
        held = blocks.get(block)
        value = held.get(element) if isinstance(held, dict) else None
        if not isinstance(value, str):
            continue
        if kind == "flag":
            found[name] = value.strip().lower() == "true"
        elif kind in ("minutes", "number"):
            number = int(value) if value.strip().isdigit() and value.isascii() else 0
            found[name] = number // 60 if kind == "minutes" else number
        else:
            found[name] = value
    return Options(**found)


def blocks_of(title: str, start_ts: int, zone: str, duration: int, options: Options = NO_OPTIONS) -> dict[str, Any]:
    """A request's XML blocks for a meeting given by its core fields and options (what a face without XML blocks
    sends the meeting rules, which fill in the rest): the start as the wall-clock time in the zone's
    ``timeZoneID`` (one with the zone's offset at that instant when the table has no such zone:
    :func:`xml_zone_for`)."""
    zone_id = xml_zone_for(zone, start_ts)
    blocks: dict[str, Any] = {
        "metaData": {"confName": title},
        "schedule": {"startDate": wall_text(start_ts, zone_id), "timeZoneID": str(zone_id), "duration": str(duration)},
    }
    add_options(blocks, options)
    return blocks


def add_options(blocks: dict[str, Any], options: Options) -> None:
    """Write the options that are not None into ``blocks`` (a request's, changed in place)."""
    for name, block, element, kind in _OPTIONS:
        value = getattr(options, name)
        if value is None:
            continue
        text = ("true" if value else "false") if kind == "flag" else str(value * 60) if kind == "minutes" \
            else str(value)
        blocks.setdefault(block, {})[element] = text


def xml_zone_for(zone: str, at: int) -> int:
    """The ``timeZoneID`` of IANA zone ``zone``; for a zone the table has not, the first id whose offset at the
    instant ``at`` is the zone's (GMT, 21, when none is)."""
    found = timezones.xml_zone(zone)
    return found if found is not None else _like_zone(zone, at)


@functools.lru_cache(maxsize=4096)  # a zone outside the table (UTC, say) is looked up once per start, not per read
def _like_zone(zone: str, at: int) -> int:
    found = timezones.first_with_offset(timezones.offset_at(zone, at), at)
    return found if found is not None else GMT_ZONE_ID


#: London's id: GMT, for a zone the table has nothing like
GMT_ZONE_ID = 21


@functools.lru_cache(maxsize=8192)  # a meeting's start is shown several times a call (stored, indexed, answered)
def wall_text(start_ts: int, zone_id: int) -> str:
    """The instant ``start_ts`` as XML shows a start: MM/dd/yyyy HH:mm:ss in WebEx zone ``zone_id``."""
    local = timezones.from_epoch(start_ts, zone_id)
    return (f"{local.month:02d}/{local.day:02d}/{local.year:04d} "
            f"{local.hour:02d}:{local.minute:02d}:{local.second:02d}")


def _zone_of(text: Any) -> tuple[int | None, str]:
    """(the timeZoneID, its IANA zone) of a stored timeZoneID text, or (None, "")."""
    if not (isinstance(text, str) and text.isascii() and text.strip().lstrip("-").isdigit()):
        return None, ""
    zone_id = int(text)
    return zone_id, timezones.iana(zone_id)
