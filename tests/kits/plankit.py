"""The corpus tests of planned creates (tests/rest/test_planned_creates.py, tests/xml/meeting/
test_planned_xml_creates.py): a mock on a frozen clock takes a corpus of creates and settings changes, and what it
kept is read back to compare with a mock that does not plan."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from apikit import Api, make_app

from mockserver.persistence.export import export_store


def frozen_mock() -> Api:
    """A fresh mock in process, its clock frozen (two mocks see the same instants)."""
    api = Api("asgi", make_app(), "http://localhost")
    frozen = api.admin("PUT", "/_mock/clock", json={"freeze": "2026-12-10T09:00:00Z"})
    assert frozen.status_code == 200, frozen.text
    return api


def send(api: Api, corpus: Iterable[tuple[str, Any]], create: Callable[[str, Any], None]) -> None:
    """Each of ``corpus``: ``("settings", changes)`` patches the site's settings, anything else is ``create``-d."""
    for who, sent in corpus:
        if who == "settings":
            done = api.admin("PATCH", "/_mock/sites/acme/settings", json=sent)
            assert done.status_code == 200, done.text
        else:
            create(who, sent)


def kept(api: Api) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The mock's journal (without what differs from run to run) and its exported state; the mock is closed."""
    journal = [{name: value for name, value in entry.to_dict().items() if name not in ("id", "time", "latency_ms")}
               for entry in api.app.state.tenancy.get().journal.entries()]
    state = export_store(api.store, include_secrets=True)
    state["clock"].pop("originMs")  # when the namespace was made, on the real clock
    api.close()
    return journal, state
