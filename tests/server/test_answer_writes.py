"""An answer's head and body leave in one write (mockserver.serving.GentleClose): uvicorn writes them apart, and
each write wakes the client's side of the connection. A head whose body does not follow in the same turn of the
event loop still goes out, on the next turn, and nothing is written after the transport closes."""

from __future__ import annotations

import asyncio
from typing import Any

from mockserver.serving.writes import GentleClose

HEAD = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n"


class _Transport:
    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closing = False

    def write(self, data: bytes) -> None:
        assert not self.closing, "written after close"
        self.writes.append(data)

    def is_closing(self) -> bool:
        return self.closing

    def get_extra_info(self, name: str) -> Any:
        return None


class _Protocol:
    def __init__(self, transport: _Transport) -> None:
        self.transport = transport
        self.loop = asyncio.get_running_loop()  # as uvicorn's protocol keeps the loop it runs on

    def close_gently(self, transport: _Transport) -> None:
        transport.closing = True


def _wrapped() -> tuple[GentleClose, _Transport]:
    transport = _Transport()
    return GentleClose(transport, _Protocol(transport)), transport  # type: ignore[arg-type]


def test_head_and_body_leave_in_one_write() -> None:
    async def answer() -> list[bytes]:
        wrapped, transport = _wrapped()
        wrapped.write(HEAD)
        wrapped.write(b"ok")
        await asyncio.sleep(0)
        return transport.writes

    assert asyncio.run(answer()) == [HEAD + b"ok"]


def test_a_head_without_its_body_goes_out_on_the_next_turn() -> None:
    async def answer() -> tuple[list[bytes], list[bytes]]:
        wrapped, transport = _wrapped()
        wrapped.write(HEAD)
        before = list(transport.writes)
        await asyncio.sleep(0)
        return before, transport.writes

    before, after = asyncio.run(answer())
    assert before == [] and after == [HEAD]


def test_a_held_head_goes_out_before_anything_else_the_transport_is_asked() -> None:
    async def answer() -> list[bytes]:
        wrapped, transport = _wrapped()
        wrapped.write(HEAD)
        wrapped.get_extra_info("peername")
        wrapped.write(b"ok")
        wrapped.close()
        await asyncio.sleep(0)
        return transport.writes

    assert asyncio.run(answer()) == [HEAD, b"ok"]


def test_a_head_held_when_the_connection_closes_is_sent_before_the_close_and_never_after() -> None:
    async def answer() -> list[bytes]:
        wrapped, transport = _wrapped()
        wrapped.write(HEAD)
        wrapped.close()
        await asyncio.sleep(0)
        return transport.writes

    assert asyncio.run(answer()) == [HEAD]


def test_other_writes_pass_through_at_once() -> None:
    async def answer() -> list[bytes]:
        wrapped, transport = _wrapped()
        wrapped.write(b"1a\r\nchunk")
        return list(transport.writes)

    assert asyncio.run(answer()) == [b"1a\r\nchunk"]


def test_a_head_held_when_the_client_goes_is_dropped() -> None:
    async def answer() -> list[bytes]:
        wrapped, transport = _wrapped()
        wrapped.write(HEAD)
        transport.closing = True  # the connection was lost before the next turn
        await asyncio.sleep(0)
        return transport.writes

    assert asyncio.run(answer()) == []
