"""GetjoinurlMeeting / GethosturlMeeting (reference 8)."""

from __future__ import annotations

import pytest
from meetingkit import ADMIN, ALICE, create, fails, hosturl, joinurl, value
from webex import create_meeting


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
        assert value(answer, "meet:hostMeetingURL") == (
            "https://acme.webex.com/acme/p.php?AT=LI&MU="
            f"https%3A%2F%2Facme.webex.com%2Facme%2Fm.php%3FAT%3DHM%26MK%3D{key}")
        assert "p.php?AT=LI&amp;MU=" in answer.body.decode()


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
