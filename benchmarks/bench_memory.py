"""Memory per stored meeting, garbage-collection pauses, and one CreateMeeting against one lxml parse.

Run: ``python benchmarks/bench_memory.py`` (``--help`` for flags). A fresh child process builds the real app
(``create_app``, default journal) and sends it seed CreateMeetings (a distinct confName each) through its ASGI
interface, as uvicorn would (endpoint, store, journal; no sockets). At each checkpoint it collects garbage and
reads the RSS; ``gc.callbacks`` time every collection on the way, and one forced full collection is timed at each
checkpoint. The journal keeps its last 10,000 calls, so growth between checkpoints past 10,000 is the store's
own cost per meeting; growth from the start includes the filling journal. Then, in this process, one in-process
CreateMeeting against one lxml parse of the same bytes (``bench_intake.create_vs_parse``). Nothing is asserted.
Goals: <= 1.5 KB per stored meeting (issue 25; 2 KB in issue 13); no growing GC pauses; the whole CreateMeeting
ASGI call <= 8x the parse (issue 25; bench_intake.py times it: the row here is XMLService.handle alone).

``--loaded N`` (issue 20): the same memory for meetings *loaded from the state file*: a child writes a state
database holding N copies of a seed meeting (rows written directly, with keys and UUIDs of their own), a fresh child
loads it (``create_app`` with ``--state-file``) and reads the RSS before and after, and the tracemalloc peak of the
load in a third child; both per meeting, beside the same figure for N meetings created by calls.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from bench_intake import create_vs_parse
from harness import machine
from wrkrun import seed_request

from mockserver.app import create_app
from mockserver.config import API_PATH, Config

PAGE = os.sysconf("SC_PAGE_SIZE")
GOAL_BYTES_PER_MEETING = 1536


def rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


class GcClock:
    """Every collection's pause, by generation, through ``gc.callbacks``: CPU time of the collecting thread (on
    a shared machine wall time also counts the time the process waited for a core)."""

    def __init__(self) -> None:
        self.pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
        self._started = 0.0
        gc.callbacks.append(self._on_gc)

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.thread_time()
        else:
            self.pauses[info["generation"]].append(time.thread_time() - self._started)

    def take(self) -> dict[int, list[float]]:
        taken, self.pauses = self.pauses, {0: [], 1: [], 2: []}
        return taken


class AsgiClient:
    """POSTs to the ASGI app the way uvicorn does (one ``http.request`` message), collecting the answer."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def post(self, body: bytes) -> bytes:
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
                 "scheme": "http", "path": API_PATH, "raw_path": API_PATH.encode(), "query_string": b"",
                 "root_path": "", "client": ("127.0.0.1", 40000), "server": ("127.0.0.1", 8080),
                 "headers": [(b"host", b"127.0.0.1:8080"), (b"content-type", b"text/xml; charset=UTF-8"),
                             (b"content-length", str(len(body)).encode())]}
        messages = [{"type": "http.request", "body": body, "more_body": False}]
        chunks: list[bytes] = []

        async def receive() -> dict[str, Any]:
            return messages.pop() if messages else {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, send)
        return b"".join(chunks)


async def fill(checkpoints: list[int]) -> list[dict[str, Any]]:
    app = create_app(Config(random_seed=1))
    client = AsgiClient(app)
    head, tail = seed_request().split(b"Sample Meeting", 1)
    app.state.service.schema.explainer()  # create_app loads xmlschema in a thread: let it finish first
    await client.post(head + b"warm-up" + tail)  # load what the first call loads
    gc.collect()
    clock = GcClock()
    rows: list[dict[str, Any]] = [{"meetings": 1, "rss": rss(), "failures": 0}]
    done, failures = 1, 0
    for target in checkpoints:
        started = time.perf_counter()
        while done < target:
            done += 1
            answer = await client.post(head + b"Meeting %d" % done + tail)
            failures += b"<serv:result>SUCCESS</serv:result>" not in answer
        seconds = time.perf_counter() - started
        pauses = clock.take()
        full_started, full_cpu_started = time.perf_counter(), time.thread_time()
        gc.collect()
        full, full_cpu = time.perf_counter() - full_started, time.thread_time() - full_cpu_started
        clock.take()
        journal = app.state.tenancy.get().journal
        rows.append({"meetings": done, "rss": rss(), "failures": failures, "seconds": seconds, "full_gc": full,
                     "full_gc_cpu": full_cpu,
                     "gen2": pauses[2], "young_max": max(pauses[0] + pauses[1], default=0.0),
                     "journal": len(journal), "tracked": len(gc.get_objects())})
    return rows


def child(checkpoints: list[int]) -> None:
    print(json.dumps(asyncio.run(fill(checkpoints))))


def run_child(checkpoints: list[int]) -> list[dict[str, Any]]:
    command = [sys.executable, __file__, "--child", "--meetings", ",".join(map(str, checkpoints))]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    rows: list[dict[str, Any]] = json.loads(done.stdout.strip().splitlines()[-1])
    return rows


def report_memory(rows: list[dict[str, Any]]) -> None:
    print("Memory and GC (the real app through ASGI, seed CreateMeeting; RSS after a full collection; "
          "full GC: one forced gc.collect(), wall (CPU); automatic collections since the last row: CPU time)")
    print(f"{'meetings':>9} {'RSS MiB':>8} {'journal':>8} {'GC objects':>11} {'creates/s':>9} {'full GC ms (CPU)':>16} "
          f"{'auto gen-2 GCs':>14} {'max ms':>7} {'total ms':>8} {'young max ms':>12} {'not SUCCESS':>11}")
    print(f"{rows[0]['meetings']:9d} {rows[0]['rss'] / 2**20:8.1f}")
    for previous, row in zip(rows, rows[1:], strict=False):
        gen2 = row["gen2"]
        rate = (row["meetings"] - previous["meetings"]) / row["seconds"]
        print(f"{row['meetings']:9d} {row['rss'] / 2**20:8.1f} {row['journal']:8d} {row['tracked']:11d} {rate:9.0f} "
              f"{row['full_gc'] * 1e3:7.1f} ({row['full_gc_cpu'] * 1e3:6.1f}) {len(gen2):14d} "
              f"{max(gen2, default=0) * 1e3:7.1f} {sum(gen2) * 1e3:8.1f} {row['young_max'] * 1e3:12.2f} "
              f"{row['failures']:11d}")
    print(f"RSS growth per stored meeting (goal <= {GOAL_BYTES_PER_MEETING} bytes):")
    for before, after in zip(rows, rows[1:], strict=False):
        per = (after["rss"] - before["rss"]) / (after["meetings"] - before["meetings"])
        note = "includes the journal filling to its 10,000 entries" if before["meetings"] < 10_000 else "store only"
        print(f"  {before['meetings']:>7} -> {after['meetings']:<7} {per:8.0f} bytes  "
              f"({per / GOAL_BYTES_PER_MEETING:.1f} x goal; {note})")


def write_state(path: str, count: int) -> None:
    """A state database holding ``count`` copies of one seed CreateMeeting's meeting (rows written directly)."""
    app = create_app(Config(random_seed=1, state_file=path))
    store = app.state.tenancy.get().store
    app.state.service.handle(seed_request(), "text/xml", store)
    app.state.tenancy.on_change()
    template = store.site_meetings("acme")[0].to_dict()
    app.state.state_file.close()
    text = json.dumps({**template, "key": -1, "uuid": "<uuid>"})
    rows = ((("default", template["site"], key, template["start_ts"],
              text.replace('"key": -1', f'"key": {key}').replace("<uuid>", f"{key:033x}")))
            for key in range(100_000_000, 100_000_000 + count))
    with sqlite3.connect(path, isolation_level=None) as conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO meetings VALUES (?, ?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
    conn.close()


def load_state(path: str, traced: bool) -> dict[str, float]:
    """Load the state file in this (fresh) process: RSS growth, or (``traced``) the tracemalloc peak."""
    gc.collect()
    before = rss()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    app = create_app(Config(random_seed=1, state_file=path))
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    gc.collect()
    meetings = len(app.state.tenancy.get().store.site_meetings("acme"))
    app.state.state_file.close()
    return {"meetings": meetings, "rss": rss() - before, "peak": peak, "seconds": seconds,
            "tracked": len(gc.get_objects())}


def run_loaded(count: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "state.db")
        subprocess.run([sys.executable, __file__, "--child-write", path, "--loaded", str(count)], check=True)
        found = {}
        for traced in (False, True):
            flag = ["--traced"] if traced else []
            done = subprocess.run([sys.executable, __file__, "--child-load", path, *flag], capture_output=True,
                                  text=True, check=True)
            found[traced] = json.loads(done.stdout.strip().splitlines()[-1])
    return {"meetings": found[False]["meetings"], "rss": found[False]["rss"], "seconds": found[False]["seconds"],
            "peak": found[True]["peak"]}


def report_loaded(loaded: dict[str, Any], created: list[dict[str, Any]]) -> None:
    count = loaded["meetings"]
    print(f"Loaded from the state file ({count} meetings, a fresh process, {loaded['seconds']:.1f} s): RSS growth "
          f"{loaded['rss'] / count:.0f} bytes a meeting; tracemalloc peak of the load {loaded['peak'] / count:.0f} "
          "bytes a meeting")
    if len(created) > 2:
        first, last = created[1], created[-1]
        per = (last["rss"] - first["rss"]) / (last["meetings"] - first["meetings"])
        print(f"  created by calls, {first['meetings']} -> {last['meetings']}: {per:.0f} bytes a meeting; "
              f"loaded ÷ created: {loaded['rss'] / count / per:.2f}")


def report_ratio() -> None:
    create, parse = create_vs_parse()
    print(f"One in-process CreateMeeting (seed): {create * 1e6:.1f} µs; one lxml parse of the same bytes: "
          f"{parse * 1e6:.1f} µs; ratio {create / parse:.1f} (the whole ASGI call's goal: <= 8)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", default="20000,100000", help="checkpoints, comma-separated (20000,100000)")
    parser.add_argument("--loaded", type=int, default=100_000,
                        help="meetings loaded from a state file (0: skip that part; default 100000)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-write", help=argparse.SUPPRESS)
    parser.add_argument("--child-load", help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    checkpoints = sorted(int(n) for n in args.meetings.split(","))
    if args.child:
        child(checkpoints)
        return 0
    if args.child_write:
        write_state(args.child_write, args.loaded)
        return 0
    if args.child_load:
        print(json.dumps(load_state(args.child_load, args.traced)))
        return 0
    print(f"bench_memory: {machine()}")
    created = run_child(checkpoints)
    report_memory(created)
    if args.loaded:
        report_loaded(run_loaded(args.loaded), created)
    report_ratio()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
