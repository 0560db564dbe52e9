"""The errors the mock's rules raise, each of a face-neutral :class:`Kind`.

A domain rule (or a handler) raises one of these classes, optionally with a more
specific text. The error says *what kind* of failure it is and *what* went wrong
(its ``message``: the default text, which the XML face answers as ``serv:reason``);
it says nothing of a wire. Each face maps the error to its own answer: the XML
face to an ``exceptionID`` (:mod:`mockserver.xml.errors`, which also holds the
failures that exist only because of the XML wire), the REST face to an HTTP
status. A face maps the kind; the class is there for a finer mapping.

The catalogue of every error, its kind and its XML answer is in docs/operations.md
("Error catalogue"), written by ``python -m mockserver.xml.catalogue``.
"""

from __future__ import annotations

import difflib
import enum
from typing import ClassVar


class Kind(enum.Enum):
    """What kind of failure an error is: the thing a face maps to its answer."""

    INVALID = "invalid"
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    LIMIT = "limit"
    UNSUPPORTED = "unsupported"
    INJECTED = "injected"

    @property
    def meaning(self) -> str:
        return _MEANINGS[self]


_MEANINGS = {
    Kind.INVALID: "the request breaks the schema or a rule: a value is missing, malformed or not allowed",
    Kind.UNAUTHENTICATED: "the caller is not signed in: unknown, wrong or expired credentials, or an inactive user",
    Kind.FORBIDDEN: "the caller is signed in but may not do this",
    Kind.NOT_FOUND: "what the call names or looks for does not exist (for the XML API, also a listing that finds "
                    "nothing)",
    Kind.CONFLICT: "a value that must be unique is already taken",
    Kind.LIMIT: "the request would go over a documented bound of the site or the meeting",
    Kind.UNSUPPORTED: "a real operation this mock does not implement",
    Kind.INJECTED: "not the service's: a test's fault rule chose this failure, and each face answers what the rule "
                   "says",
}


class WebexError(Exception):
    """A failure of a call. Every subclass has a ``kind`` and a ``message`` (its default text)."""

    kind: ClassVar[Kind]
    message: ClassVar[str]

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if not isinstance(getattr(cls, "kind", None), Kind) or not getattr(cls, "message", ""):
            raise TypeError(f"{cls.__name__} needs a kind (a Kind) and a message")

    def __init__(self, text: str | None = None) -> None:
        self.text = text if text is not None else type(self).message
        super().__init__(self.text)


# --- access ------------------------------------------------------------------

class AccessDenied(WebexError):
    kind = Kind.FORBIDDEN
    message = "Access denied, additional privileges are required"


class OtherHostsMeetings(AccessDenied):
    """LstsummaryMeeting by a host (not a site admin) naming another host in ``hostWebExID``."""

    message = "Access denied, additional privileges are required: a host may list only their own meetings"


class NoRecordFound(WebexError):
    """Nothing matches (a listing that finds nothing, or a page past the end)."""

    kind = Kind.NOT_FOUND
    message = "Sorry, no record found"


class SiteNotFound(WebexError):
    """No site with that siteName, or that siteID + partnerID.

    The message is the exact text a production integrator compares the XML ``serv:reason`` with."""

    kind = Kind.NOT_FOUND
    message = "Failed to get SiteUrl from server"


class UserNotFound(WebexError):
    """The user a request names (GetUser, SetUser, DelUser …) is not a user of the site."""

    kind = Kind.NOT_FOUND
    message = "Corresponding User not found"


class CallerNotFound(UserNotFound):
    """The user the credentials name is not a user of the site: the call is not signed in."""

    kind = Kind.UNAUTHENTICATED


class IncorrectPassword(WebexError):
    kind = Kind.UNAUTHENTICATED
    message = "Incorrect user or password"


class InactiveUser(WebexError):
    """The user proved who they are (password, session ticket or access token) but is not active."""

    kind = Kind.UNAUTHENTICATED
    message = "User account is inactive"


class InvalidSessionTicket(WebexError):
    kind = Kind.UNAUTHENTICATED
    message = "Not a valid session ticket"


# --- meeting service ---------------------------------------------------------

class MeetingNotFound(WebexError):
    kind = Kind.NOT_FOUND
    message = "Corresponding Meeting not found"


class DurationTooLong(WebexError):
    """Longer than the site's ``maxDuration``."""

    kind = Kind.LIMIT
    message = "Meeting duration exceeds the site maximum"


class HostNotFound(WebexError):
    """The host a meeting is scheduled for (``hostWebExID``) is not a user of the site."""

    kind = Kind.NOT_FOUND
    message = "hostWebExID does not exist"


class SchedulingNotPermitted(WebexError):
    """A host (not a site admin) scheduling a meeting for another host."""

    kind = Kind.FORBIDDEN
    message = "You are not allowed to schedule meetings for this host"


class MeetingPasswordRequired(WebexError):
    """The site requires a meeting password and the request has none."""

    kind = Kind.INVALID
    message = "Meeting password must not be null"


# --- validation --------------------------------------------------------------

class InvalidRequest(WebexError):
    """The request breaks the schema or a value rule; the text names element and problem."""

    kind = Kind.INVALID
    message = "Invalid request"


class NotDocumented(InvalidRequest):
    """``--fidelity documented``: the request relies on a leniency of the real service; the text is its note."""

    message = "Invalid request: not allowed by the documentation"


# --- user administration and reference data (reference §22-§29) -------------------

class WebExIdTaken(WebexError):
    """CreateUser (or SetUser newWebExId) with a webExId another user of the site has."""

    kind = Kind.CONFLICT
    message = "User webExId already exists"


class EmailTaken(WebexError):
    """CreateUser or SetUser with an email another user of the site has."""

    kind = Kind.CONFLICT
    message = "User email already exists"


class NoUserFound(NoRecordFound):
    """LstsummaryUser: no user matches (or the page is past the end)."""


class NoMeetingTypeFound(NoRecordFound):
    """LstMeetingType or GetMeetingType: no meeting type of the site has the id (or the page is past the end)."""


# --- attendee and general session (ep) services ---------------------------------

class NotMeetingHost(AccessDenied):
    """An attendee or session operation on a meeting the caller neither hosts nor administers."""


class AttendeeNotFound(NoRecordFound):
    """DelMeetingAttendee: an attendeeID or attendeeEmail that matches no attendee."""


class TooManyAttendees(WebexError):
    """CreateMeeting, SetMeeting or CreateMeetingAttendee would leave a meeting with more attendees than a meeting
    may have (domain/attendees.py: MAX_ATTENDEES)."""

    kind = Kind.LIMIT
    message = "The number of invitees exceeds the maximum of the meeting"


class RegistrationNotEnabled(WebexError):
    """RegisterMeetingAttendee on a meeting whose ``attendeeOptions/registration`` is off (reference §39)."""

    kind = Kind.INVALID
    message = "Registration is not enabled for this meeting"


# --- rules of XML API 42 (reference §41): in every era ---------------------------

class SiteSuspended(WebexError):
    """CreateMeeting, SetMeeting, a REST meeting create/update, or a site admin's CreateUser or SetUser of another user,
    on a site whose ``suspended`` setting is on."""

    kind = Kind.FORBIDDEN
    message = "The site is suspended"


class AttendeesPerCallOverLimit(WebexError):
    """CreateMeetingAttendee naming more attendees in one call than one call may register (50)."""

    kind = Kind.LIMIT
    message = "Register attendee number over limit in one API call"


def every_error() -> list[type[WebexError]]:
    """Every subclass of :class:`WebexError` defined so far (in any module imported), parents first."""
    found: list[type[WebexError]] = []
    pending = list(WebexError.__subclasses__())
    while pending:
        cls = pending.pop(0)
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def clip(value: str, limit: int = 80) -> str:
    """A client's value for a reason text, shortened: a huge input never makes a huge answer."""
    return value if len(value) <= limit else value[: limit - 3] + "..."


def near(word: str, choices: list[str], cutoff: float) -> list[str]:
    """Up to three ``choices`` close to ``word``, for a "did you mean".

    A word over three times the longest choice can never be close (cutoff >= 0.5), and difflib
    would spend long on it: it is not compared."""
    if len(word) > 3 * max(map(len, choices), default=0):
        return []
    return difflib.get_close_matches(word, choices, n=3, cutoff=cutoff)
