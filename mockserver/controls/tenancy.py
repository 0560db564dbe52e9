"""Namespaces: isolated mocks inside one server.

Each namespace has its own sites, meetings, tickets, journal, faults and stubs, created
from the seed the first time it is used. The ``X-Mock-Namespace`` header (or the
``/ns/{namespace}/WBXService/XMLService`` path, for clients that cannot set a
header) picks one; without either, calls use ``default``. Parallel tests that
share a server each use their own namespace and never see each other.

At most ``max_namespaces`` are kept in memory: a new one past the limit evicts the least
recently used (never ``default``), so a flood of names can neither lock out ``default`` nor a
new namespace. Without a state file an evicted namespace is gone; with one (``backing``) it
leaves memory only: its rows stay, and it is read back from the file when it is next used.
A namespace is deleted (``drop``) when the test that used it ends, in-process or through the
admin API (``DELETE /_mock/namespaces/{name}``); ``default`` never is. A store a reset, an
import or a drop replaces is let go of in the background, a little at a time
(:mod:`mockserver.domain.retire`), never where the call runs.
"""

from __future__ import annotations

import copy
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..base.errors import clip
from ..base.fidelity import LENIENT
from ..domain import eras
from ..domain.changes import Tracker
from ..domain.clock import ClockSetting
from ..domain.retire import retire, whole
from ..domain.sites import Site
from ..domain.store import Store
from .faults import FaultSet
from .journal import DEFAULT_BUDGET_BYTES, DEFAULT_LIMIT, DEFAULT_MAX_BYTES, Journal, JournalBudget
from .stubs import StubSet

DEFAULT = "default"
HEADER = "X-Mock-Namespace"
#: how the admin API's refusal to delete a namespace that does not exist begins (the remote fixture reads it)
NO_NAMESPACE = "no namespace "
_VALID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
MAX_NAMESPACES = 10_000
_log = logging.getLogger("mockserver.tenancy")


class BadNamespace(ValueError):
    pass


class Backing(Protocol):
    """Where namespaces live beyond memory (the state file)."""

    def revive(self, name: str) -> Store | None:
        """The namespace ``name`` as kept beyond memory (None: it is not kept)."""

    def kept_names(self) -> list[str]:
        """Every namespace kept beyond memory."""


@dataclass
class Tenant:
    name: str
    store: Store
    journal: Journal
    faults: FaultSet
    #: "lenient" or "documented" (see mockserver.fidelity); a reset returns it to the server's default
    fidelity: str = LENIENT
    #: canned answers (mockserver.controls.stubs); a reset clears them
    stubs: StubSet = field(default_factory=StubSet)

    def seed(self, value: int | None) -> None:
        """Deterministic meeting keys, UUIDs, tokens, tickets and fault draws from here on."""
        self.store.reseed(value)
        self.faults.reseed(value)


class Tenancy:
    def __init__(self, seed_sites: list[dict[str, Any]], random_seed: int | None = None,
                 journal_limit: int = DEFAULT_LIMIT, max_namespaces: int = MAX_NAMESPACES,
                 fidelity: str = LENIENT, journal_max_bytes: int = DEFAULT_MAX_BYTES,
                 max_journal_bytes: int = DEFAULT_BUDGET_BYTES, launch_clock: ClockSetting | None = None,
                 run_as_scheduled: bool = False, era: str = eras.DEFAULT) -> None:
        if max_namespaces < 2:
            raise ValueError(f"max_namespaces must be at least 2 (default and one more), not {max_namespaces}")
        #: the era of the seed's sites that name none, and of sites added later without one (--era)
        self.era = eras.check_era(era)
        self._seed_sites = [eras.with_default(site, self.era) for site in copy.deepcopy(seed_sites)]
        self.random_seed = random_seed
        #: how every new namespace's clock starts (--clock-start, --clock-frozen); a reset starts it so again
        self.launch_clock = launch_clock or ClockSetting()
        #: every new namespace's meetings run as scheduled (--meetings-run-as-scheduled); a reset sets it so again
        self.run_as_scheduled = run_as_scheduled
        self.fidelity = fidelity
        self.journal_limit = journal_limit
        self.max_namespaces = max_namespaces
        #: least recently used first
        self._tenants: OrderedDict[str, Tenant] = OrderedDict()
        self.journal_max_bytes = journal_max_bytes
        #: the bytes the journals of all namespaces hold together, and their bound (shared by every Journal)
        self.journal_budget = JournalBudget(max_journal_bytes)
        self._lock = threading.Lock()
        #: called after any change of state (the state file hooks in here)
        self.on_change: Callable[[], None] = lambda: None
        #: told of every namespace created, replaced, evicted or dropped (the state file sets it); None: nobody is
        self.tracker: Tracker | None = None
        #: where evicted namespaces are read back from (the state file sets it); None: eviction forgets them
        self.backing: Backing | None = None
        #: told of each store a namespace starts to use (made, read back, replaced, reset): webhooks deliveries
        self.on_store: Callable[[Tenant], None] = lambda tenant: None

    @staticmethod
    def validate(name: str | None) -> str:
        name = (name or DEFAULT).strip()
        if not _VALID.fullmatch(name):
            raise BadNamespace(f"invalid namespace {clip(name, 140)!r}: use 1-128 of A-Z a-z 0-9 _ . : -")
        return name

    def seed_sites(self) -> list[Site]:
        return [Site.from_dict(raw) for raw in self._seed_sites]

    def new_store(self) -> Store:
        store = Store.from_sites(self.seed_sites(), seed=self.random_seed)
        store.clock = self.launch_clock.clock()
        if self.run_as_scheduled:
            store.happenings.change_settings({"runAsScheduled": True}, store.now_ms())
        return store

    def get(self, name: str | None = None) -> Tenant:
        """The namespace ``name``: in memory, read back from the state file, or made fresh from the seed."""
        name = self.validate(name)
        with self._lock:
            tenant = self._tenants.get(name)
            if tenant is not None:
                self._tenants.move_to_end(name)
                return tenant
        # read back outside the lock: the state file takes its own lock, and a save holds it while it asks here
        kept = self.backing.revive(name) if self.backing is not None else None
        return self._get(name, kept)

    def _get(self, name: str, kept: Store | None = None) -> Tenant:
        """The namespace ``name`` in memory, made (from ``kept``, else fresh from the seed) if it is not there."""
        with self._lock:
            tenant = self._tenants.get(name)
            if tenant is None:
                self._make_room()
                journal = Journal(self.journal_limit, self.journal_max_bytes, self.journal_budget)
                store = kept if kept is not None else self.new_store()
                tenant = Tenant(name, store, journal, FaultSet(self.random_seed), self.fidelity)
                self._tenants[name] = tenant
                if kept is None:
                    self._fresh(name, store)
                self.on_store(tenant)
            self._tenants.move_to_end(name)
            return tenant

    def _make_room(self) -> None:
        """Evict least recently used namespaces (never ``default``) until one more fits (under the lock)."""
        while len(self._tenants) >= self.max_namespaces:
            oldest = next(name for name in self._tenants if name != DEFAULT)
            tenant = self._tenants.pop(oldest)
            tenant.journal.clear()  # its entries leave the journals' shared budget now, not when they age out
            if self.tracker is not None:  # the tracker may keep the store: its changes not committed yet
                self.tracker.evicted(oldest, tenant.store)
            else:
                _let_go(tenant.store)
            _log.info("namespace %r evicted from memory: least recently used of more than %d%s", oldest,
                      self.max_namespaces, "; its state stays in the state file" if self.backing else "")

    def names(self) -> list[str]:
        """Every namespace: in memory, or kept in the state file."""
        kept = self.backing.kept_names() if self.backing is not None else []
        with self._lock:
            return sorted(set(self._tenants).union(kept))

    def in_memory(self) -> list[Tenant]:
        """The namespaces in memory now (none is read back from the state file)."""
        with self._lock:
            return list(self._tenants.values())

    def existing(self, name: str) -> Tenant | None:
        """The namespace ``name`` if it exists (never creates it)."""
        with self._lock:
            return self._tenants.get(name)

    def install_all(self, stores: dict[str, Store]) -> None:
        """Replace several namespaces' state, then tell ``on_change`` once (one state file transaction)."""
        for name, store in stores.items():
            self.replace_store(name, store)
        self.on_change()

    def replace_store(self, name: str, store: Store) -> Tenant:
        """Replace a namespace's state, not telling ``on_change`` (the caller does)."""
        tenant = self._get(self.validate(name), store)
        old, tenant.store = tenant.store, store
        self._replaced(name, store)
        if old is not store:
            _let_go(old)
            self.on_store(tenant)
        return tenant

    def reset(self, name: str | None = None, site: str | None = None) -> bool:
        """Reset one namespace (its state and clock, journal, faults and stubs) or one site inside it (its settings,
        users, meetings and tickets back to the seed; a site the seed does not have is removed).

        False, and nothing changed, when ``site`` is neither in the namespace nor in the seed."""
        tenant = self.get(name)
        if site is None:
            old, tenant.store = tenant.store, self.new_store()
            self._replaced(tenant.name, tenant.store)
            _let_go(old)
            self.on_store(tenant)
            tenant.journal.clear()
            tenant.faults.clear()
            tenant.stubs.clear()
            tenant.faults.reseed(self.random_seed)
            tenant.fidelity = self.fidelity
        elif not self._reset_site(tenant, site):
            return False
        self.on_change()
        return True

    def _reset_site(self, tenant: Tenant, site_name: str) -> bool:
        key = site_name.strip().lower()
        return tenant.store.replace_site(key, next((s for s in self.seed_sites() if s.key == key), None))

    def reset_all(self) -> None:
        with self._lock:
            for name, tenant in self._tenants.items():
                tenant.journal.clear()
                self._dropped(name)
                _let_go(tenant.store)
            self._tenants.clear()
            if self.tracker is not None:
                self.tracker.dropped_everything()
        self.on_change()

    def drop(self, name: str) -> bool:
        """Forget the namespace ``name``: its state, journal, faults and stubs, and (through the tracker) its rows
        in the state file. False, and nothing changed, when there is no such namespace. ``default`` is never
        dropped (BadNamespace): reset it instead."""
        name = self.validate(name)
        if name == DEFAULT:
            raise BadNamespace(f"the {DEFAULT!r} namespace is never deleted; reset it instead")
        kept = self.backing is not None and name in self.backing.kept_names()
        with self._lock:
            tenant = self._tenants.pop(name, None)
            if tenant is None and not kept:
                return False
            if tenant is not None:
                tenant.journal.clear()
                _let_go(tenant.store)
            self._dropped(name)
        _log.debug("namespace %r deleted", name)
        self.on_change()
        return True

    def _replaced(self, name: str, store: Store) -> None:
        if self.tracker is not None:
            self.tracker.watch(name, store)

    def _fresh(self, name: str, store: Store) -> None:
        if self.tracker is not None:
            self.tracker.watch(name, store, fresh=True)

    def _dropped(self, name: str) -> None:
        if self.tracker is not None:
            self.tracker.dropped(name)


def _let_go(store: Store) -> None:
    """A store no namespace uses any more is emptied in the background, a little at a time (a call still in
    flight may read it meanwhile): freed at once, 100,000 meetings hold the interpreter for about 100 ms."""
    retire(whole(store), store.lock)
