"""The XML face's answer to every error: its ``exceptionID``, and how sure we are of it.

A domain error (:mod:`mockserver.base.errors`) says its kind and its text; here each error class gets the
``serv:exceptionID`` the XML API answers with it (the text is the ``serv:reason``), its ``certainty`` -- how sure
we are that the real service answers the same way, for the ID and the reason -- and its ``source``. Certainty tags
follow the project's reference:

* ``REAL``     seen in a captured response of the real service
* ``DOC``      stated in Cisco's documentation or official samples
* ``OBS``      handled by production clients that evidently met it
* ``ASSUMED``  our choice; the real ID or wording is unknown

This module also holds the failures that exist only because of the XML wire (a request that cannot be forwarded:
:class:`ForwardFailed`, :class:`MalformedRequest`, :class:`UnknownOperation`, :class:`NotImplementedOperation`);
their FAILURE envelope is *bare* (an empty ``<serv:body/>``, only ``serv`` and ``com`` declared, ref 11).

A fault's :class:`~mockserver.controls.faults.InjectedFailure` is not the service's: its exceptionID is the one
its rule chose, and it is not in the catalogue. Every other error class has its row in :data:`ANSWERS` (checked
when this module is imported, and by tests/xml/test_error_catalogue.py for every class of the package).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..base.errors import (
    AccessDenied,
    AttendeeNotFound,
    AttendeesPerCallOverLimit,
    CallerNotFound,
    DurationTooLong,
    EmailTaken,
    HostNotFound,
    InactiveUser,
    IncorrectPassword,
    InvalidRequest,
    InvalidSessionTicket,
    Kind,
    MeetingNotFound,
    MeetingPasswordRequired,
    NoMeetingTypeFound,
    NoRecordFound,
    NotDocumented,
    NotMeetingHost,
    NoUserFound,
    OtherHostsMeetings,
    RegistrationNotEnabled,
    SchedulingNotPermitted,
    SiteNotFound,
    SiteSuspended,
    TooManyAttendees,
    UserNotFound,
    WebexError,
    WebExIdTaken,
    every_error,
)
from ..controls.faults import InjectedFailure

CERTAINTIES = ("REAL", "DOC", "OBS", "ASSUMED")


# --- the XML wire's own failures: the request cannot be dispatched (000000) ---------------

class ForwardFailed(WebexError):
    """The request could not be dispatched: undeclared xsi prefix (xsi:type unresolved)."""

    kind = Kind.INVALID
    message = "Fail to forward request:null"


class MalformedRequest(WebexError):
    """Not well-formed XML, wrong encoding, wrong root: the request cannot be forwarded."""

    kind = Kind.INVALID
    message = "Fail to forward request:malformed XML"


class UnknownOperation(WebexError):
    """bodyContent xsi:type names no WebEx operation (the text lists the nearest)."""

    kind = Kind.INVALID
    message = "Fail to forward request:unknown bodyContent type"


class NotImplementedOperation(WebexError):
    """A real WebEx operation that this mock does not implement."""

    kind = Kind.UNSUPPORTED
    message = "Fail to forward request:operation not implemented by webex-mockserver"


@dataclass(frozen=True)
class XmlAnswer:
    """What the XML face answers for one error class (its ``serv:reason`` is the error's text)."""

    exception_id: str
    #: how sure we are of the ID and the default reason (REAL, DOC, OBS, ASSUMED; FAULT for a fault's failure)
    certainty: str
    source: str
    #: the exceptionID is our choice even where the reason is known (the reason's certainty is ``certainty``)
    id_assumed: bool = False
    #: the FAILURE envelope of a dispatch failure has an empty <serv:body> and declares only serv and com (ref 11);
    #: other failures keep the service's
    bare_envelope: bool = False

    @property
    def chosen_by_us(self) -> bool:
        """The exceptionID (or the reason) is our choice: the call gets an ``assumed-exception`` note."""
        return self.certainty == "ASSUMED" or self.id_assumed


def _dispatch(certainty: str, source: str) -> XmlAnswer:
    return XmlAnswer("000000", certainty, source, bare_envelope=True)


_NO_RECORD = "client code quoting it (S20)"
_TAKEN = "Moodle treats 030004 and 030005 as 'username or email already exists' (reference §24); "

#: every error class of the catalogue and its XML answer
ANSWERS: dict[type[WebexError], XmlAnswer] = {
    # dispatch
    ForwardFailed: _dispatch("REAL", "cisco-ie/webex-api-client issue #1 (ref S15)"),
    MalformedRequest: _dispatch("ASSUMED", "ID as for ForwardFailed (a parse-level failure); reason text is ours"),
    UnknownOperation: _dispatch("ASSUMED", "ID as for ForwardFailed; reason text is ours"),
    NotImplementedOperation: _dispatch("ASSUMED", "mock-specific; reason names the operation"),
    # access
    AccessDenied: XmlAnswer("000001", "REAL", "reason: real user-service capture (S9); ID for GetMeeting: docs (S11)"),
    OtherHostsMeetings: XmlAnswer("000001", "ASSUMED", "our choice: the docs say a host lists only their own "
                                                       "meetings, not how naming another host fails"),
    NoRecordFound: XmlAnswer("000015", "OBS", f"{_NO_RECORD}; every client treats it as an empty list"),
    # the exceptionID is not shown anywhere: the reason is what clients compare
    SiteNotFound: XmlAnswer("010000", "OBS", "reason: a webex.com.cn integrator compares it exactly (ref 14.7); "
                                             "ID 010000 ASSUMED", id_assumed=True),
    UserNotFound: XmlAnswer("030001", "OBS", "ID: Moodle/Indico map it to 'user not found' (S16, S18); wording is "
                                             "ours"),
    CallerNotFound: XmlAnswer("030001", "OBS", "ID: Moodle/Indico map it to 'user not found' (S16, S18); wording "
                                               "is ours; the same answer as UserNotFound"),
    IncorrectPassword: XmlAnswer("030002", "REAL", "real capture (S5)"),
    InactiveUser: XmlAnswer("030008", "ASSUMED", "Indico maps 030007 and 030008 to 'expired or inactive' (S18); "
                                                 "which of the two is inactive, and the wording, are ours"),
    InvalidSessionTicket: XmlAnswer("030047", "REAL", "real capture (S4)"),
    # meeting service
    MeetingNotFound: XmlAnswer("060001", "REAL", "real captures for GetMeeting, DelMeeting, GetjoinurlMeeting (S4)"),
    DurationTooLong: XmlAnswer("060017", "OBS", "ID: Indico maps 060017 to 'duration exceeds max' (S18); wording "
                                                "is ours"),
    HostNotFound: XmlAnswer("060019", "OBS", "ID: Moodle (S16); wording is ours"),
    SchedulingNotPermitted: XmlAnswer("060021", "OBS", "ID: Moodle (S16); wording is ours"),
    MeetingPasswordRequired: XmlAnswer("060026", "REAL", "real capture (S4)"),
    # validation
    InvalidRequest: XmlAnswer("999999", "ASSUMED", "the real ID for schema violations is unknown (ref 15)"),
    NotDocumented: XmlAnswer("999999", "ASSUMED", "mock-specific (fidelity mode documented); the real service "
                                                  "accepts these requests"),
    # user administration and reference data (reference §22-§29)
    WebExIdTaken: XmlAnswer("030004", "OBS", _TAKEN + "030004 = webExId is our reading; wording is ours",
                            id_assumed=True),
    EmailTaken: XmlAnswer("030005", "OBS", _TAKEN + "030005 = email is our reading; wording is ours",
                          id_assumed=True),
    NoUserFound: XmlAnswer("000015", "OBS", f"reason: {_NO_RECORD}; for LstsummaryUser Moodle accepts 000015 or "
                                            "030001 (reference §27), 000015 is our choice", id_assumed=True),
    NoMeetingTypeFound: XmlAnswer("000015", "OBS", f"reason: {_NO_RECORD}; for meeting types the ID is our choice "
                                                   "(reference §28)", id_assumed=True),
    # attendee and general session (ep) services
    NotMeetingHost: XmlAnswer("000001", "ASSUMED", "reference §17-§19, §21: no capture; the ID by analogy with "
                                                   "GetMeeting and DelMeeting"),
    AttendeeNotFound: XmlAnswer("000015", "ASSUMED", "reference §19: the real exceptionID for an unknown attendee "
                                                     "is unknown"),
    TooManyAttendees: XmlAnswer("060036", "ASSUMED", "the limit is DOC (XML API 9.0 SP3/SP4 release notes: "
                                                     "maxInviteesNumberForMC, default 1,000 invitees per meeting, "
                                                     "enforced by CreateMeeting, SetMeeting, CreateMeetingAttendee); "
                                                     "the exceptionID and wording of the refusal were never "
                                                     "published: ours", id_assumed=True),
    RegistrationNotEnabled: XmlAnswer("060037", "ASSUMED", "reference §39: the docs tie RegisterMeetingAttendee to a "
                                                           "meeting with registration on (DOC); no source shows the "
                                                           "refusal's exceptionID or wording: ours"),
    # rules of XML API 42 (reference §41)
    SiteSuspended: XmlAnswer("010107", "DOC", "reference §41: API 42.5.0 and 42.6.0 update notes (CreateMeeting, "
                                              "SetMeeting, CreateUser, SetUser)"),
    AttendeesPerCallOverLimit: XmlAnswer("040015", "DOC", "reference §41: API 42.1.0 update notes "
                                                          "(CreateMeetingAttendee, RegisterMeetingAttendee)"),
}

#: a fault's failure: the exceptionID is its rule's
INJECTED_SOURCE = "a fault rule (admin API, pytest plugin)"


def answer(error: WebexError) -> XmlAnswer:
    """The XML answer to ``error`` (its class's, or a fault's chosen exceptionID)."""
    if isinstance(error, InjectedFailure):
        return XmlAnswer(error.rule.exception_id, "FAULT", INJECTED_SOURCE)
    return answer_of(type(error))


def answer_of(cls: type[WebexError]) -> XmlAnswer:
    """The XML answer to an error of class ``cls``: its row, else its nearest catalogued parent's."""
    return next(ANSWERS[c] for c in cls.__mro__ if c in ANSWERS)


def unmapped() -> list[type[WebexError]]:
    """The error classes defined so far that have no row in :data:`ANSWERS` (a fault's failure has its own)."""
    return [cls for cls in every_error() if cls not in ANSWERS and not issubclass(cls, InjectedFailure)]


if unmapped():  # an error the XML face could not answer: refused when the face is imported
    raise TypeError(f"no XML answer for {', '.join(c.__name__ for c in unmapped())}: add it to ANSWERS")
