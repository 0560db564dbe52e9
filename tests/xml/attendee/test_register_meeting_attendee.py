"""RegisterMeetingAttendee (reference §39): one ``att:register`` (attendeeID, registerID) per attendee; the
registered attendee shows in LstMeetingAttendee and GetMeeting with its registration state; a meeting without
registration refuses it."""

from __future__ import annotations

from attendeekit import attendee_ids, invite, listed_emails, lst_attendees, meeting_emails, person, type_of
from meetingkit import ADMIN, ALICE, BODY, content, create, fails, read
from webex import message

from mockserver.domain import attendees

REGISTRATION = "<attendeeOptions><registration>true</registration></attendeeOptions>"


def block(key: int, email: str, name: str | None = None, extra: str = "") -> str:
    """One ``attendees`` block as the public clients build it: person, (joinStatus, role, ...) and sessionKey."""
    return f"<attendees>{person(email, name)}{extra}<sessionKey>{key}</sessionKey></attendees>"


def last_call(api, operation: str | None = None):
    return api.app.state.tenancy.get().journal.entries(operation=operation)[-1]


def register(*blocks: str, **kw) -> str:
    return message("attendee.RegisterMeetingAttendee", "".join(blocks), **kw)


def registered(answer) -> list[tuple[int, int]]:
    """(attendeeID, registerID) of each att:register, in order."""
    return [(int(node.findtext("{*}attendeeID")), int(node.findtext("{*}registerID")))
            for node in answer.all(BODY + "att:register")]


def test_a_registrant_answers_attendee_and_register_ids_and_is_listed_as_registered(api):
    key = create(api, content(extra=REGISTRATION))
    answer = api.post(register(block(key, "Reg@Example.com", "Reg Istrant"))).ok()
    assert type_of(answer) == "att:registerMeetingAttendeeResponse"
    [(attendee_id, register_id)] = registered(answer)
    assert attendee_id != register_id and 10 ** 8 <= attendee_id < 10 ** 9

    listed = api.post(lst_attendees(key)).ok()
    assert listed_emails(listed) == ["reg@example.com"]
    item = "att:attendee/"
    assert int(listed.text(BODY + item + "att:attendeeId")) == attendee_id
    assert int(listed.text(BODY + item + "att:registerID")) == register_id
    assert listed.text(BODY + item + "att:joinStatus") == "REGISTER"
    assert listed.text(BODY + item + "att:status/att:registered") == "true"
    assert listed.text(BODY + item + "att:status/att:invited") == "false"

    meeting = read(api, key)
    base = BODY + "meet:participants/meet:attendees/meet:attendee/"
    assert meeting_emails(meeting) == ["reg@example.com"]
    assert meeting.text(base + "att:joinStatus") == "REGISTER"
    assert int(meeting.text(base + "att:contactID")) == attendee_id


def test_an_invited_attendee_is_registered_in_place_keeping_its_ids(api):
    """The documented flow: invite (INVITE), then register the same e-mail as ACCEPT (the Python module's shape)."""
    key = create(api, content(extra=REGISTRATION))
    [invited] = attendee_ids(api.post(invite(key, "bob@example.com")).ok())
    [(first, register_id)] = registered(api.post(invite(key, "carol@example.com")).ok())  # registration on
    answer = api.post(register(block(key, "BOB@example.com", extra="<joinStatus>ACCEPT</joinStatus>"),
                               block(key, "dan@example.com"))).ok()
    [(bob, _), (dan, _)] = registered(answer)
    assert bob == invited and dan not in (invited, first)
    listed = api.post(lst_attendees(key)).ok()
    assert listed_emails(listed) == ["bob@example.com", "carol@example.com", "dan@example.com"]
    statuses = [n.text for n in listed.all(BODY + "att:attendee/att:joinStatus")]
    assert statuses == ["ACCEPT", "INVITE", "REGISTER"]
    assert register_id in [int(n.text) for n in listed.all(BODY + "att:attendee/att:registerID")]


def test_a_java_client_shape_is_accepted(api):
    """children out of the XSD order, sessionNum for a recurring session (a Java client, reference §39)."""
    key = create(api, content(extra=REGISTRATION))
    java = ("<attendees><person><name>Ann</name><email>ann@example.com</email><type>VISITOR</type></person>"
            "<joinStatus>REGISTER</joinStatus><role>ATTENDEE</role><emailInvitations>false</emailInvitations>"
            f"<sessionKey>{key}</sessionKey><sessionNum>1</sessionNum></attendees>")
    assert len(registered(api.post(register(java)).ok())) == 1
    assert meeting_emails(read(api, key)) == ["ann@example.com"]


def test_a_meeting_without_registration_refuses_and_stores_nothing(api):
    key = create(api)
    answer = api.post(register(block(key, "reg@example.com")))
    fails(answer, "060037")
    assert "registration" in answer.reason.lower()
    assert meeting_emails(read(api, key)) == []
    assert "assumed-exception" in [n.code for n in last_call(api, "RegisterMeetingAttendee").notes]


def test_unknown_meeting_other_hosts_and_missing_key_are_refused(api):
    key = create(api, content(extra=REGISTRATION))
    fails(api.post(register(block(987654321, "x@example.com"))), "060001")
    fails(api.post(register(block(key, "x@example.com"), user=ALICE)), "000001")
    fails(api.post(register("<attendees><person><email>x@example.com</email></person></attendees>")), "999999")
    fails(api.post(register()), "999999")
    assert meeting_emails(read(api, key)) == []
    api.post(register(block(key, "x@example.com"), user=ADMIN)).ok()
    assert meeting_emails(read(api, key)) == ["x@example.com"]


def test_every_meeting_is_checked_before_any_changes(api):
    open_key = create(api, content(extra=REGISTRATION))
    closed_key = create(api)
    fails(api.post(register(block(open_key, "a@example.com"), block(closed_key, "b@example.com"))), "060037")
    assert meeting_emails(read(api, open_key)) == []


def test_the_call_notes_what_is_assumed(api):
    key = create(api, content(extra=REGISTRATION))
    api.post(register(block(key, "a@example.com"))).ok()
    notes = {n.element: n.code for n in last_call(api, "RegisterMeetingAttendee").notes}
    assert notes["attendees/joinStatus"] == "assumed-default"
    assert notes["register/attendeeID"] == "assumed-answer"


def test_a_registration_over_the_attendee_bound_changes_no_meeting(api, monkeypatch):
    monkeypatch.setattr(attendees, "MAX_ATTENDEES", 2)
    first = create(api, content(extra=REGISTRATION))
    second = create(api, content(extra=REGISTRATION))
    api.post(register(block(second, "a@example.com"), block(second, "b@example.com"))).ok()
    again = register(block(first, "c@example.com"), block(second, "a@example.com"), block(second, "d@example.com"))
    fails(api.post(again), "060036")
    assert meeting_emails(read(api, first)) == []
    api.post(register(block(first, "c@example.com"), block(second, "A@example.com"))).ok()  # no new one: room
