"""What every answer needs of a stored meeting's data, checked where meeting data comes from outside the request
path (a state document imported, a state file loaded): a meeting the rules did not make must still be one every
operation can answer about (GetMeeting, the listings, the join and cancel links, the attendee operations), or it is
refused, naming the field.

The rules store every value as text; the checks are the ones the answers rely on: the blocks are objects, the
schedule's start is a date and time (MM/dd/yyyy HH:mm:ss) in a known time zone, its duration and the meeting type
are numbers, the attendees are a list of objects with a contactID, at most :data:`~.attendees.MAX_ATTENDEES`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from . import timezones
from .attendees import MAX_ATTENDEES

#: the blocks of a stored meeting: objects when present
BLOCKS = ("accessControl", "metaData", "participants", "enableOptions", "schedule", "telephony", "tracking",
          "repeat", "remind", "attendeeOptions")
#: the texts every answer shows: (block, element)
REQUIRED = (("metaData", "confName"), ("metaData", "meetingType"), ("schedule", "startDate"),
            ("schedule", "timeZoneID"), ("schedule", "timeZone"), ("schedule", "duration"),
            ("schedule", "hostWebExID"))
#: nested blocks the answers read as objects when present: (block, element)
NESTED = (("participants", "attendees"), ("telephony", "callInNum"))
_NUMBERS = (("metaData", "meetingType"), ("schedule", "duration"), ("schedule", "timeZoneID"))


class BadMeetingData(ValueError):
    """Stored meeting data no answer could be made from; the message names the field (``data.schedule…``)."""


def check_stored(data: Any, where: str = "data") -> None:
    """BadMeetingData (naming the field, under ``where``) unless every answer can be made from the meeting's XML
    blocks ``data``."""
    try:
        _check_blocks(data)
    except BadMeetingData as bad:
        raise BadMeetingData(f"{where}{str(bad)[4:]}" if where != "data" else str(bad)) from None


def _check_blocks(data: Any) -> None:
    if not isinstance(data, dict):
        raise BadMeetingData("data must be an object")
    for block in BLOCKS:
        if block in data and not isinstance(data[block], dict):
            raise BadMeetingData(f"data.{block} must be an object")
    for block, element in REQUIRED:
        value = data.get(block, {}).get(element)
        if not isinstance(value, str):
            raise BadMeetingData(f"data.{block}.{element} is required (a text)")
    for block, element in _NUMBERS:
        text = data[block][element].strip()
        if not (text.lstrip("-").isdigit() and text.isascii()):
            raise BadMeetingData(f"data.{block}.{element} must be a whole number, not {text[:40]!r}")
    _check_schedule(data["schedule"])
    for block, element in NESTED:
        if element in data.get(block, {}) and not isinstance(data[block][element], dict):
            raise BadMeetingData(f"data.{block}.{element} must be an object")
    _check_attendees(data.get("participants", {}).get("attendees", {}))


def _check_schedule(schedule: dict[str, Any]) -> None:
    try:
        datetime.strptime(schedule["startDate"], "%m/%d/%Y %H:%M:%S")
    except ValueError:
        raise BadMeetingData("data.schedule.startDate must be a date and time (MM/dd/yyyy HH:mm:ss), not "
                             f"{schedule['startDate'][:40]!r}") from None
    try:
        timezones.start_instant({"schedule": schedule})
    except (KeyError, ValueError, OverflowError):
        raise BadMeetingData(f"data.schedule.timeZoneID {schedule['timeZoneID'][:20]!r} is no WebEx time zone "
                             "(or the start is out of range)") from None


def _check_attendees(attendees: dict[str, Any]) -> None:
    listed = attendees.get("attendee", [])
    if not isinstance(listed, list) or not all(isinstance(attendee, dict) for attendee in listed):
        raise BadMeetingData("data.participants.attendees.attendee must be a list of objects")
    if len(listed) > MAX_ATTENDEES:
        raise BadMeetingData(f"data.participants.attendees.attendee holds {len(listed)} attendees, at most "
                             f"{MAX_ATTENDEES} a meeting")
    for index, attendee in enumerate(listed):
        where = f"data.participants.attendees.attendee[{index}]"
        contact = attendee.get("contactID")
        if not (type(contact) is int or (isinstance(contact, str) and contact.isascii() and contact.isdigit())):
            raise BadMeetingData(f"{where}.contactID is required (a number)")
        person = attendee.get("person", {})
        if not isinstance(person, dict) or not all(isinstance(person.get(name, {}), dict)
                                                   for name in ("address", "phones")):
            raise BadMeetingData(f"{where}.person must be an object (its address and phones objects)")
