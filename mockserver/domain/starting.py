"""A meeting starts and ends because a test says so (``POST /_mock/meetings/{key}/start`` and ``.../end``,
``webex_mock.start_meeting``), or because the clock reaches it in runs-as-scheduled mode; each raises the
``meetings`` webhook ``started`` or ``ended`` (docs/time.md, "Meetings that happen").

:func:`ended` is what a recording needs when a meeting ends (recordings are built on it, issue 23 item 4).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from ..base.errors import clip
from . import meetings, xmlblocks
from .changes import HAPPENINGS
from .happenings import MAX_ATTENDEES, HappeningError, Instance, instance_number, joined
from .meetingstate import current, instances, occurrences_of, scheduled_instance
from .records import Meeting
from .store import Store

#: runs-as-scheduled mode: the most clock events raised as webhooks at one look (a clock moved years on would
#: otherwise raise one per occurrence passed; ASSUMED bound, the rest are skipped)
MAX_RAISED = 1000


@dataclass(frozen=True)
class Ended:
    """What a recording needs of an instance that ended (:func:`ended`)."""

    site: str
    key: int
    host: str
    title: str
    instance: str            # the digits of the instance's id (``<seriesId>_I_<digits>``)
    occurrence_ts: int       # the occurrence's scheduled start (epoch seconds)
    started_ms: int
    ended_ms: int
    auto_record: bool
    e2ee: bool


def find(store: Store, key: int) -> Meeting:
    """The meeting of ``key`` on any site of the namespace (keys are unique in a namespace); 404 without one."""
    with store.lock:
        for site in store.sites:
            found = store.get_meeting(site, key)
            if found is not None:
                return found
    raise HappeningError(404, f"no meeting {key} in this namespace")


def start(store: Store, key: int, now_ms: int, at_ms: int | None = None, attendees: Iterable[str] = (),
          host: bool = True) -> Instance:
    """The host (unless ``host`` is false) and ``attendees`` join the meeting's ready occurrence at ``at_ms`` (now
    by default): a new instance, or the running one joined. Without the host the attendees wait in the lobby,
    unless the meeting's join-before-host window has opened. Raises ``started`` when the instance starts (or the
    host lets the lobby in)."""
    who = _attendees(attendees)
    at = _when(at_ms, now_ms)
    if not host and not who:
        raise HappeningError(400, "nobody joins: give attendees, or let the host join")
    with store.lock:
        meeting = find(store, key)
        happened = store.happenings
        running = happened.running(meeting.site, key, at)
        if running is not None:
            if (running.host_ms is not None or not host) and not set(who) - set(running.attendees):
                raise HappeningError(409, f"meeting {key} is in progress already, and everyone named has joined")
            instance = joined(running, at, host, who)
        else:
            if any(i.ended_ms is not None and i.ended_ms > at for i in happened.of(meeting.site, key)):
                raise HappeningError(409, f"meeting {key} ended after {clip(str(at_ms), 20)}: a start must come "
                                          "after its last end")
            occurrence = current(meeting, at)
            if occurrence is None:
                raise HappeningError(409, f"meeting {key} has no ready occurrence at that time: its scheduled end "
                                          "has passed (missed, or ended)")
            serial = len(happened.of(meeting.site, key)) + 1
            opened = not host and _open_before_host(meeting, occurrence.start, at)
            instance = Instance(instance_number(at, serial), occurrence.start, at, at if host else None,
                                attendees=who, open=opened)
        happened.put(meeting.site, key, instance)
        store.changes.part(HAPPENINGS)
        if (running is None and (host or instance.open)) or (running is not None and running.host_ms is None
                                                             and host and not running.open):
            store.webhooks.meeting("started", meeting, at, instance)
    return instance


def end(store: Store, key: int, now_ms: int, at_ms: int | None = None) -> Ended:
    """The running instance ends at ``at_ms`` (now by default); raises ``ended``. 409 when none runs."""
    at = _when(at_ms, now_ms)
    with store.lock:
        meeting = find(store, key)
        happened = store.happenings
        running = happened.running(meeting.site, key, at) or happened.running(meeting.site, key, now_ms)
        if running is None:
            raise HappeningError(409, f"meeting {key} is not in progress")
        if at < running.started_ms:
            raise HappeningError(400, "at: an instance ends after it started")
        done = replace(running, ended_ms=at)
        happened.put(meeting.site, key, done)
        store.changes.part(HAPPENINGS)
        store.webhooks.meeting("ended", meeting, at, done)
        recorded(store, meeting, done)
    return ended(meeting, done)


def ended(meeting: Meeting, instance: Instance) -> Ended:
    """What a recording of ``instance`` needs: the meeting, the instance, when it ran, and whether it records
    (``autoRecord``) or cannot (E2EE: ``supportE2E``). Call it for every instance that ends."""
    options = xmlblocks.options_of(meeting.peek_extension())
    assert instance.ended_ms is not None, "only an instance that ended"
    return Ended(meeting.site, meeting.key, meeting.host, meeting.title, instance.number, instance.occurrence_ts,
                 instance.started_ms, instance.ended_ms, bool(options.auto_record), bool(options.e2ee))


def catch_up(store: Store, now_ms: int) -> list[Ended]:
    """Runs-as-scheduled mode: raise ``started`` and ``ended`` for the occurrences whose start or end the clock
    passed since the last look (at most :data:`MAX_RAISED`); the instances that ended, for their recordings.
    Without the mode, or with the clock not moved on, nothing (one comparison)."""
    happened = store.happenings
    if not happened.run_as_scheduled:
        return []
    with store.lock:
        since = happened.raised_to_ms
        if since is not None and now_ms <= since:
            return []
        happened.raised_to_ms = now_ms
        store.changes.part(HAPPENINGS)
        if since is None:
            return []
        return _raise_passed(store, since, now_ms)


def _raise_passed(store: Store, since: int, now_ms: int) -> list[Ended]:
    done: list[Ended] = []
    raised = 0
    wants = {event: {site for site in store.sites if store.webhooks.wants(site, event)} for event in ("started",
                                                                                                    "ended")}
    for site in list(store.sites):
        for meeting in store.site_meetings(site):
            started = {i.occurrence_ts for i in store.happenings.of(site, meeting.key)}
            for occurrence in occurrences_of(meeting, since // 1000, now_ms // 1000 + 1):
                if occurrence.start in started or raised >= MAX_RAISED:
                    continue
                instance = scheduled_instance(meeting, occurrence)
                if since < instance.started_ms <= now_ms and site in wants["started"]:
                    store.webhooks.meeting("started", meeting, instance.started_ms, replace(instance, ended_ms=None))
                    raised += 1
                assert instance.ended_ms is not None
                if since < instance.ended_ms <= now_ms:
                    if site in wants["ended"]:
                        store.webhooks.meeting("ended", meeting, instance.ended_ms, instance)
                        raised += 1
                    done.append(ended(meeting, instance))
                    recorded(store, meeting, instance)
    return done


def recorded(store: Store, meeting: Meeting, instance: Instance) -> None:
    """An instance that ended leaves its recording, if its meeting records automatically (domain/recordings.py)."""
    assert instance.ended_ms is not None
    meetings.recording_left(store, meeting, instance.started_ms, instance.ended_ms, instance.number,
                            instance.occurrence_ts)


def live(store: Store, meeting: Meeting, now_ms: int) -> list[Instance]:
    """The meeting's instances now (those started by a test, and as scheduled in that mode)."""
    return instances(store.happenings, meeting, now_ms)


def check_not_running(store: Store, meeting: Meeting, now_ms: int) -> None:
    """A meeting in progress cannot be changed (documented for REST: "Meeting is in progress")."""
    if any(i.running_at(now_ms) for i in live(store, meeting, now_ms)):
        raise HappeningError(409, "Meeting is in progress")


def _open_before_host(meeting: Meeting, occurrence_start: int, at_ms: int) -> bool:
    minutes = xmlblocks.options_of(meeting.peek_extension()).join_before_host_minutes or 0
    return minutes > 0 and at_ms >= (occurrence_start - minutes * 60) * 1000


def _when(at_ms: int | None, now_ms: int) -> int:
    if at_ms is None:
        return now_ms
    if at_ms > now_ms:
        raise HappeningError(400, "at: must not be after the mock's now (move the clock instead)")
    return at_ms


def _attendees(sent: Iterable[Any]) -> tuple[str, ...]:
    found = tuple(dict.fromkeys(str(a).strip() for a in sent))
    if len(found) > MAX_ATTENDEES or any(not a or len(a) > 320 for a in found):
        raise HappeningError(400, f"attendees: at most {MAX_ATTENDEES} e-mail addresses, none empty")
    return found
