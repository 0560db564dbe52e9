"""Helpers for the REST face's SDK tests (tests/rest/test_sdk_*.py): the seed users and their bearer tokens (their
``accessTokens`` in the bundled seed), times written the way the SDKs' callers write them, and the enum values the
REST answers may hold.

The values of the enums are Webex's published ones; docs/rest-sdk-notes.md says which SDK reads which.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from mockserver.resources import fixture_path

HOST = "hostid@acme.com"
ADMIN = "admin@acme.com"
#: a password every site of the seed accepts (letters and digits, 8 long)
PASSWORD = "Sdk1Pass9"

MEETING_TYPES = {"meetingSeries", "scheduledMeeting", "meeting"}
STATES = {"active", "scheduled", "ready", "lobby", "inProgress", "ended", "missed", "expired"}
SCHEDULED_TYPES = {"meeting", "webinar", "personalRoomMeeting"}
TEMPLATE_TYPES = {"meeting", "webinar"}
SESSION_TYPE_TYPES = {"meeting", "webinar", "privateMeeting"}

#: a fixed offset that is not UTC: a time written with it has a "+" that must survive a next-page URL
PLUS_TWO = timezone(timedelta(hours=2))


def seed_user(email: str) -> dict[str, Any]:
    seed = json.loads(fixture_path("seed.json").read_text(encoding="utf-8"))
    return next(user for site in seed["sites"] for user in site["users"] if user["email"] == email)


def seed_token(email: str) -> str:
    """The first of the user's ``accessTokens`` in the bundled seed (the REST face's bearer tokens)."""
    return str(seed_user(email)["accessTokens"][0])


def instant(text: str) -> datetime:
    """An ISO 8601 date-time as an aware instant, whatever offset the mock writes it with."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def iso(moment: datetime) -> str:
    """UTC, whole seconds, with a Z (as the SDKs' docs write it)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def later(days: int = 2, hours: int = 0) -> datetime:
    """A whole hour some days ahead (a meeting may not start in the past)."""
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    return now + timedelta(days=days, hours=hours)
