"""Helpers for the attendee and session tests (tests/xml/attendee/, tests/xml/ep/): request builders
and answer readers."""

from __future__ import annotations

from meetingkit import BODY, value
from webex import message


def person(email: str, name: str | None = None, extra: str = "") -> str:
    return "<person>" + (f"<name>{name}</name>" if name else "") + f"<email>{email}</email>{extra}</person>"


def invite(key: int, email: str, name: str | None = None, extra: str = "", key_name: str = "sessionKey",
           **kw) -> str:
    """CreateMeetingAttendee as every observed client sends it: person, role, sessionKey (reference §17)."""
    body = f"{person(email, name)}<role>ATTENDEE</role><{key_name}>{key}</{key_name}>{extra}"
    return message("attendee.CreateMeetingAttendee", body, **kw)


def lst_attendees(key: int, extra: str = "", key_name: str = "meetingKey", **kw) -> str:
    return message("attendee.LstMeetingAttendee", f"<{key_name}>{key}</{key_name}>{extra}", **kw)


def remove_by_id(*ids: int, **kw) -> str:
    return message("attendee.DelMeetingAttendee", "".join(f"<attendeeID>{i}</attendeeID>" for i in ids), **kw)


def remove_by_email(key: int, email: str, **kw) -> str:
    body = f"<attendeeEmail><email>{email}</email><sessionKey>{key}</sessionKey></attendeeEmail>"
    return message("attendee.DelMeetingAttendee", body, **kw)


def del_session(key: int, **kw) -> str:
    return message("ep.DelSession", f"<sessionKey>{key}</sessionKey>", **kw)


def lst_sessions(body: str = "", **kw) -> str:
    return message("ep.LstsummarySession", body, **kw)


def attendee_ids(answer) -> list[int]:
    return [int(node.text) for node in answer.all(BODY + "att:attendeeId")]


def listed_emails(answer) -> list[str]:
    return [node.text for node in answer.all(BODY + "att:attendee/att:person/com:email")]


def meeting_emails(answer) -> list[str]:
    """The attendee e-mails of a GetMeeting answer."""
    return [node.text for node in answer.all(BODY + "meet:participants/meet:attendees/meet:attendee/"
                                                    "att:person/com:email")]


def session_keys(answer) -> list[int]:
    return [int(node.text) for node in answer.all(BODY + "ep:session/ep:sessionKey")]


def session_records(answer) -> tuple[int, int, int]:
    return tuple(int(value(answer, f"ep:matchingRecords/serv:{name}")) for name in ("total", "returned", "startFrom"))


def type_of(answer) -> str:
    return answer.content.get("{http://www.w3.org/2001/XMLSchema-instance}type")
