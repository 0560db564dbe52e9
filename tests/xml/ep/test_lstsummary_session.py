"""LstsummarySession (reference §20): the meetings as sessions, listed like LstsummaryMeeting; matchingRecords
first; startTime in dateScope/timeZoneID or GMT."""

from __future__ import annotations

import pytest
from attendeekit import lst_sessions, session_keys, session_records, type_of
from meetingkit import ADMIN, ALICE, BODY, content, create, fails, listed_keys, local_names, lst, value

SESSION_CHILDREN = ["sessionKey", "confName", "sessionType", "serviceType", "hostWebExID", "hostFirstName",
                    "hostLastName", "timeZoneID", "timeZone", "status", "startTime", "openTime", "duration",
                    "listStatus", "hostEmail", "passwordReq", "hostJoined", "participantsJoined", "confID",
                    "registration", "isRecurring", "isAudioOnly"]


@pytest.fixture
def three(api):
    """Three meetings of hostid (zone 4, GMT-08:00), created out of start order."""
    return [create(api, content(name=name, start=start)) for name, start in (
        ("Beta", "12/02/2026 10:00:00"), ("Alpha", "12/01/2026 10:00:00"), ("Gamma", "12/03/2026 10:00:00"))]


def test_lists_sessions_after_matching_records(api, three):
    answer = api.post(lst_sessions()).ok()
    assert type_of(answer) == "ep:lstsummarySessionResponse"
    assert local_names(answer.content)[0] == "matchingRecords"
    assert session_records(answer) == (3, 3, 1)
    assert session_keys(answer) == [three[1], three[0], three[2]]  # STARTTIME ASC, as LstsummaryMeeting
    first = answer.all(BODY + "ep:session")[0]
    assert local_names(first) == SESSION_CHILDREN
    assert [first.findtext(f"{{*}}{name}") for name in ("confName", "sessionType", "serviceType", "hostWebExID",
                                                         "timeZoneID", "status", "duration", "listStatus")] == \
        ["Alpha", "1", "MeetingCenter", "hostid@acme.com", "4", "NOT_INPROGRESS", "60", "PUBLIC"]
    assert first.findtext("{*}startTime") == "12/01/2026 18:00:00"  # GMT without dateScope/timeZoneID
    assert first.findtext("{*}confID").isdigit() and first.findtext("{*}confID") != str(three[1])


def test_same_meetings_as_lstsummary_meeting(api, three):
    body = "<listControl><maximumNum>2</maximumNum></listControl><order><orderBy>CONFNAME</orderBy>" \
           "<orderAD>DESC</orderAD></order>"
    sessions = api.post(lst_sessions(body)).ok()
    meetings = api.post(lst(body)).ok()
    assert session_keys(sessions) == listed_keys(meetings) == [three[2], three[0]]
    assert session_records(sessions) == (3, 2, 1)


def test_date_scope_and_start_time_in_its_zone(api, three):
    scope = "<dateScope><startDateStart>12/01/2026 12:00:00</startDateStart>" \
            "<startDateEnd>12/02/2026 13:00:00</startDateEnd><timeZoneID>11</timeZoneID></dateScope>"
    answer = api.post(lst_sessions(scope)).ok()
    assert session_keys(answer) == [three[1], three[0]]
    assert [n.text for n in answer.all(BODY + "ep:session/ep:startTime")] == \
        ["12/01/2026 13:00:00", "12/02/2026 13:00:00"]  # 10:00 at GMT-08:00 is 13:00 at GMT-05:00
    in_gmt = "<dateScope><startDateStart>12/02/2026 18:00:00</startDateStart></dateScope>"
    assert session_keys(api.post(lst_sessions(in_gmt)).ok()) == [three[0], three[2]]


def test_out_of_order_splunk_shape(api, three):
    body = "<dateScope><startDateStart>11/01/2026 00:00:00</startDateStart><startDateEnd>12/31/2026 00:00:00" \
           "</startDateEnd><timeZoneID>4</timeZoneID></dateScope><listControl><startFrom>2</startFrom>" \
           "<maximumNum>1</maximumNum><listMethod>AND</listMethod></listControl>" \
           "<order><orderBy>STARTTIME</orderBy><orderAD>ASC</orderAD></order>"
    answer = api.post(lst_sessions(body)).ok()
    assert session_keys(answer) == [three[0]] and session_records(answer) == (3, 1, 2)
    assert value(answer, "ep:session/ep:startTime") == "12/02/2026 10:00:00"


@pytest.mark.parametrize("body, expected", [
    ("<serviceTypes><serviceType>MeetingCenter</serviceType></serviceTypes>", [1, 0, 2]),
    ("<sessionTypes><sessionType>1</sessionType><sessionType>3</sessionType></sessionTypes>", [1, 0, 2]),
    ("<confName>al</confName>", [1]),
    ("<status>NOT_INPROGRESS</status>", [1, 0, 2]),
    ("<hostEmail>HOSTID@acme.com</hostEmail>", [1, 0, 2]),
])
def test_filters(api, three, body, expected):
    assert session_keys(api.post(lst_sessions(body)).ok()) == [three[at] for at in expected]


@pytest.mark.parametrize("body, records", [
    ("<serviceTypes><serviceType>EventCenter</serviceType></serviceTypes>", (0, 0, 1)),
    ("<sessionTypes><sessionType>214</sessionType></sessionTypes>", (0, 0, 1)),
    ("<status>INPROGRESS</status>", (0, 0, 1)), ("<confName>zeta</confName>", (0, 0, 1)),
    ("<confID>1</confID>", (0, 0, 1)), ("<sessionKey>987654321</sessionKey>", (0, 0, 1)),
    ("<hostEmail>nobody@acme.com</hostEmail>", (0, 0, 1)),
    ("<listControl><startFrom>4</startFrom></listControl>", (3, 0, 4)),
])
def test_nothing_matching_is_an_empty_success(api, three, body, records):
    """No longer 000015 (reference §38): an empty SUCCESS, matchingRecords first, no ep:session."""
    answer = api.post(lst_sessions(body)).ok()
    assert type_of(answer) == "ep:lstsummarySessionResponse"
    assert local_names(answer.content) == ["matchingRecords"]
    assert session_records(answer) == records


def test_session_key_and_conf_id_name_one_session(api, three):
    answer = api.post(lst_sessions(f"<sessionKey>{three[2]}</sessionKey>")).ok()
    assert session_keys(answer) == [three[2]]
    conf = value(answer, "ep:session/ep:confID")
    assert session_keys(api.post(lst_sessions(f"<confID>{conf}</confID>")).ok()) == [three[2]]


def test_scope_host_admin_and_other_host(api, three):
    theirs = create(api, content(name="Alice's"), user=ALICE)
    assert session_keys(api.post(lst_sessions(user=ALICE)).ok()) == [theirs]
    fails(api.post(lst_sessions("<hostWebExID>hostid@acme.com</hostWebExID>", user=ALICE)), "000001")
    fails(api.post(lst_sessions("<hostEmail>hostid@acme.com</hostEmail>", user=ALICE)), "000001")
    assert sorted(session_keys(api.post(lst_sessions(user=ADMIN)).ok())) == sorted(three + [theirs])
    assert session_keys(api.post(lst_sessions(f"<hostWebExID>{ALICE}</hostWebExID>", user=ADMIN)).ok()) == [theirs]


def test_a_host_with_no_meeting_gets_an_empty_success(api):
    """Cisco's Postman collection: right after AuthenticateUser, before any CreateMeeting, LstsummarySession with
    the caller's hostWebExID alone, asserting SUCCESS (reference §38). No Personal Room is listed."""
    answer = api.post(lst_sessions("<hostWebExID>hostid@acme.com</hostWebExID>")).ok()
    assert local_names(answer.content) == ["matchingRecords"]
    assert session_records(answer) == (0, 0, 1)
    assert session_keys(api.post(lst_sessions(user=ADMIN)).ok()) == []
    assert api.post(lst()).exception_id == "000015"  # LstsummaryMeeting keeps its observed 000015


def test_bad_values_are_refused(api, three):
    for body in ("<listControl><maximumNum>0</maximumNum></listControl>",
                 "<dateScope><timeZoneID>99</timeZoneID></dateScope>",
                 "<serviceTypes><serviceType>Meeting Center</serviceType></serviceTypes>"):
        fails(api.post(lst_sessions(body)), "999999")


def test_ciscos_postman_collection_start(api):
    """The end-user collection's first requests as it writes them: AuthenticateUser with the password, then
    LstsummarySession with the session ticket and the caller's hostWebExID alone; its test wants SUCCESS."""
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/'
            'service"\n    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n    <header>\n        '
            "<securityContext>\n          <siteName>acme</siteName>\n          <webExID>hostid@acme.com</webExID>\n")
    tail = "</bodyContent>\n    </body>\n</serv:message>\n"
    signed_in = api.post(head + "          <password>passw0rd</password>  \n        </securityContext>\n    </header>\n"
                         '    <body>\n        <bodyContent xsi:type="java:com.webex.service.binding.user.'
                         'AuthenticateUser">\n        ' + tail, content_type="application/xml").ok()
    ticket = value(signed_in, "use:sessionTicket")
    answer = api.post(head + f"          <sessionTicket>{ticket}</sessionTicket>  \n        </securityContext>\n"
                      '    </header>\n    <body>\n        <bodyContent xsi:type="java:com.webex.service.binding.ep.'
                      'LstsummarySession">\n        \t<hostWebExID>hostid@acme.com</hostWebExID>\n        ' + tail,
                      content_type="application/xml")
    assert answer.result == "SUCCESS", answer.reason
    assert session_records(answer) == (0, 0, 1) and session_keys(answer) == []
