"""Recurring meetings: what a window costs (mockserver/domain/recurrence.py, spans.py).

Run: ``python benchmarks/bench_series.py`` (``--help`` for sizes). Two tables, each against a baseline measured in
the same run; ratios matter (near 1: the cost does not grow with the series or the store), never asserted:

1. A one-week window of a daily series of 3,650 occurrences (ten years, the window in its eighth year) against the
   same window over a single meeting, and over a daily series of ten occurrences with as many in the week (so the
   ratio between the two daily rows is the series' length alone): the occurrences are computed on read, reached by
   period arithmetic. The walk from the first occurrence, which the arithmetic saves, is shown beside them.
2. The same through the REST face's real list path (``GET /v1/meetings``, in process: routing, authentication, the
   span index, the occurrences, the answer's JSON): a one-week window in the eighth year of a 3,650-occurrence daily
   series against the same window over a single meeting, listed as series and as occurrences; and over XML,
   ``ep.LstsummarySession`` with ``recurrence`` true (each occurrence a session).
3. A one-week window over 100,000 meetings (a tenth of them long series, a fifth of those without an end; then a
   hundredth), found by the span index, against one pass over every span (a filter, unsorted: the least a scan
   costs). Every series whose span holds the window is found, so the index's cost follows what it finds.
4. Over XML, ``ep.LstsummarySession`` with ``recurrence`` true, one week over 100,000 meetings of one host (1 %
   daily series), against one pass over every stored meeting: the meetings starting in the week come from the
   start index, the series starting before it from the span index.
"""

from __future__ import annotations

import argparse
import asyncio
import random
from datetime import UTC, datetime

import httpx
from harness import machine, per_call

from mockserver import create_app
from mockserver.config import Config
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


TOKEN = {"Authorization": "Bearer acme-hostid-access-token"}


def listing(repeat: int) -> None:
    """GET /v1/meetings in process over a store of one meeting: a single one, or a long daily series."""
    start = ts(2027, 1, 4, 9)
    eighth = start + 7 * 365 * DAY
    week = {"from": datetime.fromtimestamp(eighth - DAY, UTC).isoformat(),
            "to": datetime.fromtimestamp(eighth + 6 * DAY, UTC).isoformat()}
    loop = asyncio.new_event_loop()

    def app_with(rule: str | None, first: int) -> tuple[httpx.AsyncClient, str]:
        app = create_app(Config(random_seed=23))
        app.state.tenancy.get().store.clock.freeze(start * 1000)
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://localhost")
        body = {"title": "Standup", "start": datetime.fromtimestamp(first, UTC).isoformat(),
                "end": datetime.fromtimestamp(first + 1800, UTC).isoformat(), "timezone": ZONE}
        made = loop.run_until_complete(client.post("/v1/meetings", json=body, headers=TOKEN)).json()
        if rule is not None:  # straight into the store: REST caps a series at five years ahead
            store = app.state.tenancy.get().store
            meeting = store.get_meeting("acme", int(made["meetingNumber"]))
            series = from_rrule(rule, first, ZONE, 30).series
            store.put_meeting(meeting.replaced(series=series.to_dict()))
        return client, made["id"]

    def get(client: httpx.AsyncClient, **query: str) -> int:
        response = loop.run_until_complete(client.get("/v1/meetings", params={**week, **query}, headers=TOKEN))
        assert response.status_code == 200, response.text
        return len(response.json()["items"])

    single, single_id = app_with(None, eighth)
    daily, daily_id = app_with("FREQ=DAILY;COUNT=3650", start)
    short, short_id = app_with("FREQ=DAILY;COUNT=10", eighth - DAY)
    baseline = per_call(lambda: get(single), 300, repeat)
    rows = [
        (f"daily, 3,650 occurrences, listed as its series ({get(daily)} item)", lambda: get(daily)),
        (f"a single meeting, its occurrences ({get(single, meetingSeriesId=single_id)} item)",
         lambda: get(single, meetingSeriesId=single_id)),
        (f"daily, 10 occurrences from that week, its occurrences ({get(short, meetingSeriesId=short_id)} items)",
         lambda: get(short, meetingSeriesId=short_id)),
        (f"daily, 3,650 occurrences, its occurrences ({get(daily, meetingSeriesId=daily_id)} items)",
         lambda: get(daily, meetingSeriesId=daily_id)),
    ]
    print("2. GET /v1/meetings, one week (the eighth year), in process")
    print(f"  baseline  a single meeting, listed as its series: {baseline * 1e6:9.1f} µs  (ratio 1.0)")
    for name, fn in rows:
        seconds = per_call(fn, 300, repeat)
        print(f"  {name}: {seconds * 1e6:9.1f} µs  ratio {seconds / baseline:6.1f}")
    xml_rows(loop, single, daily, short, eighth, repeat)
    loop.close()


def xml_rows(loop: asyncio.AbstractEventLoop, single: httpx.AsyncClient, daily: httpx.AsyncClient,
             short: httpx.AsyncClient, eighth: int, repeat: int) -> None:
    """The same week over XML: ep.LstsummarySession with recurrence true, every occurrence a session."""
    def day(ts: int) -> str:
        return datetime.fromtimestamp(ts, UTC).strftime("%m/%d/%Y %H:%M:%S")

    body = ('<serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><header><securityContext><siteName>acme'
            '</siteName><webExID>hostid@acme.com</webExID><password>passw0rd</password></securityContext></header><body>'
            '<bodyContent xsi:type="java:com.webex.service.binding.ep.LstsummarySession"><listControl>'
            '<maximumNum>100</maximumNum></listControl><dateScope><startDateStart>' + day(eighth - DAY) +
            '</startDateStart><startDateEnd>' + day(eighth + 6 * DAY) + '</startDateEnd></dateScope>'
            '<recurrence>true</recurrence></bodyContent></body></serv:message>')

    def post(client: httpx.AsyncClient) -> int:
        response = loop.run_until_complete(client.post("/WBXService/XMLService", content=body))
        assert b"SUCCESS" in response.content, response.text
        return response.content.count(b"<ep:session>")

    baseline = per_call(lambda: post(single), 300, repeat)
    print("   over XML, ep.LstsummarySession with recurrence true (every occurrence a session)")
    print(f"  baseline  a single meeting ({post(single)} session): {baseline * 1e6:9.1f} µs  (ratio 1.0)")
    for name, client in ((f"daily, 10 occurrences from that week ({post(short)} sessions)", short),
                         (f"daily, 3,650 occurrences ({post(daily)} sessions)", daily)):
        seconds = per_call(lambda one=client: post(one), 300, repeat)
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
    print(f"3. a one-week window over {count:,} meetings ({sum(1 for s in spans.values() if s[1] is None):,} "
          f"never end, {sum(1 for s in spans.values() if s[1] and s[1] - s[0] > DAY):,} long series)")
    print(f"  baseline  one pass over every span ({len(found):,} found): {baseline * 1e3:9.2f} ms  (ratio 1.0)")
    print(f"  the span index, the same week: {indexed * 1e3:9.2f} ms  ratio {indexed / baseline:6.3f}")
    print(f"  the span index, a week past most single meetings ({len(built.overlapping(*late)):,} found): "
          f"{later * 1e3:9.2f} ms  ratio {later / baseline:6.3f}")


def xml_window(count: int, repeat: int, seed: int) -> None:
    """ep.LstsummarySession with recurrence true, one week, over ``count`` meetings of one host (1 % daily series
    of 1,000 occurrences), against one pass over every stored meeting (the least the walk it replaced cost)."""
    from mockserver.domain.records import Meeting
    from mockserver.xml.service import XMLService

    service = XMLService()
    app = create_app(Config(random_seed=seed))
    store = app.state.tenancy.get().store
    made = service.handle(XML_CREATE, "text/xml", store)
    base = store.get_meeting("acme", int(made.meeting_key or 0))
    rnd = random.Random(seed)
    first = ts(2027, 1, 4, 9)
    for i in range(count):
        start = first + rnd.randrange(0, 3 * 365 * DAY)
        meeting = base.replaced(key=store.new_meeting_key(), start_ts=start)
        if i % 100 == 0:
            meeting = meeting.replaced(series=from_rrule("FREQ=DAILY;COUNT=1000", start, "UTC", 60).series.to_dict())
        store.put_meeting(meeting)
    body = XML_WEEK.encode()
    answer = service.handle(body, "text/xml", store)
    assert answer.result == "SUCCESS", answer.body
    total = answer.body.split(b"<serv:total>")[1].split(b"<")[0].decode()

    def walk() -> int:
        with store.lock:
            held = list(store.meetings["acme"].values())
        return sum(1 for one in held if Meeting.from_held(one).start_ts)

    baseline = per_call(walk, 3, repeat)
    listed = per_call(lambda: service.handle(body, "text/xml", store), 3, repeat)
    print(f"4. over XML, ep.LstsummarySession with recurrence true, one week over {count:,} meetings "
          f"({count // 100:,} daily series), {total} occurrences")
    print(f"  baseline  one pass over every stored meeting: {baseline * 1e3:9.2f} ms  (ratio 1.0)")
    print(f"  the listing (start index and span index, then the occurrences): {listed * 1e3:9.2f} ms  "
          f"ratio {listed / baseline:6.3f}")


XML_CREATE = (b'<serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service" '
              b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><header><securityContext><siteName>acme'
              b'</siteName><webExID>hostid@acme.com</webExID><password>passw0rd</password></securityContext></header>'
              b'<body><bodyContent xsi:type="java:com.webex.service.binding.meeting.CreateMeeting"><metaData>'
              b'<confName>Bench</confName></metaData><schedule><startDate>01/04/2027 10:00:00</startDate></schedule>'
              b'</bodyContent></body></serv:message>')
XML_WEEK = XML_CREATE.decode().replace(
    "meeting.CreateMeeting", "ep.LstsummarySession").replace(
    "<metaData><confName>Bench</confName></metaData><schedule><startDate>01/04/2027 10:00:00</startDate></schedule>",
    "<dateScope><startDateStart>06/01/2027 00:00:00</startDateStart><startDateEnd>06/07/2027 23:59:59"
    "</startDateEnd></dateScope><recurrence>true</recurrence>")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=23)
    args = parser.parse_args()
    print(machine())
    windows(args.repeat)
    listing(args.repeat)
    index(args.meetings, args.repeat, args.seed, 0.10)
    index(args.meetings, args.repeat, args.seed, 0.01)
    xml_window(args.meetings, args.repeat, args.seed)


if __name__ == "__main__":
    main()
