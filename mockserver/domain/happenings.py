"""What happened to a namespace's meetings: the instances a test started and ended (``POST /_mock/meetings/{key}/
start`` and ``.../end``, ``webex_mock.start_meeting``), and the namespace's two settings, "every meeting runs as
scheduled" and the lag of an instance's details (docs/time.md, "Meetings that happen").

Nobody joins a mock meeting, so nothing happens by itself: a test says what happens and the clock does the rest.
Only these events are stored (a few per meeting started); every state is computed from them and the clock when it
is read (:mod:`.meetingstate`), never stored per tick. An instance belongs to one occurrence, named by its
scheduled start instant (a one-off meeting is a series of one occurrence, its start).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ..base.errors import clip

#: how long after it starts (or ends) an instance's details reach the REST lists (documented: 15 minutes)
DEFAULT_LAG_S = 15 * 60
#: the longest lag a namespace may set (a day; ASSUMED bound)
MAX_LAG_S = 24 * 3600
#: the most attendees one start names
MAX_ATTENDEES = 1000
#: the most instances one meeting keeps (the oldest go first; ASSUMED bound)
MAX_INSTANCES = 1000


class HappeningError(ValueError):
    """A start or end the meeting's state refuses (``status``: 404 no such meeting, 409 not now, 400 bad input)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Instance:
    """One start of an occurrence: from ``started_ms`` (the first join) to ``ended_ms`` (None: running).

    ``host_ms``: when the host first joined (None: nobody hosted it, attendees wait in the lobby, or joined before
    the host). ``attendees``: who joined besides the host (e-mail addresses, as the test named them)."""

    number: str
    occurrence_ts: int
    started_ms: int
    host_ms: int | None = None
    ended_ms: int | None = None
    attendees: tuple[str, ...] = ()
    #: attendees may join before the host (the meeting's join-before-host window had opened): no lobby
    open: bool = False

    def started_by(self, at_ms: int) -> bool:
        return self.started_ms <= at_ms

    def running_at(self, at_ms: int) -> bool:
        return self.started_ms <= at_ms and (self.ended_ms is None or at_ms < self.ended_ms)

    def hosted_at(self, at_ms: int) -> bool:
        return self.host_ms is not None and self.host_ms <= at_ms

    def state_at(self, at_ms: int) -> str | None:
        """The instance's REST state at ``at_ms``: None (not started yet), ``lobby``, ``inProgress``, ``ended``."""
        if not self.started_by(at_ms):
            return None
        if self.ended_ms is not None and self.ended_ms <= at_ms:
            return "ended"
        return "inProgress" if self.hosted_at(at_ms) or self.open else "lobby"

    def to_dict(self) -> dict[str, Any]:
        shown = asdict(self)
        shown["attendees"] = list(self.attendees)
        return shown

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Instance:
        return cls(str(raw["number"]), int(raw["occurrence_ts"]), int(raw["started_ms"]),
                   None if raw.get("host_ms") is None else int(raw["host_ms"]),
                   None if raw.get("ended_ms") is None else int(raw["ended_ms"]),
                   tuple(str(a) for a in raw.get("attendees", ())), bool(raw.get("open", False)))


@dataclass
class Happenings:
    """One namespace's instances (per site and meeting key) and its settings."""

    instances: dict[tuple[str, int], tuple[Instance, ...]] = field(default_factory=dict)
    #: every meeting runs as scheduled: an occurrence nobody started starts at its start and ends at its end
    run_as_scheduled: bool = False
    #: seconds an instance's details take to reach the REST lists (and GET by id)
    lag_s: int = DEFAULT_LAG_S
    #: the instant up to which the clock's events were raised as webhooks (runs-as-scheduled mode)
    raised_to_ms: int | None = None

    def __post_init__(self) -> None:
        self.lock = threading.RLock()

    def of(self, site: str, key: int) -> tuple[Instance, ...]:
        return self.instances.get((site, key), ())

    def put(self, site: str, key: int, instance: Instance) -> None:
        """Add ``instance``, or replace the one of the same number."""
        with self.lock:
            kept = [i for i in self.of(site, key) if i.number != instance.number]
            self.instances[(site, key)] = (*kept, instance)[-MAX_INSTANCES:]

    def forget(self, site: str, key: int) -> None:
        with self.lock:
            self.instances.pop((site, key), None)

    def running(self, site: str, key: int, at_ms: int) -> Instance | None:
        return next((i for i in self.of(site, key) if i.running_at(at_ms)), None)

    def all(self) -> Iterator[tuple[str, int, Instance]]:
        for (site, key), found in list(self.instances.items()):
            for instance in found:
                yield site, key, instance

    def settings(self) -> dict[str, Any]:
        return {"runAsScheduled": self.run_as_scheduled, "detailsLagSeconds": self.lag_s}

    def change_settings(self, document: Any, now_ms: int) -> dict[str, Any]:
        """Apply ``{"runAsScheduled": bool, "detailsLagSeconds": int}`` (either or both); the settings after."""
        if not isinstance(document, dict):
            raise HappeningError(400, "the meeting settings are a JSON object")
        unknown = sorted(set(document) - {"runAsScheduled", "detailsLagSeconds"})
        if unknown:
            raise HappeningError(400, f"unknown meeting setting(s) {clip(', '.join(unknown), 80)}; known: "
                                      "runAsScheduled, detailsLagSeconds")
        run = document.get("runAsScheduled", self.run_as_scheduled)
        lag = document.get("detailsLagSeconds", self.lag_s)
        if not isinstance(run, bool):
            raise HappeningError(400, "runAsScheduled must be true or false")
        if isinstance(lag, bool) or not isinstance(lag, int) or not 0 <= lag <= MAX_LAG_S:
            raise HappeningError(400, f"detailsLagSeconds must be a whole number of seconds from 0 to {MAX_LAG_S}")
        with self.lock:
            if run and not self.run_as_scheduled:
                self.raised_to_ms = now_ms  # the clock's events are raised from now on, not for the past
            self.run_as_scheduled, self.lag_s = run, lag
        return self.settings()

    def state(self) -> dict[str, Any]:
        """As the state file and the export keep it."""
        return {**self.settings(), "raisedToMs": self.raised_to_ms,
                "instances": [{"site": site, "key": key, **instance.to_dict()} for site, key, instance in self.all()]}

    @classmethod
    def from_state(cls, raw: Any) -> Happenings:
        if not isinstance(raw, dict) or not isinstance(raw.get("instances", []), list):
            raise ValueError("happenings: a JSON object with a list of instances")
        kept = cls(run_as_scheduled=bool(raw.get("runAsScheduled", False)),
                   lag_s=int(raw.get("detailsLagSeconds", DEFAULT_LAG_S)),
                   raised_to_ms=None if raw.get("raisedToMs") is None else int(raw["raisedToMs"]))
        try:
            for one in raw.get("instances", []):
                kept.put(str(one["site"]), int(one["key"]), Instance.from_dict(one))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"happenings: an instance is not one ({exc})") from None
        return kept


def instance_number(started_ms: int, serial: int) -> str:
    """The digits of ``<seriesId>_I_<digits>``: 18, as every example has, growing with time (ASSUMED: what the real
    ones encode is not documented): ``1``, the start in epoch milliseconds (13 digits), a serial (4 digits)."""
    return f"1{started_ms % 10 ** 13:013d}{serial % 10_000:04d}"


def joined(instance: Instance, at_ms: int, host: bool, attendees: tuple[str, ...]) -> Instance:
    """``instance`` after the host (if ``host``) and ``attendees`` joined at ``at_ms``."""
    more = tuple(a for a in attendees if a not in instance.attendees)
    return replace(instance, host_ms=instance.host_ms if instance.host_ms is not None or not host else at_ms,
                   attendees=instance.attendees + more)
