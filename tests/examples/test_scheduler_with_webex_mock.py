"""Example suite: how a product team tests its WebEx client with the `webex_mock` fixture.

Uses only the public fixture API; runs green under `pytest -n 2`.
"""

import httpx
import pytest

from .scheduler import Scheduler, WebexFailure


def scheduler(webex_mock, user="hostid@acme.com", **kw):
    return Scheduler(url=webex_mock.url, site="acme", user=user, password="passw0rd", **kw)


def test_schedules_a_meeting(webex_mock):
    key = scheduler(webex_mock).schedule("Standup", "12/01/2026 09:00:00", minutes=15)

    webex_mock.assert_called("CreateMeeting", where={"metaData/confName": "Standup",
                                                     "schedule/duration": "15"}, times=1)
    stored = webex_mock.meeting(key)
    assert stored["data"]["schedule"]["startDate"] == "12/01/2026 09:00:00"
    assert stored["host"] == "hostid@acme.com"


def test_each_test_starts_clean(webex_mock):
    assert webex_mock.meetings() == []
    assert webex_mock.calls() == []


def test_e2ee_meetings_are_not_recorded_even_with_site_nbr(webex_mock):
    webex_mock.site_settings(nbrAutoRecord=True)
    plain = scheduler(webex_mock).schedule("Plain", "12/01/2026 09:00:00")
    secret = scheduler(webex_mock).schedule("Secret", "12/01/2026 10:00:00", e2ee=True)
    assert webex_mock.meeting(plain)["data"]["enableOptions"]["autoRecord"] == "true"
    assert webex_mock.meeting(secret)["data"]["enableOptions"]["autoRecord"] == "false"


def test_site_that_requires_passwords(webex_mock):
    webex_mock.site_settings(meetingPasswordRequired=True)
    with pytest.raises(WebexFailure) as failure:
        scheduler(webex_mock).schedule("No password", "12/01/2026 09:00:00")
    assert failure.value.exception_id == "060026"
    assert webex_mock.meetings() == []
    scheduler(webex_mock).schedule("With password", "12/01/2026 09:00:00", password="S3cret!")
    assert len(webex_mock.meetings()) == 1


def test_users_added_at_runtime_can_schedule(webex_mock):
    webex_mock.add_user("newhire@acme.com", password="Welcome1", timeZoneID=21)
    client = Scheduler(url=webex_mock.url, site="acme", user="newhire@acme.com", password="Welcome1")
    key = client.schedule("Onboarding", "12/02/2026 09:00:00")
    assert webex_mock.meeting(key)["data"]["schedule"]["timeZoneID"] == "21"


def test_client_logs_in_and_uses_the_session_ticket(webex_mock):
    client = scheduler(webex_mock)
    client.login()
    client.schedule("With ticket", "12/01/2026 09:00:00")
    webex_mock.assert_called("AuthenticateUser", times=1)
    create = webex_mock.assert_called("CreateMeeting", times=1)[0]
    assert "<sessionTicket>******</sessionTicket>" in create.request  # secrets never reach the journal
    assert client.ticket not in create.request


def test_retries_are_visible_when_webex_fails_once(webex_mock):
    webex_mock.add_fault("failure", operation="CreateMeeting", nth=1, exception_id="000035",
                         reason="ASService not responding")
    client = scheduler(webex_mock)
    with pytest.raises(WebexFailure):
        client.schedule("Flaky", "12/01/2026 09:00:00")
    client.schedule("Flaky", "12/01/2026 09:00:00")  # a retry succeeds
    assert [c.result for c in webex_mock.calls("CreateMeeting")] == ["FAILURE", "SUCCESS"]


def test_http_503_from_the_load_balancer(webex_mock):
    webex_mock.add_fault("http_error", status=503, times=1)
    with pytest.raises(WebexFailure):  # the proxy's HTML page is no WebEx answer
        scheduler(webex_mock).schedule("Down", "12/01/2026 09:00:00")
    assert webex_mock.meetings() == []


def test_in_process_transport_shares_state_with_the_url(webex_mock):
    with httpx.Client(transport=webex_mock.transport) as in_process:
        key = scheduler(webex_mock, client=in_process).schedule("No socket", "12/01/2026 09:00:00")
    over_http = webex_mock.post(  # the same namespace over real HTTP sees it
        f'<serv:message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><header><securityContext>'
        f"<siteName>acme</siteName><webExID>hostid@acme.com</webExID><password>passw0rd</password>"
        f'</securityContext></header><body><bodyContent xsi:type="java:com.webex.service.binding.meeting.'
        f'GetMeeting"><meetingKey>{key}</meetingKey></bodyContent></body></serv:message>')
    assert f"<meet:meetingkey>{key}</meet:meetingkey>" in over_http.text


def test_assert_called_explains_a_mismatch(webex_mock):
    scheduler(webex_mock).schedule("Stand-up", "12/01/2026 09:00:00")
    with pytest.raises(AssertionError) as failure:
        webex_mock.assert_called("CreateMeeting", where={"metaData/confName": "Standup"})
    message = str(failure.value)
    assert "expected 'Standup', got 'Stand-up'" in message
    assert "found 0 matching of 1 CreateMeeting call(s)" in message


def test_deterministic_keys_with_a_seed(webex_mock):
    webex_mock.seed(7)
    first = scheduler(webex_mock).schedule("A", "12/01/2026 09:00:00")
    webex_mock.reset()
    webex_mock.seed(7)
    assert scheduler(webex_mock).schedule("A", "12/01/2026 09:00:00") == first
