"""SetUser (reference §25): a site admin changes only the elements sent; GetUser shows the change."""

from __future__ import annotations

import pytest
from webex import create_meeting, message

BODY = "serv:body/serv:bodyContent/"
ADMIN = {"user": "admin@acme.com"}


def set_user(api, content: str, **kw):
    return api.post(message("user.SetUser", content, **{**ADMIN, **kw}))


def get_user(api, who: str):
    return api.post(message("user.GetUser", f"<webExId>{who}</webExId>", **ADMIN)).ok()


def test_only_the_elements_sent_change(api):
    answer = set_user(api, "<webExId>alice@acme.com</webExId><lastName>Liddell</lastName>"
                           "<timeZoneID>21</timeZoneID>").ok()
    assert b'xsi:type="use:setUserResponse"' in answer.body and len(answer.content) == 0
    profile = get_user(api, "alice@acme.com")
    assert [profile.text(BODY + f"use:{name}") for name in ("firstName", "lastName", "email", "timeZoneID")] == [
        "Alice", "Liddell", "alice@acme.com", "21"]
    assert profile.text(BODY + "use:timeZone") == "GMT+00:00, GMT (London)"


def test_new_password_signs_in_and_the_old_one_no_longer(api):
    set_user(api, "<webExId>alice@acme.com</webExId><password>N3w-pass</password><active>ACTIVATED</active>").ok()
    assert api.post(message("user.GetLoginTicket", user="alice@acme.com")).exception_id == "030002"
    api.post(create_meeting(user="alice@acme.com", password="N3w-pass")).ok()


def test_new_password_gives_a_new_login_ticket(api):
    before = api.post(message("user.GetLoginTicket", user="alice@acme.com")).ok().text(BODY + "use:ticket")
    set_user(api, "<webExId>alice@acme.com</webExId><password>N3w-pass</password>").ok()
    after = api.post(message("user.GetLoginTicket", user="alice@acme.com", password="N3w-pass")).ok()
    assert after.text(BODY + "use:ticket") != before


def test_new_webexid_renames_the_user_with_their_meetings_and_tickets(api):
    key = int(api.post(create_meeting(user="alice@acme.com")).ok().text(BODY + "meet:meetingkey"))
    ticket = api.post(message("user.AuthenticateUser", user="alice@acme.com")).ok().text(BODY + "use:sessionTicket")
    set_user(api, "<webExId>alice@acme.com</webExId><newWebExId>alice.l@acme.com</newWebExId>").ok()
    assert api.post(message("user.GetUser", "<webExId>alice@acme.com</webExId>", **ADMIN)).exception_id == "030001"
    assert get_user(api, "alice.l@acme.com").text(BODY + "use:email") == "alice@acme.com"
    meeting = api.post(message("meeting.GetMeeting", f"<meetingKey>{key}</meetingKey>", user="alice.l@acme.com",
                               password=None, ticket=ticket)).ok()
    assert meeting.text(BODY + "meet:schedule/meet:hostWebExID") == "alice.l@acme.com"
    listed = api.post(message("meeting.LstsummaryMeeting", user="alice.l@acme.com")).ok()
    assert [m.text for m in listed.all(BODY + "meet:meeting/meet:meetingKey")] == [str(key)]


def test_deactivate_and_reactivate(api):
    set_user(api, "<webExId>alice@acme.com</webExId><active>DEACTIVATED</active>").ok()
    assert get_user(api, "alice@acme.com").text(BODY + "use:active") == "DEACTIVATED"
    assert api.post(create_meeting(user="alice@acme.com")).exception_id == "030008"
    set_user(api, "<webExId>alice@acme.com</webExId><active>ACTIVATED</active>").ok()
    api.post(create_meeting(user="alice@acme.com")).ok()


@pytest.mark.parametrize("content,exception_id", [
    ("<webExId>nobody@acme.com</webExId><firstName>X</firstName>", "030001"),
    ("<webExId>alice@acme.com</webExId><newWebExId>HOSTID@acme.com</newWebExId>", "030004"),
    ("<webExId>alice@acme.com</webExId><email>hostid@acme.com</email>", "030005"),
    ("<webExId>alice@acme.com</webExId><firstName>X</firstName><sendWelcome>true</sendWelcome>", "999999"),
])
def test_refused_changes_change_nothing(api, content, exception_id):
    assert set_user(api, content).exception_id == exception_id
    profile = get_user(api, "alice@acme.com")
    assert (profile.text(BODY + "use:firstName"), profile.text(BODY + "use:email")) == ("Alice", "alice@acme.com")


def test_keeping_ones_own_webexid_and_email_is_no_conflict(api):
    set_user(api, "<webExId>alice@acme.com</webExId><newWebExId>Alice@acme.com</newWebExId>"
                  "<email>ALICE@acme.com</email>").ok()
    assert get_user(api, "alice@acme.com").text(BODY + "use:webExId") == "Alice@acme.com"


def test_only_a_site_admin_sets(api):
    answer = set_user(api, "<webExId>hostid@acme.com</webExId><firstName>Me</firstName>", user="hostid@acme.com")
    assert answer.exception_id == "000001"
    assert get_user(api, "hostid@acme.com").text(BODY + "use:firstName") == "Host"
