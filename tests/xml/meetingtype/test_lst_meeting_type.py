"""LstMeetingType and GetMeetingType (reference §28): the site's meeting types, the ones GetSite lists."""

from __future__ import annotations

import pytest
from lxml import etree
from webex import message

BODY = "serv:body/serv:bodyContent/"
#: reference §28: the real order of one meeting type's children
ITEM = ["productCodePrefix", "active", "name", "limits", "options", "phoneNumbers", "meetingTypeID",
        "serviceTypes"]
OPTIONS = [
    "supportAppShare", "supportAppShareRemote", "supportAttendeeRegistration", "supportRemoteWebTour",
    "supportWebTour", "supportFileShare", "supportChat", "supportCobrowseSite", "supportCorporateOfficesSite",
    "supportDesktopShare", "supportDesktopShareRemote", "supportFileTransfer", "supportInternationalCallOut",
    "supportJavaClient", "supportMacClient", "supportMeetingCenterSite", "supportMeetingRecord",
    "supportMultipleMeeting", "supportOnCallSite", "supportOnStageSite", "supportPartnerOfficesSite", "supportPoll",
    "supportPresentation", "supportSolarisClient", "supportSSL", "supportE2E", "supportPKI", "supportTeleconfCallIn",
    "supportTeleconfCallOut", "supportTollFreeCallIn", "supportVideo", "supportVoIP", "supportWebExComSite",
    "supportWindowsClient", "supportQuickStartAttendees", "supportQuickStartHost", "hideInScheduler"]


def lst(api, content: str = "", **kw):
    return api.post(message("meetingtype.LstMeetingType", content, **kw))


def names(element) -> list[str]:
    return [etree.QName(c).localname for c in element]


def test_the_sites_types_with_getsite_codes_matching_records_first(api):
    answer = lst(api).ok()
    assert b'xsi:type="mtgtype:lstMeetingTypeResponse"' in answer.body
    assert b'xmlns:serv="http://www.webex.com/schemas/2002/06/service" xmlns:com="' in answer.body
    assert names(answer.content) == ["matchingRecords"] + ["meetingType"] * 3
    site = api.post(message("site.GetSite")).ok()
    meta = "serv:body/serv:bodyContent/ns1:siteInstance/ns1:metaData/ns1:meetingTypes/"
    listed = [(t.findtext("{*}meetingTypeID"), t.findtext("{*}productCodePrefix"))
              for t in answer.all(BODY + "mtgtype:meetingType")]
    assert listed == list(zip([e.text for e in site.all(meta + "ns1:meetingTypeID")],
                              [e.text for e in site.all(meta + "ns1:meetingTypeName")], strict=True))
    assert listed == [("1", "STD"), ("3", "FRE"), ("214", "PRO")]
    records = [answer.text(BODY + f"mtgtype:matchingRecords/serv:{n}") for n in ("total", "returned", "startFrom")]
    assert records == ["3", "3", "1"]


def test_item_in_real_order_with_site_values(api):
    (first, *_) = lst(api).ok().all(BODY + "mtgtype:meetingType")
    assert names(first) == ITEM
    assert names(first.find("{*}options")) == OPTIONS
    assert len(first.find("{*}limits")) == 12
    assert first.findtext("{*}limits/{*}maxMeetingDuration") == "1440"  # the site's maxDuration
    assert first.findtext("{*}options/{*}supportChat") == "true"  # the session template's chat
    assert first.findtext("{*}options/{*}supportE2E") == "false"
    assert first.findtext("{*}phoneNumbers/{*}primaryTollCallInNumber") == "+1-415-655-0001"  # the site's (§37)
    assert first.findtext("{*}phoneNumbers/{*}primaryTollFreeCallInNumber") == "+1-855-555-0100"
    assert [s.text for s in first.findall("{*}serviceTypes/{*}serviceType")] == ["MeetingCenter"]


def test_filter_and_paging_in_any_order(api):
    """Cisco's sample sends listControl before meetingTypeID (reference §28)."""
    answer = lst(api, "<listControl><startFrom>1</startFrom><maximumNum>10</maximumNum>"
                      "<listMethod>OR</listMethod></listControl><meetingTypeID>214</meetingTypeID>"
                      "<meetingTypeID>3</meetingTypeID>").ok()
    assert [t.text for t in answer.all(BODY + "mtgtype:meetingType/mtgtype:meetingTypeID")] == ["3", "214"]
    page = lst(api, "<listControl><startFrom>3</startFrom><maximumNum>1</maximumNum></listControl>").ok()
    assert [page.text(BODY + f"mtgtype:matchingRecords/serv:{n}") for n in ("total", "returned", "startFrom")] == [
        "3", "1", "3"]


def test_self_closed_body_and_other_site(api):
    body = message("meetingtype.LstMeetingType", site="globex", user="host@globex.com").replace(
        '"></bodyContent>', '"/>')
    assert body.endswith('LstMeetingType"/></body></serv:message>')
    answer = api.post(body).ok()
    assert [t.text for t in answer.all(BODY + "mtgtype:meetingType/mtgtype:productCodePrefix")] == ["FRE"]


def test_site_settings_show(api):
    site = api.store.sites["acme"]
    site.meetingTypes[2].update(displayName="Pro 200", hideInScheduler=True)
    site.settings.maxDuration = 600
    (pro,) = lst(api, "<meetingTypeID>214</meetingTypeID>").ok().all(BODY + "mtgtype:meetingType")
    assert (pro.findtext("{*}name"), pro.findtext("{*}displayName")) == ("Pro 200", "Pro 200")
    assert pro.findtext("{*}options/{*}hideInScheduler") == "true"
    assert pro.findtext("{*}limits/{*}maxMeetingDuration") == "600"


@pytest.mark.parametrize("content", ["<meetingTypeID>99</meetingTypeID>",
                                     "<listControl><startFrom>4</startFrom></listControl>"])
def test_nothing_to_list_is_000015(api, content):
    answer = lst(api, content)
    assert (answer.exception_id, answer.reason) == ("000015", "Sorry, no record found")
    assert b"xmlns:mtgtype=" in answer.body


def test_list_control_once(api):
    answer = lst(api, "<listControl><startFrom>1</startFrom></listControl>" * 2)
    assert answer.exception_id == "999999" and "listControl" in answer.reason


def test_get_meeting_type_is_one_item_in_body_content(api):
    answer = api.post(message("meetingtype.GetMeetingType", "<meetingTypeID>214</meetingTypeID>")).ok()
    assert b'xsi:type="mtgtype:getMeetingTypeResponse"' in answer.body
    assert names(answer.content) == ITEM
    listed = lst(api, "<meetingTypeID>214</meetingTypeID>").ok().all(BODY + "mtgtype:meetingType")[0]
    assert [etree.tostring(c) for c in answer.content] == [etree.tostring(c) for c in listed]


def test_get_meeting_type_unknown_or_missing(api):
    unknown = api.post(message("meetingtype.GetMeetingType", "<meetingTypeID>2</meetingTypeID>"))
    assert unknown.exception_id == "000015"
    missing = api.post(message("meetingtype.GetMeetingType"))
    assert missing.exception_id == "999999" and "meetingTypeID" in missing.reason
