"""The admin API's meetings that happen: ``POST /_mock/meetings/{key}/start`` (the host joins; attendees may join
too), ``POST /_mock/meetings/{key}/end``, and ``GET``/``PUT /_mock/meetings/settings`` (every meeting runs as
scheduled; the lag of an instance's details). The functions do the work for the routes and for the in-process
fixture alike (docs/time.md, "Meetings that happen"; ``schemas/admin-openapi.json``).

Mounted by :func:`mockserver.app.create_app`, guarded like every admin call.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..base.instants import format_instant, parse_instant
from ..controls.tenancy import Tenant
from ..domain import meetingstate, starting
from ..domain.changes import HAPPENINGS
from ..domain.happenings import HappeningError, Instance
from ..domain.store import Store
from ..rest import shapes
from .numbers import meeting_key

_START_FIELDS = {"attendees", "at", "host"}


def start(store: Store, key: int, body: dict[str, Any]) -> dict[str, Any]:
    """Start (or join) meeting ``key`` as ``body`` says (``attendees``, ``at``, ``host``); what it is after."""
    unknown = sorted(set(body) - _START_FIELDS)
    if unknown:
        raise HappeningError(400, f"unknown field(s) {', '.join(unknown)[:80]}; known: at, attendees, host")
    attendees = body.get("attendees", [])
    if not isinstance(attendees, list) or not all(isinstance(a, str) for a in attendees):
        raise HappeningError(400, "attendees must be a list of e-mail addresses")
    host = body.get("host", True)
    if not isinstance(host, bool):
        raise HappeningError(400, "host must be true or false")
    now = store.now_ms()
    starting.catch_up(store, now)
    instance = starting.start(store, key, now, _at(body), attendees, host)
    return view(store, key, instance)


def end(store: Store, key: int, body: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(body) - {"at"})
    if unknown:
        raise HappeningError(400, f"unknown field(s) {', '.join(unknown)[:80]}; known: at")
    now = store.now_ms()
    starting.catch_up(store, now)
    done = starting.end(store, key, now, _at(body))
    return view(store, key, next(i for i in store.happenings.of(done.site, key) if i.number == done.instance))


def settings(store: Store, change: dict[str, Any] | None) -> dict[str, Any]:
    """The namespace's meeting settings, after ``change`` (None: as they are)."""
    now = store.now_ms()
    if change is None:
        return store.happenings.settings()
    starting.catch_up(store, now)
    with store.lock:
        shown = store.happenings.change_settings(change, now)
        store.changes.part(HAPPENINGS)
    return shown


def view(store: Store, key: int, instance: Instance) -> dict[str, Any]:
    """An instance as the admin API and the fixture show it, with its meeting's states now."""
    meeting = starting.find(store, key)
    now = store.now_ms()
    series_id = shapes.meeting_id(meeting)
    found = starting.live(store, meeting, now)
    return {
        "key": meeting.key, "site": meeting.site,
        "instanceId": f"{series_id}_I_{instance.number}", "meetingSeriesId": series_id,
        "startedAt": format_instant(instance.started_ms),
        "hostJoinedAt": None if instance.host_ms is None else format_instant(instance.host_ms),
        "endedAt": None if instance.ended_ms is None else format_instant(instance.ended_ms),
        "attendees": list(instance.attendees),
        "state": instance.state_at(now),
        "seriesState": meetingstate.series_state(meeting, found, now).state,
        "xmlStatus": meetingstate.xml_status(found, now).status,
    }


def _at(body: dict[str, Any]) -> int | None:
    if body.get("at") is None:
        return None
    try:
        return parse_instant(body["at"], "at")
    except ValueError as exc:
        raise HappeningError(400, str(exc)) from None


class HappeningRoutes:
    def __init__(self, tenant: Callable[[Request], Awaitable[Tenant]],
                 body: Callable[[Request], Awaitable[dict[str, Any]]], changed: Callable[[], None],
                 running: Callable[[], None] = lambda: None) -> None:
        self._tenant = tenant
        self._body = body
        self._changed = changed
        self._running = running  # the mode is on somewhere: the ticker looks once a second (mockserver.ticker)

    async def start(self, request: Request) -> Response:
        return await self._happen(request, start)

    async def end(self, request: Request) -> Response:
        return await self._happen(request, end)

    async def settings(self, request: Request) -> Response:
        tenant = await self._tenant(request)
        try:
            shown = settings(tenant.store, await self._body(request) if request.method == "PUT" else None)
        except HappeningError as refused:
            return JSONResponse({"error": str(refused)}, status_code=refused.status)
        if request.method == "PUT":
            self._changed()  # the state file keeps the settings
            if shown["runAsScheduled"]:
                self._running()
        return JSONResponse({"namespace": tenant.name, **shown})

    async def _happen(self, request: Request, action: Callable[[Store, int, dict[str, Any]], dict[str, Any]]) \
            -> Response:
        tenant = await self._tenant(request)
        key = meeting_key(request.path_params["key"])
        try:
            if key is None:
                raise HappeningError(404, "a meeting key is digits")
            shown = action(tenant.store, key, await self._body(request))
        except HappeningError as refused:
            return JSONResponse({"error": str(refused)}, status_code=refused.status)
        self._changed()  # the state file keeps what happened
        return JSONResponse({"namespace": tenant.name, **shown})
