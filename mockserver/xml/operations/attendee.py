"""Meeting Attendee service: CreateMeetingAttendee, LstMeetingAttendee, DelMeetingAttendee (reference §17-§19),
RegisterMeetingAttendee (reference §39).

Attendees live in their meeting (``data["participants"]["attendees"]["attendee"]``), beside the ones
CreateMeeting and SetMeeting store: GetMeeting shows them, DelMeeting removes them, the state file keeps them.
An attendee's ``attendeeId`` is its ``contactID``: one number for both (ASSUMED; reference §17 says
whether they differ is unknown). Only the meeting's host or a site admin may invite, list or remove
(000001 otherwise, ASSUMED by analogy with GetMeeting).
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any

from ...base.errors import (
    AccessDenied,
    AttendeeNotFound,
    InvalidRequest,
    MeetingNotFound,
    NoRecordFound,
    NotMeetingHost,
    RegistrationNotEnabled,
)
from ...domain import attendees as attendee_rules
from ...domain import callrules, listing, rules
from ...domain.records import Meeting
from .. import render
from .registry import operation
from .shared import Context, conf_id, meeting_key, one_each, shown_attendee

Attendee = dict[str, Any]
#: what a stored attendee keeps of a request (reference §17): GetMeeting's attendee children, no call options
KEPT = ("person", "contactID", "joinStatus", "language", "role", "locale", "timeZoneID", "languageID")
#: LstMeetingAttendee orderBy -> the person element it sorts by (reference §18)
PERSON_ORDER = {"ATTENDEENAME": "name", "ATTENDEEWEBEXID": "webExId", "EMAIL": "email", "COMPANY": "company",
                "TITLE": "title", "URL": "url", "NOTES": "notes", "ATTENDEETYPE": "type"}
PHONE_ORDER = {"PHONE": "phone", "MOBILE": "mobilePhone", "FAX": "fax"}
ADDRESS_ORDER = {"ADDRESS1": "address1", "ADDRESS2": "address2", "CITY": "city", "STATE": "state",
                 "ZIPCODE": "zipCode", "COUNTRY": "country", "ADDRESSTYPE": "addressType"}


def _attendees(data: dict[str, Any]) -> list[Attendee]:
    """The meeting's attendee list, to change (``data`` is a copy of the stored meeting's)."""
    attendees: list[Attendee] = data.setdefault("participants", {}).setdefault("attendees", {}).setdefault(
        "attendee", [])
    return attendees


def _attendees_of(meeting: Meeting) -> list[Attendee]:
    """The stored meeting's attendees, to read only."""
    attendees: list[Attendee] = meeting.data.get("participants", {}).get("attendees", {}).get("attendee", [])
    return attendees


def _email(attendee: Attendee) -> str:
    return attendee_rules.email_of(attendee)  # one attendee per e-mail, as the domain compares them (reference §40)


def _check_host(ctx: Context, meeting: Meeting) -> None:
    try:
        ctx.may_manage(meeting)
    except AccessDenied as denied:
        raise NotMeetingHost() from denied


# -- CreateMeetingAttendee ---------------------------------------------------------------------

@operation("attendee", "CreateMeetingAttendee", mutates=True)
def create_meeting_attendee(ctx: Context, payload: dict[str, Any]) -> str:
    payload = one_each(payload, required=("person",), repeating=("attendees",))
    key = meeting_key(payload, "sessionKey", "meetingKey")
    invited = _invited(payload, key)
    callrules.attendees_per_call(len(invited))  # API 42.1.0: at most 50 (reference §41)
    answered: list[Attendee] = []

    def change(old: Meeting) -> Meeting:
        _check_host(ctx, old)
        data = old.data  # a fresh copy on every read: changing it changes nothing stored
        answered.clear()
        answered.extend(_invite(ctx, data, invited, key))
        attendee_rules.check_count(data)
        return old.replaced(data=data)

    if ctx.store.update_meeting(ctx.principal.site.key, key, change) is None:
        raise MeetingNotFound()
    ctx.meeting_key = key
    ctx.notes.assume("assumed-answer", "attendeeId",
                     "attendeeId is the attendee's contactID (whether the real numbers differ is unknown)")
    registered = [{"attendeeID": a["contactID"], "registerID": a["registerID"]} for a in answered
                  if "registerID" in a]
    return render.content("att:createMeetingAttendeeResponse", {
        "attendeeId": [a["contactID"] for a in answered], "register": registered or None})


def _invited(payload: dict[str, Any], key: int) -> list[dict[str, Any]]:
    """The attendee the request names, then the further one in ``attendees`` (of the same meeting ``key``)."""
    invited = [payload] + list(payload.get("attendees", []))
    for extra in invited[1:]:
        if {int(extra[name]) for name in ("sessionKey", "meetingKey") if name in extra} - {key}:
            raise InvalidRequest("Invalid request: bodyContent/attendees: a further attendee must name the same "
                                 "meeting (sessionKey or meetingKey) as the first")
    return invited


def _invite(ctx: Context, data: dict[str, Any], invited: list[dict[str, Any]], key: int) -> list[Attendee]:
    """Add each invited attendee to ``data`` (an e-mail already invited keeps its attendee); the ones answered."""
    attendees = _attendees(data)
    taken = {str(a.get("contactID")) for a in attendees}
    new_id = ctx.contact_ids()
    registration = rules.truthy(data.get("attendeeOptions", {}).get("registration", "false"))
    answered = []
    for index, sent in enumerate(invited):
        attendee = _stored(sent, key)
        existing = next((a for a in attendees if _email(a) == _email(attendee)), None)
        if existing is not None:
            ctx.notes.assume("assumed-rule", "person/email",
                             f"{_email(attendee)} is already invited: the existing attendee is kept and answered "
                             "(what the real service does is unknown)")
            answered.append(existing)
            continue
        rules.attendee_defaults(attendee, lambda: _unused(new_id, taken), ctx.fired, "attendees" if index else "")
        taken.add(str(attendee["contactID"]))
        if registration:
            attendee["registerID"] = str(_unused(new_id, taken))
        attendees.append(attendee)
        answered.append(attendee)
    return answered


def _stored(sent: dict[str, Any], key: int) -> Attendee:
    """The attendee as stored: GetMeeting's children only, e-mail lower-cased (reference §17), the meeting's key."""
    attendee = {name: copy.deepcopy(sent[name]) for name in KEPT if name in sent}
    attendee["person"]["email"] = _email(attendee)
    attendee["meetingKey"] = str(key)
    return attendee


def _unused(new_id: Callable[[], int], taken: set[str]) -> int:
    while True:
        value = new_id()
        if str(value) not in taken:
            return value


# -- LstMeetingAttendee ---------------------------------------------------------------------------

@operation("attendee", "LstMeetingAttendee")
def lst_meeting_attendee(ctx: Context, payload: dict[str, Any]) -> str:
    key = meeting_key(payload, "meetingKey", "sessionKey")
    meeting = ctx.meeting(key)
    _check_host(ctx, meeting)
    start_from, maximum = listing.paging(payload.get("listControl", {}), ctx.notes, "attendees")
    conf = conf_id(meeting)
    found = [a for a in _attendees_of(meeting) if payload.get("joinStatus") in (None, a.get("joinStatus"))]
    if "confID" in payload and int(payload["confID"]) != conf:
        found = []
    ordered = _ordered(found, listing.order_pairs(payload.get("order", {}), default=()))
    page = ordered[start_from - 1:start_from - 1 + maximum]
    if not page:
        raise NoRecordFound()
    ctx.notes.assume("assumed-answer", "attendee/sessionKey",
                     "a listed attendee's sessionKey is its meeting key, its status follows joinStatus and its "
                     "registerID is 0 without registration (no capture of this answer)")
    return render.content("att:lstMeetingAttendeeResponse", {
        "matchingRecords": {"total": len(ordered), "returned": len(page), "startFrom": start_from},
        "attendee": [_listed(a, key, conf) for a in page],
    })


def _ordered(attendees: list[Attendee], order: listing.Order) -> list[Attendee]:
    """In invitation order unless ``order`` says otherwise (first pair first)."""
    ordered = list(attendees)
    for field, descending in reversed(order):
        ordered.sort(key=_sort_key(field), reverse=descending)
    return ordered


def _sort_key(field: str) -> Callable[[Attendee], Any]:
    if field == "ATTENDEEID":
        return lambda a: int(a.get("contactID", 0))
    if field == "CONFID":  # one meeting, one confID: every attendee ties, and the sort is stable
        return lambda a: 0
    if field == "JOINSTATUS":
        return lambda a: str(a.get("joinStatus", ""))
    if field in PHONE_ORDER:
        return lambda a: str(a.get("person", {}).get("phones", {}).get(PHONE_ORDER[field], "")).casefold()
    if field in ADDRESS_ORDER:
        return lambda a: str(a.get("person", {}).get("address", {}).get(ADDRESS_ORDER[field], "")).casefold()
    return lambda a: str(shown_attendee(a)["person"].get(PERSON_ORDER[field], "")).casefold()


def _listed(attendee: Attendee, key: int, conf: int) -> dict[str, Any]:
    """One ``att:attendee`` of the list (reference §18), with registerID always (a Java parser needs it)."""
    status = attendee.get("joinStatus", "INVITE")
    return {
        **shown_attendee(attendee), "sessionKey": key, "attendeeId": attendee["contactID"], "confID": conf,
        "status": {"invited": status == "INVITE", "registered": status == "REGISTER",
                   "rejected": status == "REJECT", "accepted": status == "ACCEPT"},
        "registerID": attendee.get("registerID", 0),
    }


# -- DelMeetingAttendee -------------------------------------------------------------------------

@operation("attendee", "DelMeetingAttendee", mutates=True)
def del_meeting_attendee(ctx: Context, payload: dict[str, Any]) -> str:
    """Remove by attendeeID (any meeting of the site) or by attendeeEmail (email + sessionKey); all or nothing."""
    if len(payload.get("sendEmail", [])) > 1:
        raise InvalidRequest("Invalid request: bodyContent/sendEmail: element 'sendEmail' may appear only once")
    if not payload.get("attendeeID") and not payload.get("attendeeEmail"):
        raise InvalidRequest("Invalid request: bodyContent: attendeeID or attendeeEmail is required")
    site = ctx.principal.site.key
    with ctx.store.lock:
        for key, ids in _to_remove(ctx, payload).items():
            ctx.store.update_meeting(site, key, functools.partial(_without, ids=ids))
            ctx.meeting_key = key
    return render.content("att:delMeetingAttendeeResponse", {})


def _to_remove(ctx: Context, payload: dict[str, Any]) -> dict[int, set[str]]:
    """Meeting key -> the contact ids to remove from it; nothing is removed yet."""
    gone: dict[int, set[str]] = {}
    for attendee_id in payload.get("attendeeID", []):
        for meeting in _meetings_with(ctx, str(int(attendee_id))):
            gone.setdefault(meeting.key, set()).add(str(int(attendee_id)))
    for target in payload.get("attendeeEmail", []):
        meeting = ctx.meeting(int(target["sessionKey"]))
        _check_host(ctx, meeting)
        email = target["email"].strip().lower()
        ids = {str(a["contactID"]) for a in _attendees_of(meeting) if _email(a) == email}
        if not ids:
            raise AttendeeNotFound(f"Sorry, no record found: no attendee {email} in meeting {meeting.key}")
        gone.setdefault(meeting.key, set()).update(ids)
    return gone


def _meetings_with(ctx: Context, attendee_id: str) -> list[Meeting]:
    """The site's meetings holding attendee ``attendee_id`` (the caller must manage each): 000015 if none."""
    site = ctx.principal.site.key
    with ctx.store.lock:  # the store's attendee index: no meeting is decoded to find none
        held = [ctx.store.get_meeting(site, key) for key in ctx.store.indexes.with_attendee(site, attendee_id)]
    found = [meeting for meeting in held
             if meeting is not None and any(str(a.get("contactID")) == attendee_id for a in _attendees_of(meeting))]
    if not found:
        raise AttendeeNotFound(f"Sorry, no record found: no attendee {attendee_id}")
    for meeting in found:
        _check_host(ctx, meeting)
    return found


def _without(old: Meeting, ids: set[str]) -> Meeting:
    data = old.data  # a fresh copy
    attendees = _attendees(data)
    attendees[:] = [a for a in attendees if str(a.get("contactID")) not in ids]
    return old.replaced(data=data)


# -- RegisterMeetingAttendee ----------------------------------------------------------------------

#: what a registration may change of an attendee already invited (reference §39)
REGISTERED = ("joinStatus", "role", "language", "locale", "timeZoneID")


@operation("attendee", "RegisterMeetingAttendee", mutates=True)
def register_meeting_attendee(ctx: Context, payload: dict[str, Any]) -> str:
    """Register each ``attendees`` block with the meeting its sessionKey names: an e-mail already invited is that
    attendee, registered; a new one is added. Every meeting is checked before any changes."""
    sent: list[dict[str, Any]] = payload.get("attendees", [])
    if not sent:
        raise InvalidRequest("Invalid request: bodyContent/attendees is required")
    callrules.attendees_per_call(len(sent))  # API 42.1.0: at most 50 (reference §41)
    if len(payload.get("validateFormat", [])) > 1:
        raise InvalidRequest("Invalid request: bodyContent/validateFormat: element may appear only once")
    keys = [_session_key(block, index) for index, block in enumerate(sent)]
    answered: dict[int, Attendee] = {}
    site = ctx.principal.site.key
    with ctx.store.lock:
        for key in dict.fromkeys(keys):
            emails = [_email(block) for block, named in zip(sent, keys, strict=True) if named == key]
            _check_registration(ctx, ctx.meeting(key), emails)
        for key in dict.fromkeys(keys):
            blocks = [index for index, named in enumerate(keys) if named == key]
            ctx.store.update_meeting(site, key, functools.partial(_registered, ctx=ctx, sent=sent, blocks=blocks,
                                                                  answered=answered))
            ctx.meeting_key = key
    if any("joinStatus" not in block for block in sent):
        ctx.notes.assume("assumed-default", "attendees/joinStatus",
                         "joinStatus not sent: the attendee is stored REGISTER (the docs name no default)")
    ctx.notes.assume("assumed-answer", "register/attendeeID",
                     "attendeeID is the attendee's contactID, the id LstMeetingAttendee lists as attendeeId")
    return render.content("att:registerMeetingAttendeeResponse", {"register": [
        {"attendeeID": answered[index]["contactID"], "registerID": answered[index]["registerID"]}
        for index in sorted(answered)]})


def _session_key(block: dict[str, Any], index: int) -> int:
    if "sessionKey" not in block:
        raise InvalidRequest(f"Invalid request: bodyContent/attendees[{index + 1}]/sessionKey is required")
    return int(block["sessionKey"])


def _check_registration(ctx: Context, meeting: Meeting, emails: list[str]) -> None:
    """The caller manages the meeting, it takes registrations, and it has room for the new ``emails``."""
    _check_host(ctx, meeting)
    if not rules.truthy(meeting.data.get("attendeeOptions", {}).get("registration", "false")):
        raise RegistrationNotEnabled(f"{RegistrationNotEnabled.message}: meeting {meeting.key} has "
                                     "attendeeOptions/registration false")
    held = _attendees_of(meeting)
    new = set(emails) - {_email(a) for a in held}
    attendee_rules.check_count({"participants": {"attendees": {"attendee": [*held, *new]}}})


def _registered(old: Meeting, ctx: Context, sent: list[dict[str, Any]], blocks: list[int],
                answered: dict[int, Attendee]) -> Meeting:
    data = old.data  # a fresh copy
    attendees = _attendees(data)
    taken = {str(a.get("contactID")) for a in attendees} | {str(a.get("registerID")) for a in attendees}
    new_id = ctx.contact_ids()
    for index in blocks:
        block = sent[index]
        email = _email(block)
        attendee = next((a for a in attendees if _email(a) == email), None)
        if attendee is None:
            attendee = _stored(block, old.key)
            attendee.setdefault("joinStatus", "REGISTER")
            rules.attendee_defaults(attendee, lambda: _unused(new_id, taken), ctx.fired, f"attendees/{index}")
            attendees.append(attendee)
        else:
            attendee["person"] = {**attendee.get("person", {}), **copy.deepcopy(block["person"]), "email": email}
            attendee.update({name: block[name] for name in REGISTERED if name in block})
            attendee["joinStatus"] = block.get("joinStatus", "REGISTER")
        taken.add(str(attendee["contactID"]))
        if "registerID" not in attendee:
            attendee["registerID"] = str(_unused(new_id, taken))
            taken.add(attendee["registerID"])
        answered[index] = attendee
    attendee_rules.check_count(data)
    return old.replaced(data=data)
