"""The REST operations the mock answers: each a method and a path template of the Webex API (``/v1`` left off),
which is also its name in the journal, faults, stubs and ``webex_mock.calls()`` (``"POST /meetings"``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import msgspec

from . import answers as a
from . import invitees, meetings, people, recordings, templates, webhooks
from .calls import Handler
from .models import InviteeIn, InviteesIn, InviteeUpdate, MeetingIn, MeetingPatch, WebhookIn, WebhookUpdate


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    handler: Handler
    #: the model of the JSON it reads and of the JSON it answers with (None: no body)
    request: type[msgspec.Struct] | None = None
    answer: type[msgspec.Struct] | None = None
    mutates: bool = False
    #: reads many meetings: handled in a worker thread
    walks: bool = False

    @property
    def name(self) -> str:
        return f"{self.method} {self.template}"


ROUTES: tuple[Route, ...] = (
    Route("POST", "/meetings", meetings.create, MeetingIn, a.MeetingOut, mutates=True),
    Route("GET", "/meetings", meetings.listed, None, a.MeetingList, walks=True),
    Route("GET", "/meetings/templates", templates.templates, None, a.TemplateList),
    Route("GET", "/meetings/templates/{templateId}", templates.template, None, a.DetailedTemplateOut),
    Route("GET", "/meetings/sessionTypes", templates.session_types, None, a.SessionTypeList),
    Route("GET", "/meetings/sessionTypes/{sessionTypeId}", templates.session_type, None, a.SessionTypeOut),
    # a series or one of its occurrences: the list's object (an occurrence's GET too: ASSUMED, docs/rest.md)
    Route("GET", "/meetings/{meetingId}", meetings.get, None, a.ListedMeetingOut),
    Route("PUT", "/meetings/{meetingId}", meetings.update, MeetingIn, a.ListedMeetingOut, mutates=True),
    Route("PATCH", "/meetings/{meetingId}", meetings.patch, MeetingPatch, a.ListedMeetingOut, mutates=True),
    Route("DELETE", "/meetings/{meetingId}", meetings.delete, mutates=True),
    Route("POST", "/meetingInvitees", invitees.create, InviteeIn, a.InviteeOut, mutates=True),
    Route("GET", "/meetingInvitees", invitees.listed, None, a.InviteeList),
    Route("POST", "/meetingInvitees/bulkInsert", invitees.bulk, InviteesIn, a.InviteeList, mutates=True),
    # webexpythonsdk 2.0.6 sends bulkInsert as PUT (docs/rest-sdk-notes.md): accepted, noted
    Route("PUT", "/meetingInvitees/bulkInsert", invitees.bulk_by_put, InviteesIn, a.InviteeList, mutates=True),
    Route("GET", "/meetingInvitees/{meetingInviteeId}", invitees.get, None, a.InviteeOut),
    Route("PUT", "/meetingInvitees/{meetingInviteeId}", invitees.update, InviteeUpdate, a.InviteeOut, mutates=True),
    Route("DELETE", "/meetingInvitees/{meetingInviteeId}", invitees.delete, mutates=True),
    Route("GET", "/people/me", people.me, None, a.PersonOut),
    Route("GET", "/people", people.listed, None, a.PersonList),
    Route("GET", "/people/{personId}", people.by_id, None, a.PersonOut),
    Route("GET", "/recordings", recordings.listed, None, a.RecordingList),
    Route("GET", "/recordings/{recordingId}", recordings.get, None, a.RecordingWithLinksOut),
    Route("DELETE", "/recordings/{recordingId}", recordings.delete, mutates=True),
    Route("POST", "/webhooks", webhooks.create, WebhookIn, a.WebhookOut, mutates=True),
    Route("GET", "/webhooks", webhooks.listed, None, a.WebhookList),
    Route("GET", "/webhooks/{webhookId}", webhooks.get, None, a.WebhookOut),
    Route("PUT", "/webhooks/{webhookId}", webhooks.update, WebhookUpdate, a.WebhookOut, mutates=True),
    Route("DELETE", "/webhooks/{webhookId}", webhooks.delete, mutates=True),
)

#: the REST operations by name
OPERATIONS: dict[str, Route] = {route.name: route for route in ROUTES}

_PARAMETER = re.compile(r"\{(\w+)\}")


def _pattern(template: str) -> re.Pattern[str]:
    return re.compile("^" + _PARAMETER.sub(lambda m: f"(?P<{m.group(1)}>[^/]+)", template) + "$")


_COMPILED = [(route, _pattern(route.template)) for route in ROUTES]


def match(method: str, path: str) -> tuple[Route, dict[str, str]] | list[str]:
    """The route of ``method`` and ``path`` (under ``/v1``) and its parameters; else the methods the path has (an
    empty list: no such path). A literal segment wins over a parameter (``/people/me``)."""
    allowed: list[str] = []
    for route, pattern in _COMPILED:
        found = pattern.match(path)
        if found is None:
            continue
        if route.method == method:
            return route, found.groupdict()
        if route.method not in allowed:
            allowed.append(route.method)
    return allowed
