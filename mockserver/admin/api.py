"""The admin API under ``/_mock/``: health, reset, sites, users, settings, meetings,
state export/import, deterministic seed, journal, faults, stubs (stubs.py) and the clock (clock.py). JSON in and out;
documented by ``schemas/admin-openapi.json`` (served at ``/_mock/openapi.json``).

Every call works on one namespace: the ``X-Mock-Namespace`` header, or the
``namespace`` query parameter, or ``default``. Calls from web pages (a foreign Origin or
Host, a body not declared JSON) are refused first: see :mod:`mockserver.admin.guard`.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from ..base.bodies import BodyTooLarge, read_limited
from ..base.errors import clip
from ..base.fidelity import check_mode
from ..base.jsondoc import MAX_JSON_VALUES, DocumentError, load_json
from ..controls.faults import ACTIONS
from ..controls.tenancy import HEADER, NO_NAMESPACE, BadNamespace, Tenancy, Tenant
from ..domain.sites import Site, User, check_settings, check_site, check_user, with_era
from ..faces import UnknownOperationName, check_fault, check_operation_filter
from ..persistence.export import import_all
from ..resources import schema_path
from .clock import ClockRoutes
from .guard import HostRule, admitted, refusal
from .numbers import BadNumber, meeting_key, too_long
from .page import PageViews
from .page.views import sign_in
from .reads import MEETINGS_PAGE_DEFAULT, MEETINGS_PAGE_MAX, export_copies, export_stream, masked_site, meetings_page
from .sessions import LoginThrottle, Sessions
from .stubs import StubRoutes

Handler = Callable[[Request], Awaitable[Response]]
PUBLIC = {"/_mock/health", "/_mock/ready"}
RESET_SCOPES = ("all", "namespace", "site")
#: the largest admin request body (a whole state document); checked before the body is read
MAX_BODY_BYTES = 64 * 1024 * 1024
#: admin bodies up to this size are parsed on the event loop (a fraction of a millisecond); larger ones in a thread
INLINE_BODY_BYTES = 64 * 1024
#: journal pages: entries by default, at most, and the bytes of entries one page holds (at least one entry)
JOURNAL_PAGE_DEFAULT, JOURNAL_PAGE_MAX, JOURNAL_PAGE_BYTES = 100, 1000, 4 * 1024 * 1024


class AdminError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _json_error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


class AdminApi:
    def __init__(self, tenancy: Tenancy, admin_token: str | None, changed: Callable[[], None],
                 hosts: HostRule | None = None) -> None:
        self.tenancy = tenancy
        self.admin_token = admin_token
        self.hosts = hosts or HostRule(bound_host=None)
        self.changed = changed
        self.ready = True
        self.sessions = Sessions()  # the page's logins
        self.login_throttle = LoginThrottle()

    # -- plumbing -------------------------------------------------------------------

    def guard(self, handler: Handler) -> Handler:
        async def guarded(request: Request) -> Response:
            refused = None if request.url.path in PUBLIC else refusal(request, self.hosts)
            if refused is not None:
                return refused
            token = self.admin_token
            if token and request.url.path not in PUBLIC and not admitted(request, token, self.sessions):
                return sign_in(request) or _json_error(
                    401, "admin token required (Authorization: Bearer … or X-Mock-Admin-Token)")
            try:
                return await handler(request)
            except AdminError as exc:
                return _json_error(exc.status, str(exc))
            except (BadNamespace, DocumentError) as exc:
                return _json_error(400, str(exc))
            except ClientDisconnect:  # gone before its body was in (or timed out): nobody reads an answer
                return Response(status_code=400)
        return guarded

    async def tenant(self, request: Request) -> Tenant:
        """The namespace a call names; one not in memory is made, or read back from the state file (seconds for a
        big one), off the event loop."""
        name = self.tenancy.validate(_named(request))
        found = self.tenancy.existing(name)
        return found if found is not None else await run_in_threadpool(self.tenancy.get, name)

    @staticmethod
    async def body(request: Request) -> Any:
        """The JSON body: at most MAX_BODY_BYTES (a longer declared length is not read at all, a chunked body
        no further than the limit), nested at most 64 deep, at most MAX_JSON_VALUES values (counted before it is
        parsed), with no text an answer could not carry."""
        too_large = AdminError(413, f"admin request body larger than {MAX_BODY_BYTES} bytes")
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            raise too_large
        try:
            raw = await read_limited(request.receive, MAX_BODY_BYTES)
        except BodyTooLarge:
            raise too_large from None
        parse = functools.partial(load_json, raw or b"{}", "request body", max_values=MAX_JSON_VALUES)
        try:  # a large body is parsed and checked in a worker thread, never on the event loop
            return parse() if len(raw) <= INLINE_BODY_BYTES else await run_in_threadpool(parse)
        except DocumentError as exc:
            raise AdminError(400, str(exc)) from None
        except ValueError:
            raise AdminError(400, "request body is not JSON") from None

    async def obj(self, request: Request) -> dict[str, Any]:
        data = await self.body(request)
        if not isinstance(data, dict):
            raise AdminError(400, "request body must be a JSON object")
        return data

    async def site(self, request: Request) -> tuple[Tenant, Site]:
        tenant = await self.tenant(request)
        site = tenant.store.site_by_name(request.path_params["site"])
        if site is None:
            raise AdminError(404, f"no site {request.path_params['site']!r} in namespace {tenant.name!r}")
        return tenant, site

    # -- health -------------------------------------------------------------------------

    async def health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def ready_check(self, request: Request) -> Response:
        if not self.ready:
            return JSONResponse({"status": "starting"}, status_code=503)
        return JSONResponse({"status": "ready", "namespaces": len(self.tenancy.names())})

    async def openapi(self, request: Request) -> Response:
        return Response(schema_path("admin-openapi.json").read_bytes(), media_type="application/json")

    # -- namespaces, reset, seed ----------------------------------------------------------

    async def namespaces(self, request: Request) -> Response:
        return JSONResponse({"namespaces": self.tenancy.names()})

    async def one_namespace(self, request: Request) -> Response:
        """Delete a namespace (the remote fixture does when its test ends), its rows in the state file too."""
        name = self.tenancy.validate(request.path_params["name"])
        if not await run_in_threadpool(self.tenancy.drop, name):
            raise AdminError(404, f"{NO_NAMESPACE}{name!r}")
        return JSONResponse({"deleted": name})

    async def reset(self, request: Request) -> Response:
        site = request.query_params.get("site") or None
        scope = request.query_params.get("scope") or ("site" if site else "namespace")
        if scope not in RESET_SCOPES:
            raise AdminError(400, f"unknown reset scope {scope!r}; one of {', '.join(RESET_SCOPES)}")
        if (scope == "site") != (site is not None):
            raise AdminError(400, "site=NAME goes with scope=site, and only with it")
        if scope == "all":  # in a worker thread, as every reset: a state file is written on the way
            await run_in_threadpool(self.tenancy.reset_all)
            return JSONResponse({"reset": "all"})
        tenant = await self.tenant(request)
        if not await run_in_threadpool(self.tenancy.reset, tenant.name, site):
            raise AdminError(404, f"no site {site!r} in namespace {tenant.name!r} or in the seed")
        return JSONResponse({"reset": scope, "namespace": tenant.name, "site": site})

    async def seed(self, request: Request) -> Response:
        data = await self.obj(request)
        if set(data) != {"seed"} or type(data["seed"]) is not int:
            raise AdminError(400, 'expected {"seed": <integer>}')
        tenant = await self.tenant(request)
        tenant.seed(data["seed"])
        return JSONResponse({"seed": data["seed"], "namespace": tenant.name})

    async def fidelity(self, request: Request) -> Response:
        tenant = await self.tenant(request)
        if request.method == "PUT":
            data = await self.obj(request)
            if set(data) != {"mode"} or not isinstance(data["mode"], str):
                raise AdminError(400, 'expected {"mode": "lenient" | "documented"}')
            try:
                tenant.fidelity = check_mode(data["mode"])
            except ValueError as exc:
                raise AdminError(400, str(exc)) from None
        return JSONResponse({"namespace": tenant.name, "mode": tenant.fidelity, "default": self.tenancy.fidelity})

    # -- sites, users, settings -----------------------------------------------------------------

    async def sites(self, request: Request) -> Response:
        tenant = await self.tenant(request)
        if request.method == "POST":
            try:
                site = Site.from_dict(check_site(with_era(await self.obj(request), self.tenancy.era)))
            except (TypeError, ValueError, KeyError) as exc:
                raise AdminError(400, f"invalid site: {exc}") from None
            tenant.store.add_site(site)
            self.changed()
            return JSONResponse(masked_site(site), status_code=201)
        return JSONResponse({"sites": [masked_site(s) for s in tenant.store.all_sites()]})

    async def one_site(self, request: Request) -> Response:
        tenant, site = await self.site(request)
        if request.method == "DELETE":
            tenant.store.remove_site(site.key)
            self.changed()
            return JSONResponse({"deleted": site.siteName})
        return JSONResponse(masked_site(site))

    async def settings(self, request: Request) -> Response:
        tenant, site = await self.site(request)
        if request.method == "PATCH":
            changes = check_settings(await self.obj(request))
            tenant.store.update_settings(site, changes)
            self.changed()
        return JSONResponse(site.to_dict()["settings"])

    async def users(self, request: Request) -> Response:
        tenant, site = await self.site(request)
        if request.method == "POST":
            user = User(**check_user(await self.obj(request)))
            tenant.store.add_user(site, user)
            self.changed()
            return JSONResponse({"webExId": user.webExId, "site": site.siteName}, status_code=201)
        return JSONResponse({"users": masked_site(site)["users"]})

    async def one_user(self, request: Request) -> Response:
        tenant, site = await self.site(request)
        user = site.user(request.path_params["user"])
        if user is None:
            raise AdminError(404, f"no user {request.path_params['user']!r} on site {site.siteName!r}")
        tenant.store.remove_user(site, user)
        self.changed()
        return JSONResponse({"deleted": user.webExId})

    # -- meetings and state ---------------------------------------------------------------------------

    async def meetings(self, request: Request) -> Response:
        """A page of the site's meetings in key order: ``limit`` (100, at most 1000) after the key ``after``."""
        tenant, site = await self.site(request)
        q = request.query_params
        try:
            limit = int(too_long(q.get("limit", str(MEETINGS_PAGE_DEFAULT)), "limit"))
            after = int(too_long(q["after"], "after")) if q.get("after") else None
        except ValueError as exc:
            raise AdminError(400, str(exc) if isinstance(exc, BadNumber) else "limit and after must be integers") \
                from None
        if not 0 <= limit <= MEETINGS_PAGE_MAX:
            raise AdminError(400, f"limit must be from 0 to {MEETINGS_PAGE_MAX}")

        body = await run_in_threadpool(  # up to 1000 meetings decoded and encoded: off the event loop
            meetings_page, tenant.store, site.key, limit, after, lambda last: _next_page(request, ("after", last)))
        return Response(body, media_type="application/json")

    async def one_meeting(self, request: Request) -> Response:
        tenant, site = await self.site(request)
        key = request.path_params["key"]
        number = meeting_key(key)
        meeting = tenant.store.get_meeting(site.key, number) if number is not None else None
        if meeting is None:
            raise AdminError(404, f"no meeting {clip(key, 40)} on site {site.siteName!r}")
        return JSONResponse(meeting.view())

    async def state(self, request: Request) -> Response:
        if request.method == "PUT":
            named = request.headers.get(HEADER) or request.query_params.get("namespace")
            only = self.tenancy.validate(named) if named else None
            document = await self.obj(request)
            # checking and building every namespace's store takes seconds for a big document: off the event loop
            names = await run_in_threadpool(import_all, self.tenancy, document, only)
            return JSONResponse({"imported": names})
        scope = request.query_params.get("scope") or "namespace"
        if scope not in ("all", "namespace"):
            raise AdminError(400, f"unknown export scope {scope!r}; one of all, namespace")
        names = self.tenancy.names() if scope == "all" else [(await self.tenant(request)).name]
        copies = await run_in_threadpool(export_copies, self.tenancy, names)  # consistent, each store briefly locked
        return StreamingResponse(export_stream(copies), media_type="application/json")  # encoded in a thread

    # -- journal and faults ----------------------------------------------------------------------------

    async def journal(self, request: Request) -> Response:
        tenant = await self.tenant(request)
        if request.method == "DELETE":
            tenant.journal.clear()
            return JSONResponse({"cleared": True})
        q = request.query_params
        limit, before, after, key = _journal_numbers(q)
        try:  # a misspelled name would match nothing: refused, with the nearest names
            check_operation_filter(q.get("operation") or None)
        except UnknownOperationName as exc:
            raise AdminError(400, str(exc)) from None

        def build() -> Response:  # a page is up to 4 MiB of JSON: built off the event loop
            shown, total, more = tenant.journal.page(
                limit, JOURNAL_PAGE_BYTES, before=before, after=after, operation=q.get("operation"),
                site=q.get("site"), user=q.get("user"), meeting_key=key, result=q.get("result"))
            cursor = None
            if more and shown:
                cursor = ("after", shown[-1].id) if after is not None else ("before", shown[0].id)
            return JSONResponse({"total": total, "evicted": tenant.journal.evicted,
                                 "next": _next_page(request, cursor) if cursor else None,
                                 "entries": [e.to_dict() for e in shown]})
        return await run_in_threadpool(build)

    async def faults(self, request: Request) -> Response:
        tenant = await self.tenant(request)
        if request.method == "POST":
            spec = await self.obj(request)
            try:  # the rule's fields and their JSON types are checked where the fixture's add_fault is too
                rule = tenant.faults.add(check_fault, **spec)
            except (TypeError, ValueError) as exc:
                raise AdminError(400, f"invalid fault: {exc}") from None
            return JSONResponse(rule.to_dict(), status_code=201)
        if request.method == "DELETE":
            tenant.faults.clear()
            return JSONResponse({"cleared": True})
        return JSONResponse({"faults": [r.to_dict() for r in tenant.faults.rules()], "actions": list(ACTIONS)})

    async def one_fault(self, request: Request) -> Response:
        tenant = await self.tenant(request)
        if not tenant.faults.remove(request.path_params["fault_id"]):
            raise AdminError(404, f"no fault {request.path_params['fault_id']!r}")
        return JSONResponse({"deleted": request.path_params["fault_id"]})

    def routes(self) -> list[Route]:
        page = PageViews(self)
        stubs = StubRoutes(self.tenant, self.obj)
        clock = ClockRoutes(self.tenant, self.obj, self.changed)
        table = [
            *page.guarded(),
            ("/_mock/health", self.health, ["GET"]),
            ("/_mock/ready", self.ready_check, ["GET"]),
            ("/_mock/openapi.json", self.openapi, ["GET"]),
            ("/_mock/namespaces", self.namespaces, ["GET"]),
            ("/_mock/namespaces/{name}", self.one_namespace, ["DELETE"]),
            ("/_mock/reset", self.reset, ["POST"]),
            ("/_mock/seed", self.seed, ["POST"]),
            ("/_mock/fidelity", self.fidelity, ["GET", "PUT"]),
            ("/_mock/sites", self.sites, ["GET", "POST"]),
            ("/_mock/sites/{site}", self.one_site, ["GET", "DELETE"]),
            ("/_mock/sites/{site}/settings", self.settings, ["GET", "PATCH"]),
            ("/_mock/sites/{site}/users", self.users, ["GET", "POST"]),
            ("/_mock/sites/{site}/users/{user}", self.one_user, ["DELETE"]),
            ("/_mock/sites/{site}/meetings", self.meetings, ["GET"]),
            ("/_mock/sites/{site}/meetings/{key}", self.one_meeting, ["GET"]),
            ("/_mock/state", self.state, ["GET", "PUT"]),
            ("/_mock/journal", self.journal, ["GET", "DELETE"]),
            ("/_mock/faults", self.faults, ["GET", "POST", "DELETE"]),
            ("/_mock/faults/{fault_id}", self.one_fault, ["DELETE"]),
            ("/_mock/stubs", stubs.stubs, ["GET", "POST", "DELETE"]),
            ("/_mock/stubs/{stub_id}", stubs.one_stub, ["DELETE"]),
            ("/_mock/clock", clock.clock, ["GET", "PUT"]),
        ]
        return [Route(path, self.guard(handler), methods=methods) for path, handler, methods in table] \
            + page.open_routes()


def _named(request: Request) -> str | None:
    return request.headers.get(HEADER) or request.query_params.get("namespace")


def _journal_numbers(q: Any) -> tuple[int, int | None, int | None, int | None]:
    """``limit``, ``before``, ``after`` and ``meetingKey`` of a journal query, checked (a number of more than 19
    digits is a 400 naming it, never Python's int conversion limit)."""
    try:
        key = _number(q, "meetingKey")
        limit = _number(q, "limit", JOURNAL_PAGE_DEFAULT)
    except ValueError as exc:
        raise AdminError(400, str(exc) if isinstance(exc, BadNumber) else "meetingKey and limit must be integers") \
            from None
    try:
        before, after = _number(q, "before"), _number(q, "after")
    except ValueError as exc:
        raise AdminError(400, str(exc) if isinstance(exc, BadNumber) else "before and after must be integers") \
            from None
    if limit < 0:
        raise AdminError(400, "limit must not be negative")
    if limit > JOURNAL_PAGE_MAX:
        raise AdminError(400, f"limit must be at most {JOURNAL_PAGE_MAX}")
    return limit, before, after, key


def _number(q: Any, name: str, default: int | None = None) -> Any:
    """A journal query's number (``default`` when not sent); BadNumber when it has too many digits."""
    return int(too_long(q[name], name)) if q.get(name) else default


def _next_page(request: Request, cursor: tuple[str, int]) -> str:
    """The path and query of the next page: the same query, the cursor moved."""
    name, value = cursor
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in ("before", "after")]
    return request.url.path + "?" + urlencode([(name, str(value)), *kept])
