"""Letting go of many meetings without a stall: a reset or dropped namespace, a removed or reset site.

Dropped at once, a store of 100,000 meetings is freed by one C-level cascade of about 100 ms that holds the
interpreter -- the event loop, and every thread, wait for it. Here the containers are taken out whole (a few
dictionary pops under the store's lock) and handed to one background thread, which empties them a step of
:data:`STEP` items at a time, so no step holds the interpreter (or a lock) for long.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Protocol

from ..base.chunked import pause
from .changes import Changes
from .meetingindex import MeetingIndexes
from .sortedentries import SortedEntries

#: items freed per step (between steps the interpreter may switch threads, and the lock is let go)
STEP = 1000


class Holder(Protocol):
    """A store, as far as letting go of its meetings goes (:class:`mockserver.domain.store.Store`)."""

    lock: Any
    meetings: dict[str, dict[int, Any]]
    by_start: dict[str, SortedEntries]
    by_host: dict[str, dict[str, SortedEntries]]
    indexes: MeetingIndexes
    versions: dict[str, int]
    changes: Changes
    used_keys: set[int]
    tickets: dict[str, Any]


def take_site(store: Holder, key: str) -> list[Any]:
    """Take a site's meetings and their indexes out of ``store`` at once (the caller holds its lock), noting every
    meeting gone for the state file; what was taken, for :func:`retire`."""
    held = store.meetings.pop(key, {})
    store.changes.meetings_of(key, held)
    store.versions[key] = store.versions.get(key, 0) + 1
    return [held, store.by_start.pop(key, None), store.by_host.pop(key, None), *store.indexes.take_site(key)]


def whole(store: Holder) -> list[Any]:
    """Every big container of a store no one will change again (a namespace reset, replaced or dropped)."""
    index = store.indexes
    return [store.meetings, store.by_start, store.by_host, index.facts, index.attendees, index.keys,
            *[part for spans in index.spans.values() for part in spans.taken()], store.used_keys, store.tickets]


def retire(containers: Iterable[Any], lock: Any = None) -> None:
    """Empty ``containers`` in the background, a step at a time (each step under ``lock``, if given: a store that
    a call still in flight may read)."""
    _queue.put((list(containers), lock))
    _start()


def settle() -> None:
    """Wait until everything handed to :func:`retire` so far is let go of (for tests)."""
    _queue.join()


_queue: queue.Queue[tuple[list[Any], Any]] = queue.Queue()
_started = threading.Lock()
_worker: list[threading.Thread] = []


def _start() -> None:
    with _started:
        if not _worker:
            _worker.append(threading.Thread(target=_run, name="webex-mock-retire", daemon=True))
            _worker[0].start()


def _run() -> None:
    while True:
        containers, lock = _queue.get()
        try:
            for container in containers:
                _empty(container, lock)
        finally:
            del containers
            _queue.task_done()


def _empty(container: Any, lock: Any) -> None:
    """Empty ``container`` (and the containers it holds), :data:`STEP` items at a time."""
    guard: AbstractContextManager[Any] = lock if lock is not None else nullcontext()
    if isinstance(container, SortedEntries):
        container = container.chunks_taken()
    while container:
        inner = []
        with guard:
            for _ in range(min(STEP, len(container))):
                item = container.popitem()[1] if isinstance(container, dict) else container.pop()
                if isinstance(item, (dict, list, set, SortedEntries)) and item:
                    inner.append(item)
        pause()
        for item in inner:
            _empty(item, lock)
