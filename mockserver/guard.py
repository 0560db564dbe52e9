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
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse

from .config import Config

LOOPBACK_NAMES = ("localhost",)
#: binding to these means every interface: they are no name a client uses
WILDCARDS = ("0.0.0.0", "::", "")
DEFAULT_PORTS = {"http": "80", "https": "443"}


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


def _is_loopback(name: str) -> bool:
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return name in LOOPBACK_NAMES


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
        if _is_loopback(name) or name == self.bound_host:
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
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def _has_body(request: Request) -> bool:
    length = request.headers.get("content-length", "").strip()
    return "transfer-encoding" in request.headers or (length != "" and length != "0")


def refusal(request: Request, hosts: HostRule) -> JSONResponse | None:
    """Why an admin request is refused (a 403 or 415 answer), or None when it may go on."""
    host = request.headers.get("host", "")
    if not hosts.allows(host):
        return JSONResponse({"error": f"Host {host!r} is not a name this server answers to on /_mock/ (DNS "
                                      "rebinding guard): use localhost or 127.0.0.1, or start the server with "
                                      "--allowed-host NAME[:PORT]"}, status_code=403)
    origin = request.headers.get("origin")
    if origin is not None and not _same_origin(origin, request.url.scheme, host):
        return JSONResponse({"error": f"cross-origin admin request refused: Origin {origin!r} is not this "
                                      "server's own"}, status_code=403)
    if _has_body(request) and not _declares_json(request.headers.get("content-type", "")):
        return JSONResponse({"error": "admin request bodies are JSON: send Content-Type: application/json"},
                            status_code=415)
    return None
