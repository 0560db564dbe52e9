"""The calendar arithmetic of a recurrence rule: its periods, the dates each gives, instants and wall-clock times.

A rule is read as a sequence of periods -- days, weeks (Monday first, RFC 5545's default ``WKST``), months or
years, ``interval`` apart -- each giving a few candidate dates. Period ``k`` and the period holding a date are
found by arithmetic (:func:`period_start`, :func:`period_index`), so reaching a window never walks the periods
before it. :mod:`.recurrence` builds the series on these.
"""

from __future__ import annotations

import calendar
import enum
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class Freq(enum.Enum):
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    YEARLY = "YEARLY"


#: RRULE weekday names, in ``date.weekday()`` order (Monday 0)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: the ordinals a by-day may carry: the 1st to 4th, or the last (-1) (docs/time.md: why not 5 or -2)
ORDINALS = (1, 2, 3, 4, -1)
EPOCH = datetime(1970, 1, 1)
_UTC_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_FIRST_TS = int((datetime(1, 1, 2) - EPOCH).total_seconds())
_LAST_TS = int((datetime(9999, 12, 30) - EPOCH).total_seconds())


@dataclass(frozen=True)
class ByDay:
    """A weekday of the rule (0 = Monday), with an ordinal in a month (``2TU``: the second Tuesday; 0: every)."""

    weekday: int
    ordinal: int = 0

    def __str__(self) -> str:
        return f"{self.ordinal or ''}{WEEKDAYS[self.weekday]}"


class Rule(Protocol):
    """What the arithmetic reads of a series (:class:`.recurrence.Series`)."""

    @property
    def freq(self) -> Freq: ...
    @property
    def first_local(self) -> datetime: ...
    @property
    def interval(self) -> int: ...
    @property
    def by_day(self) -> tuple[ByDay, ...]: ...
    @property
    def by_month_day(self) -> tuple[int, ...]: ...
    @property
    def by_month(self) -> tuple[int, ...]: ...


def instant(wall: datetime, tz: ZoneInfo) -> int:
    """The UTC instant (epoch seconds) of naive wall-clock ``wall`` in ``tz``: a skipped time with the offset before
    the change (it reads back an hour later), a repeated one as the first."""
    offset = wall.replace(tzinfo=tz).utcoffset()
    return int((wall - EPOCH).total_seconds()) - (int(offset.total_seconds()) if offset is not None else 0)


def local(ts: int, tz: ZoneInfo) -> datetime:
    """The naive wall-clock time in ``tz`` of instant ``ts``."""
    ts = min(max(ts, _FIRST_TS), _LAST_TS)  # the calendar's ends, a day in
    return (_UTC_EPOCH + timedelta(seconds=ts)).astimezone(tz).replace(tzinfo=None)


def bounded_number(text: str, lowest: int, highest: int) -> int:
    """A rule's whole number (a sign allowed, at most six digits) from ``lowest`` to ``highest``; ValueError saying
    why not, for the face's own refusal."""
    value = text.strip()
    if not (value.isascii() and value.lstrip("+-").isdigit() and len(value) <= 6):
        raise ValueError(f"'{value[:40]}' is not a number")
    number = int(value)
    if not lowest <= number <= highest:
        raise ValueError(f"{number} is out of range ({lowest} to {highest})")
    return number


def parse_by_day(text: str) -> ByDay:
    """``MO``, ``2TU``, ``-1FR`` (ordinals other than :data:`ORDINALS` are refused by the checks)."""
    name, number = text[-2:].upper(), text[:-2]
    if name not in WEEKDAYS or (number and not number.lstrip("+-").isdigit()) or not text.isascii():
        raise ValueError(f"not a weekday: {text!r}")
    return ByDay(WEEKDAYS.index(name), int(number) if number else 0)


# -- the periods ------------------------------------------------------------------------------------------


def anchor(series: Rule) -> date:
    """The first day of period 0."""
    first = series.first_local.date()
    if series.freq is Freq.WEEKLY:
        return first - timedelta(days=first.weekday())
    if series.freq is Freq.MONTHLY:
        return first.replace(day=1)
    if series.freq is Freq.YEARLY:
        return first.replace(month=1, day=1)
    return first


def period_index(series: Rule, day: date) -> int:
    """The period holding ``day`` (negative before the first)."""
    begin, n = anchor(series), series.interval
    if series.freq is Freq.DAILY:
        return (day - begin).days // n
    if series.freq is Freq.WEEKLY:
        return (day - begin).days // (7 * n)
    if series.freq is Freq.MONTHLY:
        return ((day.year - begin.year) * 12 + day.month - begin.month) // n
    return (day.year - begin.year) // n


def period_start(series: Rule, k: int) -> date | None:
    """The first day of period ``k``; None past the calendar's end (year 9999)."""
    begin, n = anchor(series), series.interval
    try:
        if series.freq is Freq.DAILY:
            return begin + timedelta(days=k * n)
        if series.freq is Freq.WEEKLY:
            return begin + timedelta(days=7 * k * n)
        if series.freq is Freq.MONTHLY:
            months = begin.year * 12 + begin.month - 1 + k * n
            return date(months // 12, months % 12 + 1, 1)
        return date(begin.year + k * n, 1, 1)
    except (OverflowError, ValueError):
        return None


def candidates(series: Rule, k: int) -> list[date]:
    """The dates period ``k`` gives, in order (before the first start and the end are applied)."""
    begin = period_start(series, k)
    if begin is None:
        return []
    if series.freq is Freq.DAILY:
        return [begin] if _day_matches(series, begin) else []
    if series.freq is Freq.WEEKLY:
        weekdays = sorted({day.weekday for day in series.by_day} or {series.first_local.weekday()})
        found = []
        for weekday in weekdays:
            try:
                day = begin + timedelta(days=weekday)
            except OverflowError:
                break
            if not series.by_month or day.month in series.by_month:
                found.append(day)
        return found
    if series.freq is Freq.MONTHLY:
        if series.by_month and begin.month not in series.by_month:
            return []
        return [date(begin.year, begin.month, day) for day in _month_days(series, begin.year, begin.month)]
    months = sorted(set(series.by_month)) or [series.first_local.month]
    return [date(begin.year, month, day) for month in months for day in _month_days(series, begin.year, month)]


def _day_matches(series: Rule, day: date) -> bool:
    """A daily rule's filters (an ordinal by-day never reaches here: the checks refuse it)."""
    return ((not series.by_day or any(by.weekday == day.weekday() for by in series.by_day))
            and (not series.by_month or day.month in series.by_month)
            and (not series.by_month_day or day.day in _month_day_numbers(series, day.year, day.month)))


def _month_days(series: Rule, year: int, month: int) -> list[int]:
    """The days of ``month`` a monthly or yearly rule gives: its by-month-days, its by-days (the nth weekday, the
    last, or every one), both (the days in both), or else the first start's day (none in a month too short)."""
    length = calendar.monthrange(year, month)[1]
    days = _month_day_numbers(series, year, month) if series.by_month_day else None
    if series.by_day:
        weekday_days: set[int] = set()
        first_weekday = calendar.weekday(year, month, 1)
        for by in series.by_day:
            first = 1 + (by.weekday - first_weekday) % 7
            every = range(first, length + 1, 7)
            if by.ordinal == 0:
                weekday_days.update(every)
            elif -len(every) <= by.ordinal <= len(every):
                weekday_days.add(every[by.ordinal - 1 if by.ordinal > 0 else by.ordinal])
        days = weekday_days if days is None else days & weekday_days
    if days is None:
        days = {series.first_local.day} if series.first_local.day <= length else set()
    return sorted(days)


def _month_day_numbers(series: Rule, year: int, month: int) -> set[int]:
    length = calendar.monthrange(year, month)[1]
    return {day if day > 0 else length + 1 + day for day in series.by_month_day if -length <= day <= length}


def cycle(series: Rule) -> list[int] | None:
    """How many dates periods 1, 2, 3 ... give, as a pattern that repeats from period 1 on (None: not known; period 0
    may give fewer, the first start cutting it): a daily rule on some weekdays repeats every 7 / gcd(interval, 7)
    periods, the rules of :func:`per_period` every period."""
    if series.freq is Freq.DAILY and series.by_day and not (series.by_month or series.by_month_day):
        length = 7 // math.gcd(series.interval, 7)
        return [len(candidates(series, k)) for k in range(1, length + 1)]
    each = per_period(series)
    return [each] if each else None


def per_period(series: Rule) -> int:
    """How many dates every period gives when that never varies (0: it may vary)."""
    if series.freq is Freq.DAILY:
        return 1 if not (series.by_day or series.by_month or series.by_month_day) else 0
    if series.freq is Freq.WEEKLY:
        return 0 if series.by_month else len({day.weekday for day in series.by_day}) or 1
    if series.freq is Freq.MONTHLY and series.by_month:
        return 0
    months = [None] if series.freq is Freq.MONTHLY else (sorted(set(series.by_month)) or [series.first_local.month])
    always = all(_always_one(series, month) for month in months)
    return len(months) if always else 0


def _always_one(series: Rule, month: int | None) -> bool:
    """Does the rule give exactly one day in every year's ``month`` (None: in every month)?"""
    shortest = 28 if month in (None, 2) else calendar.monthrange(2001, month)[1]
    if series.by_day and series.by_month_day:
        return False
    if series.by_day:
        return len(series.by_day) == 1 and series.by_day[0].ordinal in ORDINALS
    days = series.by_month_day or (series.first_local.day,)
    return len(days) == 1 and -shortest <= days[0] <= shortest
