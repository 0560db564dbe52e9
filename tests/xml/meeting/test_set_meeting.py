"""SetMeeting: partial update, key spellings and positions, rules re-applied, access, errors (reference 4)."""

from __future__ import annotations

import pytest
from meetingkit import ADMIN, ALICE, content, create, fails, listed_keys, lst, read, set_, value, values
from webex import create_meeting

JBH = ("<enableOptions><autoRecord>TRUE</autoRecord><supportRemoteComputer>true</supportRemoteComputer>"
       "</enableOptions>")
JBH_SCHEDULE = "<openTime>900</openTime><joinTeleconfBeforeHost>true</joinTeleconfBeforeHost>"
JBH_FIELDS = ("openTime", "joinTeleconfBeforeHost")


def keyed(spelling: str, key: int, position: str, *blocks: str) -> str:
    element = f"<{spelling}>{key}</{spelling}>"
    parts = list(blocks)
    parts.insert({"first": 0, "middle": len(parts) // 2, "last": len(parts)}[position], element)
    return "".join(parts)


@pytest.mark.parametrize("position", ["first", "middle", "last"])
@pytest.mark.parametrize("spelling", ["meetingkey", "meetingKey"])
def test_key_spelling_and_position(api, spelling, position):
    key = create(api)
    body = keyed(spelling, key, position, "<metaData><confName>Renamed</confName></metaData>",
                 "<schedule><duration>45</duration></schedule>")
    answer = api.post(set_(body)).ok()
    assert answer.content.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "meet:setMeetingResponse"
    after = read(api, key)
    assert value(after, "meet:metaData/meet:confName") == "Renamed"
    assert value(after, "meet:schedule/meet:duration") == "45"


def test_answers_with_the_meetings_icalendar_urls(api):
    created = api.post(create_meeting(content())).ok()
    key = value(created, "meet:meetingkey")
    answer = api.post(set_(f"<meetingkey>{key}</meetingkey>")).ok()
    for who in ("host", "attendee"):
        path = f"meet:iCalendarURL/serv:{who}"
        assert value(answer, path) == value(created, path)


def test_only_the_blocks_and_elements_sent_change(api):
    key = create(api, content(meta="<agenda>Keep me</agenda>",
                              extra="<enableOptions><chat>false</chat></enableOptions>",
                              schedule="<duration>30</duration><timeZoneID>11</timeZoneID>"))
    key_body = f"<meetingKey>{key}</meetingKey>"
    api.post(set_(key_body + "<metaData><confName>New topic</confName></metaData>"
                             "<schedule><startDate>1/2/2027 9:5:0</startDate></schedule>")).ok()
    answer = read(api, key)
    assert values(answer, "metaData", "confName", "agenda") == {"confName": "New topic", "agenda": "Keep me"}
    assert value(answer, "meet:enableOptions/meet:chat") == "false"
    assert values(answer, "schedule", "startDate", "duration", "timeZoneID") == {
        "startDate": "01/02/2027 09:05:00", "duration": "30", "timeZoneID": "11"}


def test_time_zone_change_updates_the_label(api):
    key = create(api)
    api.post(set_(f"<meetingkey>{key}</meetingkey><schedule><timeZoneID>25</timeZoneID></schedule>")).ok()
    assert value(read(api, key), "meet:schedule/meet:timeZone") == "GMT+01:00, Europe (Berlin)"


def test_turning_e2ee_on_later_disables_the_features(api):
    key = create(api, content(extra=JBH, schedule=JBH_SCHEDULE))
    flags = ("supportE2E", "autoRecord", "supportRemoteComputer")
    before = read(api, key)
    assert values(before, "enableOptions", *flags) == dict(zip(flags, ("false", "true", "true"), strict=True))
    assert values(before, "schedule", *JBH_FIELDS) == dict(zip(JBH_FIELDS, ("900", "true"), strict=True))
    api.post(set_(f"<enableOptions><supportE2E>TRUE</supportE2E></enableOptions><meetingkey>{key}</meetingkey>")).ok()
    after = read(api, key)
    assert values(after, "enableOptions", *flags) == dict(zip(flags, ("true", "false", "false"), strict=True))
    assert values(after, "schedule", *JBH_FIELDS) == dict(zip(JBH_FIELDS, ("0", "false"), strict=True))


def test_site_nbr_switched_on_later_applies_on_the_next_set(api):
    key = create(api)
    api.store.sites["acme"].settings.nbrAutoRecord = True
    api.post(set_(f"<meetingKey>{key}</meetingKey><enableOptions><autoRecord>false</autoRecord></enableOptions>")).ok()
    assert value(read(api, key), "meet:enableOptions/meet:autoRecord") == "true"


def test_email_invitations_and_status_are_ignored(api):
    key = create(api)
    api.post(set_(f"<meetingKey>{key}</meetingKey><status>INPROGRESS</status>"
                  "<attendeeOptions><emailInvitations>true</emailInvitations><auto>true</auto></attendeeOptions>")).ok()
    answer = read(api, key)
    assert value(answer, "meet:status") == "NOT_INPROGRESS"
    assert value(answer, "meet:attendeeOptions/meet:emailInvitations") is None
    assert value(answer, "meet:attendeeOptions/meet:auto") == "true"


@pytest.mark.parametrize("body, named", [
    ("<metaData><confName>x</confName></metaData>", "meetingkey"),
    ("<meetingkey>{key}</meetingkey><meetingKey>{key}</meetingKey>", "meetingkey, meetingKey"),
])
def test_key_missing_or_twice_is_invalid(api, body, named):
    key = create(api)
    answer = api.post(set_(body.format(key=key)))
    fails(answer, "999999")
    assert named in answer.reason


def test_unknown_key(api):
    fails(api.post(set_("<meetingkey>123456789</meetingkey>")), "060001")


def test_other_host_is_denied_and_nothing_changes(api):
    key = create(api)
    fails(api.post(set_(f"<meetingkey>{key}</meetingkey><metaData><confName>Hijack</confName></metaData>",
                        user=ALICE)), "000001")
    assert value(read(api, key), "meet:metaData/meet:confName") == "Standup"
    api.post(set_(f"<meetingkey>{key}</meetingkey><metaData><confName>By admin</confName></metaData>",
                  user=ADMIN)).ok()
    answer = read(api, key)
    assert value(answer, "meet:metaData/meet:confName") == "By admin"
    assert value(answer, "meet:schedule/meet:hostWebExID") == "hostid@acme.com"


def test_a_refused_set_changes_nothing(api):
    key = create(api)
    answer = api.post(set_(f"<meetingkey>{key}</meetingkey><metaData><confName>Longer</confName></metaData>"
                           "<schedule><duration>5000</duration></schedule>"))
    fails(answer, "060017")
    after = read(api, key)
    assert value(after, "meet:metaData/meet:confName") == "Standup"
    assert value(after, "meet:schedule/meet:duration") == "60"


@pytest.mark.parametrize("wanted, exception_id", [(ALICE, "060021"), ("nobody@acme.com", "060019")])
def test_plain_host_cannot_hand_the_meeting_over(api, wanted, exception_id):
    key = create(api)
    body = f"<meetingkey>{key}</meetingkey><schedule><hostWebExID>{wanted}</hostWebExID></schedule>"
    fails(api.post(set_(body)), exception_id)
    assert value(read(api, key), "meet:schedule/meet:hostWebExID") == "hostid@acme.com"


def test_admin_moves_a_meeting_to_another_host(api):
    key = create(api)
    body = f"<meetingkey>{key}</meetingkey><schedule><hostWebExID>ALICE@acme.com</hostWebExID></schedule>"
    api.post(set_(body, user=ADMIN)).ok()
    answer = read(api, key, user=ALICE)
    assert value(answer, "meet:schedule/meet:hostWebExID") == "alice@acme.com"
    assert listed_keys(api.post(lst(user=ALICE)).ok()) == [key]
    fails(api.post(lst()), "000015")


def test_set_keeps_an_unchanged_password_requirement(api):
    globex = {"site": "globex", "user": "host@globex.com"}
    key = create(api, content(extra="<accessControl><meetingPassword>pw1</meetingPassword></accessControl>"),
                 **globex)
    # an empty meetingPassword is not sent (docs/fidelity.md): the password stays, the requirement holds
    api.post(set_(f"<meetingkey>{key}</meetingkey><accessControl><meetingPassword></meetingPassword>"
                  "</accessControl>", **globex)).ok()
    assert value(read(api, key, **globex), "meet:accessControl/meet:meetingPassword") == "pw1"
    api.post(set_(f"<meetingkey>{key}</meetingkey><metaData><agenda>ok</agenda></metaData>", **globex)).ok()
