"""Webhook deliveries: the events a namespace's webhooks want, POSTed to their targets as Webex does
(docs/webhooks.md).

The store tells :meth:`Deliveries.event` of a meeting made, changed or deleted that some webhook wants (under the
store's lock, on the call's thread): the event is rendered there, once per webhook (the envelope, its ``data``
the REST face's view of the meeting, the ``X-Spark-Signature`` when the webhook has a secret), kept, and queued.
One worker thread POSTs what is queued, in order of when it is due, and tries again with backoff (``webhook_retry_
seconds``, doubled each time, at most ``webhook_attempts`` tries). So a call never waits for a target.

* A target on a path under ``/_mock/webhooks/sink/`` is the mock's own sink: the delivery is kept as it would
  have been sent (``captured``), with no network, so a test needs no server of its own.
* A target on another ``/_mock/`` path is ``refused``: a REST user's webhook must not reach the admin API of a
  mock on this machine (``POST /_mock/reset``, say), which answers loopback callers without a token by default.
* Other targets get real HTTP, only on loopback unless ``webhook_targets`` is ``any`` (``refused`` otherwise):
  the mock never reaches out of the machine by default. Redirects are not followed.
* Deliveries are kept per namespace, the newest ``KEPT`` of each; a reset forgets them.
"""

from __future__ import annotations

import hashlib
import heapq
import hmac
import itertools
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from .base import redact
from .base.hosts import is_loopback
from .config import Config
from .controls.tenancy import Tenant
from .domain.store import Store
from .domain.webhooks import Event, Webhook
from .rest import happened, recordings, shapes, webhooks

SINK_PATH = "/_mock/webhooks/sink/"
ADMIN_PATH = "/_mock/"
#: deliveries kept per namespace, and namespaces kept (least recently delivered to forgotten first)
KEPT, NAMESPACES = 1000, 1000
#: an answer that took longer is a failed attempt
TIMEOUT_S = 5.0
FINAL = ("delivered", "failed", "refused", "captured")
_log = logging.getLogger("mockserver.webhooks")


@dataclass
class Delivery:
    id: int
    namespace: str
    webhook_id: str
    webhook_name: str
    resource: str
    event: str
    target_url: str
    body: bytes
    headers: dict[str, str]
    #: pending (queued or being tried), delivered, failed (every attempt), refused (target not allowed), captured
    outcome: str = "pending"
    reason: str = ""
    attempts: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The delivery as a test and the page read it: its body with secret fields masked (the meeting's
        password), and its target's secret URL parameters (``password=``, ``PW=``, ``ticket=``)."""
        return {"id": self.id, "webhookId": self.webhook_id, "webhookName": self.webhook_name,
                "resource": self.resource, "event": self.event, "targetUrl": redact.xml_text(self.target_url),
                "outcome": self.outcome, "reason": self.reason, "attempts": list(self.attempts),
                "headers": dict(self.headers), "body": redact.data(json.loads(self.body))}


class Deliveries:
    def __init__(self, config: Config, clock: Callable[[], float] = time.monotonic) -> None:
        self.any_target = config.webhook_targets == "any"
        self.attempts = config.webhook_attempts
        self.first_retry_s = config.webhook_retry_seconds
        self._clock = clock
        self._kept: OrderedDict[str, deque[Delivery]] = OrderedDict()
        self._due: list[tuple[float, int, Delivery]] = []
        self._ids = itertools.count(1)
        self._changed = threading.Condition()
        self._worker: threading.Thread | None = None

    def attach(self, tenant: Tenant) -> None:
        """Deliver the events of ``tenant``'s store (a new store: its namespace's deliveries are forgotten)."""
        store, name = tenant.store, tenant.name
        store.webhooks.listener = lambda event: self.event(name, store, event)
        with self._changed:
            self._kept.pop(name, None)

    def event(self, namespace: str, store: Store, event: Event) -> None:
        site = store.sites.get(event.site)
        if site is None:
            return
        host = site.user(event.meeting.host)
        meeting = shapes.meeting(site, host, event.meeting)
        if event.instance is not None:  # started, ended: the instance, as the list shows it (ASSUMED)
            state = event.instance.state_at(event.at_ms) or "inProgress"
            data = happened.instance(site, host, event.meeting, event.instance, state)
        elif event.recording is not None:
            data = recordings.shown(site, event.recording)
        else:
            data = meeting
        actor = meeting["hostUserId"]
        for hook in event.webhooks:
            if not _passes(hook, data):
                continue
            body = json.dumps(_envelope(site, hook, actor, data), ensure_ascii=False).encode()
            headers = {"Content-Type": "application/json", "User-Agent": "webex-mockserver webhooks"}
            if hook.secret:
                headers["X-Spark-Signature"] = hmac.new(hook.secret.encode(), body, hashlib.sha1).hexdigest()
            self._add(Delivery(next(self._ids), namespace, hook.id, hook.name, event.resource, event.event,
                               hook.target_url, body, headers))

    def _add(self, delivery: Delivery) -> None:
        parts = urlsplit(delivery.target_url)
        if parts.path.startswith(SINK_PATH):
            delivery.outcome, delivery.reason = "captured", "the mock's own sink: kept, not sent"
        elif parts.path.startswith(ADMIN_PATH):
            delivery.outcome = "refused"
            delivery.reason = ("the target is an admin API path: a webhook never POSTs to /_mock/ (it could reset "
                               "or change a mock on this machine); use the sink, /_mock/webhooks/sink/…")
        elif not self.any_target and not is_loopback(parts.hostname or ""):
            delivery.outcome = "refused"
            delivery.reason = ("the target is not on loopback: deliveries leave the machine only with "
                               "webhook_targets = any (--webhook-targets any)")
        with self._changed:
            kept = self._kept.setdefault(delivery.namespace, deque(maxlen=KEPT))
            self._kept.move_to_end(delivery.namespace)
            while len(self._kept) > NAMESPACES:
                self._kept.popitem(last=False)
            kept.append(delivery)
            if delivery.outcome == "pending":
                heapq.heappush(self._due, (self._clock(), delivery.id, delivery))
                self._start()
            self._changed.notify_all()

    def list(self, namespace: str, **wanted: str | None) -> list[dict[str, Any]]:
        """The namespace's deliveries, oldest first, those whose fields equal each ``wanted`` that is not None
        (``event``, ``resource``, ``outcome``, ``webhookId``, ``targetUrl``)."""
        with self._changed:
            found = [d.to_dict() for d in self._kept.get(namespace, ())]
        return [d for d in found if all(value is None or d.get(name) == value for name, value in wanted.items())]

    def clear(self, namespace: str) -> None:
        with self._changed:
            self._kept.pop(namespace, None)

    # -- the worker ----------------------------------------------------------------------------

    def _start(self) -> None:
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._work, name="webex-mockserver-webhooks", daemon=True)
            self._worker.start()

    def _work(self) -> None:
        while True:
            self._try(self._next())

    def _next(self) -> Delivery:
        with self._changed:
            while True:
                if self._due and self._due[0][0] <= self._clock():
                    return heapq.heappop(self._due)[2]
                self._changed.wait(self._due[0][0] - self._clock() if self._due else None)

    def _try(self, delivery: Delivery) -> None:
        status: int | None = None
        error = ""
        request = urllib.request.Request(delivery.target_url, data=delivery.body, headers=delivery.headers,
                                         method="POST")
        try:
            with _OPENER.open(request, timeout=TIMEOUT_S) as answer:
                status = answer.status
        except urllib.error.HTTPError as exc:  # an answer, not 2xx (3xx too: redirects are not followed)
            status = exc.code
        except Exception as exc:  # any failure to reach the target is a failed attempt, never the worker's end
            error = f"{type(exc).__name__}: {exc}"[:200]
        with self._changed:
            delivery.attempts.append({"at": datetime.now(UTC).isoformat(timespec="milliseconds"),
                                      "status": status, "error": error})
            if status is not None and 200 <= status < 300:
                delivery.outcome, delivery.reason = "delivered", ""
            elif len(delivery.attempts) >= self.attempts:
                delivery.outcome = "failed"
                delivery.reason = f"{len(delivery.attempts)} attempts, the last: {error or f'HTTP {status}'}"
            else:
                delay = self.first_retry_s * 2 ** (len(delivery.attempts) - 1)
                delivery.reason = f"attempt {len(delivery.attempts)} failed ({error or f'HTTP {status}'}): " \
                                  f"again in {delay:g} s"
                heapq.heappush(self._due, (self._clock() + delay, delivery.id, delivery))
            self._changed.notify_all()
        if delivery.outcome == "failed":
            _log.warning("webhook %s: delivery %d of %s %s to %s failed: %s", delivery.webhook_name, delivery.id,
                         delivery.resource, delivery.event, delivery.target_url, delivery.reason)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


#: HTTP without proxies from the environment and without following redirects (a loopback target that redirects
#: elsewhere is not followed out of the machine)
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects())


def _envelope(site: Any, hook: Webhook, actor: str, data: dict[str, Any]) -> dict[str, Any]:
    """The body Webex POSTs, in the order of a captured delivery (docs/time-research.md 5.3)."""
    shown = webhooks.shown(site, hook)
    envelope: dict[str, Any] = {name: shown[name] for name in ("id", "name", "targetUrl", "resource", "event")}
    if hook.filter:
        envelope["filter"] = hook.filter
    envelope.update({name: shown[name] for name in ("orgId", "createdBy", "appId", "ownedBy")})
    envelope.update(status="active", created=shown["created"], actorId=actor, data=data)
    return envelope


def _passes(hook: Webhook, data: dict[str, Any]) -> bool:
    """Whether the meeting ``data`` passes the webhook's filter (e-mail addresses in any case)."""
    for name, value in hook.filters().items():
        shown = str(data.get(name, ""))
        if (shown.lower() != value.lower()) if name == "hostEmail" else shown != value:
            return False
    return True
