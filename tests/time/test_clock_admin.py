"""``GET/PUT /_mock/clock`` (every answer checked against schemas/admin-openapi.json), in-process and over real HTTP,
and what reads the clock: a missing startDate, the REST listing window and "start not in the past", the journal and
the page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adminkit import BODY, admin, mocks, ns  # noqa: F401  (fixtures)
from restkit import iso, meeting_body
from webex import create_meeting, message

from mockserver.base.instants import parse_instant

MONDAY = "2027-01-04T09:00:00Z"
MONDAY_MS = parse_instant(MONDAY, "test")


def test_the_clock_is_real_time_by_default(admin):
    shown = admin.get("/_mock/clock")
    assert (shown["namespace"], shown["mode"], shown["frozen"], shown["offsetMs"]) == ("default", "real", False, 0)
    assert abs(shown["nowMs"] - datetime.now(UTC).timestamp() * 1000) < 30_000


def test_each_change_answers_the_clock_after_it(admin):
    assert admin.put("/_mock/clock", json={"freeze": MONDAY})["now"] == "2027-01-04T09:00:00.000Z"
    advanced = admin.put("/_mock/clock", json={"advance": 900})
    assert (advanced["now"], advanced["mode"]) == ("2027-01-04T09:15:00.000Z", "frozen")
    assert admin.get("/_mock/clock")["nowMs"] == MONDAY_MS + 900_000
    running = admin.put("/_mock/clock", json={"run": True})
    assert running["mode"] == "offset" and running["nowMs"] - MONDAY_MS - 900_000 < 5000
    assert admin.put("/_mock/clock", json={"offset": 86_400})["offsetMs"] == 86_400_000
    assert admin.put("/_mock/clock", json={"runFrom": "2030-01-01T00:00:00+01:00"})["now"].startswith("2029-12-31T23")
    assert admin.put("/_mock/clock", json={"real": True})["mode"] == "real"


def test_a_change_the_clock_cannot_take_is_refused_naming_it(admin):
    assert admin.error("PUT", "/_mock/clock", 400, json={"advance": -1}).startswith(
        "advance takes a positive number of seconds")
    assert admin.error("PUT", "/_mock/clock", 400, json={"freeze": "2027-01-04 09:00"}).endswith(
        "names no offset: add Z (UTC) or +hh:mm")
    assert admin.error("PUT", "/_mock/clock", 400, json={}).startswith("expected an object with one of freeze")
    assert admin.get("/_mock/clock")["mode"] == "real"


def test_each_namespace_has_its_own_clock_and_a_reset_returns_it(admin):
    admin.put("/_mock/clock", json={"freeze": MONDAY}, **ns("frozen"))
    assert admin.get("/_mock/clock", **ns("frozen"))["now"] == "2027-01-04T09:00:00.000Z"
    assert admin.get("/_mock/clock")["mode"] == "real"
    admin.post("/_mock/reset", **ns("frozen"))
    assert admin.get("/_mock/clock", **ns("frozen"))["mode"] == "real"


def test_a_missing_start_date_is_the_mock_time_in_the_meeting_zone(api, admin):
    admin.put("/_mock/clock", json={"freeze": MONDAY})
    created = api.post(create_meeting("<metaData><confName>Now</confName></metaData>"
                                      "<schedule><timeZoneID>11</timeZoneID></schedule>")).ok()
    key = created.text(BODY + "meet:meetingkey")
    got = api.post(message("meeting.GetMeeting", f"<meetingKey>{key}</meetingKey>")).ok()
    assert got.text(BODY + "meet:schedule/meet:startDate") == "01/04/2027 04:00:00"  # New York, UTC-5 in January
    entry = admin.get("/_mock/journal", params={"operation": "CreateMeeting"})["entries"][0]
    assert entry["mock_time"] == MONDAY_MS / 1000 and abs(entry["time"] - datetime.now(UTC).timestamp()) < 60


def test_the_rest_face_reads_the_same_clock(api, admin):
    admin.put("/_mock/clock", json={"freeze": MONDAY})
    monday = datetime.fromisoformat(MONDAY)
    past = api.rest("POST", "/meetings", json=meeting_body(start=monday - timedelta(hours=1)))
    assert past.status_code == 400 and past.json()["message"] == "start: must not be in the past"
    made = api.rest("POST", "/meetings", json=meeting_body(start=monday + timedelta(days=2))).json()
    assert [m["id"] for m in api.rest("GET", "/meetings").json()["items"]] == [made["id"]]  # the coming week
    admin.put("/_mock/clock", json={"advance": 8 * 86_400})
    assert api.rest("GET", "/meetings").json()["items"] == []
    listed = api.rest("GET", "/meetings", params={"from": iso(monday), "to": iso(monday + timedelta(days=3))})
    assert [m["id"] for m in listed.json()["items"]] == [made["id"]]


def test_the_page_shows_the_clock(admin):
    assert admin.get("/_mock/page/overview")["clock"]["mode"] == "real"
    admin.put("/_mock/clock", json={"freeze": MONDAY})
    assert admin.get("/_mock/page/overview")["clock"]["now"] == "2027-01-04T09:00:00.000Z"
