"""Recurring meetings on the REST face (docs/rest.md, "Recurring meetings"; docs/time.md): ``recurrence`` read
into a series, a series and its occurrences as REST shows them, and which of them a list holds.

A series is ``meetingType`` ``meetingSeries`` with its ``recurrence``; each of its occurrences a
``scheduledMeeting`` whose id is ``<seriesId>_<yyyymmddThhmmssZ>`` (its rule instant: a moved occurrence keeps
its id), with ``meetingSeriesId`` and the series' ``meetingNumber``. A meeting that does not repeat is a series of
one occurrence, whose id is the series' own (observed: Cisco's Postman collection)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from ..domain import rrule, seriesstore
from ..domain.occurrenceids import occurrence_id
from ..domain.records import Meeting
from ..domain.recurrence import Occurrence, Series, next_occurrence
from .calls import Call
from .errors import RestError
from .shapes import instant

#: what one occurrence may change on its own (ASSUMED: the spec names no list; the rest stays the series')
OCCURRENCE_FIELDS = ("title", "agenda", "start_ts", "duration")
#: a list's ``meetingType`` values, and the one it lists when none is sent
TYPES, DEFAULT_TYPE = ("meetingSeries", "scheduledMeeting", "meeting"), "meetingSeries"


def rule(call: Call, text: str | None, start: int, zone: str, minutes: int) -> Series | None:
    """The series of RRULE ``text`` from ``start`` (None: the meeting does not repeat), brought back to five years
    ahead of the call's clock; what the reading took in part or chose is noted. Its first start is the rule's first
    occurrence (a weekly Monday rule sent with a Wednesday start starts the next Monday: ASSUMED, docs/time.md)."""
    if text is None:
        return None
    reading = rrule.from_rrule(text, start, zone, minutes)
    if reading.series.first_start != start:
        reading = rrule.from_rrule(text, reading.series.first_start, zone, minutes)
        call.notes.assume("assumed-rule", "start", "the start is not an occurrence of the rule: the series starts "
                                                   "at its first occurrence after it")
    series, cap = rrule.capped(reading.series, call.now_ms // 1000)
    for note in (*reading.notes, *((cap,) if cap is not None else ())):
        if note.documented:
            call.fired.fire("recurrence", f"recurrence/{note.part}", text, rrule.to_rrule(series), note.text)
        else:
            call.notes.assume("assumed-rule", f"recurrence/{note.part}", note.text)
    return series


def rule_after(call: Call, old: Meeting, text: str | None, start: int, zone: str, minutes: int) -> Series | None:
    """The series a change of ``old`` gives: its own again when the rule, start, zone and length are (exceptions
    kept, even where its start is no occurrence of its rule, as a series made over XML may have); else read anew."""
    kept = old.recurrence
    if kept is not None and text == rrule.to_rrule(kept) and start == old.start_ts and zone == kept.zone \
            and minutes == kept.duration:
        return kept
    return rule(call, text, start, zone, minutes)


def sent_rule(text: str | None, sent: bool, old: Meeting) -> str | None:
    """The rule a change gives: the text sent; null (PATCH): no longer repeating; not sent: the rule kept (a PUT
    without ``recurrence`` keeps it too: ASSUMED, docs/rest.md)."""
    if sent:
        return text
    return rrule.to_rrule(old.recurrence) if old.recurrence is not None else None


# -- shapes -------------------------------------------------------------------------------------------------


def as_series(shown: dict[str, Any], meeting: Meeting, now: int | None) -> dict[str, Any]:
    """``shown`` (:func:`.shapes.meeting`) as the series: its ``recurrence``, and the ``start`` and ``end`` of its
    first occurrence, or with ``now`` (``current=true``) of the one running or next (the last once it is over)."""
    series = meeting.recurrence
    if series is None:
        return shown
    shown["recurrence"] = rrule.to_rrule(series)
    found = next_occurrence(series, now) if now is not None else None
    if found is None and now is not None and series.last_start is not None:
        found = seriesstore.at(meeting, series.last_start)
    found = found or seriesstore.first(meeting)
    if found is not None:
        shown["start"], shown["end"] = instant(found.start_ts, meeting.zone), instant(found.end_ts, meeting.zone)
    return shown


def listed(shown: dict[str, Any]) -> dict[str, Any]:
    """A series as a list (and PUT, PATCH, GET) shows it: ``meetingSeriesId`` its own id (the spec requires it)."""
    shown["meetingSeriesId"] = shown["id"]
    return shown


def as_occurrence(shown: dict[str, Any], meeting: Meeting, found: Occurrence) -> dict[str, Any]:
    """``shown`` (:func:`.shapes.meeting` of the series) as its occurrence ``found``: its own id, start, end,
    title and agenda; ``start`` and ``end`` in UTC (observed: the Postman collection's occurrences)."""
    series_id = shown["id"]
    shown.pop("recurrence", None)
    changes = found.changes
    shown.update(
        id=series_id if meeting.recurrence is None else occurrence_id(series_id, found.rule_ts),
        meetingType="scheduledMeeting", state="scheduled", meetingSeriesId=series_id,
        isModified=modified(meeting, found), start=instant(found.start_ts, ""), end=instant(found.end_ts, ""),
        title=changes.get("title", shown["title"]), agenda=changes.get("agenda", shown["agenda"]))
    return shown


def modified(meeting: Meeting, found: Occurrence) -> bool:
    """Does the occurrence differ from what the series gives it?"""
    changes = found.changes
    return bool(changes) and (found.start_ts != found.rule_ts or
                              found.end_ts - found.start_ts != meeting.duration * 60 or
                              changes.get("title", meeting.title) != meeting.title or "agenda" in changes)


def changed(meeting: Meeting, found: Occurrence, title: str, agenda: str | None, start: int, minutes: int,
            series_agenda: str) -> Series:
    """The meeting's series with occurrence ``found`` changed to ``title``, ``agenda``, ``start`` and ``minutes``
    (an exception); its other values stay the series' (ASSUMED)."""
    series = meeting.recurrence
    assert series is not None
    fields: dict[str, Any] = {"title": title, "start_ts": start, "duration": minutes}
    if agenda is not None and agenda != series_agenda:
        fields["agenda"] = agenda
    elif "agenda" in found.changes:
        fields["agenda"] = series_agenda
    if found.changes or title != meeting.title or start != found.rule_ts or minutes != series.duration \
            or "agenda" in fields:
        return series.with_change(found.rule_ts, fields)
    return series


# -- what a list holds ---------------------------------------------------------------------------------------


class Item(NamedTuple):
    """A list's item: a series (``occurrence`` None) or one of its occurrences."""

    meeting: Meeting
    occurrence: Occurrence | None


def items(call: Call, candidates: list[Meeting], kind: str, start: int, end: int) -> list[Item]:
    """The series (``meetingSeries``) or occurrences (``scheduledMeeting``) of ``candidates`` in the window, by
    start; meeting instances (``meeting``) exist only once meetings start."""
    if kind == "meetingSeries":
        return [Item(meeting, None) for meeting in candidates if seriesstore.in_window(meeting, start, end)]
    if kind != "scheduledMeeting":
        return []
    modified_only = flag(call, "isModified", False)
    found = [Item(meeting, one) for meeting in candidates for one in seriesstore.in_window(meeting, start, end)
             if not modified_only or modified(meeting, one)]
    found.sort(key=lambda item: (item.occurrence.start_ts if item.occurrence else 0, item.meeting.key))
    return found


def list_type(call: Call, series_id: str | None) -> str:
    """The list's ``meetingType``: the one sent, else occurrences of one series or series."""
    sent = call.query.get("meetingType")
    if sent is not None and sent not in TYPES:
        raise RestError(400, f"meetingType: must be one of {', '.join(TYPES)}")
    return sent or ("scheduledMeeting" if series_id is not None else DEFAULT_TYPE)


def flag(call: Call, name: str, default: bool) -> bool:
    sent = call.query.get(name)
    if sent is None:
        return default
    if sent.strip().lower() not in ("true", "false"):
        raise RestError(400, f"{name}: must be true or false")
    return sent.strip().lower() == "true"


def shown_item(call: Call, item: Item, shown: Callable[[Meeting], dict[str, Any]], now: int | None) \
        -> dict[str, Any]:
    """A list item as the list shows it."""
    if item.occurrence is None:
        return listed(as_series(shown(item.meeting), item.meeting, now))
    return as_occurrence(as_series(shown(item.meeting), item.meeting, None), item.meeting, item.occurrence)
