"""LstTimeZone's table (reference §29): every timeZoneID the mock accepts, with its offset at an instant.

The ids are the mock's own table (:mod:`mockserver.domain.timezones`, 0-61), so every id listed works in
CreateMeeting and CreateUser; 24 and 27, which the mock stores as 23 and 26, are listed too, as in the real
answer. Region, city and standard offset come from the mock's labels; the DST shift from the IANA zone's rules
(:data:`mockserver.domain.dst.IANA`), so the offset is the one in force at the instant asked for, as real answers give.
Differences from the real table (ids 128-159, renamed cities, id 0 at GMT+12) are listed in the README.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .dst import CITY, IANA
from .timezones import DEPRECATED, LABELS

#: the deprecated ids, named as the real answer names them [REAL capture, reference §29]
DEPRECATED_LABELS = {24: "GMT+01:00, Europe (Prague)", 27: "GMT+02:00, Eastern Europe (Bucharest)"}
DEPRECATED_IANA = {24: "Europe/Prague", 27: "Europe/Bucharest"}
#: zones whose name the real answer hides (hideTimeZoneName true) [REAL capture]
HIDDEN_NAMES = frozenset({1, 2, 8, 20})
#: standard offsets (minutes) whose DST is "Summer" time (Europe, Africa, Middle East), as GetUser's
#: timeZoneWithDST says; elsewhere "Daylight" beside a "Standard" label [REAL capture: Europe has no standardLabel]
SUMMER = range(-60, 181)

_LABEL = re.compile(r"^GMT([+-])(\d{2}):(\d{2}), (.+?) \((.+)\)$")


def zone_ids() -> list[int]:
    return sorted({*LABELS, *DEPRECATED})


def entry(zone_id: int, at_ms: int) -> dict[str, Any]:
    """One ``ns1:timeZone`` of the answer, at the instant ``at_ms`` (epoch milliseconds)."""
    label = LABELS.get(zone_id) or DEPRECATED_LABELS[zone_id]
    match = _LABEL.match(label)
    assert match is not None, label
    sign, hours, minutes, region, city = match.groups()
    standard = (int(hours) * 60 + int(minutes)) * (-1 if sign == "-" else 1)
    rules = _zone(zone_id)
    shift = _shift(rules, datetime.fromtimestamp(at_ms / 1000, UTC))
    offset = standard + shift
    city = CITY.get(zone_id, city)
    data: dict[str, Any] = {
        "timeZoneID": zone_id, "gmtOffset": offset, "description": f"{_gmt(offset)}, {region} ({city})",
        "shortName": city, "hideTimeZoneName": zone_id in HIDDEN_NAMES, "fallInDST": shift > 0,
    }
    if _observes_dst(rules, at_ms):
        if standard not in SUMMER:
            data["standardLabel"] = "Standard"
        data["daylightLabel"] = "Summer" if standard in SUMMER else "Daylight"
    return data


def _gmt(offset: int) -> str:
    """``GMT-07:00``; zero is written ``GMT00:00`` [REAL capture]."""
    if offset == 0:
        return "GMT00:00"
    return f"GMT{'-' if offset < 0 else '+'}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"


def _zone(zone_id: int) -> ZoneInfo | None:
    try:
        return ZoneInfo(IANA.get(zone_id) or DEPRECATED_IANA[zone_id])
    except (KeyError, ZoneInfoNotFoundError, ValueError):  # no tz data on the machine: standard time all year
        return None


def _shift(rules: ZoneInfo | None, moment: datetime) -> int:
    delta = moment.astimezone(rules).dst() if rules is not None else None
    return int(delta.total_seconds() // 60) if delta else 0


def _observes_dst(rules: ZoneInfo | None, at_ms: int) -> bool:
    """Does the zone shift its clocks in the year of ``at_ms`` (checked in January and July)?"""
    year = datetime.fromtimestamp(at_ms / 1000, UTC).year
    return any(_shift(rules, datetime(year, month, 1, tzinfo=UTC)) > 0 for month in (1, 7))
