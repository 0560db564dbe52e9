"""What every face does to a meeting the same way: make one (its ids drawn from the store), find one the caller may
manage, and the contactIDs of new attendees."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..base.errors import AccessDenied, MeetingNotFound
from . import attendees, recordings
from .auth import Principal
from .recordings import Recording
from .records import Meeting, held_uuid
from .recurrence import Series
from .sites import Site, User
from .store import Store


def made(store: Store, site: Site, host: User, blocks: dict[str, Any], now_ms: int, zone: str | None = None,
         series: Callable[[Meeting], Series | None] | None = None, rest: dict[str, Any] | None = None) -> Meeting:
    """A new meeting of ``host`` on ``site`` with the XML blocks the rules made (``zone``: its IANA zone when the
    ``timeZoneID`` table has none of its own), stored, made at the call's instant ``now_ms``; ``series`` gives its
    series from the meeting as made (its start, zone and length), None: it does not repeat; ``rest``: what only the
    REST face has of it."""
    key, uuid, mtid, guest_token, host_key, event_id, attendee_mtid = store.meeting_ids()
    attendees.stamp(blocks, key)
    meeting = Meeting.from_blocks(
        blocks, zone, key=key, site=site.key, host=host.webExId, uuid=uuid, mtid=mtid, guest_token=guest_token,
        host_key=host_key, event_id=event_id, created_ms=now_ms, attendee_mtid=attendee_mtid, rest=rest or None,
    )
    rule = series(meeting) if series is not None else None
    if rule is not None:
        meeting = meeting.replaced(series=rule.to_dict())
    store.put_meeting(meeting)
    store.webhooks.meeting("created", meeting, store.now_ms())
    return meeting


def managed(store: Store, principal: Principal, key: int) -> Meeting:
    """Meeting ``key`` of the caller's site, if the caller hosts it or is a site admin (reference 5, 11)."""
    meeting = store.get_meeting(principal.site.key, key)
    if meeting is None:
        raise MeetingNotFound()
    may_manage(principal, meeting)
    return meeting


def key_of_uuid(store: Store, site: str, uuid: str) -> int:
    """The key of the site's meeting whose meetingUUID is ``uuid`` (any case): MeetingNotFound when none is."""
    wanted = uuid.strip().lower()
    with store.reading(site) as view:
        found = next((key for key, held in view.store.meetings.get(site, {}).items()
                      if held_uuid(held[3]) == wanted), None)
    if found is None:
        raise MeetingNotFound()
    return found


def may_manage(principal: Principal, meeting: Meeting) -> None:
    """Only the meeting's host or a site admin may manage it (AccessDenied otherwise)."""
    if not (principal.owns(meeting.host) or principal.is_admin):
        raise AccessDenied()


def contact_ids(store: Store) -> Callable[[], int]:
    """contactIDs for a call's new attendees: 9 digits, different per attendee (reference 14.3)."""
    issued: set[int] = set()

    def next_id() -> int:
        while True:
            value = int(store.digits(9))
            if value >= 100_000_000 and value not in issued:
                issued.add(value)
                return value
    return next_id


def recording_left(store: Store, meeting: Meeting, started_ms: int, ended_ms: int, instance: str = "",
                   occurrence_ts: int | None = None) -> Recording | None:
    """The recording ``meeting`` leaves, having run from ``started_ms`` to ``ended_ms`` (none when it does not
    record automatically, or is E2EE), kept, and told to the webhooks of ``recordings`` ``created``."""
    ids = (store.hex(32), store.hex(32), int(store.digits(9)) + 10**9)
    made = recordings.recorded(meeting, started_ms, ended_ms, ids, instance, occurrence_ts,
                               store.happenings.lag_s * 1000)
    if made is not None:
        store.recordings.add(made)
        store.webhooks.recording("created", made, meeting, made.create_ms)
    return made
