"""Webhooks: what a namespace's users registered (``/v1/webhooks``), and the events the store's changes raise for
them (docs/webhooks.md).

A :class:`Webhooks` belongs to one store. The faces register, read, change and delete webhooks through it; the
store and :mod:`.meetings` call :meth:`Webhooks.meeting` when a meeting is made, changed or deleted. An event is
handed to the ``listener`` (set by the server: it renders and delivers it, off the call) only when some active
webhook of the meeting's site wants it, so a namespace without webhooks pays one dictionary lookup a change.

The registry tells its change collector of each change (``changed``, the store's), so the ``--state-file`` keeps
the webhooks (one JSON document a namespace, :meth:`Webhooks.state`; never the listener) and the state export
carries them, each secret masked.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from ..base.errors import InvalidRequest, clip
from ..base.jsondoc import DocumentError, check_fields
from ..base.redact import MASK
from .happenings import Instance
from .recordings import Recording
from .records import Meeting
from .siterecords import SiteRecords

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
STATUSES, OWNERS = ("active", "inactive"), ("creator", "org")
#: the latest instant a kept webhook's ``created_ms`` may hold (9999-12-31, what answers can show)
MAX_MS = 253402300799_999


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
class Webhooks(SiteRecords[Webhook]):
    """What a namespace's users registered, per site by id, oldest first."""

    #: what is told of each event a webhook wants (None: nobody listens; events are dropped)
    listener: Callable[[Event], None] | None = None

    def add(self, hook: Webhook) -> Webhook:
        with self._lock:
            hooks = self.by_site.setdefault(hook.site, {})
            if sum(1 for h in hooks.values() if h.owner == hook.owner) >= MAX_PER_USER:
                raise InvalidRequest(f"a user has at most {MAX_PER_USER} webhooks")
            hooks[hook.id] = hook
        self._changed()
        return hook

    def get(self, site: str, hook_id: str) -> Webhook:
        return self._found(site, hook_id, "webhook")

    def of(self, site: str, owner: str | None = None) -> list[Webhook]:
        """The site's webhooks (of one owner), oldest first."""
        hooks = list(self.by_site.get(site, {}).values())
        return [h for h in hooks if owner is None or h.owner == owner]

    def update(self, site: str, hook_id: str, **changes: Any) -> Webhook:
        with self._lock:
            new = replace(self.get(site, hook_id), **changes)
            self.by_site[site][hook_id] = new
        self._changed()
        return new

    def delete(self, site: str, hook_id: str) -> None:
        self._removed(site, hook_id, self.get)

    def state(self, secrets: bool = True) -> dict[str, Any]:
        """As the state file (``secrets``) and the admin API's export (each secret masked) keep them (never the
        listener: the server sets it)."""
        items = self._items()
        return {"items": items} if secrets else masked(items)

    @classmethod
    def from_state(cls, raw: Any, changed: Callable[[], None] | None = None) -> Webhooks:
        """The webhooks of :meth:`state` (no listener yet); ValueError naming ``webhooks`` (nothing kept) when
        ``raw`` is not one. A masked secret (an export's) is kept as none: the webhook's deliveries go unsigned."""
        if not isinstance(raw, dict) or set(raw) - {"items"} or not isinstance(raw.get("items", []), list):
            raise ValueError("webhooks: a JSON object with a list of items")
        kept = cls()
        for one in raw.get("items", []):
            try:
                fields = check_fields(Webhook, one, "webhook")
                _check(fields)
                kept.add(Webhook(**{**fields, "secret": ""} if fields.get("secret") == MASK else fields))
            except (DocumentError, InvalidRequest) as bad:
                why = bad.text if isinstance(bad, InvalidRequest) else str(bad)
                raise ValueError(f"webhooks: {why}") from None
        kept.changed = changed
        return kept

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


def masked(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Webhooks' state with each secret masked (as the admin API exports them)."""
    return {"items": [{**item, "secret": MASK} if item.get("secret") else item for item in items]}


def _check(fields: dict[str, Any]) -> None:
    """InvalidRequest naming the webhook and the field unless the API could have registered it."""
    name = f"webhook {clip(str(fields['id']), 60)!r}"
    if not fields["id"] or not fields["site"] or not fields["owner"]:
        raise InvalidRequest(f"{name}: id, site and owner must not be empty")
    if fields["resource"] not in RESOURCES or (fields["event"] not in EVENTS and fields["event"] != "all"):
        raise InvalidRequest(f"{name}: resource must be one of {', '.join(RESOURCES)} and event one of "
                             f"{', '.join(EVENTS)} or all")
    target = urlsplit(fields["target_url"])
    if target.scheme not in ("http", "https") or not target.hostname:
        raise InvalidRequest(f"{name}: target_url {clip(fields['target_url'], 80)!r} is not an http or https URL")
    if fields.get("status", "active") not in STATUSES or fields.get("owned_by", "creator") not in OWNERS:
        raise InvalidRequest(f"{name}: status must be one of {', '.join(STATUSES)} and owned_by one of "
                             f"{', '.join(OWNERS)}")
    if not 0 <= fields.get("created_ms", 0) <= MAX_MS:
        raise InvalidRequest(f"{name}: created_ms is out of range (0 to {MAX_MS})")
    if fields.get("filter"):
        check_filter(fields["resource"], fields["filter"])


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
