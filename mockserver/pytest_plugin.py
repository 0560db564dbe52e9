"""pytest plugin (registered through the ``pytest11`` entry point): a clean WebEx mock per test.

::

    def test_books_a_meeting(webex_mock):
        my_client = MyWebexClient(url=webex_mock.url, site="acme", user="hostid@acme.com", password="passw0rd")
        my_client.schedule("Standup")
        webex_mock.assert_called("CreateMeeting", where={"metaData/confName": "Standup"}, times=1)
        assert webex_mock.meetings()[0]["data"]["schedule"]["duration"] == "60"

One uvicorn server per test session (per xdist worker) serves every test; each
test gets its own namespace, so state, journal and faults never leak between
tests, even in parallel. ``webex_mock.url`` carries the namespace in its path,
so clients in any language need no special header.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
import uvicorn

from .app import create_app
from .config import API_PATH, Config
from .faults import DROPPED, DroppedConnection, FaultRule
from .fidelity import Note, check_mode
from .journal import Entry
from .sites import Site, SiteSettings, User
from .state import check_settings
from .stubs import StubRule
from .tenancy import HEADER, Tenancy, Tenant

if TYPE_CHECKING:  # httpx is a test extra: imported where a test asks for a client
    import httpx

_counter = itertools.count(1)


class MockServer:
    """A real listening server (uvicorn on a free loopback port) in a background thread."""

    def __init__(self, config: Config | None = None, app: Any = None) -> None:
        """Serves ``app`` (any ASGI app), or a mock created from ``config``."""
        self.config = config or Config(port=0)
        self.app = app if app is not None else create_app(self.config)
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.url = self.base_url + API_PATH
        self._server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", server_header=False,
                                                     lifespan="off", backlog=4096, timeout_keep_alive=120))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]},
                                        name="webex-mockserver", daemon=True)
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def tenancy(self) -> Tenancy:
        tenancy: Tenancy = self.app.state.tenancy
        return tenancy

    def start(self) -> MockServer:
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("webex-mockserver did not start")
            time.sleep(0.002)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)

    def loop(self) -> asyncio.AbstractEventLoop:
        """A private event loop thread that drives the in-process (no socket) transport."""
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            threading.Thread(target=self._loop.run_forever, name="webex-mockserver-asgi", daemon=True).start()
        return self._loop


@functools.cache
def _transports() -> tuple[type[httpx.AsyncBaseTransport], type[httpx.BaseTransport]]:
    """The in-process httpx transports, made on first use: httpx is a test extra, and the plugin loads in every
    pytest run of a project that installs the package, with or without it."""
    import httpx

    class NamespacedASGI(httpx.AsyncBaseTransport):
        def __init__(self, app: Any, namespace: str) -> None:
            self._inner = httpx.ASGITransport(app=app)
            self._namespace = namespace

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            request.headers[HEADER] = self._namespace
            try:
                return await self._inner.handle_async_request(request)
            except DroppedConnection:  # fault 'drop': what httpx raises when a server does it over the network
                raise httpx.RemoteProtocolError(DROPPED, request=request) from None

    class SyncASGI(httpx.BaseTransport):
        """A synchronous in-process transport: the ASGI app runs on the server's private loop."""

        def __init__(self, server: MockServer, namespace: str) -> None:
            self._async = NamespacedASGI(server.app, namespace)
            self._server = server

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            async def run() -> httpx.Response:
                body = request.read()
                forwarded = httpx.Request(request.method, request.url, headers=request.headers, content=body)
                response = await self._async.handle_async_request(forwarded)
                content = await response.aread()
                return httpx.Response(response.status_code, headers=response.headers, content=content)
            return asyncio.run_coroutine_threadsafe(run(), self._server.loop()).result(60)

    return NamespacedASGI, SyncASGI


class WebexMock:
    """One isolated mock: the handle a test uses to point a client at it and to check what happened."""

    def __init__(self, server: MockServer, namespace: str | None = None) -> None:
        self.server = server
        self.namespace = namespace or f"test-{os.getpid()}-{next(_counter)}-{uuid.uuid4().hex[:8]}"
        self.url = f"{server.base_url}/ns/{self.namespace}{API_PATH}"
        self.headers = {HEADER: self.namespace}
        self._clients: list[httpx.Client] = []

    # -- reaching the API ----------------------------------------------------------------

    @property
    def tenant(self) -> Tenant:
        return self.server.tenancy.get(self.namespace)

    @property
    def transport(self) -> httpx.BaseTransport:
        """In-process transport for ``httpx.Client(transport=…)``: no socket, same state as ``url``."""
        return _transports()[1](self.server, self.namespace)  # type: ignore[call-arg]

    @property
    def async_transport(self) -> httpx.AsyncBaseTransport:
        """In-process transport for ``httpx.AsyncClient(transport=…)`` in async tests."""
        return _transports()[0](self.server.app, self.namespace)  # type: ignore[call-arg]

    def client(self, in_process: bool = False) -> httpx.Client:
        """An httpx client whose base URL is the API root of this mock (closed after the test)."""
        import httpx

        if in_process:
            client = httpx.Client(transport=self.transport, base_url="http://localhost", headers=self.headers)
        else:
            client = httpx.Client(base_url=self.server.base_url, headers=self.headers, timeout=60)
        self._clients.append(client)
        return client

    def post(self, xml: str | bytes, content_type: str = "text/xml", in_process: bool = False) -> httpx.Response:
        """POST one XML request to the API (real HTTP by default) and return the raw answer."""
        body = xml.encode("utf-8") if isinstance(xml, str) else xml
        return self.client(in_process).post(API_PATH, content=body, headers={"Content-Type": content_type})

    # -- configuring -----------------------------------------------------------------------

    def add_site(self, siteName: str, siteID: int, partnerID: str = "partner", **fields: Any) -> Site:
        site = Site.from_dict({"siteName": siteName, "siteID": siteID, "partnerID": partnerID, **fields})
        self.tenant.store.add_site(site)
        return site

    def add_user(self, webExId: str, password: str = "passw0rd", site: str = "acme", **fields: Any) -> User:
        fields.setdefault("email", webExId if "@" in webExId else f"{webExId}@{site}.example")
        user = User(webExId=webExId, password=password, **fields)
        target = self._site(site)
        self.tenant.store.add_user(target, user)
        return user

    def site_settings(self, site: str = "acme", **changes: Any) -> SiteSettings:
        """Change site settings (``nbrAutoRecord``, ``meetingPasswordRequired``, ``ticketLifetime`` …)."""
        check_settings(changes)
        target = self._site(site)
        self.tenant.store.update_settings(target, changes)
        return target.settings

    def seed(self, value: int) -> None:
        """Make meeting keys, UUIDs, tokens and tickets deterministic from here on."""
        self.tenant.seed(value)

    @property
    def fidelity(self) -> str:
        """``lenient`` (accept what shipped clients send, with notes) or ``documented`` (refuse it: 999999)."""
        return self.tenant.fidelity

    @fidelity.setter
    def fidelity(self, mode: str) -> None:
        self.tenant.fidelity = check_mode(mode)

    def reset(self, site: str | None = None) -> None:
        self.server.tenancy.reset(self.namespace, site)

    def _site(self, name: str) -> Site:
        site = self.tenant.store.site_by_name(name)
        if site is None:
            names = ", ".join(known.siteName for known in self.tenant.store.all_sites())
            raise KeyError(f"no site {name!r} in this mock (sites: {names})")
        return site

    # -- inspecting state -------------------------------------------------------------------------

    def meetings(self, site: str = "acme") -> list[dict[str, Any]]:
        """Every stored meeting of a site, as stored after rules and defaults (oldest key first)."""
        found = self.tenant.store.site_meetings(site.lower())
        return [m.to_dict() for m in sorted(found, key=lambda m: m.created_ms)]

    def meeting(self, key: int | str, site: str = "acme") -> dict[str, Any] | None:
        found = self.tenant.store.get_meeting(site.lower(), int(key))
        return found.to_dict() if found else None

    # -- the journal ------------------------------------------------------------------------------

    def calls(self, operation: str | None = None, **filters: Any) -> list[Entry]:
        """Journal entries of this test, oldest first; filters: site, user, meeting_key, result."""
        return self.tenant.journal.entries(operation=operation, **filters)

    def assert_called(self, operation: str, where: dict[str, Any] | Callable[[Entry], bool] | None = None,
                      times: int | None = None, **filters: Any) -> list[Entry]:
        """Assert ``operation`` was called (``times`` times, if given) with payload values ``where``.

        ``where`` maps a path into the request payload (``"metaData/confName"``,
        ``"participants/attendees/attendee/0/person/email"``) to the expected value
        (compared as text) or to a predicate; or is a predicate on the whole entry."""
        candidates = self.calls(operation, **filters)
        matching = [e for e in candidates if _where_holds(e, where)]
        ok = len(matching) == times if times is not None else bool(matching)
        if not ok:
            raise AssertionError(_explain(operation, where, times, candidates, matching, self.calls()))
        return matching

    def assert_not_called(self, operation: str, **filters: Any) -> None:
        self.assert_called(operation, times=0, **filters)

    def notes(self, operation: str | None = None, kind: str | None = None, **filters: Any) -> list[Note]:
        """The fidelity notes of this test's calls (``kind``: ``accommodated`` or ``assumed``), oldest first."""
        return [note for entry in self.calls(operation, **filters) for note in entry.notes
                if kind is None or note.kind == kind]

    def assert_no_notes(self, operation: str | None = None, kind: str | None = None, **filters: Any) -> None:
        """Fail, listing them, if a call relied on an accommodation or was answered by an ASSUMED choice."""
        __tracebackhide__ = True
        noted = [(entry, note) for entry in self.calls(operation, **filters) for note in entry.notes
                 if kind is None or note.kind == kind]
        if noted:
            lines = [f"{len(noted)} fidelity note(s) where none were expected:"]
            lines += [f"  #{entry.id} {entry.operation} [{note.kind}] {note.text}" for entry, note in noted]
            raise AssertionError("\n".join(lines))

    # -- faults ---------------------------------------------------------------------------------------

    def add_fault(self, action: str, **spec: Any) -> FaultRule:
        """e.g. ``add_fault("failure", operation="CreateMeeting", exception_id="060026", reason="…")``."""
        return self.tenant.faults.add(action=action, **spec)

    def clear_faults(self) -> None:
        self.tenant.faults.clear()

    # -- stubs (canned answers) -----------------------------------------------------------------------

    def stub(self, operation: str, *, body: str | None = None, body_content: str | None = None,
             site: str | None = None, user: str | None = None, where: dict[str, Any] | None = None,
             nth: int | None = None, times: int | None = None, run_operation: bool = False) -> StubRule:
        """Answer matching calls with ``body`` (a full envelope) or a SUCCESS envelope around ``body_content``,
        e.g. ``stub("GetMeeting", body_content="<meet:status>INPROGRESS</meet:status>")`` (README "Canned
        answers (stubs)"). ``where`` values are compared as text (True -> "true")."""
        texts = {path: str(value).lower() if isinstance(value, bool) else str(value)
                 for path, value in (where or {}).items()}
        return self.tenant.stubs.add(operation=operation, body=body, bodyContent=body_content, site=site, user=user,
                                     where=texts or None, nth=nth, times=times, run_operation=run_operation)

    def clear_stubs(self) -> None:
        self.tenant.stubs.clear()

    def close(self) -> None:
        for client in self._clients:
            client.close()
        self.server.tenancy.drop(self.namespace)


_MISSING = object()


def _lookup(data: Any, path: str) -> Any:
    for part in [p for p in path.split("/") if p]:
        if isinstance(data, list):
            data = data[int(part)] if part.isdigit() and int(part) < len(data) else _MISSING
        elif isinstance(data, dict):
            data = data.get(part, _MISSING)
        else:
            return _MISSING
        if data is _MISSING:
            return _MISSING
    return data


def _expected(value: Any, actual: Any) -> bool:
    if callable(value):
        return bool(value(actual))
    if isinstance(value, bool):
        return str(actual).lower() == str(value).lower()
    return actual is not _MISSING and str(actual) == str(value)


def _where_holds(entry: Entry, where: Any) -> bool:
    if where is None:
        return True
    if callable(where):
        return bool(where(entry))
    return all(_expected(value, _lookup(entry.payload, path)) for path, value in where.items())


def _explain(operation: str, where: Any, times: int | None, candidates: list[Entry], matching: list[Entry],
             everything: list[Entry]) -> str:
    wanted = f"{times} time(s)" if times is not None else "at least once"
    lines = [f"expected {operation} to be called {wanted}"
             + (f" where {where!r}" if isinstance(where, dict) else " matching the predicate" if where else "")
             + f"; found {len(matching)} matching of {len(candidates)} {operation} call(s)."]
    if isinstance(where, dict) and candidates:
        lines.append("calls of that operation, expected vs got:")
        for entry in candidates[-10:]:
            lines.append(f"  #{entry.id} {entry.operation} site={entry.site} user={entry.user} {entry.result}"
                         + (f" {entry.exception_id} {entry.reason}" if entry.result == "FAILURE" else ""))
            for path, value in where.items():
                actual = _lookup(entry.payload, path)
                shown = "<missing>" if actual is _MISSING else repr(actual)
                mark = "  " if _expected(value, actual) else "✗ "
                lines.append(f"      {mark}{path}: expected {value!r}, got {shown}")
    lines.append("all calls in this test:" if everything else "no calls were made in this test.")
    for entry in everything[-20:]:
        lines.append(f"  #{entry.id} {entry.operation} site={entry.site} user={entry.user} {entry.result}"
                     + (f" {entry.exception_id}" if entry.exception_id else ""))
    return "\n".join(lines)


@pytest.fixture(scope="session")
def webex_mock_server() -> Iterator[MockServer]:
    """One real server for the whole session (one per xdist worker)."""
    server = MockServer().start()
    yield server
    server.stop()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "webex_fidelity(mode): the webex_mock of this test starts in fidelity mode "
                                       "'lenient' (the default) or 'documented'")


@pytest.fixture
def webex_mock(webex_mock_server: MockServer, request: pytest.FixtureRequest) -> Iterator[WebexMock]:
    """A clean, isolated WebEx mock for one test (its own namespace on the session server)."""
    mock = WebexMock(webex_mock_server)
    marker = request.node.get_closest_marker("webex_fidelity")
    if marker is not None:
        mock.fidelity = marker.args[0] if marker.args else marker.kwargs["mode"]
    yield mock
    mock.close()
