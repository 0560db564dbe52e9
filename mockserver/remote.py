"""The mock in another process (a container in CI): :class:`RemoteServer`, a client of the admin API, and
:class:`RemoteWebexMock`, the ``webex_mock`` driver with the same methods as in-process.

Each handle works in its own namespace (``X-Mock-Namespace`` on every admin call, ``/ns/{namespace}/`` in the
API URL) and resets it when closed. httpx is needed here (it is a test extra); it is imported on first use.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from typing import TYPE_CHECKING, Any

from .config import API_PATH
from .faults import FaultRule
from .fidelity import check_mode
from .handle import InProcessOnly, WebexMock, where_texts
from .journal import Entry
from .sites import Site, SiteSettings, User
from .tenancy import HEADER

if TYPE_CHECKING:
    import httpx

#: journal entries asked for per admin call (the admin API's maximum page)
JOURNAL_PAGE = 1000
TOKEN_HINT = "set WEBEX_MOCK_ADMIN_TOKEN (or the ini option webex_mock_admin_token) to the server's --admin-token"


class RemoteError(RuntimeError):
    """The admin API refused a call for a reason a test cannot fix by changing its arguments."""


def base_url_of(url: str) -> str:
    """``http://host:port`` from the URL a user gives: the server's root, its API URL, or either with a slash."""
    url = url.strip().rstrip("/")
    if url.endswith(API_PATH):
        url = url[: -len(API_PATH)]
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"webex mock URL must start with http:// or https://, not {url!r}")
    return url.rstrip("/")


class RemoteServer:
    """A running mock reached over HTTP: ``url`` (its root or API URL) and its admin token, if it has one."""

    def __init__(self, url: str, admin_token: str | None = None, timeout: float = 30) -> None:
        import httpx

        self.base_url = base_url_of(url)
        self.url = self.base_url + API_PATH
        headers = {"Authorization": f"Bearer {admin_token}"} if admin_token else {}
        self.http = httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout)

    def check(self) -> RemoteServer:
        """Fail now, with the reason, if the server cannot be reached or refuses the admin API."""
        import httpx

        try:
            self.admin("GET", "/_mock/namespaces", namespace="default")
        except httpx.HTTPError as exc:
            self.close()
            raise RemoteError(f"cannot reach the webex mock at {self.base_url}: {exc}") from None
        except RemoteError:
            self.close()
            raise
        return self

    def admin(self, method: str, path: str, namespace: str, json: Any = None,
              params: dict[str, str] | None = None) -> Any:
        """One admin call in ``namespace``; the JSON answer. 400 raises ValueError, 404 KeyError (both with
        the server's reason), anything else not 2xx :class:`RemoteError`."""
        answer = self.http.request(method, path, json=json, params=params, headers={HEADER: namespace})
        if answer.is_success:
            return answer.json()
        reason = _reason(answer)
        if answer.status_code == 400:
            raise ValueError(reason)
        if answer.status_code == 404:
            raise KeyError(reason)
        hint = f"; {TOKEN_HINT}" if answer.status_code == 401 else ""
        raise RemoteError(f"{method} {self.base_url}{path}: HTTP {answer.status_code} {reason}{hint}")

    def mock(self, namespace: str | None = None) -> RemoteWebexMock:
        """A handle on one namespace (a fresh one by default); ``close()`` resets it."""
        return RemoteWebexMock(self, namespace)

    def close(self) -> None:
        self.http.close()


def _reason(answer: httpx.Response) -> str:
    try:
        return str(answer.json()["error"])
    except (ValueError, KeyError, TypeError):
        return answer.text[:200]


class RemoteStub:
    """A canned answer on the server (``POST /_mock/stubs``): its ``id``, the stub as stored, and its ``hits``
    read from the server when asked."""

    def __init__(self, mock: RemoteWebexMock, stored: dict[str, Any]) -> None:
        self.id: str = stored["id"]
        self.stored = stored
        self._mock = mock

    @property
    def hits(self) -> int:
        for stub in self._mock.admin("GET", "/_mock/stubs")["stubs"]:
            if stub["id"] == self.id:
                return int(stub["hits"])
        raise KeyError(f"stub {self.id!r} is no longer on the server")

    def __repr__(self) -> str:
        return f"RemoteStub(id={self.id!r}, operation={self.stored.get('operation')!r})"


class RemoteWebexMock(WebexMock):
    """The ``webex_mock`` driver for a mock in another process, through its admin API."""

    def __init__(self, server: RemoteServer, namespace: str | None = None) -> None:
        super().__init__(server.base_url, namespace)
        self.server = server

    def admin(self, method: str, path: str, json: Any = None, params: dict[str, str] | None = None) -> Any:
        """One admin API call in this mock's namespace (the JSON answer)."""
        return self.server.admin(method, path, self.namespace, json=json, params=params)

    @property
    def tenant(self) -> Any:
        raise InProcessOnly(self._in_process_only("tenant"))

    def _in_process_only(self, what: str) -> str:
        return (f"webex_mock.{what} needs the mock in this process, but this run drives the mock at "
                f"{self.base_url} through its admin API (webex_mock_url / --webex-mock-url / WEBEX_MOCK_URL)")

    # -- reaching the API ----------------------------------------------------------------

    @property
    def transport(self) -> httpx.BaseTransport:
        """A real HTTP transport that sends every request to this namespace's API on the server."""
        return _forwarding()[1](self.base_url, self.namespace)  # type: ignore[call-arg]

    @property
    def async_transport(self) -> httpx.AsyncBaseTransport:
        return _forwarding()[0](self.base_url, self.namespace)  # type: ignore[call-arg]

    def client(self, in_process: bool = False) -> httpx.Client:
        import httpx

        if in_process:
            raise InProcessOnly(self._in_process_only("client(in_process=True)"))
        return self.keep(httpx.Client(base_url=self.base_url, headers=self.headers, timeout=60))

    # -- configuring -----------------------------------------------------------------------

    def add_site(self, siteName: str, siteID: int, partnerID: str = "partner", **fields: Any) -> Site:
        data = {"siteName": siteName, "siteID": siteID, "partnerID": partnerID, **fields}
        self.admin("POST", "/_mock/sites", json=data)
        return Site.from_dict(data)

    def add_user(self, webExId: str, password: str = "passw0rd", site: str = "acme", **fields: Any) -> User:
        fields.setdefault("email", webExId if "@" in webExId else f"{webExId}@{site}.example")
        user = User(webExId=webExId, password=password, **fields)
        self.admin("POST", f"/_mock/sites/{site}/users", json=dataclasses.asdict(user))
        return user

    def site_settings(self, site: str = "acme", **changes: Any) -> SiteSettings:
        return SiteSettings(**self.admin("PATCH", f"/_mock/sites/{site}/settings", json=changes))

    def seed(self, value: int) -> None:
        self.admin("POST", "/_mock/seed", json={"seed": value})

    @property
    def fidelity(self) -> str:
        return str(self.admin("GET", "/_mock/fidelity")["mode"])

    @fidelity.setter
    def fidelity(self, mode: str) -> None:
        self.admin("PUT", "/_mock/fidelity", json={"mode": check_mode(mode)})

    def reset(self, site: str | None = None) -> None:
        self.admin("POST", "/_mock/reset", params={"site": site} if site else None)

    # -- inspecting state -------------------------------------------------------------------------

    def meetings(self, site: str = "acme") -> list[dict[str, Any]]:
        try:
            found: list[dict[str, Any]] = self.admin("GET", f"/_mock/sites/{site}/meetings")["meetings"]
        except KeyError:  # no such site: no meetings, as in-process
            return []
        return sorted(found, key=lambda m: (m["created_ms"], m["key"]))

    def meeting(self, key: int | str, site: str = "acme") -> dict[str, Any] | None:
        try:
            found: dict[str, Any] = self.admin("GET", f"/_mock/sites/{site}/meetings/{int(key)}")
        except KeyError:
            return None
        return found

    def calls(self, operation: str | None = None, **filters: Any) -> list[Entry]:
        query = _journal_query(operation, filters)
        entries: list[Entry] = []
        after = 0
        while True:
            page = self.admin("GET", "/_mock/journal", params={**query, "after": str(after)})
            entries += [entry_from_dict(raw) for raw in page["entries"]]
            if not page["next"] or not page["entries"]:
                return entries
            after = entries[-1].id

    # -- faults and stubs ---------------------------------------------------------------------------

    def add_fault(self, action: str, **spec: Any) -> FaultRule:
        return FaultRule(**self.admin("POST", "/_mock/faults", json={"action": action, **spec}))

    def clear_faults(self) -> None:
        self.admin("DELETE", "/_mock/faults")

    def stub(self, operation: str, *, body: str | None = None, body_content: str | None = None,
             site: str | None = None, user: str | None = None, where: dict[str, Any] | None = None,
             nth: int | None = None, times: int | None = None, run_operation: bool = False) -> RemoteStub:
        """A canned answer for matching calls (admin ``POST /_mock/stubs``; README "Canned answers")."""
        spec = {"operation": operation, "site": site, "user": user, "where": where_texts(where), "nth": nth,
                "times": times, "run_operation": run_operation}
        spec |= {name: value for name, value in (("body", body), ("bodyContent", body_content)) if value is not None}
        return RemoteStub(self, self.admin("POST", "/_mock/stubs", json=spec))

    def clear_stubs(self) -> None:
        self.admin("DELETE", "/_mock/stubs")

    def close(self) -> None:
        """Reset this namespace on the server (its state, journal, faults and stubs) and close the clients."""
        super().close()
        self.reset()


def _journal_query(operation: str | None, filters: dict[str, Any]) -> dict[str, str]:
    """The admin journal query for ``calls()``'s arguments (``meeting_key`` is ``meetingKey`` there)."""
    unknown = set(filters) - {"site", "user", "meeting_key", "result"}
    if unknown:
        raise TypeError(f"unknown calls() filter(s): {', '.join(sorted(unknown))}")
    named = {"operation": operation, "meetingKey": filters.get("meeting_key"), "site": filters.get("site"),
             "user": filters.get("user"), "result": filters.get("result")}
    return {"limit": str(JOURNAL_PAGE)} | {k: str(v) for k, v in named.items() if v is not None}


@functools.cache
def _entry_fields() -> dict[str, Any]:
    """Entry's field types, resolved: a list of records (notes, rules) is rebuilt item by item."""
    return typing.get_type_hints(Entry)


def entry_from_dict(raw: dict[str, Any]) -> Entry:
    """An :class:`Entry` as the admin journal shows it, rebuilt with the types of the in-process one."""
    values: dict[str, Any] = {}
    for field in dataclasses.fields(Entry):
        if field.name not in raw or not field.init:
            continue
        item = _list_item_type(_entry_fields()[field.name])
        value = raw[field.name]
        values[field.name] = [item(**each) for each in value] if item is not None else value
    return Entry(**values)


def _list_item_type(kind: Any) -> Any:
    """``X`` when ``kind`` is ``list[X]`` for a named tuple ``X`` (Note, RuleFired), else None."""
    if typing.get_origin(kind) is list:
        (item,) = typing.get_args(kind)
        if hasattr(item, "_fields"):
            return item
    return None


@functools.cache
def _forwarding() -> tuple[type[httpx.AsyncBaseTransport], type[httpx.BaseTransport]]:
    """Real HTTP transports that send every request to one namespace of the server, whatever its URL says
    (the remote twins of the in-process transports); made on first use, like them."""
    import httpx

    def aim(request: httpx.Request, base: httpx.URL, namespace: str) -> None:
        request.url = request.url.copy_with(scheme=base.scheme, host=base.host, port=base.port)
        request.headers["Host"] = base.netloc.decode("ascii")
        request.headers[HEADER] = namespace

    class Forwarding(httpx.BaseTransport):
        def __init__(self, base_url: str, namespace: str) -> None:
            self._inner = httpx.HTTPTransport()
            self._base = httpx.URL(base_url)
            self._namespace = namespace

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            aim(request, self._base, self._namespace)
            return self._inner.handle_request(request)

        def close(self) -> None:
            self._inner.close()

    class AsyncForwarding(httpx.AsyncBaseTransport):
        def __init__(self, base_url: str, namespace: str) -> None:
            self._inner = httpx.AsyncHTTPTransport()
            self._base = httpx.URL(base_url)
            self._namespace = namespace

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            aim(request, self._base, self._namespace)
            return await self._inner.handle_async_request(request)

        async def aclose(self) -> None:
            await self._inner.aclose()

    return AsyncForwarding, Forwarding
