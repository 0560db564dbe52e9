"""Fault rules through the admin API: add, list, delete, and what each action does to a call,
in-process and over real HTTP (the connection-level ones over real HTTP)."""

from __future__ import annotations

import time

import httpx
import pytest
from adminkit import (
    admin,  # noqa: F401  (fixtures)
    authenticate,
    create_answer,
    ns,
)
from lxml import etree
from webex import create_meeting, message

GET_USER = message("user.GetUser", "<webExId>hostid@acme.com</webExId>")


def fault(admin, namespace: str = "default", **spec) -> dict:
    return admin.post("/_mock/faults", 201, json=spec, **ns(namespace))


def results(api, body: str = GET_USER, count: int = 4, **kw) -> list[str]:
    """The result (SUCCESS, or the exceptionID of a FAILURE) of ``count`` calls."""
    out = []
    for _ in range(count):
        answer = api.post(body, **kw)
        out.append(answer.exception_id if answer.result == "FAILURE" else "SUCCESS")
    return out


def stored(admin, site: str = "acme") -> int:
    return len(admin.get(f"/_mock/sites/{site}/meetings")["meetings"])


# -- add, list, delete ------------------------------------------------------------------------------------


def test_add_list_and_delete_fault_rules(admin):
    first = fault(admin, action="failure", operation="CreateMeeting", exception_id="060026", reason="no")
    assert first["id"].startswith("fault-") and (first["matched"], first["fired"]) == (0, 0)
    assert (first["operation"], first["exception_id"], first["reason"], first["probability"]) == \
        ("CreateMeeting", "060026", "no", 1.0)
    second = fault(admin, action="delay", delay_ms=5, site="acme")
    listed = admin.get("/_mock/faults")
    assert [r["id"] for r in listed["faults"]] == [first["id"], second["id"]]
    assert listed["actions"] == ["failure", "gsb_backup", "expire_ticket", "delay", "http_error", "truncate", "drop"]
    assert admin.delete(f"/_mock/faults/{first['id']}") == {"deleted": first["id"]}
    assert [r["id"] for r in admin.get("/_mock/faults")["faults"]] == [second["id"]]
    assert admin.error("DELETE", f"/_mock/faults/{first['id']}", 404) == f"no fault {first['id']!r}"
    assert admin.delete("/_mock/faults") == {"cleared": True}
    assert admin.get("/_mock/faults")["faults"] == []


def test_fault_rules_belong_to_one_namespace(admin, api):
    rule = fault(admin, "faulty", action="failure", exception_id="060001")
    assert admin.get("/_mock/faults")["faults"] == []
    admin.error("DELETE", f"/_mock/faults/{rule['id']}", 404)  # not this namespace's rule
    assert results(api, count=1) == ["SUCCESS"]
    assert results(api, count=1, **ns("faulty")) == ["060001"]


@pytest.mark.parametrize("spec, message", [
    ({"action": "explode"}, "unknown fault action 'explode'"),
    ({}, "fault is missing action"),
    ({"action": "failure", "exception_id": "6001"}, "exception_id must be six ASCII digits"),
    ({"action": "failure", "exception_id": "٠١٢٣٤٥"}, "exception_id must be six ASCII digits (0-9)"),
    ({"action": "failure", "exception_id": "０６０００１"}, "exception_id must be six ASCII digits (0-9)"),
    ({"action": "failure", "exception_id": "²60001"}, "exception_id must be six ASCII digits (0-9)"),
    ({"action": "failure", "exception_id": 60001}, "fault field 'exception_id' must be str"),
    ({"action": "failure", "probability": 1.5}, "probability must be between 0 and 1"),
    ({"action": "failure", "probability": "always"}, "fault field 'probability' must be float"),
    ({"action": "failure", "nth": 0}, "nth counts matching calls from 1"),
    ({"action": "failure", "times": -1}, "times must not be negative"),
    ({"action": "delay", "delay_ms": 120001}, "delay_ms must be between 0 and 120000"),
    ({"action": "delay", "delay_ms": "5"}, "fault field 'delay_ms' must be int"),
    ({"action": "http_error", "status": 200}, "status must be an HTTP error status (400-599)"),
    ({"action": "failure", "site": 5}, "fault field 'site' must be str | None"),
    ({"action": "failure", "id": "fault-1"}, "unknown fault field(s): id; known: action, delay_ms"),
    ({"action": "failure", "when": "now"}, "unknown fault field(s): when"),
    (["failure"], "request body must be a JSON object"),
])
def test_invalid_fault_is_400_and_adds_nothing(admin, spec, message):
    assert message in admin.error("POST", "/_mock/faults", 400, json=spec)
    assert admin.get("/_mock/faults")["faults"] == []


# -- what each action does ------------------------------------------------------------------------------------


def test_failure_answers_the_chosen_exception_and_does_not_run(admin, api):
    rule = fault(admin, action="failure", operation="CreateMeeting", exception_id="060021", reason="Busy today")
    answer = create_answer(api)
    assert (answer.result, answer.exception_id, answer.reason) == ("FAILURE", "060021", "Busy today")
    assert stored(admin) == 0
    entry = admin.get("/_mock/journal")["entries"][-1]
    assert (entry["fault"], entry["result"], entry["exception_id"]) == (rule["id"], "FAILURE", "060021")


def test_gsb_backup_runs_the_call_and_says_backup(admin, api):
    fault(admin, action="gsb_backup")
    answer = create_answer(api).ok()
    assert answer.text("serv:header/serv:response/serv:gsbStatus") == "BACKUP"
    assert stored(admin) == 1


def test_expire_ticket_expires_a_ticket_from_authenticate_user(admin, api):
    ticket = authenticate(api)
    assert create_answer(api, password=None, ticket=ticket).result == "SUCCESS"
    fault(admin, action="expire_ticket", operation="CreateMeeting", times=1)
    expired = create_answer(api, password=None, ticket=ticket)
    assert (expired.result, expired.exception_id) == ("FAILURE", "030047")
    again = create_answer(api, password=None, ticket=ticket)  # the rule is spent; the ticket stays expired
    assert (again.result, again.exception_id) == ("FAILURE", "030047")
    assert create_answer(api).result == "SUCCESS"  # a password still works
    assert stored(admin) == 2


def test_delay_sends_the_answer_late(admin, api):
    fault(admin, action="delay", delay_ms=300, operation="GetUser")
    started = time.monotonic()
    assert api.post(GET_USER).ok()
    assert time.monotonic() - started >= 0.3
    entry = admin.get("/_mock/journal")["entries"][-1]
    assert entry["fault"] is not None and entry["result"] == "SUCCESS"


@pytest.mark.parametrize("spec, status, phrase", [({}, 503, "Service Unavailable"),
                                                  ({"status": 500}, 500, "Internal Server Error"),
                                                  ({"status": 502}, 502, "Bad Gateway")])
def test_http_error_answers_the_status_and_does_not_run(admin, api, spec, status, phrase):
    fault(admin, action="http_error", operation="CreateMeeting", **spec)
    response = api.post_raw(create_meeting())
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert f"<title>{status} {phrase}</title>" in response.text and f"<h1>{status}</h1>" in response.text
    assert stored(admin) == 0
    assert admin.get("/_mock/journal")["entries"][-1]["http_status"] == status


def test_truncate_sends_a_prefix_of_a_valid_answer(admin, api):
    whole = api.post_raw(GET_USER).content
    fault(admin, action="truncate", operation="GetUser")
    cut = api.post_raw(GET_USER)
    assert cut.status_code == 200
    assert 0 < len(cut.content) < len(whole) and whole.startswith(cut.content)
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(cut.content)


def test_drop_closes_the_connection_without_an_answer(admin, api):
    fault(admin, action="drop", operation="CreateMeeting")
    with pytest.raises(httpx.RemoteProtocolError):  # in-process too: the transport raises what httpx would
        api.post_raw(create_meeting())
    assert stored(admin) == 0
    assert admin.get("/_mock/journal")["entries"][-1]["operation"] == "meeting.CreateMeeting"
    assert results(api, count=1) == ["SUCCESS"]  # the server still answers other calls


# -- which calls a rule fires on ------------------------------------------------------------------------------------


def test_nth_fires_only_on_the_nth_matching_call(admin, api):
    rule = fault(admin, action="failure", exception_id="060001", nth=2)
    assert results(api) == ["SUCCESS", "060001", "SUCCESS", "SUCCESS"]
    (listed,) = admin.get("/_mock/faults")["faults"]
    assert (listed["id"], listed["matched"], listed["fired"]) == (rule["id"], 4, 1)


def test_times_limits_how_often_a_rule_fires(admin, api):
    fault(admin, action="failure", exception_id="060001", times=2)
    assert results(api) == ["060001", "060001", "SUCCESS", "SUCCESS"]
    assert admin.get("/_mock/faults")["faults"][0]["fired"] == 2


def test_times_zero_never_fires(admin, api):
    fault(admin, action="failure", exception_id="060001", times=0)
    assert results(api, count=2) == ["SUCCESS", "SUCCESS"]


@pytest.mark.parametrize("probability, expected", [(0, "SUCCESS"), (0.0, "SUCCESS"), (1, "060001"), (1.0, "060001")])
def test_probability_zero_never_and_one_always(admin, api, probability, expected):
    fault(admin, action="failure", exception_id="060001", probability=probability)
    assert results(api, count=10) == [expected] * 10
    (listed,) = admin.get("/_mock/faults")["faults"]
    assert (listed["matched"], listed["fired"]) == (10, 0 if expected == "SUCCESS" else 10)


@pytest.mark.parametrize("spec", [{"operation": "GetUser"}, {"operation": "user.GetUser"}])
def test_operation_matching(admin, api, spec):
    fault(admin, action="failure", exception_id="060001", **spec)
    assert results(api, count=1) == ["060001"]
    assert create_answer(api).result == "SUCCESS"


def test_operation_names_are_case_sensitive_like_webex_and_a_wrong_case_is_refused(admin, api):
    """A rule naming "getuser" could never fire (WebEx operation names are case-sensitive): refused, with the name
    it was probably meant to be, instead of a rule that silently matches nothing."""
    refused = admin.call("POST", "/_mock/faults", expect=400,
                         json={"action": "failure", "exception_id": "060001", "operation": "getuser"})
    assert "'getuser' is not a WebEx operation" in refused["error"] and "GetUser" in refused["error"]
    assert results(api, count=1) == ["SUCCESS"]


@pytest.mark.parametrize("name", ["GetMeetng", "DeleteMeeting", "CreateMeetings", "meeting.getmeeting"])
def test_a_misspelled_operation_is_refused_with_the_nearest_names(admin, name):
    refused = admin.call("POST", "/_mock/faults", expect=400, json={"action": "failure", "operation": name})
    assert f"operation {name!r} is not a WebEx operation; nearest: " in refused["error"], refused
    assert admin.get("/_mock/faults")["faults"] == []


@pytest.mark.parametrize("operation", ["ep.GetRecordingInfo", "event.CreateEvent", "CreateTrainingSession"])
def test_a_real_operation_the_mock_does_not_implement_can_still_be_failed(admin, api, operation):
    """Faults act before dispatch, so a client's call of a real but unimplemented operation can be failed, in an
    implemented service (ep) or not (event, training)."""
    fault(admin, action="failure", exception_id="060001", operation=operation)
    qualified = operation if "." in operation else f"training.{operation}"
    answer = api.post(message(qualified, ""))
    assert answer.exception_id == "060001"


def test_site_matching(admin, api):
    fault(admin, action="failure", exception_id="060001", site="GLOBEX")
    assert results(api, count=1) == ["SUCCESS"]
    globex = message("user.GetUser", "<webExId>host@globex.com</webExId>", site="globex", user="host@globex.com")
    assert results(api, globex, count=1) == ["060001"]


def test_user_matching(admin, api):
    fault(admin, action="failure", exception_id="060001", user="Alice@Acme.com")
    assert results(api, count=1) == ["SUCCESS"]
    alice = message("user.GetUser", "<webExId>alice@acme.com</webExId>", user="alice@acme.com")
    assert results(api, alice, count=1) == ["060001"]
    assert create_answer(api, user="alice@acme.com").exception_id == "060001"


def test_the_first_rule_that_fires_wins(admin, api):
    fault(admin, action="failure", exception_id="060001", nth=2)
    fault(admin, action="failure", exception_id="060019")
    assert results(api, count=3) == ["060019", "060001", "060019"]


def test_a_delay_is_never_shorter_than_asked_when_the_loop_wakes_early(monkeypatch):
    """uvloop's timers run on the loop's cached clock and may wake a sleep a little early: a 50 ms delay fault was
    once journaled at 49.989 ms. The wait goes on until the full delay has passed."""
    import asyncio
    import time

    from mockserver.controls import faults

    early = asyncio.sleep

    async def wakes_early(seconds: float) -> None:
        await early(seconds * 0.8)

    monkeypatch.setattr(faults.asyncio, "sleep", wakes_early)
    started = time.perf_counter()
    asyncio.run(faults.sleep_at_least(0.05))
    assert time.perf_counter() - started >= 0.05
