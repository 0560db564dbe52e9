"""What the page shows of a stored meeting: its data and its GetMeeting answer, both with secrets masked.

The answer is made by the GetMeeting handler and the envelope code the XML service uses, called as the meeting's
host, so the page shows exactly what a client would be told.
"""

from __future__ import annotations

from typing import Any

from ...base import redact
from ...base.chunked import gently
from ...base.errors import WebexError
from ...base.instants import format_instant
from ...domain import meetingstate, starting
from ...domain.auth import Principal
from ...domain.records import Meeting
from ...domain.sites import Site, User
from ...domain.snapshot import page_in_key_order
from ...domain.store import Store
from ...xml import envelope
from ...xml.operations import OPERATIONS, Context

GET_MEETING = "meeting.GetMeeting"
#: meetings listed per site at most (the rest are counted), and recordings
MEETINGS_SHOWN, RECORDINGS_SHOWN = 500, 50


def _value(data: dict[str, Any], block: str, name: str) -> str | None:
    """One stored value as text (imported state may hold numbers, or a block that is not an object)."""
    section = data.get(block)
    value = section.get(name) if isinstance(section, dict) else None
    return None if value is None else str(value)


def summary(meeting: Meeting) -> dict[str, Any]:
    """A meeting's line on the page."""
    data = meeting.data
    return {"key": meeting.key, "host": meeting.host, "confName": _value(data, "metaData", "confName"),
            "startDate": _value(data, "schedule", "startDate"), "duration": _value(data, "schedule", "duration"),
            "supportE2E": _value(data, "enableOptions", "supportE2E"),
            "autoRecord": _value(data, "enableOptions", "autoRecord")}


def site_summary(store: Store, site: Site) -> dict[str, Any]:
    """A site and its meetings (the first MEETINGS_SHOWN by key, read from the store's key index; ``more`` counts
    the others): only the meetings shown are decoded."""
    held, total, _ = page_in_key_order(store, site.key, MEETINGS_SHOWN, None)
    return {"siteName": site.siteName, "siteID": site.siteID,
            "meetings": [summary(Meeting.from_held(one)) for one in gently(held)],
            "more": max(0, total - MEETINGS_SHOWN), "recordings": recordings(store, site)}


def recordings(store: Store, site: Site) -> list[dict[str, Any]]:
    """The site's newest recordings (RECORDINGS_SHOWN at most), those the lists do not show yet too."""
    made = sorted(store.recordings.by_site.get(site.key, {}).values(), key=lambda r: r.create_ms, reverse=True)
    return [{"recordingID": r.number, "topic": r.topic, "meetingKey": r.meeting_key, "host": r.host,
             "durationSeconds": r.duration_s, "sizeBytes": r.size_bytes, "createTime": r.create_ms // 1000,
             "shown": r.create_ms <= store.now_ms()} for r in made[:RECORDINGS_SHOWN]]


def get_meeting_answer(store: Store, site: Site, meeting: Meeting) -> str:
    """The GetMeeting answer the meeting's host would get now, secrets masked."""
    operation = OPERATIONS[GET_MEETING]
    host = site.user(meeting.host) or User(webExId=meeting.host, password="", email="", siteAdmin=True)
    try:
        inner = operation.handler(Context(store, Principal(site, host), store.now_ms()), {"meetingKey": meeting.key})
        body = envelope.success(operation.service, operation.response_type, inner)
    except WebexError as error:
        body = envelope.failure(operation.service, error)
    return redact.xml_text(body.decode("utf-8"))


def meeting_view(store: Store, site: Site, meeting: Meeting) -> dict[str, Any]:
    """The page's view of one meeting: its state now, stored data and GetMeeting answer, secrets masked."""
    return {"site": site.siteName, "key": meeting.key, "happened": happened(store, meeting),
            "meeting": redact.data(meeting.view()), "getMeeting": get_meeting_answer(store, site, meeting)}


def happened(store: Store, meeting: Meeting) -> dict[str, Any]:
    """The meeting's state now (the REST series' state, the XML status) and its instances (docs/time.md)."""
    now = store.now_ms()
    found = starting.live(store, meeting, now)
    return {"state": meetingstate.series_state(meeting, found, now).state,
            "xmlStatus": meetingstate.xml_status(found, now).status,
            "runAsScheduled": store.happenings.run_as_scheduled,
            "instances": [{"startedAt": format_instant(i.started_ms),
                           "endedAt": None if i.ended_ms is None else format_instant(i.ended_ms),
                           "state": i.state_at(now), "attendees": len(i.attendees)} for i in found]}
