"""What a handler gets besides its payload: the store, who calls, the call's notes and rules fired -- and the
helpers every operation on meetings shares (find a meeting the caller may manage, new contact ids, the request's
key)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ...base.errors import AccessDenied, InvalidRequest, MeetingNotFound
from ...base.fidelity import Notes
from ...domain.auth import Principal
from ...domain.explain import Fired
from ...domain.sites import User
from ...domain.store import Meeting, Store


@dataclass
class Context:
    store: Store
    principal: Principal
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
        if not (self.principal.owns(meeting.host) or self.principal.is_admin):
            raise AccessDenied()

    def contact_ids(self) -> Callable[[], int]:
        """contactIDs for a call's new attendees: 9 digits, different per attendee (reference 14.3)."""
        issued: set[int] = set()

        def next_id() -> int:
            while True:
                value = int(self.store.digits(9))
                if value >= 100_000_000 and value not in issued:
                    issued.add(value)
                    return value
        return next_id


def meeting_key(payload: dict[str, Any], *names: str) -> int:
    """The one meeting key of a request, under whichever of ``names`` it was sent."""
    sent = [name for name in names if name in payload]
    if not sent:
        raise InvalidRequest(f"Invalid request: bodyContent/{names[0]} is required")
    if len(sent) > 1:
        raise InvalidRequest("Invalid request: bodyContent: send only one of " + ", ".join(sent))
    return int(payload[sent[0]])


def stamp_attendees(data: dict[str, Any], key: int) -> None:
    """Every attendee's meetingKey is the meeting's key (reference 5)."""
    for attendee in data.get("participants", {}).get("attendees", {}).get("attendee", []):
        attendee["meetingKey"] = str(key)
