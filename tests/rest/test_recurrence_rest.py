"""Recurring meetings over REST (docs/rest.md, "Recurring meetings"; docs/time.md), in process and over real HTTP, on a
frozen clock: a series and its rule, its occurrences listed, read, changed and deleted by their ids, a one-off
meeting's single occurrence, the rules refused or taken in part, the five-year cap, DST."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from restkit import failure

MONDAY = "2027-01-04T09:00:00Z"  # the frozen clock: a Monday
DAILY = "FREQ=DAILY;INTERVAL=1;COUNT=10"


def frozen(api, at: str = MONDAY) -> None:
    assert api.admin("PUT", "/_mock/clock", json={"freeze": at}).status_code == 200


def series(api, rule: str | None = DAILY, start: str = "2027-01-04T10:00:00Z", end: str = "2027-01-04T10:30:00Z",
           **more) -> dict:
    body = {"title": "Standup", "start": start, "end": end, **more}
    if rule is not None:
        body["recurrence"] = rule
    response = api.rest("POST", "/meetings", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def items(api, **query) -> list[dict]:
    response = api.rest("GET", "/meetings", params=query)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_a_daily_series_lists_this_weeks_occurrences_with_their_ids(api):
    frozen(api)
    made = series(api)
    assert (made["meetingType"], made["recurrence"]) == ("meetingSeries", DAILY)
    week = items(api, meetingSeriesId=made["id"], **{"from": "2027-01-04T00:00:00Z", "to": "2027-01-11T00:00:00Z"})
    assert [item["id"] for item in week] == [f"{made['id']}_202701{day:02d}T100000Z" for day in range(4, 11)]
    assert {(item["meetingType"], item["meetingSeriesId"], item["meetingNumber"], item["isModified"])
            for item in week} == {("scheduledMeeting", made["id"], made["meetingNumber"], False)}
    assert [item["start"] for item in week[:2]] == ["2027-01-04T10:00:00Z", "2027-01-05T10:00:00Z"]
    assert len(items(api, meetingType="scheduledMeeting", max="100")) == 7  # the coming week, by default
    listed = items(api)  # no parameters: the series of the coming week
    assert [(item["id"], item["meetingType"], item["recurrence"]) for item in listed] == \
        [(made["id"], "meetingSeries", DAILY)]


def test_a_series_ends_after_its_count(api):
    frozen(api)
    made = series(api)
    later = items(api, meetingSeriesId=made["id"], **{"from": "2027-01-11T00:00:00Z", "to": "2027-02-01T00:00:00Z"})
    assert [item["id"][-16:] for item in later] == ["20270111T100000Z", "20270112T100000Z", "20270113T100000Z"]
    assert items(api, **{"from": "2027-01-14T00:00:00Z", "to": "2027-01-20T00:00:00Z"}) == []


def test_moving_one_occurrence_changes_only_it(api):
    frozen(api)
    made = series(api)
    moved_id = f"{made['id']}_20270106T100000Z"
    response = api.rest("PATCH", f"/meetings/{moved_id}", json={"start": "2027-01-06T14:00:00Z",
                                                                "end": "2027-01-06T15:00:00Z", "title": "Moved"})
    assert response.status_code == 200, response.text
    moved = response.json()
    assert (moved["id"], moved["isModified"], moved["title"], moved["start"], moved["end"]) == \
        (moved_id, True, "Moved", "2027-01-06T14:00:00Z", "2027-01-06T15:00:00Z")
    week = items(api, meetingSeriesId=made["id"], **{"from": "2027-01-04T00:00:00Z", "to": "2027-01-08T00:00:00Z"})
    assert [(item["id"][-16:], item["start"][11:16], item["title"], item["isModified"]) for item in week] == [
        ("20270104T100000Z", "10:00", "Standup", False), ("20270105T100000Z", "10:00", "Standup", False),
        ("20270106T100000Z", "14:00", "Moved", True), ("20270107T100000Z", "10:00", "Standup", False)]
    assert api.rest("GET", f"/meetings/{moved_id}").json()["start"] == "2027-01-06T14:00:00Z"
    assert [item["id"] for item in items(api, meetingSeriesId=made["id"], isModified="true")] == [moved_id]
    whole = api.rest("GET", f"/meetings/{made['id']}").json()
    assert (whole["title"], at(whole["start"]), whole["recurrence"]) == ("Standup", at("2027-01-04T10:00:00Z"), DAILY)


def test_changing_the_series_changes_every_occurrence_and_a_new_rule_drops_the_exceptions(api):
    frozen(api)
    made = series(api)
    api.rest("PATCH", f"/meetings/{made['id']}_20270105T100000Z", json={"title": "Alone"})
    renamed = api.rest("PATCH", f"/meetings/{made['id']}", json={"title": "Daily sync"}).json()
    assert (renamed["title"], renamed["meetingSeriesId"], renamed["recurrence"]) == ("Daily sync", made["id"], DAILY)
    titles = [item["title"] for item in items(api, meetingSeriesId=made["id"])]
    assert titles == ["Daily sync", "Alone"] + ["Daily sync"] * 5  # the exception kept: the rule did not change
    weekly = api.rest("PATCH", f"/meetings/{made['id']}", json={"recurrence": "FREQ=WEEKLY;BYDAY=MO,TH"}).json()
    assert weekly["recurrence"] == "FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TH"
    assert [(item["id"][-16:], item["title"], item["isModified"]) for item in items(api, meetingSeriesId=made["id"])] \
        == [("20270104T100000Z", "Daily sync", False), ("20270107T100000Z", "Daily sync", False)]
    one_off = api.rest("PATCH", f"/meetings/{made['id']}", json={"recurrence": None}).json()
    assert "recurrence" not in one_off and one_off["meetingType"] == "meetingSeries"


def test_a_put_of_the_series_as_get_returned_it_keeps_it(api):
    frozen(api)
    made = series(api)
    api.admin("PUT", "/_mock/clock", json={"advance": 3 * 86_400})  # the first occurrence is past now
    shown = api.rest("GET", f"/meetings/{made['id']}").json()
    shown["title"] = "Renamed"
    response = api.rest("PUT", f"/meetings/{made['id']}", json=shown)
    assert response.status_code == 200, response.text
    assert (response.json()["recurrence"], at(response.json()["start"])) == (DAILY, at("2027-01-04T10:00:00Z"))


def test_deleting_one_occurrence_leaves_the_others(api):
    frozen(api)
    made = series(api)
    gone = f"{made['id']}_20270105T100000Z"
    assert api.rest("DELETE", f"/meetings/{gone}").status_code == 204
    assert gone not in [item["id"] for item in items(api, meetingSeriesId=made["id"])]
    assert len(items(api, meetingSeriesId=made["id"])) == 6
    failure(api.rest("GET", f"/meetings/{gone}"), 404)
    failure(api.rest("GET", f"/meetings/{made['id']}_20270105T110000Z"), 404)  # no occurrence starts then
    assert api.rest("DELETE", f"/meetings/{made['id']}").status_code == 204
    failure(api.rest("GET", f"/meetings/{made['id']}_20270106T100000Z"), 404)


def test_a_one_off_meetings_occurrence_has_the_series_id(api):
    frozen(api)
    made = series(api, rule=None)
    assert "recurrence" not in made
    listed = items(api, meetingSeriesId=made["id"])
    assert [(item["id"], item["meetingType"], item["meetingSeriesId"]) for item in listed] == \
        [(made["id"], "scheduledMeeting", made["id"])]


def test_current_shows_the_running_or_next_occurrence(api):
    frozen(api)
    made = series(api)
    api.admin("PUT", "/_mock/clock", json={"advance": 2 * 86_400})  # Wednesday 09:00
    assert at(items(api)[0]["start"]) == at("2027-01-06T10:00:00Z")
    assert at(items(api, current="false")[0]["start"]) == at("2027-01-04T10:00:00Z")
    assert at(api.rest("GET", f"/meetings/{made['id']}", params={"current": "true"}).json()["start"]) == \
        at("2027-01-06T10:00:00Z")


def test_a_rule_outside_the_subset_is_refused_naming_the_part(api):
    frozen(api)
    for rule, part in (("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1", "BYSETPOS"), ("FREQ=HOURLY", "FREQ"),
                       ("FREQ=DAILY;COUNT=3;UNTIL=20270201T000000Z", "COUNT"), ("INTERVAL=2", "FREQ")):
        response = api.rest("POST", "/meetings", json={"title": "x", "start": "2027-01-04T10:00:00Z",
                                                       "end": "2027-01-04T10:30:00Z", "recurrence": rule})
        assert failure(response, 400).startswith(f"Invalid request: recurrence: {part}:"), rule


def test_a_monthly_rule_takes_its_first_day_and_a_long_series_ends_five_years_ahead(api):
    frozen(api)
    monthly = series(api, "FREQ=MONTHLY;INTERVAL=1;COUNT=10;BYMONTHDAY=10,11,12")
    assert monthly["recurrence"] == "FREQ=MONTHLY;INTERVAL=1;COUNT=10;BYMONTHDAY=10"
    assert at(monthly["start"]) == at("2027-01-10T10:00:00Z")  # the rule's first occurrence
    long = series(api, "FREQ=DAILY;COUNT=3000")
    assert long["recurrence"] == "FREQ=DAILY;INTERVAL=1;UNTIL=20320104T090000Z"


def test_a_weekly_series_across_dst_keeps_its_local_time(api):
    frozen(api, "2027-03-01T00:00:00Z")
    made = series(api, "FREQ=WEEKLY;COUNT=4", start="2027-03-08T10:00:00-05:00", end="2027-03-08T10:30:00-05:00",
                  timezone="America/New_York")
    listed = items(api, meetingSeriesId=made["id"], **{"from": "2027-03-01T00:00:00Z", "to": "2027-04-01T00:00:00Z"})
    assert [item["start"] for item in listed] == ["2027-03-08T15:00:00Z", "2027-03-15T14:00:00Z",
                                                  "2027-03-22T14:00:00Z", "2027-03-29T14:00:00Z"]
    local = [at(item["start"]).astimezone(ZoneInfo("America/New_York")) for item in listed]
    assert {moment.strftime("%H:%M") for moment in local} == {"10:00"}
