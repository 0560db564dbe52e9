"""The REST face's /v1/meetingInvitees (a meeting's attendees, one list for both faces), templates and session
types (the site's meeting types), in process and over HTTP (issue 22)."""

from __future__ import annotations

import pytest
from attendeekit import invite, listed_emails, lst_attendees
from meetingkit import content, read, value
from meetingkit import create as create_xml
from restkit import create, failure


def _invite(api, meeting_id: str, email: str, **more):
    return api.rest("POST", "/meetingInvitees", json={"meetingId": meeting_id, "email": email, **more})


def test_an_invitee_added_over_rest_is_an_attendee_over_xml_and_back(api):
    made = create(api)
    added = _invite(api, made["id"], "ann@example.com", displayName="Ann Lee", coHost=True)
    assert added.status_code == 200, added.text
    invitee = added.json()
    assert invitee["id"].startswith(made["id"] + "_") and invitee["meetingId"] == made["id"]
    assert (invitee["email"], invitee["displayName"], invitee["coHost"]) == ("ann@example.com", "Ann Lee", True)
    key = int(made["meetingNumber"])
    api.post(invite(key, "bob@example.com", "Bob")).ok()  # and one added over XML
    assert listed_emails(api.post(lst_attendees(key)).ok()) == ["ann@example.com", "bob@example.com"]
    listed = api.rest("GET", f"/meetingInvitees?meetingId={made['id']}").json()["items"]
    assert [(i["email"], i["displayName"]) for i in listed] == [("ann@example.com", "Ann Lee"),
                                                                ("bob@example.com", "Bob")]
    assert api.rest("GET", f"/meetingInvitees/{invitee['id']}").json() == invitee


def test_a_duplicate_invitee_is_409_and_changes_nothing(api):
    made = create(api)
    _invite(api, made["id"], "ann@example.com")
    assert failure(_invite(api, made["id"], "ANN@example.com"), 409) == "User is already a meeting invitee."
    assert len(api.rest("GET", f"/meetingInvitees?meetingId={made['id']}").json()["items"]) == 1


def test_update_and_delete(api):
    made = create(api)
    invitee = _invite(api, made["id"], "ann@example.com").json()
    changed = api.rest("PUT", f"/meetingInvitees/{invitee['id']}", json={"email": "ann@example.com",
                                                                         "displayName": "Ann B."})
    assert changed.json()["displayName"] == "Ann B."
    deleted = api.rest("DELETE", f"/meetingInvitees/{invitee['id']}")
    assert deleted.status_code == 204
    failure(api.rest("GET", f"/meetingInvitees/{invitee['id']}"), 404)
    failure(api.rest("GET", f"/meetingInvitees/{made['id']}_x"), 404)


def test_bulk_insert_is_all_or_none_and_bounded(api):
    made = create(api)
    _invite(api, made["id"], "taken@example.com")
    items = [{"email": f"guest{n}@example.com"} for n in range(3)]
    added = api.rest("POST", "/meetingInvitees/bulkInsert", json={"meetingId": made["id"], "items": items})
    assert [i["email"] for i in added.json()["items"]] == [f"guest{n}@example.com" for n in range(3)]
    clash = [{"email": "new@example.com"}, {"email": "taken@example.com"}]
    failure(api.rest("POST", "/meetingInvitees/bulkInsert", json={"meetingId": made["id"], "items": clash}), 409)
    too_many = [{"email": f"x{n}@example.com"} for n in range(101)]
    assert "items" in failure(api.rest("POST", "/meetingInvitees/bulkInsert",
                                       json={"meetingId": made["id"], "items": too_many}), 400)
    emails = [i["email"] for i in api.rest("GET", f"/meetingInvitees?meetingId={made['id']}&max=100").json()["items"]]
    assert "new@example.com" not in emails and len(emails) == 4


def test_bulk_insert_by_put_is_accepted_and_noted(api):
    made = create(api)
    response = api.rest("PUT", "/meetingInvitees/bulkInsert",
                        json={"meetingId": made["id"], "items": [{"email": "a@example.com"}]})
    assert response.status_code == 200
    (entry,) = api.app.state.tenancy.get().journal.entries(operation="PUT /meetingInvitees/bulkInsert")
    assert [note.code for note in entry.notes] == ["sdk-method"]


def test_an_xml_meetings_attendees_are_its_invitees(api):
    key = create_xml(api, content("With people", "01/15/2030 10:00:00"))
    api.post(invite(key, "carol@example.com", "Carol")).ok()
    (meeting,) = api.rest("GET", f"/meetings?meetingNumber={key}").json()["items"]
    (invitee,) = api.rest("GET", f"/meetingInvitees?meetingId={meeting['id']}").json()["items"]
    assert (invitee["email"], invitee["displayName"], invitee["coHost"]) == ("carol@example.com", "Carol", False)


def test_templates_and_session_types_are_the_sites_meeting_types(api):
    templates = api.rest("GET", "/meetings/templates").json()["items"]
    assert [(t["name"], t["isDefault"]) for t in templates] == [("STD", True), ("FRE", False), ("PRO", False)]
    assert api.rest("GET", "/meetings/templates?templateType=webinar").json()["items"] == []
    detailed = api.rest("GET", f"/meetings/templates/{templates[2]['id']}").json()
    assert detailed["meeting"]["sessionTypeId"] == 214
    kinds = api.rest("GET", "/meetings/sessionTypes").json()["items"]
    assert [k["id"] for k in kinds] == ["1", "3", "214"]
    assert api.rest("GET", "/meetings/sessionTypes/3").json()["name"] == "FRE"
    failure(api.rest("GET", "/meetings/sessionTypes/99"), 404)
    failure(api.rest("GET", "/meetings/templates/nope"), 404)


@pytest.mark.parametrize("session_type", [3, 214])
def test_a_session_type_is_the_xml_meeting_type(api, session_type):
    made = create(api, sessionTypeId=session_type)
    assert made["sessionTypeId"] == session_type
    assert value(read(api, int(made["meetingNumber"])), "meet:metaData/meet:meetingType") == str(session_type)
