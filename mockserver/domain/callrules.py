"""Refusals Cisco added in XML API 42 (reference §41), in every era: a suspended site schedules and edits no
meeting, and its site admin adds and changes no other user (010107); one CreateMeetingAttendee registers at most
50 attendees (040015). The faces call these before anything else of the call."""

from __future__ import annotations

from ..base.errors import AttendeesPerCallOverLimit, SiteSuspended
from .sites import Site

#: attendees one CreateMeetingAttendee (or RegisterMeetingAttendee) call may register [DOC, API 42.1.0]
MAX_ATTENDEES_PER_CALL = 50


def not_suspended(site: Site) -> None:
    """SiteSuspended when the site's ``suspended`` setting is on."""
    if site.settings.suspended:
        raise SiteSuspended()


def attendees_per_call(count: int) -> None:
    """AttendeesPerCallOverLimit when one call names more than :data:`MAX_ATTENDEES_PER_CALL` attendees."""
    if count > MAX_ATTENDEES_PER_CALL:
        raise AttendeesPerCallOverLimit()  # the documented text alone: clients may compare it
