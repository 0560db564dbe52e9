"""State as versioned JSON: export and import (the ``--state-file`` itself: :mod:`mockserver.persistence.statefile`).

The document is ``{"format": "webex-mockserver-state", "version": 4, "namespaces": {name: …}}``;
each namespace holds its sites (with users and settings), meetings (the model: core fields, the XML and REST
extensions, a recurring meeting's ``series``), the meeting keys ever used, its clock (``offsetMs``, ``frozenAtMs``,
``originMs``: a namespace without one starts on the launch's clock), what happened to its meetings, its
``recordings`` and ``webhooks`` (``{"items": [...]}`` each), and — only in the state file on disk — session tickets,
user passwords, recording passwords and webhook secrets. Exports through the admin API mask user passwords, access
tokens, recording passwords and webhook secrets; importing a masked user keeps the password the seed gives that
user, a masked recording password or webhook secret is kept as none (the webhook's deliveries go unsigned). A
document of version 3 (no recordings or webhooks), 2 (no meeting repeats) and of version 1 (each meeting's XML
blocks as ``data``) are read too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..base.errors import InvalidRequest
from ..base.jsondoc import DocumentError, check_fields, fits
from ..base.redact import MASK
from ..controls.tenancy import DEFAULT, Tenancy
from ..domain import timezones
from ..domain.clock import ClockError, ClockSetting, MockClock
from ..domain.happenings import Happenings
from ..domain.recordings import Recordings
from ..domain.records import Meeting, Ticket
from ..domain.recurrence import Series
from ..domain.sites import Site, check_site, mask_user
from ..domain.store import Store
from ..domain.stored import BadMeetingData, check_stored
from ..domain.webhooks import Webhooks
from ..domain.xmlblocks import Core, join, placeholder_problem

FORMAT = "webex-mockserver-state"
VERSION = 4
#: the document versions this server reads
READABLE_VERSIONS = (1, 2, 3, 4)
_STORE_KEYS = ("sites", "meetings", "usedKeys", "tickets")
#: the parts of a namespace kept as one JSON object each (none: not set, nothing happened, recorded, registered)
_PARTS = ("clock", "happenings", "recordings", "webhooks")
#: the largest integer the state database's INTEGER columns hold (meeting keys, used keys; ticket times too)
SQLITE_MAX = 2**63 - 1


class StateError(DocumentError):
    """A state document (or database) this server cannot read."""


# -- export and import ----------------------------------------------------------------------


def export_store(store: Store, include_secrets: bool = False) -> dict[str, Any]:
    data = store.snapshot(include_tickets=include_secrets)
    if isinstance(store.clock, MockClock):
        data["clock"] = store.clock.state()
    data["happenings"] = store.happenings.state()
    data["recordings"] = store.recordings.state(secrets=include_secrets)
    data["webhooks"] = store.webhooks.state(secrets=include_secrets)
    if not include_secrets:
        for site in data["sites"]:
            for user in site.get("users", []):
                mask_user(user)
    return data


def import_store(data: dict[str, Any], seed_sites: list[Site], random_seed: int | None = None,
                 launch: ClockSetting | None = None, happenings: Any = None) -> Store:
    """A namespace of a state document as a store; StateError (naming the field) when it cannot be one."""
    if not isinstance(data, dict):
        raise StateError("a namespace's state must be a JSON object")
    unknown = sorted(set(data) - {*_STORE_KEYS, *_PARTS})
    if unknown:
        raise StateError(f"unknown namespace state key(s): {', '.join(unknown)}; known: "
                         f"{', '.join((*_STORE_KEYS, *_PARTS))}")
    if not all(isinstance(data.get(name, []), list) for name in _STORE_KEYS):
        raise StateError(f"{', '.join(_STORE_KEYS)} must be lists")
    return load_store(data.get("sites", []), data.get("meetings", []), data.get("usedKeys", []),
                      data.get("tickets", []), seed_sites, random_seed, data.get("clock"), launch,
                      data.get("happenings"), (data.get("recordings"), data.get("webhooks")))


def load_store(sites: Iterable[Any], meetings: Iterable[Any], used_keys: Iterable[Any], tickets: Iterable[Any],
               seed_sites: list[Site], random_seed: int | None = None, clock: Any = None,
               launch: ClockSetting | None = None, happenings: Any = None,
               recorded: tuple[Any, Any] = (None, None)) -> Store:
    """A store from a namespace's parts (``meetings`` is read once, one at a time: a state file's namespace is
    never held whole as JSON); StateError (naming the field) for anything an answer or the database could not
    take. ``clock``: the namespace's clock state (None: a clock started as ``launch`` says, else real time);
    ``recorded``: its recordings and webhooks (None: none)."""
    try:
        kept = MockClock.from_state(clock) if clock is not None else (launch or ClockSetting()).clock()
    except ClockError as exc:
        raise StateError(str(exc)) from None
    try:
        store = Store.from_sites([Site.from_dict(check_site(raw)) for raw in sites], seed=random_seed)
        store.clock = kept
        if happenings is not None:
            store.happenings = Happenings.from_state(happenings)
        _load_kept(store, *recorded)
        _restore_masked(list(store.sites.values()), seed_sites)
        for raw in meetings:
            store.put_meeting(_meeting(store, raw))
        used = list(used_keys)
        if not all(fits(k, "int") and _fits_sqlite(k, 1) for k in used):
            raise StateError(f"usedKeys must be integers from 1 to {SQLITE_MAX}")
        store.mark_used(used)
        for raw in tickets:
            ticket = Ticket(**check_fields(Ticket, raw, "ticket"))
            if not (_fits_sqlite(ticket.created_ms, 0) and _fits_sqlite(ticket.ttl_s, 0)):
                raise StateError(f"ticket created_ms and ttl_s must be from 0 to {SQLITE_MAX}")
            store.add_ticket(ticket)
    except StateError:
        raise
    except (TypeError, KeyError, ValueError, AttributeError) as exc:
        raise StateError(f"invalid state: {exc}") from None
    return store


def _load_kept(store: Store, recordings: Any, webhooks: Any) -> None:
    """The namespace's recordings and webhooks into ``store`` (its sites loaded): ValueError naming the part."""
    if recordings is not None:
        store.recordings = Recordings.from_state(recordings, store.recordings.changed)
    if webhooks is not None:
        store.webhooks = Webhooks.from_state(webhooks, store.webhooks.changed)
    for part, sites in (("recordings", store.recordings.sites()), ("webhooks", store.webhooks.sites())):
        unknown = sorted(sites - set(store.sites))
        if unknown:
            raise StateError(f"{part}: of unknown site(s) {', '.join(repr(site[:40]) for site in unknown[:3])}")


def _meeting(store: Store, raw: Any) -> Meeting:
    """A meeting of a state document, checked; it shares its site's and host's names with the store (a meeting
    created through the API holds no copy of them either)."""
    if isinstance(raw, dict) and "xml" not in raw and "data" in raw:  # the XML blocks, as version 1 held them
        try:
            check_stored(raw["data"])
        except BadMeetingData as bad:
            raise StateError(f"meeting {raw.get('key')}: {bad}") from None
        raw = as_model(raw)
    fields = check_fields(Meeting, raw, "meeting")
    key, site = fields["key"], store.sites.get(fields["site"])
    if not _fits_sqlite(key, 1):
        raise StateError(f"meeting key {key} is out of range (1 to {SQLITE_MAX})")
    if site is None:
        raise StateError(f"meeting {key} belongs to unknown site {fields['site']!r}")
    _check_model(fields)
    host = site.users.get(fields["host"].lower())
    return Meeting.from_dict({**fields, "site": site.key,
                              "host": host.webExId if host is not None and host.webExId == fields["host"]
                              else fields["host"]})


def as_model(raw: dict[str, Any]) -> dict[str, Any]:
    """A meeting as a state document of version 1 (or a database of schema 1 or 2) held it -- its XML blocks as
    ``data`` -- as the model holds it."""
    try:
        return Meeting.from_dict(raw).to_dict()
    except (TypeError, KeyError, ValueError, AttributeError, OverflowError) as bad:
        raise StateError(f"meeting {raw.get('key')}: cannot be read ({bad})") from None


def _check_model(fields: dict[str, Any]) -> None:
    """StateError unless every answer can be made from a meeting of a state document (its types are checked)."""
    key, core = fields["key"], Core(fields["title"], fields["start_ts"], fields["zone"], fields["duration"])
    if not timezones.meeting_showable(core.start_ts, core.duration):
        raise StateError(f"meeting {key}: start_ts {core.start_ts} is out of range ({timezones.EARLIEST_INSTANT} to "
                         f"{timezones.LATEST_INSTANT}, its end too: every zone shows it as a date)")
    if core.zone and not timezones.is_zone(core.zone):
        raise StateError(f"meeting {key}: zone {core.zone[:40]!r} is no IANA time zone")
    problem = placeholder_problem(core, fields["xml"])
    try:
        if problem is not None:
            raise BadMeetingData(problem)
        check_stored(join(core, fields["xml"]), "xml")
    except BadMeetingData as bad:
        raise StateError(f"meeting {key}: {bad}") from None
    except (TypeError, ValueError, OverflowError) as bad:
        raise StateError(f"meeting {key}: xml cannot be read ({bad})") from None
    if fields.get("series") is not None:
        try:
            Series.from_dict(fields["series"])
        except InvalidRequest as bad:
            raise StateError(f"meeting {key}: {bad.text.removeprefix('Invalid request: ')}") from None


def _fits_sqlite(value: int, low: int) -> bool:
    """Does an integer fit the database's INTEGER column (and is it at least ``low``)?"""
    return low <= value <= SQLITE_MAX


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
    if document.get("version") not in READABLE_VERSIONS:
        raise StateError(f"unsupported state version {document.get('version')!r} (this server reads "
                         f"{', '.join(map(str, READABLE_VERSIONS))})")
    namespaces = document.get("namespaces")
    if not isinstance(namespaces, dict):
        raise StateError("state document has no namespaces object")
    if only is not None and only not in namespaces:
        raise StateError(f"the document has no namespace {only!r} (it has: {', '.join(sorted(namespaces)) or 'none'})")
    names = [tenancy.validate(name) for name in namespaces if only is None or name == only]
    fit = tenancy.max_namespaces - (0 if DEFAULT in names else 1)  # default is always kept besides them
    if len(set(names)) > fit:
        raise StateError(f"the document has {len(set(names))} namespaces; at most {fit} fit beside "
                         f"{DEFAULT!r} (--max-namespaces {tenancy.max_namespaces}): nothing was imported")
    stores = {}
    for name, data in namespaces.items():
        if only is not None and name != only:
            continue
        try:
            stores[tenancy.validate(name)] = import_store(data, tenancy.seed_sites(), tenancy.random_seed,
                                                          tenancy.launch_clock)
        except StateError as bad:
            raise StateError(f"namespace {name!r}: {bad}") from None
    tenancy.install_all(stores)  # all or nothing: install only after every namespace parsed
    return sorted(stores)
