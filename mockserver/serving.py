"""How the console script serves the app: uvicorn, with limits on the request head that uvicorn leaves open.

uvicorn's httptools protocol reads a request line and headers of any size (a 128 MiB header took 16 s of CPU),
and nothing closes a connection that never finishes its head: the keep-alive timer is not armed on a new
connection and stops at the first byte, so clients sending a byte every few seconds held sockets until the
server ran out of file descriptors. :class:`GuardedHttpProtocol` adds both limits at the connection level,
below the ASGI app:

* a request head (request line and headers) over ``max_header_bytes`` gets ``431`` and the connection closes;
* a head that has not arrived ``header_timeout`` seconds after the connection opened (or after the previous
  answer) gets ``408`` (or, if nothing was sent, just the close).

When the server closes a connection while the client is still sending (after one of these answers, or after
a 413 to a client that asked to close, as urllib does), it closes gently: it sends its answer and a FIN, then
reads and throws away what still comes (at most ``LINGER_BYTES`` for ``LINGER_S``), so that a client that writes
its whole request before reading reads the answer rather than a connection reset.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

import uvicorn
from starlette.applications import Starlette
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .config import Config

#: closing while the client still sends: throw away at most this much of what still comes, for at most this long
LINGER_BYTES = 64 * 1024 * 1024
LINGER_S = 5.0
REASONS = {408: "Request Timeout", 431: "Request Header Fields Too Large"}


class _GentleClose:
    """The connection's transport as the protocol and its request cycles see it: ``close()`` may linger."""

    def __init__(self, transport: asyncio.Transport, protocol: GuardedHttpProtocol) -> None:
        self._transport = transport
        self._protocol = protocol

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)

    def close(self) -> None:
        self._protocol.close_gently(self._transport)


class GuardedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a size limit and a deadline on each request head."""

    max_head_bytes: ClassVar[int] = Config.max_header_bytes
    head_timeout_s: ClassVar[float] = Config.header_timeout

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._awaiting_head = True
        self._head_bytes = 0
        self._head_timer: asyncio.TimerHandle | None = None
        self._lingering: int | None = None  # bytes thrown away while closing gently
        self._stopping = False

    # -- the connection ---------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(_GentleClose(transport, self))  # type: ignore[arg-type]
        self._arm_head_timer()

    def shutdown(self) -> None:
        self._stopping = True  # the server is stopping: close at once, never linger
        super().shutdown()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._lingering is not None:
            self._discard(len(data))
            return
        if not self._awaiting_head:
            super().data_received(data)
            return
        room = self.max_head_bytes - self._head_bytes
        self._head_bytes += len(data)
        super().data_received(data[:room])  # the parser never sees more of a head than the limit
        if self.transport.is_closing():
            return
        if self._awaiting_head and self._head_bytes > self.max_head_bytes:
            self._refuse(431)
        elif len(data) > room:
            super().data_received(data[room:])

    # -- parser and cycle callbacks ------------------------------------------------------------------

    def on_headers_complete(self) -> None:
        self._awaiting_head = False
        self._disarm_head_timer()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._awaiting_head, self._head_bytes = True, 0
        self._arm_head_timer()  # if the answer is still being made, its end re-arms it

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self._awaiting_head and not self.transport.is_closing():
            self._arm_head_timer()

    # -- the deadline and the refusal --------------------------------------------------------------------

    def _arm_head_timer(self) -> None:
        self._disarm_head_timer()
        self._head_timer = self.loop.call_later(self.head_timeout_s, self._head_timed_out)

    def _disarm_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        answering = self.cycle is not None and not self.cycle.response_complete
        if not self._awaiting_head or answering or self.transport.is_closing():
            return  # a head arrived, or an answer is on its way (its end re-arms the timer)
        if self._head_bytes:
            self._refuse(408)
        else:
            self.transport.close()

    def _refuse(self, status: int) -> None:
        text = f"{REASONS[status]}\n".encode()
        self.transport.write(
            f"HTTP/1.1 {status} {REASONS[status]}\r\ncontent-type: text/plain; charset=utf-8\r\n"
            f"content-length: {len(text)}\r\nconnection: close\r\n\r\n".encode() + text)
        self.transport.close()

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
        if self._lingering > LINGER_BYTES:
            self.transport.close()


def protocol_for(config: Config) -> type[GuardedHttpProtocol]:
    """The protocol class with this configuration's head limits."""
    return type("MockHttpProtocol", (GuardedHttpProtocol,),
                {"max_head_bytes": config.max_header_bytes, "head_timeout_s": config.header_timeout})


def uvicorn_config(app: Starlette, config: Config, log_config: dict[str, Any]) -> uvicorn.Config:
    return uvicorn.Config(app, http=protocol_for(config), log_level=config.log_level, server_header=False,
                          access_log=config.log_level == "debug", log_config=log_config)
