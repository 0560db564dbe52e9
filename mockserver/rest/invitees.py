"""``/v1/meetingInvitees``: a meeting's invitees are its attendees (the XML face's ``participants/attendees``), so
an invitee added over REST is an attendee over XML and back (docs/rest.md)."""

from __future__ import annotations

from typing import Any

from msgspec import UNSET

from ..base.errors import clip
from ..domain import attendees, meetings, rules
from ..domain.attendees import Invitee
from ..domain.records import Meeting
from . import meetings as meetings_face
from . import shapes
from .calls import Answer, Call
from .errors import RestError
from .models import InviteeIn, InviteesIn, InviteeUpdate
from .pages import paged

#: ``bulkInsert`` takes at most this many
BULK_MAX = 100
DUPLICATE = "User is already a meeting invitee."


def _meeting(call: Call, meeting_id: str) -> Meeting:
    return meetings_face.by_id(call, meeting_id)


def _shown(meeting: Meeting, invitee: Invitee) -> dict[str, Any]:
    meeting_id = shapes.meeting_id(meeting)
    return {"id": f"{meeting_id}_{invitee.contact_id}", "email": invitee.email,
            "displayName": invitee.name or invitee.email, "coHost": invitee.cohost, "meetingId": meeting_id,
            "panelist": False}


def _split(invitee_id: str) -> tuple[str, int]:
    meeting_id, _, contact = invitee_id.rpartition("_")
    if not (meeting_id and contact.isascii() and contact.isdigit() and len(contact) < 19):
        raise RestError(404, None, f"No invitee with id {clip(invitee_id, 60)!r}.")
    return meeting_id, int(contact)


def _invitee(call: Call) -> tuple[Meeting, Invitee]:
    meeting_id, contact = _split(call.path["meetingInviteeId"])
    meeting = _meeting(call, meeting_id)
    found = next((i for i in attendees.invitees(meeting.data) if i.contact_id == contact), None)
    if found is None:
        raise RestError(404, None, f"No invitee with id {clip(call.path['meetingInviteeId'], 60)!r}.")
    return meeting, found


def _add(call: Call, meeting: Meeting, items: list[tuple[str, str | None, bool]]) -> list[dict[str, Any]]:
    """Add invitees (email, name, co-host) to a meeting, all or none; 409 for an e-mail it has already."""
    next_id = meetings.contact_ids(call.store)
    emails = [email.strip().lower() for email, _, _ in items]
    if len(set(emails)) < len(emails):
        raise RestError(400, "items: each email may be given once")
    added: list[int] = []

    def change(current: Meeting) -> Meeting:
        data = current.data
        if attendees.taken(data, emails):  # one attendee per e-mail, whichever face adds it (reference §40)
            raise RestError(409, DUPLICATE)
        for email, name, cohost in items:
            attendee = attendees.invited(data, email.strip(), name, cohost, current.key)
            rules.attendee_defaults(attendee, next_id, call.fired, "invitee")
            added.append(int(attendee["contactID"]))
        return current.replaced(data=data)

    changed = call.store.update_meeting(call.principal.site.key, meeting.key, change)
    if changed is None:
        raise RestError(404, None, "The meeting was deleted meanwhile.")
    shown = {i.contact_id: i for i in attendees.invitees(changed.data)}
    return [_shown(changed, shown[contact]) for contact in added]


def create(call: Call) -> Answer:
    sent = call.json(InviteeIn)
    meeting = _meeting(call, sent.meeting_id)
    name = sent.display_name if sent.display_name is not UNSET else None
    (made,) = _add(call, meeting, [(sent.email, name, sent.co_host is True)])
    return Answer(200, made)


def bulk(call: Call) -> Answer:
    sent = call.json(InviteesIn)
    if not 1 <= len(sent.items) <= BULK_MAX:
        raise RestError(400, f"items: from 1 to {BULK_MAX} invitees a call, not {len(sent.items)}")
    meeting = _meeting(call, sent.meeting_id)
    items = [(item.email, item.display_name if item.display_name is not UNSET else None, item.co_host is True)
             for item in sent.items]
    return Answer(200, {"items": _add(call, meeting, items)})


def bulk_by_put(call: Call) -> Answer:
    call.notes.accommodate("sdk-method", "PUT /meetingInvitees/bulkInsert",
                           "bulkInsert sent as PUT (the spec documents POST): answered as POST, as a shipped SDK "
                           "(webexpythonsdk 2.0.6) sends it")
    return bulk(call)


def listed(call: Call) -> Answer:
    meeting_id = call.query.get("meetingId")
    if not meeting_id:
        raise RestError(400, "meetingId: required")
    meeting = _meeting(call, meeting_id)
    return paged(call, attendees.invitees(meeting.data), lambda invitee: _shown(meeting, invitee))


def get(call: Call) -> Answer:
    meeting, invitee = _invitee(call)
    return Answer(200, _shown(meeting, invitee))


def update(call: Call) -> Answer:
    sent = call.json(InviteeUpdate)
    meeting, invitee = _invitee(call)
    name = sent.display_name if sent.display_name is not UNSET else None
    cohost = sent.co_host if sent.co_host is not UNSET else None

    def change(current: Meeting) -> Meeting:
        data = current.data
        others = {i.email.lower() for i in attendees.invitees(data) if i.contact_id != invitee.contact_id}
        if sent.email.strip().lower() in others:
            raise RestError(409, DUPLICATE)
        if not attendees.changed_invitee(data, invitee.contact_id, sent.email.strip(), name, cohost):
            raise RestError(404, None, "The invitee was removed meanwhile.")
        return current.replaced(data=data)

    changed = call.store.update_meeting(call.principal.site.key, meeting.key, change)
    if changed is None:
        raise RestError(404, None, "The meeting was deleted meanwhile.")
    now = next(i for i in attendees.invitees(changed.data) if i.contact_id == invitee.contact_id)
    return Answer(200, _shown(changed, now))


def delete(call: Call) -> Answer:
    meeting, invitee = _invitee(call)

    def change(current: Meeting) -> Meeting:
        data = current.data
        attendees.removed_invitee(data, invitee.contact_id)
        return current.replaced(data=data)

    call.store.update_meeting(call.principal.site.key, meeting.key, change)
    return Answer(204)
