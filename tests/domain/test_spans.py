"""The span index (mockserver/domain/spans.py) answers as a scan of every span does, and the REST ids of a series'
meetings (mockserver/domain/occurrenceids.py) read back."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from mockserver.domain.occurrenceids import MeetingId, instance_id, occurrence_id, parse_meeting_id
from mockserver.domain.recurrence import occurrences, span
from mockserver.domain.rrule import from_rrule
from mockserver.domain.spans import SpanIndex, scan

DAY = 86400


def test_the_index_finds_what_a_scan_finds_on_random_spans() -> None:
    rng = random.Random(11)
    index, spans = SpanIndex(), {}
    for key in range(6000):
        first = rng.randrange(0, 400 * DAY)
        kind = rng.random()
        end = None if kind < 0.03 else first + (0 if kind < 0.08 else rng.choice(
            [1, 1800, 3600, 5400, rng.randrange(DAY, 3650 * DAY)]))
        index.put(key, first, end)
        spans[key] = (first, end)
    for key in rng.sample(range(6000), 1500):  # removed, and some put again elsewhere
        index.discard(key)
        del spans[key]
        if rng.random() < 0.5:
            index.put(key, 10 * DAY + key, 10 * DAY + key + 3600)
            spans[key] = (10 * DAY + key, 10 * DAY + key + 3600)
    assert len(index) == len(spans)
    for _ in range(300):
        window_start = rng.randrange(-DAY, 500 * DAY)
        window_end = window_start + rng.choice([-5, 0, 1, 3600, 7 * DAY, 300 * DAY])
        assert index.overlapping(window_start, window_end) == list(scan(spans, window_start, window_end))
    assert index.span(next(iter(spans))) in spans.values()


def test_a_meeting_put_again_moves() -> None:
    index = SpanIndex()
    index.put(1, 100, 200)
    index.put(1, 1000, None)
    assert index.overlapping(100, 200) == [] and index.overlapping(5000, 5001) == [1]
    index.discard(1)
    index.discard(1)
    assert index.overlapping(0, 10 ** 9) == [] and len(index) == 0


def test_series_found_by_span_have_their_occurrences_in_the_window() -> None:
    start = int(datetime(2027, 1, 4, 9, tzinfo=UTC).timestamp())
    rules = {1: "FREQ=DAILY;COUNT=3650", 2: "FREQ=WEEKLY;BYDAY=FR;COUNT=3", 3: "FREQ=MONTHLY;BYDAY=2TU"}
    series = {key: from_rrule(text, start, "Europe/Berlin", 30).series for key, text in rules.items()}
    index = SpanIndex()
    for key, one in series.items():
        index.put(key, *span(one))
    week = (start + 100 * 7 * DAY, start + 101 * 7 * DAY)
    assert index.overlapping(*week) == [1, 3]
    assert len(list(occurrences(series[1], *week))) == 7


def test_occurrence_and_instance_ids_read_back() -> None:
    series_id = "870f51ff287b41be84648412901e0402"
    noon = int(datetime(2019, 11, 1, 12, tzinfo=UTC).timestamp())
    assert occurrence_id(series_id, noon) == "870f51ff287b41be84648412901e0402_20191101T120000Z"  # the spec's example
    assert parse_meeting_id(occurrence_id(series_id, noon)) == MeetingId("occurrence", series_id, noon)
    assert parse_meeting_id(instance_id(series_id, 167427437874906709)) \
        == MeetingId("instance", series_id, instance="167427437874906709")
    assert parse_meeting_id(series_id) == MeetingId("series", series_id)
    assert parse_meeting_id(f"{series_id}_20191341T120000Z") == MeetingId("series", f"{series_id}_20191341T120000Z")
