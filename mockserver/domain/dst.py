"""GetUser ``timeZoneWithDST``: a WebEx time zone with the offset in force at an instant (reference 9).

``timeZone`` is the fixed, standard label of :mod:`mockserver.domain.timezones`;
``timeZoneWithDST`` names the offset in force, e.g. "San Francisco (Pacific
Standard Time, GMT-08:00)" [REAL S9] or "Berlin (Europe Summer Time, GMT+02:00)"
in July [REAL]. Cisco's own table is not public, so the text is derived: city and
region from the standard label, the DST shift from the IANA zone's rules
(zoneinfo). "Summer" is used for the zones from GMT-01:00 to GMT+03:00 (Europe,
Africa, Middle East), "Daylight" elsewhere, as in the two real samples. Without
tz data on the machine the standard offset is shown.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .timezones import LABELS, canonical

#: WebEx timeZoneID -> the IANA zone whose DST rules it follows
IANA: dict[int, str] = {
    0: "Etc/GMT+12", 1: "Pacific/Pago_Pago", 2: "Pacific/Honolulu", 3: "America/Anchorage",
    4: "America/Los_Angeles", 5: "America/Phoenix", 6: "America/Denver", 7: "America/Chicago",
    8: "America/Mexico_City", 9: "America/Regina", 10: "America/Bogota", 11: "America/New_York",
    12: "America/Indiana/Indianapolis", 13: "America/Halifax", 14: "America/Caracas",
    15: "America/St_Johns", 16: "America/Sao_Paulo", 17: "America/Argentina/Buenos_Aires",
    18: "Atlantic/South_Georgia", 19: "Atlantic/Azores", 20: "Africa/Casablanca", 21: "Europe/London",
    22: "Europe/Amsterdam", 23: "Europe/Paris", 25: "Europe/Berlin", 26: "Europe/Athens",
    28: "Africa/Cairo", 29: "Africa/Johannesburg", 30: "Europe/Helsinki", 31: "Asia/Jerusalem",
    32: "Asia/Baghdad", 33: "Europe/Moscow", 34: "Africa/Nairobi", 35: "Asia/Tehran", 36: "Asia/Dubai",
    37: "Asia/Baku", 38: "Asia/Kabul", 39: "Asia/Yekaterinburg", 40: "Asia/Karachi", 41: "Asia/Kolkata",
    42: "Asia/Colombo", 43: "Asia/Almaty", 44: "Asia/Bangkok", 45: "Asia/Shanghai", 46: "Australia/Perth",
    47: "Asia/Singapore", 48: "Asia/Hong_Kong", 49: "Asia/Tokyo", 50: "Asia/Seoul", 51: "Asia/Yakutsk",
    52: "Australia/Adelaide", 53: "Australia/Darwin", 54: "Australia/Brisbane", 55: "Australia/Sydney",
    56: "Pacific/Guam", 57: "Australia/Hobart", 58: "Asia/Vladivostok", 59: "Pacific/Guadalcanal",
    60: "Pacific/Auckland", 61: "Pacific/Fiji",
}

#: where a real answer names another city than the standard label (id 4: "San Jose" there)
CITY: dict[int, str] = {4: "San Francisco"}

_LABEL = re.compile(r"^GMT([+-])(\d{2}):(\d{2}), (.+?) \((.+)\)$")


def with_dst(zone_id: int, at_ms: int) -> str:
    """The ``timeZoneWithDST`` text of ``zone_id`` at ``at_ms`` (epoch milliseconds)."""
    zone_id = canonical(zone_id)
    if zone_id not in LABELS:
        zone_id = 4
    match = _LABEL.match(LABELS[zone_id])
    assert match is not None, LABELS[zone_id]
    sign, hours, minutes, region, city = match.groups()
    standard = (int(hours) * 60 + int(minutes)) * (-1 if sign == "-" else 1)
    shift = _dst_minutes(zone_id, at_ms)
    kind = "Standard" if shift <= 0 else ("Summer" if -60 <= standard <= 180 else "Daylight")
    offset = standard + max(shift, 0)
    text = f"GMT{'-' if offset < 0 else '+'}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"
    return f"{CITY.get(zone_id, city)} ({region} {kind} Time, {text})"


def _dst_minutes(zone_id: int, at_ms: int) -> int:
    try:
        zone = ZoneInfo(IANA[zone_id])
    except (KeyError, ZoneInfoNotFoundError, ValueError):
        return 0
    delta = datetime.fromtimestamp(at_ms / 1000, zone).dst()
    return int(delta.total_seconds() // 60) if delta else 0
