"""Long work in small steps, so that a worker thread never holds the interpreter (and the event loop) for long.

A thread running Python code gives the interpreter up every few milliseconds, but a single C-level call -- a sort
of 100,000 items, say -- holds it until it returns: the event loop, waiting for it, stalls meanwhile.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
#: items sorted by one C-level call at most (a few hundred microseconds)
CHUNK = 2048


def sorted_gently(items: list[T], key: Callable[[T], Any], reverse: bool = False) -> list[T]:
    """``sorted(items, key=key, reverse=reverse)`` (stable, as sorted is), sorted in chunks of :data:`CHUNK` and
    merged in Python: no single step holds the interpreter for long."""
    if len(items) <= CHUNK:
        return sorted(items, key=key, reverse=reverse)
    runs = [sorted(items[at:at + CHUNK], key=key, reverse=reverse) for at in range(0, len(items), CHUNK)]
    return list(heapq.merge(*runs, key=key, reverse=reverse))  # ties: the earlier run first, as a stable sort
