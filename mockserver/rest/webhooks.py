"""``/v1/webhooks``: register, list, read, change and delete webhooks (docs/webhooks.md). The store keeps them
(:mod:`mockserver.domain.webhooks`); the server delivers the events they want."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from msgspec import UNSET

from ..base.errors import clip
from ..domain import webhooks
from ..domain.sites import Site
from ..domain.webhooks import Webhook
from . import shapes
from .calls import Answer, Call
from .errors import RestError
from .models import WebhookIn, WebhookUpdate
from .pages import count


def create(call: Call) -> Answer:
    sent = call.json(WebhookIn)
    site = call.principal.site
    if sent.resource not in webhooks.RESOURCES:
        raise RestError(400, f"resource: must be one of {', '.join(webhooks.RESOURCES)}")
    if sent.event not in webhooks.EVENTS and sent.event != "all":
        raise RestError(400, f"event: must be one of {', '.join(webhooks.EVENTS)}")
    if not site.settings.meetingWebhooks and sent.resource in webhooks.GOVERNMENT_EXCLUDED:
        raise RestError(400, f"resource: {sent.resource} webhooks are not available on this site (Webex for "
                             "Government has none)")
    emitted = webhooks.EMITTED.get(sent.resource, ())
    if sent.event not in emitted:
        call.notes.assume("assumed-answer", "resource/event",
                          f"{sent.resource} {sent.event}: registered, but the mock raises no such event "
                          f"(it raises {', '.join(f'{r} {e}' for r, es in webhooks.EMITTED.items() for e in es)})")
    filter_text = _filter(sent.resource, sent.filter if sent.filter is not UNSET else "")
    owned_by = _owned_by(call, sent.owned_by if sent.owned_by is not UNSET else None)
    hook = Webhook(
        id=webhooks.webhook_id(_uuid(call.store.hex(32))), site=site.key, owner=call.caller.key,
        name=_name(sent.name), target_url=_target(sent.target_url), resource=sent.resource, event=sent.event,
        filter=filter_text, secret=sent.secret if sent.secret is not UNSET else "", owned_by=owned_by,
        created_ms=call.now_ms)
    return Answer(200, shown(site, call.store.webhooks.add(hook), call))


def listed(call: Call) -> Answer:
    limit = count(call.query.get("max"), "max", 100, 1, 100)
    owner = None if call.query.get("ownedBy") == "org" and call.principal.is_admin else call.caller.key
    hooks = call.store.webhooks.of(call.principal.site.key, owner)
    return Answer(200, {"items": [shown(call.principal.site, hook, call) for hook in hooks[:limit]]})


def get(call: Call) -> Answer:
    return Answer(200, shown(call.principal.site, _hook(call), call))


def update(call: Call) -> Answer:
    """``PUT``: name, target and secret change; ``status`` may only be ``active`` (it re-enables a webhook the
    service disabled); the other fields are ignored, as documented."""
    sent = call.json(WebhookUpdate)
    hook = _hook(call)
    changes: dict[str, Any] = {"name": _name(sent.name), "target_url": _target(sent.target_url)}
    if sent.secret is not UNSET:
        changes["secret"] = sent.secret
    if sent.status is not UNSET:
        if sent.status != "active":
            raise RestError(400, "status: only active may be set (a webhook is re-enabled, never disabled)")
        changes["status"] = "active"
    changed = call.store.webhooks.update(hook.site, hook.id, **changes)
    return Answer(200, shown(call.principal.site, changed, call))


def delete(call: Call) -> Answer:
    hook = _hook(call)
    call.store.webhooks.delete(hook.site, hook.id)
    return Answer(204)


def shown(site: Site, hook: Webhook, call: Call | None = None) -> dict[str, Any]:
    """A webhook as the API answers it (its secret too: the spec's object has it)."""
    owner = site.user(hook.owner)
    answer: dict[str, Any] = {
        "id": hook.id, "name": hook.name, "targetUrl": hook.target_url, "resource": hook.resource,
        "event": hook.event, "status": hook.status, "created": _instant(hook.created_ms), "ownedBy": hook.owned_by,
        "orgId": org_id(site), "createdBy": shapes.person_id(site, owner) if owner is not None else "",
        "appId": APP_ID,
    }
    if hook.filter:
        answer["filter"] = hook.filter
    if hook.secret:
        answer["secret"] = hook.secret
    return answer


def org_id(site: Site) -> str:
    """The organization of a site, as Webex writes ids: base64 of ``ciscospark://us/ORGANIZATION/<uuid>``."""
    return shapes.spark_id("ORGANIZATION", _uuid(hashlib.sha256(f"org/{site.key}".encode()).hexdigest()))


#: the application that made every webhook (the mock's own: an integration id, ASSUMED, docs/webhooks.md)
APP_ID = shapes.spark_id("APPLICATION", "6d6f636b-7365-7276-6572-776562686f6f")


def _hook(call: Call) -> Webhook:
    hook = call.store.webhooks.get(call.principal.site.key, call.path["webhookId"])
    if hook.owner != call.caller.key and not (call.principal.is_admin and hook.owned_by == "org"):
        raise RestError(404, None, f"No webhook with id {clip(hook.id, 60)!r}.")
    return hook


def _name(text: str) -> str:
    if not text.strip():
        raise RestError(400, "name: must not be empty")
    return text


def _target(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RestError(400, f"targetUrl: {clip(url, 80)!r} is not an http or https URL")
    return url.strip()


def _filter(resource: str, text: str) -> str:
    if text:
        webhooks.check_filter(resource, text)
    return text


def _owned_by(call: Call, sent: str | None) -> str:
    if sent is None or sent == "creator":
        return "creator"
    if sent != "org":
        raise RestError(400, "ownedBy: must be org (or left out)")
    if not call.principal.is_admin:
        raise RestError(403, None, "ownedBy: only an admin may own a webhook for the organization")
    return "org"


def _uuid(digits: str) -> str:
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:32]}"


def _instant(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"
