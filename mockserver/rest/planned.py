"""The answer to a REST create of a planned meeting (:mod:`mockserver.domain.plans`): the answer to the first
create of its kind, with the meeting's own ids, title, start, end, password and agenda put in. Every other field
of :func:`.shapes.meeting` is the same for every meeting of a kind (its site, host, zone and options)."""

from __future__ import annotations

import marshal
from typing import Any

import msgspec

from ..domain import links, plans, xmlblocks
from ..domain.compact import MARSHAL_VERSION
from ..domain.plans import Plan
from ..domain.records import Meeting
from ..domain.sites import Site, User
from . import shapes


def kept(shown: dict[str, Any]) -> bytes:
    """``shown`` (:func:`.shapes.meeting` of the first meeting of a kind) as its plan keeps it."""
    return marshal.dumps(shown, MARSHAL_VERSION)


def shown(plan: Plan, site: Site, host: User, meeting: Meeting, options: xmlblocks.Options) -> dict[str, Any]:
    """:func:`.shapes.meeting` of ``meeting``, made from ``plan``."""
    answer: dict[str, Any] = marshal.loads(plan.face)
    key = meeting.key
    answer["id"] = shapes.meeting_id(meeting)
    answer["meetingNumber"] = answer["telephony"]["accessCode"] = str(key)
    answer["title"] = meeting.title
    if options.agenda is not None:
        answer["agenda"] = options.agenda
    answer["password"] = options.password or ""
    zone = meeting.zone or "UTC"
    answer["start"] = shapes.instant(meeting.start_ts, zone)
    answer["end"] = shapes.instant(meeting.start_ts + meeting.duration * 60, zone)
    answer["hostKey"] = meeting.host_key
    answer["webLink"] = links.invite_url(site.siteName, meeting)
    answer["sipAddress"] = f"{key}@{shapes.site_url(site)}"
    if plans.VERIFY:
        made = shapes.meeting(site, host, meeting)
        if _ENCODE(answer) != _ENCODE(made):
            raise AssertionError(f"a planned meeting's answer differs from its shape: {answer!r} != {made!r}")
    return answer


_ENCODE = msgspec.json.Encoder().encode
