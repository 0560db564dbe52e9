"""LstMeetingAttendee (reference §18): matchingRecords first, every attendee with the fields clients read."""

from __future__ import annotations

from attendeekit import attendee_ids, invite, listed_emails, lst_attendees, type_of
from meetingkit import ADMIN, ALICE, BODY, content, create, fails, local_names, value

ATTENDEE_CHILDREN = ["person", "contactID", "joinStatus", "meetingKey", "sessionKey", "language", "role",
                     "languageID", "attendeeId", "confID", "status", "registerID"]


def test_lists_every_attendee_after_matching_records(api):
    invitee = "<participants><attendees><attendee><person><email>given@example.com</email></person>" \
              "</attendee></attendees></participants>"
    key = create(api, content(extra=invitee))
    [bob] = attendee_ids(api.post(invite(key, "bob@example.com", "Bob Smith")).ok())
    answer = api.post(lst_attendees(key)).ok()
    assert type_of(answer) == "att:lstMeetingAttendeeResponse"
    assert local_names(answer.content)[0] == "matchingRecords"
    assert [value(answer, f"att:matchingRecords/serv:{n}") for n in ("total", "returned", "startFrom")] == \
        ["2", "2", "1"]
    assert listed_emails(answer) == ["given@example.com", "bob@example.com"]
    second = answer.all(BODY + "att:attendee")[1]
    assert local_names(second) == ATTENDEE_CHILDREN
    assert local_names(second[0]) == ["name", "firstName", "address", "phones", "email", "type"]
    assert int(second.findtext("{*}attendeeId")) == int(second.findtext("{*}contactID")) == bob
    assert second.findtext("{*}meetingKey") == second.findtext("{*}sessionKey") == str(key)
    assert [second.findtext("{*}joinStatus"), second.findtext("{*}role")] == ["INVITE", "ATTENDEE"]
    assert [child.text for child in second.find("{*}status")] == ["true", "false", "false", "false"]
    assert second.findtext("{*}registerID") == "0"
    assert second.findtext("{*}confID").isdigit()


def test_by_session_key_filtered_ordered_and_paged(api):
    key = create(api)
    for email, status in (("c@example.com", "INVITE"), ("a@example.com", "ACCEPT"), ("b@example.com", "INVITE")):
        api.post(invite(key, email, extra=f"<joinStatus>{status}</joinStatus>")).ok()
    assert listed_emails(api.post(lst_attendees(key, key_name="sessionKey")).ok()) == \
        ["c@example.com", "a@example.com", "b@example.com"]
    by_email = "<order><orderBy>EMAIL</orderBy><orderAD>DESC</orderAD></order>"
    assert listed_emails(api.post(lst_attendees(key, by_email)).ok()) == \
        ["c@example.com", "b@example.com", "a@example.com"]
    invited = api.post(lst_attendees(key, "<joinStatus>INVITE</joinStatus>")).ok()
    assert listed_emails(invited) == ["c@example.com", "b@example.com"]
    page = api.post(lst_attendees(key, "<listControl><startFrom>2</startFrom><maximumNum>1</maximumNum>"
                                       "</listControl><order><orderBy>EMAIL</orderBy></order>")).ok()
    assert listed_emails(page) == ["b@example.com"]
    assert value(page, "att:matchingRecords/serv:total") == "3"
    assert value(page, "att:matchingRecords/serv:returned") == "1"


def test_no_attendee_is_no_record(api):
    key = create(api)
    answer = api.post(lst_attendees(key))
    fails(answer, "000015")
    assert answer.reason == "Sorry, no record found"
    api.post(invite(key, "a@example.com")).ok()
    fails(api.post(lst_attendees(key, "<joinStatus>REJECT</joinStatus>")), "000015")
    fails(api.post(lst_attendees(key, "<confID>1</confID>")), "000015")
    fails(api.post(lst_attendees(key, "<listControl><startFrom>5</startFrom></listControl>")), "000015")


def test_access_rules_of_the_meeting(api):
    key = create(api)
    api.post(invite(key, "a@example.com")).ok()
    fails(api.post(lst_attendees(key, user=ALICE)), "000001")
    fails(api.post(lst_attendees(987654321)), "060001")
    assert listed_emails(api.post(lst_attendees(key, user=ADMIN)).ok()) == ["a@example.com"]
