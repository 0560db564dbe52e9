"""One byte budget bounds the journals of all namespaces together (issue 20, item 12): an entry is weighed by the bytes
it holds (checked against sys.getsizeof of what it holds), the oldest entries of any namespace go first, and each
namespace's ``evicted`` counts what the budget took from it. Every figure here is bytes or entries, never time."""

from __future__ import annotations

import sys
import time

import pytest
from adminkit import Admin
from apikit import Api, make_app
from webex import create_meeting

from mockserver.cli import flag_values, parse_args
from mockserver.config import Config, ConfigError, resolve
from mockserver.controls.journal import ENTRY_OVERHEAD, Journal, JournalBudget
from mockserver.controls.tenancy import Tenancy
from mockserver.domain.sites import load_seed_dicts

MIB = 1024 * 1024


def _record(journal: Journal, request: str = "<x/>", namespace: str = "n") -> None:
    journal.record(namespace=namespace, request=request, response=b"<answer/>", operation="user.GetUser",
                   site="acme", user="u", result="SUCCESS", exception_id=None, reason=None, meeting_key=None,
                   latency_ms=0.0, started=time.perf_counter())


def _held_bytes(held: tuple) -> int:
    """What sys.getsizeof sees of one held entry: its tuple and each object in it."""
    return sys.getsizeof(held) + sum(sys.getsizeof(value) for value in held if value is not None)


@pytest.mark.parametrize("character", ["a", "é", "€", "😀"], ids=["1-byte", "2-byte", "3-byte", "4-byte"])
def test_an_entry_weighs_the_bytes_it_holds(character):
    """64 Ki characters of 😀 are 256 KiB held, not 64 Ki: the weight is what getsizeof sees, plus at most the fixed
    overhead of an entry's places (no more, no less)."""
    journal = Journal()
    _record(journal, "<x>" + character * 60_000 + "</x>")
    (held,) = journal._entries
    assert journal.size == held[-1] == journal.budget.size
    assert _held_bytes(held) <= journal.size <= _held_bytes(held) + ENTRY_OVERHEAD
    assert journal.size >= 60_000 * len(character.encode("utf-8"))


def test_a_real_call_weighs_what_getsizeof_sees(api):
    api.post(create_meeting()).ok()
    journal = api.app.state.tenancy.get().journal
    (held,) = journal._entries
    assert _held_bytes(held) <= journal.size <= _held_bytes(held) + ENTRY_OVERHEAD


def test_one_budget_bounds_the_journals_of_all_namespaces():
    tenancy = Tenancy(load_seed_dicts(None), max_journal_bytes=MIB)
    names = [f"ns{i}" for i in range(40)]
    for _ in range(10):
        for name in names:  # 400 entries of ~10 KB: 4 MB without the budget
            _record(tenancy.get(name).journal, "<x>" + "é" * 5_000 + "</x>", name)
    journals = [tenancy.get(name).journal for name in names]
    budget = tenancy.journal_budget
    assert budget.size <= MIB and budget.size == sum(j.size for j in journals)
    assert sum(sum(held[-1] for held in j._entries) for j in journals) == budget.size
    for journal in journals:  # each namespace's evicted counts what went, the budget's doing or its own
        assert len(journal) + journal.evicted == 10
    kept = sorted(held[0] for j in journals for held in j._entries)
    recorded = len(kept) + sum(j.evicted for j in journals)
    assert recorded == 400 and 80 <= len(kept) < 100  # ~10.6 KB each in 1 MiB
    assert kept[-1] - kept[0] == len(kept) - 1  # the newest were kept: oldest evicted first, across namespaces
    held_by_getsizeof = sum(_held_bytes(held) for j in journals for held in j._entries)
    assert held_by_getsizeof <= budget.size <= held_by_getsizeof + ENTRY_OVERHEAD * len(kept)


def test_the_budget_is_a_setting_and_the_api_shows_what_it_evicted():
    api_app = make_app(max_journal_bytes=4 * MIB)
    assert api_app.state.tenancy.journal_budget.max_bytes == 4 * MIB
    api = Api("asgi", api_app, "http://127.0.0.1")
    try:
        big = create_meeting().replace("Standup", "€" * 30_000)  # ~90 KB request, about as much held
        for name in ("a", "b", "c", "d"):
            for _ in range(20):
                api.post(big.encode("utf-8"), headers={"X-Mock-Namespace": name})
        tenancy = api_app.state.tenancy
        assert tenancy.journal_budget.size <= 4 * MIB
        admin = Admin(api)
        shown = {name: admin.get("/_mock/journal?limit=1000", headers={"X-Mock-Namespace": name})
                 for name in ("a", "b", "c", "d")}
        assert shown["a"]["evicted"] == 20 and shown["a"]["total"] == 0  # the oldest namespace's entries went first
        assert all(page["total"] + page["evicted"] == 20 for page in shown.values())
        assert shown["d"]["total"] == 20
    finally:
        api.close()


def test_max_journal_bytes_reads_every_source_and_is_checked(tmp_path):
    assert Config().max_journal_bytes == 256 * MIB
    assert resolve(flag_values(parse_args(["--max-journal-bytes", "8388608"])), environ={}).max_journal_bytes == 8 * MIB
    assert resolve({}, environ={"WEBEX_MOCK_MAX_JOURNAL_BYTES": "5242880"}).max_journal_bytes == 5 * MIB
    config_file = tmp_path / "mock.toml"
    config_file.write_text("max_journal_bytes = 6291456\n")
    assert resolve({}, environ={}, config_file=str(config_file)).max_journal_bytes == 6 * MIB
    for bad in (0, 1024, -1):
        with pytest.raises(ConfigError, match="max_journal_bytes must be at least 4194304 bytes") as refusal:
            Config(max_journal_bytes=bad)
        assert refusal.value.name == "max_journal_bytes"
    with pytest.raises(ConfigError, match="environment WEBEX_MOCK_MAX_JOURNAL_BYTES"):
        resolve({}, environ={"WEBEX_MOCK_MAX_JOURNAL_BYTES": "lots"})


def test_places_of_evicted_entries_do_not_pile_up():
    """A namespace evicting its own entries, or cleared, leaves places in the budget's order behind: they are dropped
    once they are most of it, so the order stays within a bound however many calls are made."""
    budget = JournalBudget(64 * MIB)
    small = Journal(limit=10, budget=budget)
    cleared = Journal(budget=budget)
    for i in range(20_000):
        _record(small)
        if i % 100 == 0:
            _record(cleared)
        if i % 1000 == 0:
            cleared.clear()
        assert len(budget._order) <= 2 * (len(small) + len(cleared)) + 2 * 1024 + 2
    assert len(small) == 10 and small.evicted == 20_000 - 10
    assert budget.size == small.size + cleared.size


def test_the_entry_just_recorded_stays_even_over_the_budget():
    budget = JournalBudget(50_000)
    first, second = Journal(budget=budget), Journal(budget=budget)
    _record(first, "<x>" + "a" * 50_000 + "</x>")
    assert len(first) == 1 and budget.size > budget.max_bytes  # alone over the budget: kept
    _record(second, "<x>" + "a" * 200_000 + "</x>")  # clipped to 64 KiB: alone over the budget too
    assert len(first) == 0 and first.evicted == 1
    assert len(second) == 1 and budget.size == second.size > budget.max_bytes


@pytest.mark.parametrize("how", ["evicted", "deleted", "reset all"])
def test_a_namespace_that_goes_gives_its_journal_bytes_back_at_once(how):
    """An evicted, deleted or reset namespace's entries leave the shared budget when it goes, rather than being
    counted until they age out as the oldest of every journal."""
    tenancy = Tenancy(load_seed_dicts(None), max_namespaces=3, max_journal_bytes=64 * MIB)
    _record(tenancy.get("first").journal, "<x>" + "a" * 100_000 + "</x>", "first")
    held = tenancy.journal_budget.size
    assert held > 60_000  # the request is clipped to 64 KiB
    if how == "evicted":
        for name in ("second", "third", "fourth"):  # a fourth namespace evicts the least recently used, "first"
            tenancy.get(name)
        assert tenancy.existing("first") is None
    elif how == "deleted":
        assert tenancy.drop("first")
    else:
        tenancy.reset_all()
    assert tenancy.journal_budget.size == 0
