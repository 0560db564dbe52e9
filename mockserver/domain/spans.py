"""Which meetings can have an occurrence in a window, found without looking at every meeting.

Every meeting has a span (:func:`.recurrence.span`; a single meeting's is its start and end): the first start and
the last end, or no end for a series that never ends. :class:`SpanIndex` keeps the spans in classes by length --
class ``c`` holds the spans at least ``2**(c-1)`` and under ``2**c`` seconds long, each class sorted by start
(:class:`.sortedentries.SortedEntries`) -- and the never-ending ones sorted by start. A span of class ``c`` that
overlaps a window starts less than ``2**c`` seconds before it, so each class is bisected to the starts in
``(window_start - 2**c, window_end)``, and at most half of what that finds can end before the window. A query costs
about 40 bisections plus what it finds, whatever the store holds; adding or removing a span moves one chunk.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from .sortedentries import IndexEntry, SortedEntries

_LOWEST_KEY = -(2 ** 63)


class SpanIndex:
    """Keys (meeting keys) by span."""

    def __init__(self) -> None:
        self._classes: dict[int, SortedEntries] = {}
        self._open = SortedEntries()
        self._spans: dict[int, tuple[int, int | None]] = {}
        self._ends: dict[int, int] = {}  # a span's end as an overlap reads it: at least a second after its start

    def __len__(self) -> int:
        return len(self._spans)

    def put(self, key: int, first_start: int, last_end: int | None) -> None:
        """Index ``key`` by its span (``last_end`` None: it never ends); an earlier span of the key is replaced."""
        self.discard(key)
        self._spans[key] = (first_start, last_end)
        if last_end is not None:
            self._ends[key] = max(last_end, first_start + 1)
        self._entries(first_start, last_end).add((first_start, key))

    def discard(self, key: int) -> None:
        found = self._spans.pop(key, None)
        if found is not None:
            self._ends.pop(key, None)
            self._entries(*found).discard((found[0], key))

    def taken(self) -> list[object]:
        """The containers the index holds, for :func:`.retire.retire` to let go of a little at a time."""
        return [self._spans, self._ends, self._open, *self._classes.values()]

    def span(self, key: int) -> tuple[int, int | None] | None:
        return self._spans.get(key)

    def overlapping(self, window_start: int, window_end: int) -> list[int]:
        """The keys whose span overlaps ``[window_start, window_end)`` (start before its end, end after its start;
        a zero-length span at its start counts), by first start."""
        if window_end <= window_start:
            return []
        found = _starting(self._open, None, window_end)
        ends = self._ends
        for length_class, entries in self._classes.items():
            # those starting in the window overlap it; those starting before it, if they end after its start
            before = _starting(entries, window_start - (1 << length_class), window_start)
            found += [entry for entry in before if ends[entry[1]] > window_start]
            found += _starting(entries, window_start - 1, window_end)
        found.sort()
        return [key for _, key in found]

    def _entries(self, first_start: int, last_end: int | None) -> SortedEntries:
        if last_end is None:
            return self._open
        length_class = max(last_end - first_start, 0).bit_length()
        return self._classes.setdefault(length_class, SortedEntries())


def _starting(entries: SortedEntries, after: int | None, before: int) -> list[IndexEntry]:
    """The entries starting after ``after`` (None: any) and before ``before`` (a new list)."""
    low = 0 if after is None else bisect.bisect_right(entries, (after, -_LOWEST_KEY))
    high = bisect.bisect_left(entries, (before, _LOWEST_KEY))
    return entries[low:high] if low < high else []


def _ends_after(span: tuple[int, int | None], moment: int) -> bool:
    first, end = span
    return end is None or max(end, first + 1) > moment


def scan(spans: dict[int, tuple[int, int | None]], window_start: int, window_end: int) -> Iterator[int]:
    """The same answer as :meth:`SpanIndex.overlapping` by looking at every span (what the index saves; tests)."""
    for key, (first, end) in sorted(spans.items(), key=lambda item: (item[1][0], item[0])):
        if window_start < window_end and first < window_end and _ends_after((first, end), window_start):
            yield key
