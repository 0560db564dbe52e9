"""A REST list a page at a time: ``max`` (default 10, at most 100) and a ``Link: <…>; rel="next"`` header whose
URL is absolute and repeats every parameter of the request, percent-encoded (what the SDKs need of it,
docs/rest-sdk-notes.md), with ``offset`` (the mock's own cursor) after them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from urllib.parse import quote

from .calls import Answer, Call
from .errors import RestError

DEFAULT_MAX, MOST = 10, 100
T = TypeVar("T")


def count(text: str | None, name: str, default: int, low: int, high: int) -> int:
    if text is None:
        return default
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise RestError(400, f"{name}: must be a whole number from {low} to {high}")
    return int(text)


def paged(call: Call, items: Sequence[T], shown: Callable[[T], Any], default: int = DEFAULT_MAX,
          most: int = MOST) -> Answer:
    """The page of ``items`` the call asks for, each made an answer item by ``shown`` (only the page's)."""
    limit = count(call.query.get("max"), "max", default, 1, most)
    offset = count(call.query.get("offset"), "offset", 0, 0, 2**31)
    headers = {}
    if offset + limit < len(items):
        query = {**call.query, "max": str(limit), "offset": str(offset + limit)}
        link = call.url + "?" + "&".join(f"{quote(name, safe='')}={quote(value, safe='')}"
                                         for name, value in query.items())
        headers["Link"] = f'<{link}>; rel="next"'
    return Answer(200, {"items": [shown(item) for item in items[offset:offset + limit]]}, headers)
