"""How answers leave: an answer's head with its body in one write, and a saturated loop's answers a few at a
time (:class:`GentleClose` is the transport :class:`~mockserver.serving.GuardedHttpProtocol` gives uvicorn)."""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Callable
from typing import Any, ClassVar, Protocol

#: a saturated loop writes its answers this many at a time (:class:`Batch`)
BATCH = 8
#: a loop is saturated when it had requests to answer for more than this share of a window of WINDOW_S seconds
SATURATED = 0.9
WINDOW_S = 0.05


class Closer(Protocol):
    """The connection's protocol, as its transport sees it."""

    loop: asyncio.AbstractEventLoop

    def close_gently(self, transport: asyncio.Transport) -> None: ...


class GentleClose:
    """The connection's transport as the protocol and its request cycles see it: ``close()`` may linger, an
    answer's head goes out with the first bytes of its body, in one write, and a saturated loop writes its answers
    a few at a time (:class:`Batch`).

    uvicorn writes the head and the body of an answer separately: two sends, each waking the client's side of a
    loopback connection (measured: about a fifth of the mock's time per REST create went to the two writes). The
    head is held until the body's first write, or until the event loop's next turn when the body does not follow
    in this one (an answer that starts and then waits shows its head as before)."""

    def __init__(self, transport: asyncio.Transport, protocol: Closer) -> None:
        self._transport = transport
        self._protocol = protocol
        self._loop = protocol.loop  # asyncio.get_running_loop() asks the kernel for the pid on every call
        self._head: bytes | None = None
        self._held: bytes | None = None  # written, waiting in the loop's batch
        self._batch = Batch.of(self._loop)

    def __getattr__(self, name: str) -> Any:
        self._flush()
        return getattr(self._transport, name)

    def is_closing(self) -> bool:
        """Asked several times an answer (by uvicorn and the guards): without the lookup above, and without letting
        what is held go out (it changes nothing on the wire)."""
        return self._transport.is_closing()

    def write(self, data: bytes) -> None:
        if self._head is not None:
            data, self._head = self._head + data, None
        elif data.startswith(b"HTTP/1.1 ") and data.endswith(b"\r\n\r\n"):
            self._head = data
            self._batch.head_waits(self)
            return
        if self._held is not None:  # behind what waits in the batch
            self._held += data
        elif not self._batch.holds(self, data):
            self._transport.write(data)

    def hold(self, data: bytes) -> None:
        self._held = data

    def release(self) -> None:
        """Write what waits in the batch (unless the connection is closing: the client is gone)."""
        held, self._held = self._held, None
        self._write_now(held)

    def _flush(self) -> None:
        self.release()
        self.flush_head()

    def flush_head(self) -> None:
        """Write a head held alone (what the connection held in the batch is written already: every caller releases
        it first)."""
        head, self._head = self._head, None
        self._write_now(head)

    def _write_now(self, data: bytes | None) -> None:
        if data is not None and not self._transport.is_closing():
            self._transport.write(data)

    def close(self) -> None:
        self._flush()
        self._protocol.close_gently(self._transport)


class Batch:
    """The answers of one event loop, held and written a few at a time while the loop is saturated.

    Each answer written wakes a client that sleeps waiting for it, and on this 2-CPU VM the writing thread pays for
    the wake-up (40-55 µs of an answer, docs/benchmarks.md). Written back to back, answers to the same client
    process wake it once. So while the loop is saturated (it had requests to answer for more than
    :data:`SATURATED` of the last :data:`WINDOW_S`), an answer written while other requests wait is held until
    :data:`BATCH` are held or the loop's turn ends, whichever comes first. A loop with time to spare writes every
    answer at once: held there, answers made paced clients come back together, and the next answers waited for
    each other (the paced p99 doubled)."""

    __slots__ = ("_loop", "_clock", "_held", "_heads", "_scheduled", "answering", "saturated", "_changed", "_busy",
                 "_idle", "__weakref__")
    _of_loop: ClassVar[weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Batch]] = weakref.WeakKeyDictionary()

    def __init__(self, loop: asyncio.AbstractEventLoop, clock: Callable[[], float] = time.perf_counter) -> None:
        self._loop, self._clock = loop, clock
        self._held: list[GentleClose] = []
        self._heads: list[GentleClose] = []  # connections that wrote a head this turn
        self._scheduled = False  # the turn's end is to release what is held and the heads still held
        #: requests whose head has arrived and whose answer has not been written, all connections of the loop
        self.answering = 0
        self.saturated = False
        self._changed = clock()  # when the time counted last was counted
        self._busy = self._idle = 0.0  # seconds of this window with requests to answer, and without

    @classmethod
    def of(cls, loop: asyncio.AbstractEventLoop) -> Batch:
        batch = cls._of_loop.get(loop)
        if batch is None:
            batch = cls._of_loop[loop] = cls(loop)
        return batch

    def arrived(self) -> None:
        if self.answering == 0:
            self._count(busy=False)
        self.answering += 1

    def answered(self, requests: int = 1) -> None:
        if requests:
            self.answering -= requests
            if self.answering == 0:
                self._count(busy=True)

    def _count(self, busy: bool) -> None:
        """Count the time since the last count as busy or idle; past WINDOW_S of it, decide ``saturated``."""
        now = self._clock()
        if busy:
            self._busy += now - self._changed
        else:
            self._idle += now - self._changed
        self._changed = now
        if self._busy + self._idle > WINDOW_S:
            self.saturated = self._busy > SATURATED * (self._busy + self._idle)
            self._busy = self._idle = 0.0

    def holds(self, connection: GentleClose, data: bytes) -> bool:
        """Hold ``data``, what ``connection`` writes, if the loop is saturated and other requests wait (False: it is
        to be written now, and what is held has just been written)."""
        held = self._held
        if self.answering > 1 and len(held) < BATCH - 1:
            self._count(busy=True)  # a loop that is never idle decides too
            if self.saturated:
                connection.hold(data)
                held.append(connection)
                self._at_turn_end()
                return True
        if held:
            self.release()
        return False

    def release(self) -> None:
        held, self._held = self._held, []
        for connection in held:
            connection.release()

    def head_waits(self, connection: GentleClose) -> None:
        """``connection`` holds an answer's head: written with the body's first bytes, or at the turn's end."""
        self._heads.append(connection)
        self._at_turn_end()

    def _at_turn_end(self) -> None:
        if not self._scheduled:
            self._scheduled = True
            self._loop.call_soon(self._turn_ends)

    def _turn_ends(self) -> None:
        self._scheduled = False
        self.release()
        heads, self._heads = self._heads, []
        for connection in heads:
            connection.flush_head()
