"""A recurring meeting's rule (mockserver/domain/recurrence.py, periods.py, rrule.py): the REST RRULE subset taken
and refused part by part, occurrences across DST and at the calendar's edges, counts and ends, exceptions, and the
window reached without walking the series (docs/time.md, "Recurring meetings")."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mockserver.base.errors import InvalidRequest, MeetingNotFound
from mockserver.domain import periods
from mockserver.domain.recurrence import ByDay, Freq, Series, local, next_occurrence, occurrence, occurrences, span
from mockserver.domain.rrule import capped, from_rrule, to_rrule

NEW_YORK, BERLIN = "America/New_York", "Europe/Berlin"
EVER = (0, 2 ** 37)


def at(zone: str, *wall: int) -> int:
    """The instant of a wall-clock time in ``zone``."""
    return int(datetime(*wall, tzinfo=ZoneInfo(zone)).timestamp())


def utc(*wall: int) -> int:
    return int(datetime(*wall, tzinfo=UTC).timestamp())


def walls(series: Series, window: tuple[int, int] = EVER) -> list[str]:
    return [local(o.start_ts, series.tz).strftime("%Y-%m-%d %H:%M") for o in occurrences(series, *window)]


def rule(text: str, start: int, zone: str = "UTC", duration: int = 60) -> Series:
    return from_rrule(text, start, zone, duration).series


# -- the RRULE parts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "shown"), [
    ("FREQ=DAILY;INTERVAL=1;COUNT=10", "FREQ=DAILY;INTERVAL=1;COUNT=10"),
    ("freq=weekly;byday=mo,we", "FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE"),
    ("FREQ=WEEKLY;INTERVAL=2;UNTIL=20270301T000000Z;BYDAY=TU",
     "FREQ=WEEKLY;INTERVAL=2;UNTIL=20270301T000000Z;BYDAY=TU"),
    ("FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3", "FREQ=MONTHLY;INTERVAL=1;COUNT=3;BYMONTHDAY=15"),
    ("FREQ=MONTHLY;BYDAY=2TU", "FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU"),
    ("FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;INTERVAL=1;BYDAY=-1FR"),
    ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1", "FREQ=YEARLY;INTERVAL=1;BYMONTHDAY=1;BYMONTH=3"),
    ("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", "FREQ=YEARLY;INTERVAL=1;BYDAY=4TH;BYMONTH=11"),
    ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;", "FREQ=DAILY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR"),
])
def test_every_part_taken_shows_back_as_rest_gets_it(text: str, shown: str) -> None:
    reading = from_rrule(text, utc(2027, 1, 4, 10), "UTC", 30)
    assert to_rrule(reading.series) == shown
    assert reading.notes == ()
    assert to_rrule(rule(shown, utc(2027, 1, 4, 10))) == shown  # PUT takes what GET shows


@pytest.mark.parametrize(("text", "part"), [
    ("FREQ=DAILY;BYSETPOS=1", "BYSETPOS"), ("FREQ=WEEKLY;WKST=SU", "WKST"), ("FREQ=DAILY;BYHOUR=9", "BYHOUR"),
    ("FREQ=DAILY;BYMINUTE=5", "BYMINUTE"), ("FREQ=YEARLY;BYYEARDAY=100", "BYYEARDAY"),
    ("FREQ=YEARLY;BYWEEKNO=20", "BYWEEKNO"), ("FREQ=DAILY;COLOR=red", "COLOR"), ("INTERVAL=2", "FREQ"),
    ("FREQ=HOURLY", "FREQ"), ("FREQ=DAILY;COUNT=3;UNTIL=20270101", "COUNT"), ("FREQ=DAILY;COUNT=0", "COUNT"),
    ("FREQ=DAILY;COUNT=x", "COUNT"), ("FREQ=DAILY;INTERVAL=0", "INTERVAL"), ("FREQ=DAILY;INTERVAL=1000", "INTERVAL"),
    ("FREQ=DAILY;UNTIL=2027-01-01", "UNTIL"), ("FREQ=DAILY;UNTIL=20270231", "UNTIL"),
    ("FREQ=WEEKLY;BYDAY=XX", "BYDAY"), ("FREQ=WEEKLY;BYDAY=2TU", "BYDAY"), ("FREQ=MONTHLY;BYDAY=5TU", "BYDAY"),
    ("FREQ=MONTHLY;BYDAY=-2TU", "BYDAY"), ("FREQ=MONTHLY;BYDAY=TU", "BYDAY"), ("FREQ=WEEKLY;BYDAY=MO,MO", "BYDAY"),
    ("FREQ=MONTHLY;BYDAY=1TU;BYMONTHDAY=3", "BYDAY"), ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY"),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", "BYMONTHDAY"), ("FREQ=WEEKLY;BYMONTHDAY=3", "BYMONTHDAY"),
    ("FREQ=MONTHLY;BYMONTH=2", "BYMONTH"), ("FREQ=DAILY;BYMONTH=2", "BYMONTH"), ("FREQ=YEARLY;BYMONTH=13", "BYMONTH"),
    ("FREQ=YEARLY;BYMONTHDAY=3", "BYMONTH"), ("FREQ=DAILY;FREQ=WEEKLY", "FREQ"), ("FREQ=DAILY;BYDAY=", "BYDAY"),
    ("FREQ=DAILY;BYDAY=MO,,TU", "BYDAY"), ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "recurrence"),
    ("", "recurrence"),
])
def test_a_part_not_taken_is_refused_by_name(text: str, part: str) -> None:
    with pytest.raises(InvalidRequest) as refused:
        from_rrule(text, utc(2027, 1, 4, 10), "UTC")
    named = "" if part == "recurrence" else f" {part}:"  # the whole rule: an empty one, or one without occurrences
    assert refused.value.text.startswith(f"Invalid request: recurrence:{named}")


def test_an_unknown_zone_is_refused() -> None:
    with pytest.raises(InvalidRequest, match="timezone"):
        from_rrule("FREQ=DAILY", utc(2027, 1, 4), "Mars/Olympus")


@pytest.mark.parametrize(("text", "taken", "part"), [
    ("FREQ=MONTHLY;INTERVAL=1;COUNT=10;BYMONTHDAY=10,11,12", "FREQ=MONTHLY;INTERVAL=1;COUNT=10;BYMONTHDAY=10",
     "BYMONTHDAY"),  # the spec's own example
    ("FREQ=MONTHLY;BYDAY=2TU,3WE", "FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU", "BYDAY"),
    ("FREQ=YEARLY;BYMONTH=6,7;BYMONTHDAY=1", "FREQ=YEARLY;INTERVAL=1;BYMONTHDAY=1;BYMONTH=6", "BYMONTH"),
])
def test_a_monthly_or_yearly_rule_takes_only_its_first_day_with_a_note(text: str, taken: str, part: str) -> None:
    reading = from_rrule(text, utc(2027, 1, 4, 10), "UTC")
    assert to_rrule(reading.series) == taken
    assert [(note.part, note.documented) for note in reading.notes] == [(part, True)]


def test_a_prefix_and_an_until_without_z_are_read_with_an_assumed_note() -> None:
    reading = from_rrule("RRULE:FREQ=DAILY;UNTIL=20270110T100000", at(NEW_YORK, 2027, 1, 4, 10), NEW_YORK)
    assert [note.documented for note in reading.notes] == [False, False]
    assert walls(reading.series)[-1] == "2027-01-10 10:00"


# -- occurrences --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("zone", "first", "winter_utc", "summer_utc"), [
    (NEW_YORK, (2027, 3, 1, 10), "15:00", "14:00"),  # clocks go forward on 14 March 2027
    (BERLIN, (2027, 3, 1, 10), "09:00", "08:00"),    # and on 28 March in Berlin
])
def test_a_weekly_meeting_keeps_its_local_time_across_dst(zone, first, winter_utc, summer_utc) -> None:
    series = rule("FREQ=WEEKLY;COUNT=6", at(zone, *first), zone)
    assert {time[-5:] for time in walls(series)} == {"10:00"}
    in_utc = [datetime.fromtimestamp(o.start_ts, UTC).strftime("%H:%M") for o in occurrences(series, *EVER)]
    assert in_utc[0] == winter_utc and in_utc[-1] == summer_utc


def test_and_back_in_autumn() -> None:
    series = rule("FREQ=DAILY;COUNT=3", at(NEW_YORK, 2027, 11, 6, 10), NEW_YORK)
    starts = [o.start_ts for o in occurrences(series, *EVER)]
    assert walls(series) == ["2027-11-06 10:00", "2027-11-07 10:00", "2027-11-08 10:00"]
    assert [b - a for a, b in zip(starts, starts[1:], strict=False)] == [25 * 3600, 24 * 3600]


def test_a_time_the_spring_change_skips_starts_an_hour_later_that_day_only() -> None:
    series = rule("FREQ=DAILY;COUNT=3", at(NEW_YORK, 2027, 3, 13, 2, 30), NEW_YORK)
    assert walls(series) == ["2027-03-13 02:30", "2027-03-14 03:30", "2027-03-15 02:30"]
    repeated = rule("FREQ=DAILY;COUNT=2", at(NEW_YORK, 2027, 11, 6, 1, 30), NEW_YORK)
    second = list(occurrences(repeated, *EVER))[1]
    assert datetime.fromtimestamp(second.start_ts, UTC).hour == 5  # 01:30 EDT, the first of the two


def test_monthly_on_the_31st_skips_short_months() -> None:
    series = rule("FREQ=MONTHLY;COUNT=5", utc(2027, 1, 31, 9))
    assert [w[:10] for w in walls(series)] == ["2027-01-31", "2027-03-31", "2027-05-31", "2027-07-31", "2027-08-31"]
    on_30th = rule("FREQ=MONTHLY;BYMONTHDAY=30;COUNT=3", utc(2027, 1, 1, 9))
    assert [w[:10] for w in walls(on_30th)] == ["2027-01-30", "2027-03-30", "2027-04-30"]


def test_yearly_on_29_february_keeps_to_leap_years() -> None:
    series = rule("FREQ=YEARLY;COUNT=3", utc(2028, 2, 29, 9))
    assert [w[:10] for w in walls(series)] == ["2028-02-29", "2032-02-29", "2036-02-29"]
    assert rule("FREQ=YEARLY;COUNT=2", utc(2096, 2, 29, 9)).last_start == utc(2104, 2, 29, 9)  # not 2100


def test_the_nth_and_the_last_weekday_of_a_month() -> None:
    second_tuesday = rule("FREQ=MONTHLY;BYDAY=2TU;COUNT=3", utc(2027, 1, 1, 9))
    assert [w[:10] for w in walls(second_tuesday)] == ["2027-01-12", "2027-02-09", "2027-03-09"]
    last_friday = rule("FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR;COUNT=3", utc(2027, 1, 1, 9))
    assert [w[:10] for w in walls(last_friday)] == ["2027-01-29", "2027-03-26", "2027-05-28"]
    thanksgiving = rule("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH;COUNT=2", utc(2027, 1, 1, 9))
    assert [w[:10] for w in walls(thanksgiving)] == ["2027-11-25", "2028-11-23"]


def test_the_first_occurrence_is_the_first_the_rule_gives_from_the_start() -> None:
    series = rule("FREQ=WEEKLY;BYDAY=MO,FR;COUNT=3", utc(2027, 1, 6, 9))  # a Wednesday: not itself an occurrence
    assert [w[:10] for w in walls(series)] == ["2027-01-08", "2027-01-11", "2027-01-15"]
    assert span(series)[0] == utc(2027, 1, 8, 9)


@pytest.mark.parametrize(("text", "count", "last"), [
    ("FREQ=DAILY;COUNT=3650", 3650, "2036-12-28"),
    ("FREQ=DAILY;INTERVAL=3;UNTIL=20270131T090000Z", 11, "2027-01-31"),
    ("FREQ=DAILY;UNTIL=20270110", 10, "2027-01-10"),
    ("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=7", 7, "2027-01-26"),
    ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=6", 6, "2027-01-08"),
    ("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=7", 7, "2027-12-31"),
])
def test_count_and_until_end_the_series(text: str, count: int, last: str) -> None:
    series = rule(text, utc(2027, 1, 1, 9))
    found = walls(series)
    assert len(found) == count and found[-1][:10] == last
    assert series.last_start == list(occurrences(series, *EVER))[-1].start_ts


def test_a_series_without_an_end_has_no_last_and_an_open_span() -> None:
    series = rule("FREQ=WEEKLY", utc(2027, 1, 1, 9))
    assert series.last_start is None and span(series) == (utc(2027, 1, 1, 9), None)
    assert len(list(occurrences(series, utc(2500, 1, 1), utc(2500, 2, 1)))) in (4, 5)


def test_a_window_takes_what_overlaps_it() -> None:
    series = rule("FREQ=DAILY;COUNT=5", utc(2027, 1, 1, 9), duration=60)
    assert [o.start_ts for o in occurrences(series, utc(2027, 1, 2, 9, 30), utc(2027, 1, 3, 9))] \
        == [utc(2027, 1, 2, 9)]  # the one running at the window's start, not the one starting at its end
    assert list(occurrences(series, utc(2027, 1, 3), utc(2027, 1, 3))) == []


# -- compared with a day-by-day reading of the rule ------------------------------------------------------


def _matches(series: Series, day: date) -> bool:
    """Does ``day`` belong to the rule, read from its definition day by day (no period arithmetic)?"""
    first = series.first_local.date()
    months = (day.year - first.year) * 12 + day.month - first.month
    weekdays = [by.weekday for by in series.by_day]
    if series.freq is Freq.DAILY:
        return (day - first).days % series.interval == 0 and (not weekdays or day.weekday() in weekdays)
    if series.freq is Freq.WEEKLY:
        weeks = ((day - timedelta(days=day.weekday())) - (first - timedelta(days=first.weekday()))).days // 7
        return weeks % series.interval == 0 and day.weekday() in (weekdays or [first.weekday()])
    if series.freq is Freq.MONTHLY and months % series.interval:
        return False
    if series.freq is Freq.YEARLY and ((day.year - first.year) % series.interval
                                       or day.month not in (series.by_month or (first.month,))):
        return False
    if series.by_day:
        by = series.by_day[0]
        following = day + timedelta(days=7)
        nth = (day.day - 1) // 7 + 1
        return day.weekday() == by.weekday and (nth == by.ordinal if by.ordinal > 0 else following.month != day.month)
    return day.day == (series.by_month_day[0] if series.by_month_day else first.day)


def _random_rule(rng: random.Random) -> str:
    freq = rng.choice(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"])
    parts = [f"FREQ={freq}", f"INTERVAL={rng.choice([1, 1, 2, 3, 5])}"]
    days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    if freq in ("DAILY", "WEEKLY") and rng.random() < 0.6:
        parts.append("BYDAY=" + ",".join(sorted(rng.sample(days, rng.randint(1, 4)), key=days.index)))
    if freq in ("MONTHLY", "YEARLY"):
        choice = rng.random()
        if choice < 0.4:
            parts.append(f"BYMONTHDAY={rng.choice([1, 15, 28, 29, 30, 31])}")
        elif choice < 0.8:
            parts.append(f"BYDAY={rng.choice(['1', '2', '3', '4', '-1'])}{rng.choice(days)}")
        if freq == "YEARLY" and (choice < 0.8 or rng.random() < 0.5):
            parts.append(f"BYMONTH={rng.randint(1, 12)}")
    parts.append(rng.choice([f"COUNT={rng.randint(1, 60)}", "UNTIL=20350101T000000Z", ""]))
    return ";".join(part for part in parts if part)


def test_occurrences_agree_with_a_day_by_day_reading_on_random_rules() -> None:
    rng = random.Random(23)
    for _ in range(150):
        zone = rng.choice([NEW_YORK, BERLIN, "UTC", "Australia/Sydney"])
        start = at(zone, 2027, rng.randint(1, 12), rng.randint(1, 28), rng.choice([0, 2, 9, 23]), 30)
        text = _random_rule(rng)
        try:
            series = rule(text, start, zone, duration=rng.choice([0, 30, 90]))
        except InvalidRequest:
            continue  # a rule with no occurrence (a yearly 31 February, say)
        end = date(2040, 1, 3)  # a local date: the UTC end below cuts
        expected, day = [], series.first_local.date()
        while day < end and (series.count is None or len(expected) < series.count):
            if _matches(series, day):
                wall = datetime.combine(day, series.first_local.time())
                if wall >= series.first_local:
                    expected.append(periods.instant(wall, series.tz))
            day += timedelta(days=1)
        expected = [ts for ts in expected if series.until is None or ts <= series.until]
        got = [o.start_ts for o in occurrences(series, 0, utc(2040, 1, 1))]
        assert got == [ts for ts in expected if ts < utc(2040, 1, 1)], text
        window = sorted(rng.sample(range(utc(2027, 1, 1), utc(2036, 1, 1)), 2))
        inside = [o.start_ts for o in occurrences(series, *window)]
        assert inside == [ts for ts in got if ts < window[1] and max(ts + series.duration * 60, ts + 1) > window[0]]


# -- the window, reached without walking -------------------------------------------------------------------


@pytest.fixture
def steps(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the periods the iterator looks at (each one a call of periods.candidates)."""
    looked: list[int] = []
    real = periods.candidates

    def counted(series: periods.Rule, k: int) -> list[date]:
        looked.append(k)
        return real(series, k)

    monkeypatch.setattr(periods, "candidates", counted)
    return looked


@pytest.mark.parametrize("text", ["FREQ=DAILY;COUNT=3650", "FREQ=DAILY", "FREQ=DAILY;UNTIL=20361231T235959Z"])
def test_a_week_of_a_ten_year_daily_series_looks_at_about_seven_days(text: str, steps: list[int]) -> None:
    series = rule(text, at(BERLIN, 2027, 1, 1, 10), BERLIN)
    series.first_start, series.last_start  # noqa: B018  -- the series' ends, worked out once when it is made
    steps.clear()
    week = list(occurrences(series, at(BERLIN, 2034, 6, 5), at(BERLIN, 2034, 6, 12)))
    assert [w.strftime("%m-%d %H:%M") for w in (local(o.start_ts, series.tz) for o in week)] \
        == [f"06-{day:02d} 10:00" for day in range(5, 12)]
    assert len(steps) <= 10, steps  # seven days and a little slack, never the 2,700 before the window


@pytest.mark.parametrize("text", ["FREQ=WEEKLY;BYDAY=MO,TH;COUNT=900", "FREQ=MONTHLY;BYDAY=2TU;COUNT=500",
                                  "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=300", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"])
def test_other_rules_reach_a_late_window_in_a_few_periods(text: str, steps: list[int]) -> None:
    series = rule(text, utc(2027, 1, 1, 10))
    series.last_start  # noqa: B018
    steps.clear()
    list(occurrences(series, utc(2032, 3, 1), utc(2032, 4, 1)))
    assert len(steps) <= 8, steps


def test_a_count_that_every_period_meets_alike_is_reached_by_arithmetic(steps: list[int]) -> None:
    for text in ("FREQ=DAILY;COUNT=3650", "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=1000", "FREQ=MONTHLY;BYDAY=-1FR;COUNT=600",
                 "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=4;COUNT=300", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=2000",
                 "FREQ=DAILY;INTERVAL=3;BYDAY=SA,SU;COUNT=500"):
        steps.clear()
        series = rule(text, utc(2027, 1, 1, 10))
        assert series.last_start is not None
        assert len(steps) <= 16, (text, steps)  # the first found, a week's pattern, the last: never the count
        walked = list(occurrences(series, *EVER))
        assert len(walked) == series.count and walked[-1].start_ts == series.last_start


def test_a_loaded_series_does_not_count_again(steps: list[int]) -> None:
    series = rule("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=2000", utc(2027, 1, 1, 10))
    last = series.last_start  # a count no arithmetic covers: walked once, here
    steps.clear()
    loaded = Series.from_dict(series.to_dict())
    assert loaded == series and loaded.last_start == last and len(steps) <= 2


# -- exceptions and the five-year cap ----------------------------------------------------------------------


def test_one_occurrence_changed_and_one_deleted_leave_the_others_alone() -> None:
    series = rule("FREQ=DAILY;COUNT=5", utc(2027, 1, 1, 9), duration=60)
    second, third = utc(2027, 1, 2, 9), utc(2027, 1, 3, 9)
    moved = series.with_change(second, {"start_ts": utc(2027, 1, 10, 15), "title": "moved"}).without(third)
    found = list(occurrences(moved, *EVER))
    assert [o.start_ts for o in found] == [utc(2027, 1, 1, 9), utc(2027, 1, 4, 9), utc(2027, 1, 5, 9),
                                           utc(2027, 1, 10, 15)]
    assert found[-1].rule_ts == second and found[-1].changes["title"] == "moved"
    assert span(moved) == (utc(2027, 1, 1, 9), utc(2027, 1, 10, 16))
    assert Series.from_dict(moved.to_dict()) == moved
    assert [o.start_ts for o in occurrences(series, *EVER)][1:3] == [second, third]  # the original is unchanged
    shorter = moved.with_change(utc(2027, 1, 4, 9), {"duration": 15})
    assert [o.end_ts - o.start_ts for o in occurrences(shorter, utc(2027, 1, 4), utc(2027, 1, 5))] == [900]


def test_one_occurrence_by_its_rule_instant_and_the_next_one() -> None:
    series = rule("FREQ=WEEKLY;COUNT=3", utc(2027, 1, 1, 9), duration=30)
    second = utc(2027, 1, 8, 9)
    assert occurrence(series, second) == (second, second + 1800, second, {})
    assert occurrence(series, second + 60) is None and occurrence(series.without(second), second) is None
    moved = series.with_change(second, {"start_ts": second + 3600})
    assert occurrence(moved, second).start_ts == second + 3600
    assert next_occurrence(series, second + 600).start_ts == second  # running: not over yet
    assert next_occurrence(series, second + 1800).start_ts == utc(2027, 1, 15, 9)
    assert next_occurrence(series, utc(2027, 2, 1)) is None
    assert next_occurrence(rule("FREQ=YEARLY", utc(2027, 1, 1, 9)), utc(2900, 6, 1)).start_ts == utc(2901, 1, 1, 9)


def test_an_exception_must_name_an_occurrence() -> None:
    series = rule("FREQ=WEEKLY;COUNT=3", utc(2027, 1, 1, 9))
    with pytest.raises(MeetingNotFound):
        series.without(utc(2027, 1, 2, 9))
    with pytest.raises(MeetingNotFound):
        series.without(utc(2027, 1, 1, 9)).with_change(utc(2027, 1, 1, 9), {"title": "x"})
    with pytest.raises(InvalidRequest):
        series.with_change(utc(2027, 1, 8, 9), {"start_ts": "tomorrow"})
    with pytest.raises(InvalidRequest):
        series.with_change(utc(2027, 1, 8, 9), {"when": datetime(2027, 1, 1)})


def test_rescheduling_a_series_drops_its_exceptions() -> None:
    series = rule("FREQ=DAILY;COUNT=5", utc(2027, 1, 1, 9)).without(utc(2027, 1, 2, 9))
    later = series.rescheduled(interval=2)
    assert later.removed == frozenset() and to_rrule(later) == "FREQ=DAILY;INTERVAL=2;COUNT=5"


def test_a_series_reaching_past_five_years_is_capped() -> None:
    now = utc(2027, 1, 1)
    long, note = capped(rule("FREQ=DAILY;COUNT=3650", utc(2027, 1, 2, 9)), now)
    assert note is not None and not note.documented and long.until == utc(2032, 1, 1)
    assert walls(long)[-1] == "2031-12-31 09:00"
    dated, note = capped(rule("FREQ=DAILY;UNTIL=21241001T000000Z", utc(2027, 1, 2, 9)), now)  # the spec's example
    assert note is not None and note.documented and dated.until == utc(2032, 1, 1)
    endless = rule("FREQ=DAILY", utc(2027, 1, 2, 9))
    assert capped(endless, now) == (endless, None)


def test_a_series_is_checked_when_made() -> None:
    first = datetime(2027, 1, 1, 9)
    with pytest.raises(InvalidRequest, match="INTERVAL"):
        Series(Freq.DAILY, first, "UTC", interval=0)
    with pytest.raises(InvalidRequest, match="UNTIL is before"):
        Series(Freq.DAILY, first, "UTC", until=utc(2026, 1, 1))
    with pytest.raises(InvalidRequest, match="ordinal"):
        Series(Freq.WEEKLY, first, "UTC", by_day=(ByDay(0, 2),))
    with pytest.raises(InvalidRequest, match="no occurrence"):
        Series(Freq.DAILY, first, "UTC", interval=7, by_day=(ByDay(0),))  # 1 January 2027 is a Friday
    with pytest.raises(InvalidRequest, match="series"):
        Series.from_dict({"freq": "DAILY"})
