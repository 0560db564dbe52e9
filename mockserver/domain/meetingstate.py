"""A meeting's state, computed when read from the clock and what happened (:mod:`.happenings`), for both faces
(docs/time.md, "Meetings that happen"; the research: docs/time-research.md parts 1, 2 and 6).

Three kinds of object, as the REST API has them: the series (``active``, ``inProgress``, ``expired``), its
occurrences (``scheduled``, ``ready``, ``ended``, ``missed``) and the instances a start makes (``lobby``,
``inProgress``, ``ended``). The XML face shows the series' running instance: ``status`` ``INPROGRESS`` or
``NOT_INPROGRESS``, ``hostJoined``, ``participantsJoined``.

:func:`occurrences_of` is the one place the recurring model plugs in: a meeting that does not repeat is a series of
one occurrence (its own start and end); a recurring one's occurrences come from its rule, in a window.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import NamedTuple

from . import recurrence
from .happenings import Happenings, Instance
from .records import Meeting

IN_PROGRESS, NOT_IN_PROGRESS = "INPROGRESS", "NOT_INPROGRESS"


class Occurrence(NamedTuple):
    """One occurrence as the state machine reads it (instants in epoch seconds)."""

    start: int
    end: int
    #: the scheduled end of the occurrence before it (None: the first)
    previous_end: int | None
    last: bool


class State(NamedTuple):
    """An object's REST state, and its ``hostDidJoin`` / ``attendeeDidJoin`` (None: not shown in that state)."""

    state: str
    host_did_join: bool | None = None
    attendee_did_join: bool | None = None


class XmlStatus(NamedTuple):
    status: str
    host_joined: bool
    participants_joined: bool


def occurrences_of(meeting: Meeting, since: int | None = None, until: int | None = None) -> list[Occurrence]:
    """The meeting's occurrences (a one-off meeting: one, from its start to its end); a recurring meeting's that
    overlap ``since`` to ``until`` (epoch seconds; the whole series by default, at most its capped length). The
    first one's ``previous_end`` is ``since`` when the window starts inside the series: an occurrence not over at
    ``since`` follows one that is."""
    return list(_occurrences(meeting, since, until))


def _occurrences(meeting: Meeting, since: int | None, until: int | None) -> Iterator[Occurrence]:
    """:func:`occurrences_of`, one at a time (a reader that wants the first reads no more)."""
    series = meeting.recurrence
    if series is None:
        yield Occurrence(meeting.start_ts, meeting.start_ts + meeting.duration * 60, None, True)
        return
    first, last_end = recurrence.span(series)
    previous: int | None = since if since is not None and since > first else None
    for one in recurrence.occurrences(series, first if since is None else since,
                                      until if until is not None else recurrence.NEVER):
        yield Occurrence(one.start_ts, one.end_ts, previous, one.end_ts == last_end)
        previous = one.end_ts


def instances(happened: Happenings, meeting: Meeting, now_ms: int) -> list[Instance]:
    """The meeting's instances at ``now_ms``, oldest first: those a test started, and in runs-as-scheduled mode one
    for each occurrence nobody started whose start has come (from its start to its end, the host joined)."""
    found = list(happened.of(meeting.site, meeting.key))
    if happened.run_as_scheduled:
        started = {i.occurrence_ts for i in found}
        for occurrence in occurrences_of(meeting, until=now_ms // 1000 + 1):
            if occurrence.start not in started and occurrence.start * 1000 <= now_ms:
                found.append(scheduled_instance(meeting, occurrence))
    return sorted(found, key=lambda i: (i.started_ms, i.number))


def scheduled_instance(meeting: Meeting, occurrence: Occurrence) -> Instance:
    """The instance of an occurrence that runs as scheduled (its number from the meeting and the start: stable)."""
    digest = int(hashlib.sha256(f"{meeting.site}/{meeting.key}/{occurrence.start}".encode()).hexdigest()[:8], 16)
    number = f"1{occurrence.start * 1000 % 10 ** 13:013d}{digest % 10_000:04d}"
    return Instance(number, occurrence.start, occurrence.start * 1000, occurrence.start * 1000, occurrence.end * 1000)


def occurrence_state(occurrence: Occurrence, of_it: list[Instance], now_ms: int) -> State:
    """``scheduled`` before the previous occurrence's end; ``ready`` from then (the first: from its creation) to its
    own end, and while an instance of it runs; then ``ended`` if it was started, ``missed`` if not."""
    started = [i for i in of_it if i.started_by(now_ms)]
    host = any(i.hosted_at(now_ms) for i in started)
    if any(i.running_at(now_ms) for i in started) or (started and now_ms < occurrence.end * 1000):
        return State("ready", host, True)
    if started:
        return State("ended")
    if now_ms >= occurrence.end * 1000:
        return State("missed")
    if occurrence.previous_end is None or now_ms >= occurrence.previous_end * 1000:
        return State("ready", False, False)
    return State("scheduled")


def series_state(meeting: Meeting, found: list[Instance], now_ms: int) -> State:
    """``inProgress`` while an instance runs (the lobby too), ``expired`` once the last occurrence's end has passed
    and nothing runs, ``active`` otherwise."""
    running = next((i for i in found if i.running_at(now_ms)), None)
    if running is not None:
        return State("inProgress", running.hosted_at(now_ms), True)
    series = meeting.recurrence
    last_end = meeting.start_ts + meeting.duration * 60 if series is None else recurrence.span(series)[1]
    return State("expired") if last_end is not None and now_ms >= last_end * 1000 else State("active")


def xml_status(found: list[Instance], now_ms: int) -> XmlStatus:
    """GetMeeting's ``status``, ``hostJoined`` and ``participantsJoined``: those of the running instance (an
    attendee other than the host joined: ``participantsJoined``); after it ends, NOT_INPROGRESS and false again."""
    running = next((i for i in found if i.running_at(now_ms)), None)
    if running is None:
        return XmlStatus(NOT_IN_PROGRESS, False, False)
    return XmlStatus(IN_PROGRESS, running.hosted_at(now_ms), bool(running.attendees))


def seen(instance: Instance, now_ms: int, lag_s: int) -> str | None:
    """The instance's state as the REST API shows it at ``now_ms``: as it was ``lag_s`` earlier (None: not shown
    yet)."""
    return instance.state_at(now_ms - lag_s * 1000)


def current(meeting: Meeting, now_ms: int) -> Occurrence | None:
    """The occurrence a start starts: the one that is ``ready`` (not over, and the previous one's end passed)."""
    for occurrence in _occurrences(meeting, now_ms // 1000, None):
        if now_ms < occurrence.end * 1000 and (occurrence.previous_end is None
                                                or now_ms >= occurrence.previous_end * 1000):
            return occurrence
    return None


def meeting_status(happened: Happenings, meeting: Meeting, now_ms: int) -> XmlStatus:
    return xml_status(instances(happened, meeting, now_ms), now_ms)


def status_at(happened: Happenings, site: str, key: int, start_ts: int, duration: int, now_ms: int) -> str:
    """The XML ``status`` of a listing row (key, start, duration) without decoding its meeting."""
    if any(i.running_at(now_ms) for i in happened.of(site, key)):
        return IN_PROGRESS
    if happened.run_as_scheduled and not any(i.occurrence_ts == start_ts for i in happened.of(site, key)):
        return IN_PROGRESS if start_ts * 1000 <= now_ms < (start_ts + duration * 60) * 1000 else NOT_IN_PROGRESS
    return NOT_IN_PROGRESS
