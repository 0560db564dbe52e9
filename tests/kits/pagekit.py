"""Helpers for the page's tests (tests/admin/test_page_*.py): signing in through the login form, reading the cookie."""

from __future__ import annotations

import re

import httpx

from mockserver.admin.guard import SESSION_COOKIE

TOKEN = "s3cret-Page-Token"


def own_origin(client: httpx.Client) -> str:
    """The Origin a page served by this client's server sends."""
    return str(client.base_url).rstrip("/")


def login(client: httpx.Client, token: str = TOKEN, **headers: str) -> httpx.Response:
    return client.post("/_mock/login", data={"token": token}, headers=headers)


def session_cookie(response: httpx.Response) -> str | None:
    """The session cookie's value a login answer sets, or None."""
    for header in response.headers.get_list("set-cookie"):
        found = re.match(rf"{SESSION_COOKIE}=([^;]*)", header)
        if found:
            return found.group(1)
    return None


def with_cookie(value: str) -> dict[str, str]:
    return {"Cookie": f"{SESSION_COOKIE}={value}"}
