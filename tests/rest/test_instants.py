"""A REST answer's instants (mockserver.rest.shapes.instant): the offset in force in the zone then, UTC ``Z`` without
a zone, UTC for a zone no one knows. Read in one step (``datetime.fromtimestamp``); the same text as the instant
made in UTC and converted, across the hours clocks change in and for zones of odd offsets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from mockserver.domain import timezones
from mockserver.rest.shapes import instant

ZONES = ["", "UTC", "America/Los_Angeles", "Europe/Dublin", "Australia/Lord_Howe", "Asia/Kathmandu",
         "Pacific/Chatham", "Nowhere/Atlantis", "../etc"]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _converted(seconds: int, zone: str) -> str:
    moment = EPOCH + timedelta(seconds=seconds)
    try:
        local = moment.astimezone(ZoneInfo(zone)) if zone else moment
    except (ZoneInfoNotFoundError, ValueError):
        local = moment
    text = local.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") and not zone else text


def _instants() -> list[int]:
    changes = [int(datetime(year, month, 1, tzinfo=UTC).timestamp()) for year in (1995, 2027)
               for month in (3, 4, 9, 10, 11)]
    hours = [start + step * 1800 for start in changes for step in range(0, 31 * 48, 7)]
    return [0, -86_400, 1, timezones.EARLIEST_INSTANT, timezones.LATEST_INSTANT, *hours]


@pytest.mark.parametrize("zone", ZONES)
def test_an_instant_reads_as_converted_from_utc(zone):
    for seconds in _instants():
        assert instant(seconds, zone) == _converted(seconds, zone), (seconds, zone)
