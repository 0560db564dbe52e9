"""A meeting's attendees: where its data holds them, and how many one meeting may have.

The real service limits the invitees of a Meeting Center meeting: ``maxInviteesNumberForMC``, "Max number of MC
invitees per meeting default is 1,000", enforced by CreateMeeting, SetMeeting and CreateMeetingAttendee since XML
API 9.0 SP3 [DOC: XML API 9.0 SP3/SP4 release notes, "Enforce Limitations Of Invitation/Registration/Participant on
MC/EC/TC"]. The mock holds every site to that default (the site setting itself is not modelled).

One meeting holds one attendee per e-mail (lower-cased, as the docs say WebEx stores it), whichever face adds it
(reference §40): the REST face answers 409 for an e-mail already invited [DOC], the XML face keeps the attendee it has
[ASSUMED]; an attendee list sent with the same e-mail twice keeps the first, noted [ASSUMED]. A SetMeeting
``participants/attendees`` block replaces the stored list [ASSUMED]: an attendee sent again keeps its identity, and
the call notes how many were dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..base.errors import TooManyAttendees
from ..base.fidelity import Notes

#: the most attendees one meeting holds (the documented default of maxInviteesNumberForMC)
MAX_ATTENDEES = 1000


def attendee_list(data: dict[str, Any]) -> list[Any] | None:
    """The meeting data's ``participants/attendees/attendee`` list (the stored one: change it to change the data),
    or None when the data has none."""
    participants = data.get("participants")
    attendees = participants.get("attendees") if isinstance(participants, dict) else None
    found = attendees.get("attendee") if isinstance(attendees, dict) else None
    return found if isinstance(found, list) else None


def stamp(data: dict[str, Any], key: int) -> None:
    """Every attendee's meetingKey is the meeting's key (reference 5)."""
    for attendee in attendee_list(data) or ():
        attendee["meetingKey"] = str(key)


def email_of(attendee: Any) -> str:
    """An attendee's e-mail as the rule compares it: trimmed, lower-cased ("" without one)."""
    person = attendee.get("person") if isinstance(attendee, dict) else None
    return str(person.get("email", "")).strip().lower() if isinstance(person, dict) else ""


def taken(data: dict[str, Any], emails: list[str]) -> list[str]:
    """Those of ``emails`` the meeting data already has an attendee for (compared lower-cased), in order."""
    held = {email_of(attendee) for attendee in attendee_list(data) or ()}
    return [email for email in emails if email.strip().lower() in held]


#: what an attendee sent again in a SetMeeting list keeps of the stored one (when the request does not say)
KEPT_IDENTITY = ("contactID", "registerID", "joinStatus")


def settle(data: dict[str, Any], before: list[Any] | None, notes: Notes, where: str) -> None:
    """The attendee rules of a list sent whole (CreateMeeting; SetMeeting, where ``before`` is the stored list it
    replaces), applied to ``data`` in place: one attendee per e-mail (the first kept), an attendee sent again keeps
    its identity, and each change is noted on the call (``where``: the list's path under bodyContent)."""
    listed = attendee_list(data)
    if listed is None:
        return
    seen: set[str] = set()
    kept, twice = [], []
    for attendee in listed:
        email = email_of(attendee)
        if email and email in seen:
            twice.append(email)
            continue
        seen.add(email)
        kept.append(attendee)
    listed[:] = kept
    if twice:
        notes.assume("assumed-rule", where, f"{len(twice)} attendee(s) sent with an e-mail already in the list "
                                            f"({', '.join(twice)}) not added: one attendee per e-mail (what the "
                                            "real service does is unknown)")
    if before is None:
        return
    stored = {email_of(attendee): attendee for attendee in before if isinstance(attendee, dict)}
    for attendee in kept:
        old = stored.get(email_of(attendee))
        if old is not None:
            attendee.update({name: old[name] for name in KEPT_IDENTITY if name in old and name not in attendee})
    dropped = [email for email in stored if email not in seen]
    if dropped:
        notes.assume("assumed-rule", where, f"SetMeeting replaced the attendee list: {len(dropped)} attendee(s) "
                                            f"not sent again were removed ({', '.join(dropped)}); whether the real "
                                            "service replaces or adds is undocumented")


def check_count(data: dict[str, Any]) -> None:
    """TooManyAttendees when the meeting data holds more than :data:`MAX_ATTENDEES` attendees."""
    count = len(attendee_list(data) or ())
    if count > MAX_ATTENDEES:
        raise TooManyAttendees(f"{TooManyAttendees.message}: {count} attendees, at most {MAX_ATTENDEES} a meeting")


@dataclass(frozen=True)
class Invitee:
    """An attendee as every face sees one: its id (the XML ``contactID``), e-mail, name and whether it co-hosts
    (the XML role ``HOST``, an alternate host)."""

    contact_id: int
    email: str
    name: str
    cohost: bool


def invitees(data: dict[str, Any]) -> list[Invitee]:
    """The attendees of a meeting's XML blocks (as :attr:`Meeting.data` gives them)."""
    found = []
    for attendee in attendee_list(data) or ():
        person = attendee.get("person", {}) if isinstance(attendee.get("person"), dict) else {}
        contact = str(attendee.get("contactID", ""))
        if contact.isascii() and contact.isdigit():
            found.append(Invitee(int(contact), str(person.get("email", "")), str(person.get("name", "")),
                                 attendee.get("role") == "HOST"))
    return found


def invited(data: dict[str, Any], email: str, name: str | None, cohost: bool, key: int) -> dict[str, Any]:
    """Add an attendee to a meeting's XML blocks (changed in place): what an invitee says of it; the rules fill in
    the rest (``rules.attendee_defaults``). The meeting's attendee bound holds (TooManyAttendees)."""
    listed = data.setdefault("participants", {}).setdefault("attendees", {}).setdefault("attendee", [])
    person = {"email": email, **({"name": name} if name else {})}
    attendee = {"person": person, "role": "HOST" if cohost else "ATTENDEE", "meetingKey": str(key)}
    listed.append(attendee)
    check_count(data)
    return attendee


def changed_invitee(data: dict[str, Any], contact_id: int, email: str | None, name: str | None,
                    cohost: bool | None) -> bool:
    """Change an attendee of a meeting's XML blocks (in place); False when it has none with ``contact_id``."""
    for attendee in attendee_list(data) or ():
        if str(attendee.get("contactID")) == str(contact_id):
            person = attendee.setdefault("person", {})
            if email is not None:
                person["email"] = email
            if name is not None:
                person["name"] = name
            if cohost is not None:
                attendee["role"] = "HOST" if cohost else "ATTENDEE"
            return True
    return False


def removed_invitee(data: dict[str, Any], contact_id: int) -> bool:
    """Remove an attendee from a meeting's XML blocks (in place); False when it has none with ``contact_id``."""
    listed = attendee_list(data) or []
    before = len(listed)
    listed[:] = [attendee for attendee in listed if str(attendee.get("contactID")) != str(contact_id)]
    return len(listed) < before
