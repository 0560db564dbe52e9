"""The JSON the REST face answers: a meeting (``MeetingSeriesObject``: a meeting is a series of one until meetings
recur), a person, and the ids the REST API gives them (docs/rest.md)."""

from __future__ import annotations

import base64
import functools
import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..domain import callin, links, xmlblocks
from ..domain.records import Meeting
from ..domain.sites import Site, User
from . import audio, restonly

#: the real service's ids are 32 lower-case hex digits; the mock's end in the meeting key (10 hex digits), so an
#: id is read back without an index: the first 22 digits are a hash of the meeting they name
_KEY_DIGITS = 10
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def meeting_id(meeting: Meeting) -> str:
    return series_id(meeting.site, meeting.key, meeting.uuid)


def series_id(site: str, key: int, uuid: str) -> str:
    """The REST id of meeting ``key`` of ``site`` (whose UUID is ``uuid``): a hash of the three, then the key."""
    named = f"meeting/{site}/{key}/{uuid}".encode()
    return hashlib.sha256(named).hexdigest()[:32 - _KEY_DIGITS] + f"{key:0{_KEY_DIGITS}x}"


def key_of_id(text: str) -> int | None:
    """The meeting key an id names (None: not an id this mock gives); :func:`is_id_of` confirms it."""
    if len(text) != 32 or not text.isascii() or text.strip("0123456789abcdef"):
        return None
    return int(text[-_KEY_DIGITS:], 16)


def is_id_of(text: str, meeting: Meeting) -> bool:
    return text == meeting_id(meeting)


def person_id(site: Site, user: User) -> str:
    """A person's id as Webex shows them: base64 of ``ciscospark://us/PEOPLE/<uuid>`` (the uuid derived)."""
    return _person_id(site.key, user.key)


@functools.lru_cache(maxsize=4096)  # a function of the two keys alone: every meeting answer shows its host's
def _person_id(site_key: str, user_key: str) -> str:
    digest = hashlib.sha256(f"person/{site_key}/{user_key}".encode()).hexdigest()
    return spark_id("PEOPLE", f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}")


def spark_id(kind: str, uuid: str) -> str:
    """An id as the Webex platform writes them: base64 of ``ciscospark://us/<KIND>/<uuid>``, unpadded."""
    return base64.b64encode(f"ciscospark://us/{kind}/{uuid}".encode()).decode().rstrip("=")


def site_url(site: Site) -> str:
    return f"{site.siteName.lower()}.webex.com"


def instant(seconds: int, zone: str) -> str:
    """ISO 8601 with the offset in force in ``zone`` then (``2026-12-01T10:00:00-08:00``); UTC ``Z`` without one."""
    try:
        local = datetime.fromtimestamp(seconds, ZoneInfo(zone) if zone else UTC)
    except (ZoneInfoNotFoundError, ValueError):  # no such zone: UTC (an instant out of range raises as it would)
        local = EPOCH + timedelta(seconds=seconds)
    text = local.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") and not zone else text


def meeting(site: Site, host: User | None, stored: Meeting, options: xmlblocks.Options | None = None) -> dict[str, Any]:
    """A meeting as ``GET /meetings/{meetingId}`` answers it (``options``: those of its blocks, when read already)."""
    options = options if options is not None else xmlblocks.options_of(stored.peek_extension())
    kept, mutes = restonly.shown(stored.rest)
    zone = stored.zone or "UTC"
    # an XML openTime REST has no value for reads as the allowed value below it (ASSUMED, docs/rest.md)
    minutes = max(m for m in (0, 5, 10, 15) if m <= (options.join_before_host_minutes or 0))
    shown: dict[str, Any] = {
        "id": meeting_id(stored),
        "meetingNumber": str(stored.key),
        "title": stored.title,
        "agenda": options.agenda or "",
        "password": options.password or "",
        "meetingType": "meetingSeries",
        "state": "active",
        "timezone": zone,
        "start": instant(stored.start_ts, zone),
        "end": instant(stored.start_ts + stored.duration * 60, zone),
        "hostUserId": person_id(site, host) if host is not None else "",
        "hostDisplayName": _display_name(host) if host is not None else stored.host,
        "hostEmail": host.email if host is not None else stored.host,
        "hostKey": stored.host_key,
        "siteUrl": site_url(site),
        "webLink": links.invite_url(site.siteName, stored),
        "sipAddress": f"{stored.key}@{site_url(site)}",
        "enabledAutoRecordMeeting": bool(options.auto_record),
        "allowAnyUserToBeCoHost": kept["allowAnyUserToBeCoHost"],
        "enabledJoinBeforeHost": (options.join_before_host_minutes or 0) > 0,
        "enableConnectAudioBeforeHost": bool(options.audio_before_host),
        "joinBeforeHostMinutes": minutes,
        "excludePassword": bool(options.exclude_password),
        "publicMeeting": kept["publicMeeting"],
        "reminderTime": kept["reminderTime"],
        "scheduledType": "meeting",
        "sessionTypeId": options.meeting_type or 0,
        "enabledBreakoutSessions": False,
        "telephony": {"accessCode": str(stored.key), "callInNumbers": callin.rest_numbers(options, site.callIn),
                      "links": []},
        "audioConnectionOptions": audio.shown(options, mutes),
    }
    return shown


def _display_name(user: User) -> str:
    return f"{user.firstName} {user.lastName}".strip() or user.email or user.webExId


def person(site: Site, user: User) -> dict[str, Any]:
    """A person as ``GET /people/me`` answers them."""
    return {
        "id": person_id(site, user), "emails": [user.email or user.webExId], "displayName": _display_name(user),
        "firstName": user.firstName, "lastName": user.lastName, "type": "person",
        "status": "active" if user.active else "inactive",
    }
