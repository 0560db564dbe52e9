"""A sorted sequence of listing entries that stays cheap to change as it grows.

A site's listing indexes hold one ``(start, key)`` entry per meeting, in order. Kept as one Python list, each
new meeting moved half the list to make room (``bisect.insort``): at 100,000 meetings that was about 400 KB of
memory moved per list per CreateMeeting, a cost that grew with the store. Here the entries are kept in chunks of
at most ``2 * CHUNK``: a change moves at most one chunk. Reading by position (what listing's bisection and paging
do) finds the chunk by bisecting the chunks' start positions, worked out again after a change.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator, Sequence
from typing import overload

#: one listing index entry: (start instant in epoch seconds, meeting key)
IndexEntry = tuple[int, int]


class SortedEntries(Sequence[IndexEntry]):
    #: entries per chunk after a split (a chunk splits at twice this)
    CHUNK = 512

    def __init__(self, entries: list[IndexEntry] | None = None) -> None:
        ordered = sorted(entries or [])
        self._chunks: list[list[IndexEntry]] = [ordered[at:at + self.CHUNK]
                                                for at in range(0, len(ordered), self.CHUNK)]
        self._lasts: list[IndexEntry] = [chunk[-1] for chunk in self._chunks]
        self._length = len(ordered)
        self._starts: list[int] | None = None  # each chunk's first position; None: to work out again

    def add(self, entry: IndexEntry) -> None:
        if not self._chunks:
            self._chunks.append([entry])
            self._lasts.append(entry)
        elif entry >= self._lasts[-1] and len(self._chunks[-1]) < 2 * self.CHUNK:
            self._chunks[-1].append(entry)  # the usual start index entry: later than every other (no bisection)
            self._lasts[-1] = entry
        else:
            at = min(bisect.bisect_right(self._lasts, entry), len(self._chunks) - 1)
            chunk = self._chunks[at]
            bisect.insort(chunk, entry)
            self._lasts[at] = chunk[-1]
            if len(chunk) > 2 * self.CHUNK:
                self._chunks[at:at + 1] = [chunk[:self.CHUNK], chunk[self.CHUNK:]]
                self._lasts[at:at + 1] = [chunk[self.CHUNK - 1], chunk[-1]]
        self._length += 1
        self._starts = None

    def discard(self, entry: IndexEntry) -> None:
        """Remove ``entry`` if it is here."""
        at = bisect.bisect_left(self._lasts, entry)
        if at == len(self._chunks):
            return
        chunk = self._chunks[at]
        found = bisect.bisect_left(chunk, entry)
        if found == len(chunk) or chunk[found] != entry:
            return
        del chunk[found]
        if chunk:
            self._lasts[at] = chunk[-1]
        else:
            del self._chunks[at], self._lasts[at]
        self._length -= 1
        self._starts = None

    def chunks_taken(self) -> list[list[IndexEntry]]:
        """Every entry, in chunks, taken out: this sequence is empty after (to let go of them a chunk at a time)."""
        chunks, self._chunks, self._lasts, self._length, self._starts = self._chunks, [], [], 0, None
        return chunks

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[IndexEntry]:
        return itertools.chain.from_iterable(self._chunks)

    @overload
    def __getitem__(self, index: int) -> IndexEntry: ...

    @overload
    def __getitem__(self, index: slice) -> list[IndexEntry]: ...

    def __getitem__(self, index: int | slice) -> IndexEntry | list[IndexEntry]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            if step != 1:
                return list(self)[index]
            return self._span(start, stop) if start < stop else []
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("SortedEntries index out of range")
        starts = self._chunk_starts()
        at = bisect.bisect_right(starts, index) - 1
        return self._chunks[at][index - starts[at]]

    def _span(self, start: int, stop: int) -> list[IndexEntry]:
        starts = self._chunk_starts()
        at = bisect.bisect_right(starts, start) - 1
        found: list[IndexEntry] = []
        while at < len(self._chunks) and starts[at] < stop:
            chunk = self._chunks[at]
            found += chunk[max(start - starts[at], 0):stop - starts[at]]
            at += 1
        return found

    def _chunk_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0, *itertools.accumulate(len(chunk) for chunk in self._chunks)][:-1] or [0]
        return self._starts

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (SortedEntries, list)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __repr__(self) -> str:
        return f"SortedEntries({list(self)!r})"
