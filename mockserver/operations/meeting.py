"""Meeting service operations: one function per operation (reference 3-8)."""

from __future__ import annotations

from typing import Any

from .. import links, rules
from ..envelope import leaf, node
from ..store import Meeting
from . import Context, operation


def _ids(ctx: Context):
    return lambda: int(ctx.store.digits(8)) + 10_000_000


def _icalendar(site_name: str, meeting: Meeting) -> str:
    url = links.invite_url(site_name, meeting)
    return node("meet:iCalendarURL", leaf("serv:host", url) + leaf("serv:attendee", url))


@operation("meeting", "CreateMeeting")
def create_meeting(ctx: Context, payload: dict[str, Any]) -> str:
    store, site, caller = ctx.store, ctx.principal.site, ctx.principal.user
    data, host = rules.new_meeting(payload, site, caller, _ids(ctx))
    meeting = Meeting(
        key=store.new_meeting_key(), site=site.key, host=host.webExId, uuid=store.hex(33),
        mtid="m" + store.hex(32), guest_token=store.hex(32), host_key=store.digits(6),
        event_id=int(store.digits(9)) + 1_000_000_000, data=data, created_ms=store.now_ms(),
    )
    store.put_meeting(meeting)
    ctx.meeting_key = meeting.key
    password = data["accessControl"].get("meetingPassword")
    return (
        leaf("meet:meetingkey", meeting.key)
        + leaf("meet:meetingUUID", meeting.uuid)
        + (leaf("meet:meetingPassword", password) if password else "")
        + _icalendar(site.siteName, meeting)
        + leaf("meet:guestToken", meeting.guest_token)
    )
