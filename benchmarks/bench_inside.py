"""Where a create's time goes inside the server, under load: CPU per answer of each stage, timed in the running mock.

Run: ``python benchmarks/bench_inside.py`` (``--seconds``, ``--load xml|rest``). The mock runs as
``benchmarks/inside.py``: ``python -m mockserver`` with a timer of the thread's CPU around each stage's function.
wrk sends it creates, as ``bench_http.py`` does (XML: the seed CreateMeeting; REST: ``POST /v1/meetings``), and the
table gives each stage's CPU per answer beside the server's whole CPU per answer (``/proc``).

Why beside ``bench_intake.py``'s and ``bench_rest.py``'s stage tables: those time each stage alone, in a loop, with
warm caches. Inside a server that also runs the HTTP stack, the event loop and the other stages, a stage that
touches much memory costs several times more: the XSD check about 4 × (8 µs alone), a deflate stream per stored
meeting about 15 × (4 µs alone; docs/benchmarks.md). The timers cost about 0.3 µs a call. Nothing is asserted.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from harness import ROOT, free_port, machine
from servers import spawn, wait_until_answering
from wrkrun import (
    REST_PATH,
    Load,
    create_load_arguments,
    create_target,
    run_wrk,
    seed_request,
    write_request,
    wrk_missing,
)

#: (label, function): the first is the call every answer makes once (the per-answer count). A coroutine's time spans
#: its awaits: the endpoints' include what other calls ran while they waited, which is little when none waits on I/O
XML_STAGES = [
    ("the endpoint (xml_service, sending included)", "mockserver.app:xml_service"),
    ("  XMLService.handle", "mockserver.xml.service:XMLService.handle"),
    ("    fast intake", "mockserver.xml.fastintake:read"),
    ("      lxml parse", "lxml.etree:fromstring"),
    ("      XSD check", "mockserver.xml.schema:RequestSchema.valid"),
    ("      credentials", "mockserver.xml.intake:credentials"),
    ("    dispatch, authenticate, to_data, handler, render", "mockserver.xml.service:XMLService._run"),
    ("      the kind of meeting (xmlplans.kind)", "mockserver.domain.xmlplans:kind"),
    ("      made from its plan, stored (xmlplans.made)", "mockserver.domain.xmlplans:made"),
    ("        put and indexes", "mockserver.domain.store:Store.put_meeting"),
    ("      (the first of a kind) rules (rules.new_meeting)", "mockserver.domain.rules:new_meeting"),
    ("      (the first of a kind) store (meetings.made)", "mockserver.domain.meetings:made"),
    ("        compact form", "mockserver.domain.records:_encode"),
    ("      the answer (render.content)", "mockserver.xml.render:content"),
    ("  journal (Journal.record)", "mockserver.controls.journal:Journal.record"),
    ("    mask the request", "mockserver.controls.journalform:request"),
    ("    mask the answer", "mockserver.controls.journalform:body"),
    ("  send the answer (uvicorn, the socket write)", "mockserver.endpoint:_send_answer"),
    ("    the socket write (head and body in one; held in a batch)", "mockserver.serving.writes:GentleClose.write"),
    ("answers held to the loop's turn end, written", "mockserver.serving.writes:Batch._turn_ends"),
]
REST_STAGES = [
    ("the endpoint (rest_service, sending included)", "mockserver.app:rest_service"),
    ("  the handler (endpoint._handle)", "mockserver.rest.endpoint:_handle"),
    ("    read the JSON", "mockserver.rest.calls:Call.json"),
    ("    the kind of meeting (plans.kind)", "mockserver.domain.plans:kind"),
    ("    made from its plan, stored (plans.made)", "mockserver.domain.plans:made"),
    ("      put and indexes", "mockserver.domain.store:Store.put_meeting"),
    ("    the answer from its plan (planned.answer)", "mockserver.rest.planned:answer"),
    ("    (the first of a kind) rules (rules.new_meeting)", "mockserver.domain.rules:new_meeting"),
    ("    (the first of a kind) store (meetings.made)", "mockserver.domain.meetings:made"),
    ("    (the first of a kind) shape the answer", "mockserver.rest.shapes:meeting"),
    ("  journal (endpoint._journal)", "mockserver.rest.endpoint:_journal"),
    ("    Journal.record", "mockserver.controls.journal:Journal.record"),
    ("  send the answer (uvicorn, the socket write)", "mockserver.rest.endpoint:_send_answer"),
    ("    the socket write (head and body in one; held in a batch)", "mockserver.serving.writes:GentleClose.write"),
    ("answers held to the loop's turn end, written", "mockserver.serving.writes:Batch._turn_ends"),
]


def main() -> None:
    args = create_load_arguments(__doc__, 20, "seconds of measured load, after 5 s warm")
    missing = wrk_missing()
    if missing:
        print(f"bench_inside: skipped: {missing}")
        return
    print(f"bench_inside: {machine()}")
    stages = XML_STAGES if args.load == "xml" else REST_STAGES
    directory = Path(tempfile.mkdtemp(prefix="bench-inside-"))
    out = directory / "spent.json"
    port = free_port()
    server = spawn("mock", [sys.executable, str(ROOT / "benchmarks" / "inside.py"), str(out),
                             ",".join(name for _, name in stages), "--", "--port", str(port), "--log-level",
                             "warning"], port, directory)
    try:
        wait_until_answering(server, seed_request())
        request = write_request(directory)
        url, script = create_target(args.load, server.url, server.rest_url(REST_PATH))
        run_wrk(url, request, Load(5, args.connections, 2), script)
        time.sleep(0.5)
        before_spent = json.loads(out.read_text())
        before_cpu = server.cpu_seconds()
        result = run_wrk(url, request, Load(args.seconds, args.connections, 2), script)
        time.sleep(0.5)
        spent = json.loads(out.read_text())
        cpu = server.cpu_seconds() - before_cpu
    finally:
        server.stop()
    first = stages[0][1]
    answers = spent[first][1] - before_spent[first][1]
    print(f"\n{args.load} creates over HTTP, wrk -t2 -c{args.connections}, {args.seconds:g} s: {result.rate:.0f} "
          f"answers/s; server CPU {cpu / result.requests * 1e6:.0f} µs an answer (all threads; the stages are "
          f"timed over the {answers} answers the table's file saw)")
    print(f"  {'stage':52s} {'µs/answer':>10s} {'calls/answer':>13s}")
    for label, name in stages:
        seconds = spent[name][0] - before_spent[name][0]
        calls = spent[name][1] - before_spent[name][1]
        print(f"  {label:52s} {seconds / answers * 1e6:10.1f} {calls / answers:13.2f}")
    for generation in range(3):  # inside.py times every garbage collection, wherever it struck
        seconds = spent[f"gc{generation}"][0] - before_spent[f"gc{generation}"][0]
        calls = spent[f"gc{generation}"][1] - before_spent[f"gc{generation}"][1]
        print(f"  {f'garbage collection, generation {generation}':52s} {seconds / answers * 1e6:10.1f} "
              f"{calls / answers:13.2f}")


if __name__ == "__main__":
    main()
