"""The operation registry: ``service.Operation`` -> handler.

Handlers take a :class:`Context` and the validated payload as plain data and
return the inner XML of the answer's ``bodyContent``. Modules register their
handlers with :func:`operation`; importing this package imports them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..auth import Principal
from ..fidelity import Notes
from ..store import Store

#: the prefix of the answer's xsi:type, per service (reference 2.4)
RESPONSE_PREFIX = {"meeting": "meet", "user": "use", "site": "ns1", "ep": "ep", "meetingtype": "mtgtype",
                   "attendee": "att", "meeting.auo": "auo"}

#: every WebEx operation the reference names, implemented or not (for "did you mean" and honest refusals)
WEBEX_OPERATIONS = [
    "meeting.CreateMeeting", "meeting.SetMeeting", "meeting.GetMeeting", "meeting.DelMeeting",
    "meeting.LstsummaryMeeting", "meeting.LstMeeting", "meeting.GetjoinurlMeeting",
    "meeting.GethosturlMeeting", "meeting.auo.CreateTeleconferenceSession",
    "meeting.auo.GetTeleconferenceSession", "meeting.auo.SetTeleconferenceSession",
    "user.AuthenticateUser", "user.GetUser", "user.GetloginurlUser", "user.GetLoginTicket",
    "user.LstsummaryUser", "user.CreateUser", "user.SetUser", "user.DelUser",
    "site.GetSite", "ep.GetAPIVersion", "ep.LstsummarySession", "ep.GetSessionInfo", "ep.DelSession",
    "ep.LstOpenSession", "ep.LstRecording", "meetingtype.LstMeetingType", "meetingtype.GetMeetingType",
    "attendee.CreateMeetingAttendee", "attendee.DelMeetingAttendee", "attendee.LstMeetingAttendee",
]


@dataclass
class Context:
    store: Store
    principal: Principal
    #: the meeting a call created or touched, for the journal and logs
    meeting_key: int | None = None
    #: the call's fidelity notes (accommodations and ASSUMED choices)
    notes: Notes = field(default_factory=Notes)


Handler = Callable[[Context, dict[str, Any]], str]


@dataclass(frozen=True)
class Operation:
    service: str
    name: str
    handler: Handler
    needs_user: bool = True

    @property
    def qualified(self) -> str:
        return f"{self.service}.{self.name}"

    @property
    def response_type(self) -> str:
        return f"{RESPONSE_PREFIX[self.service]}:{self.name[0].lower()}{self.name[1:]}Response"


OPERATIONS: dict[str, Operation] = {}


def operation(service: str, name: str, needs_user: bool = True) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        op = Operation(service, name, handler, needs_user)
        OPERATIONS[op.qualified] = op
        return handler
    return register


from . import ep, meeting, site, user  # noqa: E402,F401  (registers the handlers)
