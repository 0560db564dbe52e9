"""A recurring meeting that happens (issue 23): its occurrences' states follow the clock -- the current one ready,
later ones scheduled, a passed one missed or ended -- and any ready occurrence of a series starts and ends, on
both faces, in process and over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from meetingkit import BODY
from restkit import iso
from webex import message

MONDAY = datetime(2030, 1, 7, 8, 0, tzinfo=UTC)


def occurrences(api, series: dict) -> list[dict]:
    answer = api.rest("GET", f"/meetings?meetingSeriesId={series['id']}&from={iso(MONDAY)}"
                             f"&to={iso(MONDAY + timedelta(days=7))}")
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def clock(api, **change) -> None:
    assert api.admin("PUT", "/_mock/clock", json=change).status_code == 200


def test_a_daily_series_occurrences_are_ready_scheduled_missed_and_one_starts_and_ends(api):
    clock(api, freeze=iso(MONDAY))
    series = api.rest("POST", "/meetings", json={"title": "Stand-up", "start": iso(MONDAY + timedelta(hours=1)),
                                                 "end": iso(MONDAY + timedelta(hours=1, minutes=15)),
                                                 "timezone": "UTC", "recurrence": "FREQ=DAILY;INTERVAL=1;COUNT=5"})
    assert series.status_code == 200, series.text
    made = series.json()
    assert (made["meetingType"], made["state"]) == ("meetingSeries", "active")
    assert [o["state"] for o in occurrences(api, made)] == ["ready"] + ["scheduled"] * 4
    clock(api, advance=26 * 3600)  # Tuesday 10:00: Monday's passed unstarted, Tuesday's is over too
    assert [o["state"] for o in occurrences(api, made)] == ["missed", "missed", "ready", "scheduled", "scheduled"]
    clock(api, advance=23 * 3600)  # Wednesday 09:00
    key = made["meetingNumber"]
    assert api.admin("POST", f"/_mock/meetings/{key}/start").status_code == 200
    states = occurrences(api, made)
    assert [o["state"] for o in states] == ["missed", "missed", "ready", "scheduled", "scheduled"]
    assert states[2]["hostDidJoin"] is True
    assert api.rest("GET", f"/meetings/{made['id']}").json()["state"] == "inProgress"
    xml = api.post(message("meeting.GetMeeting", f"<meetingKey>{key}</meetingKey>")).ok()
    assert xml.text(BODY + "meet:status") == "INPROGRESS"
    clock(api, advance=10 * 60)
    assert api.admin("POST", f"/_mock/meetings/{key}/end").status_code == 200
    clock(api, advance=10 * 60)  # Wednesday 09:20: its occurrence is over
    assert [o["state"] for o in occurrences(api, made)] == ["missed", "missed", "ended", "ready", "scheduled"]
    assert api.rest("GET", f"/meetings/{made['id']}").json()["state"] == "active"
    clock(api, advance=3 * 24 * 3600)  # Saturday: the last occurrence has passed
    assert api.rest("GET", f"/meetings/{made['id']}").json()["state"] == "expired"
