"""Recurring meetings: what a window costs (mockserver/domain/recurrence.py, spans.py).

Run: ``python benchmarks/bench_series.py`` (``--help`` for sizes). Two tables, each against a baseline measured in
the same run; ratios matter (near 1: the cost does not grow with the series or the store), never asserted:

1. A one-week window of a daily series of 3,650 occurrences (ten years, the window in its eighth year) against the
   same window over a single meeting, and over a daily series of ten occurrences with as many in the week (so the
   ratio between the two daily rows is the series' length alone): the occurrences are computed on read, reached by
   period arithmetic. The walk from the first occurrence, which the arithmetic saves, is shown beside them.
2. A one-week window over 100,000 meetings (a tenth of them long series, a fifth of those without an end; then a
   hundredth), found by the span index, against one pass over every span (a filter, unsorted: the least a scan
   costs). Every series whose span holds the window is found, so the index's cost follows what it finds.
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, datetime

from harness import machine, per_call

from mockserver.domain import recurrence
from mockserver.domain.recurrence import occurrences, span
from mockserver.domain.rrule import from_rrule
from mockserver.domain.spans import SpanIndex, scan

DAY, WEEK = 86400, 7 * 86400
ZONE = "Europe/Berlin"


def ts(*wall: int) -> int:
    return int(datetime(*wall, tzinfo=UTC).timestamp())


def windows(repeat: int) -> None:
    start = ts(2027, 1, 4, 9)
    single = from_rrule("FREQ=DAILY;COUNT=1", start + 7 * 365 * DAY, ZONE, 30).series
    daily = from_rrule("FREQ=DAILY;COUNT=3650", start, ZONE, 30).series
    short = from_rrule("FREQ=DAILY;COUNT=10", start + 7 * 365 * DAY - DAY, ZONE, 30).series
    endless = from_rrule("FREQ=DAILY", start, ZONE, 30).series
    weekly = from_rrule("FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=1560", start, ZONE, 30).series
    for series in (single, daily, short, endless, weekly):
        span(series)  # a series' ends are worked out once, when it is made
    week = (start + 7 * 365 * DAY - DAY, start + 7 * 365 * DAY + 6 * DAY)
    found = {name: len(list(occurrences(series, *week))) for name, series in
             (("single", single), ("daily", daily), ("short", short), ("endless", endless), ("weekly", weekly))}
    baseline = per_call(lambda: list(occurrences(single, *week)), 2000, repeat)
    stop = datetime.fromtimestamp(week[1], UTC).date()
    rows = [
        (f"daily, 10 occurrences from that week ({found['short']} in the week)", per_call(
            lambda: list(occurrences(short, *week)), 2000, repeat)),
        (f"daily, 3,650 occurrences ({found['daily']} in the week)", per_call(
            lambda: list(occurrences(daily, *week)), 2000, repeat)),
        (f"daily, no end ({found['endless']} in the week)", per_call(
            lambda: list(occurrences(endless, *week)), 2000, repeat)),
        (f"weekly MO/WE/FR, 1,560 occurrences ({found['weekly']} in the week)", per_call(
            lambda: list(occurrences(weekly, *week)), 2000, repeat)),
        ("the walk the arithmetic saves: daily from its first occurrence to the week", per_call(
            lambda: [t for _, t in recurrence._starts(daily, 0, stop) if t < week[1]], 20, repeat)),
    ]
    print(f"1. one week (the eighth year), occurrences computed on read; {found['single']} occurrence in the "
          "baseline's week")
    print(f"  baseline  a single meeting: {baseline * 1e6:9.1f} µs  (ratio 1.0)")
    for name, seconds in rows:
        print(f"  {name}: {seconds * 1e6:9.1f} µs  ratio {seconds / baseline:6.1f}")


def index(count: int, repeat: int, seed: int, long_share: float) -> None:
    rng = random.Random(seed)
    spans: dict[int, tuple[int, int | None]] = {}
    begin = ts(2027, 1, 1)
    for key in range(count):
        first = begin + rng.randrange(0, 3 * 365 * DAY)
        kind = rng.random()
        if kind < long_share / 5:
            spans[key] = (first, None)  # never ends
        elif kind < long_share:
            spans[key] = (first, first + rng.randrange(30, 3650) * DAY)  # a series, a month to ten years
        else:
            spans[key] = (first, first + rng.choice([30, 60, 90]) * 60)
    built = SpanIndex()
    for key, (first, end) in spans.items():
        built.put(key, first, end)
    week = (begin + 400 * DAY, begin + 400 * DAY + WEEK)
    found = built.overlapping(*week)
    assert found == list(scan(spans, *week))  # the same answer (a check of the run, not a timing)
    def full_scan(window: tuple[int, int]) -> list[int]:  # the least a look at every span costs (no sorting)
        start, end = window
        return [key for key, (first, last) in spans.items()
                if first < end and (last is None or max(last, first + 1) > start)]

    baseline = per_call(lambda: full_scan(week), 3, repeat)
    indexed = per_call(lambda: built.overlapping(*week), 30, repeat)
    late = (begin + 2000 * DAY, begin + 2000 * DAY + WEEK)
    later = per_call(lambda: built.overlapping(*late), 30, repeat)
    print(f"2. a one-week window over {count:,} meetings ({sum(1 for s in spans.values() if s[1] is None):,} "
          f"never end, {sum(1 for s in spans.values() if s[1] and s[1] - s[0] > DAY):,} long series)")
    print(f"  baseline  one pass over every span ({len(found):,} found): {baseline * 1e3:9.2f} ms  (ratio 1.0)")
    print(f"  the span index, the same week: {indexed * 1e3:9.2f} ms  ratio {indexed / baseline:6.3f}")
    print(f"  the span index, a week past most single meetings ({len(built.overlapping(*late)):,} found): "
          f"{later * 1e3:9.2f} ms  ratio {later / baseline:6.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=23)
    args = parser.parse_args()
    print(machine())
    windows(args.repeat)
    index(args.meetings, args.repeat, args.seed, 0.10)
    index(args.meetings, args.repeat, args.seed, 0.01)


if __name__ == "__main__":
    main()
