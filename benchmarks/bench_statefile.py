"""The cost of ``--state-file``: one mutating call with 10,000 and 100,000 meetings stored (goal: <= 2 ms).

Run: ``python benchmarks/bench_statefile.py`` (``--help`` for flags). The state is made by real CreateMeetings
(the seed request, a distinct confName each) in this process, exported with ``state.export_all`` (secrets
included, as the server writes its file) and written as the JSON state document; the server
(``python -m mockserver --state-file FILE``, whatever format it keeps there: it imports a JSON state file) starts
on it. Then over HTTP, one call at a time: ``--calls`` CreateMeetings (each a mutating call: saved before its
answer) and as many GetMeetings (not mutating: the baseline in the same run). A size whose extrapolated time
exceeds ``--budget`` is skipped and says so. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from harness import machine, median
from servers import Server, start_mock, wait_until_answering
from webex import message
from wrkrun import seed_request

from mockserver.app import create_app
from mockserver.config import Config
from mockserver.persistence.export import export_all

GOAL_MS = 2.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="stored meetings, comma-separated (10000,100000)")
    parser.add_argument("--calls", type=int, default=3, help="mutating calls timed per size (3)")
    parser.add_argument("--budget", type=float, default=600,
                        help="skip a size whose extrapolated start + calls would take longer, in seconds (600)")
    return parser.parse_args(argv)


class StateBuilder:
    """One growing store, filled by real CreateMeetings; its JSON state document at any size on request."""

    def __init__(self) -> None:
        app = create_app(Config(random_seed=1))
        self.service, self.tenancy = app.state.service, app.state.tenancy
        self.head, self.tail = seed_request().split(b"Sample Meeting", 1)
        self.made = 0

    def document(self, size: int) -> bytes:
        started = time.perf_counter()
        while self.made < size:
            self.made += 1
            outcome = self.service.handle(self.head + b"Stored %d" % self.made + self.tail, "text/xml",
                                          self.tenancy.get().store)
            if outcome.result != "SUCCESS":
                raise RuntimeError(f"CreateMeeting failed while filling the store: {outcome.reason}")
        document = json.dumps(export_all(self.tenancy, include_secrets=True), separators=(",", ":")).encode()
        print(f"  state of {size} meetings built in {time.perf_counter() - started:.0f} s "
              f"({len(document) / 2**20:.0f} MiB of JSON)", flush=True)
        return document


def first_key(document: bytes) -> int:
    return int(json.loads(document)["namespaces"]["default"]["meetings"][0]["key"])


def timed(server: Server, body: bytes) -> float:
    started = time.perf_counter()
    status, answer = server.post(body)
    seconds = time.perf_counter() - started
    if status != 200 or b"<serv:result>SUCCESS</serv:result>" not in answer:
        raise RuntimeError(f"not a SUCCESS ({status}): {answer[:300]!r}")
    return seconds


def measure(document: bytes, calls: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-state-") as tmp:
        path = Path(tmp) / "state.json"
        path.write_bytes(document)
        started = time.perf_counter()
        mock = start_mock("--state-file", str(path), workdir=Path(tmp))
        try:
            get = message("meeting.GetMeeting", f"<meetingKey>{first_key(document)}</meetingKey>").encode()
            wait_until_answering(mock, get, timeout=3600)
            start = time.perf_counter() - started
            head, tail = seed_request().split(b"Sample Meeting", 1)
            creates, gets = [], []
            for call in range(calls):
                creates.append(timed(mock, head + b"Timed %d" % call + tail))
                gets.append(timed(mock, get))
        finally:
            mock.stop()
    return {"start": start, "create": median(creates), "create_max": max(creates), "get": median(gets),
            "size_mib": len(document) / 2**20}


def estimate(previous: tuple[int, dict[str, float]] | None, size: int, calls: int) -> float | None:
    """Seconds a size would take, extrapolated linearly from the previous one (None: no previous size)."""
    if previous is None:
        return None
    done, figures = previous
    return (figures["start"] + figures["create"] * calls) * size / done


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = sorted(int(n) for n in args.sizes.split(","))
    print(f"bench_statefile: {machine()}")
    print("A mutating call with --state-file (CreateMeeting, over HTTP, one at a time; medians; goal <= 2 ms)")
    print(f"{'meetings':>9} {'JSON MiB':>8} {'start s':>8} {'CreateMeeting ms':>16} {'max ms':>8} "
          f"{'GetMeeting ms':>13} {'ratio':>7} {'x goal':>7}")
    builder = StateBuilder()
    measured: tuple[int, dict[str, float]] | None = None
    for size in sizes:
        guess = estimate(measured, size, args.calls)
        if measured is not None and guess is not None and guess > args.budget:
            print(f"{size:9d} skipped: about {guess:.0f} s extrapolated from {measured[0]} meetings, "
                  f"over --budget {args.budget:g} s")
            continue
        figures = measure(builder.document(size), args.calls)
        measured = (size, figures)
        report(size, figures)
    print("ratio: CreateMeeting / GetMeeting on the same server (the state file's cost against a read)")
    return 0


def report(size: int, figures: dict[str, float]) -> None:
    print(f"{size:9d} {figures['size_mib']:8.0f} {figures['start']:8.1f} {figures['create'] * 1e3:16.1f} "
          f"{figures['create_max'] * 1e3:8.1f} {figures['get'] * 1e3:13.1f} "
          f"{figures['create'] / figures['get']:7.0f} {figures['create'] * 1e3 / GOAL_MS:7.0f}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
