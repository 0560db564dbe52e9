"""AuthenticateUser and session tickets (reference 2.5, 9, 11, 13)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from apikit import make_app
from lxml import etree
from webex import create_meeting, message

from mockserver.base.redact import xml_text
from mockserver.domain.sites import User

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC).timestamp()
TOKEN = "acme-hostid-access-token"  # fixtures/seed.json: hostid@acme.com accessTokens
ACME_BY_ID = "<siteID>690319</siteID><partnerID>g0webx!</partnerID>"
#: reference 14.6: ~460 base64 characters, starting AAAB, ending ==
REAL_LOOKING_TICKET = re.compile(r"AAAB[A-Za-z0-9+/]{454}==")


def at(api, seconds: float) -> None:
    """Set the mock's clock to NOW + seconds."""
    api.store.clock = lambda: NOW + seconds


def context(*parts: str) -> str:
    return "<securityContext>" + "".join(parts) + "</securityContext>"


def authenticate(api, content: str = "", **kw):
    return api.post(message("user.AuthenticateUser", content, **kw))


def ticket_of(answer) -> str:
    value = answer.ok().text("serv:body/serv:bodyContent/use:sessionTicket")
    assert value
    return value


def get_user(api, who: str = "hostid@acme.com", **kw):
    return api.post(message("user.GetUser", f"<webExId>{who}</webExId>", **kw))


def test_password_gives_ticket_epoch_ms_and_site_lifetime(api):
    at(api, 0)
    answer = authenticate(api).ok()
    assert [etree.QName(c).localname for c in answer.content] == ["sessionTicket", "createTime", "timeToLive"]
    assert answer.text("serv:body/serv:bodyContent/use:createTime") == str(int(NOW * 1000))
    assert answer.text("serv:body/serv:bodyContent/use:timeToLive") == "5400"
    assert answer.body.startswith(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/'
        b'service" xmlns:com="http://www.webex.com/schemas/2002/06/common" '
        b'xmlns:use="http://www.webex.com/schemas/2002/06/service/user"><serv:header>')
    assert b'xsi:type="use:authenticateUserResponse" xmlns:xsi=' in answer.body


def test_ticket_looks_like_a_real_one(api):
    at(api, 0)
    answer = authenticate(api).ok()
    ticket = ticket_of(answer)
    assert REAL_LOOKING_TICKET.fullmatch(ticket), ticket
    assert "+" in ticket and "/" in ticket
    assert re.fullmatch(r"\d{13}", answer.text("serv:body/serv:bodyContent/use:createTime"))
    others = {ticket_of(authenticate(api)) for _ in range(5)}
    assert all(REAL_LOOKING_TICKET.fullmatch(t) and "+" in t and "/" in t for t in others)
    assert len(others | {ticket}) == 6


def test_tickets_follow_the_random_seed():
    stores = [make_app(random_seed=7).state.tenancy.get().store for _ in range(2)]
    site = stores[0].site_by_name("acme")
    assert stores[0].issue_ticket(site, "hostid@acme.com", 0).value == stores[1].issue_ticket(
        stores[1].site_by_name("acme"), "hostid@acme.com", 0).value


def test_redaction_masks_the_whole_ticket(api):
    ticket = ticket_of(authenticate(api))
    for text in (f"<use:sessionTicket>{ticket}</use:sessionTicket>",
                 f"<securityContext><sessionTicket>{ticket}</sessionTicket></securityContext>"):
        masked = xml_text(text)
        assert ticket not in masked and "+" not in masked and "******" in masked


def test_ticket_replaces_password_for_create_meeting_and_get_user(api):
    ticket = ticket_of(authenticate(api))
    created = api.post(create_meeting(password=None, ticket=ticket)).ok()
    key = int(created.text("serv:body/serv:bodyContent/meet:meetingkey"))
    assert api.store.get_meeting("acme", key).host == "hostid@acme.com"
    assert get_user(api, password=None, ticket=ticket).ok().text("serv:body/serv:bodyContent/use:firstName") == "Host"


def test_sample_style_request_with_whitespace_or_self_closed_body(api):
    # Cisco's sample flow: xmlns:serv declared, unqualified children, whitespace or a self-closed bodyContent
    for body in ("\n                ", None):
        content = (f'<bodyContent xsi:type="java:com.webex.service.binding.user.AuthenticateUser">{body}'
                   "</bodyContent>" if body is not None else
                   '<bodyContent xsi:type="java:com.webex.service.binding.user.AuthenticateUser"/>')
        request = ('<?xml version="1.0" encoding="UTF-8"?>\n<serv:message xmlns:serv="http://www.webex.com/'
                   'schemas/2002/06/service" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n<header>'
                   "<securityContext><siteName>acme</siteName><webExID>hostid@acme.com</webExID>"
                   f"<password>passw0rd</password></securityContext></header>\n<body>{content}</body>"
                   "</serv:message>")
        ticket_of(api.post(request))


def test_wrong_password(api):
    answer = authenticate(api, password="not-it")
    assert (answer.result, answer.exception_id, answer.reason) == ("FAILURE", "030002", "Incorrect user or password")
    assert b"not-it" not in answer.body and b"<serv:bodyContent/>" in answer.body


def test_unknown_user(api):
    answer = authenticate(api, user="ghost@acme.com")
    assert answer.exception_id == "030001" and "ghost@acme.com" in answer.reason


def test_unknown_ticket(api):
    answer = api.post(create_meeting(password=None, ticket="bm90IGEgdGlja2V0"))
    assert (answer.exception_id, answer.reason) == ("030047", "Not a valid session ticket")


def test_ticket_expires_after_time_to_live(api):
    at(api, 0)
    ticket = ticket_of(authenticate(api))
    at(api, 5399.999)
    get_user(api, password=None, ticket=ticket).ok()
    at(api, 5400)
    answer = get_user(api, password=None, ticket=ticket)
    assert (answer.exception_id, answer.reason) == ("030047", "Not a valid session ticket")


def test_ticket_lifetime_follows_site_setting(api):
    globex = authenticate(api, site="globex", user="host@globex.com").ok()
    assert globex.text("serv:body/serv:bodyContent/use:timeToLive") == "3600"  # seed: globex ticketLifetime
    at(api, 0)
    old = ticket_of(authenticate(api))
    api.store.site_by_name("acme").settings.ticketLifetime = 60
    answer = authenticate(api)
    assert answer.text("serv:body/serv:bodyContent/use:timeToLive") == "60"
    short = ticket_of(answer)
    at(api, 60)
    assert get_user(api, password=None, ticket=short).exception_id == "030047"
    get_user(api, password=None, ticket=old).ok()  # a ticket keeps the lifetime it was issued with


def test_ticket_of_one_site_is_refused_on_another(api):
    ticket = ticket_of(authenticate(api))
    answer = get_user(api, "host@globex.com", site="globex", user="host@globex.com", password=None, ticket=ticket)
    assert answer.exception_id == "030047"
    answer = api.post(message("site.GetSite", context=context("<siteName>globex</siteName>",
                                                               f"<sessionTicket>{ticket}</sessionTicket>")))
    assert answer.exception_id == "030047"


def test_ticket_is_bound_to_its_site_even_for_a_webexid_both_sites_have(api):
    twin = User(webExId="hostid@acme.com", password="other-pw", email="hostid@acme.com")
    api.store.site_by_name("globex").add_user(twin)
    ticket = ticket_of(authenticate(api))
    answer = get_user(api, "hostid@acme.com", site="globex", password=None, ticket=ticket)
    assert (answer.exception_id, answer.reason) == ("030047", "Not a valid session ticket")
    get_user(api, "hostid@acme.com", site="globex", password="other-pw").ok()


def test_ticket_of_one_user_is_refused_for_another(api):
    ticket = ticket_of(authenticate(api))
    for other in ("alice@acme.com", "admin@acme.com", "ghost@acme.com"):
        answer = get_user(api, other, user=other, password=None, ticket=ticket)
        assert (answer.exception_id, answer.reason) == ("030047", "Not a valid session ticket"), other


def test_ticket_with_email_or_without_user(api):
    ticket = ticket_of(authenticate(api))
    by_email = context("<siteName>acme</siteName><email>HostID@acme.com</email>",
                       f"<sessionTicket>{ticket}</sessionTicket>")
    get_user(api, context=by_email).ok()
    alone = context("<siteName>acme</siteName>", f"<sessionTicket>{ticket}</sessionTicket>")
    get_user(api, context=alone).ok()


def test_password_wins_over_a_ticket_sent_with_it(api):
    ticket = ticket_of(authenticate(api))
    assert get_user(api, password="wrong", ticket=ticket).exception_id == "030002"


def test_authenticating_again_gives_another_valid_ticket(api):
    first = ticket_of(authenticate(api))
    second = ticket_of(authenticate(api, password=None, ticket=first))
    assert first != second
    for ticket in (first, second):
        get_user(api, password=None, ticket=ticket).ok()


def test_access_token_gives_ticket(api):
    at(api, 0)
    answer = authenticate(api, f"<accessToken> {TOKEN} </accessToken>", password=None).ok()
    assert answer.text("serv:body/serv:bodyContent/use:createTime") == str(int(NOW * 1000))
    ticket = ticket_of(answer)
    assert TOKEN.encode() not in answer.body
    get_user(api, password=None, ticket=ticket).ok()
    api.post(create_meeting(password=None, ticket=ticket)).ok()


def test_access_token_alone_names_its_user(api):
    ticket = ticket_of(authenticate(api, f"<accessToken>{TOKEN}</accessToken>",
                                    context=context("<siteName>acme</siteName>")))
    assert api.store.ticket(ticket).user == "hostid@acme.com"
    assert get_user(api, user="alice@acme.com", password=None, ticket=ticket).exception_id == "030047"


def test_access_token_refused(api):
    cases = [("wrong-token", "hostid@acme.com", "acme"), (TOKEN, "alice@acme.com", "acme"),
             (TOKEN, "host@globex.com", "globex")]
    for token, user, site in cases:
        answer = authenticate(api, f"<accessToken>{token}</accessToken>", site=site, user=user, password=None)
        assert (answer.exception_id, answer.reason) == (
            "030002", "Incorrect user or password: accessToken not accepted"), (token, user)
        assert token.encode() not in answer.body
    # an empty accessToken is not sent: no token and no password
    answer = authenticate(api, "<accessToken></accessToken>", password=None)
    assert (answer.exception_id, answer.reason) == ("030002", "Incorrect user or password")


def test_access_token_for_unknown_user(api):
    answer = authenticate(api, f"<accessToken>{TOKEN}</accessToken>", user="ghost@acme.com", password=None)
    assert answer.exception_id == "030001"


def test_saml_response_is_refused_clearly(api):
    for content in ("<samlResponse>PHNhbWw+</samlResponse>", "<accessToken>x</accessToken><protocol>SAML2</protocol>"):
        answer = authenticate(api, content)
        assert answer.exception_id == "999999" and "SAML sign-in is not supported" in answer.reason


def test_unknown_body_element_is_refused(api):
    answer = authenticate(api, "<acessToken>x</acessToken>")
    assert answer.exception_id == "999999" and "accessToken" in answer.reason


def test_site_id_and_partner_id(api):
    by_id = context(ACME_BY_ID, "<webExID>hostid@acme.com</webExID><password>passw0rd</password>")
    ticket = ticket_of(authenticate(api, context=by_id))
    get_user(api, context=context(ACME_BY_ID, "<webExID>hostid@acme.com</webExID>",
                                  f"<sessionTicket>{ticket}</sessionTicket>")).ok()
    get_user(api, password=None, ticket=ticket).ok()  # the same site named by siteName
    token = authenticate(api, f"<accessToken>{TOKEN}</accessToken>", context=context(ACME_BY_ID))
    ticket_of(token)
