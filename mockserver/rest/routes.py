"""The REST operations the mock answers: each a method and a path template of the Webex API (``/v1`` left off),
which is also its name in the journal, faults, stubs and ``webex_mock.calls()`` (``"POST /meetings"``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import invitees, meetings, people, templates
from .calls import Handler


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    handler: Handler
    mutates: bool = False
    #: reads many meetings: handled in a worker thread
    walks: bool = False

    @property
    def name(self) -> str:
        return f"{self.method} {self.template}"


ROUTES: tuple[Route, ...] = (
    Route("POST", "/meetings", meetings.create, mutates=True),
    Route("GET", "/meetings", meetings.listed, walks=True),
    Route("GET", "/meetings/templates", templates.templates),
    Route("GET", "/meetings/templates/{templateId}", templates.template),
    Route("GET", "/meetings/sessionTypes", templates.session_types),
    Route("GET", "/meetings/sessionTypes/{sessionTypeId}", templates.session_type),
    Route("GET", "/meetings/{meetingId}", meetings.get),
    Route("PUT", "/meetings/{meetingId}", meetings.update, mutates=True),
    Route("PATCH", "/meetings/{meetingId}", meetings.patch, mutates=True),
    Route("DELETE", "/meetings/{meetingId}", meetings.delete, mutates=True),
    Route("POST", "/meetingInvitees", invitees.create, mutates=True),
    Route("GET", "/meetingInvitees", invitees.listed),
    Route("POST", "/meetingInvitees/bulkInsert", invitees.bulk, mutates=True),
    # webexpythonsdk 2.0.6 sends bulkInsert as PUT (docs/rest-sdk-notes.md): accepted, noted
    Route("PUT", "/meetingInvitees/bulkInsert", invitees.bulk_by_put, mutates=True),
    Route("GET", "/meetingInvitees/{meetingInviteeId}", invitees.get),
    Route("PUT", "/meetingInvitees/{meetingInviteeId}", invitees.update, mutates=True),
    Route("DELETE", "/meetingInvitees/{meetingInviteeId}", invitees.delete, mutates=True),
    Route("GET", "/people/me", people.me),
    Route("GET", "/people", people.listed),
    Route("GET", "/people/{personId}", people.by_id),
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
