"""Wall-clock times of a WebEx time zone <-> instants (epoch seconds).

Simplification (documented in the README): a zone's offset is the standard,
non-DST offset of its label (``GMT-08:00, Pacific (San Jose)`` -> -480
minutes), all year round. WebEx labels carry exactly that offset (reference
10.3); real DST shifts are not modelled, so two meetings an hour apart across a
DST change may sort as the real service would not.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from . import timezones

_OFFSET = re.compile(r"^GMT([+-])(\d{2}):(\d{2})")
EPOCH = datetime(1970, 1, 1)


@cache
def offset_minutes(zone_id: int) -> int:
    match = _OFFSET.match(timezones.label(zone_id))
    if not match:  # pragma: no cover - every label has one
        return 0
    sign = -1 if match.group(1) == "-" else 1
    return sign * (int(match.group(2)) * 60 + int(match.group(3)))


def from_epoch(seconds: int, zone_id: int) -> datetime:
    """Wall-clock time in WebEx zone ``zone_id`` of the instant ``seconds`` since 1970-01-01 UTC."""
    return EPOCH + timedelta(seconds=seconds + offset_minutes(zone_id) * 60)


def start_instant(data: dict[str, Any]) -> int:
    """A stored meeting's schedule/startDate (MM/dd/yyyy HH:mm:ss) in its schedule/timeZoneID, as an instant."""
    schedule = data["schedule"]
    return to_epoch(_wall_clock(schedule["startDate"]), int(schedule["timeZoneID"]))


def _wall_clock(text: str) -> datetime:
    """MM/dd/yyyy HH:mm:ss as :func:`datetime.strptime` reads it; the form the rules store is read without it
    (strptime takes a quarter of a stored meeting's cost)."""
    if len(text) == 19 and text[2] == text[5] == "/" and text[10] == " " and text[13] == text[16] == ":" \
            and (text[:2] + text[3:5] + text[6:10] + text[11:13] + text[14:16] + text[17:]).isdigit() \
            and text.isascii():
        return datetime(int(text[6:10]), int(text[:2]), int(text[3:5]), int(text[11:13]), int(text[14:16]),
                        int(text[17:]))
    return datetime.strptime(text, "%m/%d/%Y %H:%M:%S")


def to_epoch(local: datetime, zone_id: int) -> int:
    """Seconds since 1970-01-01 UTC of wall-clock ``local`` in WebEx zone ``zone_id``."""
    return int((local - EPOCH).total_seconds()) - offset_minutes(zone_id) * 60

