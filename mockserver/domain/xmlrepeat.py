"""The XML face's ``repeat`` block (reference 3.9), to and from a :class:`Series`.

The block is the plain data the XML face reads (every value a string, ``dayInWeek`` a dict whose ``day`` is one
string or a list). The element meanings follow what shipped clients send (a mail-suite plugin: WEEKLY with
``dayInWeek``; MONTHLY with ``dayInMonth`` or ``weekInMonth`` + ``dayInWeek``; YEARLY with ``monthInYear``; DAILY with
``interval`` or the five working days; ``afterMeetingNumber`` for a count, ``expirationDate`` for an end) and
docs/time.md's table, where each row is marked documented, observed or ASSUMED.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from ..base.errors import InvalidRequest, clip
from . import timezones
from .periods import bounded_number
from .recurrence import ByDay, Freq, Series, instant, local
from .rrule import RuleNote
from .rules import format_date, parse_date

#: XML day names, in ``date.weekday()`` order (Monday 0)
DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
#: ``weekInMonth`` -> the by-day ordinal: 1 to 4 the nth, 5 the last (ASSUMED), -1 the last too
WEEK_IN_MONTH = {1: 1, 2: 2, 3: 3, 4: 4, 5: -1, -1: -1}
#: the largest ``afterMeetingNumber`` (docs: 0-999); a longer count is shown by its last day
MAX_AFTER = 999
#: elements of an answer, not of a rule: read as nothing (ASSUMED)
ANSWER_ONLY = ("isException", "seriesMeetingKey", "hasException")
WHERE = "bodyContent/repeat"


class XmlReading(NamedTuple):
    """A ``repeat`` block read: its series (None: the meeting does not repeat) and the notes of the reading."""

    series: Series | None
    notes: tuple[RuleNote, ...]


def from_xml_repeat(block: Mapping[str, Any] | None, start_ts: int, zone: str, duration: int = 0) -> XmlReading:
    """The series of a ``repeat`` block whose first occurrence starts at ``start_ts`` in IANA ``zone``."""
    notes: list[RuleNote] = []
    kind = str((block or {}).get("repeatType") or "NO_REPEAT").strip().upper()
    if block is None or kind == "NO_REPEAT":
        return XmlReading(None, ())
    if kind == "CONSTANT":
        notes.append(RuleNote("repeatType", "CONSTANT: its meaning is not documented; read as a meeting that does "
                                            "not repeat", False))
        return XmlReading(None, tuple(notes))
    try:
        freq = Freq(kind)
    except ValueError:
        raise _refuse("repeatType", f"'{clip(kind)}' is not a repeat type") from None
    for name in ANSWER_ONLY:
        if name in block:
            notes.append(RuleNote(name, f"{name} describes an answer, not a rule: not read", False))
    if block.get("dayInYear") not in (None, ""):
        notes.append(RuleNote("dayInYear", "dayInYear's meaning is not documented: not read", False))
    first = local(start_ts, _series_zone(zone))
    rule: dict[str, Any] = {"freq": freq, "first_local": first, "zone": zone, "duration": duration,
                            "interval": _number(block, "interval", 1, 999) or 1}
    days = _days(block)
    week = _number(block, "weekInMonth", -1, 5)
    month_day = _number(block, "dayInMonth", 1, 31)
    month = _number(block, "monthInYear", 1, 12)
    if freq in (Freq.DAILY, Freq.WEEKLY):
        rule["by_day"] = tuple(ByDay(day) for day in days)
        for name, value in (("weekInMonth", week), ("dayInMonth", month_day), ("monthInYear", month)):
            if value is not None:
                notes.append(RuleNote(name, f"a {freq.value} repeat has no {name}: not read", False))
    else:
        rule.update(_month_rule(freq, first, days, week, month_day, month, notes))
    series = _series(rule)
    return XmlReading(_ended(series, block, notes), tuple(notes))


def to_xml_repeat(series: Series | None) -> dict[str, Any]:
    """The ``repeat`` block a series shows over XML (elements in the answer's order)."""
    if series is None:
        return {"repeatType": "NO_REPEAT"}
    block: dict[str, Any] = {"repeatType": series.freq.value, "interval": str(series.interval)}
    if series.count is not None and series.count <= MAX_AFTER:
        block["afterMeetingNumber"] = str(series.count)
    weekdays = [day.weekday for day in series.by_day]
    if series.freq is Freq.WEEKLY and not weekdays:
        weekdays = [series.first_local.weekday()]
    if weekdays:
        block["dayInWeek"] = {"day": [DAYS[day] for day in weekdays]}
    last = series.last_start
    if last is not None and "afterMeetingNumber" not in block:
        block["expirationDate"] = format_date(local(last, series.tz))
    if series.freq in (Freq.MONTHLY, Freq.YEARLY):
        if series.by_day:
            block["weekInMonth"] = str(5 if series.by_day[0].ordinal == -1 else series.by_day[0].ordinal)
        else:
            block["dayInMonth"] = str(series.by_month_day[0] if series.by_month_day else series.first_local.day)
    if series.freq is Freq.YEARLY:
        block["monthInYear"] = str(series.by_month[0] if series.by_month else series.first_local.month)
    block["hasException"] = "true" if series.removed or series.changed else "false"
    return block


def exception_repeat(series_key: int) -> dict[str, Any]:
    """The ``repeat`` block of an occurrence shown as a meeting of its own because it was changed (ASSUMED: a
    meeting that does not repeat, marked as the exception of the series with key ``series_key``)."""
    return {"repeatType": "NO_REPEAT", "isException": "true", "seriesMeetingKey": str(series_key)}


# -- reading ------------------------------------------------------------------------------------------------


def _month_rule(freq: Freq, first: datetime, days: list[int], week: int | None, month_day: int | None,
                month: int | None, notes: list[RuleNote]) -> dict[str, Any]:
    rule: dict[str, Any] = {}
    if week is not None:
        if week not in WEEK_IN_MONTH:
            raise _refuse("weekInMonth", f"{week}: must be 1 to 5 (5: the last)")
        if not days:
            days = [first.weekday()]
            notes.append(RuleNote("dayInWeek", f"weekInMonth without dayInWeek: the start's day, {DAYS[days[0]]}",
                                  False))
        if len(days) > 1:
            notes.append(RuleNote("dayInWeek", f"a {freq.value} repeat takes one day: only the first, "
                                               f"{DAYS[days[0]]}, was taken", False))
        if month_day is not None:
            notes.append(RuleNote("dayInMonth", "weekInMonth given too: dayInMonth not read", False))
        rule["by_day"] = (ByDay(days[0], WEEK_IN_MONTH[week]),)
    else:
        if days:
            notes.append(RuleNote("dayInWeek", f"a {freq.value} repeat without weekInMonth: dayInWeek not read",
                                  False))
        if month_day is not None:
            rule["by_month_day"] = (month_day,)
    if freq is Freq.YEARLY:
        rule["by_month"] = (month or first.month,)
    elif month is not None:
        notes.append(RuleNote("monthInYear", "a MONTHLY repeat has no monthInYear: not read", False))
    return rule


def _ended(series: Series, block: Mapping[str, Any], notes: list[RuleNote]) -> Series:
    """``series`` with the end ``afterMeetingNumber`` or ``expirationDate`` gives; both: the earlier (ASSUMED)."""
    after = _number(block, "afterMeetingNumber", 0, MAX_AFTER)
    expiration = str(block.get("expirationDate") or "").strip()
    until = None
    if expiration and expiration.lower() != "none":
        last_day = parse_date(expiration, f"{WHERE}/expirationDate").date()
        # the day named is the series' last day, whatever the time written (ASSUMED)
        until = instant(datetime.combine(last_day + timedelta(days=1), datetime.min.time()), series.tz) - 1
    counted = _series(_fields(series, count=after)) if after else None
    if until is None:
        return counted or series
    dated = _series(_fields(series, until=until))
    if counted is None:
        return dated
    notes.append(RuleNote("afterMeetingNumber", "afterMeetingNumber and expirationDate both given: the earlier end "
                                                "counts", False))
    assert counted.last_start is not None and dated.last_start is not None
    return counted if counted.last_start <= dated.last_start else dated


def _fields(series: Series, **changes: Any) -> dict[str, Any]:
    return {**{name: getattr(series, name) for name in Series.__dataclass_fields__}, **changes}


def _series(rule: dict[str, Any]) -> Series:
    try:
        return Series(**rule)
    except InvalidRequest as problem:
        raise InvalidRequest(problem.text.replace("Invalid request: recurrence:", f"Invalid request: {WHERE}:")) \
            from None


def _days(block: Mapping[str, Any]) -> list[int]:
    found = block.get("dayInWeek")
    names = found.get("day") if isinstance(found, Mapping) else None
    if names is None:
        return []
    days = []
    for name in [names] if isinstance(names, str) else list(names):
        text = str(name).strip().upper()
        if text not in DAYS:
            raise _refuse("dayInWeek/day", f"'{clip(text)}' is not a day")
        if DAYS.index(text) not in days:
            days.append(DAYS.index(text))
    return days


def _number(block: Mapping[str, Any], name: str, lowest: int, highest: int) -> int | None:
    value = block.get(name)
    if value is None or str(value).strip() == "":
        return None
    try:
        return bounded_number(str(value), lowest, highest)
    except ValueError as error:
        raise _refuse(name, str(error)) from None


def _series_zone(zone: str) -> ZoneInfo:
    if zone and not timezones.is_zone(zone):
        raise InvalidRequest(f"Invalid request: {WHERE}: unknown time zone '{clip(zone)}'")
    return ZoneInfo(zone or "UTC")


def _refuse(element: str, text: str) -> InvalidRequest:
    return InvalidRequest(f"Invalid request: {WHERE}/{element}: {text}")
