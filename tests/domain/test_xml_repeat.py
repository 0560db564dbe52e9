"""The XML ``repeat`` block <-> a Series <-> an RRULE (mockserver/domain/xmlrepeat.py): the shapes shipped clients
send, the ends (afterMeetingNumber, expirationDate), the exception elements, and round trips both ways."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from mockserver.base.errors import InvalidRequest
from mockserver.domain.recurrence import local, occurrences
from mockserver.domain.rrule import from_rrule, to_rrule
from mockserver.domain.xmlrepeat import exception_repeat, from_xml_repeat, to_xml_repeat

NEW_YORK = "America/New_York"
EVER = (0, 2 ** 37)


def at(*wall: int, zone: str = NEW_YORK) -> int:
    return int(datetime(*wall, tzinfo=ZoneInfo(zone)).timestamp())


def days(block: dict, start: int, zone: str = NEW_YORK) -> list[str]:
    series = from_xml_repeat(block, start, zone, 60).series
    assert series is not None
    return [local(o.start_ts, series.tz).strftime("%Y-%m-%d %H:%M") for o in occurrences(series, *EVER)]


@pytest.mark.parametrize(("block", "rrule"), [
    # the shapes a shipped mail-suite plugin sends (docs/time.md)
    ({"repeatType": "WEEKLY", "dayInWeek": {"day": ["MONDAY", "WEDNESDAY"]}, "afterMeetingNumber": "4"},
     "FREQ=WEEKLY;INTERVAL=1;COUNT=4;BYDAY=MO,WE"),
    ({"repeatType": "MONTHLY", "dayInMonth": "15", "interval": "2", "afterMeetingNumber": "3"},
     "FREQ=MONTHLY;INTERVAL=2;COUNT=3;BYMONTHDAY=15"),
    ({"repeatType": "MONTHLY", "weekInMonth": "2", "dayInWeek": {"day": "TUESDAY"}, "interval": "1"},
     "FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU"),
    ({"repeatType": "YEARLY", "dayInMonth": "4", "monthInYear": "7"}, "FREQ=YEARLY;INTERVAL=1;BYMONTHDAY=4;BYMONTH=7"),
    ({"repeatType": "YEARLY", "weekInMonth": "4", "dayInWeek": {"day": ["THURSDAY"]}, "monthInYear": "11"},
     "FREQ=YEARLY;INTERVAL=1;BYDAY=4TH;BYMONTH=11"),
    ({"repeatType": "DAILY", "interval": "3"}, "FREQ=DAILY;INTERVAL=3"),
    ({"repeatType": "DAILY", "dayInWeek": {"day": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"]}},
     "FREQ=DAILY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR"),
    ({"repeatType": "MONTHLY", "weekInMonth": "5", "dayInWeek": {"day": "FRIDAY"}},
     "FREQ=MONTHLY;INTERVAL=1;BYDAY=-1FR"),
])
def test_a_repeat_block_maps_to_the_rrule_of_the_same_rule(block: dict, rrule: str) -> None:
    start = at(2027, 1, 4, 10)
    reading = from_xml_repeat(block, start, NEW_YORK, 60)
    assert reading.series is not None and reading.notes == ()
    assert to_rrule(reading.series) == rrule
    over_rest = from_rrule(rrule, start, NEW_YORK, 60).series
    assert to_xml_repeat(over_rest) == to_xml_repeat(reading.series)  # what XML shows of a REST series
    shown = to_xml_repeat(reading.series)
    again = from_xml_repeat(shown, start, NEW_YORK, 60).series
    assert again is not None and to_rrule(again) == rrule  # the block XML shows reads back as the same rule


def test_no_repeat_and_constant_are_single_meetings() -> None:
    assert from_xml_repeat(None, 0, "UTC") == (None, ())
    assert from_xml_repeat({"repeatType": "NO_REPEAT"}, 0, "UTC") == (None, ())
    assert from_xml_repeat({}, 0, "UTC") == (None, ())
    constant = from_xml_repeat({"repeatType": "CONSTANT"}, 0, "UTC")
    assert constant.series is None and [note.documented for note in constant.notes] == [False]
    assert to_xml_repeat(None) == {"repeatType": "NO_REPEAT"}


def test_weekly_without_days_repeats_on_the_start_day() -> None:
    assert days({"repeatType": "WEEKLY", "afterMeetingNumber": "2"}, at(2027, 1, 6, 9)) \
        == ["2027-01-06 09:00", "2027-01-13 09:00"]


def test_expiration_date_names_the_last_day_whatever_its_time() -> None:
    block = {"repeatType": "DAILY", "expirationDate": "1/8/2027 00:00:00"}  # as the plugin writes it: unpadded
    assert days(block, at(2027, 1, 6, 10))[-1] == "2027-01-08 10:00"
    series = from_xml_repeat(block, at(2027, 1, 6, 10), NEW_YORK, 60).series
    assert series is not None
    assert to_xml_repeat(series)["expirationDate"] == "01/08/2027 10:00:00"  # shown as the last occurrence's start
    assert from_xml_repeat({"repeatType": "DAILY", "expirationDate": "none"}, 0, "UTC").series.last_start is None


def test_with_both_ends_the_earlier_counts() -> None:
    block = {"repeatType": "DAILY", "afterMeetingNumber": "3", "expirationDate": "01/31/2027 00:00:00"}
    reading = from_xml_repeat(block, at(2027, 1, 6, 10), NEW_YORK)
    assert reading.series is not None and reading.series.count == 3 and reading.series.until is None
    assert [note.part for note in reading.notes] == ["afterMeetingNumber"]
    block["afterMeetingNumber"] = "300"
    assert from_xml_repeat(block, at(2027, 1, 6, 10), NEW_YORK).series.count is None


def test_after_meeting_number_zero_means_no_count() -> None:
    assert from_xml_repeat({"repeatType": "WEEKLY", "afterMeetingNumber": "0"}, 0, "UTC").series.last_start is None


def test_a_count_over_999_is_shown_by_its_last_day() -> None:
    series = from_rrule("FREQ=DAILY;COUNT=1200", at(2027, 1, 1, 9), NEW_YORK).series
    shown = to_xml_repeat(series)
    assert "afterMeetingNumber" not in shown and shown["expirationDate"] == "04/14/2030 09:00:00"


def test_answer_only_elements_and_unknown_ones_are_noted_not_read() -> None:
    block = {"repeatType": "WEEKLY", "isException": "false", "seriesMeetingKey": "123", "hasException": "true",
             "dayInYear": "40", "dayInMonth": "3"}
    reading = from_xml_repeat(block, at(2027, 1, 6, 9), NEW_YORK)
    assert [note.part for note in reading.notes] == ["isException", "seriesMeetingKey", "hasException", "dayInYear",
                                                     "dayInMonth"]
    assert reading.series is not None and reading.series.removed == frozenset()


def test_a_monthly_block_takes_one_day_and_prefers_the_week_in_month() -> None:
    reading = from_xml_repeat({"repeatType": "MONTHLY", "weekInMonth": "1", "dayInMonth": "20",
                               "dayInWeek": {"day": ["MONDAY", "FRIDAY"]}}, at(2027, 1, 6, 9), NEW_YORK)
    assert to_rrule(reading.series) == "FREQ=MONTHLY;INTERVAL=1;BYDAY=1MO"
    assert {note.part for note in reading.notes} == {"dayInWeek", "dayInMonth"}


@pytest.mark.parametrize(("block", "element"), [
    ({"repeatType": "HOURLY"}, "repeatType"), ({"repeatType": "DAILY", "interval": "0"}, "interval"),
    ({"repeatType": "DAILY", "interval": "x"}, "interval"),
    ({"repeatType": "MONTHLY", "dayInMonth": "32"}, "dayInMonth"),
    ({"repeatType": "MONTHLY", "weekInMonth": "6"}, "weekInMonth"),
    ({"repeatType": "MONTHLY", "weekInMonth": "0"}, "weekInMonth"),
    ({"repeatType": "WEEKLY", "dayInWeek": {"day": "FUNDAY"}}, "dayInWeek/day"),
    ({"repeatType": "DAILY", "afterMeetingNumber": "1000"}, "afterMeetingNumber"),
    ({"repeatType": "DAILY", "expirationDate": "31/31/2027"}, "expirationDate"),
    ({"repeatType": "DAILY", "expirationDate": "01/01/2020 00:00:00"}, "UNTIL"),
    ({"repeatType": "YEARLY", "monthInYear": "2", "dayInMonth": "30"}, "the rule gives no occurrence"),
])
def test_a_block_that_says_no_rule_is_refused_naming_the_element(block: dict, element: str) -> None:
    with pytest.raises(InvalidRequest) as refused:
        from_xml_repeat(block, at(2027, 1, 6, 9), NEW_YORK)
    assert refused.value.text.startswith("Invalid request: bodyContent/repeat") and element in refused.value.text


def test_the_exceptions_show_in_the_blocks() -> None:
    series = from_rrule("FREQ=DAILY;COUNT=3", at(2027, 1, 6, 9), NEW_YORK).series
    assert to_xml_repeat(series)["hasException"] == "false"
    assert to_xml_repeat(series.without(series.first_start))["hasException"] == "true"
    assert exception_repeat(81234) == {"repeatType": "NO_REPEAT", "isException": "true", "seriesMeetingKey": "81234"}


def test_random_blocks_round_trip_through_rrule_with_the_same_occurrences() -> None:
    rng = random.Random(7)
    names = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]
    checked = 0
    for _ in range(120):
        kind = rng.choice(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"])
        block: dict = {"repeatType": kind, "interval": str(rng.choice([1, 2, 3]))}
        if kind in ("DAILY", "WEEKLY") and rng.random() < 0.7:
            block["dayInWeek"] = {"day": rng.sample(names, rng.randint(1, 3))}
        if kind in ("MONTHLY", "YEARLY"):
            if rng.random() < 0.5:
                block["dayInMonth"] = str(rng.randint(1, 31))
            else:
                block["weekInMonth"] = str(rng.randint(1, 5))
                block["dayInWeek"] = {"day": rng.choice(names)}
            if kind == "YEARLY":
                block["monthInYear"] = str(rng.randint(1, 12))
        block.update(rng.choice([{"afterMeetingNumber": str(rng.randint(1, 40))},
                                 {"expirationDate": f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/2031 00:00:00"}, {}]))
        zone = rng.choice([NEW_YORK, "Europe/Berlin", "Asia/Kolkata"])
        start = at(2027, rng.randint(1, 12), rng.randint(1, 28), rng.choice([1, 9, 17]), zone=zone)
        try:
            series = from_xml_repeat(block, start, zone, 45).series
        except InvalidRequest:
            continue  # a YEARLY 31 June, say
        assert series is not None
        window = (start - 86400, int(datetime(2033, 1, 1, tzinfo=UTC).timestamp()))
        expected = [o.start_ts for o in occurrences(series, *window)]
        over_rest = from_rrule(to_rrule(series), start, zone, 45).series
        assert [o.start_ts for o in occurrences(over_rest, *window)] == expected, block
        back = from_xml_repeat(to_xml_repeat(series), start, zone, 45).series
        assert [o.start_ts for o in occurrences(back, *window)] == expected, block
        checked += 1
    assert checked > 90
