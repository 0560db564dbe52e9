"""Faults and stubs on REST operations (docs/faults-and-stubs.md), in process and over HTTP (the ``api`` fixture),
set through the admin API and the fixture's handle."""

from __future__ import annotations

import httpx
import pytest
from restkit import HOST_TOKEN, create, failure, meeting_body

from mockserver.faces import check_fault, check_stub


def _admin(api, path: str, spec: dict) -> httpx.Response:
    return api._client.post(path, json=spec)


def _fault(api, **spec) -> dict:
    response = _admin(api, "/_mock/faults", spec)
    assert response.status_code == 201, response.text
    return response.json()


def _stub(api, **spec) -> dict:
    response = _admin(api, "/_mock/stubs", spec)
    assert response.status_code == 201, response.text
    return response.json()


def _entries(api, operation: str) -> list:
    return api.app.state.tenancy.get().journal.entries(operation=operation)


def _with_retries(api, method: str, path: str, attempts: int = 3, **kw) -> tuple[httpx.Response, int]:
    """A client that honours Retry-After on 429 (without waiting: the mock's Retry-After is the contract)."""
    for attempt in range(1, attempts + 1):
        response = api.rest(method, path, **kw)
        if response.status_code != 429:
            return response, attempt
        assert int(response.headers["Retry-After"]) >= 0
    return response, attempts


def test_a_429_once_lets_a_retrying_client_succeed(api):
    rule = _fault(api, action="http_error", operation="POST /meetings", status=429, times=1)
    response, attempts = _with_retries(api, "POST", "/meetings", json=meeting_body())
    assert response.status_code == 200 and attempts == 2
    first, second = _entries(api, "POST /meetings")
    assert (first.result, first.fault, first.http_status) == ("FAULT", rule["id"], 429)
    assert second.result == "SUCCESS" and second.fault is None
    assert len(api.store.site_meetings("acme")) == 1  # the faulted call stored nothing


def test_a_429_says_retry_after_one_second_or_the_rules(api):
    _fault(api, action="http_error", operation="GET /people/me", status=429, times=1)
    _fault(api, action="http_error", operation="GET /people/me", status=503, retry_after=7, times=1)
    assert api.rest("GET", "/people/me").headers["Retry-After"] == "1"
    assert api.rest("GET", "/people/me").headers["Retry-After"] == "7"
    assert api.rest("GET", "/people/me").status_code == 200


def test_a_503_answers_the_error_body_with_its_tracking_id_and_runs_nothing(api):
    _fault(api, action="http_error", operation="POST /meetings", status=503, reason="backend down")
    response = api.rest("POST", "/meetings", json=meeting_body())
    assert failure(response, 503) == "Service Unavailable"
    assert response.json()["errors"] == [{"description": "backend down"}]
    assert response.json()["trackingId"] == response.headers["TrackingID"]
    assert "retry-after" not in response.headers
    assert api.store.site_meetings("acme") == []


def test_a_fault_for_every_operation_reaches_rest_calls_but_an_xml_only_one_does_not(api):
    _fault(api, action="failure", exception_id="000035")  # XML only: REST calls are not counted
    rule = _fault(api, action="http_error", status=500, nth=2)
    assert api.rest("GET", "/people/me").status_code == 200
    failure(api.rest("GET", "/people/me"), 500)
    assert api.rest("GET", "/people/me").status_code == 200
    listed = {r["id"]: r for r in api._client.get("/_mock/faults").json()["faults"]}
    assert listed[rule["id"]]["matched"] == 3 and listed[rule["id"]]["fired"] == 1
    assert all(r["matched"] == 0 for r in listed.values() if r["action"] == "failure")


def test_drop_closes_the_connection_and_runs_nothing(api):
    rule = _fault(api, action="drop", operation="POST /meetings", times=1)
    with pytest.raises(httpx.RemoteProtocolError):
        api.rest("POST", "/meetings", json=meeting_body())
    assert api.store.site_meetings("acme") == []
    (entry,) = _entries(api, "POST /meetings")
    assert (entry.result, entry.fault) == ("FAULT", rule["id"])
    create(api)  # the next call runs


def test_delay_answers_late_and_runs_the_call(api):
    rule = _fault(api, action="delay", operation="POST /meetings", delay_ms=50)
    create(api)
    (entry,) = _entries(api, "POST /meetings")
    assert entry.fault == rule["id"] and entry.result == "SUCCESS" and entry.latency_ms >= 50
    assert len(api.store.site_meetings("acme")) == 1


def test_truncate_sends_half_the_answer(api):
    _fault(api, action="truncate", operation="GET /people/me")
    response = api._client.get("/v1/people/me", headers={"Authorization": f"Bearer {HOST_TOKEN}"})
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()


@pytest.mark.parametrize("action", ["failure", "gsb_backup", "expire_ticket"])
def test_xml_only_actions_are_refused_for_a_rest_operation(api, action):
    response = _admin(api, "/_mock/faults", {"action": action, "operation": "POST /meetings"})
    assert response.status_code == 400
    assert "XML API operations only" in response.json()["error"] and "http_error" in response.json()["error"]


def test_a_stub_answers_json_instead_of_the_operation(api):
    stub = _stub(api, operation="POST /meetings", body={"id": "canned", "title": "From the stub"}, status=201,
                 where={"title": "Stubbed"})
    response = api.rest("POST", "/meetings", json=meeting_body(title="Stubbed"), stubbed=True)
    assert (response.status_code, response.json()) == (201, {"id": "canned", "title": "From the stub"})
    assert api.store.site_meetings("acme") == []  # the operation did not run
    create(api, title="Not stubbed")  # where does not hold: the operation answers
    first, second = _entries(api, "POST /meetings")
    assert first.stub == stub["id"] and "the operation did not run" in first.reason
    assert second.stub is None


def test_a_stub_matches_path_parameters_and_may_run_the_operation_first(api):
    meeting = create(api)
    _stub(api, operation="GET /meetings/{meetingId}", where={"meetingId": meeting["id"]},
          body={"id": meeting["id"], "state": "inProgress"})
    assert api.rest("GET", f"/meetings/{meeting['id']}", stubbed=True).json()["state"] == "inProgress"
    _stub(api, operation="DELETE /meetings/{meetingId}", body={}, status=204, run_operation=True)
    assert api.rest("DELETE", f"/meetings/{meeting['id']}").status_code == 204
    assert api.store.site_meetings("acme") == []  # it ran


def test_a_stubbed_error_carries_the_tracking_id(api):
    _stub(api, operation="GET /people/me", body={"message": "Nope", "errors": [{"description": "Nope"}]},
          status=403, times=1)
    assert failure(api.rest("GET", "/people/me"), 403) == "Nope"
    assert api.rest("GET", "/people/me").status_code == 200


def test_a_fault_comes_before_a_stub(api):
    _stub(api, operation="GET /people/me", body={"id": "stubbed"})
    _fault(api, action="http_error", operation="GET /people/me", status=502, times=1)
    failure(api.rest("GET", "/people/me"), 502)
    assert api.rest("GET", "/people/me", stubbed=True).json() == {"id": "stubbed"}
    listed = api._client.get("/_mock/stubs").json()["stubs"]
    assert (listed[0]["matched"], listed[0]["hits"]) == (1, 1)


@pytest.mark.parametrize(("spec", "says"), [
    ({"bodyContent": "<x/>"}, "bodyContent is an XML fragment"),
    ({"body": '{"id": 1}'}, "not its text"),
    ({"body": {}, "status": 99}, "between 200 and 599"),
])
def test_xml_only_stub_fields_are_refused_for_a_rest_operation(api, spec, says):
    response = _admin(api, "/_mock/stubs", {"operation": "GET /people/me", **spec})
    assert response.status_code == 400 and says in response.json()["error"], response.text


def test_a_json_body_or_a_status_is_refused_for_an_xml_stub(api):
    response = _admin(api, "/_mock/stubs", {"operation": "GetMeeting", "body": {"a": 1}})
    assert response.status_code == 400 and "WebEx envelope as text" in response.json()["error"]
    response = _admin(api, "/_mock/stubs", {"operation": "GetMeeting", "bodyContent": "", "status": 404})
    assert response.status_code == 400 and "always HTTP 200" in response.json()["error"]


def test_retry_after_belongs_to_http_error():
    from mockserver.controls.faults import FaultSet
    from mockserver.controls.stubs import StubSet

    with pytest.raises(ValueError, match="retry_after"):
        FaultSet().add(check_fault, action="delay", retry_after=3)
    with pytest.raises(ValueError, match="XML API operations only"):
        FaultSet().add(check_fault, action="failure", operation="GET /people/me")
    assert StubSet().add(check_stub, operation="GET /people", body={"items": []}).answer == {"items": []}
