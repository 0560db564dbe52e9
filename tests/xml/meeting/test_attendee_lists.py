"""Attendee lists sent whole (reference §40): SetMeeting's ``participants/attendees`` replaces the stored list, and
says so on the call when attendees are dropped; one meeting holds one attendee per e-mail, whichever face adds it."""

from __future__ import annotations

from attendeekit import attendee_ids, invite, meeting_emails
from meetingkit import BODY, content, create, read, set_

WHERE = "bodyContent/participants/attendees"


def attendees_block(*emails: str) -> str:
    people = "".join(f"<attendee><person><email>{email}</email></person></attendee>" for email in emails)
    return f"<participants><attendees>{people}</attendees></participants>"


def contact_ids(answer) -> dict[str, int]:
    base = BODY + "meet:participants/meet:attendees/meet:attendee/"
    return dict(zip((n.text for n in answer.all(base + "att:person/com:email")),
                    (int(n.text) for n in answer.all(base + "att:contactID")), strict=True))


def notes(api, operation: str) -> list:
    """The assumed-rule notes of the last ``operation`` call."""
    entry = api.app.state.tenancy.get().journal.entries(operation=operation)[-1]
    return [note for note in entry.notes if note.code == "assumed-rule"]


def test_set_meeting_with_one_attendee_drops_the_others_and_says_so(api):
    """SugarCRM's shape: every edit sends the one attendee it knows (reference §40)."""
    key = create(api, content(extra=attendees_block("host@example.com")))
    api.post(invite(key, "bob@example.com")).ok()
    api.post(invite(key, "carol@example.com")).ok()
    before = contact_ids(read(api, key))
    api.post(set_(f"<metaData><confName>Edited</confName></metaData>{attendees_block('HOST@example.com')}"
                  f"<meetingkey>{key}</meetingkey>")).ok()
    [note] = [n for n in notes(api, "SetMeeting") if n.element == WHERE]
    assert "2 attendee(s)" in note.text and "bob@example.com, carol@example.com" in note.text
    after = contact_ids(read(api, key))
    assert after == {"HOST@example.com": before["host@example.com"]}  # sent again (as sent): it keeps its id


def test_set_meeting_without_attendees_keeps_them_and_notes_nothing(api):
    key = create(api, content(extra=attendees_block("a@example.com", "b@example.com")))
    api.post(set_(f"<meetingkey>{key}</meetingkey><participants><maxUserNumber>8</maxUserNumber></participants>"
                  )).ok()
    assert meeting_emails(read(api, key)) == ["a@example.com", "b@example.com"]
    assert [n for n in notes(api, "SetMeeting") if n.element == WHERE] == []


def test_an_empty_attendees_block_is_not_sent_and_drops_nobody(api):
    """An empty element is treated as not sent (docs/fidelity.md): it is no way to clear the list."""
    key = create(api, content(extra=attendees_block("a@example.com")))
    api.post(set_(f"<meetingkey>{key}</meetingkey><participants><attendees/></participants>")).ok()
    assert meeting_emails(read(api, key)) == ["a@example.com"]
    assert [n for n in notes(api, "SetMeeting") if n.element == WHERE] == []


def test_an_email_listed_twice_is_one_attendee_on_create_and_set(api):
    key = create(api, content(extra=attendees_block("dup@example.com", "Dup@Example.com", "other@example.com")))
    assert meeting_emails(read(api, key)) == ["dup@example.com", "other@example.com"]
    assert any("dup@example.com" in n.text for n in notes(api, "CreateMeeting") if n.element == WHERE)
    api.post(set_(f"<meetingkey>{key}</meetingkey>{attendees_block('x@example.com', 'X@example.com')}")).ok()
    assert meeting_emails(read(api, key)) == ["x@example.com"]


def test_both_faces_keep_one_attendee_per_email(api):
    key = create(api, content(extra=attendees_block("ann@example.com", "ann@example.com")))
    (shown,) = api.rest("GET", f"/meetings?meetingNumber={key}").json()["items"]
    listed = api.rest("GET", f"/meetingInvitees?meetingId={shown['id']}").json()["items"]
    assert [i["email"] for i in listed] == ["ann@example.com"]
    again = api.rest("POST", "/meetingInvitees", json={"meetingId": shown["id"], "email": "ANN@example.com"})
    assert again.status_code == 409, again.text
    made = api.rest("POST", "/meetingInvitees", json={"meetingId": shown["id"], "email": "ben@example.com"})
    assert made.status_code == 200, made.text
    [ben] = attendee_ids(api.post(invite(key, "Ben@Example.com")).ok())  # XML keeps the attendee REST added
    assert made.json()["id"].endswith(f"_{ben}")
    assert meeting_emails(read(api, key)) == ["ann@example.com", "ben@example.com"]
