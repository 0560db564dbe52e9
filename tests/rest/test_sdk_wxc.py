"""The REST face serves wxc_sdk (the Webex Python SDK published as ``wxc_sdk``) unchanged, over real HTTP.

wxc_sdk builds every URL from the class attribute ``RestSession.BASE`` (no trailing slash), so each test points it
at the mock with ``monkeypatch``. Its pydantic models parse every answer: a string where they want an int, an int
where they want a string, or a JSON answer not labelled ``application/json`` fails the call. wxc_sdk has no API for
meeting templates or session types: those flows go through its session (``rest_get``, ``follow_pagination``), with
its headers and paging. What it sends and needs is in docs/rest-sdk-notes.md.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sdkkit import (
    ADMIN,
    HOST,
    MEETING_TYPES,
    PASSWORD,
    PLUS_TWO,
    SCHEDULED_TYPES,
    SESSION_TYPE_TYPES,
    STATES,
    TEMPLATE_TYPES,
    instant,
    iso,
    later,
)

pytest.importorskip("wxc_sdk")
from wxc_sdk import WebexSimpleApi
from wxc_sdk.meetings import Meeting
from wxc_sdk.meetings.invitees import CreateInviteesItem
from wxc_sdk.rest import RestError, RestSession


@pytest.fixture
def base(rest_base, monkeypatch) -> str:
    """The mock's ``/v1`` as wxc_sdk's ``RestSession.BASE`` (a class attribute, restored after the test)."""
    monkeypatch.setattr(RestSession, "BASE", rest_base.rstrip("/"))
    return rest_base.rstrip("/")


@pytest.fixture
def wxc(base, host_token):
    api = WebexSimpleApi(tokens=host_token, retry_429=False)
    yield api
    api.close()


@pytest.fixture
def admin(base, admin_token):
    api = WebexSimpleApi(tokens=admin_token, retry_429=False)
    yield api
    api.close()


def create(api, title: str, start: datetime, minutes: int = 60) -> Meeting:
    return api.meetings.create(title=title, start=iso(start), end=iso(start + timedelta(minutes=minutes)),
                               password=PASSWORD, timezone="UTC")


def count_gets(api) -> list[str]:
    """The URLs of the GETs the session sends from now on."""
    urls: list[str] = []

    def seen(response, _ns) -> None:
        if response.request.method == "GET":
            urls.append(response.request.url)
    api.session.register_response_callback(seen)
    return urls


def test_the_sdk_builds_its_urls_from_the_base(wxc, base):
    assert wxc.meetings.ep() == f"{base}/meetings"
    assert wxc.meetings.invitees.ep("x") == f"{base}/meetingInvitees/x"
    assert wxc.people.ep("me") == f"{base}/people/me"


def test_create_then_get_reads_the_meeting_back(wxc):
    start = later()
    title = "WXC create Café 会議"  # sent as raw UTF-8 (pydantic's JSON), not as \u escapes
    made = create(wxc, title, start, minutes=45)
    assert made.id and made.meeting_number and made.title == title
    # the enums extend themselves with unknown values (with a logged warning) unless API_MODEL_ALLOW_EXTRA is set:
    # check the values against the published ones
    assert made.meeting_type in MEETING_TYPES and made.state in STATES
    assert made.scheduled_type is None or made.scheduled_type in SCHEDULED_TYPES

    got = wxc.meetings.get(made.id)
    assert (got.id, got.meeting_number, got.title) == (made.id, made.meeting_number, title)
    assert instant(got.start) == start and instant(got.end) == start + timedelta(minutes=45)
    assert got.password == PASSWORD and got.host_email == HOST and got.timezone


def test_list_by_meeting_number_finds_exactly_that_meeting(wxc):
    made = create(wxc, "WXC by number", later())
    create(wxc, "WXC another", later(hours=2))
    found = list(wxc.meetings.list(meeting_number=made.meeting_number))
    assert [(m.meeting_number, m.title) for m in found] == [(made.meeting_number, "WXC by number")]


def test_list_by_window_finds_the_meetings_that_start_in_it(wxc):
    start = later(days=3)
    inside = {create(wxc, f"WXC inside {n}", start + timedelta(hours=n)).id for n in range(2)}
    create(wxc, "WXC outside", start + timedelta(days=2))
    found = list(wxc.meetings.list(from_=iso(start - timedelta(hours=1)), to_=iso(start + timedelta(hours=12))))
    assert {m.id for m in found} == inside and len(found) == 2


def test_paging_with_max_2_over_5_meetings_yields_each_once(wxc):
    start = later(days=4)
    made = [create(wxc, f"WXC page {n}", start + timedelta(hours=n)).id for n in range(5)]
    gets = count_gets(wxc)
    # wxc_sdk sends the parameters with the first request only and then follows the Link URLs as they are: they
    # must carry every parameter (max, from with its "+", to)
    found = [m.id for m in wxc.meetings.list(from_=(start - timedelta(hours=1)).astimezone(PLUS_TWO).isoformat(),
                                             to_=iso(start + timedelta(days=1)), max=2)]
    assert sorted(found) == sorted(made) and len(found) == 5
    assert len(gets) == 3, gets  # pages of 2, 2 and 1; the last one has no next link
    assert all(url.startswith(RestSession.BASE + "/meetings?") for url in gets)


def test_put_with_the_whole_meeting_changes_the_title(wxc):
    start = later()
    made = create(wxc, "WXC before", start)
    got = wxc.meetings.get(made.id)
    updated = wxc.meetings.update(made.id, title="WXC after", password=got.password, start=got.start, end=got.end)
    assert updated.id == made.id and updated.title == "WXC after"
    again = wxc.meetings.get(made.id)
    assert again.title == "WXC after" and instant(again.start) == start


def test_patch_with_only_the_title_keeps_the_rest(wxc):
    # PATCH is sent as Content-Type application/json;charset=utf-8 (not application/json-patch+json), with the
    # changed fields only
    start = later()
    made = create(wxc, "WXC patch before", start)
    patched = wxc.meetings.patch(made.id, title="WXC patch after")
    assert patched.id == made.id and patched.title == "WXC patch after"
    again = wxc.meetings.get(made.id)
    assert again.title == "WXC patch after"
    assert instant(again.start) == start and again.password == PASSWORD


def test_delete_then_get_is_a_404_rest_error(wxc):
    made = create(wxc, "WXC delete", later())
    wxc.meetings.delete(made.id)
    with pytest.raises(RestError) as raised:
        wxc.meetings.get(made.id)
    error = raised.value
    assert error.response.status_code == 404
    # the body parses as wxc_sdk's ErrorDetail only with both "message" and "trackingId"
    assert not isinstance(error.detail, str), error.detail
    assert error.detail.message and error.detail.tracking_id
    assert list(wxc.meetings.list(meeting_number=made.meeting_number)) == []


def test_invitee_round_trip(wxc):
    made = create(wxc, "WXC invitees", later())
    invitees = wxc.meetings.invitees
    invitee = invitees.create_invitee(email="guest@example.com", meeting_id=made.id, display_name="Guest One")
    assert invitee.id and invitee.email == "guest@example.com" and invitee.meeting_id == made.id

    listed = list(invitees.list(meeting_id=made.id))
    assert [(i.id, i.email, i.display_name) for i in listed] == [(invitee.id, "guest@example.com", "Guest One")]

    got = invitees.invitee_details(invitee.id)
    assert (got.id, got.email, got.display_name, got.meeting_id) == (invitee.id, "guest@example.com", "Guest One",
                                                                      made.id)

    changed = invitees.update(invitee.id, email="guest@example.com", display_name="Guest Two")
    assert changed.display_name == "Guest Two"
    assert invitees.invitee_details(invitee.id).display_name == "Guest Two"

    invitees.delete(invitee.id)
    assert list(invitees.list(meeting_id=made.id)) == []
    with pytest.raises(RestError) as raised:
        invitees.invitee_details(invitee.id)
    assert raised.value.response.status_code == 404


def test_invitees_in_bulk_and_in_pages(wxc):
    made = create(wxc, "WXC bulk", later())
    emails = [f"guest{n}@example.com" for n in range(3)]
    added = wxc.meetings.invitees.create_invitees(made.id, [CreateInviteesItem(email=email) for email in emails])
    assert sorted(item["email"] for item in added) == emails  # this call returns the raw dicts of "items"
    assert sorted(i.email for i in wxc.meetings.invitees.list(meeting_id=made.id, max=2)) == emails


def test_templates_list_and_get_through_the_session(wxc):
    session = wxc.session
    templates = list(session.follow_pagination(url=session.ep("meetings/templates")))
    assert templates
    for template in templates:
        assert template["id"] and template["name"] and template["templateType"] in TEMPLATE_TYPES
        assert isinstance(template["isDefault"], bool) and isinstance(template["isStandard"], bool)
    got = session.rest_get(session.ep(f"meetings/templates/{templates[0]['id']}"))
    assert isinstance(got, dict), got  # parsed only when the answer is labelled application/json
    assert (got["id"], got["name"]) == (templates[0]["id"], templates[0]["name"])
    assert isinstance(got["meeting"], dict)


def test_session_types_list_and_get_through_the_session(wxc):
    session = wxc.session
    kinds = list(session.follow_pagination(url=session.ep("meetings/sessionTypes")))
    assert kinds
    for kind in kinds:
        assert isinstance(kind["id"], str) and kind["name"] and kind["type"] in SESSION_TYPE_TYPES
    got = session.rest_get(session.ep(f"meetings/sessionTypes/{kinds[0]['id']}"))
    assert isinstance(got, dict) and got["id"] == kinds[0]["id"]

    # a meeting's sessionTypeId is a number in wxc_sdk's models (int), a string in the session type itself
    start = later()
    made = wxc.meetings.create(title="WXC session type", start=iso(start), end=iso(start + timedelta(hours=1)),
                               session_type_id=int(kinds[0]["id"]))
    assert wxc.meetings.get(made.id).session_type_id == int(kinds[0]["id"])


def test_people_me_is_the_host(wxc):
    me = wxc.people.me()
    assert me.emails == [HOST]
    assert me.person_id and me.display_name


def test_every_request_carries_the_sdk_headers_and_is_accepted(wxc):
    # Authorization: Bearer <token>, Content-Type: application/json;charset=utf-8 even on GET and DELETE, and a
    # TrackingID of the form SIMPLE_<uuid>: none of them may make the mock refuse a request
    sent = []
    wxc.session.register_response_callback(lambda response, _ns: sent.append(response.request.headers))
    made = create(wxc, "WXC headers", later())
    wxc.meetings.get(made.id)
    wxc.meetings.delete(made.id)
    assert len(sent) == 3
    for headers in sent:
        assert headers["Authorization"].startswith("Bearer ")
        assert headers["Content-Type"] == "application/json;charset=utf-8"
        assert headers["TrackingID"].startswith("SIMPLE_")


def test_an_unknown_token_is_a_401_rest_error(base):
    with WebexSimpleApi(tokens="no-such-token", retry_429=False) as stranger, pytest.raises(RestError) as raised:
        stranger.people.me()
    assert raised.value.response.status_code == 401


def test_the_admin_sees_the_hosts_meeting_with_host_email(wxc, admin):
    made = create(wxc, "WXC for admin", later())
    assert admin.people.me().emails == [ADMIN]
    found = list(admin.meetings.list(meeting_number=made.meeting_number, host_email=HOST))
    assert [m.title for m in found] == ["WXC for admin"]
