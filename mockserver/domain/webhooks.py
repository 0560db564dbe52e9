"""Webhooks: what a namespace's users registered (``/v1/webhooks``), and the events the store's changes raise for
them (docs/webhooks.md).

A :class:`Webhooks` belongs to one store. The faces register, read, change and delete webhooks through it; the
store and :mod:`.meetings` call :meth:`Webhooks.meeting` when a meeting is made, changed or deleted. An event is
handed to the ``listener`` (set by the server: it renders and delivers it, off the call) only when some active
webhook of the meeting's site wants it, so a namespace without webhooks pays one dictionary lookup a change.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ..base.errors import InvalidRequest, NoRecordFound, clip
from .happenings import Instance
from .recordings import Recording
from .records import Meeting

#: the resources and events the API knows (docs/webex-reference.md §32); the mock raises the events of EMITTED
RESOURCES = ("attachmentActions", "dataSources", "memberships", "messages", "rooms", "meetings", "recordings",
             "convergedRecordings", "meetingParticipants", "meetingTranscripts", "uc_counters", "serviceApp",
             "adminBatchJobs")
EVENTS = ("created", "updated", "deleted", "started", "ended", "joined", "left", "migrated", "authorized",
          "deauthorized", "statusChanged")
#: the events each resource the mock raises has (the meetings guide's table)
EMITTED = {"meetings": ("created", "updated", "deleted", "started", "ended"),
           "recordings": ("created", "updated", "deleted")}
#: resources Webex for Government has no webhooks for (the Webhooks API page)
GOVERNMENT_EXCLUDED = ("meetings", "recordings", "meetingParticipants", "meetingTranscripts")
#: filter keys a meetings webhook may use (the guide's table); the mock checks those it can read
MEETING_FILTERS = ("id", "meetingNumber", "meetingType", "state", "hostEmail", "hostUserId", "siteUrl")
MAX_PER_USER = 30_000


@dataclass(frozen=True)
class Webhook:
    id: str
    site: str                  # site key
    owner: str                 # the creator's webExId (key)
    name: str
    target_url: str
    resource: str
    event: str
    filter: str = ""
    secret: str = ""
    status: str = "active"
    owned_by: str = "creator"
    created_ms: int = 0

    def filters(self) -> dict[str, str]:
        pairs = (part.partition("=") for part in self.filter.split("&") if part)
        return {name: value for name, _, value in pairs}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Event:
    """One thing that happened, as the listener gets it: the meeting as it is after the change (before, for a
    delete), and the webhooks that want it (already chosen)."""

    resource: str
    event: str
    site: str
    meeting: Meeting
    webhooks: tuple[Webhook, ...]
    at_ms: int
    #: the recording of a ``recordings`` event (its meeting is ``meeting``)
    recording: Recording | None = None
    #: the instance that started or ended (``started``, ``ended``: the delivery's ``data`` is the instance)
    instance: Instance | None = None


@dataclass
class Webhooks:
    #: per site key: webhook id -> webhook
    by_site: dict[str, dict[str, Webhook]] = field(default_factory=dict)
    #: what is told of each event a webhook wants (None: nobody listens; events are dropped)
    listener: Callable[[Event], None] | None = None

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def add(self, hook: Webhook) -> Webhook:
        with self._lock:
            hooks = self.by_site.setdefault(hook.site, {})
            if sum(1 for h in hooks.values() if h.owner == hook.owner) >= MAX_PER_USER:
                raise InvalidRequest(f"a user has at most {MAX_PER_USER} webhooks")
            hooks[hook.id] = hook
        return hook

    def get(self, site: str, hook_id: str) -> Webhook:
        found = self.by_site.get(site, {}).get(hook_id)
        if found is None:
            raise NoRecordFound(f"No webhook with id {clip(hook_id, 60)!r}.")
        return found

    def of(self, site: str, owner: str | None = None) -> list[Webhook]:
        """The site's webhooks (of one owner), oldest first."""
        hooks = list(self.by_site.get(site, {}).values())
        return [h for h in hooks if owner is None or h.owner == owner]

    def update(self, site: str, hook_id: str, **changes: Any) -> Webhook:
        with self._lock:
            new = replace(self.get(site, hook_id), **changes)
            self.by_site[site][hook_id] = new
        return new

    def delete(self, site: str, hook_id: str) -> None:
        with self._lock:
            self.get(site, hook_id)
            del self.by_site[site][hook_id]

    def clear_site(self, site: str) -> None:
        with self._lock:
            self.by_site.pop(site, None)

    def meeting(self, event: str, meeting: Meeting, at_ms: int, instance: Instance | None = None) -> None:
        """A meeting was made, changed, deleted, started or ended (``event``; ``instance``: the one that started or
        ended): tell the listener, if some webhook wants it."""
        self._tell("meetings", event, meeting, at_ms, instance=instance)

    def recording(self, event: str, recording: Recording, meeting: Meeting, at_ms: int) -> None:
        """A recording of ``meeting`` was made or deleted: tell the listener, if some webhook wants it."""
        self._tell("recordings", event, meeting, at_ms, recording=recording)

    def _tell(self, resource: str, event: str, meeting: Meeting, at_ms: int, recording: Recording | None = None,
              instance: Instance | None = None) -> None:
        hooks = self.by_site.get(meeting.site)
        if not hooks or self.listener is None:
            return
        wanted = tuple(h for h in hooks.values() if h.resource == resource and h.event == event
                       and h.status == "active")
        if wanted:
            self.listener(Event(resource, event, meeting.site, meeting, wanted, at_ms, recording, instance))

    def wants(self, site: str, event: str) -> bool:
        """Some active webhook of ``site`` wants meetings ``event`` (a cheap check before working events out)."""
        return self.listener is not None and any(h.resource == "meetings" and h.event == event and
                                                 h.status == "active" for h in self.by_site.get(site, {}).values())


def webhook_id(uuid: str) -> str:
    """A webhook's id as Webex shows them: base64 of ``ciscospark://us/WEBHOOK/<uuid>`` (the spec's example)."""
    return base64.b64encode(f"ciscospark://us/WEBHOOK/{uuid}".encode()).decode().rstrip("=")  # as shapes.spark_id


def check_filter(resource: str, text: str) -> None:
    """A filter is ``key=value`` pairs joined by ``&``; a meetings webhook's keys are the guide's."""
    for part in text.split("&"):
        name, equals, value = part.partition("=")
        if not equals or not name or not value:
            raise InvalidRequest(f"filter: {clip(part, 60)!r} is not key=value")
        if resource == "meetings" and name not in MEETING_FILTERS:
            raise InvalidRequest(f"filter: {clip(name, 40)!r} is not a filter of meetings webhooks; use "
                                 f"{', '.join(MEETING_FILTERS)}")
