"""Isolation: hosts, sites and session tickets never cross (000001 / 060001 / 030047)."""

import re

import pytest
from meetingkit import ADMIN, ALICE, HOST, create, delete, get, lst, set_
from webex import message


def key_of_alice(api):
    return create(api, user=ALICE)


@pytest.mark.parametrize("build", [
    lambda key: get(key, user=HOST),
    lambda key: set_(f"<meetingkey>{key}</meetingkey><metaData><confName>x</confName></metaData>", user=HOST),
    lambda key: delete(key, user=HOST),
    lambda key: message("meeting.GethosturlMeeting", f"<meetingKey>{key}</meetingKey>", user=HOST),
    lambda key: lst(f"<hostWebExID>{ALICE}</hostWebExID>", user=HOST),
], ids=["get", "set", "delete", "host-url", "list-other-host"])
def test_a_host_cannot_touch_another_hosts_meeting(api, build):
    key = key_of_alice(api)
    before = api.store.get_meeting("acme", key).to_dict()
    answer = api.post(build(key))
    assert (answer.result, answer.exception_id) == ("FAILURE", "000001")
    assert answer.reason.startswith("Access denied, additional privileges are required")
    assert api.store.get_meeting("acme", key).to_dict() == before


def test_a_host_lists_only_their_own_meetings(api):
    mine = create(api, user=HOST)
    create(api, user=ALICE)
    listed = api.post(lst(user=HOST)).ok()
    keys = [int(k.text) for k in listed.all("serv:body/serv:bodyContent/meet:meeting/meet:meetingKey")]
    assert keys == [mine]


def test_site_admin_may_read_change_list_and_delete(api):
    key = key_of_alice(api)
    api.post(get(key, user=ADMIN)).ok()
    api.post(set_(f"<meetingkey>{key}</meetingkey><metaData><confName>By admin</confName></metaData>",
                  user=ADMIN)).ok()
    listed = api.post(lst(user=ADMIN)).ok()
    assert str(key) in listed.body.decode()
    api.post(delete(key, user=ADMIN)).ok()
    assert api.store.get_meeting("acme", key) is None


def test_a_user_of_site_a_never_sees_site_b(api):
    globex = create(api, site="globex", user="host@globex.com",
                    body="<metaData><confName>G</confName></metaData><schedule><startDate>12/01/2026 10:00:00"
                         "</startDate></schedule><accessControl><meetingPassword>pw</meetingPassword></accessControl>")
    for request in (get(globex, user=ADMIN), delete(globex, user=ADMIN),
                    message("meeting.GetjoinurlMeeting", f"<sessionKey>{globex}</sessionKey>", user=ADMIN)):
        assert api.post(request).exception_id == "060001"
    assert api.post(lst(f"<meetingKey>{globex}</meetingKey>", user=ADMIN)).exception_id == "000015"
    assert api.store.get_meeting("globex", globex) is not None


def test_a_session_ticket_works_only_for_its_own_user_and_site(api):
    answer = api.post(message("user.AuthenticateUser", user=HOST)).ok()
    ticket = re.search(r"<use:sessionTicket>(.+?)<", answer.body.decode()).group(1)
    api.post(get(create(api), user=HOST, password=None, ticket=ticket)).ok()
    assert api.post(get(1, user=ALICE, password=None, ticket=ticket)).exception_id == "030047"
    assert api.post(get(1, site="globex", user=HOST, password=None, ticket=ticket)).exception_id == "030047"
