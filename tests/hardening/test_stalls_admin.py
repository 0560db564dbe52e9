"""Admin reads of a big store are paged or streamed, decode only what they show, and never decode under the
store's lock (issue 20, item 6; docs/admin-api.md, docs/security.md).

Each test fills a site directly in the store (tests/kits/storekit.py) and counts the meetings one call decodes
(and how many of them while the store's lock was held), never seconds. Before the fix, ``GET
/_mock/sites/{site}/meetings``, the live page's overview and ``GET /_mock/state`` decoded every meeting of the
site under the store's lock, on the event loop."""

from __future__ import annotations

import json
import threading

import pytest
from adminkit import Admin
from meetingkit import ADMIN, create
from storekit import counting, fill_store

from mockserver.admin.reads import export_copies, export_stream
from mockserver.base import chunked
from mockserver.domain.retire import settle
from mockserver.persistence.export import export_all

MEETINGS = 2500


@pytest.fixture
def big(asgi_api):
    """(the in-process api, its admin client, the keys of MEETINGS meetings on acme)."""
    return asgi_api, Admin(asgi_api), fill_store(asgi_api.store, MEETINGS)


def test_a_sites_meetings_come_a_page_at_a_time(big, monkeypatch):
    api, admin, keys = big
    with counting(monkeypatch, api.store) as work:
        page = admin.get("/_mock/sites/acme/meetings")
    assert (page["total"], len(page["meetings"])) == (MEETINGS, 100)
    assert work.decoded <= 100 and work.decoded_locked == 0, work  # before: 2,500, all under the lock
    seen = [m["key"] for m in page["meetings"]]
    while page["next"]:
        page = admin.get(page["next"])
        seen += [m["key"] for m in page["meetings"]]
    assert seen == sorted(keys)


def test_a_meetings_page_follows_its_cursor_and_checks_its_numbers(big):
    _, admin, keys = big
    ordered = sorted(keys)
    page = admin.get(f"/_mock/sites/acme/meetings?limit=3&after={ordered[9]}")
    assert [m["key"] for m in page["meetings"]] == ordered[10:13]
    assert page["next"] == f"/_mock/sites/acme/meetings?after={ordered[12]}&limit=3"
    assert admin.get(f"/_mock/sites/acme/meetings?after={ordered[-1]}") == {"total": MEETINGS, "next": None,
                                                                           "meetings": []}
    assert admin.error("GET", "/_mock/sites/acme/meetings?limit=1001", 400) == "limit must be from 0 to 1000"
    assert admin.error("GET", "/_mock/sites/acme/meetings?after=" + "9" * 5000, 400).startswith(
        "after must have at most 19 digits")


def test_the_page_overview_decodes_at_most_the_meetings_it_lists(big, monkeypatch):
    api, admin, _ = big
    with counting(monkeypatch, api.store) as work:
        overview = admin.get("/_mock/page/overview")
    acme = next(site for site in overview["sites"] if site["siteName"] == "acme")
    assert (len(acme["meetings"]), acme["more"]) == (500, MEETINGS - 500)
    assert work.made <= 500 and work.decoded <= 500 and work.decoded_locked == 0, work  # before: 2,500 made a poll


def test_the_state_export_is_streamed_from_a_copy_decoded_outside_the_lock(big, monkeypatch):
    api, admin, _ = big
    create(api, user=ADMIN)
    before = json.dumps(export_all(api.app.state.tenancy, namespaces=["default"]), ensure_ascii=False,
                        allow_nan=False, indent=None, separators=(",", ":")).encode()
    with counting(monkeypatch, api.store) as work:
        response = admin.client.get("/_mock/state")
    assert response.content == before  # byte for byte what the whole document was
    assert work.decoded_locked == 0 and work.decoded == MEETINGS + 1, work  # before: all under the lock


def test_the_export_shows_the_store_as_it_was_when_asked(big):
    api, _, _ = big
    tenancy = api.app.state.tenancy
    copies = export_copies(tenancy, ["default"])
    as_asked = json.dumps(export_all(tenancy, namespaces=["default"]), ensure_ascii=False, allow_nan=False,
                          separators=(",", ":")).encode()
    stream = export_stream(copies)
    first = next(stream)
    create(api)  # a change while the export is on its way
    assert first + b"".join(stream) == as_asked


class Sentinel:
    """Records the thread it is freed in."""

    def __init__(self, freed: list[str]) -> None:
        self.freed = freed

    def __del__(self) -> None:
        self.freed.append(threading.current_thread().name)


def test_a_namespace_reset_lets_go_of_its_meetings_in_the_background(big):
    api, admin, _ = big
    freed: list[str] = []
    api.store.meetings["acme"][-1] = Sentinel(freed)  # freed with the store's meetings
    admin.post("/_mock/reset")
    settle()
    assert freed == ["webex-mock-retire"]  # before: freed at once (2,500 meetings) where the reset ran
    assert api.store.site_meetings("acme") == []


def test_a_site_reset_takes_its_meetings_out_whole(big, monkeypatch):
    api, admin, keys = big
    freed: list[str] = []
    store = api.store
    store.meetings["acme"][-1] = Sentinel(freed)
    with counting(monkeypatch, store) as work:
        admin.post("/_mock/reset?site=acme")
    settle()
    assert (work.made, work.made_locked) == (0, 0), work  # before: 2,500 meetings made and deleted under the lock
    assert freed == ["webex-mock-retire"]
    assert store.site_meetings("acme") == [] and list(store.indexes.in_key_order("acme")) == []
    assert store.get_meeting("acme", keys[0]) is None and create(api)  # the site works as the seed has it


def test_a_worker_decoding_a_page_pauses_for_the_event_loop(big, monkeypatch):
    """Each decode lets the interpreter go and takes it back before the waiting loop wakes; a worker that decodes
    many meetings therefore pauses (time.sleep(0)) every 32, or the loop could wait for the whole page."""
    api, admin, _ = big
    pauses = []
    monkeypatch.setattr(chunked, "pause", lambda: pauses.append(1))
    admin.get("/_mock/sites/acme/meetings?limit=1000")
    assert len(pauses) >= 1000 // 32  # before: none
