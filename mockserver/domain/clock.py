"""One namespace's clock, the one everything time-based reads (docs/time.md): real time by default; a test may
freeze it at an instant, run it from an instant (an offset from real time), advance it by a duration, or send it
back to real time.

A call reads it once, when it starts (the faces hold that instant: ``Context.now_ms``, ``Call.now_ms``), so a change
applies to the calls that start after it. The clock may go back; nothing pruned or ended comes back: the session
tickets expired at the time the clock leaves are dropped before it goes back (:func:`move`).

Its state (``offsetMs``, ``frozenAtMs``, ``originMs``) is part of the state file and of the state export. The
launch's ``--clock-start`` / ``--clock-frozen`` make the :class:`ClockSetting` every new namespace's clock starts
from.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ..base.instants import MAX_MS, MIN_MS, format_instant, parse_instant
from .changes import CLOCK

RealTime = Callable[[], float]
#: what ``PUT /_mock/clock`` takes: one of these a call (docs/admin-api.md "The clock")
ACTIONS = ("freeze", "runFrom", "offset", "advance", "run", "real")
MODES = ("real", "offset", "frozen")
_STATE_FIELDS = ("offsetMs", "frozenAtMs", "originMs")


class ClockError(ValueError):
    """A clock change (or a clock state) the mock refuses; the message names the field."""


@dataclass(frozen=True)
class ClockSetting:
    """How a namespace's clock starts: ``offset_ms`` from real time, or frozen at ``frozen_ms``."""

    offset_ms: int = 0
    frozen_ms: int | None = None

    @classmethod
    def at_launch(cls, start_ms: int | None, frozen: bool, real: RealTime = time.time) -> ClockSetting:
        """The launch's start instant runs from there (an offset from real time, worked out once, now), or stays
        there (``frozen``); ``frozen`` without a start freezes real time as it is now."""
        now = int(real() * 1000)
        if frozen:
            return cls(0, start_ms if start_ms is not None else now)
        return cls(start_ms - now if start_ms is not None else 0, None)

    def clock(self, real: RealTime = time.time) -> MockClock:
        return MockClock(self.offset_ms, self.frozen_ms, real=real)


class MockClock:
    """A clock a test controls. Reading it takes no lock: its state is one tuple, replaced whole."""

    def __init__(self, offset_ms: int = 0, frozen_ms: int | None = None, origin_ms: int | None = None,
                 real: RealTime = time.time) -> None:
        self.real = real
        self._state: tuple[int, int | None] = (offset_ms, frozen_ms)
        self._lock = threading.Lock()
        #: the mock time the namespace was made: its seeded access tokens are issued then (``accessTokenLifetime``)
        self.origin_ms = origin_ms if origin_ms is not None else self.now_ms()

    def __call__(self) -> float:
        """Epoch seconds (what ``Store.clock`` returns)."""
        return self.now_ms() / 1000

    def now_ms(self) -> int:
        offset, frozen = self._state
        return frozen if frozen is not None else int(self.real() * 1000) + offset

    def real_ms(self) -> int:
        return int(self.real() * 1000)

    @property
    def mode(self) -> str:
        offset, frozen = self._state
        return "frozen" if frozen is not None else "offset" if offset else "real"

    # -- changes (each returns the mock time before it) -------------------------------------------------------

    def freeze(self, at_ms: int | None = None) -> int:
        """Stop at ``at_ms`` (None: where it is now)."""
        with self._lock:
            before = self.now_ms()
            self._state = (self._state[0], _in_range(before if at_ms is None else at_ms))
            return before

    def run_from(self, at_ms: int) -> int:
        """Run, at real speed, from ``at_ms`` (an offset from real time)."""
        with self._lock:
            before = self.now_ms()
            self._state = (_in_range(at_ms) - self.real_ms(), None)
            return before

    def set_offset(self, offset_ms: int) -> int:
        """Run at real time + ``offset_ms`` (negative: behind it)."""
        with self._lock:
            before = self.now_ms()
            _in_range(self.real_ms() + offset_ms)
            self._state = (offset_ms, None)
            return before

    def advance(self, by_ms: int) -> int:
        """Forward by ``by_ms``; a frozen clock stays frozen, a running one keeps running."""
        with self._lock:
            offset, frozen = self._state
            before = self.now_ms()
            _in_range(before + by_ms)
            self._state = (offset, frozen + by_ms) if frozen is not None else (offset + by_ms, None)
            return before

    def run(self) -> int:
        """A frozen clock runs on from where it stands (a running one is left as it is)."""
        with self._lock:
            before = self.now_ms()
            if self._state[1] is not None:
                self._state = (before - self.real_ms(), None)
            return before

    def real_time(self) -> int:
        """Back to real time."""
        with self._lock:
            before = self.now_ms()
            self._state = (0, None)
            return before

    def apply(self, document: Any) -> int:
        """``PUT /_mock/clock``'s body, applied; the mock time before it. ClockError names what is wrong."""
        if not isinstance(document, dict) or len(document) != 1 or next(iter(document)) not in ACTIONS:
            raise ClockError(f"expected an object with one of {', '.join(ACTIONS)}, e.g. "
                             '{"freeze": "2027-01-04T09:00:00Z"} or {"advance": 900}')
        ((action, value),) = document.items()
        if action in ("run", "real") or (action == "freeze" and value is True):
            if value is not True:
                raise ClockError(f"{action} takes true")
            return {"run": self.run, "real": self.real_time, "freeze": self.freeze}[action]()
        if action in ("freeze", "runFrom"):
            try:
                at = parse_instant(value, action)
            except ValueError as exc:
                raise ClockError(str(exc)) from None
            return self.freeze(at) if action == "freeze" else self.run_from(at)
        by = _milliseconds(value, action)
        if action == "advance":
            if by <= 0:
                raise ClockError("advance takes a positive number of seconds (to go back: freeze, runFrom, offset "
                                 "or real)")
            return self.advance(by)
        return self.set_offset(by)

    # -- what the admin API shows, what the state keeps -------------------------------------------------------

    def view(self) -> dict[str, Any]:
        offset, frozen = self._state
        now, real = self.now_ms(), self.real_ms()
        return {"now": format_instant(now), "nowMs": now, "mode": self.mode, "frozen": frozen is not None,
                "offsetMs": now - real if frozen is not None else offset, "realNow": format_instant(real)}

    def state(self) -> dict[str, Any]:
        offset, frozen = self._state
        return {"offsetMs": offset, "frozenAtMs": frozen, "originMs": self.origin_ms}

    @classmethod
    def from_state(cls, data: Any, real: RealTime = time.time) -> MockClock:
        """A clock as a state document (or the state file) keeps it; ClockError naming the field."""
        if not isinstance(data, dict) or set(data) - set(_STATE_FIELDS):
            raise ClockError(f"a clock must be an object of {', '.join(_STATE_FIELDS)}")
        for name in _STATE_FIELDS:
            value = data.get(name)
            if (value is not None or name == "offsetMs") and (type(value) is not int
                                                              or not 2 * MIN_MS <= value <= 2 * MAX_MS):
                raise ClockError(f"clock {name} must be an integer of milliseconds"
                                 + (" or null" if name != "offsetMs" else ""))
        return cls(data["offsetMs"], data.get("frozenAtMs"), data.get("originMs"), real=real)


def _in_range(ms: int) -> int:
    if not MIN_MS <= ms <= MAX_MS:
        raise ClockError("the clock must stay from 0001-01-01 to 9999-12-31 UTC")
    return ms


def _milliseconds(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or abs(value) > (MAX_MS - MIN_MS) / 1000:
        raise ClockError(f"{what} takes a number of seconds, not {value!r}")
    return round(value * 1000)


class Clocked(Protocol):
    """A store as :func:`move` sees it (a Protocol: the store module imports this one)."""

    tickets: dict[str, Any]

    @property
    def lock(self) -> Any: ...

    @property
    def clock(self) -> Callable[[], float]: ...

    @property
    def changes(self) -> Any: ...


def clock_of(store: Clocked) -> MockClock:
    """The store's mock clock (a test that gave a store a plain function as its clock has none)."""
    if not isinstance(store.clock, MockClock):
        raise ClockError("this namespace's clock was replaced by a plain function: it cannot be set")
    return store.clock


def move(store: Clocked, document: Any) -> dict[str, Any]:
    """Apply a clock change to a namespace; when it goes back, the session tickets expired at the time it left are
    dropped, so nothing ended comes back. The clock as the admin API shows it."""
    clock = clock_of(store)
    with store.lock:  # no call issues a ticket between the change and the sweep
        before = clock.apply(document)
        if clock.now_ms() < before:
            live = {value: ticket for value, ticket in store.tickets.items() if ticket.valid_at(before)}
            if len(live) < len(store.tickets):
                store.tickets = live
                store.changes.every_ticket()
        store.changes.part(CLOCK)
    return clock.view()
