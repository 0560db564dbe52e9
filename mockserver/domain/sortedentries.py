"""A sorted sequence of listing entries that stays cheap to change as it grows.

A site's listing indexes hold one ``(start, key)`` entry per meeting, in order. Kept as one Python list, each
new meeting moved half the list to make room (``bisect.insort``): at 100,000 meetings that was about 400 KB of
memory moved per list per CreateMeeting, a cost that grew with the store. Here the entries are kept in chunks of
at most ``2 * CHUNK``: a change moves at most one chunk. Reading by position (what listing's bisection and paging
do) finds the chunk by bisecting the chunks' start positions, worked out again after a change.

An entry that does not belong at the end (a meeting starting before the latest, a key not the highest) is not
put in place when it is added: it waits, unsorted, until the sequence is next read (every read settles first) or
until :data:`PENDING` wait. Then they are sorted and put in place together, chunk by chunk in order. Put in place
one at a time, each cost bisections of the chunks and of a chunk whose memory lies anywhere in a large store's
heap, between the other stages of a create; a few at a time, in order, they cost the loaded server about 5 % less
of a REST create (docs/benchmarks.md). More waiting saves no more and pauses the loop longer.

A chunk holds each entry as one integer, ``start << 64 | key`` (in the same order: a key is from 0 to 2**64 - 1), and
reads give it back as the tuple. Held as a tuple, each comparison of a search read the tuple and both its integers,
three places in a large store's heap; as one integer, one (and 80 bytes less a meeting across its three indexes).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

#: one listing index entry: (start instant in epoch seconds, meeting key)
IndexEntry = tuple[int, int]
#: an entry as a chunk holds it, one integer: ``start << 64 | key`` (the same order; a key is from 0 to 2**64 - 1)
_SHIFT = 64
_UNIT = 1 << _SHIFT
#: entries that may wait unsorted before they are put in place without a read (1,024 paused the loop enough to lift
#: the paced p99 at 100,000 meetings; docs/benchmarks.md)
PENDING = 64


class SortedEntries(Sequence[IndexEntry]):
    #: entries per chunk after a split (a chunk splits at twice this)
    CHUNK = 512

    def __init__(self, entries: list[IndexEntry] | None = None) -> None:
        ordered = sorted(map(_packed, entries or []))
        self._chunks: list[list[int]] = []
        self._lasts: list[int] = []
        self._use(self._chunked(ordered))
        self._length = len(ordered)
        self._starts: list[int] | None = None  # each chunk's first position; None: to work out again
        self._pending: list[int] = []  # added, not yet in place (unsorted)

    def add(self, entry: IndexEntry) -> None:
        packed = _packed(entry)
        chunks = self._chunks
        if chunks and packed >= self._lasts[-1] and len(chunks[-1]) < 2 * self.CHUNK:
            chunks[-1].append(packed)  # the usual start index entry: later than every other (no bisection)
            self._lasts[-1] = packed
            self._starts = None
        else:
            self._pending.append(packed)
            if len(self._pending) >= PENDING:
                self._settle()
        self._length += 1

    def _settle(self) -> None:
        """Put the waiting entries in place (every read does this first)."""
        pending = self._pending
        if not pending:
            return
        self._pending = []
        self._starts = None
        pending.sort()
        if not self._chunks:
            self._use(self._chunked(pending))
        else:
            self._merge(pending)

    def _merge(self, pending: list[int]) -> None:
        """Put sorted ``pending`` in place, chunk by chunk in order: a chunk taking few of them takes each by a
        bisection from where the one before went; one taking many takes them in one merge (the two runs a sort
        finds). Then the chunks over twice CHUNK split."""
        chunks, lasts = self._chunks, self._lasts
        taken, count, at, last_at = 0, len(pending), 0, len(chunks) - 1
        limit, over = 2 * self.CHUNK, False
        while taken < count:
            at = min(bisect.bisect_right(lasts, pending[taken], at), last_at)
            upto = count if at == last_at else bisect.bisect_right(pending, lasts[at], taken)
            chunk = chunks[at]
            if (upto - taken) * 8 > len(chunk):
                chunk += pending[taken:upto]
                chunk.sort()
            else:
                low = 0
                for entry in pending[taken:upto]:
                    low = bisect.bisect_right(chunk, entry, low)
                    chunk.insert(low, entry)
                    low += 1
            lasts[at] = chunk[-1]
            taken = upto
            over = over or len(chunk) > limit
        if over:  # a chunk to split: the chunks made again (once in about CHUNK entries put in a chunk)
            split: list[list[int]] = []
            for chunk in chunks:
                if len(chunk) > limit:
                    split += self._chunked(chunk)
                else:
                    split.append(chunk)
            self._use(split)

    def _use(self, chunks: list[list[int]]) -> None:
        """Hold ``chunks`` (sorted, none empty), and their last entries."""
        self._chunks, self._lasts = chunks, [chunk[-1] for chunk in chunks]

    def _chunked(self, ordered: list[int]) -> list[list[int]]:
        """Sorted entries cut into chunks of CHUNK (the last shorter)."""
        return [ordered[at:at + self.CHUNK] for at in range(0, len(ordered), self.CHUNK)]

    def discard(self, entry: IndexEntry) -> None:
        """Remove ``entry`` if it is here."""
        self._settle()
        packed = _packed(entry)
        at = bisect.bisect_left(self._lasts, packed)
        if at == len(self._chunks):
            return
        chunk = self._chunks[at]
        found = bisect.bisect_left(chunk, packed)
        if found == len(chunk) or chunk[found] != packed:
            return
        del chunk[found]
        if chunk:
            self._lasts[at] = chunk[-1]
        else:
            del self._chunks[at], self._lasts[at]
        self._length -= 1
        self._starts = None

    def chunks_taken(self) -> list[list[int]]:
        """Every entry, in chunks (as they are held), taken out: this sequence is empty after (to let go of them a
        chunk at a time)."""
        chunks = self._chunks + ([self._pending] if self._pending else [])
        self._chunks, self._lasts, self._length, self._starts, self._pending = [], [], 0, None, []
        return chunks

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[IndexEntry]:
        self._settle()
        return _entries(itertools.chain.from_iterable(self._chunks))

    @overload
    def __getitem__(self, index: int) -> IndexEntry: ...

    @overload
    def __getitem__(self, index: slice) -> list[IndexEntry]: ...

    def __getitem__(self, index: int | slice) -> IndexEntry | list[IndexEntry]:
        if self._pending:
            self._settle()
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
        return divmod(self._chunks[at][index - starts[at]], _UNIT)

    def _span(self, start: int, stop: int) -> list[IndexEntry]:
        starts = self._chunk_starts()
        at = bisect.bisect_right(starts, start) - 1
        found: list[int] = []
        while at < len(self._chunks) and starts[at] < stop:
            chunk = self._chunks[at]
            found += chunk[max(start - starts[at], 0):stop - starts[at]]
            at += 1
        return list(_entries(found))

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


def _packed(entry: IndexEntry) -> int:
    start, key = entry
    if not 0 <= key < _UNIT:
        raise ValueError(f"an index entry's key is from 0 to 2**64 - 1: {entry!r}")
    return (start << _SHIFT) + key


def _entries(held: Iterable[int]) -> Iterator[IndexEntry]:
    """Entries as a chunk holds them, as the tuples they were."""
    return map(divmod, held, itertools.repeat(_UNIT))
