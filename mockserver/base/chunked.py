"""Long work in small steps, so that a worker thread never keeps the interpreter (and the event loop) waiting.

A thread running Python code gives the interpreter up every few milliseconds (the switch interval, 5 ms), but a
single C-level call -- a sort of 100,000 items, or one ``json.dumps`` of megabytes, say -- holds it until it
returns: the event loop, waiting for it, stalls meanwhile.

Between steps, the interpreter changes hands badly both ways. A worker that decodes stored meetings starves the
loop: each decode (zlib) lets the interpreter go for a few microseconds and takes it back before the waiting loop
thread wakes, and because the interpreter changed hands, the loop's forced switch never comes (a GetMeeting on
the loop beside a worker decoding a page of 1,000 meetings waited up to 793 ms). And when the loop lets the
interpreter go (its own decode, lxml), a busy worker takes it for a whole switch interval: a GetMeeting took 5 ms
instead of 0.2 beside a worker letting 100,000 meetings go. So long work in a worker pauses, for no time
(``time.sleep(0)``: the thread waiting for the interpreter gets it), every few hundred microseconds of work
(:func:`gently`, :func:`pause`): the GetMeeting then took at most 6.5 ms, for about a tenth of the worker's speed.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
#: items sorted by one C-level call at most (a few hundred microseconds)
CHUNK = 2048
#: meetings a worker decodes between two pauses for the event loop
DECODES = 32
#: plain steps (a row checked, an item merged or freed) a worker makes between two pauses
STEPS = 1024


def gently(items: Iterable[T], step: int = DECODES) -> Iterator[T]:
    """``items``, the worker pausing for no time after every ``step`` of them, so that a thread waiting for the
    interpreter (the event loop) gets it."""
    for number, item in enumerate(items, 1):
        yield item
        if number % step == 0:
            pause()


def pause() -> None:
    """Let the interpreter go, for no time: a thread waiting for it gets it now."""
    time.sleep(0)


def sorted_gently(items: list[T], key: Callable[[T], Any], reverse: bool = False) -> list[T]:
    """``sorted(items, key=key, reverse=reverse)`` (stable, as sorted is), sorted in chunks of :data:`CHUNK` and
    merged in Python: no single step holds the interpreter for long. Each key is worked out once: the items are
    sorted as (key, position, item), the position negated when reversed, so that ties keep their order."""
    if len(items) <= CHUNK:
        return sorted(items, key=key, reverse=reverse)
    sign = -1 if reverse else 1
    decorated = [(key(item), sign * at, item) for at, item in enumerate(gently(items, STEPS))]
    runs = []
    for at in range(0, len(decorated), CHUNK):
        runs.append(sorted(decorated[at:at + CHUNK], reverse=reverse))
        pause()
    return [item for _, _, item in gently(heapq.merge(*runs, reverse=reverse), STEPS)]
