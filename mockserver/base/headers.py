"""Reading an ASGI request's headers the way both API endpoints read them."""

from __future__ import annotations

from starlette.types import Scope


def first_headers(scope: Scope) -> dict[bytes, bytes]:
    """Header name (lower case) -> value; the first of a repeated header counts, as Starlette reads them."""
    headers: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        headers.setdefault(name.lower(), value)
    return headers


def repeats_host(scope: Scope, headers: dict[bytes, bytes]) -> bool:
    """Does the request carry more than one Host header (RFC 9112 section 3.2: a 400)? ``headers``:
    :func:`first_headers` of it (only a request with repeated headers is counted)."""
    return len(headers) != len(scope["headers"]) and \
        sum(1 for name, _ in scope["headers"] if name.lower() == b"host") > 1
