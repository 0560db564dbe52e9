"""CreateMeeting over real HTTP: the mock against a bare-Starlette floor and WireMock, under the same wrk load.

Run: ``python benchmarks/bench_http.py`` (``--help`` for flags). Each server is a subprocess on a free loopback
port: the floor (bare Starlette answering a fixed body: the mock's own answer to the same request, so the same
size), the pipeline (``pipeline.py``: bare Starlette running only the steps every CreateMeeting answer needs --
decode, parse, XSD check, to_data, render -- on the mock's own code: the ceiling of mock ÷ floor), the mock
(``python -m mockserver``), and, when Java and the WireMock jar are present, WireMock standalone
with the stub a WireMock user would write for CreateMeeting (``benchmarks/wiremock/``: XPath body matching and a
response-templated SUCCESS envelope). Rounds alternate the servers (the order rotates) so that a noisy
neighbour hurts them alike; the summary takes each server's median over the rounds. Every answer is checked for
HTTP 200 and ``<serv:result>SUCCESS`` (a fast failure path cannot pass for speed). Nothing is asserted.
Goals (issue 13): mock ÷ floor >= 0.30, mock ÷ WireMock >= 2.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from harness import machine, median
from servers import (
    Server,
    find_wiremock_jar,
    start_floor,
    start_mock,
    start_pipeline,
    start_wiremock,
    wait_until_answering,
    wiremock_missing,
)
from wrkrun import Load, WrkResult, run_wrk, seed_request, write_request, wrk_missing

from mockserver.app import create_app
from mockserver.config import Config

GOALS = {"floor": 0.30, "wiremock": 2.0}


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


def start_servers(directory: Path, args: argparse.Namespace) -> list[Server]:
    servers = [start_floor(floor_body(directory)), start_pipeline(), start_mock()]
    jar = find_wiremock_jar(args.wiremock_jar)
    why_not = "left out (--no-wiremock)" if args.no_wiremock else wiremock_missing(jar)
    if why_not is None and jar is not None:
        servers.append(start_wiremock(jar))
    else:
        print(f"WireMock: skipped: {why_not}")
    for server in servers:
        wait_until_answering(server, seed_request())
    return servers


def measure(servers: list[Server], request: Path, args: argparse.Namespace) -> dict[str, list[WrkResult]]:
    load = Load(args.seconds, args.connections, args.threads)
    if args.warmup > 0:
        for server in servers:
            run_wrk(server.url, request, Load(args.warmup, args.connections, args.threads))
    results: dict[str, list[WrkResult]] = {server.name: [] for server in servers}
    for round_no in range(args.rounds):
        shift = round_no % len(servers)
        for server in servers[shift:] + servers[:shift]:
            result = run_wrk(server.url, request, load)
            results[server.name].append(result)
            print(f"  round {round_no + 1} {server.name:9} {result.rate:9.0f} req/s  p50 {result.p50_ms:7.2f} ms  "
                  f"p99 {result.p99_ms:8.2f} ms  not SUCCESS {result.failures}", flush=True)
    return results


def summary_row(name: str, runs: list[WrkResult]) -> tuple[float, str]:
    rate = median([r.rate for r in runs])
    failures = sum(r.failures for r in runs)
    errors = sum(r.socket_errors for r in runs)
    row = (f"  {name:9} {rate:9.0f} req/s  p50 {median([r.p50_ms for r in runs]):7.2f} ms  "
           f"p99 {median([r.p99_ms for r in runs]):8.2f} ms  max {max(r.max_ms for r in runs):8.1f} ms  "
           f"answers {sum(r.requests for r in runs):8d}  not SUCCESS {failures}  socket errors {errors}")
    return rate, row


def report(results: dict[str, list[WrkResult]], args: argparse.Namespace) -> None:
    print(f"\nCreateMeeting over HTTP: wrk -t{args.threads} -c{args.connections}, {args.rounds} round(s) x "
          f"{args.seconds:g} s per server (medians over rounds)")
    rates = {}
    for name, runs in results.items():
        rates[name], row = summary_row(name, runs)
        print(row)
    stored = sum(r.succeeded for r in results["mock"])
    print(f"  (the mock stored about {stored} meetings during the measured rounds, after the warm-up's)")
    if rates.get("floor") and "pipeline" in rates:
        print(f"  ratio pipeline / floor {rates['pipeline'] / rates['floor']:6.2f}   (the ceiling of mock / floor: "
              "only decode, parse, XSD check, to_data and render)")
    for name, goal in GOALS.items():
        if name in rates and rates[name] > 0:
            print(f"  ratio mock / {name:9} {rates['mock'] / rates[name]:6.2f}   (goal >= {goal:g})")
        else:
            print(f"  ratio mock / {name:9}    n/a   ({name} not measured)")
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
            results = measure(servers, write_request(Path(tmp)), args)
        finally:
            for server in servers:
                server.stop()
    report(results, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
