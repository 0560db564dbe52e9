"""DelMeetingAttendee (reference §19): by attendeeID or by e-mail within a meeting; all or nothing."""

from __future__ import annotations

from attendeekit import (
    attendee_ids,
    invite,
    listed_emails,
    lst_attendees,
    meeting_emails,
    remove_by_email,
    remove_by_id,
    type_of,
)
from meetingkit import ADMIN, ALICE, create, fails, read
from webex import message


def _meeting_with(api, *emails: str) -> tuple[int, list[int]]:
    key = create(api)
    return key, [attendee_ids(api.post(invite(key, email)).ok())[0] for email in emails]


def test_remove_by_attendee_id(api):
    key, (bob, _) = _meeting_with(api, "bob@example.com", "carol@example.com")
    answer = api.post(remove_by_id(bob)).ok()
    assert type_of(answer) == "att:delMeetingAttendeeResponse" and len(answer.content) == 0
    assert meeting_emails(read(api, key)) == ["carol@example.com"]
    assert listed_emails(api.post(lst_attendees(key)).ok()) == ["carol@example.com"]


def test_remove_by_email_and_session_key(api):
    key, _ = _meeting_with(api, "bob@example.com", "carol@example.com")
    api.post(remove_by_email(key, "Carol@Example.com")).ok()
    assert meeting_emails(read(api, key)) == ["bob@example.com"]


def test_remove_several_at_once(api):
    key, ids = _meeting_with(api, "a@example.com", "b@example.com", "c@example.com")
    body = f"<attendeeID>{ids[0]}</attendeeID><sendEmail>false</sendEmail>" \
           f"<attendeeEmail><sessionKey>{key}</sessionKey><email>c@example.com</email></attendeeEmail>"
    api.post(message("attendee.DelMeetingAttendee", body)).ok()
    assert meeting_emails(read(api, key)) == ["b@example.com"]


def test_unknown_attendee_removes_nothing(api):
    key, (bob,) = _meeting_with(api, "bob@example.com")
    answer = api.post(remove_by_id(bob, 111111111))
    fails(answer, "000015")
    assert "111111111" in answer.reason
    fails(api.post(remove_by_email(key, "nobody@example.com")), "000015")
    fails(api.post(remove_by_email(987654321, "bob@example.com")), "060001")
    assert meeting_emails(read(api, key)) == ["bob@example.com"]
    api.post(remove_by_id(bob)).ok()
    fails(api.post(remove_by_id(bob)), "000015")


def test_access_rules_of_the_meeting(api):
    key, (bob, carol) = _meeting_with(api, "bob@example.com", "carol@example.com")
    fails(api.post(remove_by_id(bob, user=ALICE)), "000001")
    fails(api.post(remove_by_email(key, "bob@example.com", user=ALICE)), "000001")
    assert meeting_emails(read(api, key)) == ["bob@example.com", "carol@example.com"]
    api.post(remove_by_id(carol, user=ADMIN)).ok()
    assert meeting_emails(read(api, key)) == ["bob@example.com"]


def test_request_must_name_an_attendee(api):
    for body in ("", "<sendEmail>true</sendEmail>", "<sendEmail>true</sendEmail><sendEmail>false</sendEmail>"
                                                    "<attendeeID>123456789</attendeeID>"):
        fails(api.post(message("attendee.DelMeetingAttendee", body)), "999999")
