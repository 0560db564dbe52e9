"""GetUser's full tree (reference 36): every block of the answer, element by element and in order, is the later
real capture's; the Personal Room is shaped like the captures' and sits on the user's site."""

from __future__ import annotations

import re

import pytest
from apikit import RESPONSE_SCHEMA
from lxml import etree
from webex import message

#: Our table of the later real capture's tree (reference 36, S9): for each block, its children in order. "" is the
#: body itself; a block's path is its ancestors' names joined by "/". A repeated child (meetingType) is listed once.
LATER_CAPTURE: dict[str, list[str]] = {
    "": ["firstName", "lastName", "categoryId", "webExId", "address", "phones", "email", "password", "personalUrl",
         "expirationDate", "commOptions", "meetingTypes", "options", "timeZoneID", "timeZone", "timeZoneWithDST",
         "tracking", "service", "privilege", "language", "locale", "active", "defaultCallIn", "supportedServices",
         "myWebEx", "personalTeleconf", "videoSystems", "personalMeetingRoom", "sessionOptions", "supportCenter",
         "security", "languageID", "webACDPrefs", "registrationDate", "visitCount", "userId", "eventCenter",
         "passwordExpires", "passwordDaysLeft"],
    "address": ["addressType"],
    "phones": ["PIN"],
    "commOptions": ["prodAnnounce", "trainingInfo", "electronicInfo", "promos", "press", "email", "fax", "phone",
                    "mail"],
    "meetingTypes": ["meetingType"],
    "options": ["firstNameVisible", "lastNameVisible", "addressVisible", "workPhoneVisible", "cellPhoneVisible",
                "pagerVisible", "faxVisible", "officeUrlVisible", "pictureVisible", "notifyOnNewMessage",
                "notifyOnMeeting", "followMeEnable", "emailVisible", "listInCategory", "titleVisible", "folderRead",
                "folderWrite", "messageVisible", "iconSelect1", "iconSelect2", "acceptLinkRequest",
                "holdOnLinkRequest", "notifyOnLinkRequest", "supportVideo", "supportApp", "supportFileShare",
                "supportDesktopShare", "supportMeetingRecord", "supportAppshareRemote", "supportWebTourRemote",
                "supportDesktopShareRemote", "subscriptionOffice", "workPhoneCallback", "cellPhoneCallback",
                "faxCallback", "pagerCallback"],
    "tracking": [],
    "privilege": ["host", "teleConfCallOut", "teleConfCallOutInternational", "teleConfCallIn",
                  "teleConfTollFreeCallIn", "siteAdmin", "voiceOverIp", "roSiteAdmin", "labAdmin", "otherTelephony",
                  "teleConfCallInInternational", "attendeeOnly", "recordingEditor", "meetingAssist", "HQvideo",
                  "HDvideo", "isEnableCET", "isEnablePMR", "teleCLIAuthEnabled", "teleCLIPINEnabled"],
    "defaultCallIn": [],
    "supportedServices": ["meetingCenter", "trainingCenter", "supportCenter", "eventCenter", "salesCenter"],
    "myWebEx": ["isMyWebExPro", "myContact", "myProfile", "myMeetings", "myFolders", "trainingRecordings",
                "recordedEvents", "totalStorageSize", "myReports", "myComputer", "personalMeetingRoom",
                "myPartnerLinks", "myWorkspaces", "additionalRecordingStorage"],
    "personalTeleconf": ["joinBeforeHost"],
    "videoSystems": [],
    "personalMeetingRoom": ["title", "personalMeetingRoomURL", "sipURL", "accessCode", "hostPIN",
                            "applyPMRForInstantMeeting", "PMRAutoLock", "PMRAutoLockWaitTime", "PRNotifications"],
    "personalMeetingRoom/PRNotifications": ["mode"],
    "sessionOptions": ["defaultSessionType", "defaultServiceType", "autoDeleteAfterMeetingEnd",
                       "displayQuickStartHost", "displayQuickStartAttendees"],
    "supportCenter": ["serviceDesk"],
    "supportCenter/serviceDesk": ["enable"],
    "security": ["forceChangePassword", "resetPassword", "lockAccount"],
    "webACDPrefs": ["isAgent", "isMgr", "numAgentSessions", "agentMonitorAllRSQueues", "managerMonitorAllRSQueues",
                    "monitorAllRSAgents"],
    "eventCenter": ["optimizeAttendeeBandwidthUsage"],
}
#: Our table of the first real capture's tree (reference 14.1 and 36, S4) where it differs from the later one; the
#: blocks both share are the later table's.
FIRST_CAPTURE: dict[str, list[str]] = {
    **{path: children for path, children in LATER_CAPTURE.items()
       if path in ("commOptions", "meetingTypes", "tracking", "supportedServices", "myWebEx", "personalTeleconf",
                   "sessionOptions", "supportCenter", "supportCenter/serviceDesk", "security")},
    "": ["firstName", "lastName", "title", "categoryId", "description", "company", "webExId", "address", "phones",
         "email", "password", "expirationDate", "commOptions", "meetingTypes", "options", "timeZoneID", "timeZone",
         "timeZoneWithDST", "tracking", "service", "privilege", "language", "locale", "schedulingPermission",
         "active", "supportedServices", "myWebEx", "personalTeleconf", "sessionOptions", "supportCenter",
         "mpProfileNumber", "security", "languageID", "registrationDate", "visitCount", "userId", "passwordExpires",
         "passwordDaysLeft"],
    "address": ["addressType", "country"],
    "phones": ["phone", "mobilePhone", "fax", "pager"],
    "options": LATER_CAPTURE["options"][:32],
    "privilege": [*LATER_CAPTURE["privilege"][:14], "allowExtAttendees", "isEnableCET", "isEnablePMR"],
}
#: a plausible text for each leaf that is not a flag (every other leaf is written false)
TEXTS = {
    "firstName": "F", "lastName": "L", "title": "T", "categoryId": "36", "description": "D", "company": "C",
    "webExId": "w", "email": "w@example.com", "password": "******", "personalUrl": "pr1", "expirationDate": "none",
    "meetingType": "1", "timeZoneID": "25", "timeZone": "GMT+01:00, Europe (Berlin)", "timeZoneWithDST": "Berlin",
    "service": "FREE_OFFICE", "language": "GERMAN", "locale": "GERMANY", "schedulingPermission": "w2",
    "active": "ACTIVATED", "totalStorageSize": "0", "myComputer": "0", "additionalRecordingStorage": "0",
    "personalMeetingRoomURL": "https://s.webex.com/meet/pr1", "sipURL": "pr1@s.webex.com", "accessCode": "708031110",
    "hostPIN": "6514", "PMRAutoLockWaitTime": "0", "mode": "EMAIL", "defaultSessionType": "1",
    "defaultServiceType": "MeetingCenter", "mpProfileNumber": "9", "languageID": "9", "numAgentSessions": "0",
    "registrationDate": "01/01/1970 00:00:01", "visitCount": "0", "userId": "123456789", "passwordDaysLeft": "0",
    "addressType": "PERSONAL", "country": "49", "phone": "49", "mobilePhone": "49", "fax": "49", "pager": "49",
    "PIN": "",
}
COM_CHILDREN = {("address", "addressType"), ("address", "country"), ("phones", "phone"), ("phones", "mobilePhone"),
                ("phones", "fax")}
USE = "http://www.webex.com/schemas/2002/06/service/user"
COM = "http://www.webex.com/schemas/2002/06/common"


def get_user(api, who: str, **kw):
    return api.post(message("user.GetUser", f"<webExId>{who}</webExId>", **kw)).ok()


def blocks(element: etree._Element, path: str = "") -> dict[str, list[str]]:
    """Every complex block of the answer (and each self-closed one the table lists) -> its children's names."""
    names: list[str] = []
    found: dict[str, list[str]] = {}
    for child in element:
        name = etree.QName(child).localname
        if not names or names[-1] != name:
            names.append(name)
        inner = f"{path}/{name}".lstrip("/")
        if len(child) or inner in LATER_CAPTURE:
            found.update(blocks(child, inner))
    found[path] = names
    return found


def test_every_block_is_the_later_captures_in_order(api):
    for who, caller in (("hostid@acme.com", "hostid@acme.com"), ("admin@acme.com", "admin@acme.com"),
                        ("alice@acme.com", "admin@acme.com")):
        shape = blocks(get_user(api, who, user=caller).content)
        for path, children in LATER_CAPTURE.items():
            assert shape.get(path) == children, (who, path)
        assert shape.keys() == LATER_CAPTURE.keys(), who


def test_children_keep_their_namespaces(api):
    answer = get_user(api, "hostid@acme.com")
    (address,) = answer.all("serv:body/serv:bodyContent/use:address")
    (phones,) = answer.all("serv:body/serv:bodyContent/use:phones")
    assert [etree.QName(c).namespace for c in address] == [COM]
    assert [etree.QName(c).namespace for c in phones] == [USE]
    assert b"<use:phones><use:PIN></use:PIN></use:phones>" in answer.body  # as the capture writes it
    for empty in ("tracking", "defaultCallIn", "videoSystems"):
        assert f"<use:{empty}/>".encode() in answer.body, empty


def test_first_shape_only_elements_are_gone(api):
    """The later capture has no title, description, company, schedulingPermission, mpProfileNumber, country,
    phone numbers or allowExtAttendees: the mock stores none of them, and answers the later tree."""
    content = get_user(api, "hostid@acme.com").content
    top = {etree.QName(c).localname for c in content}
    assert top.isdisjoint({"title", "description", "company", "schedulingPermission", "mpProfileNumber"})
    inner = {etree.QName(e).localname for block in ("address", "phones", "privilege")
             for e in content.find(f"{{{USE}}}{block}")}
    assert inner.isdisjoint({"country", "phone", "mobilePhone", "fax", "pager", "allowExtAttendees"})


def values(answer, path: str) -> dict[str, str | None]:
    (element,) = answer.all("serv:body/serv:bodyContent/" + path)
    return {etree.QName(c).localname: c.text for c in element}


def test_new_blocks_answer_the_later_captures_values(api):
    answer = get_user(api, "hostid@acme.com")
    assert set(values(answer, "use:options").values()) == {"false"}
    privilege = values(answer, "use:privilege")
    assert {k: privilege[k] for k in ("HQvideo", "HDvideo", "isEnablePMR", "teleCLIAuthEnabled",
                                      "teleCLIPINEnabled")} == {
        "HQvideo": "true", "HDvideo": "true", "isEnablePMR": "true", "teleCLIAuthEnabled": "false",
        "teleCLIPINEnabled": "false"}
    my_webex = values(answer, "use:myWebEx")
    assert (my_webex["isMyWebExPro"], my_webex["personalMeetingRoom"], my_webex["totalStorageSize"],
            my_webex["recordedEvents"], my_webex["additionalRecordingStorage"]) == ("true", "true", "1000", "false",
                                                                                     "0")
    assert values(answer, "use:webACDPrefs") == {
        "isAgent": "false", "isMgr": "false", "numAgentSessions": "0", "agentMonitorAllRSQueues": "false",
        "managerMonitorAllRSQueues": "false", "monitorAllRSAgents": "false"}
    assert values(answer, "use:eventCenter") == {"optimizeAttendeeBandwidthUsage": "true"}


def test_personal_room_is_shaped_like_the_captures_on_the_users_site(api):
    answer = get_user(api, "hostid@acme.com")
    room = values(answer, "use:personalMeetingRoom")
    personal_url = answer.text("serv:body/serv:bodyContent/use:personalUrl")
    assert personal_url and re.fullmatch(r"pr\d{13}", personal_url)
    assert room["title"] == "Host Acme's Personal Room"
    assert room["personalMeetingRoomURL"] == f"https://acme.webex.com/meet/{personal_url}"
    assert room["sipURL"] == f"{personal_url}@acme.webex.com"
    assert re.fullmatch(r"[1-9]\d{8}", room["accessCode"] or "") and re.fullmatch(r"\d{4}", room["hostPIN"] or "")
    assert (room["applyPMRForInstantMeeting"], room["PMRAutoLock"], room["PMRAutoLockWaitTime"]) == (
        "true", "false", "0")
    assert answer.text("serv:body/serv:bodyContent/use:personalMeetingRoom/use:PRNotifications/use:mode") == "EMAIL"


def test_personal_room_is_stable_and_each_users_own(api):
    first = values(get_user(api, "hostid@acme.com"), "use:personalMeetingRoom")
    assert values(get_user(api, "hostid@acme.com"), "use:personalMeetingRoom") == first
    alice = values(get_user(api, "alice@acme.com", user="admin@acme.com"), "use:personalMeetingRoom")
    assert alice["title"] == "Alice Acme's Personal Room"
    assert alice["personalMeetingRoomURL"] != first["personalMeetingRoomURL"]
    assert alice["accessCode"] != first["accessCode"]
    globex = get_user(api, "host@globex.com", user="host@globex.com", site="globex")
    assert values(globex, "use:personalMeetingRoom")["personalMeetingRoomURL"].startswith(
        "https://globex.webex.com/meet/pr")


def test_personal_room_title_follows_the_stored_name(api):
    user = api.store.site_by_name("acme").users["hostid@acme.com"]
    user.firstName, user.lastName = "Renamed", ""
    assert values(get_user(api, "hostid@acme.com"), "use:personalMeetingRoom")["title"] == (
        "Renamed's Personal Room")
    user.firstName = ""
    assert values(get_user(api, "hostid@acme.com"), "use:personalMeetingRoom")["title"] == (
        "hostid@acme.com's Personal Room")


def document(table: dict[str, list[str]], path: str = "") -> str:
    """A GetUser body written from one of our tables, with plausible values."""
    parts = []
    for name in table[path]:
        tag = f"{'com' if (path, name) in COM_CHILDREN else 'use'}:{name}"
        inner = f"{path}/{name}".lstrip("/")
        flag = path in ("commOptions", "options", "privilege")  # commOptions' email, fax, phone are flags
        content = document(table, inner) if inner in table else "false" if flag else TEXTS.get(name, "false")
        parts.append(f"<{tag}>{content}</{tag}>")
    return "".join(parts)


def envelope(body: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/'
            'service" xmlns:com="http://www.webex.com/schemas/2002/06/common" xmlns:use="http://www.webex.com/'
            'schemas/2002/06/service/user"><serv:header><serv:response><serv:result>SUCCESS</serv:result>'
            '<serv:gsbStatus>PRIMARY</serv:gsbStatus></serv:response></serv:header><serv:body><serv:bodyContent '
            'xsi:type="use:getUserResponse" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"{body}</serv:bodyContent></serv:body></serv:message>").encode()


@pytest.mark.parametrize("table", [FIRST_CAPTURE, LATER_CAPTURE], ids=["first", "later"])
def test_the_response_xsd_takes_both_real_trees(table):
    """One order fits both captures (reference 36), so the XSD that checks the mock's answers is no narrower than
    either real answer; and it still refuses an element out of its place."""
    assert RESPONSE_SCHEMA.errors(envelope(document(table))) == []
    swapped = dict(table, privilege=[table["privilege"][1], table["privilege"][0], *table["privilege"][2:]])
    assert RESPONSE_SCHEMA.errors(envelope(document(swapped)))
