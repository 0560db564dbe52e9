"""One meeting, two faces, over real HTTP and in process (issue 22, item 7), and the mapping table of docs/rest.md
kept by a test: every row has a case here that writes the value over one face and reads it over the other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from adminkit import Admin
from attendeekit import invite, listed_emails, lst_attendees
from meetingkit import content, read, value
from meetingkit import create as create_xml
from restkit import create, failure
from webex import message

DOCS = Path(__file__).parents[2] / "docs" / "rest.md"


def test_made_over_xml_changed_and_deleted_over_rest(api):
    key = create_xml(api, content("XML made", "01/15/2030 10:00:00", schedule="<timeZoneID>4</timeZoneID>"))
    (shown,) = api.rest("GET", f"/meetings?meetingNumber={key}").json()["items"]
    patched = api.rest("PATCH", f"/meetings/{shown['id']}", json={"title": "REST changed", "agenda": "New"})
    assert patched.status_code == 200, patched.text
    answer = read(api, key)
    assert (value(answer, "meet:metaData/meet:confName"), value(answer, "meet:metaData/meet:agenda")) == (
        "REST changed", "New")
    assert api.rest("DELETE", f"/meetings/{shown['id']}").status_code == 204
    gone = api.post(message("meeting.GetMeeting", f"<meetingKey>{key}</meetingKey>"))
    assert gone.exception_id == "060001"


def test_made_over_rest_changed_listed_and_deleted_over_xml(api):
    made = create(api, title="REST made")
    key = int(made["meetingNumber"])
    api.post(message("meeting.SetMeeting", f"<meetingkey>{key}</meetingkey><metaData><confName>XML changed"
                     "</confName></metaData><schedule><duration>50</duration></schedule>")).ok()
    again = api.rest("GET", f"/meetings/{made['id']}").json()
    assert again["title"] == "XML changed" and again["end"] != made["end"]
    api.post(invite(key, "dora@example.com", "Dora")).ok()
    api.rest("POST", "/meetingInvitees", json={"meetingId": made["id"], "email": "eve@example.com"})
    assert listed_emails(api.post(lst_attendees(key)).ok()) == ["dora@example.com", "eve@example.com"]
    api.post(message("meeting.DelMeeting", f"<meetingKey>{key}</meetingKey>")).ok()
    failure(api.rest("GET", f"/meetings/{made['id']}"), 404)


#: each row of the mapping table (its XML column): XML blocks to create with, and what REST shows of them
XML_TO_REST = {
    "meetingKey": ("", lambda shown, key: shown["meetingNumber"] == str(key)),
    "metaData/confName": ("", lambda shown, _: shown["title"] == "Mapped"),
    "metaData/agenda": ("<metaData><agenda>Agenda</agenda></metaData>", lambda s, _: s["agenda"] == "Agenda"),
    "accessControl/meetingPassword": ("<accessControl><meetingPassword>Pw1234</meetingPassword></accessControl>",
                                      lambda s, _: s["password"] == "Pw1234"),
    "schedule/startDate": ("", lambda s, _: s["start"] == "2030-01-15T10:00:00-08:00"),
    "schedule/duration": ("<schedule><duration>40</duration></schedule>",
                          lambda s, _: s["end"] == "2030-01-15T10:40:00-08:00"),
    "enableOptions/autoRecord": ("<enableOptions><autoRecord>true</autoRecord></enableOptions>",
                                 lambda s, _: s["enabledAutoRecordMeeting"] is True),
    "schedule/openTime": ("<schedule><openTime>600</openTime></schedule>",
                          lambda s, _: (s["enabledJoinBeforeHost"], s["joinBeforeHostMinutes"]) == (True, 10)),
    "schedule/joinTeleconfBeforeHost": ("<schedule><joinTeleconfBeforeHost>true</joinTeleconfBeforeHost></schedule>",
                                        lambda s, _: s["enableConnectAudioBeforeHost"] is True),
    "schedule/hostWebExID": ("", lambda s, _: s["hostEmail"] == "hostid@acme.com"),
    "iCalendarURL/attendee": ("", lambda s, _: "/acme/j.php?MTID=m" in s["webLink"]),
    "sipURL": ("", lambda s, key: s["sipAddress"] == f"{key}@acme.webex.com"),
    "hostKey": ("", lambda s, _: len(s["hostKey"]) == 6 and s["hostKey"].isdigit()),
    "siteName": ("", lambda s, _: s["siteUrl"] == "acme.webex.com"),
    "metaData/meetingType": ("<metaData><meetingType>3</meetingType></metaData>", lambda s, _: s["sessionTypeId"] == 3),
    "repeat": ("<repeat><repeatType>WEEKLY</repeatType><afterMeetingNumber>4</afterMeetingNumber></repeat>",
               lambda s, _: (s["meetingType"], s["recurrence"]) == ("meetingSeries", "FREQ=WEEKLY;INTERVAL=1;COUNT=4")),
    "participants/attendees/attendee": ("", None),  # tests/rest/test_invitees_rest.py, both ways
    "enableOptions/supportE2E": ("<enableOptions><supportE2E>true</supportE2E><autoRecord>true</autoRecord>"
                                 "</enableOptions>", lambda s, _: s["enabledAutoRecordMeeting"] is False),
    "telephony/telephonySupport": ("<telephony><telephonySupport>OTHER</telephonySupport></telephony>",
                                   lambda s, _: s["audioConnectionOptions"]["audioConnectionType"] == "other"),
    "telephony/tollFree": ("<telephony><telephonySupport>CALLIN</telephonySupport><tollFree>true</tollFree>"
                           "</telephony>",
                           lambda s, _: s["audioConnectionOptions"]["enabledTollFreeCallIn"] is True),
    "telephony/intlLocalCallIn": ("<telephony><telephonySupport>CALLIN</telephonySupport><intlLocalCallIn>true"
                                  "</intlLocalCallIn></telephony>",
                                  lambda s, _: s["audioConnectionOptions"]["enabledGlobalCallIn"] is True),
    "attendeeOptions/excludePassword": ("<attendeeOptions><excludePassword>true</excludePassword></attendeeOptions>",
                                        lambda s, _: s["excludePassword"] is True),
    "schedule/entryExitTone": ("<schedule><entryExitTone>1</entryExitTone></schedule>",
                               lambda s, _: s["audioConnectionOptions"]["entryAndExitTone"] == "announceName"),
    "telephony/callInNum": ("<telephony><telephonySupport>CALLIN</telephonySupport></telephony>",
                            lambda s, _: [(n["callInNumber"], n["tollType"]) for n in s["telephony"]["callInNumbers"]]
                            == [("+1-415-655-0001", "toll"), ("+1-855-555-0100", "tollFree")]),
}


def _table_rows() -> list[str]:
    section = DOCS.read_text().split("## One meeting, two faces", 1)[1]
    return [re.sub(r"\s*\(.*", "", m).split(" + ")[0] for m in re.findall(r"^\| `([^`]+)`", section, re.M)]


def test_every_row_of_the_mapping_table_has_its_case():
    rows = _table_rows()
    assert sorted(rows) == sorted(XML_TO_REST) and len(rows) == len(set(rows))


def _merged(blocks: str) -> str:
    """The case's blocks merged into a CreateMeeting body with the start 01/15/2030 10:00:00 in zone 4."""
    meta = re.search(r"<metaData>(.*?)</metaData>", blocks)
    schedule = re.search(r"<schedule>(.*?)</schedule>", blocks)
    rest = re.sub(r"<(metaData|schedule)>.*?</\1>", "", blocks)
    return content("Mapped", "01/15/2030 10:00:00", extra=rest, meta=meta.group(1) if meta else "",
                   schedule="<timeZoneID>4</timeZoneID>" + (schedule.group(1) if schedule else ""))


@pytest.mark.parametrize("row", [row for row, (_, check) in XML_TO_REST.items() if check is not None])
def test_a_value_written_over_xml_reads_over_rest(api, row):
    blocks, check = XML_TO_REST[row]
    key = create_xml(api, _merged(blocks))
    (shown,) = api.rest("GET", f"/meetings?meetingNumber={key}").json()["items"]
    assert check(shown, key), shown


def test_values_written_over_rest_read_over_xml(api):
    made = create(api, title="Both ways", agenda="A", password="Pw9876", enabledAutoRecordMeeting=True,
                  enabledJoinBeforeHost=True, joinBeforeHostMinutes=5, enableConnectAudioBeforeHost=True,
                  sessionTypeId=214)
    answer = read(api, int(made["meetingNumber"]))
    assert {path: value(answer, path) for path in (
        "meet:metaData/meet:confName", "meet:metaData/meet:agenda", "meet:accessControl/meet:meetingPassword",
        "meet:enableOptions/meet:autoRecord", "meet:schedule/meet:openTime",
        "meet:schedule/meet:joinTeleconfBeforeHost", "meet:metaData/meet:meetingType",
        "meet:schedule/meet:hostWebExID")} == {
        "meet:metaData/meet:confName": "Both ways", "meet:metaData/meet:agenda": "A",
        "meet:accessControl/meet:meetingPassword": "Pw9876", "meet:enableOptions/meet:autoRecord": "true",
        "meet:schedule/meet:openTime": "300", "meet:schedule/meet:joinTeleconfBeforeHost": "true",
        "meet:metaData/meet:meetingType": "214", "meet:schedule/meet:hostWebExID": "hostid@acme.com"}


def test_the_sites_rules_hold_whichever_face_writes(api):
    """globex records every meeting (NBR) and requires a meeting password: a REST create without either gets
    both, and XML shows the same."""
    made = create(api, token="globex-host-access-token", title="On globex")
    assert made["enabledAutoRecordMeeting"] is True and len(made["password"]) == 8
    answer = read(api, int(made["meetingNumber"]), site="globex", user="host@globex.com")
    assert value(answer, "meet:enableOptions/meet:autoRecord") == "true"
    assert value(answer, "meet:accessControl/meet:meetingPassword") == made["password"]
    (entry,) = api.app.state.tenancy.get().journal.entries(operation="POST /meetings")
    assert "nbr-auto-record" in {rule.rule for rule in entry.rules}
    # the generated password, and the Webex audio a REST meeting has (since issue 24: it shows the call-in numbers)
    assert [(note.code, note.element) for note in entry.notes] == [
        ("assumed-default", "password"), ("assumed-rule", "audioConnectionOptions")]


def test_a_site_template_changed_shows_on_meetings_made_over_either_face(api):
    """The site template's flags are planned once per template (issue 25, item 3): changed, they are planned again,
    and a meeting made over REST or over XML stores the new ones, read the same over XML."""
    admin = Admin(api)
    template = admin.get("/_mock/sites/acme")["settings"]["defaultEnableOptions"]
    for chat in (True, False, True):
        admin.patch("/_mock/sites/acme/settings", json={"defaultEnableOptions": {**template, "chat": chat}})
        over_rest = int(create(api, title=f"REST chat {chat}")["meetingNumber"])
        over_xml = create_xml(api, content(f"XML chat {chat}", "01/15/2030 10:00:00"))
        for key in (over_rest, over_xml):
            assert value(read(api, key), "meet:enableOptions/meet:chat") == str(chat).lower()
