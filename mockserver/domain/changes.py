"""What changed since the state database last committed: filled by the store and the namespaces, read by
:mod:`mockserver.persistence.database`, so a commit writes only the rows that changed (never a diff of everything).

* :class:`Changes` belongs to one namespace's store. The store's mutating methods note which meetings, users,
  sites, session tickets and meeting keys they touched (under the store's lock); a clock change notes the clock
  (:func:`mockserver.domain.clock.move`); the store's recordings and webhooks note themselves (the change callback
  the store gives them). A store no database backs keeps the default collector, which notes
  nothing.
* :class:`Tracker` knows the namespaces to write whole (replaced by a reset or an import, dropped; a namespace
  fresh from the seed once it first changes), the stores with noted changes, and the stores of namespaces evicted
  from memory before their changes were committed (an eviction never deletes rows: the namespace comes back from
  the database when it is next used).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol


class Watched(Protocol):
    """A store as the tracker sees it: something with a change collector."""

    changes: Changes


#: a namespace's parts kept as one row each (the state file's clocks, happenings, recordings and webhooks tables)
CLOCK, HAPPENINGS, RECORDINGS, WEBHOOKS = PARTS = ("clock", "happenings", "recordings", "webhooks")


class Changes:
    """The rows of one namespace a commit must write: each key is written as memory has it then (or deleted)."""

    def __init__(self, namespace: str = "", pending: dict[str, Changes] | None = None) -> None:
        self.namespace = namespace
        #: where a collector notes itself on its first change; None: a store without a database (notes nothing)
        self._pending = pending
        self.meetings: set[tuple[str, int]] = set()
        self.users: set[tuple[str, str]] = set()
        self.sites: set[str] = set()
        self.tickets: set[str] = set()
        self.all_tickets = False
        self.used_keys: set[int] = set()
        #: the namespace's one-row parts that changed, each written again whole (:data:`PARTS`)
        self.parts: set[str] = set()

    def meeting(self, site: str, key: int) -> None:
        if self._pending is not None:
            self.meetings.add((site, key))
            self._pending[self.namespace] = self

    def meetings_of(self, site: str, keys: Iterable[int]) -> None:
        """Many meetings of ``site`` at once (a site removed with its meetings): one C-level update."""
        if self._pending is not None:
            self.meetings.update(zip(itertools.repeat(site), keys))
            self._pending[self.namespace] = self

    def user(self, site: str, user: str) -> None:
        if self._pending is not None:
            self.users.add((site, user))
            self._pending[self.namespace] = self

    def site(self, site: str) -> None:
        """A site's own fields or settings changed, or the site came or went (its users are written again)."""
        if self._pending is not None:
            self.sites.add(site)
            self._pending[self.namespace] = self

    def ticket(self, value: str) -> None:
        if self._pending is not None:
            self.tickets.add(value)
            self._pending[self.namespace] = self

    def every_ticket(self) -> None:
        """Tickets were dropped in bulk (a sweep, a removed user or site): the namespace's tickets are rewritten."""
        if self._pending is not None:
            self.all_tickets = True
            self._pending[self.namespace] = self

    def used(self, keys: Iterable[int]) -> None:
        if self._pending is not None:
            self.used_keys.update(keys)
            self._pending[self.namespace] = self

    def part(self, name: str) -> None:
        """One of :data:`PARTS` changed: the clock was set; a meeting started or ended, or the meeting settings
        changed (happenings); a recording was made or deleted; a webhook was registered, changed or deleted."""
        if self._pending is not None:
            self.parts.add(name)
            self._pending[self.namespace] = self

    def take(self) -> Changes:
        """What was noted so far, as a new object; this one starts empty (call under the store's lock)."""
        taken = Changes(self.namespace)
        taken.meetings, self.meetings = self.meetings, set()
        taken.users, self.users = self.users, set()
        taken.sites, self.sites = self.sites, set()
        taken.tickets, self.tickets = self.tickets, set()
        taken.all_tickets, self.all_tickets = self.all_tickets, False
        taken.used_keys, self.used_keys = self.used_keys, set()
        taken.parts, self.parts = self.parts, set()
        return taken


class Tracker:
    """The namespaces changed since the last commit: the ones to write whole, the ones with noted changes, and the
    stores of namespaces evicted from memory before their changes were committed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._whole: set[str] = set()
        self._pending: dict[str, Changes] = {}
        #: namespaces made fresh from the seed and not written yet: written whole at their first change
        self._fresh: set[str] = set()
        #: namespaces evicted from memory with changes still to commit: their stores, until the commit
        self._evicted: dict[str, Watched] = {}
        #: every namespace of the database is to go (a reset of everything)
        self._everything = False

    def watch(self, name: str, store: Watched, whole: bool = True, fresh: bool = False) -> None:
        """Give ``store`` (namespace ``name``) a collector; ``whole``: the namespace is written whole next time;
        ``fresh``: it is as the seed makes it, written (whole) only once it changes."""
        store.changes = Changes(name, self._pending)
        with self._lock:
            self._evicted.pop(name, None)
            if fresh:
                self._fresh.add(name)
                self._whole.discard(name)
            else:
                self._fresh.discard(name)
                if whole:
                    self._whole.add(name)

    def dropped(self, name: str) -> None:
        """The namespace is gone: its rows go at the next commit."""
        with self._lock:
            self._whole.add(name)
            self._fresh.discard(name)
            self._evicted.pop(name, None)

    def dropped_everything(self) -> None:
        """Every namespace is gone, the ones only the database holds too."""
        with self._lock:
            self._everything = True
            self._fresh.clear()
            self._evicted.clear()

    def evicted(self, name: str, store: Watched) -> None:
        """The namespace left memory (its rows stay): its changes not committed yet are committed from ``store``."""
        with self._lock:
            if name in self._whole or name in self._pending:
                self._evicted[name] = store
            else:
                self._fresh.discard(name)

    def revived(self, name: str) -> Watched | None:
        """The store of an evicted namespace whose changes are not committed yet (it comes back as it is)."""
        with self._lock:
            return self._evicted.pop(name, None)

    def take(self) -> Taken:
        """What to commit (the collectors still to be taken from, under each store's lock); the tracker starts
        empty."""
        with self._lock:
            whole, self._whole = self._whole, set()
            pending = dict(self._pending)
            for name, changes in pending.items():
                if self._pending.get(name) is changes:
                    del self._pending[name]
            first = self._fresh & set(pending)
            self._fresh -= first
            whole |= first
            evicted, self._evicted = self._evicted, {}
            everything, self._everything = self._everything, False
        return Taken(whole, pending, evicted, everything)

    def settle(self, names: Iterable[str]) -> None:
        """``names`` are as the database has them (just read back from it): nothing to write for them."""
        with self._lock:
            for name in names:
                self._whole.discard(name)
                self._pending.pop(name, None)
                self._evicted.pop(name, None)


@dataclass
class Taken:
    """What one commit writes (:meth:`Tracker.take`)."""

    #: namespaces to write whole (or to delete, when no store holds them)
    whole: set[str]
    #: namespaces with noted changes
    pending: dict[str, Changes]
    #: stores of namespaces evicted from memory before their changes were committed
    evicted: dict[str, Watched] = field(default_factory=dict)
    #: every namespace the database holds goes, but the ones written whole
    everything: bool = False
