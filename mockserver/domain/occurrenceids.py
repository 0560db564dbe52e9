"""The REST ids of a series' meetings, as the spec's examples show them (reference 31.6).

* a series: its own id (32 lower-case hexadecimal digits in the examples);
* a scheduled meeting (an occurrence): ``<seriesId>_<yyyymmddThhmmssZ>``, the occurrence's start in UTC -- the mock
  keeps the rule's instant there, so a moved occurrence keeps its id (ASSUMED);
* a meeting instance (one that started): ``<seriesId>_I_<decimal>``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

_STAMP = "%Y%m%dT%H%M%SZ"
_OCCURRENCE = re.compile(r"^(?P<series>[^\s]+?)_(?P<stamp>\d{8}T\d{6}Z)$")
_INSTANCE = re.compile(r"^(?P<series>[^\s]+?)_I_(?P<number>\d{1,30})$")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class MeetingId(NamedTuple):
    """What a REST meeting id names: a ``series``, an ``occurrence`` (with its instant) or an ``instance``."""

    kind: str
    series_id: str
    start_ts: int | None = None
    instance: str | None = None


def occurrence_id(series_id: str, start_ts: int) -> str:
    """``<seriesId>_<yyyymmddThhmmssZ>`` of the occurrence at instant ``start_ts``."""
    return f"{series_id}_{(_EPOCH + timedelta(seconds=start_ts)).strftime(_STAMP)}"


def instance_id(series_id: str, number: int) -> str:
    """``<seriesId>_I_<number>`` of a started meeting."""
    return f"{series_id}_I_{number}"


def parse_meeting_id(text: str) -> MeetingId:
    """What ``text`` names; anything that is neither an occurrence's nor an instance's id names a series."""
    found = _INSTANCE.match(text)
    if found:
        return MeetingId("instance", found["series"], instance=found["number"])
    found = _OCCURRENCE.match(text)
    if found:
        try:
            moment = datetime.strptime(found["stamp"], _STAMP).replace(tzinfo=UTC)
        except ValueError:
            return MeetingId("series", text)
        return MeetingId("occurrence", found["series"], int((moment - _EPOCH).total_seconds()))
    return MeetingId("series", text)
