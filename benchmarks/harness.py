"""Tiny benchmark harness: best-of-N timings, printed as ratios to a baseline measured in the same run."""

from __future__ import annotations

import os
import platform
import socket
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "kits"))


def per_call(fn: Callable[[], object], number: int, repeat: int = 5,
             clock: Callable[[], float] = time.perf_counter) -> float:
    """Seconds per call: the best of ``repeat`` runs of ``number`` calls (the least disturbed run).
    ``clock=time.thread_time`` counts this thread's CPU time only."""
    best = float("inf")
    for _ in range(repeat):
        started = clock()
        for _ in range(number):
            fn()
        best = min(best, (clock() - started) / number)
    return best


def report(title: str, baseline_name: str, baseline: float, rows: list[tuple[str, float]]) -> None:
    print(title)
    print(f"  baseline  {baseline_name}: {baseline * 1e6:9.1f} µs  (ratio 1.0)")
    for name, seconds in rows:
        print(f"  {name}: {seconds * 1e6:9.1f} µs  ratio {seconds / baseline:8.1f}")


def machine() -> str:
    """When and where: the figures only compare within one run, but a reader needs to know the box."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {platform.node()}: {os.cpu_count()} CPUs, "
            f"load {load}; Python {platform.python_version()} ({platform.python_implementation()})")


def free_port() -> int:
    """A loopback port free right now (the server started next binds it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
