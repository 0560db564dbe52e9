"""The webex_mock handle drives a mock in this process or, through the admin API, one in another process, with
the same methods and the same results: every test here runs both ways against one in-thread server."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest
from pluginkit import E2EE, get_meeting, handle, schedule
from webex import create_meeting

from mockserver.config import Config
from mockserver.controls.faults import FaultRule
from mockserver.fixture import remote
from mockserver.fixture.handle import InProcessOnly
from mockserver.fixture.local import MockServer
from mockserver.fixture.remote import RemoteError, RemoteServer, base_url_of, entry_from_dict


@pytest.fixture(scope="module")
def server():
    with MockServer() as running:
        yield running


@pytest.fixture(scope="module")
def remote_server(server):
    client = RemoteServer(server.url).check()
    yield client
    client.close()


@pytest.fixture(params=["local", "remote"])
def mock(request, server, remote_server):
    made = handle(server, remote_server, request.param)
    yield made
    made.close()


def test_sites_users_and_settings_shape_the_meetings(mock):
    mock.add_site("globex", 4242, partnerID="p1")
    mock.add_user("boss@globex.com", password="Hunter22", site="globex", timeZoneID=21)
    settings = mock.site_settings("globex", nbrAutoRecord=True)
    assert settings.nbrAutoRecord is True
    key = schedule(mock, site="globex", user="boss@globex.com", password="Hunter22")
    stored = mock.meeting(key, site="globex")
    assert stored["host"] == "boss@globex.com"
    assert stored["data"]["enableOptions"]["autoRecord"] == "true"
    assert [m["key"] for m in mock.meetings("globex")] == [key]
    assert mock.meeting(key + 1, site="globex") is None
    assert mock.meetings("no-such-site") == []


def test_the_journal_and_assertions(mock):
    first = schedule(mock)
    second = schedule(mock, E2EE)
    mock.post(get_meeting(999))
    assert [c.operation for c in mock.calls()] == ["meeting.CreateMeeting"] * 2 + ["meeting.GetMeeting"]
    assert [c.meeting_key for c in mock.calls("CreateMeeting")] == [first, second]
    assert [c.result for c in mock.calls(result="failure")] == ["FAILURE"]
    assert mock.calls(user="nobody@acme.com") == []
    mock.assert_called("CreateMeeting", where={"enableOptions/supportE2E": True}, times=1)
    mock.assert_not_called("DelMeeting")
    with pytest.raises(AssertionError, match="expected 'Standup', got 'Secret'"):
        mock.assert_called("CreateMeeting", where={"metaData/confName": "Standup"}, times=2)


def test_remote_entries_are_the_in_process_entries(server, remote_server):
    """Rebuilt from the journal's JSON, a remote entry equals the in-process one: notes, rule explanations
    and every other field, with their types."""
    local = server.mock()
    schedule(local, E2EE)
    local.post(get_meeting(1))
    local.post(b"<message><header/><body/></message>")
    try:
        seen = remote_server.mock(local.namespace).calls()
        assert seen == local.calls()
        assert all(isinstance(note, type(n)) for e, r in zip(local.calls(), seen, strict=True)
                   for n, note in zip(e.notes, r.notes, strict=True))
        assert any(entry.notes for entry in seen)
    finally:
        local.close()


def test_an_entry_survives_its_json(server):
    local = server.mock()
    try:
        schedule(local, E2EE)
        entry = local.calls()[0]
        assert entry_from_dict(entry.to_dict()) == entry
    finally:
        local.close()


def test_the_journal_is_read_page_by_page(mock, monkeypatch):
    monkeypatch.setattr(remote, "JOURNAL_PAGE", 2)
    keys = [schedule(mock) for _ in range(5)]
    assert [c.meeting_key for c in mock.calls("CreateMeeting")] == keys


def test_fidelity_seed_and_reset(mock):
    assert mock.fidelity == "lenient"
    mock.fidelity = "documented"
    assert mock.fidelity == "documented"
    answer = mock.post(b'<message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><header><securityContext>'
                       b"<siteName>acme</siteName><webExID>hostid@acme.com</webExID><password>passw0rd</password>"
                       b'</securityContext></header><body><bodyContent xsi:type="java:com.webex.service.binding.'
                       b'meeting.GetMeeting"><meetingKey>1</meetingKey></bodyContent></body></message>')
    assert "<serv:exceptionID>999999</serv:exceptionID>" in answer.text
    mock.seed(11)
    first = schedule(mock)
    mock.reset()
    assert mock.fidelity == "lenient" and mock.calls() == [] and mock.meetings() == []
    mock.seed(11)
    assert schedule(mock) == first
    mock.site_settings(meetingPasswordRequired=True)
    mock.reset(site="acme")
    schedule(mock)  # the site's policy is back to the seed's


def test_faults(mock):
    rule = mock.add_fault("failure", operation="CreateMeeting", nth=1, exception_id="000035", reason="down")
    assert isinstance(rule, FaultRule) and rule.id
    assert "<serv:exceptionID>000035</serv:exceptionID>" in mock.post(create_meeting()).text
    mock.add_fault("http_error", status=502)
    assert mock.post(get_meeting(1)).status_code == 502
    mock.clear_faults()
    schedule(mock)
    assert [c.result for c in mock.calls()] == ["FAILURE", "FAULT", "SUCCESS"]


def test_wrong_arguments_fail_the_same_way(mock):
    with pytest.raises(KeyError, match="nowhere"):
        mock.add_user("someone", site="nowhere")
    with pytest.raises(ValueError, match="ticketLifetime"):
        mock.site_settings(ticketLifetime="long")
    with pytest.raises(ValueError, match="unknown fault action"):
        mock.add_fault("explode")
    with pytest.raises(ValueError, match="fidelity must be one of"):
        mock.fidelity = "strict"


def test_transports_reach_the_namespace_whatever_the_url(mock):
    elsewhere = "http://webex.invalid/WBXService/XMLService"
    with httpx.Client(transport=mock.transport) as client:
        created = client.post(elsewhere, content=create_meeting()).text
    key = int(re.search(r"<meet:meetingkey>(\d+)<", created).group(1))

    async def get() -> str:
        async with httpx.AsyncClient(transport=mock.async_transport) as client:
            return (await client.post(elsewhere, content=get_meeting(key))).text

    assert f"<meet:meetingkey>{key}</meet:meetingkey>" in asyncio.run(get())
    assert f"<meet:meetingkey>{key}</meet:meetingkey>" in mock.client().post(
        "/WBXService/XMLService", content=get_meeting(key)).text
    assert [c.result for c in mock.calls()] == ["SUCCESS"] * 3


def test_closing_a_remote_handle_resets_its_namespace(server, remote_server):
    made = remote_server.mock()
    schedule(made)
    made.add_fault("drop")
    made.close()
    inside = server.mock(made.namespace)
    assert inside.meetings() == [] and inside.calls() == [] and inside.tenant.faults.rules() == []
    inside.close()


def test_in_process_only_helpers_say_so_remotely(remote_server):
    made = remote_server.mock()
    for reach in (lambda: made.tenant, lambda: made.client(in_process=True),
                  lambda: made.post("<x/>", in_process=True)):
        with pytest.raises(InProcessOnly, match=r"needs the mock in this process.*WEBEX_MOCK_URL"):
            reach()
    made.close()


def test_admin_token():
    with MockServer(Config(port=0, admin_token="s3cret-token")) as guarded:
        with pytest.raises(RemoteError, match="HTTP 401.*WEBEX_MOCK_ADMIN_TOKEN"):
            RemoteServer(guarded.url).check()
        client = RemoteServer(guarded.base_url, admin_token="s3cret-token").check()
        made = client.mock()
        schedule(made)
        made.assert_called("CreateMeeting", times=1)
        made.close()
        client.close()


def test_an_unreachable_server_is_named():
    with MockServer() as gone:
        url = gone.url
    with pytest.raises(RemoteError, match=f"cannot reach the webex mock at {url.rsplit('/', 2)[0]}"):
        RemoteServer(url, timeout=5).check()


@pytest.mark.parametrize("given", ["http://h:1", "http://h:1/", "http://h:1/WBXService/XMLService",
                                   " http://h:1/WBXService/XMLService/ "])
def test_the_url_may_be_the_root_or_the_api(given):
    assert base_url_of(given) == "http://h:1"


def test_a_url_without_scheme_is_refused():
    with pytest.raises(ValueError, match="must start with http"):
        base_url_of("localhost:8800")


def test_remote_stubs(remote_server):
    made = remote_server.mock()
    stub = made.stub("GetMeeting", body_content="<meet:status>CANNED</meet:status>", times=1,
                     where={"meetingKey": 1})
    assert stub.id and stub.hits == 0
    assert "CANNED" in made.post(get_meeting(1)).text
    assert stub.hits == 1
    assert made.calls()[0].stub == stub.id
    made.clear_stubs()
    with pytest.raises(KeyError):
        stub.hits  # noqa: B018
    made.close()
