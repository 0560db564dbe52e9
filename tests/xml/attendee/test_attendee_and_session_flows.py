"""Attendees and sessions end to end: two clients speaking only XML over real HTTP; and a restart from the state
file keeps what CreateMeetingAttendee, DelMeetingAttendee and DelSession did."""

from __future__ import annotations

import httpx
from apikit import RESPONSE_SCHEMA, Answer, Api, make_app
from attendeekit import (
    attendee_ids,
    del_session,
    invite,
    listed_emails,
    lst_attendees,
    lst_sessions,
    meeting_emails,
    remove_by_email,
    remove_by_id,
    session_keys,
)
from meetingkit import ADMIN, HOST, create, fails, get
from webex import create_meeting


class XmlClient:
    """A WebEx XML client of its own: one HTTP connection pool, one user, nothing but XML."""

    def __init__(self, url: str, user: str) -> None:
        self.url, self.user = url, user
        self.http = httpx.Client(timeout=30)

    def call(self, build, *args, **kw) -> Answer:
        response = self.http.post(self.url, content=build(*args, user=self.user, **kw).encode("utf-8"),
                                  headers={"Content-Type": "text/xml"})
        assert response.status_code == 200
        assert not RESPONSE_SCHEMA.errors(response.content), response.text
        return Answer(response.status_code, response.headers, response.content)

    def close(self) -> None:
        self.http.close()


def test_host_and_admin_clients_over_http(webex_mock):
    host, admin = XmlClient(webex_mock.url, HOST), XmlClient(webex_mock.url, ADMIN)
    try:
        created = host.call(create_meeting).ok()
        key = int(created.text("serv:body/serv:bodyContent/meet:meetingkey"))
        bob = attendee_ids(host.call(invite, key, "bob@example.com", "Bob Smith").ok())[0]
        host.call(invite, key, "carol@example.com", "Carol Jones").ok()
        assert listed_emails(host.call(lst_attendees, key).ok()) == ["bob@example.com", "carol@example.com"]

        host.call(remove_by_id, bob).ok()
        assert listed_emails(admin.call(lst_attendees, key).ok()) == ["carol@example.com"]
        assert meeting_emails(host.call(get, key).ok()) == ["carol@example.com"]

        assert session_keys(admin.call(lst_sessions, f"<hostWebExID>{HOST}</hostWebExID>").ok()) == [key]
        admin.call(del_session, key).ok()
        fails(host.call(get, key), "060001")
        fails(host.call(lst_attendees, key), "060001")
    finally:
        host.close()
        admin.close()
    webex_mock.assert_called("CreateMeetingAttendee", times=2)
    webex_mock.assert_called("DelSession", where={"sessionKey": str(key)}, times=1)
    assert webex_mock.notes(operation="CreateMeetingAttendee", kind="assumed")


def test_state_file_keeps_attendees_and_deleted_sessions(tmp_path, http_server):
    path = str(tmp_path / "state.json")
    first = Api("asgi", make_app(state_file=path), http_server.url)
    kept, gone = create(first), create(first)
    first.post(invite(kept, "bob@example.com")).ok()
    first.post(invite(kept, "carol@example.com")).ok()
    first.post(remove_by_email(kept, "bob@example.com")).ok()
    first.post(del_session(gone)).ok()
    first.app.state.state_file.close()
    first.close()

    again = Api("asgi", make_app(state_file=path), http_server.url)
    try:
        assert listed_emails(again.post(lst_attendees(kept)).ok()) == ["carol@example.com"]
        fails(again.post(get(gone)), "060001")
        assert gone in again.store.used_keys
    finally:
        again.app.state.state_file.close()
        again.close()
