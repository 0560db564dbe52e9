"""A meeting's attendees: where its data holds them, and how many one meeting may have.

The real service limits the invitees of a Meeting Center meeting: ``maxInviteesNumberForMC``, "Max number of MC
invitees per meeting default is 1,000", enforced by CreateMeeting, SetMeeting and CreateMeetingAttendee since XML
API 9.0 SP3 [DOC: XML API 9.0 SP3/SP4 release notes, "Enforce Limitations Of Invitation/Registration/Participant on
MC/EC/TC"]. The mock holds every site to that default (the site setting itself is not modelled).
"""

from __future__ import annotations

from typing import Any

from ..base.errors import TooManyAttendees

#: the most attendees one meeting holds (the documented default of maxInviteesNumberForMC)
MAX_ATTENDEES = 1000


def attendee_list(data: dict[str, Any]) -> list[Any] | None:
    """The meeting data's ``participants/attendees/attendee`` list (the stored one: change it to change the data),
    or None when the data has none."""
    participants = data.get("participants")
    attendees = participants.get("attendees") if isinstance(participants, dict) else None
    found = attendees.get("attendee") if isinstance(attendees, dict) else None
    return found if isinstance(found, list) else None


def check_count(data: dict[str, Any]) -> None:
    """TooManyAttendees when the meeting data holds more than :data:`MAX_ATTENDEES` attendees."""
    count = len(attendee_list(data) or ())
    if count > MAX_ATTENDEES:
        raise TooManyAttendees(f"{TooManyAttendees.message}: {count} attendees, at most {MAX_ATTENDEES} a meeting")
