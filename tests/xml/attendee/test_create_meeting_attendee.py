"""CreateMeetingAttendee (reference §17): the attendee joins the meeting GetMeeting shows, with the defaults real
answers carry; the meeting's access rules apply."""

from __future__ import annotations

from attendeekit import attendee_ids, invite, meeting_emails, type_of
from meetingkit import ADMIN, ALICE, BODY, content, create, fails, read, value
from webex import message


def test_invited_attendee_appears_in_get_meeting_with_real_fields(api):
    key = create(api)
    answer = api.post(invite(key, "Bob.Smith@Example.com", "Bob Smith")).ok()
    assert type_of(answer) == "att:createMeetingAttendeeResponse"
    assert answer.body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<serv:message xmlns:serv="http://www.'
                                  b'webex.com/schemas/2002/06/service" xmlns:com="http://www.webex.com/schemas/2002/'
                                  b'06/common" xmlns:att="http://www.webex.com/schemas/2002/06/service/attendee">')
    [attendee_id] = attendee_ids(answer)
    meeting = read(api, key)
    base = "meet:participants/meet:attendees/meet:attendee/"
    assert meeting_emails(meeting) == ["bob.smith@example.com"]  # stored lower-cased (reference §17)
    assert value(meeting, base + "att:person/com:name") == "Bob Smith"
    assert value(meeting, base + "att:person/com:type") == "VISITOR"
    assert int(value(meeting, base + "att:contactID")) == attendee_id and 10 ** 8 <= attendee_id < 10 ** 9
    assert value(meeting, base + "att:joinStatus") == "INVITE"
    assert value(meeting, base + "att:meetingKey") == str(key)
    assert value(meeting, base + "att:role") == "ATTENDEE"
    assert value(meeting, base + "att:language") == "ENGLISH"
    assert value(meeting, base + "att:languageID") == "1"


def test_attendees_join_those_create_meeting_stored_each_with_its_own_id(api):
    invitee = "<participants><attendees><attendee><person><email>first@example.com</email></person>" \
              "</attendee></attendees></participants>"
    key = create(api, content(extra=invitee))
    ids = [attendee_ids(api.post(invite(key, email)).ok())[0] for email in ("a@example.com", "b@example.com")]
    meeting = read(api, key)
    assert meeting_emails(meeting) == ["first@example.com", "a@example.com", "b@example.com"]
    contact_ids = [int(n.text) for n in meeting.all(BODY + "meet:participants/meet:attendees/meet:attendee/"
                                                           "att:contactID")]
    assert contact_ids[1:] == ids and len(set(contact_ids)) == 3


def test_client_shapes_are_accepted(api):
    """role before person (SugarCRM), meetingKey instead of sessionKey, joinStatus/role/language sent."""
    key = create(api)
    sugar = f"<role>ATTENDEE</role><person><name>Sue</name><email>sue@example.com</email></person>" \
            f"<sessionKey>{key}</sessionKey><emailInvitations>FALSE</emailInvitations>"
    api.post(message("attendee.CreateMeetingAttendee", sugar)).ok()
    api.post(invite(key, "pat@example.com", key_name="meetingKey",
                    extra="<joinStatus>ACCEPT</joinStatus><language>GERMAN</language>")).ok()
    meeting = read(api, key)
    statuses = [n.text for n in meeting.all(BODY + "meet:participants/meet:attendees/meet:attendee/att:joinStatus")]
    assert meeting_emails(meeting) == ["sue@example.com", "pat@example.com"] and statuses == ["INVITE", "ACCEPT"]
    stored = api.store.get_meeting("acme", key).data["participants"]["attendees"]["attendee"]
    assert all("emailInvitations" not in attendee and "sessionKey" not in attendee for attendee in stored)


def test_a_further_attendees_block_is_invited_too(api):
    key = create(api)
    extra = "<attendees><person><email>two@example.com</email></person></attendees>"
    answer = api.post(invite(key, "one@example.com", extra=extra)).ok()
    assert len(set(attendee_ids(answer))) == 2
    assert meeting_emails(read(api, key)) == ["one@example.com", "two@example.com"]


def test_an_email_invited_twice_keeps_one_attendee(api):
    key = create(api)
    first = attendee_ids(api.post(invite(key, "bob@example.com")).ok())
    again = api.post(invite(key, "BOB@example.com")).ok()
    assert attendee_ids(again) == first
    assert meeting_emails(read(api, key)) == ["bob@example.com"]


def test_registration_answers_register_ids(api):
    key = create(api, content(extra="<attendeeOptions><registration>true</registration></attendeeOptions>"))
    answer = api.post(invite(key, "reg@example.com")).ok()
    [attendee_id] = attendee_ids(answer)
    assert int(value(answer, "att:register/att:attendeeID")) == attendee_id
    assert value(answer, "att:register/att:registerID").isdigit()


def test_access_rules_of_the_meeting(api):
    key = create(api)
    fails(api.post(invite(key, "x@example.com", user=ALICE)), "000001")
    fails(api.post(invite(987654321, "x@example.com")), "060001")
    api.post(invite(key, "x@example.com", user=ADMIN)).ok()
    assert meeting_emails(read(api, key)) == ["x@example.com"]


def test_refused_requests_store_nothing(api):
    key = create(api)
    no_email = f"<person><name>Nobody</name></person><sessionKey>{key}</sessionKey>"
    both_keys = f"<person><email>a@example.com</email></person><sessionKey>{key}</sessionKey>" \
                f"<meetingKey>{key}</meetingKey>"
    other = "<attendees><person><email>b@example.com</email></person><sessionKey>123456789</sessionKey></attendees>"
    for body in (no_email, both_keys, "<person><email>a@example.com</email></person>"):
        fails(api.post(message("attendee.CreateMeetingAttendee", body)), "999999")
    answer = api.post(invite(key, "a@example.com", extra=other))
    fails(answer, "999999")
    assert "attendees" in answer.reason
    assert meeting_emails(read(api, key)) == []


def test_deleted_meeting_takes_no_attendee(api):
    key = create(api)
    api.post(message("meeting.DelMeeting", f"<meetingKey>{key}</meetingKey>")).ok()
    fails(api.post(invite(key, "late@example.com")), "060001")
