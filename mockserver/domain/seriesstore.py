"""What both faces do with a stored meeting's series: the meetings a window may hold (through the span index), the
occurrences of one meeting in a window (a meeting that does not repeat is a series of one), and a series kept or
made anew when a meeting changes (docs/time.md, "Recurring meetings")."""

from __future__ import annotations

import bisect
from collections.abc import Callable

from .meetingindex import END
from .records import Meeting
from .recurrence import Occurrence, Series, occurrence, occurrences
from .store import Store

#: the fields of a series that are its rule, its first start and its length (not its exceptions)
_RULE = ("freq", "first_local", "zone", "interval", "count", "until", "by_day", "by_month_day", "by_month",
         "duration")


def overlapping(store: Store, site: str, window_start: int, window_end: int,
                wanted: Callable[[Meeting], bool] = lambda meeting: True) -> list[Meeting]:
    """The site's meetings (series or not) whose span overlaps ``[window_start, window_end)`` and that ``wanted``
    keeps, by first start, never by looking at every meeting: the series through the site's span index, the
    others by their start (at most the longest any meeting of the site lasts before the window)."""
    indexes = store.indexes
    with store.reading(site) as view:
        keys = set(indexes.series_overlapping(site, window_start, window_end))
        facts = indexes.site_facts(site)
        entries = view.start_index()
        low = bisect.bisect_left(entries, (window_start - indexes.lasts(site)[1], -(2 ** 63)))
        high = bisect.bisect_left(entries, (window_end, -(2 ** 63)))
        for start, key in entries[low:high]:
            if key not in keys and key in facts and max(facts[key][END], start + 1) > window_start:
                keys.add(key)
        held = view.meetings
        found = [held[key] for key in keys if key in held]
    found.sort(key=lambda meeting: (meeting.start_ts, meeting.key))
    return [meeting for meeting in found if wanted(meeting)]


def in_window(meeting: Meeting, window_start: int, window_end: int) -> list[Occurrence]:
    """The meeting's occurrences overlapping the window, by start (a meeting that does not repeat: itself)."""
    series = meeting.recurrence
    if series is None:
        end = meeting.start_ts + meeting.duration * 60
        if meeting.start_ts < window_end and max(end, meeting.start_ts + 1) > window_start:
            return [Occurrence(meeting.start_ts, end, meeting.start_ts, {})]
        return []
    return list(occurrences(series, window_start, window_end))


def first(meeting: Meeting) -> Occurrence | None:
    """The meeting's first occurrence still there (None: a series whose every occurrence was deleted)."""
    series = meeting.recurrence
    if series is None:
        return Occurrence(meeting.start_ts, meeting.start_ts + meeting.duration * 60, meeting.start_ts, {})
    return next(occurrences(series, series.first_start - 1, 2 ** 40), None)


def at(meeting: Meeting, rule_ts: int) -> Occurrence | None:
    """The occurrence of rule instant ``rule_ts`` (what an occurrence id names), None when there is none."""
    series = meeting.recurrence
    return occurrence(series, rule_ts) if series is not None else None


def kept(old: Series | None, new: Series | None) -> Series | None:
    """``new``, unless it is ``old``'s rule, start and length again: then ``old``, with its exceptions. Changing a
    series' start, length or rule drops its exceptions (documented, docs/time.md)."""
    if old is None or new is None:
        return new
    same = all(getattr(old, name) == getattr(new, name) for name in _RULE)
    return old if same else new


def as_data(series: Series | None) -> dict[str, object] | None:
    return series.to_dict() if series is not None else None


#: how far either side of an exception's new start its occurrence is looked for
_NEAR_S = 366 * 86_400


def nearest(series: Series, at: int) -> Occurrence | None:
    """The occurrence whose rule instant is nearest ``at`` (the earlier of two as near), within a year either side:
    the one an exception made over XML replaces (ASSUMED, docs/time.md)."""
    found = occurrences(series, at - _NEAR_S, at + _NEAR_S)
    return min(found, key=lambda one: (abs(one.rule_ts - at), one.rule_ts), default=None)


def exception(store: Store, site: str, key: int) -> tuple[Meeting, Occurrence] | None:
    """The series and the occurrence of the exception whose own key is ``key`` (one made over XML), None when
    there is none (a meeting's own key is never an exception's: one index lookup tells)."""
    with store.lock:
        series_key = store.indexes.series_of_exception(site, key)
    meeting = store.get_meeting(site, series_key) if series_key is not None else None
    found = exception_in(meeting, key) if meeting is not None else None
    return (meeting, found) if meeting is not None and found is not None else None


def exception_in(meeting: Meeting, key: int) -> Occurrence | None:
    """The occurrence of ``meeting``'s series whose exception has own key ``key``, None when it has none."""
    series = meeting.recurrence
    if series is None:
        return None
    rule_ts = next((ts for ts, fields in series.changed.items() if fields.get("key") == key), None)
    return occurrence(series, rule_ts) if rule_ts is not None else None


def as_exception(meeting: Meeting, found: Occurrence) -> Meeting:
    """Occurrence ``found`` of ``meeting``'s series as a meeting of its own, under its own key: its title, start
    and length; it does not repeat."""
    return meeting.replaced(key=int(found.changes["key"]), title=str(found.changes.get("title", meeting.title)),
                            start_ts=found.start_ts, duration=(found.end_ts - found.start_ts) // 60, series=None)


def series_overlapping(store: Store, site: str, window_start: int, window_end: int) -> list[int]:
    """The keys of the site's recurring meetings whose span overlaps ``[window_start, window_end)``, by first
    start (the span index: what the window may hold, not every meeting)."""
    with store.lock:
        return store.indexes.series_overlapping(site, window_start, window_end)
