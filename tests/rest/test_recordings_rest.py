"""/v1/recordings (issue 23, item 4; docs/time.md "Recordings"): what an ended meeting with automatic recording
leaves, shown after the documented lag, in process and over HTTP, on the mock's clock."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from meetingkit import content
from meetingkit import create as create_xml
from restkit import ADMIN_TOKEN, failure, iso

from mockserver.domain import meetings

GLOBEX_TOKEN = "globex-host-access-token"
START = datetime(2030, 1, 15, 10, 0, tzinfo=UTC)
MS = 1000


def freeze(api, moment: datetime) -> None:
    assert api.admin("PUT", "/_mock/clock", json={"freeze": iso(moment)}).status_code == 200


def advance(api, minutes: int) -> None:
    assert api.admin("PUT", "/_mock/clock", json={"advance": minutes * 60}).status_code == 200


def recorded_meeting(api, minutes: int = 30, **fields) -> tuple[dict, object]:
    """A REST meeting at START, run from its start for ``minutes``, and what it left."""
    body = {"title": "Recorded", "start": iso(START), "end": iso(START + timedelta(minutes=30)),
            "enabledAutoRecordMeeting": True, **fields}
    made = api.rest("POST", "/meetings", json=body).json()
    stored = api.store.get_meeting("acme", int(made["meetingNumber"]))
    started = int(START.timestamp()) * MS
    return made, meetings.recording_left(api.store, stored, started, started + minutes * 60 * MS)


@pytest.fixture
def at_start(api):
    freeze(api, START - timedelta(hours=1))
    return api


def test_a_recording_shows_after_the_lag_with_the_meetings_ids_and_length(at_start):
    api = at_start
    made, recording = recorded_meeting(api, minutes=42)
    assert recording is not None
    freeze(api, START + timedelta(minutes=42 + 14))
    assert api.rest("GET", "/recordings").json()["items"] == []  # 14 minutes after the end: not yet
    advance(api, 2)
    (shown,) = api.rest("GET", "/recordings").json()["items"]
    assert (shown["topic"], shown["durationSeconds"], shown["sizeBytes"]) == ("Recorded", 42 * 60, 42 * 60 * 55_000)
    assert shown["meetingSeriesId"] == made["id"] and shown["scheduledMeetingId"] == f"{made['id']}_20300115T100000Z"
    assert shown["meetingId"].startswith(made["id"] + "_I_")
    assert shown["timeRecorded"] == "2030-01-15T10:00:00Z" and shown["createTime"] == "2030-01-15T10:57:00Z"
    assert re.fullmatch(r"https://acme\.webex\.com/acme/ldr\.php\?RCID=[0-9a-f]{32}", shown["playbackUrl"])
    assert re.fullmatch(r"https://acme\.webex\.com/acme/lsr\.php\?RCID=[0-9a-f]{32}", shown["downloadUrl"])
    assert (shown["format"], shown["serviceType"], shown["status"]) == ("MP4", "MeetingCenter", "available")
    assert shown["password"] == made["password"]
    one = api.rest("GET", f"/recordings/{shown['id']}").json()
    links = one.pop("temporaryDirectDownloadLinks")
    assert one == shown
    assert links["expiration"] == "2030-01-15T13:58:00Z"  # three hours from now
    assert "/nbr/MultiThreadDownloadServlet?" in links["recordingDownloadLink"]


def test_only_meetings_that_record_automatically_and_are_not_e2ee_leave_one(at_start):
    api = at_start
    assert recorded_meeting(api, enabledAutoRecordMeeting=False)[1] is None
    key = create_xml(api, content("Secret", "01/15/2030 10:00:00",
                                  extra="<enableOptions><autoRecord>true</autoRecord><supportE2E>true</supportE2E>"
                                        "</enableOptions>"))
    stored = api.store.get_meeting("acme", key)
    assert meetings.recording_left(api.store, stored, int(START.timestamp()) * MS,
                                   int(START.timestamp()) * MS + 600 * MS) is None


def test_the_list_filters_and_windows(at_start):
    api = at_start
    made, first = recorded_meeting(api)
    other, second = recorded_meeting(api, title="Other")
    freeze(api, START + timedelta(hours=2))
    listed = api.rest("GET", "/recordings").json()["items"]
    assert [r["id"] for r in listed] == [second.id, first.id] or [r["id"] for r in listed] == [first.id, second.id]
    assert [r["topic"] for r in api.rest("GET", "/recordings?topic=other").json()["items"]] == ["Other"]
    assert [r["meetingSeriesId"] for r in api.rest("GET", f"/recordings?meetingId={made['id']}").json()["items"]] \
        == [made["id"]]
    assert api.rest("GET", "/recordings?from=2030-02-01T00:00:00Z").json()["items"] == []
    assert len(api.rest("GET", "/recordings?from=2030-01-15T00:00:00Z&to=2030-01-16T00:00:00Z").json()["items"]) == 2
    assert "format" in failure(api.rest("GET", "/recordings?format=AVI"), 400)
    assert "to" in failure(api.rest("GET", "/recordings?from=2030-01-16T00:00:00Z&to=2030-01-15T00:00:00Z"), 400)


def test_a_recording_is_its_hosts_and_a_site_admins_and_deleted_for_good(at_start):
    api = at_start
    _, recording = recorded_meeting(api)
    freeze(api, START + timedelta(hours=2))
    assert failure(api.rest("GET", f"/recordings/{recording.id}", token=GLOBEX_TOKEN), 404)
    assert api.rest("GET", f"/recordings/{recording.id}", token=ADMIN_TOKEN).status_code == 200
    assert api.rest("GET", "/recordings", token=ADMIN_TOKEN).json()["items"] == []  # the admin hosts none
    assert len(api.rest("GET", "/recordings?hostEmail=hostid@acme.com", token=ADMIN_TOKEN).json()["items"]) == 1
    assert failure(api.rest("GET", "/recordings?hostEmail=admin@acme.com"), 403)
    assert api.rest("DELETE", f"/recordings/{recording.id}").status_code == 204
    assert failure(api.rest("GET", f"/recordings/{recording.id}"), 404)
    assert api.rest("GET", "/recordings").json()["items"] == []


def test_a_new_recording_is_told_to_recordings_webhooks(at_start):
    api = at_start
    hook = api.rest("POST", "/webhooks", json={"name": "recs", "targetUrl": "http://localhost/_mock/webhooks/sink/r",
                                               "resource": "recordings", "event": "created"}).json()
    _, recording = recorded_meeting(api)
    deadline = time.monotonic() + 10
    while not (found := api.app.state.deliveries.list("default")) and time.monotonic() < deadline:
        time.sleep(0.01)
    (delivery,) = found
    assert (delivery["resource"], delivery["event"], delivery["webhookId"]) == ("recordings", "created", hook["id"])
    assert delivery["body"]["data"]["id"] == recording.id and delivery["body"]["data"]["topic"] == "Recorded"


def test_the_page_lists_a_sites_recordings_those_not_listed_yet_too(at_start):
    api = at_start
    _, recording = recorded_meeting(api)
    freeze(api, START + timedelta(minutes=35))  # ended at 10:30, listed from 10:45
    (acme,) = [s for s in api.admin("GET", "/_mock/page/overview").json()["sites"] if s["siteName"] == "acme"]
    assert acme["recordings"] == [{"recordingID": recording.number, "topic": "Recorded",
                                   "meetingKey": recording.meeting_key, "host": "hostid@acme.com",
                                   "durationSeconds": 1800, "sizeBytes": 1800 * 55_000,
                                   "createTime": int((START + timedelta(minutes=45)).timestamp()), "shown": False}]
