"""The one catalogue of WebEx errors this mock can answer with.

Each class is one WebEx failure: its ``exception_id``, its default ``reason``
text and ``certainty`` -- how sure we are that the real service answers the
same way. Certainty tags follow the project's reference:

* ``REAL``     seen in a captured response of the real service
* ``DOC``      stated in Cisco's documentation or official samples
* ``OBS``      handled by production clients that evidently met it
* ``ASSUMED``  our choice; the real ID or wording is unknown

Raise one (optionally with a more specific reason) anywhere on the request
path; :mod:`mockserver.xml.service` turns it into a FAILURE envelope.
"""

from __future__ import annotations

import difflib
from typing import ClassVar


class WebexError(Exception):
    exception_id: ClassVar[str] = "000000"
    reason: ClassVar[str] = ""
    certainty: ClassVar[str] = "ASSUMED"
    source: ClassVar[str] = ""
    #: the exceptionID is our choice even where the reason is known (the reason's certainty is ``certainty``)
    id_assumed: ClassVar[bool] = False
    #: False for failures that are not WebEx's but a test's (fault rules): left out of the catalogue
    catalogued: ClassVar[bool] = True
    #: the FAILURE envelope of a dispatch failure has an empty <serv:body> and
    #: declares only serv and com (ref 11); other failures keep the service's.
    bare_envelope: ClassVar[bool] = False

    def __init__(self, reason: str | None = None) -> None:
        self.text = reason if reason is not None else type(self).reason
        super().__init__(self.text)


# --- dispatch (000000) -------------------------------------------------------

class ForwardFailed(WebexError):
    """The request could not be dispatched: undeclared xsi prefix (xsi:type unresolved)."""

    exception_id = "000000"
    reason = "Fail to forward request:null"
    certainty = "REAL"
    source = "cisco-ie/webex-api-client issue #1 (ref S15)"
    bare_envelope = True


class MalformedRequest(WebexError):
    """Not well-formed XML, wrong encoding, wrong root: the request cannot be forwarded."""

    exception_id = "000000"
    reason = "Fail to forward request:malformed XML"
    certainty = "ASSUMED"
    source = "ID as for ForwardFailed (a parse-level failure); reason text is ours"
    bare_envelope = True


class UnknownOperation(WebexError):
    """bodyContent xsi:type names no WebEx operation (the reason lists the nearest)."""

    exception_id = "000000"
    reason = "Fail to forward request:unknown bodyContent type"
    certainty = "ASSUMED"
    source = "ID as for ForwardFailed; reason text is ours"
    bare_envelope = True


class NotImplementedOperation(WebexError):
    """A real WebEx operation that this mock does not implement."""

    exception_id = "000000"
    reason = "Fail to forward request:operation not implemented by webex-mockserver"
    certainty = "ASSUMED"
    source = "mock-specific; reason names the operation"
    bare_envelope = True


# --- access ------------------------------------------------------------------

class AccessDenied(WebexError):
    exception_id = "000001"
    reason = "Access denied, additional privileges are required"
    certainty = "REAL"
    source = "reason: real user-service capture (S9); ID for GetMeeting: docs (S11)"


class OtherHostsMeetings(AccessDenied):
    """LstsummaryMeeting by a host (not a site admin) naming another host in ``hostWebExID``."""

    reason = "Access denied, additional privileges are required: a host may list only their own meetings"
    certainty = "ASSUMED"
    source = "our choice: the docs say a host lists only their own meetings, not how naming another host fails"


class NoRecordFound(WebexError):
    exception_id = "000015"
    reason = "Sorry, no record found"
    certainty = "OBS"
    source = "client code quoting it (S20); every client treats it as an empty list"


class SiteNotFound(WebexError):
    """No site with that siteName, or that siteID + partnerID.

    The reason is the exact text a production integrator compares ``serv:reason``
    with; the exceptionID is not shown anywhere, so 010000 stays our choice."""

    exception_id = "010000"
    reason = "Failed to get SiteUrl from server"
    certainty = "OBS"
    id_assumed = True
    source = "reason: a webex.com.cn integrator compares it exactly (ref 14.7); ID 010000 ASSUMED"


class UserNotFound(WebexError):
    exception_id = "030001"
    reason = "Corresponding User not found"
    certainty = "OBS"
    source = "ID: Moodle/Indico map it to 'user not found' (S16, S18); wording is ours"


class IncorrectPassword(WebexError):
    exception_id = "030002"
    reason = "Incorrect user or password"
    certainty = "REAL"
    source = "real capture (S5)"


class InactiveUser(WebexError):
    """The user proved who they are (password, session ticket or access token) but is not active."""

    exception_id = "030008"
    reason = "User account is inactive"
    certainty = "ASSUMED"
    source = ("Indico maps 030007 and 030008 to 'expired or inactive' (S18); "
              "which of the two is inactive, and the wording, are ours")


class InvalidSessionTicket(WebexError):
    exception_id = "030047"
    reason = "Not a valid session ticket"
    certainty = "REAL"
    source = "real capture (S4)"


# --- meeting service ---------------------------------------------------------

class MeetingNotFound(WebexError):
    exception_id = "060001"
    reason = "Corresponding Meeting not found"
    certainty = "REAL"
    source = "real captures for GetMeeting, DelMeeting, GetjoinurlMeeting (S4)"


class DurationTooLong(WebexError):
    exception_id = "060017"
    reason = "Meeting duration exceeds the site maximum"
    certainty = "OBS"
    source = "ID: Indico maps 060017 to 'duration exceeds max' (S18); wording is ours"


class HostNotFound(WebexError):
    exception_id = "060019"
    reason = "hostWebExID does not exist"
    certainty = "OBS"
    source = "ID: Moodle (S16); wording is ours"


class SchedulingNotPermitted(WebexError):
    exception_id = "060021"
    reason = "You are not allowed to schedule meetings for this host"
    certainty = "OBS"
    source = "ID: Moodle (S16); wording is ours"


class MeetingPasswordRequired(WebexError):
    exception_id = "060026"
    reason = "Meeting password must not be null"
    certainty = "REAL"
    source = "real capture (S4)"


# --- validation --------------------------------------------------------------

class InvalidRequest(WebexError):
    """The request breaks the schema or a value rule; the reason names element and problem."""

    exception_id = "999999"
    reason = "Invalid request"
    certainty = "ASSUMED"
    source = "the real ID for schema violations is unknown (ref 15)"


class NotDocumented(InvalidRequest):
    """``--fidelity documented``: the request relies on a leniency of the real service; the reason is its note."""

    exception_id = "999999"
    reason = "Invalid request: not allowed by the documentation"
    certainty = "ASSUMED"
    source = "mock-specific (fidelity mode documented); the real service accepts these requests"


# --- user administration and reference data (reference §22-§29) -------------------

class WebExIdTaken(WebexError):
    """CreateUser (or SetUser newWebExId) with a webExId another user of the site has."""

    exception_id = "030004"
    reason = "User webExId already exists"
    certainty = "OBS"
    id_assumed = True
    source = ("Moodle treats 030004 and 030005 as 'username or email already exists' (reference §24); "
              "030004 = webExId is our reading; wording is ours")


class EmailTaken(WebexError):
    """CreateUser or SetUser with an email another user of the site has."""

    exception_id = "030005"
    reason = "User email already exists"
    certainty = "OBS"
    id_assumed = True
    source = ("Moodle treats 030004 and 030005 as 'username or email already exists' (reference §24); "
              "030005 = email is our reading; wording is ours")


class NoUserFound(NoRecordFound):
    """LstsummaryUser: no user matches (or the page is past the end)."""

    id_assumed = True
    source = ("reason: client code quoting it (S20); for LstsummaryUser Moodle accepts 000015 or 030001 "
              "(reference §27), 000015 is our choice")


class NoMeetingTypeFound(NoRecordFound):
    """LstMeetingType or GetMeetingType: no meeting type of the site has the id (or the page is past the end)."""

    id_assumed = True
    source = "reason: client code quoting it (S20); for meeting types the ID is our choice (reference §28)"


# --- attendee and general session (ep) services ---------------------------------

class NotMeetingHost(AccessDenied):
    """An attendee or session operation on a meeting the caller neither hosts nor administers."""

    certainty = "ASSUMED"
    source = "reference §17-§19, §21: no capture; the ID by analogy with GetMeeting and DelMeeting"


class AttendeeNotFound(NoRecordFound):
    """DelMeetingAttendee: an attendeeID or attendeeEmail that matches no attendee."""

    certainty = "ASSUMED"
    source = "reference §19: the real exceptionID for an unknown attendee is unknown"


class TooManyAttendees(WebexError):
    """CreateMeeting, SetMeeting or CreateMeetingAttendee would leave a meeting with more attendees than a meeting
    may have (domain/attendees.py: MAX_ATTENDEES)."""

    exception_id = "060036"
    reason = "The number of invitees exceeds the maximum of the meeting"
    certainty = "ASSUMED"
    id_assumed = True
    source = ("the limit is DOC (XML API 9.0 SP3/SP4 release notes: maxInviteesNumberForMC, default 1,000 invitees "
              "per meeting, enforced by CreateMeeting, SetMeeting, CreateMeetingAttendee); the exceptionID and "
              "wording of the refusal were never published: ours")


class NoSessionFound(NoRecordFound):
    """LstsummarySession: no session matches (or a page past the end)."""

    certainty = "ASSUMED"
    source = "reference §20: assumed as LstsummaryMeeting's (OBS)"


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


def catalogue() -> list[type[WebexError]]:
    """Every error class, in exceptionID order (used by docs/operations.md and its test)."""
    found: list[type[WebexError]] = []
    pending = list(WebexError.__subclasses__())
    while pending:
        cls = pending.pop(0)
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return sorted((c for c in found if c.catalogued), key=lambda c: (c.exception_id, c.__name__))


def catalogue_markdown() -> str:
    rows = ["| exceptionID | error | reason (default text) | certainty | source |",
            "|---|---|---|---|---|"]
    for cls in catalogue():
        rows.append(f"| `{cls.exception_id}` | {cls.__name__} | {cls.reason} | {cls.certainty} | {cls.source} |")
    return "\n".join(rows)


if __name__ == "__main__":  # pragma: no cover - documentation helper
    print(catalogue_markdown())
