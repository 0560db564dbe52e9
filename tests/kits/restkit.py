"""Helpers for the REST face's tests (tests/rest/): the seed's tokens, a meeting body, a failure's message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

HOST_TOKEN = "acme-hostid-access-token"
ADMIN_TOKEN = "acme-admin-access-token"
#: a start safely in the future, on a whole hour (UTC)
SOON = (datetime.now(UTC) + timedelta(days=30)).replace(minute=0, second=0, microsecond=0)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def meeting_body(title: str = "Standup", start: datetime = SOON, minutes: int = 30, **more: Any) -> dict[str, Any]:
    return {"title": title, "start": iso(start), "end": iso(start + timedelta(minutes=minutes)), **more}


def create(api, token: str = HOST_TOKEN, **fields: Any) -> dict[str, Any]:
    response = api.rest("POST", "/meetings", token=token, json=meeting_body(**fields))
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    return created


def failure(response, status: int) -> str:
    """The message of a failure with ``status`` (its body checked by ``Api.rest``)."""
    assert response.status_code == status, response.text
    message: str = response.json()["message"]
    return message
