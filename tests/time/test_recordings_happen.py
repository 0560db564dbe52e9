"""A meeting that happens leaves its recording (issue 23: freeze the clock, start, end, list the recording through
both faces), with the meetings started/ended and recordings created webhooks, in process and over HTTP."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from meetingkit import BODY
from restkit import iso
from webex import message

START = datetime(2030, 3, 4, 10, 0, tzinfo=UTC)


def settled(api, count: int) -> list[dict]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [d for d in api.app.state.deliveries.list("default") if d["outcome"] != "pending"]
        if len(found) >= count:
            return found
        time.sleep(0.01)
    raise AssertionError(api.app.state.deliveries.list("default"))


def test_start_end_and_the_recording_through_both_faces_with_their_webhooks(api):
    assert api.admin("PUT", "/_mock/clock", json={"freeze": iso(START - timedelta(minutes=5))}).status_code == 200
    for resource, event in (("meetings", "started"), ("meetings", "ended"), ("recordings", "created")):
        assert api.rest("POST", "/webhooks", json={"name": event, "resource": resource, "event": event,
                                                   "targetUrl": f"http://localhost/_mock/webhooks/sink/{event}"}
                        ).status_code == 200
    made = api.rest("POST", "/meetings", json={"title": "Recorded stand-up", "start": iso(START),
                                               "end": iso(START + timedelta(minutes=30)),
                                               "enabledAutoRecordMeeting": True}).json()
    key = made["meetingNumber"]
    assert api.admin("POST", f"/_mock/meetings/{key}/start").status_code == 200
    assert api.admin("PUT", "/_mock/clock", json={"advance": 25 * 60}).status_code == 200
    assert api.admin("POST", f"/_mock/meetings/{key}/end").status_code == 200
    # ran 25 minutes; the recording is made the details lag (15 minutes) after the end
    assert api.rest("GET", "/recordings").json()["items"] == []
    assert api.admin("PUT", "/_mock/clock", json={"advance": 16 * 60}).status_code == 200
    (recording,) = api.rest("GET", "/recordings").json()["items"]
    assert recording["durationSeconds"] == 25 * 60 and recording["topic"] == "Recorded stand-up"
    assert recording["meetingSeriesId"] == made["id"] and recording["meetingId"].startswith(made["id"] + "_I_")
    instances = api.rest("GET", f"/meetings?meetingType=meeting&meetingSeriesId={made['id']}").json()["items"]
    assert [i["id"] for i in instances] == [recording["meetingId"]]
    xml = api.post(message("ep.LstRecording", f"<sessionKey>{key}</sessionKey>")).ok()
    assert xml.text(BODY + "ep:recording/ep:duration") == str(25 * 60)
    assert xml.text(BODY + "ep:recording/ep:streamURL") == recording["playbackUrl"]
    events = [(d["resource"], d["event"]) for d in settled(api, 3)]
    assert events == [("meetings", "started"), ("meetings", "ended"), ("recordings", "created")]


def test_an_e2ee_meeting_that_happens_leaves_no_recording(api):
    api.admin("PUT", "/_mock/clock", json={"freeze": iso(START - timedelta(minutes=5))})
    key = api.post(message("meeting.CreateMeeting", "<metaData><confName>Secret</confName></metaData>"
                           "<schedule><startDate>03/04/2030 10:00:00</startDate><timeZoneID>21</timeZoneID>"
                           "</schedule><enableOptions><autoRecord>true</autoRecord><supportE2E>true</supportE2E>"
                           "</enableOptions>")).ok().text(BODY + "meet:meetingkey")
    api.admin("POST", f"/_mock/meetings/{key}/start")
    api.admin("PUT", "/_mock/clock", json={"advance": 40 * 60})
    api.admin("POST", f"/_mock/meetings/{key}/end")
    api.admin("PUT", "/_mock/clock", json={"advance": 60 * 60})
    assert api.rest("GET", "/recordings").json()["items"] == []
