"""How the mock is served (the console script and the fixture's MockServer): uvicorn, with the limits on
connections, request heads and request bodies that uvicorn leaves open.

uvicorn's httptools protocol reads a request line and headers of any size (a 128 MiB header took 16 s of CPU),
nothing closes a connection that never finishes its head or its body (the keep-alive timer is not armed on a new
connection, stops at the first byte and is not armed while a request is read), and it accepts connections until
the process runs out of file descriptors. So clients sending a byte every few seconds held sockets (and the body
bytes they had sent) until no legitimate call could connect. :class:`GuardedHttpProtocol` adds these limits at the
connection level, below the ASGI app (:class:`Limits`, from the configuration):

* a request head (request line and headers) over ``max_header_bytes`` gets ``431`` and the connection closes;
* a head that has not arrived ``header_timeout`` seconds after the connection opened (or after the previous
  answer) gets ``408`` (or, if nothing was sent, just the close);
* a body that has not arrived ``body_timeout`` seconds after its head gets ``408`` (unless an answer has started)
  and the connection closes; the app reading it sees the client go away;
* past ``max_connections`` connections, a new one is answered ``503`` with ``Retry-After`` at once, before
  anything is read from it, and closed;
* past ``max_inflight_body_bytes`` bytes of request bodies being received (all connections together), the request
  whose bytes would pass it gets ``503`` with ``Retry-After`` (unless an answer has started) and its connection
  closes. So bodies in flight never hold more than that, whatever the number of slow clients;
* a server that stops answers a body still coming in ``503`` and closes, rather than wait for it.

When the server closes a connection while the client is still sending (after one of these answers, or after
a 413 to a client that asked to close, as urllib does), it closes gently: it sends its answer and a FIN, then
reads and throws away what still comes (at most ``LINGER_BYTES`` for ``LINGER_S``), so that a client that writes
its whole request before reading reads the answer rather than a connection reset. A refused connection (over
``max_connections``) lingers at most ``REFUSED_LINGER_S`` and ``max_header_bytes``, and only while fewer than
``max_connections`` refused ones linger: past that it is closed at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import uvicorn
from starlette.applications import Starlette
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ..config import Config
from .writes import Batch, GentleClose

#: closing while the client still sends: throw away at most this much of what still comes, for at most this long
LINGER_BYTES = 64 * 1024 * 1024
LINGER_S = 5.0
#: a connection refused over max_connections reads (and throws away) its request for at most this long
REFUSED_LINGER_S = 1.0
REASONS = {408: "Request Timeout", 431: "Request Header Fields Too Large", 503: "Service Unavailable"}
#: what a 503 tells the client: try again in this many seconds
RETRY_AFTER_S = 1


@dataclass
class Limits:
    """The limits of one server, and what its connections hold together right now."""

    max_head_bytes: int = Config.max_header_bytes
    head_timeout_s: float = Config.header_timeout
    body_timeout_s: float = Config.body_timeout
    max_connections: int = Config.max_connections
    max_inflight_body_bytes: int = Config.max_inflight_body_bytes
    #: bytes of request bodies received by requests not yet complete, all connections together
    inflight_body_bytes: int = 0
    #: connections refused over max_connections and not yet closed
    refusing: int = 0

    @classmethod
    def from_config(cls, config: Config) -> Limits:
        return cls(config.max_header_bytes, config.header_timeout, config.body_timeout, config.max_connections,
                   config.max_inflight_body_bytes)


class _Deadline:
    """A deadline armed and disarmed on every request without a timer each time (a timer made and cancelled per
    request cost about 2 % of a create over HTTP): one timer waits, and when it finds the deadline moved later, it
    waits again for the new one."""

    __slots__ = ("_loop", "_action", "_at", "_timer")

    def __init__(self, loop: asyncio.AbstractEventLoop, action: Callable[[], None]) -> None:
        self._loop, self._action = loop, action
        self._at: float | None = None
        self._timer: asyncio.TimerHandle | None = None

    def arm(self, seconds: float) -> None:
        self._at = at = self._loop.time() + seconds
        if self._timer is None or self._timer.when() > at:
            self._cancel()
            self._timer = self._loop.call_at(at, self._check)

    def disarm(self) -> None:
        self._at = None  # the waiting timer finds nothing to do

    def stop(self) -> None:
        """Disarm, and let go of the timer (the connection is gone)."""
        self._at = None
        self._cancel()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _check(self) -> None:
        self._timer = None
        at = self._at
        if at is None:
            return
        if at > self._loop.time():
            self._timer = self._loop.call_at(at, self._check)
            return
        self._at = None
        self._action()


class GuardedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a connection cap, and a size limit and deadline on each request head and
    body."""

    limits: ClassVar[Limits] = Limits()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._awaiting_head = True
        self._head_bytes = 0
        self._head_deadline = _Deadline(self.loop, self._head_timed_out)
        self._body_deadline = _Deadline(self.loop, self._body_timed_out)
        self._body_bytes = 0  # of the request being received, counted in limits.inflight_body_bytes
        self._lingering: int | None = None  # bytes thrown away while closing gently
        self._linger_bytes = LINGER_BYTES
        self._refused = False  # over max_connections
        self._stopping = False
        self._batch = Batch.of(self.loop)
        self._unanswered = 0  # requests of this connection counted in the batch's answering

    # -- the connection ---------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(GentleClose(transport, self))  # type: ignore[arg-type]
        if len(self.connections) - self.limits.refusing > self.limits.max_connections:
            self._refuse_connection(transport)
            return
        self._arm_head_timer()

    def shutdown(self) -> None:
        self._stopping = True  # the server is stopping: close at once, never linger
        cycle = self.cycle
        if cycle is not None and cycle.more_body and not cycle.response_started and not self._closing():
            self._abandon_request(503)  # a body still coming in would hold the stop until its deadline
        super().shutdown()

    def connection_lost(self, exc: Exception | None) -> None:
        self._batch.answered(self._unanswered)
        self._unanswered = 0
        self._head_deadline.stop()
        self._body_deadline.stop()
        self._end_body()
        if self._refused:
            self._refused = False
            self.limits.refusing -= 1
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._lingering is not None:
            self._discard(len(data))
            return
        if not self._awaiting_head:
            super().data_received(data)
            return
        room = self.limits.max_head_bytes - self._head_bytes
        self._head_bytes += len(data)
        super().data_received(data[:room])  # the parser never sees more of a head than the limit
        if self.transport.is_closing():
            return
        if self._awaiting_head and self._head_bytes > self.limits.max_head_bytes:
            self._refuse(431)
        elif len(data) > room:
            super().data_received(data[room:])

    # -- parser and cycle callbacks ------------------------------------------------------------------

    def on_headers_complete(self) -> None:
        self._awaiting_head = False
        self._disarm_head_timer()
        self._unanswered += 1
        self._batch.arrived()
        super().on_headers_complete()
        self._body_deadline.arm(self.limits.body_timeout_s)

    def on_body(self, body: bytes) -> None:
        if self._closing() or self.cycle.response_complete:  # answered: the rest is thrown away as it comes
            super().on_body(body)
            return
        limits = self.limits
        if limits.inflight_body_bytes + len(body) > limits.max_inflight_body_bytes:
            self._abandon_request(503)  # the bodies being received hold all they may
            return
        self._body_bytes += len(body)
        limits.inflight_body_bytes += len(body)
        super().on_body(body)

    def on_message_complete(self) -> None:
        self._end_body()
        super().on_message_complete()
        self._awaiting_head, self._head_bytes = True, 0
        self._arm_head_timer()  # if the answer is still being made, its end re-arms it

    def on_response_complete(self) -> None:
        if self._unanswered:
            self._unanswered -= 1
            self._batch.answered()
        super().on_response_complete()
        if self._awaiting_head and not self.transport.is_closing():
            self._arm_head_timer()

    # -- the deadlines and the refusals --------------------------------------------------------------------

    def _arm_head_timer(self) -> None:
        self._head_deadline.arm(self.limits.head_timeout_s)

    def _disarm_head_timer(self) -> None:
        self._head_deadline.disarm()

    def _head_timed_out(self) -> None:
        answering = self.cycle is not None and not self.cycle.response_complete
        if not self._awaiting_head or answering or self._closing():
            return  # a head arrived, or an answer is on its way (its end re-arms the timer)
        if self._head_bytes:
            self._refuse(408)
        else:
            self.transport.close()

    def _closing(self) -> bool:
        """Closed or closing (a gentle close keeps the transport open while it throws away what still comes)."""
        return self._lingering is not None or self.transport.is_closing()

    def _end_body(self) -> None:
        """The request's body is in (or will never be): its deadline and its bytes in flight end."""
        self._body_deadline.disarm()
        self.limits.inflight_body_bytes -= self._body_bytes
        self._body_bytes = 0

    def _body_timed_out(self) -> None:
        if self.cycle is not None and self.cycle.more_body and not self._closing():
            self._abandon_request(408)

    def _abandon_request(self, status: int) -> None:
        """The request's body will not be read: answer ``status`` (unless an answer has started), close the
        connection, and let the app that waits for the body see the client go away."""
        self._end_body()
        cycle = self.cycle
        if self._closing():
            return
        if cycle.response_started:
            self.transport.close()
        else:
            self._refuse(status)
        cycle.disconnected = True  # after the close, which lingers while the client still sends
        cycle.message_event.set()

    def _refuse(self, status: int) -> None:
        self._write_refusal(self.transport, status)
        self.transport.close()

    def _write_refusal(self, transport: asyncio.Transport | GentleClose, status: int) -> None:
        text = f"{REASONS[status]}\n".encode()
        retry = f"retry-after: {RETRY_AFTER_S}\r\n" if status == 503 else ""
        transport.write(
            f"HTTP/1.1 {status} {REASONS[status]}\r\ncontent-type: text/plain; charset=utf-8\r\n"
            f"content-length: {len(text)}\r\n{retry}connection: close\r\n\r\n".encode() + text)

    def _refuse_connection(self, transport: asyncio.Transport) -> None:
        """Over ``max_connections``: 503 at once, nothing read; linger briefly (while few do) so that a client that
        sends its request before it reads reads the 503."""
        self._refused = True
        self.limits.refusing += 1
        self._write_refusal(transport, 503)
        if self._stopping or self.limits.refusing > self.limits.max_connections or not transport.can_write_eof():
            transport.close()
            return
        self._lingering, self._linger_bytes = 0, self.limits.max_head_bytes
        transport.write_eof()
        self.loop.call_later(REFUSED_LINGER_S, transport.close)

    # -- closing ------------------------------------------------------------------------------------------

    def close_gently(self, transport: asyncio.Transport) -> None:
        """Close; but while the client is still sending its request, first send a FIN and drain a while."""
        still_sending = self._awaiting_head and self._head_bytes > 0 or (
            self.cycle is not None and self.cycle.more_body and not self.cycle.disconnected)
        if transport.is_closing() or self._lingering is not None or self._stopping or not still_sending:
            transport.close()
            return
        self._disarm_head_timer()
        self._lingering = 0
        if transport.can_write_eof():
            transport.write_eof()
        self.flow.resume_reading()
        self.loop.call_later(LINGER_S, transport.close)

    def _discard(self, size: int) -> None:
        assert self._lingering is not None
        self._lingering += size
        if self._lingering > self._linger_bytes:
            self.transport.close()


def protocol_for(config: Config) -> type[GuardedHttpProtocol]:
    """The protocol class of one server: this configuration's limits, and what its connections hold together."""
    return type("MockHttpProtocol", (GuardedHttpProtocol,), {"limits": Limits.from_config(config)})


def uvicorn_config(app: Starlette, config: Config, log_config: dict[str, Any]) -> uvicorn.Config:
    return uvicorn.Config(app, http=protocol_for(config), log_level=config.log_level, server_header=False,
                          access_log=config.log_level == "debug", log_config=log_config)
