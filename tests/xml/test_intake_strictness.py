"""Strict where the real service is strict; every refusal is a FAILURE envelope naming the problem."""

import pytest
from webex import create_meeting, message, sample

from mockserver.xml.operations import OPERATIONS, WEBEX_OPERATIONS

SEED = sample("seed-createmeeting-request.xml")
START = "<schedule><startDate>12/01/2026 10:00:00</startDate></schedule>"


def failure(api, body, exception_id):
    answer = api.post(body)
    assert answer.result == "FAILURE"
    assert answer.exception_id == exception_id, answer.reason
    assert answer.text("serv:header/serv:response/serv:gsbStatus") == "PRIMARY"
    return answer


def test_undeclared_xsi_prefix_is_fail_to_forward(api):
    body = SEED.replace(b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"', b"")
    answer = failure(api, body, "000000")
    assert answer.reason == "Fail to forward request:null"
    assert answer.content is None  # the real 000000 answer has an empty serv:body
    assert b'xmlns:meet' not in answer.body


def test_unknown_body_content_type_names_type_and_nearest(api):
    answer = failure(api, SEED.replace(b"meeting.CreateMeeting", b"meeting.CreateMeting"), "000000")
    assert "java:com.webex.service.binding.meeting.CreateMeting" in answer.reason
    assert "java:com.webex.service.binding.meeting.CreateMeeting" in answer.reason


def test_unimplemented_webex_operation_is_named(api):
    answer = failure(api, message("meeting.LstMeeting"), "000000")
    assert "LstMeeting" in answer.reason and "not implement" in answer.reason


@pytest.mark.parametrize("operation", [
    "event.CreateEvent", "training.CreateTrainingSession", "supportsession.CreateSupportSession",
    "history.LsteventsessionHistory", "sales.CreateAccount", "site.SetSite", "user.LstUser", "ep.CreateContacts",
    "attendee.GetEnrollmentInfo",
])
def test_an_operation_of_a_service_the_mock_does_not_implement_is_not_implemented(api, operation):
    """A real operation of a service with no request XSD here (event, training …) is dispatched before any
    validation: the same NotImplemented FAILURE as an unimplemented operation of an implemented service, whatever
    its content, never "unknown bodyContent type" with a nearest name from another service."""
    answer = failure(api, message(operation, "<anything><at>all</at></anything>"), "000000")
    assert answer.reason == (f"Fail to forward request:java:com.webex.service.binding.{operation} is a WebEx "
                             "operation that webex-mockserver does not implement")
    assert answer.content is None  # a dispatch failure: an empty serv:body, as for every 000000


def test_every_real_operation_the_mock_does_not_implement_is_refused_as_such(asgi_api):
    for name in sorted(set(WEBEX_OPERATIONS) - set(OPERATIONS)):
        answer = failure(asgi_api, message(name), "000000")
        assert answer.reason.endswith("is a WebEx operation that webex-mockserver does not implement"), name


@pytest.mark.parametrize("content,path,problem", [
    ("<accessControl><listStatus>PUBLIC</listStatus></accessControl>", "bodyContent/accessControl/listStatus",
     "unknown element"),
    ("<enableOptions><chta>true</chta></enableOptions>", "bodyContent/enableOptions/chta", "did you mean 'chat'"),
    ("<participants><maxUserNumber>four</maxUserNumber></participants>", "bodyContent/participants/maxUserNumber",
     "'four' is not a valid number"),
    ("<telephony><telephonySupport>PHONE</telephonySupport></telephony>", "bodyContent/telephony/telephonySupport",
     "PHONE"),
    ("<enableOptions><chat>yes</chat></enableOptions>", "bodyContent/enableOptions/chat", "not a boolean"),
    ("<enableOptions><chat>1</chat></enableOptions>", "bodyContent/enableOptions/chat", "not a boolean"),
    ("<accessControl><meetingPassword>" + "p" * 17 + "</meetingPassword></accessControl>",
     "bodyContent/accessControl/meetingPassword", "16"),
    ("<participants><attendees><attendee><person><name>No Mail</name></person></attendee></attendees>"
     "</participants>", "bodyContent/participants/attendees/attendee/person", "email"),
    ("<schedule><openTime>-5</openTime></schedule>", "bodyContent/schedule/openTime", "0"),
])
def test_schema_violations_name_element_and_problem(api, content, path, problem):
    body = create_meeting("<metaData><confName>S</confName></metaData>" + content +
                          ("" if "<schedule>" in content else START))
    before = len(api.store.site_meetings("acme"))
    answer = failure(api, body, "999999")
    assert path in answer.reason and problem in answer.reason, answer.reason
    assert answer.content is not None and len(answer.content) == 0
    assert len(api.store.site_meetings("acme")) == before


def test_agenda_length_limit(api):
    ok = create_meeting(f"<metaData><confName>A</confName><agenda>{'a' * 2500}</agenda></metaData>{START}")
    api.post(ok).ok()
    too_long = ok.replace("a" * 2500, "a" * 2501)
    answer = failure(api, too_long, "999999")
    assert "bodyContent/metaData/agenda" in answer.reason and "2500" in answer.reason


@pytest.mark.parametrize("date", ["02/30/2026 25:61:00", "13/01/2026 10:00:00", "02/29/2027 10:00:00"])
def test_impossible_dates(api, date):
    answer = failure(api, create_meeting(f"<metaData><confName>X</confName></metaData>"
                                         f"<schedule><startDate>{date}</startDate></schedule>"), "999999")
    assert "bodyContent/schedule/startDate" in answer.reason and date in answer.reason


def test_malformed_xml(api):
    answer = failure(api, create_meeting()[:-30], "000000")
    assert "not well-formed" in answer.reason


def test_wrong_root(api):
    answer = failure(api, b"<?xml version='1.0'?><envelope/>", "000000")
    assert "serv:message" in answer.reason


def test_foreign_namespace_element(api):
    body = create_meeting("<x:metaData xmlns:x='urn:other'><x:confName>N</x:confName></x:metaData>" + START)
    answer = failure(api, body, "999999")
    assert "urn:other" in answer.reason


@pytest.mark.parametrize("meta", ["", "<metaData><agenda>a</agenda></metaData>", "<metaData><confName/></metaData>",
                                  "<metaData><confName> \n </confName><agenda>a</agenda></metaData>"])
def test_conf_name_is_required_and_empty_is_missing(api, meta):
    """startDate is optional (test_fidelity.py); confName is not, and sent empty it is missing."""
    answer = failure(api, create_meeting(meta + START), "999999")
    assert answer.reason == "Invalid request: bodyContent/metaData/confName is required"


def test_two_body_contents_are_refused(api):
    second = '<bodyContent xsi:type="java:com.webex.service.binding.meeting.GetMeeting"/>'
    body = create_meeting().replace("</body>", second + "</body>")
    failure(api, body, "000000")
