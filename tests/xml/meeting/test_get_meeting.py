"""GetMeeting: the full getMeetingResponse in the real order (reference 5), access, errors, rules."""

from __future__ import annotations

import re

import pytest
from lxml import etree
from meetingkit import ADMIN, ALICE, BODY, content, create, fails, get, local_names, read, value, values
from webex import create_meeting, message, sample

NS_MEET = "{http://www.webex.com/schemas/2002/06/service/meeting}"
COM = "http://www.webex.com/schemas/2002/06/common"
BODY_ATTENDEES = BODY + "meet:participants/meet:attendees/meet:attendee"

#: reference 5: the real element order (G3 additions after hostType)
INSTANCE = ["accessControl", "metaData", "participants", "enableOptions", "schedule", "telephony", "tracking",
            "repeat", "remind", "attendeeOptions", "meetingkey", "status", "hostJoined", "participantsJoined",
            "telePresence", "hostKey", "eventID", "guestToken", "hostType", "meetingUUID", "meetingLink",
            "sipURL"]

#: reference 3.5: the 56 G1+G2 flags in order, then autoRecord
FLAGS = ["chat", "poll", "audioVideo", "attendeeList", "fileShare", "presentation", "applicationShare", "desktopShare",
         "webTour", "meetingRecord", "annotation", "importDocument", "saveDocument", "printDocument", "pointer",
         "switchPage", "fullScreen", "thumbnail", "zoom", "copyPage", "rcAppShare", "rcDesktopShare", "rcWebTour",
         "javaClient", "nativeClient", "attendeeRecordMeeting", "voip", "faxIntoMeeting", "enableReg", "supportQandA",
         "supportFeedback", "supportBreakoutSessions", "supportPanelists", "supportRemoteComputer",
         "supportShareWebContent", "supportUCFWebPages", "supportUCFRichMedia", "autoDeleteAfterMeetingEnd",
         "viewAnyDoc", "viewAnyPage", "allowContactPrivate", "chatHost", "chatPresenter", "chatAllAttendees",
         "multiVideo", "notes", "closedCaptions", "singleNote", "sendFeedback", "displayQuickStartHost",
         "displayQuickStartAttendees", "supportE2E", "supportPKI", "HQvideo", "HDvideo", "viewVideoThumbs",
         "autoRecord"]

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
    assert value(answer, "meet:meetingLink") == value(created, "meet:iCalendarURL/serv:attendee")
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
    for shape in ("<meet:remind/>", "<meet:invitation></meet:invitation>", "<meet:agenda></meet:agenda>"):
        assert shape in raw


#: reference 14.3: the children of a real attendee, and of its person
ATTENDEE_CHILDREN = ["person", "contactID", "joinStatus", "meetingKey", "language", "role", "languageID"]
PERSON_CHILDREN = ["name", "firstName", "address", "phones", "email", "type"]
THREE = ("<participants><attendees>"
         + "".join(f"<attendee><person><name>{name}</name><email>{mail}</email></person></attendee>"
                   for name, mail in (("James Kirk", "jk@example.com"), ("Spock", "sp@example.com"),
                                      ("Nyota Uhura", "nu@example.com")))
         + "</attendees></participants>")


def test_attendees_carry_the_person_elements_of_real_answers(api):
    key = create(api, content(extra=THREE))
    answer = read(api, key)
    attendees = answer.all(BODY_ATTENDEES)
    assert len(attendees) == 3
    for attendee in attendees:
        assert local_names(attendee) == ATTENDEE_CHILDREN
        assert local_names(attendee[0]) == PERSON_CHILDREN
        assert [etree.QName(c).namespace for c in attendee[0]] == [COM] * 6
    raw = answer.body.decode()
    assert raw.count("<com:phones/>") == 3
    assert raw.count("<com:address><com:addressType>PERSONAL</com:addressType></com:address>") == 3
    first = "meet:participants/meet:attendees/meet:attendee/"
    assert (value(answer, first + "att:person/com:name"), value(answer, first + "att:person/com:firstName")) == (
        "James Kirk", "James")
    assert [a.findtext("{*}meetingKey") for a in attendees] == [str(key)] * 3
    assert [a.findtext("{*}role") for a in attendees] == ["ATTENDEE"] * 3


def test_contact_ids_have_nine_digits_and_differ(api):
    contact_ids = [a.findtext("{*}contactID") for a in read(api, create(api, content(extra=THREE))).all(
        BODY_ATTENDEES)]
    assert all(re.fullmatch(r"[1-9]\d{8}", c) for c in contact_ids), contact_ids
    assert len(set(contact_ids)) == 3


def test_sent_person_details_win(api):
    extra = ("<participants><attendees><attendee><person><firstName>Leonard</firstName><lastName>McCoy</lastName>"
             "<address><addressType>GLOBAL</addressType></address><phones><phone>555-0101</phone></phones>"
             "<email>bones@example.com</email></person></attendee></attendees></participants>")
    answer = read(api, create(api, content(extra=extra)))
    person = "meet:participants/meet:attendees/meet:attendee/att:person/"
    assert values_of(answer, person) == {"name": "Leonard McCoy", "firstName": "Leonard", "lastName": "McCoy",
                                         "addressType": "GLOBAL", "phone": "555-0101",
                                         "email": "bones@example.com", "type": "VISITOR"}


def test_telephony_none_answers_telephony_support_alone(api):
    answer = read(api, create(api))
    assert local_names(answer.content.find(f"{NS_MEET}telephony")) == ["telephonySupport"]
    assert "<meet:telephony><meet:telephonySupport>NONE</meet:telephonySupport></meet:telephony>" in (
        answer.body.decode())


def test_telephony_callin_answers_the_stored_block(api):
    """The seed site has call-in numbers: callInNum holds them (reference §37; test_call_in_numbers.py)."""
    key = create(api, content(extra="<telephony><telephonySupport>CALLIN</telephonySupport></telephony>"))
    answer = read(api, key)
    assert local_names(answer.content.find(f"{NS_MEET}telephony")) == [
        "telephonySupport", "numPhoneLines", "enableTSP", "intlLocalCallIn", "callInNum", "isMPAudio"]
    assert local_names(answer.content.find(f"{NS_MEET}telephony/{NS_MEET}callInNum")) == ["tollNum", "tollFreeNum"]


def values_of(answer, path: str) -> dict[str, str]:
    """Every leaf under ``path`` (below bodyContent), by local name."""
    (element,) = answer.all(BODY + path.rstrip("/"))
    return {etree.QName(e).localname: e.text for e in element.iter() if len(e) == 0}


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

