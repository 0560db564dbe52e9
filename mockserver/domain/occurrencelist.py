"""A listing occurrence by occurrence: each occurrence of a recurring meeting as a row of its own, for
``ep.LstsummarySession`` with ``recurrence`` true (docs/time.md, "Recurring meetings over XML").

The meetings come from the ordinary listing (its scope and filters, without its date bounds and paging); the date
bounds then apply to each occurrence: its start within the start range, its end within the end range. A meeting
that does not repeat is one row. The rows are ordered by start (then key) for a STARTTIME order, else in the
listing's order of meetings, each meeting's occurrences by start; then paged.

Bounds (ASSUMED: the release notes say only that every occurrence is returned): without an upper bound, the rows
end a year after the call's instant (:data:`LOOKAHEAD_S`), so a series without an end lists a year of it; and a
listing stops at :data:`MAX_ROWS` rows, a note saying so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from . import meetingstate, recurrence
from .listquery import Range
from .records import Meeting

#: without an upper date bound, occurrences up to this long after the call's instant are listed (ASSUMED)
LOOKAHEAD_S = 366 * 86_400
#: the most rows one listing expands (ASSUMED; a note says when the list stopped there)
MAX_ROWS = 20_000


class OccurrenceRow(NamedTuple):
    meeting: Meeting
    start: int
    end: int
    #: the rule instant that names the occurrence (a one-off meeting: its start)
    rule_ts: int
    #: the key it is listed under: an exception's own key, else the meeting's
    key: int
    title: str
    #: a changed occurrence of a series (an exception)
    is_exception: bool
    #: the occurrence a start would start now, or the next to come (meetingstate.current)
    is_next: bool


class Rows(NamedTuple):
    rows: list[OccurrenceRow]
    #: the listing stopped at MAX_ROWS
    cut: bool


def rows(meetings: Iterable[Meeting], start_range: Range | None, end_range: Range | None, now_ms: int,
         by_start: bool, descending: bool = False) -> Rows:
    """Every occurrence of ``meetings`` within the bounds (inclusive, instants in seconds), as rows."""
    low, high = _bound(start_range, 0), upper(start_range, end_range, now_ms)
    found: list[OccurrenceRow] = []
    for meeting in meetings:
        for row in _of(meeting, low, high, now_ms):
            if _inside(row.start, start_range) and _inside(row.end, end_range):
                found.append(row)
                if len(found) >= MAX_ROWS:
                    return Rows(_ordered(found, by_start, descending), True)
    return Rows(_ordered(found, by_start, descending), False)


def _of(meeting: Meeting, low: int | None, high: int, now_ms: int) -> Iterator[OccurrenceRow]:
    """The meeting's occurrences starting within ``low`` .. ``high`` (and some just before: the caller bounds
    them); what is upcoming is worked out only for a meeting that has one there."""
    series = meeting.recurrence
    if series is None:
        if (low is None or meeting.start_ts >= low) and meeting.start_ts <= high:
            upcoming = meetingstate.current(meeting, now_ms)
            yield OccurrenceRow(meeting, meeting.start_ts, meeting.start_ts + meeting.duration * 60,
                                meeting.start_ts, meeting.key, meeting.title, False,
                                upcoming is not None and upcoming.start == meeting.start_ts)
        return
    first, last_end = recurrence.span(series)
    if first > high or (low is not None and last_end is not None and last_end < low):
        return
    upcoming = meetingstate.current(meeting, now_ms)
    next_start = upcoming.start if upcoming is not None else None
    window_start = first if low is None else low
    for found in recurrence.occurrences(series, window_start, high + 1):
        changes = found.changes
        own_key = changes.get("key")
        yield OccurrenceRow(meeting, found.start_ts, found.end_ts, found.rule_ts,
                            own_key if isinstance(own_key, int) else meeting.key,
                            str(changes.get("title", meeting.title)), bool(changes), found.start_ts == next_start)


def upper(start_range: Range | None, end_range: Range | None, now_ms: int) -> int:
    """The latest start a listed occurrence may have: the start range's end, else the end range's, else a year
    after the call's instant (:data:`LOOKAHEAD_S`)."""
    for high in (_bound(start_range, 1), _bound(end_range, 1)):
        if high is not None:
            return high
    return now_ms // 1000 + LOOKAHEAD_S


def _ordered(found: list[OccurrenceRow], by_start: bool, descending: bool) -> list[OccurrenceRow]:
    if by_start:
        found.sort(key=lambda row: (row.start, row.key, row.rule_ts), reverse=descending)
    return found


def _bound(bounds: Range | None, side: int) -> int | None:
    return None if bounds is None else bounds[side]


def _inside(instant: int, bounds: Range | None) -> bool:
    if bounds is None:
        return True
    low, high = bounds
    return (low is None or instant >= low) and (high is None or instant <= high)
