"""The ASGI application: ``create_app()`` and its routes.

``POST /WBXService/XMLService`` is the WebEx API (``/ns/{namespace}/WBXService/XMLService``
is the same API in a namespace, for clients that cannot send ``X-Mock-Namespace``);
``/_mock/`` is the admin API (see :mod:`mockserver.admin.api`). Any other path is answered 404 with a plain text
naming these (:func:`not_found`); a wrong method on one of them is 405.
"""

from __future__ import annotations

import re
import threading

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from . import logs
from .admin.api import AdminApi
from .admin.guard import HostRule
from .admin.happenings import HappeningRoutes
from .admin.webhooks import WebhookRoutes
from .base.errors import clip
from .base.instants import parse_instant
from .config import API_PATH, Config
from .controls.tenancy import Tenancy
from .deliveries import Deliveries
from .domain.clock import ClockSetting
from .domain.sites import load_seed_dicts
from .endpoint import api_namespace, xml_service
from .persistence.statefile import StateFile
from .rest.endpoint import rest_path, rest_service
from .ticker import Ticker
from .xml.service import XMLService


class MockApp(Starlette):
    """Starlette, but a ``POST`` to the WebEx API goes straight to its endpoint, without the middleware and
    routing a WebEx client never needs (about 5% of a seed CreateMeeting's time over HTTP)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and api_namespace(scope["path"]) is not None:
            scope["app"] = self
            await xml_service(scope, receive, send)
        elif scope["type"] == "http" and rest_path(scope["path"]) is not None:
            scope["app"] = self
            await rest_service(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)


class _Asgi:
    """An ASGI function as a Route endpoint (a Route wraps a plain function as a request-response endpoint)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


#: what a path the mock does not serve is answered (404): where the API and the admin API are
NOT_FOUND = (
    "404 Not Found: webex-mockserver serves nothing at {method} {path}{hint}\n\n"
    f"The WebEx XML API: POST {API_PATH}\n"
    f"  or POST /ns/{{{{namespace}}}}{API_PATH} (the same API in an isolated namespace)\n"
    "The admin API and its page: /_mock/ (the page: GET /_mock/; the API: GET /_mock/openapi.json)\n"
)
#: characters of a requested path not echoed in the 404 text (controls, and anything but printable ASCII)
_UNSHOWN = re.compile(r"[^\x21-\x7e]")


async def not_found(request: Request, exc: Exception) -> Response:
    """404 for any path without a route, naming the API's paths (Starlette answers a bare "Not Found")."""
    path = request.url.path
    hint = ""
    wrong_case = not (path.endswith(API_PATH) and path.startswith(("/ns/", API_PATH)))
    if wrong_case and path.lower().endswith(API_PATH.lower()) and path.lower().startswith(("/ns/", API_PATH.lower())):
        meant = API_PATH if path.lower() == API_PATH.lower() else f"/ns/{{namespace}}{API_PATH}"
        hint = f" (paths are case-sensitive: the API is {meant})"
    shown = clip(_UNSHOWN.sub("?", path), 200)
    text = NOT_FOUND.format(method=clip(_UNSHOWN.sub("?", request.method), 20), path=shown, hint=hint)
    return PlainTextResponse(text, status_code=404, headers={"X-Content-Type-Options": "nosniff"})


def launch_clock(config: Config) -> ClockSetting:
    """Where every namespace's clock starts: ``clock_start`` runs from there (an offset worked out now), or stands
    there with ``clock_frozen``."""
    start = parse_instant(config.clock_start, "clock_start") if config.clock_start is not None else None
    return ClockSetting.at_launch(start, config.clock_frozen)


def create_app(config: Config | None = None, tenancy: Tenancy | None = None) -> MockApp:
    config = config or Config()
    tenancy = tenancy or Tenancy(load_seed_dicts(config.seed_file), random_seed=config.random_seed,
                                 fidelity=config.fidelity, max_namespaces=config.max_namespaces,
                                 max_journal_bytes=config.max_journal_bytes, launch_clock=launch_clock(config),
                                 run_as_scheduled=config.meetings_run_as_scheduled, era=config.era)
    service = XMLService()
    # xmlschema explains invalid requests; load it now, off the request path, not on the first bad request
    threading.Thread(target=service.schema.explainer, name="webex-mockserver-explainer", daemon=True).start()
    deliveries = Deliveries(config)
    tenancy.on_store = deliveries.attach
    for name in tenancy.names():  # namespaces made before (a tenancy given, or read back below, say)
        if (tenant := tenancy.existing(name)) is not None:
            deliveries.attach(tenant)
    state_file = StateFile(config.state_file) if config.state_file else None
    if state_file is not None:
        state_file.load(tenancy)
        tenancy.on_change = lambda: state_file.save(tenancy)
    admin = AdminApi(tenancy, config.admin_token, changed=lambda: tenancy.on_change(),
                     hosts=HostRule.from_config(config))
    logs.quiet_drops()
    ticker = Ticker(tenancy)
    if config.meetings_run_as_scheduled:
        ticker.start()
    happenings = HappeningRoutes(admin.tenant, admin.obj, lambda: tenancy.on_change(), ticker.start)

    routes = [  # MockApp answers the POSTs before routing; the routes say 405 to other methods
        Route(API_PATH, _Asgi(xml_service), methods=["POST"]),
        Route("/ns/{namespace}" + API_PATH, _Asgi(xml_service), methods=["POST"]),
        *admin.routes(),
        Route("/_mock/webhooks/deliveries", admin.guard(WebhookRoutes(admin.tenant, deliveries).deliveries),
              methods=["GET", "DELETE"]),
        Route("/_mock/meetings/settings", admin.guard(happenings.settings), methods=["GET", "PUT"]),
        Route("/_mock/meetings/{key}/start", admin.guard(happenings.start), methods=["POST"]),
        Route("/_mock/meetings/{key}/end", admin.guard(happenings.end), methods=["POST"]),
    ]
    app = MockApp(routes=routes, exception_handlers={404: not_found})
    app.state.config = config
    app.state.tenancy = tenancy
    app.state.service = service
    app.state.state_file = state_file
    app.state.deliveries = deliveries
    app.state.ticker = ticker
    return app
