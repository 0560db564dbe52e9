"""GetSite (reference 9, 14.2): the whole siteInstance in the real order, the site's settings in it."""

from __future__ import annotations

from lxml import etree
from webex import message

SITE = "serv:body/serv:bodyContent/ns1:siteInstance/"
SERV = "http://www.webex.com/schemas/2002/06/service"

#: reference 14.2: siteInstance, metaData and securityOptions children in the real order
INSTANCE = ["metaData", "ucf", "clientPlatforms", "resourceRestrictions", "supportAPI", "myWebExConfig",
            "telephonyConfig", "commerceAndReporting", "tools", "custCommunications", "trackingCodes",
            "supportedServices", "securityOptions", "defaults", "scheduleMeetingOptions", "navBarTop", "navMyWebEx",
            "navAllServices", "passwordCriteria", "recordingPasswordCriteria", "accountPasswordCriteria",
            "productivityTools", "meetingPlace", "salesCenter", "connectIntegration", "video", "siteCommonOptions",
            "samlSSO"]
META_DATA_AFTER_TYPES = ["siteName", "brandName", "region", "currency", "timeZoneID", "timeZone", "webDomain",
                         "meetingDomain", "telephonyDomain", "pageVersion", "clientVersion", "pageLanguage",
                         "activateStatus", "webPageType", "iCalendar", "myWebExDefaultPage", "componentVersion",
                         "displayMeetingActualTime", "displayOffset", "supportWebEx11"]
SECURITY_OPTIONS = ["passwordExpires", "passwordLifetime", "allMeetingsUnlisted", "allMeetingsPassword",
                    "joinBeforeHost", "audioBeforeHost", "changePersonalURL", "changeUserName", "meetings",
                    "strictUserPassword", "accountNotify", "requireLoginBeforeSiteAccess", "changePWDWhenAutoLogin",
                    "enforceBaseline", "passwordChangeIntervalOpt", "passwordChangeInterval",
                    "firstAttendeeAsPresenter", "isEnableUUIDLink", "isEnableUUIDLinkForSAC",
                    "enforceRecordingPwdForMC", "enforceRecordingPwdForEC", "enforceRecordingPwdForTC",
                    "enforceRecordingPwdForMisc"]
#: reference 14.2: a call-in server's serv: children
CALL_IN_SERVER = ["tollNum", "tollFreeNum", "intlLocalNum", "globalNum", "enableServer", "tollLabel",
                  "tollFreeLabel"]


def get_site(api, **kw):
    return api.post(message("site.GetSite", **kw))


def children(answer, path: str) -> list[str]:
    (element,) = answer.all(SITE + path)
    return [etree.QName(c).localname for c in element]


def security_options(answer) -> dict[str, str]:
    """The site-driven securityOptions flags (the rest are fixed defaults)."""
    (options,) = answer.all(SITE + "ns1:securityOptions")
    leaves = {etree.QName(e).localname: e.text for e in options.iter() if len(e) == 0}
    return {name: leaves[name] for name in ("allMeetingsUnlisted", "allMeetingsPassword", "joinBeforeHost",
                                            "audioBeforeHost", "strictPasswords")}


def test_acme_in_real_order(api):
    answer = get_site(api).ok()
    assert answer.body.startswith(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/'
        b'service" xmlns:com="http://www.webex.com/schemas/2002/06/common" xmlns:ns1="http://www.webex.com/schemas/'
        b'2002/06/service/site" xmlns:event="http://www.webex.com/schemas/2002/06/service/event"><serv:header>')
    assert b'xsi:type="ns1:getSiteResponse"' in answer.body
    assert [etree.QName(c).localname for c in answer.content] == ["siteInstance"]
    assert children(answer, ".") == INSTANCE
    assert children(answer, "ns1:metaData") == (["isEnterprise", "serviceType"] + ["meetingTypes"] * 3
                                                + META_DATA_AFTER_TYPES)
    assert children(answer, "ns1:securityOptions") == SECURITY_OPTIONS
    assert children(answer, "ns1:securityOptions/ns1:meetings") == ["strictPasswords"]
    types = [(t.findtext("{*}meetingTypeID"), t.findtext("{*}meetingTypeName"), t.findtext("{*}hideInScheduler"))
             for t in answer.all(SITE + "ns1:metaData/ns1:meetingTypes")]
    assert types == [("1", "STD", "false"), ("3", "FRE", "false"), ("214", "PRO", "false")]
    assert answer.text(SITE + "ns1:metaData/ns1:serviceType") == "Meeting Center"
    assert answer.text(SITE + "ns1:metaData/ns1:siteName") == "acme"
    assert answer.text(SITE + "ns1:metaData/ns1:timeZoneID") == "4"
    assert answer.text(SITE + "ns1:metaData/ns1:timeZone") == "GMT-08:00, Pacific (San Jose)"
    assert security_options(answer) == {
        "allMeetingsUnlisted": "false", "allMeetingsPassword": "false", "joinBeforeHost": "true",
        "audioBeforeHost": "false", "strictPasswords": "false"}


def test_meeting_type_names_are_product_codes(api):
    for site, user in (("acme", "hostid@acme.com"), ("globex", "host@globex.com")):
        names = [t.text for t in get_site(api, site=site, user=user).ok().all(
            SITE + "ns1:metaData/ns1:meetingTypes/ns1:meetingTypeName")]
        assert names and all(len(n) == 3 and n.isupper() for n in names), names


def test_undescribed_sub_trees_are_self_closed(api):
    raw = get_site(api).ok().body.decode()
    for name in ("ucf", "trackingCodes", "meetingPlace", "supportedServices", "passwordCriteria", "samlSSO"):
        assert f"<ns1:{name}/>" in raw, name


def test_call_in_numbers_are_serv_qualified(api):
    answer = get_site(api).ok()
    (teleconf,) = answer.all(SITE + "ns1:telephonyConfig/ns1:personalTeleconf")
    (server,) = list(teleconf)
    assert etree.QName(server).localname.endswith("Server")
    assert [etree.QName(c).localname for c in server] == CALL_IN_SERVER
    assert {etree.QName(c).namespace for c in server.iter() if c is not server} == {SERV}
    assert [etree.QName(c).localname for c in server.find(f"{{{SERV}}}globalNum")] == [
        "countryAlias", "phoneNumber", "tollFree", "default"]


def test_globex_policy(api):
    answer = get_site(api, site="globex", user="host@globex.com").ok()
    assert answer.text(SITE + "ns1:metaData/ns1:timeZone") == "GMT+00:00, GMT (London)"
    assert security_options(answer) == {
        "allMeetingsUnlisted": "true", "allMeetingsPassword": "true", "joinBeforeHost": "false",
        "audioBeforeHost": "true", "strictPasswords": "true"}
    assert [t.text for t in answer.all(SITE + "ns1:metaData/ns1:meetingTypes/ns1:meetingTypeName")] == ["FRE"]


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
