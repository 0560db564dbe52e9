"""Recurring meetings made over XML (a ``repeat`` block) and read through both faces, on a frozen clock: GetMeeting
shows the block as sent, REST lists the occurrences, SetMeeting changes the whole series, an occurrence changed over
REST shows over XML, a weekly series across DST keeps its local time (docs/time.md, "Recurring meetings")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from meetingkit import content, create, lst, read, set_, value

MONDAY = "2027-01-04T09:00:00Z"
WEEKLY = ("<repeat><repeatType>WEEKLY</repeatType><interval>1</interval><afterMeetingNumber>6</afterMeetingNumber>"
          "<dayInWeek><day>MONDAY</day><day>WEDNESDAY</day></dayInWeek></repeat>")
WEEK = {"from": "2027-01-04T00:00:00Z", "to": "2027-01-11T00:00:00Z"}


def frozen(api, at: str = MONDAY) -> None:
    assert api.admin("PUT", "/_mock/clock", json={"freeze": at}).status_code == 200


def weekly(api, start: str = "01/04/2027 10:00:00", zone: str = "21", repeat: str = WEEKLY) -> int:
    """A weekly series over XML (zone 21: London, GMT in January)."""
    return create(api, content("Weekly", start, extra=repeat,
                               schedule=f"<timeZoneID>{zone}</timeZoneID><duration>30</duration>"))


def series_id(api, key: int) -> str:
    found = [item for item in api.rest("GET", "/meetings", params={"max": "100", **WEEK}).json()["items"]
             if item["meetingNumber"] == str(key)]
    assert len(found) == 1, found
    return str(found[0]["id"])


def occurrences(api, key: int, **window) -> list[dict]:
    response = api.rest("GET", "/meetings", params={"meetingSeriesId": series_id(api, key), **(window or WEEK)})
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


def test_a_weekly_xml_series_shows_its_block_as_sent_and_lists_this_weeks_occurrences_over_rest(api):
    frozen(api)
    key = weekly(api)
    answer = read(api, key)
    assert value(answer, "meet:repeat/meet:repeatType") == "WEEKLY"
    assert value(answer, "meet:repeat/meet:afterMeetingNumber") == "6"
    assert [day.text for day in answer.all(
        "serv:body/serv:bodyContent/meet:repeat/meet:dayInWeek/meet:day")] == ["MONDAY", "WEDNESDAY"]
    listed = api.rest("GET", "/meetings", params=WEEK).json()["items"]
    assert [(item["meetingNumber"], item["recurrence"]) for item in listed] == \
        [(str(key), "FREQ=WEEKLY;INTERVAL=1;COUNT=6;BYDAY=MO,WE")]
    assert [item["start"] for item in occurrences(api, key)] == ["2027-01-04T10:00:00Z", "2027-01-06T10:00:00Z"]


def test_set_meeting_changes_the_whole_series_and_a_rest_exception_shows_over_xml(api):
    frozen(api)
    key = weekly(api)
    moved = occurrences(api, key)[1]["id"]
    assert api.rest("PATCH", f"/meetings/{moved}", json={"title": "Moved"}).status_code == 200
    assert value(read(api, key), "meet:repeat/meet:hasException") == "true"
    api.post(set_(f"<meetingkey>{key}</meetingkey><metaData><confName>Renamed</confName></metaData>")).ok()
    assert [item["title"] for item in occurrences(api, key)] == ["Renamed", "Moved"]  # no new rule: kept
    api.post(set_(f"<meetingkey>{key}</meetingkey><schedule><duration>45</duration></schedule>")).ok()
    shown = occurrences(api, key)
    assert [(item["title"], item["end"], item["isModified"]) for item in shown] == [
        ("Renamed", "2027-01-04T10:45:00Z", False), ("Renamed", "2027-01-06T10:45:00Z", False)]
    assert value(read(api, key), "meet:repeat/meet:hasException") is None  # the block as sent again


def test_a_weekly_xml_series_across_dst_keeps_its_local_time(api):
    frozen(api, "2027-03-01T00:00:00Z")
    key = weekly(api, "03/08/2027 10:00:00", zone="11",  # New York
                 repeat="<repeat><repeatType>WEEKLY</repeatType><afterMeetingNumber>3</afterMeetingNumber></repeat>")
    window = {"from": "2027-03-01T00:00:00Z", "to": "2027-04-01T00:00:00Z"}
    found = api.rest("GET", "/meetings", params={"max": "100", **window}).json()["items"]
    series = next(item["id"] for item in found if item["meetingNumber"] == str(key))
    listed = api.rest("GET", "/meetings", params={"meetingSeriesId": series, **window}).json()["items"]
    assert [item["start"] for item in listed] == ["2027-03-08T15:00:00Z", "2027-03-15T14:00:00Z",
                                                  "2027-03-22T14:00:00Z"]
    assert {datetime.fromisoformat(item["start"]).astimezone(ZoneInfo("America/New_York")).strftime("%H:%M")
            for item in listed} == {"10:00"}


def test_a_repeat_block_the_rules_cannot_read_is_kept_as_sent_and_does_not_repeat(api):
    frozen(api)
    key = create(api, content("Odd", "01/04/2027 10:00:00", extra="<repeat><repeatType>MONTHLY</repeatType>"
                              "<weekInMonth>7</weekInMonth><dayInWeek><day>MONDAY</day></dayInWeek></repeat>"))
    assert value(read(api, key), "meet:repeat/meet:weekInMonth") == "7"
    (call,) = [entry for entry in api.admin("GET", "/_mock/journal").json()["entries"]
               if entry["operation"] == "meeting.CreateMeeting"]
    assert any("bodyContent/repeat/weekInMonth: 7 is out of range" in note["text"] for note in call["notes"])
    (shown,) = api.rest("GET", "/meetings", params={"meetingNumber": str(key)}).json()["items"]
    assert "recurrence" not in shown


def test_lstsummary_meeting_lists_a_rest_and_an_xml_series_once_each_this_week(api):
    frozen(api)
    key = weekly(api)
    daily = api.rest("POST", "/meetings", json={"title": "Daily", "start": "2027-01-05T08:00:00Z",
                                                "end": "2027-01-05T08:30:00Z",
                                                "recurrence": "FREQ=DAILY;INTERVAL=1;COUNT=10"}).json()
    answer = api.post(lst("<dateScope><startDateStart>01/04/2027 00:00:00</startDateStart>"
                          "<startDateEnd>01/10/2027 23:59:59</startDateEnd></dateScope>")).ok()
    keys = [node.text for node in answer.all("serv:body/serv:bodyContent/meet:meeting/meet:meetingKey")]
    assert sorted(keys) == sorted([str(key), daily["meetingNumber"]])
    daily_xml = read(api, int(daily["meetingNumber"]))  # the REST rule as an XML repeat block
    assert (value(daily_xml, "meet:repeat/meet:repeatType"), value(daily_xml, "meet:repeat/meet:afterMeetingNumber")) \
        == ("DAILY", "10")


def test_a_rest_change_of_an_xml_series_starting_off_its_rule_keeps_its_exceptions(api):
    frozen(api)
    key = weekly(api, "01/05/2027 10:00:00")  # a Tuesday: the MONDAY/WEDNESDAY series starts on the Wednesday
    first = occurrences(api, key)[0]
    assert first["start"] == "2027-01-06T10:00:00Z"
    assert api.rest("PATCH", f"/meetings/{first['id']}", json={"title": "Moved"}).status_code == 200
    assert api.rest("PATCH", f"/meetings/{first['meetingSeriesId']}", json={"agenda": "Weekly"}).status_code == 200
    assert [(item["title"], item["isModified"]) for item in occurrences(api, key)] == [("Moved", True)]
