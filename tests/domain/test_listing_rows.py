"""A listing reads meetings as rows -- the held tuple and the store's facts -- never decoding them
(mockserver/domain/listquery.py), and sorts them in chunks (mockserver/base/chunked.py)."""

from __future__ import annotations

import random

import pytest
from storekit import fill_store

from mockserver.base.chunked import CHUNK, sorted_gently
from mockserver.domain.listquery import Row
from mockserver.domain.sites import load_seed
from mockserver.domain.store import Store


def test_a_row_reads_the_held_tuple_as_the_meeting_does():
    """Row's positions in the held tuple (Meeting.held()) stay in step with the meeting's own fields."""
    store = Store.from_sites(load_seed(), seed=3)
    key = fill_store(store, 1)[0]
    meeting = store.get_meeting("acme", key)
    row = Row(store.meetings["acme"][key], store.indexes.site_facts("acme")[key])
    assert (row.key, row.host, row.uuid, row.title, row.start) == (
        meeting.key, meeting.host, meeting.uuid, meeting.title, meeting.start_ts)
    data = meeting.data
    assert row.end == meeting.start_ts + int(data["schedule"]["duration"]) * 60
    assert row.meeting_type == int(data["metaData"]["meetingType"])


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("size", [10, CHUNK, 5 * CHUNK + 17])
def test_a_gentle_sort_is_sorted_and_stable(size, reverse):
    rng = random.Random(size)
    items = [(rng.randrange(50), at) for at in range(size)]  # many ties: stability shows
    assert sorted_gently(items, key=lambda item: item[0], reverse=reverse) == sorted(
        items, key=lambda item: item[0], reverse=reverse)
