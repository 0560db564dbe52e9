"""Who may call the admin API: a guard against web pages, not against the people who run the mock.

A page on any site, open in a browser on the machine that runs the mock, can send requests to it. Two attacks
follow, and the admin API (which can reset state and export meeting passwords) refuses both:

* **cross-origin requests**: a request whose ``Origin`` is not the server's own (``http://`` + its ``Host``) is
  refused with 403. Browsers send ``Origin`` on every cross-origin ``POST``; clients that are not browsers send
  none, and are not affected. So that no "simple" cross-origin request slips through, a body must be declared
  JSON (``application/json`` or ``application/*+json``), else 415;
* **DNS rebinding**: a page whose own name resolves to 127.0.0.1 reads the answers as same-origin, but its
  ``Host`` header carries that foreign name. A request is answered only under a name the server answers as:
  loopback names (``localhost``, ``127.0.0.1``, ``[::1]``, any port), the host it was told to bind, and the
  configured ``allowed_hosts`` (``name`` for any port, ``name:port`` for one port, ``*`` for any name).

``/_mock/health`` and ``/_mock/ready`` stay open to any Host (they tell nothing, and orchestrators probe them by
address). The WebEx API is not guarded at all: clients reach it by any name and send no ``Origin``.

With an admin token, a call shows it as ``Authorization: Bearer TOKEN`` or ``X-Mock-Admin-Token: TOKEN``; a browser
signs in once on the page's form (``POST /_mock/login``) and then shows the session cookie, which holds a random
session id the server keeps (:mod:`.sessions`: ended at logout, on expiry, never the token) and admits ``GET``
requests only: whatever changes state still needs the token itself. The login form is the one body that may be a
form (``application/x-www-form-urlencoded``); Host and Origin are checked for it as for every admin call.

A request with more than one ``Host`` or ``Origin`` header is refused (400): which one a proxy, the guard and a
browser each read is not knowable, so none is trusted.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse

from ..base.hosts import is_loopback
from ..config import Config
from .sessions import Sessions

#: binding to these means every interface: they are no name a client uses
WILDCARDS = ("0.0.0.0", "::", "")
DEFAULT_PORTS = {"http": "80", "https": "443"}
#: the page's session cookie (HttpOnly, SameSite=Strict, Path=/_mock): a session id (:class:`.sessions.Sessions`)
SESSION_COOKIE = "webex_mock_session"
FORM = "application/x-www-form-urlencoded"
#: headers a request may carry once only (more than one: 400)
SINGLE_HEADERS = ("host", "origin")
#: the methods the session cookie admits (it never changes state)
COOKIE_METHODS = ("GET", "HEAD")


def split_host(value: str) -> tuple[str, str | None] | None:
    """``name``, ``name:port``, ``[v6]`` or ``[v6]:port`` as (lower-case name, port or None); None if malformed."""
    value = value.strip().lower()
    if value.startswith("["):
        name, _, rest = value[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else None
        if rest and port is None:
            return None
    elif value.count(":") == 1:
        name, port = value.split(":")
    else:
        name, port = value, None
    if not name or (port is not None and not port.isdigit()):
        return None
    return name, port


@dataclass(frozen=True)
class HostRule:
    """The names (``Host`` header values) the admin API answers under."""

    bound_host: str | None
    allowed: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: Config) -> HostRule:
        bound = config.host.strip().strip("[]").lower()
        return cls(None if bound in WILDCARDS else bound, tuple(config.allowed_hosts))

    def allows(self, host: str) -> bool:
        parsed = split_host(host)
        if parsed is None:
            return False
        name, port = parsed
        if is_loopback(name) or name == self.bound_host:
            return True
        return any(entry == "*" or _matches(entry, name, port) for entry in self.allowed)


def _matches(entry: str, name: str, port: str | None) -> bool:
    wanted = split_host(entry)
    return wanted is not None and wanted[0] == name and wanted[1] in (None, port)


def _same_origin(origin: str, scheme: str, host: str) -> bool:
    parsed, own = urlsplit(origin.strip().lower()), split_host(host)
    if own is None or parsed.scheme != scheme or not parsed.hostname:
        return False
    try:
        port = str(parsed.port) if parsed.port is not None else DEFAULT_PORTS.get(scheme)
    except ValueError:
        return False
    return (parsed.hostname.strip("[]"), port) == (own[0], own[1] or DEFAULT_PORTS.get(scheme))


def _declares_json(content_type: str) -> bool:
    media = _media(content_type)
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def _has_body(request: Request) -> bool:
    length = request.headers.get("content-length", "").strip()
    return "transfer-encoding" in request.headers or (length != "" and length != "0")


def _media(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def offered_token(request: Request) -> str:
    """The token a call shows in ``X-Mock-Admin-Token`` or ``Authorization: Bearer``, or ''."""
    offered = request.headers.get("x-mock-admin-token") or ""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        offered = offered or auth[7:].strip()
    return offered


def same_secret(offered: str, expected: str) -> bool:
    """Constant-time comparison of two texts (any characters)."""
    return hmac.compare_digest(offered.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))


def admitted(request: Request, token: str, sessions: Sessions) -> bool:
    """The call shows the admin token, or (a GET) the cookie of a live session the login form opened."""
    if same_secret(offered_token(request), token):
        return True
    cookie = request.cookies.get(SESSION_COOKIE)
    return request.method in COOKIE_METHODS and cookie is not None and sessions.valid(cookie)


def refusal(request: Request, hosts: HostRule, form: bool = False) -> JSONResponse | None:
    """Why an admin request is refused (a 400, 403 or 415 answer), or None when it may go on. ``form``: the login
    form's route, whose body may be ``application/x-www-form-urlencoded`` too."""
    for name in SINGLE_HEADERS:
        if len(request.headers.getlist(name)) > 1:
            return JSONResponse({"error": f"more than one {name.title()} header: send it once"}, status_code=400)
    host = request.headers.get("host", "")
    if not hosts.allows(host):
        return JSONResponse({"error": f"Host {host!r} is not a name this server answers to on /_mock/ (DNS "
                                      "rebinding guard): use localhost or 127.0.0.1, or start the server with "
                                      "--allowed-host NAME[:PORT]"}, status_code=403)
    origin = request.headers.get("origin")
    if origin is not None and not _same_origin(origin, request.url.scheme, host):
        return JSONResponse({"error": f"cross-origin admin request refused: Origin {origin!r} is not this "
                                      "server's own"}, status_code=403)
    content_type = request.headers.get("content-type", "")
    if _has_body(request) and not _declares_json(content_type) and not (form and _media(content_type) == FORM):
        return JSONResponse({"error": "admin request bodies are JSON: send Content-Type: application/json"},
                            status_code=415)
    return None
