"""Where an answer's time goes over HTTP: the mock's handlers, or everything around them.

Run: ``python benchmarks/bench_plumbing.py`` (``--help`` for flags). Three servers take the XML CreateMeeting and
the REST create under the same wrk load as ``bench_http.py``, rounds alternating: the floor (bare Starlette answering
a fixed body), the mock, and the mock with its two create handlers free (``freehandlers.py``: they answer their
first answer again and store nothing; everything else runs). With WireMock's jar there, WireMock too (XML and REST
stubs as in ``bench_http.py``). The summary gives each server's median req/s and CPU per answer, and for each face
what the goals of issues 22 and 25 leave an answer (1 / the rate the goal asks) beside what the mock spends around
its handler (the free server's CPU per answer) and in it (the mock's less the free server's). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench_http import GOALS, REST_GOALS, floor_body, rest_floor_body, run_job
from harness import ROOT, free_port, machine, median
from servers import (
    Server,
    find_wiremock_jar,
    spawn,
    start_floor,
    start_mock,
    start_wiremock,
    wait_until_answering,
    wiremock_missing,
)
from wrkrun import (
    REST_PATH,
    Load,
    WrkResult,
    rest_body,
    rest_headers,
    seed_request,
    write_request,
    wrk_missing,
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=8, help="seconds of load per server per round (8)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; each runs every server once (3)")
    parser.add_argument("--warmup", type=float, default=10, help="seconds of unmeasured load per server first (10)")
    parser.add_argument("--no-wiremock", action="store_true", help="leave WireMock out")
    return parser.parse_args(argv)


def start_free() -> Server:
    port = free_port()
    script = ROOT / "benchmarks" / "freehandlers.py"
    return spawn("free", [sys.executable, str(script), "--port", str(port), "--log-level", "warning"], port)


def run(kind: str, server: Server, request: Path, seconds: float) -> WrkResult:
    return run_job((kind, server), request, Load(seconds, 16, 2))


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    print(f"bench_plumbing: {machine()}")
    missing = wrk_missing()
    if missing:
        print(f"skipped: {missing}")
        return
    with tempfile.TemporaryDirectory(prefix="bench-plumbing-") as tmp:
        results = measure(Path(tmp), args)
    summary(results)


def measure(directory: Path, args: argparse.Namespace) -> dict[str, list[WrkResult]]:
    """The servers started, loaded in rotating rounds and stopped; each server's results by load and name."""
    request = write_request(directory)
    servers = [start_floor(floor_body(directory), rest_floor_body(directory)), start_mock(), start_free()]
    jar = find_wiremock_jar(None)
    if not args.no_wiremock and jar is not None and wiremock_missing(jar) is None:
        servers.append(start_wiremock(jar))
    try:
        for server in servers:
            wait_until_answering(server, seed_request())
            wait_until_answering(server, rest_body("REST meeting probe"), path=REST_PATH, headers=rest_headers())
        jobs = [(kind, server) for kind in ("xml", "rest") for server in servers]
        for kind, server in jobs:
            run(kind, server, request, args.warmup)
        results: dict[str, list[WrkResult]] = {}
        for round_no in range(args.rounds):
            shift = round_no % len(jobs)
            for kind, server in jobs[shift:] + jobs[:shift]:
                result = run(kind, server, request, args.seconds)
                results.setdefault(f"{kind} {server.name}", []).append(result)
                print(f"  round {round_no + 1} {kind:4} {server.name:8} {result.rate:8.0f} req/s  server CPU "
                      f"{result.cpu_us_per_request:5.0f} µs/answer  failed {result.failures}", flush=True)
    finally:
        for server in servers:
            server.stop()
    return results


def summary(results: dict[str, list[WrkResult]]) -> None:
    rate = {name: median([r.rate for r in runs]) for name, runs in results.items()}
    cpu = {name: median([r.cpu_us_per_request for r in runs]) for name, runs in results.items()}
    print("\nmedians")
    for name in results:
        print(f"  {name:14} {rate[name]:8.0f} req/s  {cpu[name]:5.0f} µs of the server's CPU an answer")
    for kind, goals in (("xml", GOALS), ("rest", REST_GOALS)):
        mock, free = cpu[f"{kind} mock"], cpu[f"{kind} free"]
        print(f"\n{kind}: the mock {mock:.0f} µs an answer = around its handler {free:.0f} (the free server) "
              f"+ in its handler {mock - free:.0f}")
        print(f"  ratio mock / floor {rate[f'{kind} mock'] / rate[f'{kind} floor']:.3f}; "
              f"free / floor {rate[f'{kind} free'] / rate[f'{kind} floor']:.3f}")
        targets = [("floor", goals["floor"] * rate[f"{kind} floor"])]
        if f"{kind} wiremock" in rate:
            targets.append(("WireMock", goals["wiremock"] * rate[f"{kind} wiremock"]))
            print(f"  ratio mock / WireMock {rate[f'{kind} mock'] / rate[f'{kind} wiremock']:.2f}; free / WireMock "
                  f"{rate[f'{kind} free'] / rate[f'{kind} wiremock']:.2f}")
        for name, wanted in targets:
            budget = 1e6 / wanted
            goal = goals["floor" if name == "floor" else "wiremock"]
            print(f"  goal {goal:g} × {name}: {wanted:.0f} req/s, about {budget:.0f} µs an answer; around the "
                  f"handler {free:.0f}, so the handler may take {budget - free:.0f} (it takes {mock - free:.0f})")


if __name__ == "__main__":
    main()
