"""A meeting's start is a wall-clock time in its zone, and the instant it names follows that zone's DST rules
(issue 21): 10:00 in San Jose (timeZoneID 4) is 18:00 GMT in January and 17:00 GMT in July. Both read back at 10:00
over XML; their instants differ by the six months between them less the hour of daylight saving. Labels keep the
standard offset, as real answers show them."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from apikit import NS
from meetingkit import BODY, content, create, read, set_, value
from webex import create_meeting, message

from mockserver.domain import timezones

JANUARY, JULY = "01/15/2027 10:00:00", "07/15/2027 10:00:00"
SIX_MONTHS_S = int((datetime(2027, 7, 15) - datetime(2027, 1, 15)).total_seconds())


def _sessions(api, zone: str = "") -> dict[str, str]:
    """confName -> startTime of LstsummarySession (in dateScope/timeZoneID, else GMT)."""
    scope = f"<dateScope><timeZoneID>{zone}</timeZoneID></dateScope>" if zone else ""
    answer = api.post(message("ep.LstsummarySession", scope)).ok()
    return {session.findtext("ep:confName", namespaces=NS): session.findtext("ep:startTime", namespaces=NS)
            for session in answer.all(".//ep:session")}


@pytest.fixture
def pair(api):
    january = create(api, content("January", JANUARY, schedule="<timeZoneID>4</timeZoneID>"))
    july = create(api, content("July", JULY, schedule="<timeZoneID>4</timeZoneID>"))
    return january, july


def test_both_read_back_at_ten_local_with_the_standard_label(api, pair):
    for key, start in zip(pair, (JANUARY, JULY), strict=True):
        answer = read(api, key)
        assert value(answer, "meet:schedule/meet:startDate") == start
        assert value(answer, "meet:schedule/meet:timeZone") == "GMT-08:00, Pacific (San Jose)"


def test_their_instants_differ_by_the_dst_shift(api, pair):
    """LstsummarySession gives startTime in GMT without a dateScope zone (reference §20), DST applied."""
    assert _sessions(api) == {"January": "01/15/2027 18:00:00", "July": "07/15/2027 17:00:00"}
    january, july = (api.app.state.tenancy.get().store.get_meeting("acme", key).start_ts for key in pair)
    assert july - january == SIX_MONTHS_S - 3600


def test_a_zone_without_dst_shifts_nothing(api):
    for name, start in (("January", JANUARY), ("July", JULY)):
        create(api, content(name, start, schedule="<timeZoneID>5</timeZoneID>"))  # Arizona keeps standard time
    assert _sessions(api) == {"January": "01/15/2027 17:00:00", "July": "07/15/2027 17:00:00"}


def test_start_time_in_a_named_zone_applies_its_own_dst(api, pair):
    """In Berlin (25) January is GMT+1 and July GMT+2."""
    assert _sessions(api, "25") == {"January": "01/15/2027 19:00:00", "July": "07/15/2027 19:00:00"}


def test_a_date_scope_is_read_with_the_offset_in_force_at_its_dates(api, pair):
    """startDateStart 17:30 GMT in July is after the July meeting (17:00 GMT) only with DST applied."""
    scope = ("<dateScope><startDateStart>07/15/2027 17:30:00</startDateStart>"
             "<startDateEnd>07/16/2027 00:00:00</startDateEnd></dateScope>")
    answer = api.post(message("ep.LstsummarySession", scope)).ok()
    assert answer.all(BODY + "ep:session") == []  # no session (an empty SUCCESS, reference §38): July's began 17:00 GMT


def test_wall_clock_times_the_zone_skips_or_repeats():
    """02:30 on the day San Jose springs forward does not exist: it is read with the standard offset, an hour later
    than 01:30; 01:30 on the day it falls back happens twice: the first (daylight) one counts."""
    spring = timezones.to_epoch(datetime(2027, 3, 14, 2, 30), 4)
    assert timezones.from_epoch(spring, 4) == datetime(2027, 3, 14, 3, 30)
    fall = timezones.to_epoch(datetime(2027, 11, 7, 1, 30), 4)
    assert fall == int(datetime(2027, 11, 7, 8, 30).timestamp() - datetime(1970, 1, 1).timestamp())
    assert timezones.to_epoch(datetime(2027, 1, 15, 10), None) == timezones.to_epoch(datetime(2027, 1, 15, 10), 21)
    assert timezones.to_epoch(datetime(2027, 7, 15, 10), None) - timezones.to_epoch(datetime(2027, 7, 15, 10), 21) \
        == 3600  # London keeps summer time; GMT (None) does not


def test_a_start_the_zone_skips_is_noted(api):
    """The reading of a start in the spring-forward gap is our choice: the call says so."""
    create(api, content("Gap", "03/14/2027 02:30:00", schedule="<timeZoneID>4</timeZoneID>"))
    entry = api.app.state.tenancy.get().journal.entries(operation="CreateMeeting")[-1]
    assert [note.element for note in entry.notes if note.kind == "assumed"] == ["bodyContent/schedule/startDate"]
    create(api, content("No gap", "03/14/2027 03:30:00", schedule="<timeZoneID>4</timeZoneID>"))
    entry = api.app.state.tenancy.get().journal.entries(operation="CreateMeeting")[-1]
    assert [note for note in entry.notes if note.element == "bodyContent/schedule/startDate"] == []


def test_only_a_time_the_clocks_skip_or_repeat_is_looked_at_twice():
    """``shifts_at`` lets the rules skip the round trip that finds a skipped start: every wall-clock time it passes
    over reads back as itself, in every zone, on every day of a year and every quarter hour of its change days."""
    looked_at = 0
    for zone in range(62):
        for day in range(365):
            moment = datetime(2027, 1, 1) + timedelta(days=day)
            change_day = timezones.shifts_at(moment, zone) or (
                timezones.to_epoch(moment + timedelta(hours=23, minutes=59), zone) - timezones.to_epoch(moment, zone)
                != 23 * 3600 + 59 * 60)
            for minutes in range(0, 24 * 60, 15) if change_day else (0, 12 * 60):
                local = moment + timedelta(minutes=minutes)
                reads_back = timezones.from_epoch(timezones.to_epoch(local, zone), zone) == local
                assert reads_back or timezones.shifts_at(local, zone), (zone, local)
                looked_at += timezones.shifts_at(local, zone)
    assert looked_at > 0  # the zones that shift their clocks were met


@pytest.mark.parametrize(("start", "zone"), [("12/31/9999 23:00:00", 1), ("12/30/9999 23:00:00", 4),
                                             ("01/01/0001 00:30:00", 61), ("01/01/0001 13:00:00", 4)])
def test_a_start_no_zone_can_show_is_refused_naming_it(api, start, zone):
    """A meeting whose start or end, in UTC, is within a day of the dates Python holds would show in some zone as a
    date before year 1 or after 9999: refused like any bad start (it was an internal error)."""
    refused = api.post(create_meeting(content("Far", start, schedule=f"<timeZoneID>{zone}</timeZoneID>")))
    assert (refused.result, refused.exception_id) == ("FAILURE", "999999")
    assert "bodyContent/schedule/startDate is out of range" in refused.reason
    key = create(api, content("Near", "12/29/9999 10:00:00", schedule=f"<timeZoneID>{zone}</timeZoneID>"))
    assert value(read(api, key), "meet:schedule/meet:startDate") == "12/29/9999 10:00:00"
    (shown,) = api.rest("GET", f"/meetings?meetingNumber={key}").json()["items"]  # and over REST, in its zone
    assert shown["start"].startswith("9999-12-29T10:00:00"), shown
    moved = api.post(set_(f"<meetingkey>{key}</meetingkey><schedule><startDate>{start}</startDate></schedule>"))
    assert (moved.result, moved.exception_id) == ("FAILURE", "999999")
    assert value(read(api, key), "meet:schedule/meet:startDate") == "12/29/9999 10:00:00"


def test_a_shift_looked_for_at_an_instant_is_the_one_of_its_wall_clock_time():
    """plans.kind asks whether the clocks shift at a start from its instant (timezones.shifts_at_instant): the same
    answer as the wall-clock time read back (fold 0) gives, for every zone, each half hour of a week's days through
    the months of this year's and a past year's changes, and at the edges of the range."""
    instants = [timezones.EARLIEST_INSTANT, timezones.LATEST_INSTANT, 0]
    for year in (1995, 2027):
        for month in (3, 4, 9, 10, 11):  # the months clocks change in, north and south
            first = int(datetime(year, month, 1).timestamp())
            instants += [first + day * 86400 + half * 1800 for day in (0, 6, 13, 20, 27) for half in range(48)]
    shifting = 0
    for zone_id in [*timezones.LABELS, *timezones.DEPRECATED_LABELS, None, 999]:
        for instant in instants:
            expected = timezones.shifts_at(timezones.from_epoch(instant, zone_id).replace(fold=0), zone_id)
            assert timezones.shifts_at_instant(instant, zone_id) is expected, (zone_id, instant)
            shifting += expected
    assert shifting > 20  # the sweep met changes (two half hours a change, in the zones that have them)
