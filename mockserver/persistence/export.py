"""State as versioned JSON: export and import (the ``--state-file`` itself: :mod:`mockserver.persistence.statefile`).

The document is ``{"format": "webex-mockserver-state", "version": 1, "namespaces": {name: …}}``;
each namespace holds its sites (with users and settings), meetings (every stored
element), the meeting keys ever used, and — only in the state file on disk —
session tickets and user passwords. Exports through the admin API mask user
passwords and access tokens; importing a masked user keeps the password the seed
gives that user.
"""

from __future__ import annotations

from typing import Any

from ..base.jsondoc import DocumentError, check_fields, fits
from ..base.redact import MASK
from ..controls.tenancy import Tenancy
from ..domain.records import Meeting, Ticket
from ..domain.sites import Site, check_site, mask_user
from ..domain.store import Store

FORMAT = "webex-mockserver-state"
VERSION = 1
_STORE_KEYS = ("sites", "meetings", "usedKeys", "tickets")


class StateError(DocumentError):
    """A state document (or database) this server cannot read."""


# -- export and import ----------------------------------------------------------------------


def export_store(store: Store, include_secrets: bool = False) -> dict[str, Any]:
    data = store.snapshot(include_tickets=include_secrets)
    if not include_secrets:
        for site in data["sites"]:
            for user in site.get("users", []):
                mask_user(user)
    return data


def import_store(data: dict[str, Any], seed_sites: list[Site], random_seed: int | None = None) -> Store:
    if not isinstance(data, dict):
        raise StateError("a namespace's state must be a JSON object")
    unknown = sorted(set(data) - set(_STORE_KEYS))
    if unknown:
        raise StateError(f"unknown namespace state key(s): {', '.join(unknown)}; known: {', '.join(_STORE_KEYS)}")
    if not all(isinstance(data.get(name, []), list) for name in _STORE_KEYS):
        raise StateError(f"{', '.join(_STORE_KEYS)} must be lists")
    try:
        sites = [Site.from_dict(check_site(raw)) for raw in data.get("sites", [])]
        _restore_masked(sites, seed_sites)
        store = Store.from_sites(sites, seed=random_seed)
        for raw in data.get("meetings", []):
            meeting = Meeting.from_dict(check_fields(Meeting, raw, "meeting"))
            if not store.has_site(meeting.site):
                raise StateError(f"meeting {meeting.key} belongs to unknown site {meeting.site!r}")
            store.put_meeting(meeting)
        if not all(fits(k, "int") for k in data.get("usedKeys", [])):
            raise StateError("usedKeys must be integers")
        store.mark_used(data.get("usedKeys", []))
        for raw in data.get("tickets", []):
            ticket = Ticket(**check_fields(Ticket, raw, "ticket"))
            store.add_ticket(ticket)
    except StateError:
        raise
    except (TypeError, KeyError, ValueError, AttributeError) as exc:
        raise StateError(f"invalid state: {exc}") from None
    return store


def _restore_masked(sites: list[Site], seed_sites: list[Site]) -> None:
    seed = {site.key: site for site in seed_sites}
    for site in sites:
        for user in site.users.values():
            seeded = seed[site.key].user(user.webExId) if site.key in seed else None
            if user.password == MASK:
                user.password = seeded.password if seeded else MASK
            if user.accessTokens and MASK in user.accessTokens:
                user.accessTokens = list(seeded.accessTokens) if seeded else []


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
    if only is not None and only not in namespaces:
        raise StateError(f"the document has no namespace {only!r} (it has: {', '.join(sorted(namespaces)) or 'none'})")
    stores = {}
    for name, data in namespaces.items():
        if only is not None and name != only:
            continue
        stores[tenancy.validate(name)] = import_store(data, tenancy.seed_sites(), tenancy.random_seed)
    tenancy.install_all(stores)  # all or nothing: install only after every namespace parsed
    return sorted(stores)
