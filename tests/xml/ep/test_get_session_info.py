"""GetSessionInfo (documented; the 2011 ep XSD's shape): a siteName alone gets the always-returned elements, the
meeting's password (or its host, a site admin, an invitee) the password-protected ones."""

from __future__ import annotations

from attendeekit import invite, type_of
from meetingkit import ALICE, content, create, fails, local_names, value
from webex import message

PASSWORD = "<accessControl><meetingPassword>s3cret</meetingPassword></accessControl>"


def info(key: int, extra: str = "", **kw) -> str:
    return message("ep.GetSessionInfo", f"<sessionKey>{key}</sessionKey>{extra}", **kw)


def test_host_gets_every_element_in_xsd_order(api):
    key = create(api, content(name="Review", extra=PASSWORD, meta="<agenda>Plans</agenda>"))
    answer = api.post(info(key)).ok()
    assert type_of(answer) == "ep:getSessionInfoResponse"
    assert local_names(answer.content) == ["status", "sessionkey", "confID", "accessControl", "metaData", "telephony",
                                           "host", "schedule", "attendeeOptions", "isAudioOnly"]
    assert value(answer, "ep:sessionkey") == str(key)
    assert [value(answer, f"ep:accessControl/ep:{n}") for n in ("sessionPassword", "listStatus", "registration",
                                                                "passwordReq")] == ["s3cret", "PUBLIC", "false",
                                                                                    "true"]
    assert [value(answer, f"ep:metaData/ep:{n}") for n in ("confName", "sessionType", "serviceType", "agenda",
                                                           "isRecurring")] == ["Review", "1", "MeetingCenter",
                                                                               "Plans", "false"]
    assert value(answer, "ep:telephony/ep:telephonySupport") == "NONE"
    assert [value(answer, f"ep:host/ep:{n}") for n in ("webExId", "email")] == ["hostid@acme.com"] * 2
    assert [value(answer, f"ep:schedule/ep:{n}") for n in ("startDate", "duration", "timeZone")] == \
        ["12/01/2026 10:00:00", "60", "GMT-08:00, Pacific (San Jose)"]


def test_site_name_alone_gets_the_always_returned_elements(api):
    key = create(api, content(extra=PASSWORD, meta="<agenda>Plans</agenda>"))
    anonymous = api.post(info(key, user="", password=None)).ok()
    assert value(anonymous, "ep:accessControl/ep:sessionPassword") is None
    assert value(anonymous, "ep:metaData/ep:agenda") is None and value(anonymous, "ep:telephony") is None
    assert value(anonymous, "ep:metaData/ep:confName") == "Standup"
    with_password = api.post(info(key, "<sessionPassword>s3cret</sessionPassword>", user="", password=None)).ok()
    assert value(with_password, "ep:metaData/ep:agenda") == "Plans"
    assert value(api.post(info(key, user=ALICE)).ok(), "ep:metaData/ep:agenda") is None
    api.post(invite(key, ALICE)).ok()
    assert value(api.post(info(key, user=ALICE)).ok(), "ep:metaData/ep:agenda") == "Plans"


def test_unknown_key_and_wrong_password(api):
    fails(api.post(info(987654321)), "060001")
    key = create(api)
    fails(api.post(info(key, password="wrong")), "030002")
