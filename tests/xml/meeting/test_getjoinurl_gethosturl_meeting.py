"""GetjoinurlMeeting / GethosturlMeeting (reference 8, 14.5) and the iCalendarURL links (reference 14.4)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from meetingkit import ADMIN, ALICE, create, fails, hosturl, joinurl, set_, value
from webex import create_meeting

from mockserver.domain.records import Meeting
from mockserver.domain.sites import load_seed
from mockserver.persistence.export import export_store, import_store

MTID_LINK = re.compile(r"https://acme\.webex\.com/acme/j\.php\?MTID=m[0-9a-f]{32}")
#: reference 14.5: a login with a 64-hex ticket whose percent-encoded MU target starts the meeting
HOST_URL = re.compile(r"https://acme\.webex\.com/acme/p\.php\?AT=LI&TK=[0-9a-f]{64}&MU=(?P<mu>[^&]+)")


@pytest.mark.parametrize("element", ["sessionKey", "meetingKey"])
def test_join_url_by_either_key(api, element):
    created = api.post(create_meeting()).ok()
    key = value(created, "meet:meetingkey")
    answer = api.post(joinurl(f"<{element}>{key}</{element}>")).ok()
    assert answer.content.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "meet:getjoinurlMeetingResponse"
    assert value(answer, "meet:joinMeetingURL") == f"https://acme.webex.com/acme/e.php?AT=SI&MK={key}"
    assert value(answer, "meet:inviteMeetingURL") == value(created, "meet:iCalendarURL/serv:attendee")


def test_join_url_carries_attendee_details_escaped(api):
    key = create(api)
    answer = api.post(joinurl(f"<attendeeName>James T Kirk</attendeeName><sessionKey>{key}</sessionKey>"
                              "<attendeeEmail>jk@example.com</attendeeEmail><meetingPW>a&amp;b</meetingPW>",
                              user=ALICE)).ok()
    assert value(answer, "meet:joinMeetingURL") == (
        f"https://acme.webex.com/acme/e.php?AT=SI&MK={key}&AN=James%20T%20Kirk&FN=James&LN=T%20Kirk"
        "&AE=jk%40example.com&PW=a%26b")
    assert f"AT=SI&amp;MK={key}&amp;AN=" in answer.body.decode()


def test_host_url_for_owner_and_admin(api):
    key = create(api)
    for user in ("hostid@acme.com", ADMIN):
        answer = api.post(hosturl(f"<sessionKey>{key}</sessionKey>", user=user)).ok()
        url = value(answer, "meet:hostMeetingURL")
        match = HOST_URL.fullmatch(url)
        assert match, url
        assert re.fullmatch(rf"https://acme\.webex\.com/acme/m\.php\?AT=HM&MK={key}&Rnd=0\.\d+",
                            unquote(match["mu"]))
        assert "p.php?AT=LI&amp;TK=" in answer.body.decode() and "&amp;MU=https%3A%2F%2F" in answer.body.decode()


def test_host_url_splits_on_ampersand_as_moodle_does(api):
    """Moodle splits the URL on & and URL-decodes MU: only a percent-encoded MU survives that (ASSUMED)."""
    key = create(api)
    url = value(api.post(hosturl(f"<meetingKey>{key}</meetingKey>")).ok(), "meet:hostMeetingURL")
    query = dict(parse_qsl(urlsplit(url).query))
    assert list(query) == ["AT", "TK", "MU"]
    target = urlsplit(query["MU"])
    assert (target.path, dict(parse_qsl(target.query))["MK"]) == ("/acme/m.php", str(key))


def test_host_url_ticket_is_new_each_time(api):
    key = create(api)
    first, second = (value(api.post(hosturl(f"<meetingKey>{key}</meetingKey>")).ok(), "meet:hostMeetingURL")
                     for _ in range(2))
    assert HOST_URL.fullmatch(first) and HOST_URL.fullmatch(second) and first != second


def test_host_and_attendee_links_differ_and_stay(api):
    created = api.post(create_meeting()).ok()
    host, attendee = (value(created, f"meet:iCalendarURL/serv:{who}") for who in ("host", "attendee"))
    assert MTID_LINK.fullmatch(host) and MTID_LINK.fullmatch(attendee) and host != attendee
    key = value(created, "meet:meetingkey")
    changed = api.post(set_(f"<meetingkey>{key}</meetingkey><metaData><confName>Renamed</confName></metaData>")).ok()
    assert (value(changed, "meet:iCalendarURL/serv:host"), value(changed, "meet:iCalendarURL/serv:attendee")) == (
        host, attendee)
    other = api.post(create_meeting()).ok()
    assert {value(other, "meet:iCalendarURL/serv:host"), value(other, "meet:iCalendarURL/serv:attendee")}.isdisjoint(
        {host, attendee})


def test_meeting_saved_before_attendee_links_gets_a_stable_distinct_one():
    raw = {"key": 123456789, "site": "acme", "host": "hostid@acme.com", "uuid": "u", "mtid": "m" + "ab" * 16,
           "guest_token": "g", "host_key": "123456", "event_id": 1, "data": {}, "created_ms": 0}
    first, again = Meeting.from_dict(dict(raw)), Meeting.from_dict(dict(raw))
    assert re.fullmatch(r"m[0-9a-f]{32}", first.attendee_mtid)
    assert first.attendee_mtid == again.attendee_mtid != first.mtid
    assert Meeting.from_dict(first.to_dict()).attendee_mtid == first.attendee_mtid


def test_state_without_attendee_links_still_imports(api):
    key = create(api)
    state = export_store(api.store, include_secrets=True)
    for meeting in state["meetings"]:
        del meeting["attendee_mtid"]
    restored = import_store(state, load_seed()).get_meeting("acme", key)
    assert restored is not None and re.fullmatch(r"m[0-9a-f]{32}", restored.attendee_mtid)
    assert restored.attendee_mtid != restored.mtid


def test_host_url_denied_to_another_host(api):
    key = create(api)
    fails(api.post(hosturl(f"<meetingKey>{key}</meetingKey>", user=ALICE)), "000001")


@pytest.mark.parametrize("build", [joinurl, hosturl])
def test_unknown_key(api, build):
    fails(api.post(build("<sessionKey>55555555</sessionKey>")), "060001")


@pytest.mark.parametrize("build", [joinurl, hosturl])
def test_key_required_and_only_once(api, build):
    answer = api.post(build(""))
    fails(answer, "999999")
    assert "sessionKey" in answer.reason
    fails(api.post(build("<sessionKey>1</sessionKey><meetingKey>1</meetingKey>")), "999999")
