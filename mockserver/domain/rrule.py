"""The REST face's ``recurrence``: the RFC 2445 RRULE subset the Webex docs allow, to and from a :class:`Series`.

Taken: ``FREQ`` (DAILY, WEEKLY, MONTHLY, YEARLY), ``INTERVAL``, ``COUNT``, ``UNTIL``, ``BYDAY``, ``BYMONTHDAY``,
``BYMONTH``. A monthly or yearly rule takes only its first day or date, as the spec says ("FREQ=MONTHLY;...;
BYMONTHDAY=10,11,12" is taken as "...;BYMONTHDAY=10"), with a note. Everything else is refused with an
:class:`InvalidRequest` naming the part (REST answers 400). The table, with each row's source, is in docs/time.md.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from ..base.errors import InvalidRequest, clip
from . import timezones
from .periods import bounded_number
from .recurrence import ORDINALS, ByDay, Freq, Series, instant, local, parse_by_day

#: the parts read; any other is refused by name
PARTS = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH")
#: parts of RFC 2445 the Webex subset leaves out: refused with this reason
NOT_TAKEN = {
    "BYSETPOS": "BYSETPOS is not supported (write the ordinal into BYDAY, e.g. BYDAY=2TU)",
    "WKST": "WKST is not supported (weeks start on Monday)",
    "BYHOUR": "BYHOUR is not supported (an occurrence starts at the meeting's start time)",
    "BYMINUTE": "BYMINUTE is not supported (an occurrence starts at the meeting's start time)",
    "BYSECOND": "BYSECOND is not supported (an occurrence starts at the meeting's start time)",
    "BYYEARDAY": "BYYEARDAY is not supported",
    "BYWEEKNO": "BYWEEKNO is not supported",
}
#: how far ahead a series with an end may reach, in years (documented for REST, docs/time.md)
FURTHEST_YEARS = 5

_UNTIL = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$")


@dataclass(frozen=True)
class RuleNote:
    """What reading a rule changed or chose: the part, what happened, and whether the docs say so."""

    part: str
    text: str
    documented: bool


class RuleReading(NamedTuple):
    series: Series
    notes: tuple[RuleNote, ...]


def from_rrule(text: str, start_ts: int, zone: str, duration: int = 0) -> RuleReading:
    """The series of RRULE ``text`` whose first occurrence starts at ``start_ts`` in IANA ``zone`` (a wall-clock
    time there: the occurrences keep it across DST), each ``duration`` minutes."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidRequest("Invalid request: recurrence: the rule is empty")
    if not zone or not timezones.is_zone(zone):
        raise _refuse("timezone", f"unknown time zone {clip(str(zone))!r}")
    notes: list[RuleNote] = []
    parts = _parts(text.strip(), notes)
    if "FREQ" not in parts:
        raise _refuse("FREQ", "the rule has no FREQ")
    try:
        freq = Freq(parts["FREQ"].upper())
    except ValueError:
        raise _refuse("FREQ", f"{clip(parts['FREQ'])!r}: must be DAILY, WEEKLY, MONTHLY or YEARLY") from None
    if "COUNT" in parts and "UNTIL" in parts:
        raise _refuse("COUNT", "COUNT and UNTIL may not both be given")
    first = _first_local(start_ts, zone)
    by_day = tuple(_by_day(item) for item in _items(parts, "BYDAY"))
    by_month_day = tuple(_number(item, "BYMONTHDAY", 1, 31) for item in _items(parts, "BYMONTHDAY"))
    by_month = tuple(_number(item, "BYMONTH", 1, 12) for item in _items(parts, "BYMONTH"))
    by_day, by_month_day, by_month = _shaped(freq, by_day, by_month_day, by_month, notes)
    rule: dict[str, Any] = {
        "freq": freq, "first_local": first, "zone": zone, "duration": duration,
        "interval": _number(parts.get("INTERVAL", "1"), "INTERVAL", 1, 999),
        "by_day": by_day, "by_month_day": by_month_day, "by_month": by_month,
    }
    if "COUNT" in parts:
        rule["count"] = _number(parts["COUNT"], "COUNT", 1, 10_000)
    if "UNTIL" in parts:
        rule["until"] = _until(parts["UNTIL"], zone, notes)
    return RuleReading(Series(**rule), tuple(notes))


def to_rrule(series: Series) -> str:
    """The RRULE REST shows: FREQ, INTERVAL, COUNT or UNTIL (UTC), BYDAY, BYMONTHDAY, BYMONTH, in that order."""
    parts = [f"FREQ={series.freq.value}", f"INTERVAL={series.interval}"]
    if series.count is not None:
        parts.append(f"COUNT={series.count}")
    if series.until is not None:
        parts.append("UNTIL=" + (datetime(1970, 1, 1) + timedelta(seconds=series.until)).strftime("%Y%m%dT%H%M%SZ"))
    if series.by_day:
        parts.append("BYDAY=" + ",".join(str(day) for day in series.by_day))
    if series.by_month_day:
        parts.append("BYMONTHDAY=" + ",".join(str(day) for day in series.by_month_day))
    if series.by_month:
        parts.append("BYMONTH=" + ",".join(str(month) for month in series.by_month))
    return ";".join(parts)


def capped(series: Series, now_ts: int) -> tuple[Series, RuleNote | None]:
    """``series`` with its end brought back to five years from ``now_ts`` when it reaches further: the documented
    cap of a series that has an end (a series without one is unlimited). A COUNT reaching further becomes an UNTIL
    (ASSUMED: the docs name only "an ending date")."""
    last = series.last_start
    if last is None:
        return series, None
    now = datetime(1970, 1, 1) + timedelta(seconds=now_ts)
    try:
        furthest_day = now.replace(year=now.year + FURTHEST_YEARS)
    except ValueError:  # 29 February
        furthest_day = now.replace(year=now.year + FURTHEST_YEARS, day=28)
    furthest = int((furthest_day - datetime(1970, 1, 1)).total_seconds())
    if last <= furthest:
        return series, None
    kept = dataclasses.replace(series, count=None, until=furthest)
    return kept, RuleNote("UNTIL", f"the series reached past five years from now: it ends at {to_rrule(kept)}",
                          series.count is None)


# -- reading the parts ---------------------------------------------------------------------------------------


def _parts(text: str, notes: list[RuleNote]) -> dict[str, str]:
    if text.upper().startswith("RRULE:"):
        text = text[6:]
        notes.append(RuleNote("recurrence", "the \"RRULE:\" prefix was dropped", False))
    parts: dict[str, str] = {}
    for item in text.split(";"):
        if not item.strip():
            continue  # "FREQ=DAILY;" -- a trailing separator
        name, equals, value = item.partition("=")
        name = name.strip().upper()
        if name in NOT_TAKEN:
            raise _refuse(name, NOT_TAKEN[name])
        if name not in PARTS:
            raise _refuse(clip(name or item, 40), "not a part of the rules Webex takes (FREQ, INTERVAL, COUNT, "
                                                  "UNTIL, BYDAY, BYMONTHDAY, BYMONTH)")
        if not equals or not value.strip():
            raise _refuse(name, "has no value")
        if name in parts:
            raise _refuse(name, "given twice")
        parts[name] = value.strip()
    return parts


def _items(parts: dict[str, str], name: str) -> list[str]:
    if name not in parts:
        return []
    items = [item.strip() for item in parts[name].split(",")]
    if not all(items):
        raise _refuse(name, f"{clip(parts[name])!r}: an empty item")
    return items


def _number(text: str, part: str, lowest: int, highest: int) -> int:
    try:
        return bounded_number(text, lowest, highest)
    except ValueError as error:
        raise _refuse(part, str(error)) from None


def _by_day(text: str) -> ByDay:
    try:
        day = parse_by_day(text)
    except ValueError:
        raise _refuse("BYDAY", f"{clip(text)!r} is not a weekday (MO, TU, WE, TH, FR, SA, SU, with an optional "
                               "ordinal: 2TU, -1FR)") from None
    if day.ordinal and day.ordinal not in ORDINALS:
        raise _refuse("BYDAY", f"{clip(text)!r}: the ordinal must be 1 to 4, or -1 for the last")
    return day


def _shaped(freq: Freq, by_day: tuple[ByDay, ...], by_month_day: tuple[int, ...], by_month: tuple[int, ...],
            notes: list[RuleNote]) -> tuple[tuple[ByDay, ...], tuple[int, ...], tuple[int, ...]]:
    """The BY parts a frequency takes (what the XML ``repeat`` block can say too), the first only where the spec
    says so; others refused."""
    if freq in (Freq.DAILY, Freq.WEEKLY):
        if any(day.ordinal for day in by_day):
            raise _refuse("BYDAY", f"an ordinal ({by_day[0]}) is for a MONTHLY or YEARLY rule")
        if by_month_day:
            raise _refuse("BYMONTHDAY", f"not supported in a {freq.value} rule")
        if by_month:
            raise _refuse("BYMONTH", f"not supported in a {freq.value} rule")
        if len(set(by_day)) != len(by_day):
            raise _refuse("BYDAY", "a weekday given twice")
        return by_day, by_month_day, by_month
    by_day = _first_only("BYDAY", by_day, freq, notes)
    by_month_day = _first_only("BYMONTHDAY", by_month_day, freq, notes)
    if by_day and by_month_day:
        raise _refuse("BYDAY", "BYDAY and BYMONTHDAY may not both be given")
    if by_day and not by_day[0].ordinal:
        raise _refuse("BYDAY", f"{by_day[0]}: a {freq.value} BYDAY needs an ordinal (2TU, -1FR)")
    if freq is Freq.MONTHLY and by_month:
        raise _refuse("BYMONTH", "not supported in a MONTHLY rule")
    by_month = _first_only("BYMONTH", by_month, freq, notes)
    if freq is Freq.YEARLY and (by_day or by_month_day) and not by_month:
        raise _refuse("BYMONTH", f"a YEARLY {'BYDAY' if by_day else 'BYMONTHDAY'} needs BYMONTH")
    return by_day, by_month_day, by_month


def _first_only(part: str, items: tuple[Any, ...], freq: Freq, notes: list[RuleNote]) -> tuple[Any, ...]:
    if len(items) <= 1:
        return items
    notes.append(RuleNote(part, f"a {freq.value} rule takes one day or date: only the first, {items[0]}, was "
                                f"taken of {','.join(str(item) for item in items)}", True))
    return items[:1]


def _until(text: str, zone: str, notes: list[RuleNote]) -> int:
    match = _UNTIL.match(text.strip().upper())
    if not match:
        raise _refuse("UNTIL", f"{clip(text)!r}: must be yyyymmddThhmmssZ (UTC) or yyyymmdd")
    year, month, day, hour, minute, second, utc = match.groups()
    try:
        if hour is None:  # a date: the series may go on to the end of that day, where the meeting is
            end = datetime(int(year), int(month), int(day)) + timedelta(days=1)
            return instant(end, _zone(zone)) - 1
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    except (ValueError, OverflowError):
        raise _refuse("UNTIL", f"{clip(text)!r} is not a date") from None
    if utc:
        return int((moment.replace(tzinfo=UTC) - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds())
    notes.append(RuleNote("UNTIL", f"UNTIL {text} has no Z: read as a time in {zone}", False))
    return instant(moment, _zone(zone))


def _first_local(start_ts: int, zone: str) -> datetime:
    return local(start_ts, _zone(zone))


def _zone(zone: str) -> ZoneInfo:
    return ZoneInfo(zone)


def _refuse(part: str, text: str) -> InvalidRequest:
    return InvalidRequest(f"Invalid request: recurrence: {part}: {text}")
