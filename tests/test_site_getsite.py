"""GetSite (reference 9): the site settings that matter for meetings, in the real order."""

from __future__ import annotations

from lxml import etree
from webex import message

SITE = "serv:body/serv:bodyContent/ns1:siteInstance/"


def get_site(api, **kw):
    return api.post(message("site.GetSite", **kw))


def children(answer, path: str) -> list[str]:
    (element,) = answer.all(SITE + path)
    return [etree.QName(c).localname for c in element]


def security_options(answer) -> dict[str, str]:
    (options,) = answer.all(SITE + "ns1:securityOptions")
    return {etree.QName(e).localname: e.text for e in options.iter() if len(e) == 0}


def test_acme_in_real_order(api):
    answer = get_site(api).ok()
    assert answer.body.startswith(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/'
        b'service" xmlns:com="http://www.webex.com/schemas/2002/06/common" xmlns:ns1="http://www.webex.com/schemas/'
        b'2002/06/service/site" xmlns:event="http://www.webex.com/schemas/2002/06/service/event"><serv:header>')
    assert b'xsi:type="ns1:getSiteResponse"' in answer.body
    assert children(answer, "ns1:metaData") == ["serviceType", "meetingTypes", "meetingTypes", "meetingTypes", "siteName", "timeZoneID",
                           "timeZone"]
    types = [(t.findtext("{*}meetingTypeID"), t.findtext("{*}meetingTypeName"), t.findtext("{*}hideInScheduler"))
             for t in answer.all(SITE + "ns1:metaData/ns1:meetingTypes")]
    assert types == [("1", "Meeting Center", "false"), ("3", "Pro Meeting", "false"), ("214", "Pro 1000", "false")]
    assert answer.text(SITE + "ns1:metaData/ns1:siteName") == "acme"
    assert answer.text(SITE + "ns1:metaData/ns1:timeZoneID") == "4"
    assert answer.text(SITE + "ns1:metaData/ns1:timeZone") == "GMT-08:00, Pacific (San Jose)"
    assert children(answer, "ns1:securityOptions") == [
        "passwordExpires", "allMeetingsUnlisted", "allMeetingsPassword", "joinBeforeHost", "audioBeforeHost",
        "meetings"]
    assert security_options(answer) == {
        "passwordExpires": "false", "allMeetingsUnlisted": "false", "allMeetingsPassword": "false",
        "joinBeforeHost": "true", "audioBeforeHost": "false", "strictPasswords": "false"}


def test_globex_policy(api):
    answer = get_site(api, site="globex", user="host@globex.com").ok()
    assert answer.text(SITE + "ns1:metaData/ns1:timeZone") == "GMT+00:00, GMT (London)"
    assert security_options(answer) == {
        "passwordExpires": "false", "allMeetingsUnlisted": "true", "allMeetingsPassword": "true",
        "joinBeforeHost": "false", "audioBeforeHost": "true", "strictPasswords": "true"}


def test_password_policy_shown_is_the_one_create_meeting_enforces(api):
    settings = api.store.site_by_name("acme").settings
    settings.meetingPasswordRequired, settings.joinBeforeHost = True, False
    options = security_options(get_site(api).ok())
    assert (options["allMeetingsPassword"], options["joinBeforeHost"]) == ("true", "false")
    content = ("<metaData><confName>No password</confName></metaData>"
               "<schedule><startDate>12/01/2026 10:00:00</startDate></schedule>")
    assert api.post(message("meeting.CreateMeeting", content)).exception_id == "060026"


def test_any_authenticated_user_may_read_it(api):
    assert get_site(api, user="alice@acme.com").ok().text(SITE + "ns1:metaData/ns1:siteName") == "acme"
    answer = get_site(api, password="wrong")
    assert answer.exception_id == "030002"
    assert b'xmlns:ns1="http://www.webex.com/schemas/2002/06/service/site"' in answer.body


def test_site_id_and_partner_id(api):
    context = ("<securityContext><siteID>700001</siteID><partnerID>gl0bex</partnerID>"
               "<webExID>host@globex.com</webExID><password>passw0rd</password></securityContext>")
    assert get_site(api, context=context).ok().text(SITE + "ns1:metaData/ns1:siteName") == "globex"


def test_body_must_be_empty(api):
    answer = api.post(message("site.GetSite", "<siteName>acme</siteName>"))
    assert answer.exception_id == "999999" and "siteName" in answer.reason
