"""A zone outside the WebEx zone table (``UTC``, ``Etc/GMT+5``, any IANA name the table does not hold) takes the
first table id whose offset is the zone's at the start (mockserver.domain.xmlblocks.xml_zone_for). The table's zones
are each converted once, from one instant; the answer is remembered per zone and start. Before, each table zone was
looked up by name and converted on its own, on every read: a REST create sending ``"timezone": "UTC"`` took 5.47 ×
one sending no zone (``benchmarks/bench_rest.py``), 0.87 × now."""

from __future__ import annotations

import random
import zoneinfo

import pytest

from mockserver.domain import timezones, xmlblocks


def _first_by_name(zone: str, at: int) -> int:
    """The rule as written before: each table zone's offset read by its name."""
    found = timezones.xml_zone(zone)
    if found is not None:
        return found
    wanted = timezones.offset_at(zone, at)
    for zone_id in sorted(timezones.IANA):
        if timezones.offset_at(timezones.IANA[zone_id], at) == wanted:
            return zone_id
    return xmlblocks.GMT_ZONE_ID


def test_the_same_id_as_each_zone_looked_up_by_name():
    names = sorted(zoneinfo.available_timezones()) + ["UTC", "Etc/GMT+5", "Etc/GMT-14", "Nowhere/Zone"]
    draw = random.Random(7)
    for _ in range(400):
        zone, at = draw.choice(names), draw.randrange(-2_000_000_000, 4_000_000_000)
        assert xmlblocks.xml_zone_for(zone, at) == _first_by_name(zone, at), (zone, at)


def test_an_outside_zone_reads_its_own_offset_once_and_then_not_again(monkeypatch):
    calls: list[str] = []
    offset_at = timezones.offset_at
    monkeypatch.setattr(timezones, "offset_at", lambda name, at: calls.append(name) or offset_at(name, at))
    at = 1_900_000_123  # a start no other test asks for
    first = xmlblocks.xml_zone_for("UTC", at)
    assert calls == ["UTC"] and first == xmlblocks.GMT_ZONE_ID
    assert xmlblocks.xml_zone_for("UTC", at) == first and calls == ["UTC"]


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "Europe/London"])
def test_a_table_zone_is_its_own_id_without_a_conversion(monkeypatch, zone):
    monkeypatch.setattr(timezones, "first_with_offset", lambda wanted, at: pytest.fail("converted"))
    assert timezones.IANA[xmlblocks.xml_zone_for(zone, 1_800_000_000)] == zone
