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

#: every real WebEx operation, implemented or not (for "did you mean" and honest refusals), by the service its
#: xsi:type names (``java:com.webex.service.binding.<service>.<Operation>``). Sources (docs/webex-reference.md):
#: Cisco's "Webex Meetings XML API Reference Guide" (developer.cisco.com/docs/webex-xml-api-reference-guide/: the
#: operation tables of each service's overview page, and the xsi:type of its sample requests, which is where
#: ``training`` and ``supportsession`` come from); for what the current guide no longer lists (the Sales service,
#: SetEvent, UploadEventImage, the WebACD operations, GetJoinSessionInfo, ActivateUser, InactivateUser), the request
#: classes generated from WebEx's 2010-2011 XSDs in GitHub nabeelmukhtar/webex-java-sdk
#: (schema/src/main/java/com/webex/schemas/_2002/_06/service/BodyContentType.java). ``sales`` as the binding's
#: service name is ASSUMED from the XSD namespace (.../service/sales): no sample request was found.
_WEBEX_SERVICES: dict[str, str] = {
    "meeting": "CreateMeeting SetMeeting GetMeeting DelMeeting LstsummaryMeeting LstMeeting GetjoinurlMeeting "
               "GethosturlMeeting",
    "meeting.auo": "CreateTeleconferenceSession GetTeleconferenceSession SetTeleconferenceSession",
    "user": "AuthenticateUser GetUser GetloginurlUser GetLoginTicket LstsummaryUser CreateUser SetUser DelUser "
            "GetlogouturlUser LstUser DelSessionTemplates UploadPMRImage ActivateUser InactivateUser "
            "AssignWebACDAgents AssignWebACDQueues",
    "site": "GetSite LstTimeZone SetSite GetWebACDQueues",
    "ep": "GetAPIVersion LstsummarySession GetSessionInfo DelSession LstOpenSession LstRecording CreateContacts "
          "CreateDistList DelRecording DetectSessionByCallback GetOneClickSettings GetRecordingInfo LstContact "
          "LstDistList SetDistList SetOneClickSettings SetRecordingInfo SetupOneClickSettings GetJoinSessionInfo",
    "meetingtype": "LstMeetingType GetMeetingType",
    "attendee": "CreateMeetingAttendee DelMeetingAttendee LstMeetingAttendee GetEnrollmentInfo "
                "RegisterMeetingAttendee GetFeedbackInfo",
    "training": "AddScheduledTest CheckLabAvailability CopyLibTests CreateTrainingSession DelLibTests "
                "DelScheduledTest DelTrainingSession GetIMStestDetails GetIMStestResult GetLabInfo GetLabSchedule "
                "GetTestInformation GetTrainingSession LstLibTests LstScheduledTests LstsummaryTrainingSession "
                "LstTrainingSession ReserveLab SetScheduledTest SetTrainingSession UploadIMStest",
    "event": "CreateEvent DelEvent GetEvent LstrecordedEvent LstsummaryEvent LstsummaryProgram SendInvitationEmail "
             "SetEvent UploadEventImage",
    "supportsession": "CreateSupportSession",
    "history": "LsteventattendeeHistory LsteventsessionHistory LstmeetingattendeeHistory LstmeetingusageHistory "
               "LstrecordaccessDetailHistory LstrecordaccessHistory LstsupportattendeeHistory "
               "LstsupportsessionHistory LsttrainingattendeeHistory LsttrainingsessionHistory",
    "sales": "AddProducts CreateAccount CreateOpportunity CreateSalesSession DelSalesSession GetSalesSession "
             "LstAccounts LstOpportunities LstProducts LstsummarySalesSession SetAccount SetOpportunity SetProducts "
             "SetSalesSession",
}
WEBEX_OPERATIONS = [f"{service}.{name}" for service, names in _WEBEX_SERVICES.items() for name in names.split()]


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
    #: True: the call may walk many meetings or users (a listing): it runs in a worker thread, never on the event
    #: loop, whatever the size of its body
    walks: bool = False

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


def operation(service: str, name: str, needs_user: bool = True, mutates: bool = False,
              walks: bool = False) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        op = Operation(service, name, handler, needs_user, mutates, walks)
        if op.qualified in OPERATIONS:
            raise ValueError(f"{op.qualified} is declared twice")
        OPERATIONS[op.qualified] = op
        return handler
    return register

