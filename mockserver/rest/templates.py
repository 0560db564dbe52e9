"""``/v1/meetings/templates`` and ``/v1/meetings/sessionTypes``: both from the site's meeting types, the data the
XML API's ``LstMeetingType`` answers from (docs/rest.md; the forms of the ids are ASSUMED)."""

from __future__ import annotations

import base64
from typing import Any

from ..base.errors import clip
from ..domain.sites import Site
from . import shapes
from .calls import Answer, Call
from .errors import RestError
from .pages import paged

LOCALE = "en_US"
#: attendees a session type holds: the mock's bound on a meeting's invitees
CAPACITY = 1000


def _template_id(site: Site, type_id: int) -> str:
    return base64.b64encode(f"template/{site.key}/{type_id}".encode()).decode()


def _template(site: Site, meeting_type: dict[str, Any]) -> dict[str, Any]:
    return {"id": _template_id(site, meeting_type["id"]), "name": meeting_type["name"], "locale": LOCALE,
            "siteUrl": shapes.site_url(site), "templateType": "meeting",
            "isDefault": meeting_type["id"] == site.settings.defaultMeetingType, "isStandard": True}


def templates(call: Call) -> Answer:
    site, query = call.principal.site, call.query
    shown = [_template(site, t) for t in site.meetingTypes]
    if query.get("templateType", "meeting") != "meeting":  # the mock's sites have no webinar templates
        shown = []
    for flag in ("isDefault", "isStandard"):
        if flag in query:
            wanted = query[flag].strip().lower() == "true"
            shown = [t for t in shown if t[flag] == wanted]
    return paged(call, shown, _itself, 100, 100)


def template(call: Call) -> Answer:
    site, wanted = call.principal.site, call.path["templateId"]
    found = next((t for t in site.meetingTypes if _template_id(site, t["id"]) == wanted), None)
    if found is None:
        raise RestError(404, None, f"No template with id {clip(wanted, 60)!r}.")
    return Answer(200, {**_template(site, found), "meeting": {
        "title": "", "agenda": "", "sessionTypeId": found["id"], "timezone": "UTC",
        "enabledAutoRecordMeeting": site.settings.nbrAutoRecord, "enabledJoinBeforeHost": site.settings.joinBeforeHost,
        "enableConnectAudioBeforeHost": site.settings.audioBeforeHost}})


def _session_type(meeting_type: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(meeting_type["id"]), "name": meeting_type["name"],
            "type": "meeting", "attendeesCapacity": CAPACITY}


def session_types(call: Call) -> Answer:
    return paged(call, call.principal.site.meetingTypes, _session_type, 100, 100)


def session_type(call: Call) -> Answer:
    wanted = call.path["sessionTypeId"]
    found = next((t for t in call.principal.site.meetingTypes if str(t["id"]) == wanted.strip()), None)
    if found is None:
        raise RestError(404, None, f"No session type with id {clip(wanted, 40)!r}.")
    return Answer(200, _session_type(found))


def _itself(item: dict[str, Any]) -> dict[str, Any]:
    return item
