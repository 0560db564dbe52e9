"""The REST face serves webexpythonsdk (Cisco's published Python SDK) unchanged, over real HTTP.

Each flow runs through the SDK exactly as an application calls it: ``WebexAPI(access_token=..., base_url=...)`` and
its ``meetings``, ``meeting_invitees``, ``meeting_templates`` and ``people`` wrappers. What the SDK sends and what it
needs back (POST answered 200, DELETE 204, ``items`` in every list, absolute ``Link`` URLs that carry every query
parameter, JSON error bodies) is in docs/rest-sdk-notes.md.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sdkkit import ADMIN, HOST, MEETING_TYPES, PASSWORD, PLUS_TWO, STATES, TEMPLATE_TYPES, instant, iso, later

pytest.importorskip("webexpythonsdk")
from webexpythonsdk import ApiError, WebexAPI


@pytest.fixture
def wx(rest_base, host_token):
    return WebexAPI(access_token=host_token, base_url=rest_base, single_request_timeout=30)


@pytest.fixture
def admin(rest_base, admin_token):
    return WebexAPI(access_token=admin_token, base_url=rest_base, single_request_timeout=30)


def create(wx, title: str, start: datetime, minutes: int = 60):
    return wx.meetings.create(title=title, start=iso(start), end=iso(start + timedelta(minutes=minutes)),
                              password=PASSWORD, timezone="UTC")


def test_create_then_get_reads_the_meeting_back(wx):
    start = later()
    title = "SDK create Café 会議"  # sent as \u escapes (json.dumps), so the body is ASCII
    made = create(wx, title, start, minutes=45)
    assert made.id and made.meetingNumber and made.title == title
    assert made.meetingType in MEETING_TYPES and made.state in STATES

    got = wx.meetings.get(made.id)
    assert got.id == made.id and got.meetingNumber == made.meetingNumber
    assert got.title == title
    assert instant(got.start) == start and instant(got.end) == start + timedelta(minutes=45)
    assert got.password == PASSWORD  # update() of this SDK must send it back: it is a required argument there
    assert got.hostEmail == HOST
    assert isinstance(got.meetingNumber, str) and isinstance(got.webLink, str)


def test_list_by_meeting_number_finds_exactly_that_meeting(wx):
    made = create(wx, "SDK by number", later())
    create(wx, "SDK another", later(hours=2))
    found = list(wx.meetings.list(meetingNumber=made.meetingNumber))
    assert [(m.meetingNumber, m.title) for m in found] == [(made.meetingNumber, "SDK by number")]


def test_list_by_window_finds_the_meetings_that_start_in_it(wx):
    start = later(days=3)
    inside = {create(wx, f"SDK inside {n}", start + timedelta(hours=n)).id for n in range(2)}
    create(wx, "SDK outside", start + timedelta(days=2))
    found = list(wx.meetings.list(from_=iso(start - timedelta(hours=1)), to=iso(start + timedelta(hours=12))))
    assert {m.id for m in found} == inside
    assert len(found) == 2


def test_paging_with_max_2_over_5_meetings_yields_each_once(wx):
    start = later(days=4)
    made = [create(wx, f"SDK page {n}", start + timedelta(hours=n)).id for n in range(5)]
    # the window is written with an offset: its "+" must survive into the next-page URL (the SDK re-adds any
    # parameter the Link URL lacks, unencoded)
    window = {"from_": (start - timedelta(hours=1)).astimezone(PLUS_TWO).isoformat(),
              "to": iso(start + timedelta(days=1))}

    found = [m.id for m in wx.meetings.list(max=2, **window)]
    assert sorted(found) == sorted(made) and len(found) == 5

    # the pages themselves: 2, 2 and 1 items, the last without a next link
    params = {"from": window["from_"], "to": window["to"], "max": 2}
    pages = list(wx._session.get_pages("meetings", params=params))
    assert [len(page["items"]) for page in pages] == [2, 2, 1]


def test_update_is_a_put_of_the_whole_meeting_and_changes_the_title(wx):
    start = later()
    made = create(wx, "SDK before", start)
    got = wx.meetings.get(made.id)
    updated = wx.meetings.update(made.id, title="SDK after", password=got.password, start=got.start, end=got.end)
    assert updated.id == made.id and updated.title == "SDK after"
    again = wx.meetings.get(made.id)
    assert again.title == "SDK after" and instant(again.start) == start


def test_delete_then_get_is_a_404_api_error(wx):
    made = create(wx, "SDK delete", later())
    wx.meetings.delete(made.id)
    with pytest.raises(ApiError) as raised:
        wx.meetings.get(made.id)
    error = raised.value
    assert error.status_code == 404
    assert error.message  # read from the JSON body (Content-Type application/json)
    assert error.tracking_id
    assert made.id not in {m.id for m in wx.meetings.list(meetingNumber=made.meetingNumber)}


def test_invitee_round_trip(wx):
    made = create(wx, "SDK invitees", later())
    invitee = wx.meeting_invitees.create(meetingId=made.id, email="guest@example.com", displayName="Guest One")
    assert invitee.id and invitee.email == "guest@example.com" and invitee.meetingId == made.id

    listed = list(wx.meeting_invitees.list(made.id))
    assert [(i.id, i.email, i.displayName) for i in listed] == [(invitee.id, "guest@example.com", "Guest One")]

    got = wx.meeting_invitees.get(invitee.id)
    assert (got.id, got.email, got.displayName, got.meetingId) == (invitee.id, "guest@example.com", "Guest One",
                                                                      made.id)

    # PUT with email (required) and the changed field; no meetingId in the body
    changed = wx.meeting_invitees.update(invitee.id, email="guest@example.com", displayName="Guest Two")
    assert changed.displayName == "Guest Two"
    assert wx.meeting_invitees.get(invitee.id).displayName == "Guest Two"

    wx.meeting_invitees.delete(invitee.id)
    assert list(wx.meeting_invitees.list(made.id)) == []
    with pytest.raises(ApiError) as raised:
        wx.meeting_invitees.get(invitee.id)
    assert raised.value.status_code == 404


def test_invitees_page_with_max(wx):
    made = create(wx, "SDK invitee pages", later())
    emails = [f"guest{n}@example.com" for n in range(3)]
    for email in emails:
        wx.meeting_invitees.create(meetingId=made.id, email=email)
    assert sorted(i.email for i in wx.meeting_invitees.list(made.id, max=2)) == emails


def test_templates_list_and_get(wx):
    templates = list(wx.meeting_templates.list())
    assert templates
    for template in templates:
        assert template.id and template.name and template.templateType in TEMPLATE_TYPES
        assert isinstance(template.isDefault, bool) and isinstance(template.isStandard, bool)
    first = templates[0]
    got = wx.meeting_templates.get(first.id)
    assert (got.id, got.name, got.templateType) == (first.id, first.name, first.templateType)
    assert isinstance(got.meeting, dict)  # a detailed template carries the meeting it would create

    meeting_only = list(wx.meeting_templates.list(templateType="meeting"))
    assert meeting_only and all(t.templateType == "meeting" for t in meeting_only)


def test_create_from_a_template(wx):
    template = next(iter(wx.meeting_templates.list(templateType="meeting")))
    start = later()
    made = wx.meetings.create(title="SDK templated", start=iso(start), end=iso(start + timedelta(hours=1)),
                              templateId=template.id)
    assert wx.meetings.get(made.id).title == "SDK templated"


def test_people_me_is_the_host(wx):
    me = wx.people.me()
    assert HOST in me.emails
    assert me.id and me.displayName
    if "created" in me.json_data:  # parsed on access with the format %Y-%m-%dT%H:%M:%S.%fZ
        assert me.created.year >= 2000


def test_an_unknown_token_is_a_401_api_error(rest_base):
    stranger = WebexAPI(access_token="no-such-token", base_url=rest_base, single_request_timeout=30)
    with pytest.raises(ApiError) as raised:
        stranger.people.me()
    assert raised.value.status_code == 401


def test_the_admin_sees_the_hosts_meeting_with_host_email(wx, admin):
    made = create(wx, "SDK for admin", later())
    assert admin.people.me().emails == [ADMIN]
    found = list(admin.meetings.list(meetingNumber=made.meetingNumber, hostEmail=HOST))
    assert [m.title for m in found] == ["SDK for admin"]
