"""GetLoginTicket, GetloginurlUser, GetlogouturlUser (reference §22, §23): the URL API login ticket, and the
login and logout URLs that carry it."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from webex import message

BODY = "serv:body/serv:bodyContent/"
ADMIN = {"user": "admin@acme.com"}


def ticket_of(api, **kw) -> str:
    answer = api.post(message("user.GetLoginTicket", **kw)).ok()
    assert b'xsi:type="use:getLoginTicketResponse"' in answer.body
    return answer.text(BODY + "use:ticket")


def login_url(api, who: str = "hostid@acme.com", extra: str = "", **kw):
    return api.post(message("user.GetloginurlUser", f"<webExID>{who}</webExID>{extra}", **kw))


def logout_url(api, who: str = "hostid@acme.com", extra: str = "", **kw):
    return api.post(message("user.GetlogouturlUser", f"<webExID>{who}</webExID>{extra}", **kw))


def test_ticket_is_64_hex_and_the_same_until_used(api):
    first = ticket_of(api)
    answer = api.post(message("user.GetLoginTicket")).ok()
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    assert answer.text(BODY + "use:ticket") == first
    assert answer.text(BODY + "use:apiVersion") == "WebEx XML API V10.0.0"
    assert [child.tag.split("}")[1] for child in answer.content] == ["ticket", "apiVersion"]


def test_tickets_differ_per_user_and_are_no_password(api):
    host, alice = ticket_of(api), ticket_of(api, user="alice@acme.com")
    assert host != alice and "passw0rd" not in host


def test_whitespace_body_and_short_type(api):
    """Postman sends a whitespace-only body; PHP clients send the short type ``user.GetLoginTicket``."""
    long_form = ticket_of(api)
    body = message("user.GetLoginTicket", "\n   ").replace("java:com.webex.service.binding.user.GetLoginTicket",
                                                            "user.GetLoginTicket")
    assert 'xsi:type="user.GetLoginTicket"' in body
    assert api.post(body).ok().text(BODY + "use:ticket") == long_form


def test_login_url_has_the_real_form_and_carries_the_ticket(api):
    ticket = ticket_of(api)
    answer = login_url(api).ok()
    assert b'xsi:type="use:getloginurlUserResponse"' in answer.body
    url = answer.text(BODY + "use:userLoginURL")
    assert url == ("https://acme.webex.com/acme/p.php?AT=LI&FN=Host&LN=Acme&EM=hostid%40acme.com"
                   f"&WID=hostid%40acme.com&TK={ticket}&MU=GoBack&BU=")
    assert b"&amp;MU=GoBack&amp;BU=" in answer.body  # Moodle substitutes its own URLs into these


def test_login_url_back_url_is_encoded(api):
    url = login_url(api, extra="<backURL>https://lms.example/back?a=1&amp;b=2</backURL>").ok().text(
        BODY + "use:userLoginURL")
    assert url.endswith("&MU=GoBack&BU=https%3A%2F%2Flms.example%2Fback%3Fa%3D1%26b%3D2")
    assert parse_qs(urlsplit(url).query)["BU"] == ["https://lms.example/back?a=1&b=2"]


def test_site_admin_gets_any_users_login_url_with_that_users_ticket(api):
    alice = ticket_of(api, user="alice@acme.com")
    url = login_url(api, "alice@acme.com", **ADMIN).ok().text(BODY + "use:userLoginURL")
    assert f"&WID=alice%40acme.com&TK={alice}&" in url


def test_host_may_not_ask_for_another_users_url(api):
    for answer in (login_url(api, "alice@acme.com"), logout_url(api, "alice@acme.com")):
        assert (answer.result, answer.exception_id) == ("FAILURE", "000001")
        assert answer.reason == "Access denied, additional privileges are required"


def test_unknown_user_is_030001_before_the_access_check(api):
    for answer in (login_url(api, "nobody@acme.com"), logout_url(api, "nobody@acme.com")):
        assert answer.exception_id == "030001" and "nobody@acme.com" in answer.reason
        assert b"xmlns:use=" in answer.body


def test_webexid_is_required(api):
    answer = api.post(message("user.GetloginurlUser", "<backURL>https://x.example</backURL>"))
    assert answer.exception_id == "999999" and "webExID" in answer.reason


def test_logout_url(api):
    answer = logout_url(api).ok()
    assert b'xsi:type="use:getlogouturlUserResponse"' in answer.body
    assert answer.text(BODY + "use:userLogoutURL") == "https://acme.webex.com/acme/p.php?AT=LO"
    with_back = logout_url(api, extra="<backURL>https://lms.example/done</backURL>").ok()
    assert with_back.text(BODY + "use:userLogoutURL") == (
        "https://acme.webex.com/acme/p.php?AT=LO&BU=https%3A%2F%2Flms.example%2Fdone")


def test_assumed_choices_are_noted(api):
    login_url(api).ok()
    entry = api.app.state.tenancy.get().journal.entries()[-1]
    assert [note.element for note in entry.notes] == ["userLoginURL"]


def test_body_must_hold_nothing_but_white_space(api):
    for content in ("<webExId>hostid@acme.com</webExId>", "ticket please"):
        answer = api.post(message("user.GetLoginTicket", content))
        assert answer.exception_id == "999999", content
