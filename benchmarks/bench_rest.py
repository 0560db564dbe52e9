"""The REST create (``POST /v1/meetings``) stage by stage, in process, against the pipeline ceiling.

Run: ``python benchmarks/bench_rest.py``. The baseline is ``pipeline.rest_answer``: the JSON read into the mock's
request model, the REST face's checks and the answer, encoded (what any REST create answer needs). The whole
ASGI call is then measured (best of five runs of 1,000 creates, CPU time of this thread, which a loaded machine
disturbs far less than wall-clock time), beside the smallest REST create that could work (``smallest_rest.py``) and
the same with the features every call of the mock has (``featured_rest.py``), each as a whole ASGI call, and split
into stages by timing the functions each stage is, over one more run: the stage table says where the time of a
create goes, each stage in µs and as a share of the whole. Nothing is asserted.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import json
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import featured
import pipeline
import smallest
from harness import machine, per_call, report

from mockserver import Config, create_app
from mockserver.domain import meetings as domain_meetings
from mockserver.domain import plans, rules
from mockserver.domain.store import Store
from mockserver.rest import endpoint, planned, shapes
from mockserver.rest.calls import Call

START = (datetime.now(UTC) + timedelta(days=1)).replace(second=0, microsecond=0)
_titles = itertools.count()

#: (label, owner, attribute): the functions each stage is (a stage's time includes the stages it calls)
STAGES: list[tuple[str, Any, str]] = [
    ("the handler (endpoint._handle)", endpoint, "_handle"),
    ("  read the JSON (Call.json)", Call, "json"),
    ("  the kind of meeting (plans.kind)", plans, "kind"),
    ("  made from its plan and stored (plans.made)", plans, "made"),
    ("    the store's put and indexes", Store, "put_meeting"),
    ("  the answer from its plan (planned.answer)", planned, "answer"),
    ("  (the first of a kind) the meeting rules (rules.new_meeting)", rules, "new_meeting"),
    ("  (the first of a kind) store it (meetings.made)", domain_meetings, "made"),
    ("  (the first of a kind) shape the answer (shapes.meeting)", shapes, "meeting"),
    ("journal (endpoint._journal)", endpoint, "_journal"),
]


def body(**more: str) -> bytes:
    end = START + timedelta(minutes=30)
    return json.dumps({"title": f"REST meeting {next(_titles)}", "start": START.isoformat(),
                       "end": end.isoformat(), **more}).encode()


def asgi_create(app: Any, **more: str) -> Callable[[], None]:
    """One REST create through the app's ASGI interface, as uvicorn calls it (no socket); ``more``: more fields of
    the body."""
    loop = asyncio.new_event_loop()

    async def call() -> None:
        sent = body(**more)
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
                 "scheme": "http", "path": "/v1/meetings", "raw_path": b"/v1/meetings", "query_string": b"",
                 "root_path": "", "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8800),
                 "headers": [(b"host", b"127.0.0.1:8800"), (b"content-type", b"application/json"),
                             (b"authorization", b"Bearer acme-hostid-access-token"),
                             (b"content-length", str(len(sent)).encode())]}
        messages = [{"type": "http.request", "body": sent, "more_body": False}]
        answers: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return messages.pop() if messages else {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            answers.append(message)

        await app(scope, receive, send)
        assert answers[0]["status"] == 200, answers

    return lambda: loop.run_until_complete(call())


def stage_table(create: Callable[[], None], calls: int = 1000) -> dict[str, float]:
    """Seconds of this thread's CPU per create spent in each stage, over ``calls`` creates."""
    spent: Counter[str] = Counter()
    originals = [(owner, name, getattr(owner, name)) for _, owner, name in STAGES]
    for label, owner, name in STAGES:
        setattr(owner, name, _timed(label, getattr(owner, name), spent))
    try:
        for _ in range(calls):
            create()
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
    return {label: spent[label] / calls for label, _, _ in STAGES}


def _timed(label: str, function: Callable[..., Any], spent: Counter[str]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.thread_time() - started
    return timed


def _warmed(create: Callable[[], None]) -> Callable[[], None]:
    """``create``, called 300 times first (what the first calls load)."""
    for _ in range(300):
        create()
    return create


def main() -> None:
    print(f"bench_rest: {machine()}")
    app = create_app(Config(random_seed=1))
    create = _warmed(asgi_create(app))
    gc.collect()
    gc.freeze()  # as the server does after start (cli.py)
    whole = per_call(create, 1000, clock=time.thread_time)
    ceiling = per_call(lambda: pipeline.rest_answer(body()), 2000, clock=time.thread_time)
    flat = [(name, per_call(_warmed(asgi_create(flat_app)), 1000, clock=time.thread_time))
            for name, flat_app in (("  the smallest thing, whole ASGI", smallest.app),
                                   ("  with the features, whole ASGI", featured.app))]
    report("REST create in process (the ceiling: JSON read, the REST checks, the answer)", "pipeline.rest_answer",
           ceiling, [("whole ASGI REST create        ", whole), *flat])
    print(f"  the mock ÷ the smallest thing with the features: {whole / flat[1][1]:.2f}  (benchmarks/featured_rest.py: "
          "what any faithful REST create with the features every call of the mock has must do)")
    in_utc = per_call(_warmed(asgi_create(app, timezone="UTC")), 1000, clock=time.thread_time)
    print(f"  a create sending \"timezone\": \"UTC\" (a zone outside the WebEx table): {in_utc * 1e6:.1f} µs, "
          f"{in_utc / whole:.2f} × one sending no zone")
    print("\nwhere a create's time goes (CPU of this thread, one run of 1,000 creates; a stage includes the "
          "stages under it)")
    stages = stage_table(create)
    for label, seconds in stages.items():
        print(f"  {label:50s} {seconds * 1e6:8.1f} µs  {seconds / whole:6.1%}")
    rest = whole - stages[STAGES[0][0]] - stages["journal (endpoint._journal)"]
    print(f"  {'the rest (ASGI, routing, token, faults, sending)':50s} {rest * 1e6:8.1f} µs  {rest / whole:6.1%}")


if __name__ == "__main__":
    main()
