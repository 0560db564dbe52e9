"""A saturated loop writes its answers a few at a time (mockserver.serving.writes.Batch): an answer written while other
requests wait is held until BATCH are held or the loop's turn ends; a loop with time to spare writes each at once.
What is held leaves in order, before anything the same connection writes later, and never after its close."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from restkit import HOST_TOKEN, meeting_body

from mockserver import Config, MockServer
from mockserver.serving import writes
from mockserver.serving.writes import BATCH, WINDOW_S, Batch, GentleClose

ANSWER = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"


class _Transport:
    def __init__(self, name: int, wire: list[tuple[int, bytes]]) -> None:
        self.name, self.wire, self.closing = name, wire, False

    def write(self, data: bytes) -> None:
        assert not self.closing, "written after close"
        self.wire.append((self.name, data))

    def is_closing(self) -> bool:
        return self.closing


class _Protocol:
    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()

    def close_gently(self, transport: _Transport) -> None:
        transport.closing = True


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _connections(count: int, wire: list[tuple[int, bytes]]) -> list[GentleClose]:
    return [GentleClose(_Transport(name, wire), _Protocol()) for name in range(count)]  # type: ignore[arg-type]


def _saturate(batch: Batch, clock: _Clock, requests: int) -> None:
    """``requests`` arrive, and the loop stays busy with them past a window."""
    for _ in range(requests):
        batch.arrived()
    clock.now += 2 * WINDOW_S


def _batch(clock: _Clock) -> Batch:
    """A fresh batch for the running loop, as every connection of the loop finds it."""
    loop = asyncio.get_running_loop()
    Batch._of_loop[loop] = batch = Batch(loop, clock)
    return batch


def _saturated(count: int) -> tuple[Batch, list[GentleClose], list[tuple[int, bytes]]]:
    """A fresh, saturated batch of the running loop, ``count`` connections whose requests wait, and the wire."""
    clock, wire = _Clock(), []
    batch = _batch(clock)
    connections = _connections(count, wire)
    _saturate(batch, clock, count)
    return batch, connections, wire


def test_a_loop_with_time_to_spare_writes_each_answer_at_once() -> None:
    async def run() -> list[tuple[int, bytes]]:
        clock, wire = _Clock(), []
        batch = _batch(clock)
        connections = _connections(4, wire)
        for _ in range(100):  # busy half the time: 1 ms answering 4 requests, 1 ms idle
            for _ in connections:
                batch.arrived()
            clock.now += 0.001
            for connection in connections:
                connection.write(ANSWER)
                batch.answered()
            clock.now += 0.001
            assert len(wire) % 4 == 0, "an answer was held"
        assert not batch.saturated
        return wire

    assert len(asyncio.run(run())) == 400


def test_a_saturated_loop_holds_answers_until_a_batch_is_full_then_writes_them_back_to_back() -> None:
    async def run() -> None:
        clock, wire = _Clock(), []
        batch = _batch(clock)
        connections = _connections(BATCH + 2, wire)
        _saturate(batch, clock, len(connections))
        for connection in connections[:BATCH - 1]:
            connection.write(ANSWER)
            batch.answered()
        assert wire == [] and batch.saturated
        connections[BATCH - 1].write(ANSWER)  # the batch's last: all of it goes, in the order written
        assert wire == [(name, ANSWER) for name in range(BATCH)]
        connections[BATCH].write(ANSWER)  # the next batch begins
        assert len(wire) == BATCH
        await asyncio.sleep(0)  # the loop's turn ends: what is held goes
        assert wire[BATCH:] == [(BATCH, ANSWER)]

    asyncio.run(run())


def test_the_last_request_waiting_is_answered_at_once_and_takes_the_held_with_it() -> None:
    async def run() -> None:
        batch, (first, last), wire = _saturated(2)
        first.write(ANSWER)
        batch.answered()
        assert wire == []
        last.write(ANSWER)  # no other request waits: nothing to wait for
        assert wire == [(0, ANSWER), (1, ANSWER)]

    asyncio.run(run())


def test_what_a_connection_writes_after_its_held_answer_goes_behind_it_and_a_close_sends_it_first() -> None:
    async def run() -> None:
        _, (connection, gone, _), wire = _saturated(3)
        connection.write(ANSWER)
        connection.write(b"more")
        gone.write(ANSWER)
        gone._transport.closing = True  # the client went away meanwhile: its answer is never written
        connection.close()
        assert wire == [(0, ANSWER + b"more")]
        await asyncio.sleep(0)
        assert wire == [(0, ANSWER + b"more")]

    asyncio.run(run())


def test_a_loop_saturated_then_idle_writes_at_once_again() -> None:
    async def run() -> None:
        clock, wire = _Clock(), []
        batch = _batch(clock)
        connections = _connections(2, wire)
        _saturate(batch, clock, 2)
        connections[0].write(ANSWER)
        assert batch.saturated and wire == []
        connections[1].write(ANSWER)
        batch.answered(2)
        await asyncio.sleep(0)
        assert len(wire) == 2
        clock.now += 2 * WINDOW_S  # idle
        batch.arrived()
        batch.arrived()
        connections[0].write(ANSWER)
        assert not batch.saturated and len(wire) == 3

    asyncio.run(run())


@pytest.fixture
def saturated_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[MockServer, list[Batch]]]:
    """A served mock whose loop counts as saturated whenever a request waits (every window a moment long), and the
    batches its connections took."""
    monkeypatch.setattr(writes, "WINDOW_S", 0.0)
    monkeypatch.setattr(writes, "SATURATED", -1.0)
    taken: list[Batch] = []
    of = Batch.of.__func__  # type: ignore[attr-defined]

    def spied(cls: type[Batch], loop: asyncio.AbstractEventLoop) -> Batch:
        batch = of(cls, loop)
        if batch not in taken:
            taken.append(batch)
        return batch

    monkeypatch.setattr(Batch, "of", classmethod(spied))
    hold = GentleClose.hold

    def counted(connection: GentleClose, data: bytes) -> None:
        HELD.append(len(data))
        hold(connection, data)

    monkeypatch.setattr(GentleClose, "hold", counted)
    HELD.clear()
    with MockServer(Config(port=0)) as server:
        yield server, taken


#: the answers held, by size (the served test's)
HELD: list[int] = []


def test_many_clients_at_once_get_every_answer_whole_and_the_count_of_waiting_requests_returns_to_zero(
        saturated_server: tuple[MockServer, list[Batch]]) -> None:
    server, batches = saturated_server
    url = f"{server.base_url}/v1/meetings"
    answers: list[Any] = []
    errors: list[BaseException] = []

    def client(number: int) -> None:
        try:
            with httpx.Client(headers={"Authorization": f"Bearer {HOST_TOKEN}"}, timeout=30) as http:
                for call in range(6):
                    answers.append(http.post(url, json=meeting_body(f"batch {number}-{call}")))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(number,)) for number in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors and len(answers) == 96
    assert all(answer.status_code == 200 for answer in answers)
    assert sorted(answer.json()["title"] for answer in answers) == sorted(
        f"batch {number}-{call}" for number in range(16) for call in range(6))
    assert len(batches) == 1 and batches[0].saturated and HELD, "no answer was held"
    deadline = time.monotonic() + 10  # the last answer's count may end a moment after its bytes arrive
    while batches[0].answering and time.monotonic() < deadline:
        time.sleep(0.01)
    assert batches[0].answering == 0 and not batches[0]._held


def test_heads_whose_bodies_do_not_follow_go_out_at_the_turns_end_after_what_their_connection_held() -> None:
    async def run() -> None:
        _, (first, second, _), wire = _saturated(3)
        first.write(ANSWER)  # held
        first.write(b"HTTP/1.1 200 OK\r\n\r\n")  # the next answer's head, its body to come later
        second.write(b"HTTP/1.1 204 No Content\r\n\r\n")
        assert wire == []
        await asyncio.sleep(0)
        assert wire == [(0, ANSWER), (0, b"HTTP/1.1 200 OK\r\n\r\n"), (1, b"HTTP/1.1 204 No Content\r\n\r\n")]

    asyncio.run(run())
