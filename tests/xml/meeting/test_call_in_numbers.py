"""Call-in numbers (webex-reference.md §37): a CALLIN or CALLBACK meeting on the site's own audio answers GetMeeting
with the site's numbers in ``telephony/callInNum`` (``serv:tollNum``, ``serv:tollFreeNum``), the numbers GetSite
advertises; TSP and MeetingPlace audio, telephony NONE and a site without numbers show none."""

from __future__ import annotations

import pytest
from lxml import etree
from meetingkit import BODY, content, create, read
from webex import message

from mockserver.domain.sites import CallIn

NS_MEET = "{http://www.webex.com/schemas/2002/06/service/meeting}"
SERV = "{http://www.webex.com/schemas/2002/06/service}"
ACME = ("+1-415-655-0001", "+1-855-555-0100")
GLOBEX = ("+44-20-7946-0100", "+44-808-157-0100")


def telephony(support: str, more: str = "") -> str:
    return content(extra=f"<telephony><telephonySupport>{support}</telephonySupport>{more}</telephony>")


def call_in(answer) -> etree._Element:
    (numbers,) = answer.all(BODY + "meet:telephony/meet:callInNum")
    return numbers


def numbers_of(answer) -> list[tuple[str, str]]:
    """(qualified name, number) of each callInNum child, in order."""
    return [(etree.QName(child).text, child.text) for child in call_in(answer)]


def call_in_notes(api) -> list[str]:
    """The elements of the last call's assumed-answer notes (the journal)."""
    entry = api.app.state.tenancy.get().journal.entries()[-1]
    return [note.element for note in entry.notes if note.code == "assumed-answer"]


def site_server(api, **kw) -> tuple[str, str]:
    answer = api.post(message("site.GetSite", **kw)).ok()
    (server,) = answer.all(BODY + "ns1:siteInstance/ns1:telephonyConfig/ns1:personalTeleconf/ns1:primaryLargeServer")
    return server.findtext(f"{SERV}tollNum"), server.findtext(f"{SERV}tollFreeNum")


@pytest.mark.parametrize("support", ["CALLIN", "CALLBACK"])
def test_a_call_in_meeting_shows_the_site_numbers(api, support):
    answer = read(api, create(api, telephony(support)))
    assert numbers_of(answer) == [(f"{SERV}tollNum", ACME[0]), (f"{SERV}tollFreeNum", ACME[1])]
    assert site_server(api) == ACME  # the numbers GetSite advertises
    assert [etree.QName(c).localname for c in answer.content.find(f"{NS_MEET}telephony")] == [
        "telephonySupport", "numPhoneLines", "enableTSP", "intlLocalCallIn", "callInNum", "isMPAudio"]
    read(api, int(answer.text(BODY + "meet:meetingkey")))
    assert "telephony/callInNum" in call_in_notes(api)


def test_each_site_shows_its_own_numbers(api):
    user = {"site": "globex", "user": "host@globex.com"}
    password = "<accessControl><meetingPassword>Pa55word!x</meetingPassword></accessControl>"
    key = create(api, password + telephony("CALLIN"), **user)
    answer = read(api, key, **user)
    assert [number for _, number in numbers_of(answer)] == list(GLOBEX)
    assert site_server(api, **user) == GLOBEX


@pytest.mark.parametrize("more", ["<enableTSP>true</enableTSP>", "<isMPAudio>true</isMPAudio>"])
def test_tsp_and_meetingplace_audio_show_no_site_numbers(api, more):
    """The 2016 capture: a CALLIN meeting on MeetingPlace audio (isMPAudio true) has an empty callInNum."""
    answer = read(api, create(api, telephony("CALLIN", more)))
    assert len(call_in(answer)) == 0
    assert "<meet:callInNum/>" in answer.body.decode()


def test_other_and_none_show_no_numbers(api):
    other = read(api, create(api, telephony("OTHER", "<extTelephonyDescription>Dial 123</extTelephonyDescription>")))
    assert len(call_in(other)) == 0
    plain = read(api, create(api))
    assert [etree.QName(c).localname for c in plain.content.find(f"{NS_MEET}telephony")] == ["telephonySupport"]


def test_a_site_without_numbers_keeps_the_empty_call_in_num(api):
    key = create(api, telephony("CALLIN"))
    api.store.site_by_name("acme").callIn = CallIn()
    answer = read(api, key)
    assert "<meet:callInNum/>" in answer.body.decode()
    assert "telephony/callInNum" not in call_in_notes(api)
    assert site_server(api) == ("", "")


def test_numbers_follow_the_site_and_sent_numbers_are_kept(api):
    key = create(api, telephony("CALLIN", "<callInNum><tollNum>+1-650-555-0142</tollNum></callInNum>"))
    answer = read(api, key)
    assert [number for _, number in numbers_of(answer)] == ["+1-650-555-0142", ACME[1]]
    api.store.site_by_name("acme").callIn.tollFreeNum = "+1-888-555-0199"
    assert [number for _, number in numbers_of(read(api, key))] == ["+1-650-555-0142", "+1-888-555-0199"]


def test_get_session_info_shows_the_numbers_to_whom_it_shows_telephony(api):
    """GetSessionInfo's telephony (the 2011 ep XSD's elements): callInNum with serv: children, the meeting key as
    participantAccessCode, the site's labels; still only to the host, an invitee or the meeting's password."""
    key = create(api, "<accessControl><meetingPassword>s3cret</meetingPassword></accessControl>" + telephony("CALLIN"))
    body = f"<sessionKey>{key}</sessionKey>"
    answer = api.post(message("ep.GetSessionInfo", body)).ok()
    (shown,) = answer.all(BODY + "ep:telephony")
    assert [etree.QName(c).localname for c in shown] == [
        "telephonySupport", "callInNum", "participantAccessCode", "labels"]
    (numbers,) = answer.all(BODY + "ep:telephony/ep:callInNum")
    assert [(etree.QName(c).text, c.text) for c in numbers] == [(f"{SERV}tollNum", ACME[0]),
                                                                  (f"{SERV}tollFreeNum", ACME[1])]
    assert answer.text(BODY + "ep:telephony/ep:participantAccessCode") == str(key)
    assert [c.text for c in answer.all(BODY + "ep:telephony/ep:labels/*")] == [
        "Call-in toll-free number (US/Canada)", "Call-in toll number (US/Canada)"]
    assert "telephony/callInNum" in call_in_notes(api)
    anonymous = api.post(message("ep.GetSessionInfo", body, user="", password=None)).ok()
    assert anonymous.all(BODY + "ep:telephony") == []
    plain = api.post(message("ep.GetSessionInfo", f"<sessionKey>{create(api)}</sessionKey>")).ok()
    assert [etree.QName(c).localname for c in plain.all(BODY + "ep:telephony")[0]] == ["telephonySupport"]
