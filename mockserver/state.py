"""State as versioned JSON: export, import, and the ``--state-file`` of a local backend.

The document is ``{"format": "webex-mockserver-state", "version": 1, "namespaces": {name: …}}``;
each namespace holds its sites (with users and settings), meetings (every stored
element), the meeting keys ever used, and — only in the state file on disk —
session tickets and user passwords. Exports through the admin API mask user
passwords and access tokens; importing a masked user keeps the password the seed
gives that user.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .redact import MASK
from .sites import Site
from .store import Meeting, Store, Ticket
from .tenancy import Tenancy

FORMAT = "webex-mockserver-state"
VERSION = 1
_USER_SECRETS = ("password", "accessTokens")


class StateError(ValueError):
    pass


def export_store(store: Store, include_secrets: bool = False) -> dict[str, Any]:
    with store.lock:
        sites = [site.to_dict() for site in store.sites.values()]
        meetings = sorted((m.to_dict() for by_key in store.meetings.values() for m in by_key.values()),
                          key=lambda m: (m["site"], m["key"]))
        used = sorted(store.used_keys)
        tickets = [asdict(t) for t in store.tickets.values()] if include_secrets else []
    if not include_secrets:
        for site in sites:
            for user in site.get("users", []):
                for secret in _USER_SECRETS:
                    if user.get(secret):
                        user[secret] = MASK if secret == "password" else [MASK for _ in user[secret]]
    return {"sites": sites, "meetings": meetings, "usedKeys": used, "tickets": tickets}


def import_store(data: dict[str, Any], seed_sites: list[Site], random_seed: int | None = None) -> Store:
    try:
        sites = [Site.from_dict(raw) for raw in data.get("sites", [])]
        _restore_masked(sites, seed_sites)
        store = Store.from_sites(sites, seed=random_seed)
        for raw in data.get("meetings", []):
            meeting = Meeting.from_dict(raw)
            if meeting.site not in store.sites:
                raise StateError(f"meeting {meeting.key} belongs to unknown site {meeting.site!r}")
            store.put_meeting(meeting)
        store.used_keys.update(int(k) for k in data.get("usedKeys", []))
        for raw in data.get("tickets", []):
            ticket = Ticket(**raw)
            store.tickets[ticket.value] = ticket
    except (TypeError, KeyError, ValueError) as exc:
        raise StateError(f"invalid state: {exc}") from None
    return store


def _restore_masked(sites: list[Site], seed_sites: list[Site]) -> None:
    seed = {site.key: site for site in seed_sites}
    for site in sites:
        for user in site.users.values():
            if user.password == MASK:
                known = seed.get(site.key).user(user.webExId) if site.key in seed else None
                user.password = known.password if known else MASK
            tokens = getattr(user, "accessTokens", None)
            if tokens and MASK in tokens:
                known = seed.get(site.key).user(user.webExId) if site.key in seed else None
                setattr(user, "accessTokens", list(getattr(known, "accessTokens", []) or []))


def export_all(tenancy: Tenancy, include_secrets: bool = False,
               namespaces: list[str] | None = None) -> dict[str, Any]:
    names = namespaces if namespaces is not None else tenancy.names()
    return {"format": FORMAT, "version": VERSION,
            "namespaces": {name: export_store(tenancy.get(name).store, include_secrets) for name in names}}


def import_all(tenancy: Tenancy, document: dict[str, Any], only: str | None = None) -> list[str]:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise StateError(f"not a {FORMAT} document")
    if document.get("version") != VERSION:
        raise StateError(f"unsupported state version {document.get('version')!r} (this server reads {VERSION})")
    namespaces = document.get("namespaces")
    if not isinstance(namespaces, dict):
        raise StateError("state document has no namespaces object")
    stores = {}
    for name, data in namespaces.items():
        if only is not None and name != only:
            continue
        stores[tenancy.validate(name)] = import_store(data, tenancy.seed_sites(), tenancy.random_seed)
    for name, store in stores.items():  # all or nothing: install only after every namespace parsed
        tenancy.install(name, store)
    return sorted(stores)


class StateFile:
    """Loads state at start; saves it atomically (temp file + rename) after every change."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self.saves = 0

    def load(self, tenancy: Tenancy) -> list[str]:
        if not self.path.exists() or self.path.stat().st_size == 0:
            return []
        return import_all(tenancy, json.loads(self.path.read_text(encoding="utf-8")))

    def save(self, tenancy: Tenancy) -> None:
        document = export_all(tenancy, include_secrets=True)
        data = json.dumps(document, separators=(",", ":")).encode("utf-8")
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".state-", dir=self.path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            self.saves += 1
