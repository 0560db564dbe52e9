"""WebEx timeZoneID table (XML API 5.9 appendix, as in the project reference 10.3).

Ids 24 and 27 are deprecated and stored as 23 and 26. Answers carry the standard
(non-DST) label, as real responses do."""

from __future__ import annotations

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


def canonical(zone_id: int) -> int:
    return DEPRECATED.get(zone_id, zone_id)


def label(zone_id: int) -> str:
    return LABELS.get(canonical(zone_id), LABELS[4])
