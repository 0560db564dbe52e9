"""A/B: the mock of one tree against the mock of others, over HTTP, in the same run ("Taking work away" in
docs/benchmarks.md).

Run: ``python benchmarks/bench_ab.py BASE OTHER [OTHER...] --load rest --rounds 16 --seconds 2 --fresh-every 4``.
Each tree is a checkout (or a copy with one change: a stage taken away, say); ``TREE@NAME=VALUE;NAME=VALUE`` also
sets environment variables for its server. Each tree's ``python -m mockserver`` (its own code first on the path,
``PYTHONHASHSEED=0``) takes wrk's creates in turn, the order reversed every other round, and its CPU per answer is
read from ``/proc``; every ``--fresh-every`` rounds each server is started afresh (a process's own memory layout
makes it a few per cent faster or slower for its whole life). Printed: for each tree, the median over the rounds of
its CPU per answer ÷ the first tree's in the same round, and the quartiles. Nothing is asserted; without wrk it says
so and stops.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import wrkrun
from harness import free_port, machine
from servers import Server, spawn, wait_until_answering
from wrkrun import Load


@dataclass(frozen=True)
class Tree:
    path: Path
    env: tuple[tuple[str, str], ...]

    @property
    def name(self) -> str:
        extra = ";".join(f"{key}={value}" for key, value in self.env)
        return f"{self.path.name}@{extra}" if extra else self.path.name


def tree(text: str) -> Tree:
    """``TREE`` or ``TREE@NAME=VALUE;NAME=VALUE``."""
    path, _, extra = text.partition("@")
    pairs = (pair.partition("=") for pair in extra.split(";") if pair)
    return Tree(Path(path).resolve(), tuple((name, value) for name, _, value in pairs))


def start(one: Tree, load: str) -> Server:
    port = free_port()
    server = spawn(one.name, [sys.executable, "-m", "mockserver", "--port", str(port), "--log-level", "warning"], port,
                   tree=one.path, env={"PYTHONHASHSEED": "0", **dict(one.env)})
    if load == "rest":
        wait_until_answering(server, wrkrun.rest_body(), path="/v1/meetings", headers=wrkrun.rest_headers())
    else:
        wait_until_answering(server, wrkrun.seed_request())
    return server


def ratios(base: list[float], other: list[float]) -> tuple[float, float, float]:
    """(median, first quartile, third quartile) of ``other[i] / base[i]`` over the rounds."""
    each = sorted(o / b for b, o in zip(base, other, strict=True))
    if len(each) == 1:
        return each[0], each[0], each[0]
    quartiles = statistics.quantiles(each, n=4, method="inclusive")
    return statistics.median(each), quartiles[0], quartiles[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs="+", type=tree, help="the first is the base")
    parser.add_argument("--load", choices=("xml", "rest"), default="rest")
    parser.add_argument("--rounds", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--fresh-every", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    print(f"bench_ab: {machine()}")
    missing = wrkrun.wrk_missing()
    if missing:
        print(f"skipped: {missing}")
        return
    request_file = wrkrun.write_request(Path(tempfile.mkdtemp(prefix="bench-ab-")))
    load = Load(args.seconds, args.connections, 2)
    servers = {one: start(one, args.load) for one in args.trees}
    cpu: dict[Tree, list[float]] = {one: [] for one in args.trees}
    try:
        for server in servers.values():  # warm up: what the first calls load and the first plans learn
            run(server, args.load, request_file, Load(2, args.connections, 2))
        for round_number in range(args.rounds):
            if round_number and round_number % args.fresh_every == 0:
                for one, server in servers.items():
                    server.stop()
                    servers[one] = start(one, args.load)
                    run(servers[one], args.load, request_file, Load(1, args.connections, 2))
            order = args.trees if round_number % 2 == 0 else args.trees[::-1]
            for one in order:
                cpu[one].append(run(servers[one], args.load, request_file, load))
            print(f"  round {round_number + 1:2d}: " + "  ".join(
                f"{one.name} {cpu[one][-1]:.0f} µs" for one in args.trees), flush=True)
    finally:
        for server in servers.values():
            server.stop()
    base = args.trees[0]
    print(f"\n{args.load} creates, wrk -t2 -c{args.connections}, {args.rounds} rounds of {args.seconds:g} s, servers "
          f"started afresh every {args.fresh_every}: CPU an answer (median) and ÷ {base.name}'s in the same round")
    for one in args.trees:
        median, low, high = ratios(cpu[base], cpu[one])
        print(f"  {one.name:40s} {statistics.median(cpu[one]):7.1f} µs   {median:.3f} ({low:.3f}–{high:.3f})")


def run(server: Server, load_name: str, request_file: Path, load: Load) -> float:
    """One wrk run against ``server``: its CPU per answer, µs."""
    url, script = wrkrun.create_target(load_name, server.url, server.rest_url())
    before = server.cpu_seconds()
    result = wrkrun.run_wrk(url, request_file, load, script)
    spent = server.cpu_seconds() - before
    if result.failures or (script == wrkrun.REST_SCRIPT and result.not_200):
        raise RuntimeError(f"{server.name}: {result.failures} answers failed")
    return spent / result.requests * 1e6 if result.requests else 0.0


if __name__ == "__main__":
    main()
