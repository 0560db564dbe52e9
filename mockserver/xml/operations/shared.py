"""What handlers share, so no handler imports another: the :class:`Context` a handler gets besides its payload
(the store, who calls, the call's notes and rules fired, and the meeting helpers: find a meeting the caller may
manage, new contact ids), the request's meeting key, and the ids, numbers and values several answers show."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ...base.errors import AccessDenied, InvalidRequest, MeetingNotFound
from ...base.fidelity import Notes
from ...domain import eras, meetings, meetingstate
from ...domain.auth import Principal
from ...domain.explain import Fired
from ...domain.records import Meeting
from ...domain.sites import Site, User
from ...domain.store import Store

#: the API version the classic era answers [REAL S9]; a site's: mockserver.domain.eras.api_version
API_VERSION = eras.API_VERSIONS[eras.CLASSIC]
TRAIN_RELEASE_VERSION = "T31L"
#: a user's registration date, as the real capture shows it (reference 14.1)
REGISTRATION_DATE = "01/01/1970 00:00:01"


@dataclass
class Context:
    store: Store
    principal: Principal
    #: the call's instant (epoch ms): the namespace's clock, read once when the call started
    now_ms: int
    #: the meeting a call created or touched, for the journal and logs
    meeting_key: int | None = None
    #: the call's fidelity notes (accommodations and ASSUMED choices)
    notes: Notes = field(default_factory=Notes)
    #: the rules that changed or filled in a stored value (mockserver.domain.explain)
    fired: Fired = field(default_factory=Fired)

    @property
    def caller(self) -> User:
        """The signed-in user (operations declared ``needs_user`` always have one)."""
        user = self.principal.user
        if user is None:  # pragma: no cover - a declaration error
            raise AccessDenied()
        return user

    def meeting(self, key: int) -> Meeting:
        """The site's meeting ``key`` (060001 when there is none); it becomes the call's meeting."""
        meeting = self.store.get_meeting(self.principal.site.key, key)
        if meeting is None:
            raise MeetingNotFound()
        self.meeting_key = key
        return meeting

    def managed_meeting(self, key: int) -> Meeting:
        """The meeting, if the caller may read, change or delete it (reference 5, 11)."""
        meeting = self.meeting(key)
        self.may_manage(meeting)
        return meeting

    def may_manage(self, meeting: Meeting) -> None:
        """Only the meeting's host or a site admin may manage it: 000001 otherwise (reference 5, 11)."""
        meetings.may_manage(self.principal, meeting)

    def live(self, meeting: Meeting, shown: dict[str, Any]) -> dict[str, Any]:
        """``shown`` (an answer's meeting) with its ``status``, ``hostJoined`` and ``participantsJoined`` now
        (docs/time.md, "Meetings that happen")."""
        status = meetingstate.meeting_status(self.store.happenings, meeting, self.now_ms)
        if status.status == meetingstate.IN_PROGRESS:
            self.notes.assume("assumed-answer", "status",
                              "a meeting in progress shows INPROGRESS (the ep statusType's value; no capture of a "
                              "held meeting); participantsJoined means an attendee other than the host joined")
        shown.update(status=status.status, hostJoined=status.host_joined, participantsJoined=status.participants_joined)
        return shown

    def contact_ids(self) -> Callable[[], int]:
        """contactIDs for a call's new attendees: 9 digits, different per attendee (reference 14.3)."""
        return meetings.contact_ids(self.store)


def meeting_key(payload: dict[str, Any], *names: str) -> int:
    """The one meeting key of a request, under whichever of ``names`` it was sent."""
    sent = [name for name in names if name in payload]
    if not sent:
        raise InvalidRequest(f"Invalid request: bodyContent/{names[0]} is required")
    if len(sent) > 1:
        raise InvalidRequest("Invalid request: bodyContent: send only one of " + ", ".join(sent))
    return int(payload[sent[0]])


def one_each(payload: dict[str, Any], required: tuple[str, ...], repeating: tuple[str, ...]) -> dict[str, Any]:
    """A payload whose XSD is a repeated choice (any order, as an xs:all, but with elements that repeat, which XSD
    1.0's xs:all cannot have): each element not ``repeating`` once, as its value; the ``required`` ones there."""
    single: dict[str, Any] = {}
    for name, values in payload.items():
        if name in repeating:
            single[name] = values
        elif len(values) > 1:
            raise InvalidRequest(f"Invalid request: bodyContent/{name}: element '{name}' is not allowed here (it may "
                                 "appear only once)")
        else:
            single[name] = values[0]
    for name in required:
        if name not in single:
            raise InvalidRequest(f"Invalid request: bodyContent/{name} is required")
    return single


def admin_site(ctx: Context) -> Site:
    """The caller's site, if the caller is its site admin: 000001 otherwise (reference §24-§27)."""
    if not ctx.principal.is_admin:
        raise AccessDenied()
    return ctx.principal.site


def user_id(site: Site, user: User) -> int:
    """A stable 9-digit numeric id (real answers carry one, e.g. 962225390)."""
    return 100_000_000 + zlib.crc32(f"{site.key}/{user.key}".encode()) % 900_000_000


def conf_id(meeting: Meeting) -> int:
    """The meeting's conference id: 9 digits, stable for the meeting's life and across state export/import
    (derived from its UUID; ASSUMED, no capture shows a confID beside its key)."""
    return conf_id_of(meeting.uuid)


def conf_id_of(uuid: str) -> int:
    """The conference id of the meeting whose UUID is ``uuid`` (:func:`conf_id`)."""
    digest = hashlib.sha256(f"conf/{uuid}".encode()).hexdigest()
    return 100_000_000 + int(digest, 16) % 900_000_000


def shown_attendee(attendee: dict[str, Any]) -> dict[str, Any]:
    """An attendee with the person elements real answers show (reference 14.3): name, firstName,
    address (addressType PERSONAL), phones (self-closed when empty), email, type.

    Filled in when not sent (ASSUMED values): name from firstName + lastName (else
    the email), firstName as the first word of name."""
    person = dict(attendee.get("person", {}))
    name = person.get("name") or " ".join(filter(None, (person.get("firstName"), person.get("lastName"))))
    person["name"] = name or person.get("email", "")
    person.setdefault("firstName", person["name"].split(" ")[0])
    person["address"] = {"addressType": "PERSONAL", **person.get("address", {})}
    person.setdefault("phones", {})
    return {**attendee, "person": person}
