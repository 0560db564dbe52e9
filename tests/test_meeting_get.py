"""GetMeeting: the full getMeetingResponse in the real order (reference 5), access, errors, rules."""

from __future__ import annotations

import re

import pytest
from meetingkit import ADMIN, ALICE, content, create, fails, get, local_names, read, value, values
from webex import create_meeting, message, sample

NS_MEET = "{http://www.webex.com/schemas/2002/06/service/meeting}"

#: reference 5: the real element order (G3 additions after hostType)
INSTANCE = ["accessControl", "metaData", "participants", "enableOptions", "schedule", "telephony", "tracking",
            "repeat", "remind", "attendeeOptions", "meetingkey", "status", "hostJoined", "participantsJoined",
            "telePresence", "hostKey", "eventID", "guestToken", "hostType", "meetingUUID", "meetingLink",
            "sipURL"]

#: reference 3.5: the 56 G1+G2 flags in order, then autoRecord
FLAGS = ("chat poll audioVideo attendeeList fileShare presentation applicationShare desktopShare webTour "
         "meetingRecord annotation importDocument saveDocument printDocument pointer switchPage fullScreen "
         "thumbnail zoom copyPage rcAppShare rcDesktopShare rcWebTour javaClient nativeClient "
         "attendeeRecordMeeting voip faxIntoMeeting enableReg supportQandA supportFeedback "
         "supportBreakoutSessions supportPanelists supportRemoteComputer supportShareWebContent "
         "supportUCFWebPages supportUCFRichMedia autoDeleteAfterMeetingEnd viewAnyDoc viewAnyPage "
         "allowContactPrivate chatHost chatPresenter chatAllAttendees multiVideo notes closedCaptions singleNote "
         "sendFeedback displayQuickStartHost displayQuickStartAttendees supportE2E supportPKI HQvideo HDvideo "
         "viewVideoThumbs autoRecord").split()

ATTENDEE = ("<participants><attendees><attendee><person><name>James Kirk</name><email>jk@example.com</email>"
            "</person></attendee></attendees></participants>")
GLOBEX = {"site": "globex", "user": "host@globex.com"}


def options(answer) -> dict[str, str | None]:
    return values(answer, "enableOptions", "autoRecord", "supportE2E", "supportRemoteComputer")


def test_full_instance_in_real_order(api):
    created = api.post(create_meeting(content(extra=ATTENDEE))).ok()
    key = int(value(created, "meet:meetingkey"))
    answer = read(api, key)
    assert answer.content.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "meet:getMeetingResponse"
    assert local_names(answer.content) == INSTANCE
    assert local_names(answer.content.find(f"{NS_MEET}enableOptions")) == FLAGS
    assert value(answer, "meet:meetingkey") == str(key)
    assert value(answer, "meet:status") == "NOT_INPROGRESS"
    assert value(answer, "meet:hostJoined") == "false" and value(answer, "meet:telePresence") == "false"
    assert re.fullmatch(r"\d{6}", value(answer, "meet:hostKey"))
    assert value(answer, "meet:guestToken") == value(created, "meet:guestToken")
    assert value(answer, "meet:meetingUUID") == value(created, "meet:meetingUUID")
    assert value(answer, "meet:meetingLink") == value(created, "meet:iCalendarURL/serv:host")
    assert value(answer, "meet:sipURL") == f"{key}@acme.webex.com"
    assert value(answer, "meet:hostType") == "1019001"


def test_blocks_and_prefixes(api):
    key = create(api, content(extra=ATTENDEE + "<tracking><trackingCode2>CC-7</trackingCode2></tracking>"))
    answer = read(api, key)
    assert values(answer, "schedule", "startDate", "timeZone", "hostWebExID", "duration") == {
        "startDate": "12/01/2026 10:00:00", "timeZone": "GMT-08:00, Pacific (San Jose)",
        "hostWebExID": "hostid@acme.com", "duration": "60"}
    attendee = "meet:participants/meet:attendees/meet:attendee/"
    assert value(answer, attendee + "att:person/com:email") == "jk@example.com"
    assert value(answer, attendee + "att:person/com:type") == "VISITOR"
    assert value(answer, attendee + "att:meetingKey") == str(key)
    assert value(answer, attendee + "att:joinStatus") == "INVITE"
    assert value(answer, "meet:tracking/com:trackingCode2") == "CC-7"
    assert value(answer, "meet:repeat/meet:repeatType") == "NO_REPEAT"
    raw = answer.body.decode()
    for shape in ("<meet:remind/>", "<meet:callInNum/>", "<meet:invitation></meet:invitation>",
                  "<meet:agenda></meet:agenda>"):
        assert shape in raw


def test_empty_attendees_self_closed_and_no_enforce_password(api):
    key = create(api, content(extra="<accessControl><meetingPassword>pa55</meetingPassword>"
                                    "<enforcePassword>true</enforcePassword></accessControl>"))
    answer = read(api, key)
    assert "<meet:attendees/>" in answer.body.decode()
    assert local_names(answer.content.find(f"{NS_MEET}accessControl")) == [
        "listToPublic", "isPublic", "meetingPassword"]
    assert value(answer, "meet:accessControl/meet:meetingPassword") == "pa55"


def test_other_hosts_meeting_is_denied_but_admin_may(api):
    key = create(api)
    fails(api.post(get(key, user=ALICE)), "000001")
    assert value(read(api, key, user=ADMIN), "meet:meetingkey") == str(key)


def test_unknown_key_and_other_site(api):
    answer = api.post(get(123456789))
    fails(answer, "060001")
    assert answer.reason == "Corresponding Meeting not found"
    key = create(api)
    fails(api.post(get(key, **GLOBEX)), "060001")


@pytest.mark.parametrize("body", ["", "<meetingkey>123456789</meetingkey>"])
def test_missing_meeting_key_is_invalid(api, body):
    answer = api.post(message("meeting.GetMeeting", body))
    fails(answer, "999999")
    assert "meetingKey" in answer.reason


# -- the rules, seen through GetMeeting (reference 12) -------------------------------

def test_e2ee_disables_recording_jbh_and_remote_computer_even_with_site_nbr(api):
    api.store.sites["acme"].settings.nbrAutoRecord = True
    key = int(value(api.post(sample("seed-createmeeting-request.xml")).ok(), "meet:meetingkey"))
    answer = read(api, key)
    assert options(answer) == {"autoRecord": "false", "supportE2E": "true", "supportRemoteComputer": "false"}
    assert values(answer, "schedule", "openTime", "joinTeleconfBeforeHost") == {
        "openTime": "0", "joinTeleconfBeforeHost": "false"}


def test_site_nbr_records_a_meeting_that_asked_not_to(api):
    body = content(extra="<accessControl><meetingPassword>pw1</meetingPassword></accessControl>"
                         "<enableOptions><autoRecord>FALSE</autoRecord></enableOptions>")
    answer = read(api, create(api, body, **GLOBEX), **GLOBEX)
    assert value(answer, "meet:enableOptions/meet:autoRecord") == "true"


def test_e2ee_on_an_nbr_site_is_not_recorded(api):
    body = content(extra="<accessControl><meetingPassword>pw1</meetingPassword></accessControl>"
                         "<enableOptions><supportE2E>TRUE</supportE2E><autoRecord>TRUE</autoRecord></enableOptions>")
    answer = read(api, create(api, body, **GLOBEX), **GLOBEX)
    assert value(answer, "meet:enableOptions/meet:autoRecord") == "false"
    assert value(answer, "meet:metaData/meet:meetingType") == "3"  # globex's default type


@pytest.mark.parametrize("asked", ["TRUE", "FALSE"])
def test_without_site_nbr_autorecord_is_kept(api, asked):
    key = create(api, content(extra=f"<enableOptions><autoRecord>{asked}</autoRecord></enableOptions>"))
    assert value(read(api, key), "meet:enableOptions/meet:autoRecord") == asked.lower()

