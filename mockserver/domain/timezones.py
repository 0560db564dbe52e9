"""WebEx time zones in one place: the ``timeZoneID`` table, wall-clock times <-> instants, GetUser's
``timeZoneWithDST`` and LstTimeZone's entries.

* **The table** (XML API 5.9 appendix, reference 10.3): ids 0-61, labels with the zone's standard offset, as
  answers carry them. Ids 24 and 27 are deprecated and stored as 23 and 26. Each id follows the DST rules of an
  IANA zone (:data:`IANA`).
* **Instants.** A meeting's start is a wall-clock time in its zone; the instant it names follows the zone's IANA
  rules (zoneinfo, the ``tzdata`` package where the system has none), DST included: 10:00 in San Jose is 18:00 UTC
  in January and 17:00 UTC in July. The labels (``timeZone``) keep the standard offset all year, as real answers
  show them (reference 10.3).
* **timeZoneWithDST** (reference 9) names the offset in force at an instant, e.g. "San Francisco (Pacific
  Standard Time, GMT-08:00)" [REAL S9] or "Berlin (Europe Summer Time, GMT+02:00)" in July [REAL]. Cisco's own
  table is not public, so the text is derived: city and region from the standard label, the DST shift from the
  IANA zone's rules (zoneinfo). "Summer" is used for the zones from GMT-01:00 to GMT+03:00 (Europe, Africa,
  Middle East), "Daylight" elsewhere, as in the two real samples. Without tz data the standard offset is shown.
* **LstTimeZone** (reference §29): every id the mock accepts, with its offset at an instant; 24 and 27 are listed
  too, as in the real answer. Differences from the real table (ids 128-159, renamed cities, id 0 at GMT+12) are in
  the docs.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEPRECATED: dict[int, int] = {24: 23, 27: 26}

LABELS: dict[int, str] = {
    0: "GMT-12:00, Dateline (Eniwetok)",
    1: "GMT-11:00, Samoa (Samoa)",
    2: "GMT-10:00, Hawaii (Honolulu)",
    3: "GMT-09:00, Alaska (Anchorage)",
    4: "GMT-08:00, Pacific (San Jose)",
    5: "GMT-07:00, Mountain (Arizona)",
    6: "GMT-07:00, Mountain (Denver)",
    7: "GMT-06:00, Central (Chicago)",
    8: "GMT-06:00, Mexico (Mexico City, Tegucigalpa)",
    9: "GMT-06:00, Central (Regina)",
    10: "GMT-05:00, S. America Pacific (Bogota)",
    11: "GMT-05:00, Eastern (New York)",
    12: "GMT-05:00, Eastern (Indiana)",
    13: "GMT-04:00, Atlantic (Halifax)",
    14: "GMT-04:00, S. America Western (Caracas)",
    15: "GMT-03:30, Newfoundland (Newfoundland)",
    16: "GMT-03:00, S. America Eastern (Brasilia)",
    17: "GMT-03:00, S. America Eastern (Buenos Aires)",
    18: "GMT-02:00, Mid-Atlantic (Mid-Atlantic)",
    19: "GMT-01:00, Azores (Azores)",
    20: "GMT+00:00, Greenwich (Casablanca)",
    21: "GMT+00:00, GMT (London)",
    22: "GMT+01:00, Europe (Amsterdam)",
    23: "GMT+01:00, Europe (Paris)",
    25: "GMT+01:00, Europe (Berlin)",
    26: "GMT+02:00, Greece (Athens)",
    28: "GMT+02:00, Egypt (Cairo)",
    29: "GMT+02:00, South Africa (Pretoria)",
    30: "GMT+02:00, Northern Europe (Helsinki)",
    31: "GMT+02:00, Israel (Tel Aviv)",
    32: "GMT+03:00, Saudi Arabia (Baghdad)",
    33: "GMT+03:00, Russian (Moscow)",
    34: "GMT+03:00, Nairobi (Nairobi)",
    35: "GMT+03:30, Iran (Tehran)",
    36: "GMT+04:00, Arabian (Abu Dhabi, Muscat)",
    37: "GMT+04:00, Baku (Baku)",
    38: "GMT+04:30, Afghanistan (Kabul)",
    39: "GMT+05:00, West Asia (Ekaterinburg)",
    40: "GMT+05:00, West Asia (Islamabad)",
    41: "GMT+05:30, India (Bombay)",
    42: "GMT+06:00, Columbo (Columbo)",
    43: "GMT+06:00, Central Asia (Almaty)",
    44: "GMT+07:00, Bangkok (Bangkok)",
    45: "GMT+08:00, China (Beijing)",
    46: "GMT+08:00, Australia Western (Perth)",
    47: "GMT+08:00, Singapore (Singapore)",
    48: "GMT+08:00, Taipei (Hong Kong)",
    49: "GMT+09:00, Tokyo (Tokyo)",
    50: "GMT+09:00, Korea (Seoul)",
    51: "GMT+09:00, Yakutsk (Yakutsk)",
    52: "GMT+09:30, Australia Central (Adelaide)",
    53: "GMT+09:30, Australia Central (Darwin)",
    54: "GMT+10:00, Australia Eastern (Brisbane)",
    55: "GMT+10:00, Australia Eastern (Sydney)",
    56: "GMT+10:00, West Pacific (Guam)",
    57: "GMT+10:00, Tasmania (Hobart)",
    58: "GMT+10:00, Vladivostok (Vladivostok)",
    59: "GMT+11:00, Central Pacific (Solomon Is)",
    60: "GMT+12:00, New Zealand (Wellington)",
    61: "GMT+12:00, Fiji (Fiji)",
}

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

#: the deprecated ids, named as the real answer names them [REAL capture, reference §29]
DEPRECATED_LABELS = {24: "GMT+01:00, Europe (Prague)", 27: "GMT+02:00, Eastern Europe (Bucharest)"}
DEPRECATED_IANA = {24: "Europe/Prague", 27: "Europe/Bucharest"}
#: zones whose name the real answer hides (hideTimeZoneName true) [REAL capture]
HIDDEN_NAMES = frozenset({1, 2, 8, 20})
#: standard offsets (minutes) whose DST is "Summer" time (Europe, Africa, Middle East), as GetUser's
#: timeZoneWithDST says; elsewhere "Daylight" beside a "Standard" label [REAL capture: Europe has no standardLabel]
SUMMER = range(-60, 181)

_LABEL = re.compile(r"^GMT([+-])(\d{2}):(\d{2}), (.+?) \((.+)\)$")
EPOCH = datetime(1970, 1, 1)
_EPOCH_UTC = EPOCH.replace(tzinfo=UTC)
#: the instants a meeting may start and end at: a day inside the dates Python holds (0001-01-01 to 9999-12-31), so
#: its wall-clock time in every zone is a date too (no zone is a day from UTC); ASSUMED, WebEx documents no range
EARLIEST_INSTANT, LATEST_INSTANT = -62135510400, 253402214399  # 0001-01-02T00:00:00Z, 9999-12-30T23:59:59Z
RANGE = "a meeting starts and ends between 0001-01-02 and 9999-12-30 (UTC)"


def showable(seconds: int) -> bool:
    """Whether a meeting may start or end at the instant ``seconds`` (:data:`EARLIEST_INSTANT` to
    :data:`LATEST_INSTANT`)."""
    return EARLIEST_INSTANT <= seconds <= LATEST_INSTANT


def meeting_showable(begins: int, minutes: int) -> bool:
    """Whether a meeting that starts at the instant ``begins`` and lasts ``minutes`` starts and ends where it may."""
    return showable(begins) and showable(begins + minutes * 60)


def in_range(local: datetime, zone_id: Any, minutes: int) -> bool:
    """:func:`meeting_showable` of a meeting that starts at wall-clock ``local`` in WebEx zone ``zone_id`` (as the
    XML holds it: its text)."""
    return meeting_showable(to_epoch(local, int(zone_id) if isinstance(zone_id, str) and zone_id.isdigit() else None),
                            minutes)


# -- the table ----------------------------------------------------------------------------------------


def canonical(zone_id: int) -> int:
    return DEPRECATED.get(zone_id, zone_id)


def label(zone_id: int) -> str:
    return LABELS.get(canonical(zone_id), LABELS[4])


def _parts(text: str) -> tuple[int, str, str]:
    """(standard offset in minutes, region, city) of a label like ``GMT-08:00, Pacific (San Jose)``."""
    match = _LABEL.match(text)
    assert match is not None, text
    sign, hours, minutes, region, city = match.groups()
    return (int(hours) * 60 + int(minutes)) * (-1 if sign == "-" else 1), region, city


# -- the table's IANA zones, both ways -------------------------------------------------------------


def iana(zone_id: int) -> str:
    """The IANA zone whose rules WebEx zone ``zone_id`` follows (an unknown id: zone 4's, as its label is)."""
    return IANA.get(canonical(zone_id), IANA[4])


def xml_zone(name: str) -> int | None:
    """The ``timeZoneID`` that follows IANA zone ``name`` (the table is one to one), or None."""
    return _XML_ZONE.get(name)


_XML_ZONE = {name: zone_id for zone_id, name in IANA.items()}


def is_zone(name: str) -> bool:
    """Is ``name`` an IANA zone this machine knows (or one of the table's, known or not)?"""
    return name in _XML_ZONE or _rules(name) is not None


def _rules(name: str) -> ZoneInfo | None:
    """The rules of IANA zone ``name`` (None: this machine knows no such zone)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def offset_at(name: str, at: int) -> int | None:
    """The UTC offset of IANA zone ``name`` at the instant ``at`` (epoch seconds), in seconds; None when unknown."""
    return _offset_seconds(_EPOCH_UTC + timedelta(seconds=at), _rules(name))


def _offset_seconds(instant: datetime, rules: ZoneInfo | None) -> int | None:
    """The UTC offset of ``rules`` at the aware ``instant``, in seconds (None: no rules, or none given)."""
    offset = instant.astimezone(rules).utcoffset() if rules is not None else None
    return int(offset.total_seconds()) if offset is not None else None


def first_with_offset(wanted: int | None, at: int) -> int | None:
    """The first id of the table, in id order, whose zone's :func:`offset_at` the instant ``at`` is ``wanted``
    (None: none is), each read with one conversion of one instant."""
    instant = _EPOCH_UTC + timedelta(seconds=at)
    for zone_id in _IDS_IN_ORDER:
        if _offset_seconds(instant, _rules_named(IANA[zone_id])) == wanted:
            return zone_id
    return None


#: the rules of the table's zones, each read once (only the table's names: a cache of any name a client sends would
#: grow without end)
_rules_named = cache(_rules)


_IDS_IN_ORDER = sorted(IANA)


# -- wall-clock times <-> instants (epoch seconds) -----------------------------------------------------


@cache
def offset_minutes(zone_id: int) -> int:
    """The standard offset of a zone's label, in minutes."""
    return _parts(label(zone_id))[0]


@cache
def zone_info(zone_id: int) -> ZoneInfo | None:
    """The IANA zone whose rules WebEx zone ``zone_id`` follows (an unknown id: zone 4's, as its label is); None
    when the machine has no tz data (then the standard offset holds all year)."""
    zone_id = canonical(zone_id)
    try:
        return ZoneInfo(IANA.get(zone_id, IANA[4]))
    except (ZoneInfoNotFoundError, ValueError):
        return None


def from_epoch(seconds: int, zone_id: int | None) -> datetime:
    """Wall-clock time in WebEx zone ``zone_id`` (None: GMT, with no DST) of the instant ``seconds`` since
    1970-01-01 UTC, with the offset in force then (DST included)."""
    if zone_id is None:
        return EPOCH + timedelta(seconds=seconds)
    rules = zone_info(zone_id)
    if rules is None:
        return EPOCH + timedelta(seconds=seconds + offset_minutes(zone_id) * 60)
    return (EPOCH + timedelta(seconds=seconds)).replace(tzinfo=UTC).astimezone(rules).replace(tzinfo=None)


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


def shifts_at(local: datetime, zone_id: int | None) -> bool:
    """Whether WebEx zone ``zone_id``'s clocks skip or repeat wall-clock ``local`` (it has two offsets there); a time
    they do not reads back as itself through :func:`to_epoch` and :func:`from_epoch`."""
    rules = zone_info(zone_id) if zone_id is not None else None
    if rules is None:
        return False
    aware = local.replace(tzinfo=rules)
    return aware.utcoffset() != aware.replace(fold=1).utcoffset()


def shifts_at_instant(seconds: int, zone_id: int | None) -> bool:
    """:func:`shifts_at` the wall-clock time of the instant ``seconds`` read back as the rules read it (fold 0):
    ``shifts_at(from_epoch(seconds, zone_id).replace(fold=0), zone_id)``, in fewer steps."""
    rules = zone_info(zone_id) if zone_id is not None else None
    if rules is None:
        return False
    aware = (_EPOCH_UTC + timedelta(seconds=seconds)).astimezone(rules).replace(fold=0)
    return aware.utcoffset() != aware.replace(fold=1).utcoffset()


def to_epoch(local: datetime, zone_id: int | None) -> int:
    """Seconds since 1970-01-01 UTC of wall-clock ``local`` in WebEx zone ``zone_id`` (None: GMT, with no DST),
    with the offset in force then (DST included). A wall-clock time the zone skips (the hour clocks spring forward)
    is read with the offset before the change, so it reads back an hour later; one it repeats (the hour they fall
    back) is the first."""
    if zone_id is None:
        return int((local - EPOCH).total_seconds())
    rules = zone_info(zone_id)
    if rules is None:
        return int((local - EPOCH).total_seconds()) - offset_minutes(zone_id) * 60
    offset = local.replace(tzinfo=rules).utcoffset()
    return int((local - EPOCH).total_seconds()) - (int(offset.total_seconds()) if offset is not None else 0)


# -- GetUser timeZoneWithDST ------------------------------------------------------------------------------


def with_dst(zone_id: int, at_ms: int) -> str:
    """The ``timeZoneWithDST`` text of ``zone_id`` at ``at_ms`` (epoch milliseconds)."""
    zone_id = canonical(zone_id)
    if zone_id not in LABELS:
        zone_id = 4
    standard, region, city = _parts(LABELS[zone_id])
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


# -- LstTimeZone ----------------------------------------------------------------------------------------------


def zone_ids() -> list[int]:
    return sorted({*LABELS, *DEPRECATED})


def zone_entry(zone_id: int, at_ms: int) -> dict[str, Any]:
    """LstTimeZone's ``ns1:timeZone`` of ``zone_id`` at the instant ``at_ms`` (epoch milliseconds)."""
    standard, region, city = _parts(LABELS.get(zone_id) or DEPRECATED_LABELS[zone_id])
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
