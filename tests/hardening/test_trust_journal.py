"""The journal stays bounded and cheap: each entry clipped (payload too), the whole journal bounded in bytes,
the journal endpoint paged; calls answered by an http_error or drop fault are journaled as FAULT."""

from __future__ import annotations

import json
import logging
import time

import httpx
import pytest
from adminkit import (
    admin,  # noqa: F401  (fixtures)
    component,
)
from webex import create_meeting, message

from mockserver.controls.journal import PAYLOAD_LIMIT, Journal
from mockserver.controls.tenancy import Tenancy
from mockserver.domain.sites import load_seed_dicts

GET_USER = message("user.GetUser", "<webExId>hostid@acme.com</webExId>")


def _record(journal: Journal, request: str = "<x/>", **facts) -> None:
    defaults = {"namespace": "n", "response": b"", "operation": "user.GetUser", "site": "acme", "user": "u",
                "result": "SUCCESS", "exception_id": None, "reason": None, "meeting_key": None, "latency_ms": 0.0,
                "started": time.perf_counter()}
    journal.record(request=request, **{**defaults, **facts})


def test_a_huge_payload_is_not_kept_whole(api):
    attendees = "".join(f"<attendee><person><email>guest{i}@example.com</email></person></attendee>"
                        for i in range(3900))
    content = ("<metaData><confName>Big</confName></metaData><participants><attendees>" + attendees
               + "</attendees></participants><schedule><startDate>12/01/2026 10:00:00</startDate></schedule>")
    answer = api.post(create_meeting(content, site="globex", user="host@globex.com"))
    assert answer.exception_id == "060026"  # refused after the payload was read: globex wants a meeting password
    entry = api.app.state.tenancy.get().journal.entries()[-1]
    assert list(entry.payload) == ["_clipped"] and "characters not kept" in entry.payload["_clipped"]
    assert len(json.dumps(entry.to_dict())) < 3 * 64 * 1024 + 4096


def test_a_small_payload_is_kept(api):
    api.post(create_meeting()).ok()
    entry = api.app.state.tenancy.get().journal.entries()[-1]
    assert entry.payload["metaData"]["confName"] == "Standup"
    assert len(json.dumps(entry.payload)) < PAYLOAD_LIMIT


def test_the_journal_is_bounded_in_bytes_as_well_as_in_entries():
    journal = Journal(limit=1000, max_bytes=200_000)
    for _ in range(100):
        _record(journal, "<x>" + "a" * 10_000 + "</x>")
    assert journal.size <= 200_000 and 10 <= len(journal) < 20
    assert journal.evicted == 100 - len(journal)
    tenancy = Tenancy(load_seed_dicts(None), journal_max_bytes=12_345)
    assert tenancy.get("any").journal.max_bytes == 12_345


def _fill(api, count: int) -> list[int]:
    journal = api.app.state.tenancy.get().journal
    for i in range(count):
        _record(journal, user=f"user{i % 2}")
    return [e.id for e in journal.entries()]


def test_the_journal_endpoint_pages_backwards_from_the_newest(admin, api):
    ids = _fill(api, 250)
    first = admin.get("/_mock/journal")
    assert first["total"] == 250 and [e["id"] for e in first["entries"]] == ids[-100:]
    assert first["next"] == f"/_mock/journal?before={ids[-100]}"
    second = admin.get(first["next"])
    assert [e["id"] for e in second["entries"]] == ids[-200:-100]
    third = admin.get(second["next"])
    assert [e["id"] for e in third["entries"]] == ids[:50] and third["next"] is None


def test_the_journal_endpoint_pages_forwards_with_after_and_keeps_filters(admin, api):
    ids = _fill(api, 30)
    page = admin.get(f"/_mock/journal?after={ids[4]}&limit=5&user=user1")
    assert [e["id"] for e in page["entries"]] == [ids[i] for i in (5, 7, 9, 11, 13)]
    assert page["next"] == f"/_mock/journal?after={ids[13]}&limit=5&user=user1"
    rest = admin.get(f"/_mock/journal?after={ids[25]}&limit=5&user=user1")
    assert [e["id"] for e in rest["entries"]] == [ids[27], ids[29]] and rest["next"] is None


@pytest.mark.parametrize("query, error", [
    ("limit=1001", "limit must be at most 1000"),
    ("before=x", "before and after must be integers"),
    ("after=1.5", "before and after must be integers"),
])
def test_journal_paging_errors(admin, query, error):
    assert admin.error("GET", f"/_mock/journal?{query}", 400) == error


def test_a_page_of_big_entries_stops_at_its_byte_budget(admin, api):
    journal = api.app.state.tenancy.get().journal
    for _ in range(120):
        _record(journal, "<x>" + "a" * 60_000 + "</x>")
    response = admin.client.get("/_mock/journal?limit=1000")
    page = response.json()
    assert len(response.content) < 8 * 1024 * 1024 and 0 < len(page["entries"]) < 120
    assert page["next"] is not None


# -- faults -----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("action", ["http_error", "drop"])
def test_calls_answered_by_a_fault_are_journaled_as_fault(admin, api, action):
    admin.post("/_mock/faults", 201, json={"action": action, "operation": "GetUser"})
    with pytest.raises(httpx.RemoteProtocolError) if action == "drop" else _nothing():
        api.post_raw(GET_USER)
    entry = admin.get("/_mock/journal")["entries"][-1]
    assert entry["result"] == "FAULT" and entry["exception_id"] is None and entry["fault"] is not None
    assert admin.get("/_mock/journal?result=fault")["total"] == 1
    assert ".result.FAULT" in admin.client.get("/_mock/static/page.css").text  # the page marks it
    component("JournalEntry").validate(entry)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_drop_raises_what_httpx_raises_and_logs_no_traceback(admin, api):
    records = _Records()
    logging.getLogger("uvicorn.error").addHandler(records)
    try:
        admin.post("/_mock/faults", 201, json={"action": "drop", "operation": "GetUser", "times": 1})
        with pytest.raises(httpx.RemoteProtocolError):
            api.post_raw(GET_USER)
        api.post(GET_USER).ok()  # the server still answers
    finally:
        logging.getLogger("uvicorn.error").removeHandler(records)
    assert [r.getMessage() for r in records.records if r.exc_info] == []


def test_the_plugin_transports_raise_what_httpx_raises_on_drop(webex_mock):
    webex_mock.add_fault("drop", operation="GetUser")
    with pytest.raises(httpx.RemoteProtocolError):
        webex_mock.post(GET_USER, in_process=True)
    with pytest.raises(httpx.RemoteProtocolError):
        webex_mock.post(GET_USER)
    assert [c.result for c in webex_mock.calls()] == ["FAULT", "FAULT"]
