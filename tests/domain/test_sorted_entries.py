"""The listing index (SortedEntries) reads exactly like the sorted list it replaced, and a change costs no more
than one chunk whatever its size."""

from __future__ import annotations

import bisect
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.domain.sortedentries import SortedEntries

entries = st.tuples(st.integers(0, 50), st.integers(0, 10_000))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), entries), max_size=400), st.integers(1, 8))
def test_reads_like_a_sorted_list(operations, chunk):
    index, expected = SortedEntries(), []
    index.CHUNK = chunk  # tiny chunks: every split and emptied chunk is exercised
    for adding, entry in operations:
        if adding:
            index.add(entry)
            bisect.insort(expected, entry)
        else:
            index.discard(entry)
            if entry in expected:
                expected.remove(entry)
    assert list(index) == expected and len(index) == len(expected) and index == expected
    assert [index[at] for at in range(-len(expected), len(expected))] == expected + expected
    for start in range(0, len(expected) + 2, 3):
        assert index[start:start + 7] == expected[start:start + 7]
    assert index[::-1] == expected[::-1]
    probe = (25, 0)
    assert bisect.bisect_left(index, probe) == bisect.bisect_left(expected, probe)


def test_built_from_entries_and_out_of_range():
    shuffled = [(at % 7, at) for at in range(2000)]
    random.Random(1).shuffle(shuffled)
    index = SortedEntries(shuffled)
    assert list(index) == sorted(shuffled)
    for wrong in (2000, -2001):
        try:
            index[wrong]
        except IndexError:
            continue
        raise AssertionError(f"index {wrong} should be out of range")


def test_a_change_moves_one_chunk_not_the_index():
    index = SortedEntries([(0, key) for key in range(100_000)])
    index.add((0, 50_000))  # a duplicate start and key in the middle
    largest = max(len(chunk) for chunk in index._chunks)
    assert largest <= 2 * SortedEntries.CHUNK and len(index) == 100_001
    index.discard((0, 50_000))
    index.discard((0, 50_000))
    assert len(index) == 99_999 and index[50_000] == (0, 50_001)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 50)), max_size=300), st.integers(1, 8))
def test_entries_later_than_all_are_appended_within_the_chunk_limit(steps, chunk):
    """The usual start index entry is later than every other (a start in the future, a new key): appended to the
    last chunk, which still splits at twice CHUNK, among a few entries that land earlier."""
    index, expected, start = SortedEntries(), [], 0
    index.CHUNK = chunk
    for step, key in steps:
        start += step
        entry = (start if step else start - 5, key)  # a step of 0: an earlier entry
        index.add(entry)
        bisect.insort(expected, entry)
        assert max((len(each) for each in index._chunks), default=0) <= 2 * chunk
        assert index._lasts == [each[-1] for each in index._chunks]
    assert list(index) == expected and index == expected
    assert max((len(each) for each in index._chunks), default=0) <= 2 * chunk


def _held(*entries):
    """Entries as a chunk holds them: one integer each, ``start << 64 | key``."""
    return [start << 64 | key for start, key in entries]


def test_an_entry_later_than_all_does_not_wait():
    index = SortedEntries([(0, 1)])
    index.add((5, 2))
    index.add((5, 3))
    assert index._pending == [] and index._chunks == [_held((0, 1), (5, 2), (5, 3))]
    index.add((1, 9))  # not at the end: waits for the next read
    assert index._pending == _held((1, 9)) and len(index) == 4
    assert index[1] == (1, 9) and index._pending == []


@pytest.mark.parametrize("entry", [(5, -1), (5, 2**64), (-3, 2**64 + 1)])
def test_a_key_outside_64_bits_is_refused_rather_than_misordered(entry):
    index = SortedEntries([(0, 1)])
    with pytest.raises(ValueError, match="key"):
        index.add(entry)
    assert list(index) == [(0, 1)]


def test_starts_before_1970_and_keys_at_the_limits_keep_their_order():
    entries = [(-86_400, 2**64 - 1), (-86_400, 0), (-1, 5), (0, 0), (0, 2**64 - 1), (1, 0), (2**40, 7)]
    index = SortedEntries(entries[3:])
    for entry in entries[:3]:
        index.add(entry)
    assert list(index) == sorted(entries) and index[0:2] == sorted(entries)[0:2]
    assert all(isinstance(entry, tuple) for entry in index)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.tuples(st.just("add"), entries), st.tuples(st.just("discard"), entries),
                          st.tuples(st.just("read"), st.integers(0, 500))), max_size=500),
       st.integers(1, 8), st.integers(1, 40))
def test_waiting_entries_merge_into_any_chunks(operations, chunk, pending):
    """Entries added out of order wait, and are merged (one by one, or chunk by chunk when many wait, or when
    PENDING of them wait) into chunks of any size: every read sees the sorted list, and the chunks keep their
    limit and their last entries."""
    import mockserver.domain.sortedentries as module
    kept = module.PENDING
    module.PENDING = pending
    try:
        index, expected = SortedEntries(), []
        index.CHUNK = chunk
        for operation, value in operations:
            if operation == "add":
                index.add(value)
                bisect.insort(expected, value)
            elif operation == "discard":
                index.discard(value)
                if value in expected:
                    expected.remove(value)
            elif expected:
                at = value % len(expected)
                assert index[at] == expected[at] and index[at:at + 3] == expected[at:at + 3]
            assert len(index) == len(expected) and len(index._pending) < pending
        assert list(index) == expected
        assert all(len(each) <= 2 * chunk for each in index._chunks)
        assert index._lasts == [each[-1] for each in index._chunks] and index._pending == []
    finally:
        module.PENDING = kept


def test_many_waiting_entries_merge_in_order():
    shuffled = [(at % 5, at) for at in range(20_000)]
    random.Random(2).shuffle(shuffled)
    index = SortedEntries(shuffled[:3000])
    for entry in shuffled[3000:]:
        index.add(entry)
    assert list(index) == sorted(shuffled)
    assert max(len(chunk) for chunk in index._chunks) <= 2 * SortedEntries.CHUNK
