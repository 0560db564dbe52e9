"""Meetings that happen (docs/time.md): a test starts and ends a meeting through the admin API, the clock does the
rest, and both faces show it -- REST ``state`` of the series, its occurrence and its instances (with the documented
lag), ``hostDidJoin``/``attendeeDidJoin``, the list's ``state`` filter and ``meetingType=meeting``; XML GetMeeting
``status``/``hostJoined``/``participantsJoined``, GetSessionInfo and LstsummarySession by status; the ``meetings``
webhooks ``started`` and ``ended``. In-process and over real HTTP (every admin answer checked against
schemas/admin-openapi.json)."""

from __future__ import annotations

from adminkit import BODY, admin, mocks, ns  # noqa: F401  (fixtures)
from restkit import failure
from webex import message

from mockserver.base.instants import parse_instant

MONDAY = "2027-01-04T09:00:00Z"
SINK = "http://127.0.0.1/_mock/webhooks/sink/states"


def _setup(api, admin, lag: int = 0) -> dict:
    """Frozen on Monday 09:00 UTC, details without lag (unless ``lag``), webhooks for started and ended, and a
    meeting from 10:00 to 10:30."""
    admin.put("/_mock/clock", json={"freeze": MONDAY})
    admin.put("/_mock/meetings/settings", json={"detailsLagSeconds": lag})
    for event in ("started", "ended"):
        made = api.rest("POST", "/webhooks", json={"name": event, "targetUrl": SINK, "resource": "meetings",
                                                   "event": event})
        assert made.status_code == 200, made.text
    made = api.rest("POST", "/meetings", json={"title": "Stand-up", "start": "2027-01-04T10:00:00Z",
                                               "end": "2027-01-04T10:30:00Z", "timezone": "UTC"})
    assert made.status_code == 200, made.text
    return made.json()


def _series(api, meeting: dict) -> dict:
    found = api.rest("GET", f"/meetings/{meeting['id']}")
    assert found.status_code == 200, found.text
    return found.json()


def _listed(api, **query: str) -> list[dict]:
    found = api.rest("GET", "/meetings", params={"from": "2027-01-04T00:00:00Z", "to": "2027-01-05T00:00:00Z",
                                                 **query})
    assert found.status_code == 200, found.text
    return found.json()["items"]


def _xml(api, meeting: dict) -> tuple[str, str, str]:
    got = api.post(message("meeting.GetMeeting", f"<meetingKey>{meeting['meetingNumber']}</meetingKey>")).ok()
    return tuple(got.text(BODY + f"meet:{name}") for name in ("status", "hostJoined", "participantsJoined"))


def _delivered(admin, event: str) -> list[dict]:
    return [d["body"] for d in admin.get("/_mock/webhooks/deliveries", params={"event": event})["deliveries"]]


def test_a_meeting_is_ready_then_started_then_ended_on_both_faces(api, admin):
    meeting = _setup(api, admin)
    assert _series(api, meeting)["state"] == "active"
    assert "hostDidJoin" not in _series(api, meeting)  # an active series does not show it
    (occurrence,) = _listed(api, meetingType="scheduledMeeting")
    assert (occurrence["id"], occurrence["meetingSeriesId"], occurrence["state"]) == (meeting["id"], meeting["id"],
                                                                                    "ready")
    assert (occurrence["hostDidJoin"], occurrence["attendeeDidJoin"]) == (False, False)
    assert _xml(api, meeting) == ("NOT_INPROGRESS", "false", "false")

    admin.put("/_mock/clock", json={"advance": 120})  # 09:02: a ready meeting may start before its time
    started = admin.post(f"/_mock/meetings/{meeting['meetingNumber']}/start",
                         json={"attendees": ["ann@example.com"]})
    assert (started["state"], started["seriesState"], started["xmlStatus"]) == ("inProgress", "inProgress",
                                                                               "INPROGRESS")
    assert started["instanceId"].startswith(meeting["id"] + "_I_")
    assert len(started["instanceId"].split("_I_")[1]) == 18
    series = _series(api, meeting)
    assert (series["state"], series["hostDidJoin"], series["attendeeDidJoin"]) == ("inProgress", True, True)
    assert _xml(api, meeting) == ("INPROGRESS", "true", "true")
    (running,) = _listed(api, meetingType="meeting", state="inProgress")
    assert (running["id"], running["meetingSeriesId"], running["scheduledMeetingId"]) == (
        started["instanceId"], meeting["id"], meeting["id"])
    assert running["start"] == "2027-01-04T09:02:00+00:00" and running["hostDidJoin"] is True
    by_id = api.rest("GET", f"/meetings/{started['instanceId']}").json()
    assert (by_id["meetingType"], by_id["state"]) == ("meeting", "inProgress")
    assert [s["state"] for s in _listed(api, state="inProgress")] == ["inProgress"]
    assert _listed(api, state="active") == []
    (body,) = _delivered(admin, "started")
    assert (body["event"], body["data"]["id"], body["data"]["state"]) == ("started", started["instanceId"],
                                                                          "inProgress")

    admin.put("/_mock/clock", json={"advance": 1200})  # 09:22
    ended = admin.post(f"/_mock/meetings/{meeting['meetingNumber']}/end")
    assert (ended["state"], ended["endedAt"], ended["seriesState"]) == ("ended", "2027-01-04T09:22:00.000Z",
                                                                         "active")
    (occurrence,) = _listed(api, meetingType="scheduledMeeting")
    assert (occurrence["state"], occurrence["hostDidJoin"]) == ("ready", True)  # until its scheduled end
    (done,) = _listed(api, meetingType="meeting")
    assert (done["state"], done["end"]) == ("ended", "2027-01-04T09:22:00+00:00") and "meetingNumber" not in done
    assert _xml(api, meeting) == ("NOT_INPROGRESS", "false", "false")
    (body,) = _delivered(admin, "ended")
    assert (body["data"]["id"], body["data"]["state"]) == (started["instanceId"], "ended")

    admin.put("/_mock/clock", json={"advance": 4200})  # 10:32: past its scheduled end
    assert [o["state"] for o in _listed(api, meetingType="scheduledMeeting")] == ["ended"]
    assert _series(api, meeting)["state"] == "expired"


def test_a_meeting_in_progress_cannot_be_changed(api, admin):
    meeting = _setup(api, admin)
    admin.post(f"/_mock/meetings/{meeting['meetingNumber']}/start")
    changed = api.rest("PATCH", f"/meetings/{meeting['id']}", json={"title": "Renamed"})
    assert failure(changed, 409) == "Meeting is in progress"
    admin.post(f"/_mock/meetings/{meeting['meetingNumber']}/end")
    assert api.rest("PATCH", f"/meetings/{meeting['id']}", json={"title": "Renamed"}).status_code == 200


def test_a_meeting_nobody_started_is_missed_and_its_series_expired(api, admin):
    meeting = _setup(api, admin)
    admin.put("/_mock/clock", json={"advance": 5400})  # 10:30: its end
    (occurrence,) = _listed(api, meetingType="scheduledMeeting")
    assert occurrence["state"] == "missed" and "hostDidJoin" not in occurrence
    assert _series(api, meeting)["state"] == "expired"
    assert [o["id"] for o in _listed(api, meetingType="scheduledMeeting", state="missed")] == [meeting["id"]]
    assert _listed(api, meetingType="scheduledMeeting", state="ready") == []
    refused = admin.error("POST", f"/_mock/meetings/{meeting['meetingNumber']}/start", 409)
    assert "no ready occurrence" in refused
    assert _delivered(admin, "started") == []


def test_the_lists_see_an_instance_15_minutes_late(api, admin):
    meeting = _setup(api, admin, lag=900)
    started = admin.post(f"/_mock/meetings/{meeting['meetingNumber']}/start")
    assert _listed(api, meetingType="meeting") == []  # its details are not there yet
    assert api.rest("GET", f"/meetings/{started['instanceId']}").status_code == 404
    assert _series(api, meeting)["state"] == "inProgress"  # the series and its occurrence do not lag
    admin.put("/_mock/clock", json={"advance": 900})
    assert [m["state"] for m in _listed(api, meetingType="meeting")] == ["inProgress"]
    admin.post(f"/_mock/meetings/{meeting['meetingNumber']}/end")
    assert [m["state"] for m in _listed(api, meetingType="meeting")] == ["inProgress"]  # as it was 15 minutes ago
    admin.put("/_mock/clock", json={"advance": 899})
    assert [m["state"] for m in _listed(api, meetingType="meeting")] == ["inProgress"]
    admin.put("/_mock/clock", json={"advance": 1})
    assert [m["state"] for m in _listed(api, meetingType="meeting")] == ["ended"]


def test_attendees_without_the_host_wait_in_the_lobby_until_the_host_joins(api, admin):
    meeting = _setup(api, admin)
    key = meeting["meetingNumber"]
    lobby = admin.post(f"/_mock/meetings/{key}/start", json={"host": False, "attendees": ["ann@example.com"]})
    assert (lobby["state"], lobby["hostJoinedAt"]) == ("lobby", None)
    series = _series(api, meeting)
    assert (series["state"], series["hostDidJoin"], series["attendeeDidJoin"]) == ("inProgress", False, True)
    (waiting,) = _listed(api, meetingType="meeting")
    assert waiting["state"] == "lobby" and "sipAddress" not in waiting
    assert _xml(api, meeting) == ("INPROGRESS", "false", "true")
    assert _delivered(admin, "started") == []
    joined = admin.post(f"/_mock/meetings/{key}/start")
    assert (joined["state"], joined["instanceId"]) == ("inProgress", lobby["instanceId"])
    assert len(_delivered(admin, "started")) == 1
    assert "in progress already" in admin.error("POST", f"/_mock/meetings/{key}/start", 409)


def test_xml_lists_sessions_by_status_and_get_session_info_shows_it(api, admin):
    meeting = _setup(api, admin)
    key = meeting["meetingNumber"]
    sessions = message("ep.LstsummarySession", "<status>INPROGRESS</status>")
    assert api.post(sessions).ok().all(BODY + "ep:session") == []  # an empty SUCCESS (reference §38)
    admin.post(f"/_mock/meetings/{key}/start")
    listed = api.post(sessions).ok()
    assert listed.text(BODY + "ep:session/ep:sessionKey") == key
    assert listed.text(BODY + "ep:session/ep:status") == "INPROGRESS"
    info = api.post(message("ep.GetSessionInfo", f"<sessionKey>{key}</sessionKey>")).ok()
    assert info.text(BODY + "ep:status") == "INPROGRESS"
    summary = api.post(message("meeting.LstsummaryMeeting", "")).ok()
    assert summary.text(BODY + "meet:meeting/meet:status") == "INPROGRESS"


def test_start_and_end_refuse_what_cannot_happen(api, admin):
    meeting = _setup(api, admin)
    key = meeting["meetingNumber"]
    assert admin.error("POST", "/_mock/meetings/123/start", 404) == "no meeting 123 in this namespace"
    assert admin.error("POST", f"/_mock/meetings/{key}/end", 409) == f"meeting {key} is not in progress"
    assert "must not be after" in admin.error("POST", f"/_mock/meetings/{key}/start", 400,
                                              json={"at": "2027-01-04T09:30:00Z"})
    assert admin.error("POST", f"/_mock/meetings/{key}/start", 400, json={"who": 1}).startswith("unknown field")
    assert admin.error("PUT", "/_mock/meetings/settings", 400, json={"detailsLagSeconds": -1}).startswith(
        "detailsLagSeconds must be")
    assert admin.error("POST", f"/_mock/meetings/{key}/start", 404, **ns("elsewhere")).startswith("no meeting")


def test_an_earlier_start_and_end_may_be_given(api, admin):
    meeting = _setup(api, admin)
    admin.put("/_mock/clock", json={"advance": 3900})  # 10:05
    started = admin.post(f"/_mock/meetings/{meeting['meetingNumber']}/start", json={"at": "2027-01-04T10:00:00Z"})
    assert started["startedAt"] == "2027-01-04T10:00:00.000Z"
    ended = admin.post(f"/_mock/meetings/{meeting['meetingNumber']}/end", json={"at": "2027-01-04T10:04:00+00:00"})
    assert ended["endedAt"] == "2027-01-04T10:04:00.000Z"
    (body,) = _delivered(admin, "started")
    assert body["data"]["start"] == "2027-01-04T10:00:00+00:00"


def test_every_meeting_runs_as_scheduled_when_the_namespace_says_so(api, admin):
    meeting = _setup(api, admin)
    assert admin.put("/_mock/meetings/settings", json={"runAsScheduled": True}) == {
        "namespace": "default", "runAsScheduled": True, "detailsLagSeconds": 0}
    assert _series(api, meeting)["state"] == "active"
    admin.put("/_mock/clock", json={"advance": 3900})  # 10:05: it started at 10:00 by itself
    series = _series(api, meeting)
    assert (series["state"], series["hostDidJoin"]) == ("inProgress", True)
    assert _xml(api, meeting) == ("INPROGRESS", "true", "false")
    (running,) = _listed(api, meetingType="meeting")
    assert running["start"] == "2027-01-04T10:00:00+00:00"
    (body,) = _delivered(admin, "started")
    assert body["data"]["id"] == running["id"]
    admin.put("/_mock/clock", json={"advance": 1800})  # 10:35
    assert _series(api, meeting)["state"] == "expired"
    assert [o["state"] for o in _listed(api, meetingType="scheduledMeeting")] == ["ended"]
    (body,) = _delivered(admin, "ended")
    assert (body["data"]["id"], body["data"]["end"]) == (running["id"], "2027-01-04T10:30:00+00:00")
    assert parse_instant(MONDAY, "t") < parse_instant(body["data"]["end"], "t")


def test_the_page_shows_a_meetings_state_and_its_instances(api, admin):
    meeting = _setup(api, admin)
    key = meeting["meetingNumber"]
    assert admin.get(f"/_mock/page/sites/acme/meetings/{key}")["happened"] == {
        "state": "active", "xmlStatus": "NOT_INPROGRESS", "runAsScheduled": False, "instances": []}
    admin.post(f"/_mock/meetings/{key}/start", json={"attendees": ["ann@example.com", "bob@example.com"]})
    shown = admin.get(f"/_mock/page/sites/acme/meetings/{key}")
    assert (shown["happened"]["state"], shown["happened"]["xmlStatus"]) == ("inProgress", "INPROGRESS")
    assert shown["happened"]["instances"] == [{"startedAt": "2027-01-04T09:00:00.000Z", "endedAt": None,
                                               "state": "inProgress", "attendees": 2}]
    assert "<meet:status>INPROGRESS</meet:status>" in shown["getMeeting"]
