"""The request journal through the admin API: filters, limit, redaction, clearing, eviction."""

from __future__ import annotations

import pytest
from adminkit import (
    Admin,
    admin,  # noqa: F401  (fixtures)
    authenticate,
    create,
    get_meeting,
    ns,
)
from apikit import Api
from webex import create_meeting, message

from mockserver import Config, create_app
from mockserver.app import load_seed_dicts
from mockserver.controls.tenancy import Tenancy

GLOBEX = {"site": "globex", "user": "host@globex.com"}


def _calls(api) -> dict[str, int]:
    """Calls across operations, sites, users and results; returns the meeting keys made."""
    first = create(api, name="First")
    by_alice = create(api, name="Alice", user="alice@acme.com")
    get_meeting(api, first)
    get_meeting(api, first, user="alice@acme.com")  # alice may not read it: FAILURE
    api.post(create_meeting(**GLOBEX))  # globex requires a meeting password: FAILURE 060026
    api.post(message("user.GetUser", "<webExId>alice@acme.com</webExId>", user="alice@acme.com"))
    return {"first": first, "by_alice": by_alice}


def _ops(journal: dict) -> list[tuple]:
    return [(e["operation"], e["site"], e["user"], e["result"]) for e in journal["entries"]]


def test_journal_filters_by_operation_site_user_meeting_key_and_result(admin, api):
    keys = _calls(api)
    everything = admin.get("/_mock/journal")
    assert everything["total"] == 6 and everything["evicted"] == 0
    assert [e["operation"] for e in everything["entries"]] == [
        "meeting.CreateMeeting", "meeting.CreateMeeting", "meeting.GetMeeting", "meeting.GetMeeting",
        "meeting.CreateMeeting", "user.GetUser"]
    ids = [e["id"] for e in everything["entries"]]
    assert ids == sorted(ids)

    short = admin.get("/_mock/journal?operation=CreateMeeting")
    assert short == admin.get("/_mock/journal?operation=meeting.CreateMeeting")
    assert [e["site"] for e in short["entries"]] == ["acme", "acme", "globex"]
    assert admin.get("/_mock/journal?operation=event.CreateEvent")["total"] == 0  # real, not implemented, not called

    assert [e["operation"] for e in admin.get("/_mock/journal?site=GLOBEX")["entries"]] == ["meeting.CreateMeeting"]
    alice = admin.get("/_mock/journal?user=Alice@acme.com")
    assert [e["operation"] for e in alice["entries"]] == ["meeting.CreateMeeting", "meeting.GetMeeting",
                                                           "user.GetUser"]
    by_key = admin.get(f"/_mock/journal?meetingKey={keys['first']}")
    assert [(e["operation"], e["result"]) for e in by_key["entries"]] == [
        ("meeting.CreateMeeting", "SUCCESS"), ("meeting.GetMeeting", "SUCCESS"), ("meeting.GetMeeting", "FAILURE")]
    assert all(e["meeting_key"] == keys["first"] for e in by_key["entries"])
    failures = admin.get("/_mock/journal?result=failure")
    assert [(e["operation"], e["exception_id"]) for e in failures["entries"]] == [
        ("meeting.GetMeeting", "000001"), ("meeting.CreateMeeting", "060026")]
    combined = admin.get("/_mock/journal?operation=GetMeeting&user=hostid@acme.com&result=SUCCESS")
    assert _ops(combined) == [("meeting.GetMeeting", "acme", "hostid@acme.com", "SUCCESS")]


def test_journal_limit_keeps_the_latest(admin, api):
    _calls(api)
    last_two = admin.get("/_mock/journal?limit=2")
    assert last_two["total"] == 6
    assert [e["operation"] for e in last_two["entries"]] == ["meeting.CreateMeeting", "user.GetUser"]
    assert admin.get("/_mock/journal?limit=0")["entries"] == []
    assert len(admin.get("/_mock/journal?limit=100")["entries"]) == 6


@pytest.mark.parametrize("query, message", [
    ("meetingKey=abc", "meetingKey and limit must be integers"),
    ("limit=ten", "meetingKey and limit must be integers"),
    ("limit=-1", "limit must not be negative"),
])
def test_journal_query_errors(admin, query, message):
    assert admin.error("GET", f"/_mock/journal?{query}", 400) == message


@pytest.mark.parametrize("name, nearest", [
    ("DeleteMeeting", "DelMeeting"), ("CreateMeetings", "CreateMeeting"),
    ("createmeeting", "CreateMeeting"),  # case-sensitive like WebEx
    ("meeting.getmeeting", "meeting.GetMeeting"),
])
def test_a_misspelled_operation_filter_is_refused_with_the_nearest_names(admin, api, name, nearest):
    """A filter naming no WebEx operation would match nothing (and an "it was not called" check would pass)."""
    _calls(api)
    refused = admin.error("GET", f"/_mock/journal?operation={name}", 400)
    assert refused.startswith(f"operation {name!r} is not a WebEx operation; nearest: "), refused
    assert nearest in refused


def test_journal_entry_facts_and_redaction(admin, api):
    ticket = authenticate(api)
    api.post(message("user.AuthenticateUser", "<accessToken>acme-hostid-access-token</accessToken>",
                     password=None))
    key = create(api, password=None, ticket=ticket)
    entries = admin.get("/_mock/journal")["entries"]
    text = str(entries)
    for secret in ("passw0rd", ticket, "acme-hostid-access-token"):
        assert secret not in text, secret
    first, by_token, created = entries
    assert "<password>******</password>" in first["request"]
    assert "<use:sessionTicket>******</use:sessionTicket>" in first["response"]
    assert "<accessToken>******</accessToken>" in by_token["request"]
    assert "<sessionTicket>******</sessionTicket>" in created["request"]
    assert created["meeting_key"] == key and created["http_status"] == 200 and created["fault"] is None
    assert created["payload"]["metaData"]["confName"] == "Standup"
    assert created["latency_ms"] >= 0 and created["namespace"] == "default"
    assert f"<meet:meetingkey>{key}</meet:meetingkey>" in created["response"]


def test_journal_delete_clears_one_namespace(admin, api):
    create(api)
    create(api, **ns("kept"))
    assert admin.delete("/_mock/journal") == {"cleared": True}
    assert admin.get("/_mock/journal")["total"] == 0
    assert admin.get("/_mock/journal", **ns("kept"))["total"] == 1


def test_bounded_journal_counts_evictions(http_server):
    tenancy = Tenancy(load_seed_dicts(None), random_seed=1, journal_limit=3)
    api = Api("asgi", create_app(Config(random_seed=1), tenancy=tenancy), http_server.url)
    try:
        admin = Admin(api)
        keys = [create(api, name=f"M{i}") for i in range(5)]
        journal = admin.get("/_mock/journal")
        assert journal["total"] == 3 and journal["evicted"] == 2
        assert [e["meeting_key"] for e in journal["entries"]] == keys[2:]
        admin.delete("/_mock/journal")
        assert admin.get("/_mock/journal")["evicted"] == 0
    finally:
        api.close()


def test_journal_keeps_at_most_64_kib_of_each_body(api):
    from mockserver.controls.journal import BODY_LIMIT

    huge = create_meeting("<metaData><confName>J</confName><agenda>" + "a" * 2500 + "</agenda></metaData>"
                          "<schedule><startDate>12/01/2026 10:00:00</startDate></schedule>"
                          + "<!--" + "x" * (BODY_LIMIT * 2) + "-->")
    api.post(huge).ok()
    entry = api.app.state.tenancy.get().journal.entries()[-1]
    assert len(entry.request) < BODY_LIMIT + 100 and entry.request.endswith("characters not kept)")
    assert entry.request.startswith('<?xml version="1.0"')
