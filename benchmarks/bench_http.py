"""CreateMeeting over real HTTP: the mock against a bare-Starlette floor and WireMock, under the same wrk load.

Run: ``python benchmarks/bench_http.py`` (``--help`` for flags). Each server is a subprocess on a free loopback
port: the floor (bare Starlette answering a fixed body: the mock's own answer to the same request, so the same
size), the pipeline (``pipeline.py``: bare Starlette running only the steps every CreateMeeting answer needs --
decode, parse, XSD check, to_data, render -- on the mock's own code: the ceiling of mock ÷ floor), the smallest
thing that could work (``smallest.py``) and the same with the features every call of the mock has (``featured.py``),
the mock (``python -m mockserver``), and, when Java and the WireMock jar are present, WireMock standalone
with the stub a WireMock user would write for CreateMeeting (``benchmarks/wiremock/``: XPath body matching and a
response-templated SUCCESS envelope). Rounds alternate the servers (the order rotates) so that a noisy
neighbour hurts them alike; the summary takes each server's median over the rounds. Every answer is checked for
HTTP 200 and ``<serv:result>SUCCESS`` (a fast failure path cannot pass for speed). Nothing is asserted.
Goals (issue 13): mock ÷ floor >= 0.30, mock ÷ WireMock >= 2.

The REST row: the same servers take the REST create, ``POST /v1/meetings`` with the seed host's bearer token and
a JSON body (``create_meeting_rest.lua``: a start a day ahead, a title per request), in the same rounds: the floor
answers the mock's own REST answer (about 1 KB of JSON), the pipeline only reads the JSON into the mock's request
model, checks it as the REST face does and answers the meeting (the ceiling of REST ÷ floor), the smallest thing the
REST create of ``smallest_rest.py`` (what any faithful REST create must do, none of the mock's code), the featured
thing the same with the features every call of the mock has (``featured_rest.py``), WireMock a
JSON-path-matched, response-templated stub echoing the title
(``benchmarks/wiremock/mappings/create-meeting-rest.json``). Every answer is checked for HTTP 200 and the meeting's
JSON; the answers that are not 200 are counted by status and printed. Then the mock alone takes REST creates paced
at ``--rate`` (wrk's ``delay()``, as ``bench_sustained.py --rate``) in windows, for the latency without a queue of
waiting clients. Goals: REST ÷ floor >= 0.25, REST ÷ WireMock >= 2, paced p99 <= 10 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import tempfile
from pathlib import Path

import httpx
from harness import machine, median
from servers import (
    Server,
    find_wiremock_jar,
    start_featured,
    start_floor,
    start_mock,
    start_pipeline,
    start_smallest,
    start_wiremock,
    wait_until_answering,
    wiremock_missing,
)
from wrkrun import (
    REST_PATH,
    REST_SCRIPT,
    SCRIPT,
    Load,
    WrkResult,
    rest_body,
    rest_headers,
    run_wrk,
    seed_request,
    write_request,
    wrk_missing,
)

from mockserver.app import create_app
from mockserver.config import Config

GOALS = {"floor": 0.30, "wiremock": 3.0}
#: servers that answer only the XML CreateMeeting
REST_GOALS = {"floor": 0.25, "wiremock": 2.0}
REST_PACED_GOAL_P99_MS = 10.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10, help="seconds of load per server per round (10)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; each runs every server once (3)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--warmup", type=float, default=10,
                        help="seconds of unmeasured load per server first; WireMock's JIT needs it (10)")
    parser.add_argument("--wiremock-jar", help="WireMock standalone jar (default: benchmarks/wiremock/setup.sh's)")
    parser.add_argument("--no-wiremock", action="store_true", help="leave WireMock out")
    parser.add_argument("--no-rest", action="store_true", help="leave the REST create (POST /v1/meetings) out")
    parser.add_argument("--rate", type=float, default=400,
                        help="REST creates per second offered to the mock in the paced run (400; 0: no paced run)")
    parser.add_argument("--paced-seconds", type=float, default=30, help="seconds of the paced REST run (30)")
    parser.add_argument("--paced-window", type=float, default=10,
                        help="seconds per paced window (one wrk run each, so each window's p99 is exact) (10)")
    return parser.parse_args(argv)


def floor_body(directory: Path) -> Path:
    """The mock's own answer to the benchmark request (same size, and a SUCCESS the load generator accepts)."""
    app = create_app(Config(random_seed=1))
    outcome = app.state.service.handle(seed_request(), "text/xml", app.state.tenancy.get().store)
    if outcome.result != "SUCCESS":
        raise RuntimeError(f"the benchmark request failed in-process: {outcome.reason}")
    path = directory / "floor-answer.xml"
    path.write_bytes(outcome.body)
    return path


def rest_floor_body(directory: Path) -> Path:
    """The mock's own answer to the REST create (about 1 KB of JSON), for the floor to answer REST with."""
    app = create_app(Config(random_seed=1))

    async def create() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://mock") as client:
            return await client.post(REST_PATH, content=rest_body("REST meeting 0-0"), headers=rest_headers())

    answer = asyncio.run(create())
    if answer.status_code != 200:
        raise RuntimeError(f"the REST benchmark request failed in-process: {answer.status_code} {answer.text}")
    path = directory / "floor-answer.json"
    path.write_bytes(answer.content)
    return path


def start_servers(directory: Path, args: argparse.Namespace) -> list[Server]:
    rest = None if args.no_rest else rest_floor_body(directory)
    servers = [start_floor(floor_body(directory), rest), start_pipeline(), start_smallest(), start_featured(),
               start_mock()]
    jar = find_wiremock_jar(args.wiremock_jar)
    why_not = "left out (--no-wiremock)" if args.no_wiremock else wiremock_missing(jar)
    if why_not is None and jar is not None:
        servers.append(start_wiremock(jar))
    else:
        print(f"WireMock: skipped: {why_not}")
    for server in servers:
        wait_until_answering(server, seed_request())
        if not args.no_rest:
            wait_until_answering(server, rest_body("probe"), path=REST_PATH, headers=rest_headers())
    return servers


#: a job of the rounds: (load: "xml" or "rest", server)
Job = tuple[str, Server]


def jobs_of(servers: list[Server], args: argparse.Namespace) -> list[Job]:
    jobs: list[Job] = [("xml", server) for server in servers]
    if not args.no_rest:
        jobs += [("rest", server) for server in servers]
    return jobs


def run_job(job: Job, request: Path, load: Load) -> WrkResult:
    kind, server = job
    before = server.cpu_seconds()
    if kind == "rest":
        result = run_wrk(server.rest_url(REST_PATH), request, load, REST_SCRIPT)
    else:
        result = run_wrk(server.url, request, load, SCRIPT)
    return dataclasses.replace(result, server_cpu_s=server.cpu_seconds() - before)


def measure(servers: list[Server], request: Path, args: argparse.Namespace) -> dict[str, list[WrkResult]]:
    """Closed-loop rounds; the results are keyed ``server`` (XML CreateMeeting) and ``rest server``."""
    load = Load(args.seconds, args.connections, args.threads)
    jobs = jobs_of(servers, args)
    if args.warmup > 0:
        for job in jobs:
            run_job(job, request, Load(args.warmup, args.connections, args.threads))
    results: dict[str, list[WrkResult]] = {key(job): [] for job in jobs}
    for round_no in range(args.rounds):
        shift = round_no % len(jobs)
        for job in jobs[shift:] + jobs[:shift]:
            result = run_job(job, request, load)
            results[key(job)].append(result)
            not_200 = f"  not 200 {result.not_200}" if result.not_200 else ""
            print(f"  round {round_no + 1} {key(job):14} {result.rate:9.0f} req/s  p50 {result.p50_ms:7.2f} ms  "
                  f"p99 {result.p99_ms:8.2f} ms  server CPU {result.cpu_us_per_request:6.0f} µs/answer  "
                  f"failed {result.failures}{not_200}", flush=True)
    return results


def key(job: Job) -> str:
    kind, server = job
    return server.name if kind == "xml" else f"rest {server.name}"


def paced(mock: Server, request: Path, args: argparse.Namespace) -> list[WrkResult]:
    """REST creates paced at ``--rate`` offered (each connection waits connections/rate before each request)."""
    load = Load(args.paced_window, args.connections, args.threads, 1000 * args.connections / args.rate)
    windows: list[WrkResult] = []
    elapsed = 0.0
    while elapsed < args.paced_seconds - 1e-9:
        result = run_wrk(mock.rest_url(REST_PATH), request, load, REST_SCRIPT)
        windows.append(result)
        not_200 = f"  not 200 {result.not_200}" if result.not_200 else ""
        print(f"  paced REST {elapsed:4.0f}-{elapsed + args.paced_window:<4.0f} {result.rate:6.0f} req/s  "
              f"p50 {result.p50_ms:6.2f} ms  p99 {result.p99_ms:7.2f} ms  max {result.max_ms:7.1f} ms  "
              f"failed {result.failures}{not_200}", flush=True)
        elapsed += args.paced_window
    return windows


def summary_row(name: str, runs: list[WrkResult], failed: str = "not SUCCESS") -> tuple[float, str]:
    rate = median([r.rate for r in runs])
    failures = sum(r.failures for r in runs)
    errors = sum(r.socket_errors for r in runs)
    row = (f"  {name:9} {rate:9.0f} req/s  CPU {median([r.cpu_us_per_request for r in runs]):5.0f} µs/answer  "
           f"p50 {median([r.p50_ms for r in runs]):7.2f} ms  "
           f"p99 {median([r.p99_ms for r in runs]):8.2f} ms  max {max(r.max_ms for r in runs):8.1f} ms  "
           f"answers {sum(r.requests for r in runs):8d}  {failed} {failures}  socket errors {errors}")
    return rate, row


def not_200(runs: list[WrkResult]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for run in runs:
        for status, count in run.not_200.items():
            counts[status] = counts.get(status, 0) + count
    return dict(sorted(counts.items()))


def report_rest(results: dict[str, list[WrkResult]], windows: list[WrkResult], args: argparse.Namespace) -> None:
    rest = {name.removeprefix("rest "): runs for name, runs in results.items() if name.startswith("rest ")}
    print(f"\nREST create (POST /v1/meetings, JSON, bearer token) over HTTP: wrk -t{args.threads} "
          f"-c{args.connections}, {args.rounds} round(s) x {args.seconds:g} s per server (medians over rounds)")
    rates = {}
    for name, runs in rest.items():
        rates[name], row = summary_row(name, runs, "not 200 with the meeting")
        print(row)
        print(f"  {'':9} answers not 200, by status: {not_200(runs) or 'none'}")
    print_ratios(rates, "REST ", [
        ("pipeline", "floor", "the ceiling of REST mock / floor: only the JSON read, the REST checks and the answer, "
                              "on the mock's own code"),
        ("smallest", "floor", "the smallest thing that could work: benchmarks/smallest_rest.py"),
        ("smallest", "wiremock", ""),
        ("featured", "floor", "the smallest thing with the features every call has: benchmarks/featured_rest.py"),
        ("featured", "wiremock", "")], REST_GOALS)
    if windows:
        worst = max(w.p99_ms for w in windows)
        verdict = "met" if worst <= REST_PACED_GOAL_P99_MS else "NOT MET"
        print(f"  paced REST creates, {args.rate:g}/s offered, {len(windows)} x {args.paced_window:g} s: "
              f"{median([w.rate for w in windows]):.0f} req/s; p50 {median([w.p50_ms for w in windows]):.2f} ms; "
              f"p99 per window {', '.join(f'{w.p99_ms:.2f}' for w in windows)} ms; p99 <= {worst:.2f} ms "
              f"(worst window; goal <= {REST_PACED_GOAL_P99_MS:g} ms: {verdict}); "
              f"max {max(w.max_ms for w in windows):.1f} ms; not 200 {not_200(windows) or 'none'}")
    if sum(r.failures for r in rest.get("mock", [])) + sum(w.failures for w in windows):
        print("  WARNING: the mock answered some REST creates without 200 and the meeting: "
              "its rate is not a create rate")


def print_ratios(rates: dict[str, float], load: str, baselines: list[tuple[str, str, str]],
                 goals: dict[str, float]) -> None:
    """The ratios of ``baselines`` (server, baseline, what it shows) that were measured, then the mock's against
    each baseline of ``goals``, with the verdict."""
    for top, bottom, why in baselines:
        if rates.get(bottom) and top in rates:
            print(f"  ratio {load}{top} / {bottom} {rates[top] / rates[bottom]:6.2f}" + (f"   ({why})" if why else ""))
    for name, goal in goals.items():
        if name in rates and rates[name] > 0:
            verdict = "met" if rates["mock"] / rates[name] >= goal else "NOT MET"
            print(f"  ratio {load}mock / {name:9} {rates['mock'] / rates[name]:6.2f}   (goal >= {goal:g}: {verdict})")
        else:
            print(f"  ratio {load}mock / {name:9}    n/a   ({name} not measured)")


def report(results: dict[str, list[WrkResult]], args: argparse.Namespace) -> None:
    print(f"\nCreateMeeting over HTTP: wrk -t{args.threads} -c{args.connections}, {args.rounds} round(s) x "
          f"{args.seconds:g} s per server (medians over rounds)")
    rates = {}
    for name, runs in results.items():
        if name.startswith("rest "):
            continue
        rates[name], row = summary_row(name, runs)
        print(row)
    stored = sum(r.succeeded for r in results["mock"])
    print(f"  (the mock stored about {stored} meetings during the measured rounds, after the warm-up's)")
    print_ratios(rates, "", [
        ("pipeline", "floor", "the mock's own steps any answer needs: decode, parse, XSD check, to_data, render"),
        ("smallest", "floor", "the smallest thing that could work: benchmarks/smallest.py"),
        ("smallest", "wiremock", "what a minimal mock reaches against WireMock's XPath stub"),
        ("featured", "floor", "the smallest thing with the features every call has: benchmarks/featured.py"),
        ("featured", "wiremock", "the same against WireMock's XPath stub")], GOALS)
    if sum(r.failures for r in results["mock"]):
        print("  WARNING: the mock answered some requests without SUCCESS: its rate is not a CreateMeeting rate")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print(f"bench_http: {machine()}")
    missing = wrk_missing()
    if missing:
        print(f"SKIPPED: {missing}; no HTTP figures were measured")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-http-") as tmp:
        servers = start_servers(Path(tmp), args)
        try:
            request = write_request(Path(tmp))
            results = measure(servers, request, args)
            mock = next(server for server in servers if server.name == "mock")
            for server in servers:  # the mock alone, as the paced goal means: no JVM collecting or compiling beside it
                if server is not mock:
                    server.stop()
            windows = paced(mock, request, args) if not args.no_rest and args.rate > 0 else []
        finally:
            for server in servers:
                server.stop()
    report(results, args)
    if not args.no_rest:
        report_rest(results, windows, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
