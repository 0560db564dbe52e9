"""What happened to a meeting, as the REST face shows it: the series' ``state`` (with ``hostDidJoin`` and
``attendeeDidJoin`` where the spec shows them), its occurrences (``scheduledMeeting``) and the instances a start
made (``meeting``, ids ``<seriesId>_I_<digits>``), seen with the documented lag (docs/rest.md, docs/time.md)."""

from __future__ import annotations

from typing import Any

from ..base.errors import clip
from ..domain import meetingstate, occurrenceids, recurrence
from ..domain.happenings import HappeningError, Instance
from ..domain.meetingstate import Occurrence
from ..domain.records import Meeting
from ..domain.sites import Site, User
from ..domain.starting import check_not_running, live
from . import shapes
from .calls import Call
from .errors import RestError

#: fields an instance in the lobby or ended does not show (the Meetings guide's "Available Meeting Attributes";
#: the fields the spec requires of every object stay, ASSUMED: a client built on the spec needs them)
_HIDDEN_NOT_RUNNING = ("sipAddress", "enabledAutoRecordMeeting", "allowAnyUserToBeCoHost", "enabledJoinBeforeHost",
                       "enableConnectAudioBeforeHost", "joinBeforeHostMinutes", "excludePassword", "publicMeeting",
                       "reminderTime", "audioConnectionOptions")
_HIDDEN_ENDED = (*_HIDDEN_NOT_RUNNING, "meetingNumber")
_INSTANCE_STATES = ("lobby", "inProgress", "ended")
_OCCURRENCE_STATES = ("scheduled", "ready", "ended", "missed")
_SERIES_STATES = ("active", "inProgress", "expired")


def series(call: Call, meeting: Meeting, shown: dict[str, Any]) -> dict[str, Any]:
    """``shown`` (a series as :func:`shapes.meeting` made it) with its state now."""
    state = meetingstate.series_state(meeting, live(call.store, meeting, call.now_ms), call.now_ms)
    return with_state(shown, state)


def series_state(call: Call, meeting: Meeting) -> str:
    return meetingstate.series_state(meeting, live(call.store, meeting, call.now_ms), call.now_ms).state


def occurrences(call: Call, meeting: Meeting, start: int, end: int) -> list[tuple[Occurrence, str]]:
    """The meeting's occurrences overlapping ``[start, end)`` with their state now."""
    found = live(call.store, meeting, call.now_ms)
    return [(occurrence, meetingstate.occurrence_state(
                occurrence, [i for i in found if i.occurrence_ts == occurrence.start], call.now_ms).state)
            for occurrence in meetingstate.occurrences_of(meeting, start, end) if occurrence.start < end and start <=
            occurrence.end]


def occurrence(call: Call, meeting: Meeting, shown: dict[str, Any], at: Occurrence) -> dict[str, Any]:
    """An occurrence (``scheduledMeeting``) from its series as shown: its own id (the series' for a one-off
    meeting), start, end and state."""
    found = [i for i in live(call.store, meeting, call.now_ms) if i.occurrence_ts == at.start]
    state = meetingstate.occurrence_state(at, found, call.now_ms)
    series_id = shown["id"]
    one_off = meeting.recurrence is None
    zone = shown["timezone"]
    return with_state({**shown, "id": series_id if one_off else occurrenceids.occurrence_id(series_id, at.start),
                        "meetingSeriesId": series_id, "meetingType": "scheduledMeeting",
                        "start": shapes.instant(at.start, zone), "end": shapes.instant(at.end, zone)}, state)


def occurrence_state(call: Call, meeting: Meeting, one: recurrence.Occurrence) -> str:
    """The state now of occurrence ``one`` of ``meeting`` (a recurring meeting's, as its rule gives it)."""
    return _occurrence_state(call, meeting, one).state


def with_occurrence_state(call: Call, meeting: Meeting, one: recurrence.Occurrence,
                          shown: dict[str, Any]) -> dict[str, Any]:
    """``shown`` (an occurrence as the list shows it) with its state now."""
    return with_state(shown, _occurrence_state(call, meeting, one))


def _occurrence_state(call: Call, meeting: Meeting, one: recurrence.Occurrence) -> meetingstate.State:
    """The current occurrence (the first not over now) is ready; a later one scheduled; a past one ended or
    missed (its previous occurrence's end is what makes it ready: docs/time.md)."""
    now = call.now_ms // 1000
    current = meetingstate.current(meeting, call.now_ms)
    previous = None if (current is not None and current.start == one.start_ts) or one.end_ts <= now \
        else one.start_ts
    occurrence = meetingstate.Occurrence(one.start_ts, one.end_ts, previous, False)
    found = [i for i in live(call.store, meeting, call.now_ms) if i.occurrence_ts == one.start_ts]
    return meetingstate.occurrence_state(occurrence, found, call.now_ms)


def note_instances(call: Call) -> None:
    call.notes.assume("assumed-answer", "meeting instances",
                      f"an instance is shown as it was {call.store.happenings.lag_s} s earlier (the documented lag "
                      "of its details: absent for that long after its start, in progress for that long after its "
                      "end); its id's 18 digits and the fields the spec requires of an ended one are our choice")


def instances(call: Call, meeting: Meeting, start: int, end: int) -> list[tuple[Instance, str]]:
    """The meeting's instances the REST API shows now (as they were a lag earlier) that overlap ``[start, end)``,
    with their state."""
    lag = call.store.happenings.lag_s
    seen_at = call.now_ms - lag * 1000
    shown = []
    for instance in live(call.store, meeting, seen_at):
        state = meetingstate.seen(instance, call.now_ms, lag)
        over = instance.ended_ms if state == "ended" and instance.ended_ms is not None else seen_at
        if state is not None and instance.started_ms < end * 1000 and start * 1000 <= over:
            shown.append((instance, state))
    return shown


def instance(site: Site, host: User | None, meeting: Meeting, found: Instance, state: str,
             listed: bool = True) -> dict[str, Any]:
    """An instance (``meeting``): its id, when it actually started (and ended), its state. ``listed``: as the list
    shows it, with ``meetingSeriesId`` and ``scheduledMeetingId`` (GET by id answers the spec's series object)."""
    shown = shapes.meeting(site, host, meeting)
    series_id = shown["id"]
    zone = shown["timezone"]
    shown.update(id=occurrenceids.instance_id(series_id, int(found.number)), meetingType="meeting", state=state,
                 start=shapes.instant(found.started_ms // 1000, zone))
    if found.ended_ms is not None and state == "ended":
        shown["end"] = shapes.instant(found.ended_ms // 1000, zone)
    shown["meetingSeriesId"] = series_id  # GET answers it too (the answer every meeting id gets names its series)
    if listed:
        shown["scheduledMeetingId"] = series_id if meeting.recurrence is None else \
            occurrenceids.occurrence_id(series_id, found.occurrence_ts)
    if state == "inProgress":
        shown.update(hostDidJoin=found.host_ms is not None, attendeeDidJoin=True)
    for name in _HIDDEN_ENDED if state == "ended" else _HIDDEN_NOT_RUNNING if state == "lobby" else ():
        shown.pop(name, None)
    return shown


def by_instance_id(call: Call, meeting: Meeting, text: str) -> tuple[Instance, str]:
    """The instance ``text`` names (``<seriesId>_I_<digits>``) as the API shows it now; 404 while it is not shown."""
    number = occurrenceids.parse_meeting_id(text).instance
    note_instances(call)
    lag = call.store.happenings.lag_s
    for found in live(call.store, meeting, call.now_ms - lag * 1000):
        state = meetingstate.seen(found, call.now_ms, lag)
        if found.number == number and state is not None:
            return found, state
    raise RestError(404, None, f"No meeting with id {clip(text, 60)!r}.")


def states_of(kind: str) -> tuple[str, ...]:
    return {"meeting": _INSTANCE_STATES, "scheduledMeeting": _OCCURRENCE_STATES}.get(kind, _SERIES_STATES)


def not_running(call: Call, meeting: Meeting) -> None:
    """PUT and PATCH refuse a meeting in progress, with the documented message (the status ASSUMED: 409)."""
    try:
        check_not_running(call.store, meeting, call.now_ms)
    except HappeningError as refused:
        call.notes.assume("assumed-answer", "status", "a meeting in progress is refused with the documented "
                          "message; the status (409) is our choice")
        raise RestError(409, str(refused)) from None


def with_state(shown: dict[str, Any], state: meetingstate.State) -> dict[str, Any]:
    """``shown`` with ``state`` (and, while an instance runs, whether the host and an attendee joined)."""
    shown["state"] = state.state
    if state.host_did_join is not None:
        shown["hostDidJoin"] = state.host_did_join
        shown["attendeeDidJoin"] = bool(state.attendee_did_join)
    return shown
