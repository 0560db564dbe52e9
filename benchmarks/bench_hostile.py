"""The worst per-request work on the event loop, over adversarial requests under the body limit.

    python3 benchmarks/bench_hostile.py

Each request goes through the whole ASGI app in-process (body read, intake, validation, the journal
entry with its redaction, the request log at debug level into a null stream, the answer), best of N,
as a ratio to the seed CreateMeeting measured in the same run. Then the cost of reading the journal
after 200 refused CreateMeetings of 3,900 attendees each. Then (``stalls.py``) the delay the biggest calls under the
limits cause a concurrent small call, at 100,000 meetings built directly in the store.

    python3 benchmarks/bench_hostile.py --stalls-only --meetings 100000 --runs 3
"""

from __future__ import annotations

import argparse
import asyncio
import io
import logging
import time
import urllib.parse

import stalls
from harness import machine, per_call, report
from hostilekit import attacks, over_limits, with_topic
from webex import create_meeting, sample

from mockserver import API_PATH, Config, create_app
from mockserver.endpoint import INLINE_BODY_BYTES
from mockserver.logs import TextFormatter

LIMIT = 1024 * 1024
SEED = sample("seed-createmeeting-request.xml")


def _fill(unit: str, room: int = LIMIT - 64) -> str:
    return unit * (room // len(unit))


def _padded(size: int) -> str:
    """The seed-like CreateMeeting with a comment that brings it to about ``size`` characters."""
    plain = create_meeting()
    return plain.replace("</metaData>", "</metaData><!--" + "p" * (size - len(plain) - 7) + "-->")


def _attendees(count: int) -> str:
    people = "".join(f"<attendee><person><email>guest{i}@example.com</email></person></attendee>" for i in range(count))
    return create_meeting("<metaData><confName>Big</confName></metaData><participants><attendees>" + people
                          + "</attendees></participants><schedule><startDate>12/01/2026 10:00:00</startDate>"
                          "</schedule>", site="globex", user="host@globex.com")


def requests() -> dict[str, tuple[bytes, str]]:
    xml = "text/xml"
    cases: dict[str, tuple[bytes, str]] = {
        name: (body.encode(), xml) for name, body in {**attacks("file:///nonexistent", "http://127.0.0.1:9/x.dtd"),
                                                      **over_limits()}.items()}
    huge = "x" * 60_000
    many = "<participants><attendees>" + "<attendee><person><email>a@b.c</email></person></attendee>" * 600 \
           + "</attendees></participants>"
    cases.update({
        "1 MiB of <PW> open tags": (_fill("<PW>").encode(), xml),
        "1 MiB of <PW a='1'  (no '>')": (_fill("<PW a='1' ").encode(), xml),
        "1 MiB of <PW><![CDATA[": (_fill("<PW><![CDATA[").encode(), xml),
        "1 MiB of <password><!--": (_fill("<password><!--").encode(), xml),
        "1 MiB of secrets between stray tags": (_fill("<PW><meetingPassword>s3cret</meetingPassword>").encode(), xml),
        "1 MiB of ?PW= join URLs": (_fill("?PW=s3cret&amp;PW=").encode(), xml),
        "secret tags in a valid request (1 MiB)": (_padded(LIMIT - 64).replace("<!--", "<!--" + "<PW>" * 1000)
                                                   .encode(), xml),
        "form-encoded, 1 MiB": (("XML=" + urllib.parse.quote(_padded(LIMIT // 3))).encode(),
                                "application/x-www-form-urlencoded"),
        "UTF-16, 1 MiB": (_padded(LIMIT // 2 - 64).replace('encoding="UTF-8"', 'encoding="UTF-16"')
                          .encode("utf-16"), xml),
        "UTF-7, 1 MiB": (_padded(LIMIT // 2).replace('encoding="UTF-8"', 'encoding="UTF-7"').encode("utf-7"), xml),
        "3,900 attendees (refused, payload clipped)": (_attendees(3900).encode(), xml),
        "60,000-character webExID": (create_meeting(user=huge).encode(), xml),
        "60,000-character value explained by lxml": (create_meeting(
            "<metaData><confName>S</confName></metaData>" + many
            + f"<enableOptions><chat>{huge}</chat></enableOptions>").encode(), xml),
        "60,000-character xsi:type": (create_meeting().replace("CreateMeeting", "Create" + huge).encode(), xml),
        "text 64 KiB in 16 elements": (with_topic("x" * 65_000).encode(), xml),
    })
    inline = INLINE_BODY_BYTES - 64  # the largest bodies handled on the event loop itself
    cases.update({
        f"{inline // 1024} KiB of <PW a='1'  (no '>')": (_fill("<PW a='1' ", inline).encode(), xml),
        f"{inline // 1024} KiB of <PW> open tags": (_fill("<PW>", inline).encode(), xml),
        f"{inline // 1024} KiB of empty elements": (create_meeting(content=_fill("<a/>", inline - 600)).encode(), xml),
        f"{inline // 1024} KiB of attendees": (_attendees(inline // 76).encode(), xml),
        f"{inline // 1024} KiB of attributes": (create_meeting().replace("<metaData>", "<metaData " + " ".join(
            f"a{i}='1'" for i in range(30)) + ">").replace("<confName>", "<confName>" + "x" * (inline - 1500))
            .encode(), xml),
    })
    return {name: body for name, body in cases.items() if len(body[0]) <= LIMIT}


class Caller:
    """Calls the ASGI app in-process, as a server would, on one event loop."""

    def __init__(self) -> None:
        self.app = create_app(Config(random_seed=1))
        self.app.state.service.schema.explainer()  # loaded off the request path in a served app too
        self.loop = asyncio.new_event_loop()

    def __call__(self, body: bytes, content_type: str, method: str = "POST", path: str = API_PATH,
                 query: str = "") -> bytes:
        return self.loop.run_until_complete(self._call(body, content_type, method, path, query))

    async def _call(self, body: bytes, content_type: str, method: str, path: str, query: str) -> bytes:
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
                 "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query.encode(),
                 "root_path": "", "server": ("127.0.0.1", 8800), "client": ("127.0.0.1", 1),
                 "headers": [(b"host", b"localhost"), (b"content-type", content_type.encode()),
                             (b"content-length", str(len(body)).encode())]}
        chunks: list[bytes] = []

        async def receive() -> dict:
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(event: dict) -> None:
            chunks.append(event.get("body", b""))

        await self.app(scope, receive, send)
        return b"".join(chunks)


def _debug_log_to_nowhere() -> None:
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(TextFormatter())
    logger = logging.getLogger("mockserver.requests")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG)
    logger.propagate = False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=100_000, help="meetings stored for the stall table")
    parser.add_argument("--users", type=int, default=10_000, help="users added to the site for the stall table")
    parser.add_argument("--runs", type=int, default=3, help="runs of each big call (the least disturbed is shown)")
    parser.add_argument("--stalls-only", action="store_true", help="only the stall table")
    args = parser.parse_args()
    print(machine())
    _debug_log_to_nowhere()
    call = Caller()
    baseline = per_call(lambda: call(SEED, "text/xml"), 300)
    if not args.stalls_only:
        _requests(call, baseline)
    logging.getLogger("mockserver.requests").setLevel(logging.INFO)  # as served: a log line per call
    baseline = per_call(lambda: call(SEED, "text/xml"), 300)
    print(f"\nbaseline: seed CreateMeeting (ASGI in-process, info log) {baseline * 1000:.2f} ms")
    return 0 if stalls.run(args.meetings, args.users, args.runs, baseline) else 1


def _requests(call: Caller, baseline: float) -> None:
    rows, on_loop = [], []
    for name, (body, content_type) in requests().items():
        where = "loop" if len(body) <= INLINE_BODY_BYTES else "thread"

        def one(body: bytes = body, content_type: str = content_type) -> None:
            call(body, content_type)
        cost = per_call(one, 2, repeat=3)
        rows.append((f"{name:45} {len(body):>9,} B {where:6}", cost))
        if where == "loop":
            on_loop.append((cost, name))
        call.app.state.tenancy.get().journal.clear()
    rows.sort(key=lambda row: -row[1])
    report("Per-request work (ASGI in-process, debug log on), worst first; 'thread': handled off the event loop",
           "seed CreateMeeting", baseline, rows)
    worst, name = max(on_loop)
    print(f"worst request handled on the event loop (bodies up to {INLINE_BODY_BYTES:,} B): {name}, "
          f"{worst * 1000:.2f} ms = {worst / baseline:.1f} x the seed CreateMeeting")

    big = _attendees(3900).encode()
    for _ in range(200):
        call(big, "text/xml")
    started = time.perf_counter()
    page = call(b"", "text/plain", "GET", "/_mock/journal", "limit=1000")
    print(f"journal after 200 refused 3,900-attendee CreateMeetings: GET /_mock/journal?limit=1000 "
          f"{(time.perf_counter() - started) * 1000:.1f} ms, {len(page):,} bytes; journal holds "
          f"{call.app.state.tenancy.get().journal.size:,} characters in {len(call.app.state.tenancy.get().journal)} "
          "entries")


if __name__ == "__main__":
    raise SystemExit(main())
