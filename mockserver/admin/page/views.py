"""The page's routes: the shell, its static files, the login form, and two JSON views for the script.

``/_mock/``, ``/_mock/page/overview`` and ``/_mock/page/sites/{site}/meetings/{key}`` are admin calls like any
other (:meth:`mockserver.admin.api.AdminApi.guard`: Host and Origin rules, then the admin token or the session cookie).
``/_mock/static/{name}``, ``/_mock/login`` and ``/_mock/logout`` need no token (the form is where it is entered)
but keep the Host and Origin rules.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from functools import cache
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ...base.bodies import BodyTooLarge, read_limited
from ...base.errors import clip
from ...controls.tenancy import Tenancy, Tenant
from ...domain.clock import MockClock
from ...domain.sites import Site
from ..guard import COOKIE_METHODS, SESSION_COOKIE, HostRule, refusal, same_secret
from ..numbers import meeting_key
from ..sessions import SESSION_LIFETIME_S, LoginThrottle, Sessions
from . import shell
from .answers import meeting_view, site_summary

Handler = Callable[[Request], Awaitable[Response]]
log = logging.getLogger("mockserver")

STATIC = Path(__file__).resolve().parent / "static"
#: the files /_mock/static/ serves, and their types
STATIC_TYPES = {"page.js": "text/javascript; charset=utf-8", "page.css": "text/css; charset=utf-8"}
PAGE_PATH = "/_mock/"
#: a login form is a token and little else
LOGIN_BODY_BYTES = 4096


@cache
def static_file(name: str) -> bytes:
    return (STATIC / name).read_bytes()


def _html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status, headers=shell.HEADERS)


def _see_page(text: str) -> Response:
    return Response(text, status_code=303, headers={"Location": PAGE_PATH, **shell.HEADERS}, media_type="text/plain")


def sign_in(request: Request) -> Response | None:
    """For a browser asking for the page without the token: the login form (401); None for any other call."""
    wants_html = "text/html" in request.headers.get("accept", "")
    if request.url.path == PAGE_PATH and request.method in COOKIE_METHODS and wants_html:
        return _html(shell.login(), 401)
    return None


async def _form_token(request: Request) -> str:
    """The ``token`` field of a login form (or of a JSON object), '' when there is none."""
    raw = await read_limited(request.receive, LOGIN_BODY_BYTES)
    text = raw.decode("utf-8", "replace")
    if "json" in request.headers.get("content-type", ""):
        try:
            data = json.loads(text)
        except ValueError:
            return ""
        token = data.get("token") if isinstance(data, dict) else None
        return token if isinstance(token, str) else ""
    return parse_qs(text, keep_blank_values=True).get("token", [""])[0]


class Admin(Protocol):
    """What the page needs of the admin API that serves it (:class:`mockserver.admin.api.AdminApi`)."""

    tenancy: Tenancy
    admin_token: str | None
    hosts: HostRule
    sessions: Sessions
    login_throttle: LoginThrottle

    async def tenant(self, request: Request) -> Tenant: ...

    async def site(self, request: Request) -> tuple[Tenant, Site]: ...


class PageViews:
    def __init__(self, api: Admin) -> None:
        self.api = api

    # -- admin calls (token or cookie) ------------------------------------------------------------------

    async def page(self, request: Request) -> Response:
        await self.api.tenant(request)  # a bad namespace is a 400, as for every admin call
        return _html(shell.page(logout=bool(self.api.admin_token)))

    async def overview(self, request: Request) -> Response:
        tenant = await self.api.tenant(request)
        store = tenant.store

        def build() -> Response:  # up to 500 meetings a site decoded: off the event loop
            clock = store.clock.view() if isinstance(store.clock, MockClock) else None
            return JSONResponse({"namespace": tenant.name, "namespaces": self.api.tenancy.names(),
                                 "fidelity": tenant.fidelity, "clock": clock,
                                 "sites": [site_summary(store, site) for site in store.all_sites()]})
        return await run_in_threadpool(build)

    async def meeting(self, request: Request) -> Response:
        tenant, site = await self.api.site(request)
        key = request.path_params["key"]
        number = meeting_key(key)
        found = tenant.store.get_meeting(site.key, number) if number is not None else None
        if found is None:
            return JSONResponse({"error": f"no meeting {clip(key, 40)} on site {site.siteName!r}"}, status_code=404)
        return JSONResponse(meeting_view(tenant.store, site, found))

    def guarded(self) -> list[tuple[str, Handler, list[str]]]:
        """The page's routes that AdminApi guards like every admin call."""
        return [(PAGE_PATH, self.page, ["GET"]), ("/_mock/page/overview", self.overview, ["GET"]),
                ("/_mock/page/sites/{site}/meetings/{key}", self.meeting, ["GET"])]

    # -- open calls (Host and Origin rules only) ------------------------------------------------------------

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC_TYPES:
            return JSONResponse({"error": f"no static file {name!r}"}, status_code=404)
        return Response(static_file(name), media_type=STATIC_TYPES[name], headers=shell.HEADERS)

    async def login(self, request: Request) -> Response:
        token = self.api.admin_token
        address = request.client.host if request.client else ""
        wait_s = self.api.login_throttle.wait_s(address) if token else 0
        if wait_s:  # too many wrong tokens from this address: the next one is not even checked
            refused = _html(shell.login(f"Too many wrong tokens: try again in {wait_s} s."), 429)
            refused.headers["Retry-After"] = str(wait_s)
            return refused
        try:
            offered = await _form_token(request)
        except BodyTooLarge:
            return JSONResponse({"error": f"a login form is at most {LOGIN_BODY_BYTES} bytes"}, status_code=413)
        except ClientDisconnect:  # gone before its form was in: nobody reads an answer
            return Response(status_code=400)
        if not token:
            return _see_page("this server has no admin token: no login needed")
        if not same_secret(offered, token):
            self.api.login_throttle.failed(address)
            log.warning("page login refused: wrong admin token")
            return _html(shell.login("That is not this server's admin token."), 403)
        response = _see_page("signed in")
        response.set_cookie(SESSION_COOKIE, self.api.sessions.open(), max_age=SESSION_LIFETIME_S, path="/_mock",
                            httponly=True, samesite="strict", secure=request.url.scheme == "https")
        return response

    async def logout(self, request: Request) -> Response:
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie is not None:  # the session ends here: a copy of the cookie is worth nothing from now on
            self.api.sessions.close(cookie)
        response = _see_page("signed out")
        response.delete_cookie(SESSION_COOKIE, path="/_mock", httponly=True, samesite="strict")
        return response

    def open_routes(self) -> list[Route]:
        """The routes that need no token (each still refused to foreign Hosts and Origins)."""
        table: list[tuple[str, Handler, bool]] = [
            ("/_mock/static/{name}", self.static, False), ("/_mock/login", self.login, True),
            ("/_mock/logout", self.logout, True)]
        return [Route(path, self._open(handler, form), methods=["POST"] if form else ["GET"])
                for path, handler, form in table]

    def _open(self, handler: Handler, form: bool) -> Handler:
        async def opened(request: Request) -> Response:
            refused = refusal(request, self.api.hosts, form=form)
            return refused if refused is not None else await handler(request)
        return opened
