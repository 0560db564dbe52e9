"""ep.LstRecording and ep.DelRecording (docs/operations.md; docs/time.md "Recordings"): the recordings ended
meetings left, the same the REST face shows, in process and over HTTP; answers checked against the response XSDs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from meetingkit import BODY, fails
from restkit import iso
from webex import message

from mockserver.domain import meetings

START = datetime(2030, 1, 15, 10, 0, tzinfo=UTC)
SCOPE = ("<createTimeScope><createTimeStart>01/15/2030 00:00:00</createTimeStart>"
         "<createTimeEnd>01/16/2030 00:00:00</createTimeEnd></createTimeScope>")


def recorded(api, title: str = "Recorded", minutes: int = 40):
    api.admin("PUT", "/_mock/clock", json={"freeze": iso(START - timedelta(hours=1))})
    made = api.rest("POST", "/meetings", json={"title": title, "start": iso(START), "end": iso(START + timedelta(
        minutes=30)), "enabledAutoRecordMeeting": True}).json()
    stored = api.store.get_meeting("acme", int(made["meetingNumber"]))
    started = int(START.timestamp()) * 1000
    recording = meetings.recording_left(api.store, stored, started, started + minutes * 60_000)
    api.admin("PUT", "/_mock/clock", json={"freeze": iso(START + timedelta(hours=2))})
    return made, recording


def lst(api, content: str = "", **kw):
    return api.post(message("ep.LstRecording", content, **kw))


def test_lst_recording_lists_what_the_rest_face_lists(api):
    made, recording = recorded(api)
    answer = lst(api, SCOPE + "<returnSessionDetails>true</returnSessionDetails>").ok()
    assert answer.text(BODY + "ep:matchingRecords/serv:total") == "1"
    base = BODY + "ep:recording/ep:"
    assert answer.text(base + "recordingID") == str(recording.number)
    assert answer.text(base + "name") == "Recorded" and answer.text(base + "hostWebExID") == "hostid@acme.com"
    assert answer.text(base + "sessionKey") == made["meetingNumber"]
    assert answer.text(base + "duration") == str(40 * 60)
    assert answer.text(base + "size") == f"{40 * 60 * 55_000 / 1024 / 1024:.2f}"
    assert answer.text(base + "createTime") == "01/15/2030 10:55:00"  # GMT: the end, 10:40, and the 15-minute lag
    rest = api.rest("GET", f"/recordings/{recording.id}").json()
    assert answer.text(base + "streamURL") == rest["playbackUrl"]
    assert answer.text(base + "fileURL") == rest["downloadUrl"]


def test_lst_recording_reads_the_scope_in_its_zone_and_refuses_a_long_one(api):
    recorded(api)
    answer = lst(api, SCOPE.replace("</createTimeEnd>", "</createTimeEnd><timeZoneID>4</timeZoneID>")).ok()
    assert answer.text(BODY + "ep:recording/ep:createTime") == "01/15/2030 02:55:00"
    fails(lst(api, SCOPE.replace("01/16/2030", "02/16/2030")), "999999")
    fails(lst(api, SCOPE.replace("01/15/2030 00", "01/17/2030 00").replace("01/16/2030", "01/18/2030")), "000015")


def test_lst_recording_with_nothing_recorded_is_no_record_found(api):
    fails(lst(api, SCOPE), "000015")


def test_del_recording_deletes_it_from_both_faces(api):
    _, recording = recorded(api)
    answer = api.post(message("ep.DelRecording", f"<recordingID>{recording.number}</recordingID>")).ok()
    assert answer.text(BODY + "ep:recordingID") == str(recording.number)
    assert api.rest("GET", "/recordings").json()["items"] == []
    fails(api.post(message("ep.DelRecording", f"<recordingID>{recording.number}</recordingID>")), "000015")
