"""Tiny benchmark harness: best-of-N timings, printed as ratios to a baseline measured in the same run."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def per_call(fn: Callable[[], object], number: int, repeat: int = 5) -> float:
    """Seconds per call: the best of ``repeat`` runs of ``number`` calls (the least disturbed run)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - started) / number)
    return best


def report(title: str, baseline_name: str, baseline: float, rows: list[tuple[str, float]]) -> None:
    print(title)
    print(f"  baseline  {baseline_name}: {baseline * 1e6:9.1f} µs  (ratio 1.0)")
    for name, seconds in rows:
        print(f"  {name}: {seconds * 1e6:9.1f} µs  ratio {seconds / baseline:8.1f}")
