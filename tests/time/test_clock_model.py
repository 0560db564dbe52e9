"""The namespace's clock as a model (mockserver.domain.clock): its changes, their refusals, the launch setting and
the state it keeps; the clock going back drops the tickets that had ended."""

from __future__ import annotations

import re

import pytest

from mockserver.base.instants import format_instant, parse_instant
from mockserver.domain.clock import ClockError, ClockSetting, MockClock, clock_of, move
from mockserver.domain.records import Ticket
from mockserver.domain.sites import load_seed
from mockserver.domain.store import Store

MONDAY = parse_instant("2027-01-04T09:00:00Z", "test")


class Real:
    """Real time as a test sets it (epoch seconds)."""

    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> float:
        return self.ms / 1000


def test_real_time_by_default():
    real = Real(MONDAY)
    clock = MockClock(real=real)
    real.ms += 1234
    assert (clock.now_ms(), clock.mode, clock.view()["frozen"]) == (MONDAY + 1234, "real", False)
    assert clock() == (MONDAY + 1234) / 1000


def test_freeze_advance_run_offset_and_back_to_real_time():
    real = Real(MONDAY)
    clock = MockClock(real=real)
    clock.apply({"freeze": "2027-03-01T12:00:00+01:00"})
    real.ms += 60_000
    assert format_instant(clock.now_ms()) == "2027-03-01T11:00:00.000Z" and clock.mode == "frozen"
    clock.apply({"advance": 90.5})  # a frozen clock stays frozen
    assert format_instant(clock.now_ms()) == "2027-03-01T11:01:30.500Z" and clock.mode == "frozen"
    clock.apply({"run": True})  # runs on from where it stood
    real.ms += 1000
    assert format_instant(clock.now_ms()) == "2027-03-01T11:01:31.500Z" and clock.mode == "offset"
    clock.apply({"advance": 3600})  # a running clock keeps running
    real.ms += 1000
    assert format_instant(clock.now_ms()) == "2027-03-01T12:01:32.500Z"
    clock.apply({"offset": -86_400})
    assert clock.now_ms() == real.ms - 86_400_000 and clock.view()["offsetMs"] == -86_400_000
    clock.apply({"runFrom": "2030-01-01T00:00:00Z"})
    real.ms += 500
    assert format_instant(clock.now_ms()) == "2030-01-01T00:00:00.500Z"
    clock.apply({"freeze": True})  # where it stands
    real.ms += 10_000
    assert format_instant(clock.now_ms()) == "2030-01-01T00:00:00.500Z"
    clock.apply({"real": True})
    assert (clock.now_ms(), clock.mode) == (real.ms, "real")


def test_each_change_returns_the_time_it_left():
    clock = MockClock(0, MONDAY)
    assert clock.apply({"advance": 60}) == MONDAY
    assert clock.apply({"freeze": "2020-01-01T00:00:00Z"}) == MONDAY + 60_000


@pytest.mark.parametrize("document, why", [
    ({}, "expected an object with one of freeze, runFrom, offset, advance, run, real"),
    ({"freeze": True, "advance": 5}, "expected an object with one of"),
    ({"tick": 5}, "expected an object with one of"),
    (["advance", 5], "expected an object with one of"),
    ({"freeze": "2027-01-04T09:00:00"}, "freeze '2027-01-04T09:00:00' names no offset: add Z (UTC) or +hh:mm"),
    ({"freeze": "next monday"}, "freeze 'next monday' is no ISO 8601 instant"),
    ({"freeze": False}, "freeze must be an ISO 8601 instant"),
    ({"runFrom": 1799053200}, "runFrom must be an ISO 8601 instant"),
    ({"advance": 0}, "advance takes a positive number of seconds"),
    ({"advance": -60}, "advance takes a positive number of seconds"),
    ({"advance": "60"}, "advance takes a number of seconds, not '60'"),
    ({"advance": True}, "advance takes a number of seconds, not True"),
    ({"offset": float("nan")}, "offset takes a number of seconds"),
    ({"offset": 1e300}, "offset takes a number of seconds"),
    ({"run": False}, "run takes true"),
    ({"real": "yes"}, "real takes true"),
    ({"freeze": "0001-01-01T00:00:00+01:00"},
     "freeze '0001-01-01T00:00:00+01:00' is out of range (0001-01-01 to 9999-12-31 UTC)"),
])
def test_what_a_clock_change_refuses(document, why):
    clock = MockClock(0, MONDAY)
    with pytest.raises(ClockError, match="^" + re.escape(why)):
        clock.apply(document)
    assert clock.now_ms() == MONDAY  # nothing changed


def test_the_clock_stays_within_the_years_xml_dates_show():
    clock = MockClock(0, parse_instant("9999-12-31T23:00:00Z", "test"))
    with pytest.raises(ClockError, match="from 0001-01-01 to 9999-12-31 UTC"):
        clock.apply({"advance": 7200})
    with pytest.raises(ClockError, match="from 0001-01-01 to 9999-12-31 UTC"):
        clock.apply({"offset": -1e11})


def test_the_launch_start_runs_from_there_or_stands_there():
    real = Real(MONDAY)
    running = ClockSetting.at_launch(MONDAY + 3_600_000, frozen=False, real=real)
    assert running == ClockSetting(3_600_000, None)
    real.ms += 5000  # a namespace made later runs from the launch's offset, not from the start instant
    assert running.clock(real).now_ms() == MONDAY + 3_605_000
    assert ClockSetting.at_launch(MONDAY - 1, frozen=True, real=real) == ClockSetting(0, MONDAY - 1)
    assert ClockSetting.at_launch(None, frozen=True, real=real) == ClockSetting(0, MONDAY + 5000)
    assert ClockSetting.at_launch(None, frozen=False, real=real) == ClockSetting()


def test_the_state_round_trips_and_is_checked():
    clock = MockClock(0, MONDAY, origin_ms=MONDAY - 5)
    assert clock.state() == {"offsetMs": 0, "frozenAtMs": MONDAY, "originMs": MONDAY - 5}
    again = MockClock.from_state(clock.state())
    assert (again.now_ms(), again.origin_ms) == (MONDAY, MONDAY - 5)
    for bad in ({"offsetMs": "0"}, {"offsetMs": None}, {"offsetMs": 0, "frozenAtMs": 1.5}, {"offsetMs": 0, "x": 1},
                {"offsetMs": True}, [], {"offsetMs": 0, "originMs": 10**20}):
        with pytest.raises(ClockError):
            MockClock.from_state(bad)


def _ticket(store: Store, value: str, created_ms: int, ttl_s: int) -> None:
    store.add_ticket(Ticket(value, "acme", "hostid@acme.com", created_ms, ttl_s))


def test_going_back_drops_the_tickets_that_had_ended_and_keeps_the_others():
    store = Store.from_sites(load_seed())
    store.clock = MockClock(0, MONDAY)
    _ticket(store, "ended", MONDAY - 120_000, 60)
    _ticket(store, "live", MONDAY - 30_000, 60)
    move(store, {"freeze": "2026-01-01T00:00:00Z"})
    assert sorted(store.tickets) == ["live"]
    move(store, {"freeze": "2027-01-04T09:00:00Z"})
    move(store, {"advance": 60})  # forward: nothing is dropped (an ended ticket is refused, swept later)
    assert sorted(store.tickets) == ["live"]


def test_a_store_given_a_plain_function_has_no_clock_to_set():
    store = Store.from_sites(load_seed())
    store.clock = lambda: MONDAY / 1000
    assert store.now_ms() == MONDAY
    with pytest.raises(ClockError, match="replaced by a plain function"):
        clock_of(store)
