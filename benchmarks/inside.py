"""Run the mock (``python -m mockserver``'s main) with CPU timers around named functions: ``bench_inside.py`` starts it
as ``python benchmarks/inside.py OUT FUNCTIONS -- <mockserver arguments>``.

FUNCTIONS is a comma-separated list of ``module:name`` or ``module:Class.name``; each is wrapped, where it is looked
up, by a timer of the calling thread's CPU (``time.thread_time``; a coroutine function's timer spans its awaits, so
it counts what other calls ran while it waited).
Every 2,000 calls of the first one, OUT gets one line per function (by its ``module:name``, so two functions
of one name stay apart): its calls and its CPU seconds in all. A function
imported by name into another module is timed only where it is looked up through its own module. Garbage
collections are timed too, wherever they strike (``gc0``, ``gc1``, ``gc2``).
"""

from __future__ import annotations

import functools
import gc
import importlib
import inspect
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: label -> [CPU seconds, calls]
SPENT: dict[str, list[float]] = {}


def timed(label: str, function: Callable[..., Any], first: str, out: Path) -> Callable[..., Any]:
    SPENT[label] = [0.0, 0]

    def done(started: float) -> None:
        spent = SPENT[label]
        spent[0] += time.thread_time() - started
        spent[1] += 1
        if label == first and spent[1] % 2000 == 0:
            out.write_text(json.dumps(SPENT))

    if inspect.iscoroutinefunction(function):
        @functools.wraps(function)
        async def timed_coroutine(*args: Any, **kwargs: Any) -> Any:
            started = time.thread_time()
            try:
                return await function(*args, **kwargs)
            finally:
                done(started)
        return timed_coroutine

    @functools.wraps(function)
    def timed_function(*args: Any, **kwargs: Any) -> Any:
        started = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            done(started)
    return timed_function


def install(names: list[str], out: Path) -> None:
    for name in names:
        module_name, _, attribute = name.partition(":")
        owner_name, _, function_name = attribute.rpartition(".")
        owner: Any = importlib.import_module(module_name)
        if owner_name:
            owner = getattr(owner, owner_name)
        setattr(owner, function_name, timed(name, getattr(owner, function_name), names[0], out))


#: when the running collection started (thread CPU)
_COLLECTING: list[float] = []


def time_collections(phase: str, info: dict[str, int]) -> None:
    """``gc.callbacks``: the CPU of every garbage collection, as the pseudo-stages ``gc0``, ``gc1`` and ``gc2`` (one
    per generation; calls: collections)."""
    if phase == "start":
        _COLLECTING[:] = [time.thread_time()]
    elif _COLLECTING:
        spent = SPENT.setdefault(f"gc{info['generation']}", [0.0, 0])
        spent[0] += time.thread_time() - _COLLECTING.pop()
        spent[1] += 1


def main() -> None:
    out, names, separator, *arguments = sys.argv[1:]
    assert separator == "--", __doc__
    install(names.split(","), Path(out))
    for generation in range(3):
        SPENT[f"gc{generation}"] = [0.0, 0]
    gc.callbacks.append(time_collections)
    from mockserver.cli import main as serve
    sys.exit(serve(arguments))


if __name__ == "__main__":
    main()
