"""Helpers for the Meeting-service tests: request builders and answer readers (tests/xml/meeting/)."""

from __future__ import annotations

from lxml import etree
from webex import create_meeting, message

BODY = "serv:body/serv:bodyContent/"
HOST = "hostid@acme.com"
ALICE = "alice@acme.com"
ADMIN = "admin@acme.com"


def content(name: str = "Standup", start: str = "12/01/2026 10:00:00", extra: str = "",
            schedule: str = "", meta: str = "") -> str:
    """A CreateMeeting body: topic, start (MM/dd/yyyy HH:mm:ss), more schedule and metaData children, more blocks."""
    return (f"<metaData><confName>{name}</confName>{meta}</metaData>"
            f"<schedule><startDate>{start}</startDate>{schedule}</schedule>{extra}")


def create(api, body: str | None = None, **kw) -> int:
    answer = api.post(create_meeting(body, **kw)).ok()
    return int(answer.text(BODY + "meet:meetingkey"))


def get(key: int, **kw) -> str:
    return message("meeting.GetMeeting", f"<meetingKey>{key}</meetingKey>", **kw)


def set_(body: str, **kw) -> str:
    return message("meeting.SetMeeting", body, **kw)


def delete(key: int, **kw) -> str:
    return message("meeting.DelMeeting", f"<meetingKey>{key}</meetingKey>", **kw)


def lst(body: str = "", **kw) -> str:
    return message("meeting.LstsummaryMeeting", body, **kw)


def joinurl(body: str, **kw) -> str:
    return message("meeting.GetjoinurlMeeting", body, **kw)


def hosturl(body: str, **kw) -> str:
    return message("meeting.GethosturlMeeting", body, **kw)


def read(api, key: int, **kw):
    """GetMeeting, asserted SUCCESS."""
    return api.post(get(key, **kw)).ok()


def value(answer, path: str) -> str | None:
    """Text of ``path`` under bodyContent, e.g. ``meet:schedule/meet:openTime``."""
    return answer.text(BODY + path)


def values(answer, block: str, *names: str) -> dict[str, str | None]:
    """``{name: text}`` of children of a getMeetingResponse block, e.g. ``values(a, "schedule", "openTime")``."""
    return {name: value(answer, f"meet:{block}/meet:{name}") for name in names}


def fails(answer, exception_id: str) -> None:
    assert answer.result == "FAILURE", answer.body
    assert answer.exception_id == exception_id, f"{answer.exception_id}: {answer.reason}"
    assert answer.content is not None and len(answer.content) == 0  # <serv:bodyContent/>


def local_names(element) -> list[str]:
    return [etree.QName(child).localname for child in element]


def listed_keys(answer) -> list[int]:
    return [int(n.text) for n in answer.all(BODY + "meet:meeting/meet:meetingKey")]


def records(answer) -> tuple[int, int, int]:
    base = "meet:matchingRecords/serv:"
    return tuple(int(value(answer, base + name)) for name in ("total", "returned", "startFrom"))
