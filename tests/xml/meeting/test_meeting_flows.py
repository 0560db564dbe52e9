"""End-to-end meeting lifecycles, XML in and XML out only (no peeking at the store).

The ``api`` fixture drives each flow in-process and over real HTTP."""

from __future__ import annotations

from meetingkit import content, delete, fails, get, hosturl, joinurl, listed_keys, lst, read, set_, value
from webex import create_meeting, message


def test_cisco_sample_flow_with_a_session_ticket(api):
    """Authenticate -> get user -> create -> list -> get -> delete, as Cisco's sample drives it."""
    answer = api.post(message("user.AuthenticateUser")).ok()
    auth = {"password": None, "ticket": answer.text("serv:body/serv:bodyContent/use:sessionTicket")}
    user = api.post(message("user.GetUser", "<webExId>hostid@acme.com</webExId>", **auth)).ok()
    meeting_type = user.text("serv:body/serv:bodyContent/use:meetingTypes/use:meetingType")
    created = api.post(create_meeting(content("Sample", meta=f"<meetingType>{meeting_type}</meetingType>"),
                                      **auth)).ok()
    key = int(value(created, "meet:meetingkey"))
    assert listed_keys(api.post(lst(**auth)).ok()) == [key]
    assert value(read(api, key, **auth), "meet:metaData/meet:meetingType") == meeting_type
    api.post(delete(key, **auth)).ok()
    fails(api.post(get(key, **auth)), "060001")


def test_create_list_get_delete(api):
    created = api.post(create_meeting(content("Lifecycle", "03/04/2027 15:30:00"))).ok()
    key = int(value(created, "meet:meetingkey"))
    listed = api.post(lst("<listControl><startFrom>1</startFrom><maximumNum>10</maximumNum></listControl>"
                          "<order><orderBy>STARTTIME</orderBy><orderAD>ASC</orderAD></order>")).ok()
    assert listed_keys(listed) == [key]
    assert value(listed, "meet:meeting/meet:confName") == "Lifecycle"
    got = read(api, key)
    assert value(got, "meet:schedule/meet:startDate") == "03/04/2027 15:30:00"
    assert value(got, "meet:meetingUUID") == value(listed, "meet:meeting/meet:meetingUUID")
    api.post(delete(key)).ok()
    fails(api.post(get(key)), "060001")
    fails(api.post(lst()), "000015")


def test_create_set_e2ee_get_urls_delete(api):
    body = content("Secure later", extra="<enableOptions><autoRecord>TRUE</autoRecord></enableOptions>",
                   schedule="<openTime>900</openTime>")
    key = int(value(api.post(create_meeting(body)).ok(), "meet:meetingkey"))
    api.post(set_(f"<meetingKey>{key}</meetingKey><enableOptions><supportE2E>TRUE</supportE2E></enableOptions>")).ok()
    got = read(api, key)
    assert value(got, "meet:enableOptions/meet:supportE2E") == "true"
    assert value(got, "meet:enableOptions/meet:autoRecord") == "false"
    assert value(got, "meet:schedule/meet:openTime") == "0"
    join = value(api.post(joinurl(f"<sessionKey>{key}</sessionKey>")).ok(), "meet:joinMeetingURL")
    assert join.endswith(f"e.php?AT=SI&MK={key}")
    host = value(api.post(hosturl(f"<sessionKey>{key}</sessionKey>")).ok(), "meet:hostMeetingURL")
    assert "p.php?AT=LI&TK=" in host and f"%26MK%3D{key}%26Rnd%3D" in host
    assert value(api.post(delete(key)).ok(), "meet:iCalendarURL/serv:host").endswith("ICS=CMC")
    fails(api.post(get(key)), "060001")
