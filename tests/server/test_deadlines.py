"""The head and body deadlines of a served connection (mockserver.serving._Deadline): armed and disarmed on every
request without a timer each time, and still acting at the deadline last armed, never before it and never after a
disarm."""

from __future__ import annotations

import asyncio

from mockserver.serving import _Deadline


def _run(steps: list[tuple[float, str]], seconds: float = 0.25) -> list[float]:
    """Arm or disarm at the given times (s from the start); the times (s) at which the deadline acted."""
    async def main() -> list[float]:
        loop = asyncio.get_running_loop()
        began = loop.time()
        acted: list[float] = []
        deadline = _Deadline(loop, lambda: acted.append(loop.time() - began))
        for at, what in steps:
            await asyncio.sleep(max(0.0, at - (loop.time() - began)))
            if what == "disarm":
                deadline.disarm()
            elif what == "stop":
                deadline.stop()
            else:
                deadline.arm(float(what))
        await asyncio.sleep(max(0.0, seconds - (loop.time() - began)))
        return acted

    return asyncio.run(main())


def test_it_acts_once_at_the_deadline() -> None:
    acted = _run([(0, "0.05")])
    assert len(acted) == 1 and 0.05 <= acted[0] < 0.15


def test_armed_again_it_waits_for_the_new_deadline() -> None:
    acted = _run([(0, "0.06"), (0.04, "0.06")], seconds=0.3)
    assert len(acted) == 1 and 0.10 <= acted[0] < 0.2


def test_disarmed_it_never_acts_and_armed_again_it_does() -> None:
    assert _run([(0, "0.03"), (0.01, "disarm")], seconds=0.1) == []
    acted = _run([(0, "0.03"), (0.01, "disarm"), (0.05, "0.03")], seconds=0.2)
    assert len(acted) == 1 and 0.08 <= acted[0] < 0.18


def test_an_earlier_deadline_than_the_waiting_timer_is_kept() -> None:
    acted = _run([(0, "1.0"), (0.01, "0.03")], seconds=0.2)
    assert len(acted) == 1 and 0.04 <= acted[0] < 0.15


def test_stopped_it_lets_go_of_its_timer() -> None:
    async def main() -> bool:
        deadline = _Deadline(asyncio.get_running_loop(), lambda: None)
        deadline.arm(10)
        deadline.stop()
        return deadline._timer is None
    assert asyncio.run(main())
