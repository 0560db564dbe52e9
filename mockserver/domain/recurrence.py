"""A recurring meeting as one face-neutral rule: its occurrences are computed when read, never stored one by one.

A :class:`Series` is what both faces map to (docs/time.md, "Recurring meetings"): the REST ``recurrence`` (an RRULE,
:mod:`.rrule`) and the XML ``repeat`` block (:mod:`.xmlrepeat`). It holds the rule (frequency, interval, an end by
count or by instant or none, by-day, by-month-day, by-month), the first occurrence's wall-clock start in its IANA
zone, the duration, and the exceptions: occurrences removed and occurrences changed (each a small JSON-able dict).

**Periods** (:mod:`.periods`). The rule is read as a sequence of periods -- days, weeks, months or years,
``interval`` apart -- each giving a few candidate dates. Period ``k`` is found by arithmetic, so a window is
reached in O(1): a one-week window of a ten-year daily series looks at about nine periods, not 3,650
(:func:`occurrences`). A series ended by a count knows its last occurrence by arithmetic where the periods give
their dates in a known pattern (:func:`.periods.cycle`), by one walk over the count otherwise (at most
:data:`MAX_COUNT`, once per series, kept in its state).

**Wall-clock time.** Every occurrence starts at the first one's local time in the series' zone, so the instant
moves with DST: a 10:00 New York weekly is 15:00 UTC in winter and 14:00 UTC in summer. A local time the zone
skips (clocks spring forward over it) is read with the offset before the change, so it starts an hour later by the
wall clock (10:00 stays 10:00, but 02:30 on the change day becomes 03:30); a time the zone repeats is its first.
That is RFC 5545's rule (3.3.5 and 3.3.10) and :func:`.timezones.to_epoch`'s; Webex's own is not documented
(ASSUMED).
"""

from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from ..base.errors import InvalidRequest, MeetingNotFound, clip
from . import periods, timezones
from .periods import ORDINALS, WEEKDAYS, ByDay, Freq, instant, local, parse_by_day

__all__ = ["ORDINALS", "WEEKDAYS", "ByDay", "Freq", "Occurrence", "Series", "instant", "local", "next_occurrence",
           "occurrence", "occurrences", "parse_by_day", "span"]

#: the longest count a series may have (ASSUMED: Webex's own cap is five years ahead, docs/time.md)
MAX_COUNT = 10_000
#: the most exceptions (removed and changed occurrences) one series keeps (ASSUMED)
MAX_EXCEPTIONS = 1_000
#: how many periods are searched for a first (or last) occurrence before a rule is called empty: 400 years of
#: months, the Gregorian calendar's cycle (a rule that has none in that many periods has none at all)
SEARCH_PERIODS = 4_800
#: a window's end that no series reaches
_NEVER = 2 ** 40
#: an instant after every occurrence (the open end of a window)
NEVER = _NEVER


@dataclass(frozen=True)
class Series:
    """One recurrence rule with its first start, zone, duration and exceptions. Immutable: changes make a new one.

    ``until`` is a UTC instant (epoch seconds), inclusive: the last occurrence starts at or before it. Neither
    ``count`` nor ``until``: the series never ends (documented for REST, docs/time.md). ``removed`` holds the rule
    instants of occurrences deleted, ``changed`` the rule instant of each occurrence changed -> its changed fields
    (``start_ts`` and ``duration`` are read here; the rest is the faces').
    """

    freq: Freq
    first_local: datetime        # the first occurrence's wall-clock start (naive) in ``zone``
    zone: str                    # IANA zone ("" reads as UTC)
    interval: int = 1
    count: int | None = None
    until: int | None = None
    by_day: tuple[ByDay, ...] = ()
    by_month_day: tuple[int, ...] = ()
    by_month: tuple[int, ...] = ()
    duration: int = 0            # minutes
    removed: frozenset[int] = frozenset()
    changed: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check(self)
        first = self.first_start  # a rule without an occurrence is refused here
        if self.until is not None and first > self.until:
            raise InvalidRequest("Invalid request: recurrence: UNTIL is before the first occurrence")

    __hash__ = None  # type: ignore[assignment]  # ``changed`` is a dict

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone or "UTC")

    @property
    def start_ts(self) -> int:
        """The instant of ``first_local`` (the rule's DTSTART; the first occurrence when it matches the rule)."""
        return instant(self.first_local, self.tz)

    @cached_property
    def first_start(self) -> int:
        """The first occurrence the rule gives (removed or not)."""
        for k in range(SEARCH_PERIODS):
            for _, ts in _in_period(self, k):
                return ts
        raise InvalidRequest("Invalid request: recurrence: the rule gives no occurrence")

    @cached_property
    def last_start(self) -> int | None:
        """The last occurrence the rule gives (removed or not); None: the series never ends."""
        if self.count is not None:
            return _counted_last(self)
        if self.until is not None:
            return _last_until(self, self.until)
        return None

    # -- exceptions -------------------------------------------------------------------------------------

    def has_occurrence(self, ts: int) -> bool:
        """Does the rule give an occurrence at instant ``ts`` (removed or changed ones too)?"""
        if ts < self.first_start or (self.last_start is not None and ts > self.last_start):
            return False
        day = local(ts, self.tz).date()
        for _, found in _starts(self, periods.period_index(self, day - timedelta(days=1)), day + timedelta(days=1)):
            if found >= ts:
                return found == ts
        return False

    def without(self, ts: int) -> Series:
        """This series with the occurrence of rule instant ``ts`` deleted."""
        self._must_have(ts)
        changed = {at: fields for at, fields in self.changed.items() if at != ts}
        return self._exceptions(self.removed | {ts}, changed)

    def with_change(self, ts: int, fields: Mapping[str, Any]) -> Series:
        """This series with the occurrence of rule instant ``ts`` changed (``fields`` over earlier changes)."""
        self._must_have(ts)
        if ts in self.removed:
            raise MeetingNotFound(f"Corresponding Meeting not found: occurrence {ts} was deleted")
        _check_json(fields)
        return self._exceptions(self.removed, {**self.changed, ts: {**self.changed.get(ts, {}), **fields}})

    def rescheduled(self, **rule: Any) -> Series:
        """This series with rule fields replaced and every exception dropped: changing a series' start, end or
        recurrence cancels its changed occurrences (documented for REST, docs/time.md)."""
        return dataclasses.replace(self, **rule, removed=frozenset(), changed={})

    def _must_have(self, ts: int) -> None:
        if not self.has_occurrence(ts):
            raise MeetingNotFound(f"Corresponding Meeting not found: the series has no occurrence at {ts}")

    def _exceptions(self, removed: frozenset[int], changed: dict[int, Mapping[str, Any]]) -> Series:
        if len(removed) + len(changed) > MAX_EXCEPTIONS:
            raise InvalidRequest(f"Invalid request: a series keeps at most {MAX_EXCEPTIONS} changed or deleted "
                                 "occurrences")
        kept = dataclasses.replace(self, removed=removed, changed=changed)
        kept.__dict__.update({name: self.__dict__[name] for name in ("first_start", "last_start")
                              if name in self.__dict__})  # the rule is the same: so are its ends
        return kept

    # -- the state document -----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The series as JSON-able data (with its last occurrence, so a load does not count again)."""
        return {
            "freq": self.freq.value, "first_local": self.first_local.isoformat(), "zone": self.zone,
            "interval": self.interval, "count": self.count, "until": self.until,
            "by_day": [str(day) for day in self.by_day], "by_month_day": list(self.by_month_day),
            "by_month": list(self.by_month), "duration": self.duration, "removed": sorted(self.removed),
            "changed": {str(ts): dict(fields) for ts, fields in sorted(self.changed.items())},
            "last_start": self.last_start if self.count is not None else None,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Series:
        try:
            series = cls(
                freq=Freq(raw["freq"]), first_local=datetime.fromisoformat(raw["first_local"]), zone=raw["zone"],
                interval=raw.get("interval", 1), count=raw.get("count"), until=raw.get("until"),
                by_day=tuple(parse_by_day(text) for text in raw.get("by_day", ())),
                by_month_day=tuple(raw.get("by_month_day", ())), by_month=tuple(raw.get("by_month", ())),
                duration=raw.get("duration", 0), removed=frozenset(raw.get("removed", ())),
                changed={int(ts): dict(fields) for ts, fields in raw.get("changed", {}).items()})
        except (KeyError, TypeError, ValueError) as problem:
            raise InvalidRequest(f"Invalid request: series: {clip(str(problem))}") from None
        if raw.get("count") is not None and isinstance(raw.get("last_start"), int):
            series.__dict__["last_start"] = raw["last_start"]
        return series


class Occurrence(NamedTuple):
    """One occurrence as read: its start and end (instants), its rule instant (what names it) and its changes."""

    start_ts: int
    end_ts: int
    rule_ts: int
    changes: Mapping[str, Any]


def occurrences(series: Series, window_start: int, window_end: int) -> Iterator[Occurrence]:
    """The occurrences overlapping ``[window_start, window_end)`` (start before the end, end after the start; a
    zero-length one at the window's start counts), by start. Deleted ones are left out, changed ones are where
    their changes put them. The cost is the occurrences in the window plus a few periods, whatever the series'
    length."""
    if window_end <= window_start:
        return
    changed = []
    for rule_ts, fields in series.changed.items():
        start = int(fields.get("start_ts", rule_ts))
        end = start + int(fields.get("duration", series.duration)) * 60
        if _overlaps(start, end, window_start, window_end):
            changed.append(Occurrence(start, end, rule_ts, fields))
    yield from heapq.merge(_ruled(series, window_start, window_end), sorted(changed))


def occurrence(series: Series, rule_ts: int) -> Occurrence | None:
    """The occurrence the rule gives at ``rule_ts`` (what its id names), changes applied; None when the rule has
    none there or it was deleted."""
    if rule_ts in series.removed or not series.has_occurrence(rule_ts):
        return None
    fields = series.changed.get(rule_ts, {})
    start = int(fields.get("start_ts", rule_ts))
    return Occurrence(start, start + int(fields.get("duration", series.duration)) * 60, rule_ts, fields)


def next_occurrence(series: Series, at: int) -> Occurrence | None:
    """The first occurrence not over at instant ``at`` (running or to come); None when the series is over."""
    return next(occurrences(series, at, _NEVER), None)


def span(series: Series) -> tuple[int, int | None]:
    """(the first start, the last end or None when the series never ends): a bound of every occurrence, changed
    ones included (deleted ones may widen it)."""
    first, length = series.first_start, series.duration * 60
    last = series.last_start
    end = None if last is None else last + length
    for rule_ts, fields in series.changed.items():
        start = int(fields.get("start_ts", rule_ts))
        first = min(first, start)
        if end is not None:
            end = max(end, start + int(fields.get("duration", series.duration)) * 60)
    return first, end


# -- reading the periods ----------------------------------------------------------------------------------


def _in_period(series: Series, k: int) -> Iterator[tuple[datetime, int]]:
    """(wall-clock start, instant) of each occurrence period ``k`` gives at or after the first start."""
    at = series.first_local.time()
    for day in periods.candidates(series, k):
        wall = datetime.combine(day, at)
        if wall >= series.first_local:
            yield wall, instant(wall, series.tz)


def _starts(series: Series, k: int, stop: date | None) -> Iterator[tuple[datetime, int]]:
    """The occurrences from period ``k`` on, to the series' end, up to the period that begins after ``stop``."""
    last = series.last_start
    last_day = None if last is None else local(last, series.tz).date()
    k = max(k, 0)
    while True:
        begin = periods.period_start(series, k)
        if begin is None or (stop is not None and begin > stop) or (last_day is not None and begin > last_day):
            return
        for wall, ts in _in_period(series, k):
            if last is not None and ts > last:
                return
            yield wall, ts
        k += 1


def _ruled(series: Series, window_start: int, window_end: int) -> Iterator[Occurrence]:
    """The rule's occurrences overlapping the window, but those deleted or changed: skips to the window's period."""
    length = series.duration * 60
    # the period of the earliest start that can still overlap (a day's slack for the zone's offset)
    earliest = local(window_start - length, series.tz).date() - timedelta(days=1)
    stop = local(window_end, series.tz).date() + timedelta(days=1)
    for _, ts in _starts(series, periods.period_index(series, earliest), stop):
        if ts >= window_end:
            return
        if _overlaps(ts, ts + length, window_start, window_end) and ts not in series.removed \
                and ts not in series.changed:
            yield Occurrence(ts, ts + length, ts, {})


def _overlaps(start: int, end: int, window_start: int, window_end: int) -> bool:
    return start < window_end and max(end, start + 1) > window_start


# -- the last occurrence ----------------------------------------------------------------------------------


def _counted_last(series: Series) -> int:
    """The start of occurrence number ``count``: by arithmetic when the periods after the first give their dates in
    a known repeating pattern, by one walk otherwise."""
    assert series.count is not None
    count, pattern = series.count, periods.cycle(series)
    if pattern and sum(pattern):
        first = [ts for _, ts in _in_period(series, 0)]
        if count <= len(first):
            return first[count - 1]
        full, within = divmod(count - len(first) - 1, sum(pattern))  # the place among periods 1, 2, ...
        offset = 0
        while within >= pattern[offset]:
            within -= pattern[offset]
            offset += 1
        found = [ts for _, ts in _in_period(series, 1 + full * len(pattern) + offset)]
        if len(found) == pattern[offset]:  # the calendar's end would cut a period short: walk then
            return found[within]
    seen = 0
    k = 0
    while k < SEARCH_PERIODS or seen:
        if periods.period_start(series, k) is None:
            break
        for _, ts in _in_period(series, k):
            seen += 1
            if seen == count:
                return ts
        k += 1
    raise InvalidRequest("Invalid request: recurrence: COUNT goes past the calendar's end")


def _last_until(series: Series, until: int) -> int:
    """The last occurrence at or before ``until``: the periods searched backwards from the one holding it."""
    k = periods.period_index(series, local(until, series.tz).date())
    for period in range(k, max(k - SEARCH_PERIODS, -1), -1):
        found = [ts for _, ts in _in_period(series, period) if ts <= until]
        if found:
            return found[-1]
    return series.first_start


# -- checks -----------------------------------------------------------------------------------------------


def _check(series: Series) -> None:
    def refuse(part: str, text: str) -> InvalidRequest:
        return InvalidRequest(f"Invalid request: recurrence: {part}: {text}")

    if not isinstance(series.freq, Freq):
        raise refuse("FREQ", "must be DAILY, WEEKLY, MONTHLY or YEARLY")
    if series.zone and not timezones.is_zone(series.zone):
        raise refuse("timezone", f"unknown time zone {clip(series.zone)!r}")
    if not 1 <= series.interval <= 999:
        raise refuse("INTERVAL", "must be 1 to 999")
    if series.count is not None and series.until is not None:
        raise refuse("COUNT", "COUNT and UNTIL may not both be given")
    if series.count is not None and not 1 <= series.count <= MAX_COUNT:
        raise refuse("COUNT", f"must be 1 to {MAX_COUNT}")
    if any(not 1 <= month <= 12 for month in series.by_month):
        raise refuse("BYMONTH", "months are 1 to 12")
    if any(day == 0 or not -31 <= day <= 31 for day in series.by_month_day):
        raise refuse("BYMONTHDAY", "days are 1 to 31 (or -31 to -1 from the month's end)")
    for by in series.by_day:
        if by.ordinal and series.freq in (Freq.DAILY, Freq.WEEKLY):
            raise refuse("BYDAY", f"{by}: an ordinal is for a MONTHLY or YEARLY rule")
        if by.ordinal and by.ordinal not in ORDINALS:
            raise refuse("BYDAY", f"{by}: the ordinal must be 1 to 4, or -1 for the last")
    if series.by_month_day and series.freq is Freq.WEEKLY:
        raise refuse("BYMONTHDAY", "is not for a WEEKLY rule")
    if series.duration < 0:
        raise refuse("duration", "must not be negative")


def _check_json(fields: Mapping[str, Any]) -> None:
    def plain(value: Any) -> bool:
        if isinstance(value, dict):
            return all(isinstance(key, str) and plain(item) for key, item in value.items())
        if isinstance(value, list):
            return all(plain(item) for item in value)
        return value is None or isinstance(value, (str, int, float, bool))

    if not plain(dict(fields)):
        raise InvalidRequest("Invalid request: an occurrence's changes must be plain JSON data")
    for name in ("start_ts", "duration"):
        if name in fields and (isinstance(fields[name], bool) or not isinstance(fields[name], int)):
            raise InvalidRequest(f"Invalid request: an occurrence's {name} must be an integer")
