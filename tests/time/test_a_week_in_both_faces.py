"""Issue 23's week, as one story through both faces, in process and over real HTTP: freeze the clock, make a daily
series over REST and a weekly one over XML, list this week's occurrences on both faces, move one occurrence and
see only it change, let the daily one's occurrence become ready, start and end it, list its recording on both
faces, and see a session ticket end on the mock clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from attendeekit import lst_sessions
from meetingkit import BODY, content, create
from restkit import iso
from webex import create_meeting, message

MONDAY = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
WEEK = {"from": iso(MONDAY - timedelta(hours=8)), "to": iso(MONDAY + timedelta(days=7))}
XML_WEEK = ("<dateScope><startDateStart>01/04/2027 00:00:00</startDateStart><startDateEnd>01/10/2027 23:59:59"
            "</startDateEnd><timeZoneID>21</timeZoneID></dateScope><listControl><maximumNum>50</maximumNum>"
            "</listControl><recurrence>true</recurrence>")
WEEKLY = ("<repeat><repeatType>WEEKLY</repeatType><afterMeetingNumber>8</afterMeetingNumber><dayInWeek>"
          "<day>MONDAY</day><day>WEDNESDAY</day></dayInWeek></repeat>")


def clock(api, **change) -> None:
    assert api.admin("PUT", "/_mock/clock", json=change).status_code == 200


def occurrences(api, series_id: str) -> list[dict]:
    found = api.rest("GET", "/meetings", params={"meetingSeriesId": series_id, **WEEK})
    assert found.status_code == 200, found.text
    return list(found.json()["items"])


def xml_week(api) -> list[tuple[str, str, str, str]]:
    answer = api.post(lst_sessions(XML_WEEK)).ok()
    return [(n.findtext("{*}sessionKey"), n.findtext("{*}confName"), n.findtext("{*}startTime"),
             n.findtext("{*}isException")) for n in answer.all(BODY + "ep:session")]


def test_a_week_of_two_series_through_both_faces(api):
    clock(api, freeze=iso(MONDAY))
    daily = api.rest("POST", "/meetings", json={
        "title": "Daily", "start": iso(MONDAY + timedelta(hours=1)), "end": iso(MONDAY + timedelta(hours=1.5)),
        "timezone": "UTC", "recurrence": "FREQ=DAILY;INTERVAL=1;COUNT=10", "enabledAutoRecordMeeting": True})
    assert daily.status_code == 200, daily.text
    daily_id, daily_key = daily.json()["id"], daily.json()["meetingNumber"]
    weekly_key = create(api, content("Weekly", "01/04/2027 14:00:00", extra=WEEKLY,
                                     schedule="<timeZoneID>21</timeZoneID><duration>30</duration>"))
    weekly_id = next(item["id"] for item in api.rest("GET", "/meetings", params=WEEK).json()["items"]
                     if item["meetingNumber"] == str(weekly_key))

    # this week's occurrences, on both faces
    assert [o["start"] for o in occurrences(api, daily_id)] == [
        iso(MONDAY + timedelta(days=day, hours=1)) for day in range(7)]
    assert [o["start"] for o in occurrences(api, weekly_id)] == ["2027-01-04T14:00:00Z", "2027-01-06T14:00:00Z"]
    listed = xml_week(api)
    assert [row[0] for row in listed].count(daily_key) == 7
    assert [row[2] for row in listed if row[0] == str(weekly_key)] == ["01/04/2027 14:00:00", "01/06/2027 14:00:00"]

    # move Wednesday's weekly occurrence over XML: only it changes, on both faces
    repeat = f"<repeat><isException>true</isException><seriesMeetingKey>{weekly_key}</seriesMeetingKey></repeat>"
    moved = api.post(create_meeting(content("Weekly, moved", "01/06/2027 16:00:00", extra=repeat,
                                            schedule="<timeZoneID>21</timeZoneID>"))).ok()
    own = moved.text(BODY + "meet:meetingkey")
    assert [(o["title"], o["start"], o["isModified"]) for o in occurrences(api, weekly_id)] == [
        ("Weekly", "2027-01-04T14:00:00Z", False), ("Weekly, moved", "2027-01-06T16:00:00Z", True)]
    assert [row for row in xml_week(api) if row[0] in (str(weekly_key), own)] == [
        (str(weekly_key), "Weekly", "01/04/2027 14:00:00", "false"),
        (own, "Weekly, moved", "01/06/2027 16:00:00", "true")]
    assert len(occurrences(api, daily_id)) == 7

    # the daily one's first occurrence is ready; start it, end it, and its recording shows on both faces
    clock(api, advance=55 * 60)  # 08:55
    assert occurrences(api, daily_id)[0]["state"] == "ready"
    assert api.admin("POST", f"/_mock/meetings/{daily_key}/start").status_code == 200
    assert api.rest("GET", f"/meetings/{daily_id}").json()["state"] == "inProgress"
    xml = api.post(message("meeting.GetMeeting", f"<meetingKey>{daily_key}</meetingKey>")).ok()
    assert xml.text(BODY + "meet:status") == "INPROGRESS"
    clock(api, advance=20 * 60)
    assert api.admin("POST", f"/_mock/meetings/{daily_key}/end").status_code == 200
    clock(api, advance=16 * 60)  # past the 15-minute lag
    (recording,) = api.rest("GET", "/recordings", params={"from": iso(MONDAY), "to": iso(MONDAY + timedelta(days=1))}
                            ).json()["items"]
    assert recording["durationSeconds"] == 20 * 60 and recording["meetingSeriesId"] == daily_id
    over_xml = api.post(message("ep.LstRecording", f"<sessionKey>{daily_key}</sessionKey>")).ok()
    assert over_xml.text(BODY + "ep:recording/ep:streamURL") == recording["playbackUrl"]

    # a session ticket ends on the mock clock (acme's ticketLifetime: 5,400 s)
    ticket = api.post(message("user.AuthenticateUser")).ok().text(BODY + "use:sessionTicket")
    assert ticket
    clock(api, advance=5400)
    expired = api.post(message("user.GetUser", "<webExId>hostid@acme.com</webExId>", password=None, ticket=ticket))
    assert expired.exception_id == "030047"
