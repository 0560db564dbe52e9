"""The ``webex_mock`` handle: one isolated mock (a namespace), the same methods in-process and remote.

:class:`WebexMock` declares what a test can do with its mock and implements the verification helpers
(``assert_called``, ``notes`` …) once, on top of :meth:`WebexMock.calls`. Two drivers implement the rest:
:class:`mockserver.local.LocalWebexMock` reaches into a server in this process, and
:class:`mockserver.remote.RemoteWebexMock` drives an already running mock (a container) through its admin API.
"""

from __future__ import annotations

import itertools
import os
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from .config import API_PATH
from .faults import FaultRule
from .fidelity import Note
from .journal import Entry
from .sites import Site, SiteSettings, User
from .tenancy import HEADER

if TYPE_CHECKING:  # httpx is a test extra: imported where a test asks for a client
    import httpx

_counter = itertools.count(1)


def new_namespace() -> str:
    """A namespace no other test (process, xdist worker, CI job sharing a container) uses."""
    return f"test-{os.getpid()}-{next(_counter)}-{uuid.uuid4().hex[:8]}"


class Stub(Protocol):
    """A canned answer as a test sees it: its ``id`` and how many calls it has answered."""

    id: str

    @property
    def hits(self) -> int: ...


def where_texts(where: dict[str, Any] | None) -> dict[str, str] | None:
    """A stub's ``where`` values as the server compares them: text, booleans as ``true``/``false``."""
    texts = {path: str(value).lower() if isinstance(value, bool) else str(value)
             for path, value in (where or {}).items()}
    return texts or None


class InProcessOnly(RuntimeError):
    """Raised by a remote ``webex_mock`` for what only makes sense with the server in this process."""


class WebexMock(ABC):
    """One isolated mock: the handle a test uses to point a client at it and to check what happened.

    ``url`` is the namespaced API URL, ``headers`` the namespace header (for clients given ``base_url``)."""

    def __init__(self, base_url: str, namespace: str | None = None) -> None:
        self.namespace = namespace or new_namespace()
        self.base_url = base_url
        self.url = f"{base_url}/ns/{self.namespace}{API_PATH}"
        self.headers = {HEADER: self.namespace}
        self._clients: list[httpx.Client] = []

    # -- reaching the API ----------------------------------------------------------------

    @property
    @abstractmethod
    def transport(self) -> httpx.BaseTransport:
        """A transport for ``httpx.Client(transport=…)`` that reaches this namespace whatever URL is asked."""

    @property
    @abstractmethod
    def async_transport(self) -> httpx.AsyncBaseTransport:
        """The same for ``httpx.AsyncClient(transport=…)``."""

    @abstractmethod
    def client(self, in_process: bool = False) -> httpx.Client:
        """An httpx client whose base URL is the API root of this mock (closed after the test)."""

    def keep(self, client: httpx.Client) -> httpx.Client:
        """Close ``client`` when this mock closes."""
        self._clients.append(client)
        return client

    def post(self, xml: str | bytes, content_type: str = "text/xml", in_process: bool = False) -> httpx.Response:
        """POST one XML request to the API (real HTTP by default) and return the raw answer."""
        body = xml.encode("utf-8") if isinstance(xml, str) else xml
        return self.client(in_process).post(API_PATH, content=body, headers={"Content-Type": content_type})

    # -- configuring -----------------------------------------------------------------------

    @abstractmethod
    def add_site(self, siteName: str, siteID: int, partnerID: str = "partner", **fields: Any) -> Site:
        """Add (or replace) a site."""

    @abstractmethod
    def add_user(self, webExId: str, password: str = "passw0rd", site: str = "acme", **fields: Any) -> User:
        """Add (or replace) a user of ``site``; ``email`` defaults from the webExId."""

    @abstractmethod
    def site_settings(self, site: str = "acme", **changes: Any) -> SiteSettings:
        """Change site settings (``nbrAutoRecord``, ``meetingPasswordRequired``, ``ticketLifetime`` …)."""

    @abstractmethod
    def seed(self, value: int) -> None:
        """Make meeting keys, UUIDs, tokens and tickets deterministic from here on."""

    @property
    @abstractmethod
    def fidelity(self) -> str:
        """``lenient`` (accept what shipped clients send, with notes) or ``documented`` (refuse it: 999999)."""

    @fidelity.setter
    @abstractmethod
    def fidelity(self, mode: str) -> None: ...

    @abstractmethod
    def reset(self, site: str | None = None) -> None:
        """Back to the seed: the whole namespace (state, journal, faults), or one site."""

    # -- inspecting state -------------------------------------------------------------------------

    @abstractmethod
    def meetings(self, site: str = "acme") -> list[dict[str, Any]]:
        """Every stored meeting of a site, as stored after rules and defaults (oldest first)."""

    @abstractmethod
    def meeting(self, key: int | str, site: str = "acme") -> dict[str, Any] | None:
        """One stored meeting, or None."""

    @abstractmethod
    def calls(self, operation: str | None = None, **filters: Any) -> list[Entry]:
        """Journal entries of this test, oldest first; filters: site, user, meeting_key, result."""

    # -- faults -------------------------------------------------------------------------------------

    @abstractmethod
    def add_fault(self, action: str, **spec: Any) -> FaultRule:
        """e.g. ``add_fault("failure", operation="CreateMeeting", exception_id="060026", reason="…")``."""

    @abstractmethod
    def clear_faults(self) -> None:
        """Remove every fault rule of this namespace."""

    # -- stubs (canned answers) -----------------------------------------------------------------------

    @abstractmethod
    def stub(self, operation: str, *, body: str | None = None, body_content: str | None = None,
             site: str | None = None, user: str | None = None, where: dict[str, Any] | None = None,
             nth: int | None = None, times: int | None = None, run_operation: bool = False) -> Stub:
        """Answer matching calls with ``body`` (a full envelope) or a SUCCESS envelope around ``body_content``,
        e.g. ``stub("GetMeeting", body_content="<meet:status>INPROGRESS</meet:status>")`` (README "Canned
        answers (stubs)"). ``where`` values are compared as text (True -> "true")."""

    @abstractmethod
    def clear_stubs(self) -> None:
        """Remove every stub of this namespace."""

    def close(self) -> None:
        for client in self._clients:
            client.close()
        self._clients.clear()

    # -- verification (the same for every driver) ------------------------------------------------------

    def assert_called(self, operation: str, where: dict[str, Any] | Callable[[Entry], bool] | None = None,
                      times: int | None = None, **filters: Any) -> list[Entry]:
        """Assert ``operation`` was called (``times`` times, if given) with payload values ``where``.

        ``where`` maps a path into the request payload (``"metaData/confName"``,
        ``"participants/attendees/attendee/0/person/email"``) to the expected value
        (compared as text) or to a predicate; or is a predicate on the whole entry."""
        __tracebackhide__ = True
        candidates = self.calls(operation, **filters)
        matching = [e for e in candidates if _where_holds(e, where)]
        ok = len(matching) == times if times is not None else bool(matching)
        if not ok:
            raise AssertionError(_explain(operation, where, times, candidates, matching, self.calls()))
        return matching

    def assert_not_called(self, operation: str, **filters: Any) -> None:
        __tracebackhide__ = True
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
