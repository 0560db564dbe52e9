"""LstsummaryMeeting paging cost: a 100k-meeting site against a 100-meeting one.

Run: ``python benchmarks/bench_list.py`` (``--help`` for sizes). Both stores
are filled in the same run, in random start order (so the sorted indexes are
really maintained by insertion), then the same requests go through the whole
request path (intake, XSD validation, authentication, listing, rendering).
The ratio is what matters: near 1 means a page does not depend on how many
meetings the site holds.
"""

from __future__ import annotations

import argparse
import copy
import random
import time
from datetime import datetime, timedelta

from harness import per_call

from mockserver.domain import rules
from mockserver.domain.records import Meeting
from mockserver.domain.sites import load_seed
from mockserver.domain.store import Store
from mockserver.xml.service import XMLService

HOSTS = ("hostid@acme.com", "alice@acme.com", "admin@acme.com")
BINDING = "java:com.webex.service.binding.meeting.LstsummaryMeeting"

REQUESTS = {
    "admin, default order, page 1": ("admin@acme.com", "<listControl><maximumNum>10</maximumNum></listControl>"),
    "admin, default order, deep page": (
        "admin@acme.com", "<listControl><startFrom>{deep}</startFrom><maximumNum>10</maximumNum></listControl>"),
    "host, STARTTIME DESC": ("hostid@acme.com", "<order><orderBy>STARTTIME</orderBy><orderAD>DESC</orderAD></order>"),
    "admin, dateScope one day": (
        "admin@acme.com", "<dateScope><startDateStart>01/10/2027 00:00:00</startDateStart>"
                          "<startDateEnd>01/10/2027 23:59:59</startDateEnd></dateScope>"),
    "admin, CONFNAME (cached sort)": ("admin@acme.com", "<order><orderBy>CONFNAME</orderBy></order>"),
}


def filled_store(count: int, seed: int = 7) -> Store:
    store = Store.from_sites(load_seed(), seed=seed)
    site = store.sites["acme"]
    template, _ = rules.new_meeting(
        {"metaData": {"confName": "t"}, "schedule": {"startDate": "01/01/2027 08:00:00"}},
        site, site.user(HOSTS[0]), lambda: 1, store.now_ms())
    rng = random.Random(seed)
    begin = datetime(2027, 1, 1, 8, 0, 0)
    for number in rng.sample(range(count), count):
        data = dict(template)
        data["metaData"] = dict(template["metaData"], confName=f"Meeting {rng.randrange(10**6):06d}")
        start = begin + timedelta(minutes=30 * (number * 1000 // count) + number % 30)
        data["schedule"] = dict(template["schedule"], startDate=start.strftime(rules.DATE_FORMAT),
                                hostWebExID=HOSTS[number % 3])
        key = store.new_meeting_key()
        store.put_meeting(Meeting.from_blocks(copy.copy(data), key=key, site="acme", host=HOSTS[number % 3],
                                              uuid="u", mtid="m0", guest_token="g", host_key="1", event_id=1))
    return store


def request(user: str, content: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><serv:message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<header><securityContext><siteName>acme</siteName><webExID>{user}</webExID><password>passw0rd</password>"
            f'</securityContext></header><body><bodyContent xsi:type="{BINDING}">{content}</bodyContent></body>'
            f"</serv:message>").encode()


def timings(store: Store, body: bytes, number: int) -> tuple[float, float]:
    """(first call, best per-call time of the next runs), in seconds."""
    service = XMLService()
    started = time.perf_counter()
    outcome = service.handle(body, "text/xml", store)  # the first call also fills a cached sort
    first = time.perf_counter() - started
    assert outcome.result == "SUCCESS", outcome.reason
    return first, per_call(lambda: service.handle(body, "text/xml", store), number)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--number", type=int, default=200, help="calls per timed run (best of 5 runs)")
    args = parser.parse_args()
    stores = {}
    for count in (args.small, args.large):
        started = time.perf_counter()
        stores[count] = filled_store(count)
        print(f"filled {count:>7} meetings in {time.perf_counter() - started:6.2f} s")
    print(f"LstsummaryMeeting page (in-process, no HTTP), µs per call; ratio = {args.large} / {args.small} meetings")
    print(f"  {'request':32} {args.small:>9} {args.large:>9}  ratio  first call at {args.large} (ms)")
    for label, (user, content) in REQUESTS.items():
        (_, small), (first, large) = [
            timings(stores[count], request(user, content.format(deep=count // 2)), args.number)
            for count in (args.small, args.large)]
        print(f"  {label:32} {small * 1e6:9.1f} {large * 1e6:9.1f}  {large / small:5.2f} {first * 1e3:9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
