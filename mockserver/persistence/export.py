"""State as versioned JSON: export and import (the ``--state-file`` itself: :mod:`mockserver.persistence.statefile`).

The document is ``{"format": "webex-mockserver-state", "version": 1, "namespaces": {name: …}}``;
each namespace holds its sites (with users and settings), meetings (every stored
element), the meeting keys ever used, and — only in the state file on disk —
session tickets and user passwords. Exports through the admin API mask user
passwords and access tokens; importing a masked user keeps the password the seed
gives that user.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from typing import Any

from ..base.redact import MASK
from ..controls.tenancy import Tenancy
from ..domain.sites import Site, SiteSettings, User
from ..domain.store import Meeting, Store, Ticket

FORMAT = "webex-mockserver-state"
VERSION = 1
_USER_SECRETS = ("password", "accessTokens")
_STORE_KEYS = ("sites", "meetings", "usedKeys", "tickets")
_SETTING_MINIMUM = {"ticketLifetime": 0, "maxDuration": 1}
_SCALARS: dict[str, tuple[type, ...]] = {"bool": (bool,), "int": (int,), "float": (int, float), "str": (str,)}
#: JSON documents (state files, admin bodies) nested deeper than this are refused
MAX_JSON_DEPTH = 64
#: characters no XML 1.0 answer can carry (C0 controls but tab, newline and CR; lone surrogates; U+FFFE/U+FFFF):
#: refused in every text of a JSON document, so no stored value can break a later answer
#: where a walked JSON value sits: (its parent's entry, the key or index under it)
Link = tuple[Any, str | int]
_UNCARRIABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class StateError(ValueError):
    pass


# -- reading JSON documents safely ----------------------------------------------------------------------


def load_json(raw: bytes | str, what: str) -> Any:
    """``json.loads``, refusing (StateError, naming ``what`` and the field) a document nested deeper than
    ``MAX_JSON_DEPTH`` and text no answer could carry. A document that is no JSON is a plain ValueError."""
    try:
        data = json.loads(raw)
    except RecursionError:  # the parser's own limit, far past ours
        raise StateError(f"{what} is nested deeper than {MAX_JSON_DEPTH} levels") from None
    _check_tree(data, what)
    return data


def _check_tree(data: Any, what: str) -> None:
    """Depth and text of a parsed JSON value, walked with a stack (no recursion)."""
    # (value, depth, link): the link is (the parent's entry, the key or index under it), None at the top
    pending: list[tuple[Any, int, Link | None]] = [(data, 1, None)]
    while pending:
        entry = pending.pop()
        value, depth, link = entry
        if isinstance(value, str):
            _check_text(value, what, link)
        elif isinstance(value, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                raise StateError(f"{what} is nested deeper than {MAX_JSON_DEPTH} levels (at {_path(link)})")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str):
                    _check_text(key, what, (entry, key), "field name")
                pending.append((item, depth + 1, (entry, key)))


def _check_text(text: str, what: str, link: Link | None, kind: str = "text") -> None:
    bad = _UNCARRIABLE.search(text)
    if bad is not None:
        raise StateError(f"{what}: field {_path(link)}: U+{ord(bad.group()):04X} is not allowed in a {kind} "
                         "(control characters other than tab, newline and CR; lone surrogates; U+FFFE, U+FFFF)")


def _path(link: Link | None) -> str:
    """The field path of a walked value, like ``sites[0].users[1].firstName`` (``<document>`` at the top)."""
    parts: list[str] = []
    while link is not None:
        parent, key = link
        parts.append(f"[{key}]" if isinstance(key, int) else "." + _UNCARRIABLE.sub(_escape, key))
        link = parent[2]
    return "".join(reversed(parts)).lstrip(".") or "<document>"


def _escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


# -- the JSON shapes of sites, users, settings, meetings, tickets and fault rules ---------------


def _fits(value: Any, kind: str) -> bool:
    """Does a JSON value fit a dataclass field annotation (``int``, ``str | None``, ``list[int]`` …)?"""
    kind = kind.replace(" ", "")
    if kind.endswith("|None"):
        return value is None or _fits(value, kind[:-5])
    if kind.startswith("list["):
        return isinstance(value, list) and all(_fits(v, kind[5:-1]) for v in value)
    if kind.startswith("dict[str,"):
        return isinstance(value, dict) and all(_fits(v, kind[9:-1]) for v in value.values())
    if kind in _SCALARS:
        return isinstance(value, _SCALARS[kind]) and (kind == "bool" or not isinstance(value, bool))
    return True  # Any, or a nested dataclass checked on its own


def check_fields(cls: type, data: Any, what: str, internal: tuple[str, ...] = ()) -> dict[str, Any]:
    """``data`` as the JSON object of a ``cls`` dataclass: known fields (not ``internal`` ones), right types,
    required ones present."""
    if not isinstance(data, dict):
        raise StateError(f"{what} must be a JSON object")
    fields = _known_fields(cls, internal)
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise StateError(f"unknown {what} field(s): {', '.join(unknown)}; known: {', '.join(sorted(fields))}")
    for name, value in data.items():
        if not _fits(value, str(fields[name].type)):
            raise StateError(f"{what} field {name!r} must be {fields[name].type}, not {json.dumps(value)}")
    missing = [name for name, f in fields.items() if f.init and name not in data
               and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    if missing:
        raise StateError(f"{what} is missing {', '.join(missing)}")
    return data


@functools.cache
def _known_fields(cls: type, internal: tuple[str, ...]) -> dict[str, dataclasses.Field[Any]]:
    """A dataclass's fields by name but ``internal`` ones (worked out once: state files hold many meetings)."""
    return {f.name: f for f in dataclasses.fields(cls) if f.name not in internal}


def check_settings(data: Any) -> dict[str, Any]:
    checked = check_fields(SiteSettings, data, "settings")
    for name, least in _SETTING_MINIMUM.items():
        if checked.get(name, least) < least:
            raise StateError(f"settings field {name!r} must be at least {least}")
    return checked


def check_user(data: Any) -> dict[str, Any]:
    checked = check_fields(User, data, "user")
    if not checked["webExId"].strip():
        raise StateError("user webExId must not be empty")
    return checked


def check_site(data: Any) -> dict[str, Any]:
    """A site as the admin API and state documents write it: users as a list, settings as an object."""
    if not isinstance(data, dict):
        raise StateError("site must be a JSON object")
    check_fields(Site, {k: v for k, v in data.items() if k not in ("settings", "users")}, "site")
    if not data["siteName"].strip():
        raise StateError("siteName must not be empty")
    check_settings(data.get("settings", {}))
    users = data.get("users", [])
    if not isinstance(users, list):
        raise StateError("site users must be a list")
    for user in users:
        check_user(user)
    return data


def mask_user(user: dict[str, Any]) -> dict[str, Any]:
    """A user's JSON with its password and access tokens masked (in place)."""
    for secret in _USER_SECRETS:
        if user.get(secret):
            user[secret] = MASK if secret == "password" else [MASK for _ in user[secret]]
    return user


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
        if not all(_fits(k, "int") for k in data.get("usedKeys", [])):
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
