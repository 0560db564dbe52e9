"""The REST API's own checks of a meeting's title, start, end and zone, as its docs state them (docs/rest.md,
"Rules"), the windows its lists read and the host a call names: shared by the handlers and the pipeline benchmark."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..base.errors import clip
from ..domain import timezones
from ..domain.sites import User
from .calls import Call
from .errors import RestError

TITLE_MAX, AGENDA_MAX = 128, 1300
#: a meeting lasts 10 minutes to 23 hours 59 minutes
SHORTEST_MIN, LONGEST_MIN = 10, 23 * 60 + 59


def checked(call: Call, title: str, start_text: str, end_text: str, zone: str,
            moved: bool = True, kept: tuple[int, ...] = ()) -> tuple[str, int, int]:
    """(title, start, minutes), checked as the REST API checks them: title 1 to 128 characters, start not in the
    past (when it is sent, and not one of the starts ``kept``), 10 minutes to 23 h 59 min, seconds stripped."""
    if not title.strip():
        raise RestError(400, "title: must not be empty")
    if len(title) > TITLE_MAX:
        raise RestError(400, f"title: must be at most {TITLE_MAX} characters, not {len(title)}")
    start, end = time(start_text, "start", zone), time(end_text, "end", zone)
    for name, text, moment in (("start", start_text, start), ("end", end_text, end)):
        if not timezones.showable(moment):
            raise RestError(400, f"{name}: {clip(text, 40)!r} is out of range: {timezones.RANGE}")
    if start % 60 or end % 60:
        call.fired.fire("seconds-stripped", "start/end", f"{start_text} - {end_text}", None,
                        "the REST API keeps whole minutes: seconds stripped")
        start, end = start - start % 60, end - end % 60
    if moved and start not in kept and start < call.now_ms // 1000 - 60:
        raise RestError(400, "start: must not be in the past")
    minutes = (end - start) // 60
    if not SHORTEST_MIN <= minutes <= LONGEST_MIN:
        raise RestError(400, f"end: a meeting lasts {SHORTEST_MIN} minutes to 23 hours 59 minutes, not {minutes} "
                             "minutes")
    return title, start, minutes


def time(text: str, name: str, zone: str) -> int:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise RestError(400, f"{name}: {clip(text, 40)!r} is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    try:
        return int(moment.timestamp())
    except (OverflowError, ValueError):
        raise RestError(400, f"{name}: {clip(text, 40)!r} is out of range") from None


def zone(sent: str | None, host: User) -> str:
    """The meeting's IANA zone: the one sent, else the host's (from their ``timeZoneID``)."""
    if sent is None:
        return timezones.iana(host.timeZoneID)
    try:
        ZoneInfo(sent)
    except (ZoneInfoNotFoundError, ValueError):
        raise RestError(400, f"timezone: {clip(sent, 40)!r} is not an IANA time zone") from None
    return sent


def window(call: Call, before_now: bool = False) -> tuple[int, int]:
    """A list's ``from`` (inclusive) and ``to`` (exclusive), epoch seconds: the seven days from now by default, or
    with ``before_now`` the seven days before (meeting instances, recordings); seven days after ``from`` or before
    ``to`` when only one is sent."""
    now, week = call.now_ms // 1000, 7 * 24 * 3600
    sent_from = time(call.query["from"], "from", "UTC") if "from" in call.query else None
    sent_to = time(call.query["to"], "to", "UTC") if "to" in call.query else None
    if sent_from is not None:
        start, end = sent_from, sent_to if sent_to is not None else sent_from + week
    elif sent_to is not None:
        start, end = sent_to - week, sent_to
    else:
        start, end = (now - week, now) if before_now else (now, now + week)
    if end < start:
        raise RestError(400, "to: must not be before from")
    return start, end


def host(call: Call, email: str | None) -> User:
    """The host a call names by ``hostEmail`` (the caller's own, or any host of the site for a site admin)."""
    caller = call.caller
    if email is None or email.strip().lower() in (caller.email.lower(), caller.key):
        return caller
    if not call.principal.is_admin:
        raise RestError(403, None, "hostEmail: only a site admin may name another host")
    found = call.principal.site.user_by_email(email.strip())
    if found is None:
        raise RestError(404, None, f"hostEmail: no user {clip(email, 60)!r} on this site")
    return found
