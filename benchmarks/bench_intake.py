"""CreateMeeting request path vs a plain lxml parse of the same bytes (the baseline), stage by stage.

Run: ``python benchmarks/bench_intake.py``. Every figure is the best of five runs, printed in µs and as a
ratio to an lxml parse measured in the same run (the machine may be loaded: compare ratios, not µs). The
stage table splits one in-process seed CreateMeeting into the steps of ``XMLService.handle`` and what
``endpoint.answer`` adds (journal, log line); the seed takes the fast intake (mockserver/xml/fastintake.py), and
the "tolerant" rows are the steps it replaces (the path of a request the fast intake leaves). "ASGI call" is the
whole app (Starlette routing, body read, the request path, journal, log) without a socket. The stage table counts
CPU time of this thread (best of five), which a loaded machine disturbs far less than wall-clock time. The render
table times the answer bodies of the seed CreateMeeting and of a GetMeeting of that meeting from the templates
(what the mock answers) and by the particle walk they are tested against (``render.tree_content``), and the
SUCCESS envelope around them.
"""

from __future__ import annotations

import asyncio
import io
import logging
import time
from collections.abc import Callable
from typing import Any

import featured
import pipeline
import smallest
from harness import per_call, report
from lxml import etree
from webex import create_meeting, message, sample

from mockserver import API_PATH, Config, create_app, logs
from mockserver.base.fidelity import Notes
from mockserver.controls.journal import Journal
from mockserver.domain.auth import authenticate, resolve_site
from mockserver.domain.sites import load_seed
from mockserver.domain.store import Store
from mockserver.xml import decoding, envelope, intake, journaled, render
from mockserver.xml.fastintake import FastIntake
from mockserver.xml.operations import OPERATIONS, Context
from mockserver.xml.service import XMLService

SEED = sample("seed-createmeeting-request.xml")
#: the seed's bytes as plain lxml reads them (the seed's serv: prefix is undeclared, as in Cisco's sample)
SEED_PLAIN = SEED.replace(b"serv:message", b"message")
PLAIN = create_meeting(root="message").encode()  # parseable by plain lxml
#: plain lxml refuses the sample's unbound ``serv:`` prefix unless it recovers (which costs about the same)
SAME_BYTES_PARSER = etree.XMLParser(recover=True)
INVALID = create_meeting("<metaData><confName>x</confName><agenda>" + "a" * 2600 + "</agenda></metaData>").encode()


def create_vs_parse(clock: Callable[[], float] = time.perf_counter) -> tuple[float, float]:
    """Seconds for one in-process seed CreateMeeting and for one lxml parse of the same bytes (goal: <= 13x)."""
    service = XMLService()
    store = Store.from_sites(load_seed(), seed=1)
    service.handle(SEED, "text/xml", store)  # load what the first call loads
    create = per_call(lambda: service.handle(SEED, "text/xml", store), 1000, clock=clock)
    return create, per_call(lambda: etree.fromstring(SEED, SAME_BYTES_PARSER), 2000, clock=clock)


def report_create_vs_parse() -> None:
    # CPU time of this thread throughout (an ASGI call is timed so): a loaded machine's steal stays out of the ratios
    create, parse = create_vs_parse(time.thread_time)
    needed = cpu_per_call(lambda: pipeline.answer(SEED), 1000)
    least = cpu_per_call(lambda: smallest.answer(SEED), 1000)
    report("CreateMeeting vs the same bytes (goal: <= 8x for the whole ASGI call)", "lxml parse of the seed request",
           parse, [("CreateMeeting end to end (seed)  ", create),
                   ("the mock's steps any answer needs", needed),
                   ("the smallest thing that could work", least),
                   ("  the same, a whole ASGI call     ", _asgi_per_call(1000, smallest.app)),
                   ("  with the features every call has", _asgi_per_call(1000, featured.app)),
                   ("the mock, a whole ASGI call      ", _asgi_per_call(1000))])
    print("  (benchmarks/pipeline.py: the mock's own decode, parse, XSD check, to_data, render -- no rules, store,\n"
          "   journal or authentication; benchmarks/smallest.py: a flat CreateMeeting that validates, authenticates,\n"
          "   applies the defaults, stores compactly, answers from a template and journals the masked request;\n"
          "   benchmarks/featured.py: that, with what every call of the mock pays for even unused -- a namespace, a\n"
          "   clock, faults and stubs looked for, notes, all the ids, the zone's clock changes, the answer masked too)")


def main() -> None:
    service = XMLService()
    store = Store.from_sites(load_seed(), seed=1)
    schema = service.schema
    fast = FastIntake(schema)
    call = intake.read(SEED, "text/xml")
    schema.explainer()  # load xmlschema before timing
    invalid_call = intake.read(INVALID, "text/xml")
    baseline = per_call(lambda: etree.fromstring(PLAIN), 2000)
    rows = [
        ("intake (decode, parse, normalise) ", per_call(lambda: intake.read(SEED, "text/xml"), 2000)),
        ("fast intake (parse, validate)    ", per_call(lambda: fast.read(SEED, Notes()), 2000)),
        ("lxml XSD validation              ", per_call(lambda: schema._validator.validate(call.message), 2000)),
        ("xmlschema validation (fail path) ",
         per_call(lambda: list(schema.explainer().iter_errors(invalid_call.message)), 50)),
        ("CreateMeeting end to end (seed)  ", per_call(lambda: service.handle(SEED, "text/xml", store), 1000)),
        ("refused CreateMeeting (agenda)   ", per_call(lambda: service.handle(INVALID, "text/xml", store), 100)),
        ("wrong password                   ",
         per_call(lambda: service.handle(SEED.replace(b"passw0rd", b"nope"), "text/xml", store), 1000)),
    ]
    report("CreateMeeting path (in-process, no HTTP)", "lxml parse of a small request", baseline, rows)
    report_create_vs_parse()
    stages(service)
    renders()
    smallest_stages()


def smallest_stages() -> None:
    """The smallest thing that could work (benchmarks/smallest.py), stage by stage, against the same lxml parse."""
    floor = cpu_per_call(lambda: etree.fromstring(SEED_PLAIN), 2000)
    print(f"\nThe smallest thing that could work, stage by stage (baseline: the same lxml parse, {floor * 1e6:.1f} µs)")
    print(f"  {'stage':32} {'µs':>8} {'× parse':>8}")
    for name, step in smallest.stages(SEED):
        seconds = cpu_per_call(step, 1000)
        print(f"  {name:32} {seconds * 1e6:8.1f} {seconds / floor:8.1f}")
    print("  what benchmarks/featured.py adds: the features every call of the mock has")
    for name, step in featured.stages(SEED):
        seconds = cpu_per_call(step, 1000)
        print(f"  {name:32} {seconds * 1e6:8.1f} {seconds / floor:8.1f}")


def stages(service: XMLService) -> None:
    """One seed CreateMeeting, step by step, against an lxml parse of the seed's own bytes."""
    store = Store.from_sites(load_seed(), seed=2)
    schema, model = service.schema, service.schema.model
    text = decoding.document_text(SEED, "text/xml")
    call = intake.read_document(text)
    schema.drop_empty(call.message, Notes())
    op = OPERATIONS["meeting.CreateMeeting"]
    principal = authenticate(store, resolve_site(store, call.credentials), call.credentials, op.needs_user)
    payload = model.to_data(call.payload, call.operation)
    inner = op.handler(Context(store, principal, store.now_ms()), payload)
    outcome = service.handle(SEED, "text/xml", store)
    journal = Journal()
    quiet, chatty = logging.getLogger("bench.quiet"), _chatty_logger()

    def record() -> object:
        return journal.record(namespace="default", request=outcome.request_text or "", response=outcome.body,
                              started=0.0, payload=outcome.payload, latency_ms=0.0, operation=outcome.operation,
                              site=outcome.site, user=outcome.user, result=outcome.result, exception_id=None,
                              reason=None, meeting_key=outcome.meeting_key, fault=None, notes=[],
                              payload_from=journaled.payload)  # as the endpoint records a call
    held = record()
    entry = journal.entry(held)
    fast, tolerant = FastIntake(schema), XMLService(schema, fast=False)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("fast intake (parse bytes, validate, read)", lambda: fast.read(SEED, Notes())),
        ("tolerant: decode (bytes -> text)", lambda: decoding.document_text(SEED, "text/xml")),
        ("tolerant: parse + normalise", lambda: intake.read_document(text)),
        ("tolerant: drop empty elements", lambda: schema.drop_empty(call.message, Notes())),
        ("tolerant: XSD check (lxml)", lambda: schema.check(call.message)),
        ("resolve site + authenticate",
         lambda: authenticate(store, resolve_site(store, call.credentials), call.credentials, op.needs_user)),
        ("to_data", lambda: model.to_data(call.payload, call.operation)),
        ("handler (rules, store, render)", lambda: op.handler(Context(store, principal, store.now_ms()), payload)),
        ("envelope", lambda: envelope.success(op.service, op.response_type, inner)),
        ("XMLService.handle (fast intake)", lambda: service.handle(SEED, "text/xml", store)),
        ("XMLService.handle, tolerant path", lambda: tolerant.handle(SEED, "text/xml", store)),
        ("journal.record (redact, clip)", record),
        ("journal entry read back", lambda: journal.entry(held)),  # its payload read from its request
        ("log line, INFO off", lambda: logs.request(quiet, entry)),  # type: ignore[arg-type]
        ("log line, INFO on (text)", lambda: logs.request(chatty, entry)),  # type: ignore[arg-type]
    ]
    floor = cpu_per_call(lambda: etree.fromstring(SEED_PLAIN), 2000)
    measured = [(name, cpu_per_call(step, 500)) for name, step in steps]
    measured.append(("ASGI call (Starlette + all)", _asgi_per_call(500)))
    whole = dict(measured)["XMLService.handle (fast intake)"]
    print(f"\nSeed CreateMeeting stage by stage (baseline: lxml parse of the seed's {len(SEED_PLAIN)} bytes, "
          f"{floor * 1e6:.1f} µs)")
    print(f"  {'stage':42} {'µs':>8} {'% of handle':>12} {'× parse':>8}")
    for name, seconds in measured:
        print(f"  {name:42} {seconds * 1e6:8.1f} {100 * seconds / whole:11.0f}% {seconds / floor:8.1f}")
    print(f"  one in-process CreateMeeting ÷ one lxml parse of the same bytes: ×{whole / floor:.1f}")


def renders() -> None:
    """The answer bodies of the seed CreateMeeting and of a GetMeeting of it: templates vs the particle walk."""
    service = XMLService()
    store = Store.from_sites(load_seed(), seed=4)
    rendered: list[tuple[str, dict[str, object]]] = []
    templated = render.content

    def noting(response_type: str, data: dict[str, object]) -> str:
        rendered.append((response_type, data))
        return templated(response_type, data)

    render.content = noting
    try:
        created = service.handle(SEED, "text/xml", store).meeting_key
        service.handle(message("meeting.GetMeeting", f"<meetingKey>{created}</meetingKey>").encode(), "text/xml",
                       store)
    finally:
        render.content = templated
    print("\nAnswer bodies: templates vs the particle walk (CPU µs, best of five)")
    print(f"  {'answer':28} {'bytes':>6} {'tree':>8} {'template':>9} {'÷':>6}")
    for response_type, data in rendered:
        assert render.content(response_type, data) == render.tree_content(response_type, data)
        tree = cpu_per_call(lambda: render.tree_content(response_type, data), 5000)  # noqa: B023
        template = cpu_per_call(lambda: render.content(response_type, data), 5000)  # noqa: B023
        size = len(render.content(response_type, data))
        print(f"  {response_type:28} {size:6} {tree * 1e6:8.2f} {template * 1e6:9.2f} {tree / template:6.2f}")
    inner = render.content(*rendered[0])
    around = cpu_per_call(lambda: envelope.success("meeting", "meet:createMeetingResponse", inner), 20000)
    print(f"  SUCCESS envelope around the CreateMeeting body: {around * 1e6:.2f} µs")


def cpu_per_call(fn: Callable[[], object], number: int) -> float:
    """CPU seconds of this thread per call (the best of five runs)."""
    return per_call(fn, number, clock=time.thread_time)


def _chatty_logger() -> logging.Logger:
    logger = logging.getLogger("bench.chatty")
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(logs.formatter("text"))
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger


def _asgi_per_call(number: int, app: Any = None) -> float:
    """A whole app called as an ASGI server calls it, no socket: seconds per seed CreateMeeting. ``app``: the mock's
    (made here) unless another is given."""
    app = app if app is not None else create_app(Config(random_seed=3))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": API_PATH, "raw_path": API_PATH.encode(), "query_string": b"",
             "root_path": "", "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 5000),
             "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"text/xml"),
                         (b"content-length", str(len(SEED)).encode())]}

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": SEED, "more_body": False}

    async def send(message: dict[str, object]) -> None:
        return None

    async def calls() -> None:
        for _ in range(number):
            await app(scope, receive, send)

    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(calls())  # what the first calls load
        return cpu_per_call(lambda: loop.run_until_complete(calls()), 1) / number
    finally:
        loop.close()


if __name__ == "__main__":
    main()
