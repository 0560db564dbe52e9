"""How long the biggest calls under the limits delay a concurrent small call, at 100,000 meetings (issue 20, item 6).

Used by ``bench_hostile.py`` (``--meetings N``, ``--stalls-only``). The store is filled directly
(``tests/kits/storekit.py``: no HTTP, no XML), then each big call goes through the whole ASGI app in-process on one
event loop while a probe sends small calls back to back on the same loop: ``GET /_mock/health`` and a GetMeeting.
A probe's delay is the time from the end of the previous probe to the end of this one, so a loop held by the big
call (or a store lock it holds) shows up whenever it happens. Each kind runs ``runs`` times; the table shows the
least disturbed run (the smallest worst delay), as the other benchmarks show the best of N.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Awaitable, Callable

from harness import median
from storekit import add_users, fill_store
from webex import create_meeting, message

from mockserver import API_PATH, Config, create_app
from mockserver.domain import retire

ADMIN = {"user": "admin@acme.com"}
#: the goal: no call under the limits delays a small call by more than this many seed CreateMeetings (or 25 ms)
GOAL_RATIO, GOAL_FLOOR = 50, 0.025


class Asgi:
    """In-process ASGI calls on the running event loop."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, method: str, path: str, query: str = "", body: bytes = b"",
                      content_type: str = "text/xml") -> int:
        """The call's answer, as the number of its body's bytes (a client joining 265 MB would hold the loop)."""
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
                 "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query.encode(),
                 "root_path": "", "server": ("127.0.0.1", 8800), "client": ("127.0.0.1", 1),
                 "headers": [(b"host", b"localhost"), (b"content-type", content_type.encode()),
                             (b"content-length", str(len(body)).encode())]}
        size = 0
        sent = False

        async def receive() -> dict:
            nonlocal sent
            if sent:
                await asyncio.sleep(3600)  # the client never disconnects while the answer streams
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(event: dict) -> None:
            nonlocal size
            size += len(event.get("body", b""))

        await self.app(scope, receive, send)
        return size

    async def xml(self, operation: str, content: str = "", **kw: str) -> int:
        return await self("POST", API_PATH, body=message(operation, content, **kw).encode())


Big = Callable[[], Awaitable[int]]


def big_calls(call: Asgi, refill: Callable[[], object]) -> dict[str, tuple[Big, Callable[[], object] | None]]:
    """Name -> (the big call, what to do before each run, untimed: the resets refill the site first)."""
    lst, session = "meeting.LstsummaryMeeting", "ep.LstsummarySession"
    everything = "<listControl><maximumNum>100000</maximumNum></listControl>"

    async def confname_after_change() -> int:
        await call("POST", API_PATH, body=create_meeting().encode())
        return await call.xml(lst, "<order><orderBy>CONFNAME</orderBy></order>", **ADMIN)

    calls: dict[str, Big] = {
        "LstsummarySession maximumNum=100000": lambda: call.xml(session, everything, **ADMIN),
        "LstsummaryMeeting maximumNum=100000": lambda: call.xml(lst, everything, **ADMIN),
        "LstsummaryMeeting dateScope endDateStart": lambda: call.xml(
            lst, "<dateScope><endDateStart>01/05/2027 00:00:00</endDateStart></dateScope>", **ADMIN),
        "LstsummaryMeeting listMethod OR": lambda: call.xml(
            lst, "<listControl><listMethod>OR</listMethod></listControl><hostWebExID>alice@acme.com</hostWebExID>"
                 "<dateScope><startDateStart>01/05/2027 00:00:00</startDateStart></dateScope>", **ADMIN),
        "LstsummaryMeeting orderBy CONFNAME after a change": confname_after_change,
        "LstsummaryMeeting orderBy HOSTWEBEXID DESC, deep page": lambda: call.xml(
            lst, "<listControl><startFrom>50000</startFrom><maximumNum>500</maximumNum></listControl>"
                 "<order><orderBy>HOSTWEBEXID</orderBy><orderAD>DESC</orderAD></order>", **ADMIN),
        "LstsummarySession confName and sessionTypes": lambda: call.xml(
            session, "<confName>Meeting 9</confName><sessionTypes><sessionType>1</sessionType></sessionTypes>",
            **ADMIN),
        "DelMeetingAttendee unknown attendeeID": lambda: call.xml(
            "attendee.DelMeetingAttendee", "<attendeeID>999999999</attendeeID>", **ADMIN),
        "LstsummaryUser 10,000 users, maximumNum=100000": lambda: call.xml(
            "user.LstsummaryUser", everything + "<order><orderBy>EMAIL</orderBy></order>", **ADMIN),
        "GET /_mock/sites/acme/meetings": lambda: call("GET", "/_mock/sites/acme/meetings"),
        "GET /_mock/sites/acme/meetings?limit=1000": lambda: call("GET", "/_mock/sites/acme/meetings",
                                                                  "limit=1000"),
        "GET /_mock/page/overview": lambda: call("GET", "/_mock/page/overview"),
        "GET /_mock/state (the whole export)": lambda: call("GET", "/_mock/state"),
    }
    resets: dict[str, Big] = {
        "POST /_mock/reset?site=acme (the site)": lambda: call("POST", "/_mock/reset", "site=acme"),
        "POST /_mock/reset (the namespace)": lambda: call("POST", "/_mock/reset"),
    }
    return {**{name: (big, None) for name, big in calls.items()},
            **{name: (big, refill) for name, big in resets.items()}}


async def _stall(call: Asgi, big: Big, key: int) -> tuple[float, float, int]:
    """(the big call's time, the worst delay of a small call meanwhile, the answer's bytes)."""
    get = message("meeting.GetMeeting", f"<meetingKey>{key}</meetingKey>", **ADMIN).encode()
    running, worst = True, 0.0

    async def probe() -> None:
        nonlocal worst
        last = time.perf_counter()
        while running:
            await asyncio.sleep(0)
            await call("GET", "/_mock/health")
            now = time.perf_counter()
            worst, last = max(worst, now - last), now
            await asyncio.sleep(0)
            await call("POST", API_PATH, body=get)
            now = time.perf_counter()
            worst, last = max(worst, now - last), now

    prober = asyncio.create_task(probe())
    await asyncio.sleep(0.01)
    started = time.perf_counter()
    size = await big()
    took = time.perf_counter() - started
    running = False
    await prober
    return took, worst, size


def run(meetings: int, users: int, runs: int, baseline: float) -> bool:
    """Print the table; True when every kind is within the goal."""
    app = create_app(Config(random_seed=1))
    tenancy = app.state.tenancy

    def refill() -> list[int]:  # no reference kept here: a reset lets every meeting go
        tenancy.reset()
        retire.settle()
        store = tenancy.get().store
        keys = fill_store(store, meetings)
        add_users(store, users)
        return keys

    started = time.perf_counter()
    key = refill()[0]
    print(f"\nfilled {meetings:,} meetings and {users:,} users in {time.perf_counter() - started:.1f} s")
    goal = max(GOAL_RATIO * baseline, GOAL_FLOOR)
    print(f"Stalls at {meetings:,} meetings: the worst delay of a concurrent small call (GET /_mock/health, "
          f"GetMeeting) while the big call runs, least disturbed of {runs}; goal: at most "
          f"{goal * 1000:.1f} ms (max of {GOAL_RATIO} x the seed CreateMeeting, {GOAL_FLOOR * 1000:.0f} ms)")
    print(f"  {'big call':52} {'its time':>10} {'bytes':>12} {'worst delay':>12} {'ratio':>7} {'median run':>11}")
    within = True
    loop = asyncio.new_event_loop()
    call = Asgi(app)
    for name, (big, prepare) in big_calls(call, refill).items():
        results = []
        for _ in range(runs):
            if prepare is not None:
                key = prepare()[0]
                gc.collect()
            results.append(loop.run_until_complete(_stall(call, big, key)))
        took, worst, size = min(results, key=lambda r: r[1])
        within &= worst <= goal
        typical = median([r[1] for r in results])
        print(f"  {name:52} {took * 1000:8.1f} ms {size:>12,} {worst * 1000:9.1f} ms {worst / baseline:7.1f} "
              f"{typical * 1000:8.1f} ms{'' if worst <= goal else '  OVER'}")
    loop.close()
    return within
