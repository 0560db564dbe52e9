"""Long work in small steps, so that a worker thread never holds the interpreter (and the event loop) for long.

A thread running Python code gives the interpreter up every few milliseconds (the switch interval, 5 ms), but a
single C-level call -- a sort of 100,000 items, or one ``json.dumps`` of megabytes, say -- holds it until it returns:
the event loop, waiting for it, stalls meanwhile. (Handing it over more often with ``time.sleep(0)`` was tried: on
a busy machine each such call also gives the core away, and the work and the loop both waited longer.)
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
    merged in Python: no single step holds the interpreter for long. Each key is worked out once: the items are
    sorted as (key, position, item), the position negated when reversed, so that ties keep their order."""
    if len(items) <= CHUNK:
        return sorted(items, key=key, reverse=reverse)
    sign = -1 if reverse else 1
    decorated = [(key(item), sign * at, item) for at, item in enumerate(items)]
    runs = [sorted(decorated[at:at + CHUNK], reverse=reverse) for at in range(0, len(decorated), CHUNK)]
    return [item for _, _, item in heapq.merge(*runs, reverse=reverse)]
