"""The operation registry: ``service.Operation`` -> handler, each declared once with :func:`operation`.

Handlers take a :class:`~.shared.Context` and the validated payload as plain data and return the inner XML of the
answer's ``bodyContent``. ``tests/xml/test_operations_contract.py`` checks every declaration against the schemas
and the docs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..namespaces import SERVICES
from .shared import Context

#: every WebEx operation the reference names, implemented or not (for "did you mean" and honest refusals)
WEBEX_OPERATIONS = [
    "meeting.CreateMeeting", "meeting.SetMeeting", "meeting.GetMeeting", "meeting.DelMeeting",
    "meeting.LstsummaryMeeting", "meeting.LstMeeting", "meeting.GetjoinurlMeeting",
    "meeting.GethosturlMeeting", "meeting.auo.CreateTeleconferenceSession",
    "meeting.auo.GetTeleconferenceSession", "meeting.auo.SetTeleconferenceSession",
    "user.AuthenticateUser", "user.GetUser", "user.GetloginurlUser", "user.GetLoginTicket",
    "user.LstsummaryUser", "user.CreateUser", "user.SetUser", "user.DelUser", "user.GetlogouturlUser",
    "site.GetSite", "site.LstTimeZone", "ep.GetAPIVersion", "ep.LstsummarySession", "ep.GetSessionInfo",
    "ep.DelSession", "ep.LstOpenSession", "ep.LstRecording", "meetingtype.LstMeetingType", "meetingtype.GetMeetingType",
    "attendee.CreateMeetingAttendee", "attendee.DelMeetingAttendee", "attendee.LstMeetingAttendee",
]


Handler = Callable[[Context, dict[str, Any]], str]


@dataclass(frozen=True)
class Operation:
    """One WebEx operation, declared once: everything the request path needs to know about it.

    Its request is the global element ``name`` of ``schemas/request/{service}.xsd``; its answer the
    complex type ``response_type`` of ``schemas/response/``; ``tests/xml/test_operations_contract.py``
    checks both exist for every declaration."""

    service: str
    name: str
    handler: Handler
    #: False: the caller need not sign in as a user (the handler authenticates itself, or needs only the site)
    needs_user: bool = True
    #: True: a SUCCESS changes state, so the state file is saved before the answer is sent
    mutates: bool = False

    @property
    def qualified(self) -> str:
        return f"{self.service}.{self.name}"

    @property
    def request_element(self) -> str:
        return self.name

    @property
    def response_type(self) -> str:
        return f"{SERVICES[self.service].prefix}:{self.name[0].lower()}{self.name[1:]}Response"


OPERATIONS: dict[str, Operation] = {}


def operation(service: str, name: str, needs_user: bool = True,
              mutates: bool = False) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        op = Operation(service, name, handler, needs_user, mutates)
        if op.qualified in OPERATIONS:
            raise ValueError(f"{op.qualified} is declared twice")
        OPERATIONS[op.qualified] = op
        return handler
    return register

