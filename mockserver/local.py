"""The mock in this process: :class:`MockServer` (uvicorn on a free loopback port, in a thread) and
:class:`LocalWebexMock`, the ``webex_mock`` driver that reaches straight into the server's namespaces.

Outside pytest::

    with MockServer() as server:
        mock = server.mock()            # an isolated namespace, the same methods as the webex_mock fixture
        my_client = MyWebexClient(url=mock.url, ...)
"""

from __future__ import annotations

import asyncio
import functools
import socket
import threading
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any

import uvicorn

from .app import create_app
from .config import API_PATH, Config
from .faults import DROPPED, DroppedConnection, FaultRule
from .fidelity import check_mode
from .handle import WebexMock, where_texts
from .journal import Entry
from .sites import Site, SiteSettings, User
from .state import check_settings
from .stubs import StubRule
from .tenancy import HEADER, Tenancy, Tenant

if TYPE_CHECKING:  # httpx is a test extra: imported where a test asks for a client
    import httpx


class MockServer:
    """A real listening server (uvicorn on a free loopback port) in a background thread.

    ``with MockServer() as server:`` starts it and stops it; ``server.url`` is the API URL of the ``default``
    namespace, ``server.mock()`` an isolated namespace with the ``webex_mock`` methods."""

    def __init__(self, config: Config | None = None, app: Any = None) -> None:
        """Serves ``app`` (any ASGI app), or a mock created from ``config`` (its host and port are not used:
        the server listens on a free loopback port)."""
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
        self._loop_thread: threading.Thread | None = None

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
        if self._loop is not None and self._loop_thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._loop_thread.join(10)
            self._loop.close()
            self._loop = self._loop_thread = None

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()

    def mock(self, namespace: str | None = None) -> LocalWebexMock:
        """A handle on one namespace (a fresh one by default); ``close()`` it to drop the namespace."""
        return LocalWebexMock(self, namespace)

    def loop(self) -> asyncio.AbstractEventLoop:
        """A private event loop thread that drives the in-process (no socket) transport."""
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            self._loop_thread = threading.Thread(target=self._loop.run_forever, name="webex-mockserver-asgi",
                                                 daemon=True)
            self._loop_thread.start()
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


class LocalWebexMock(WebexMock):
    """The ``webex_mock`` driver for a server in this process: reads and changes its namespace directly."""

    def __init__(self, server: MockServer, namespace: str | None = None) -> None:
        super().__init__(server.base_url, namespace)
        self.server = server

    # -- reaching the API ----------------------------------------------------------------

    @property
    def tenant(self) -> Tenant:
        """This test's namespace inside the server (in-process only)."""
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
        import httpx

        if in_process:
            return self.keep(httpx.Client(transport=self.transport, base_url="http://localhost",
                                          headers=self.headers))
        return self.keep(httpx.Client(base_url=self.base_url, headers=self.headers, timeout=60))

    # -- configuring -----------------------------------------------------------------------

    def add_site(self, siteName: str, siteID: int, partnerID: str = "partner", **fields: Any) -> Site:
        site = Site.from_dict({"siteName": siteName, "siteID": siteID, "partnerID": partnerID, **fields})
        self.tenant.store.add_site(site)
        return site

    def add_user(self, webExId: str, password: str = "passw0rd", site: str = "acme", **fields: Any) -> User:
        fields.setdefault("email", webExId if "@" in webExId else f"{webExId}@{site}.example")
        user = User(webExId=webExId, password=password, **fields)
        self.tenant.store.add_user(self._site(site), user)
        return user

    def site_settings(self, site: str = "acme", **changes: Any) -> SiteSettings:
        check_settings(changes)
        target = self._site(site)
        self.tenant.store.update_settings(target, changes)
        return target.settings

    def seed(self, value: int) -> None:
        self.tenant.seed(value)

    @property
    def fidelity(self) -> str:
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
        found = self.tenant.store.site_meetings(site.lower())
        return [m.to_dict() for m in sorted(found, key=lambda m: (m.created_ms, m.key))]

    def meeting(self, key: int | str, site: str = "acme") -> dict[str, Any] | None:
        found = self.tenant.store.get_meeting(site.lower(), int(key))
        return found.to_dict() if found else None

    def calls(self, operation: str | None = None, **filters: Any) -> list[Entry]:
        return self.tenant.journal.entries(operation=operation, **filters)

    # -- faults ---------------------------------------------------------------------------------------

    def add_fault(self, action: str, **spec: Any) -> FaultRule:
        return self.tenant.faults.add(action=action, **spec)

    def clear_faults(self) -> None:
        self.tenant.faults.clear()

    # -- stubs (canned answers) -----------------------------------------------------------------------

    def stub(self, operation: str, *, body: str | None = None, body_content: str | None = None,
             site: str | None = None, user: str | None = None, where: dict[str, Any] | None = None,
             nth: int | None = None, times: int | None = None, run_operation: bool = False) -> StubRule:
        return self.tenant.stubs.add(operation=operation, body=body, bodyContent=body_content, site=site, user=user,
                                     where=where_texts(where), nth=nth, times=times, run_operation=run_operation)

    def clear_stubs(self) -> None:
        self.tenant.stubs.clear()

    def close(self) -> None:
        super().close()
        self.server.tenancy.drop(self.namespace)
