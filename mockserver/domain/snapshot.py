"""Consistent copies of a store, taken cheaply under its lock, for reads that take long (the state export, the
admin API's pages): the lock is held only for C-level copies of the containers (held meetings are immutable
tuples, users and tickets are replaced whole), and every decode and encode happens outside it."""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .clock import MockClock
from .records import HeldMeeting, Meeting
from .sites import Site
from .sortedentries import IndexEntry
from .store import Store


@dataclass
class SiteCopy:
    key: str
    #: the site's ``(key, 0)`` entries in key order, and its held meetings by key
    order: list[IndexEntry]
    held: dict[int, HeldMeeting]

    def meetings(self) -> Iterator[Meeting]:
        """The site's meetings in key order (each decoded when its data is read)."""
        return (Meeting.from_held(self.held[key]) for key, _ in self.order)


@dataclass
class StoreCopy:
    """A store as it was at one instant."""

    sites: list[Site]
    meetings: list[SiteCopy]
    used_keys: list[int]
    #: the clock's state (None: a store whose clock is a plain function)
    clock: dict[str, Any] | None = None
    #: what happened to the meetings (:mod:`.happenings`)
    happenings: dict[str, Any] | None = None
    #: the recordings and the webhooks (:mod:`.recordings`, :mod:`.webhooks`), with their secrets
    recordings: dict[str, Any] | None = None
    webhooks: dict[str, Any] | None = None


def copy_store(store: Store) -> StoreCopy:
    """The store's sites, meetings (by site, each in key order) and used keys, as one consistent copy."""
    with store.lock:
        sites = [dataclasses.replace(site, settings=dataclasses.replace(site.settings), users=dict(site.users))
                 for site in store.sites.values()]
        meetings = [SiteCopy(key, list(store.indexes.in_key_order(key)), dict(store.meetings[key]))
                    for key in sorted(store.meetings)]
        clock = store.clock.state() if isinstance(store.clock, MockClock) else None
        return StoreCopy(sites, meetings, list(store.used_keys), clock, store.happenings.state(),
                         store.recordings.state(), store.webhooks.state())


def page_in_key_order(store: Store, site: str, limit: int, after: int | None) -> tuple[list[HeldMeeting], int, bool]:
    """(the held meetings of ``site`` with keys above ``after``, at most ``limit`` in key order, how many the site
    holds, whether more follow): two bisections and a slice under the lock."""
    with store.lock:
        index = store.indexes.in_key_order(site)
        first = 0 if after is None else bisect.bisect_right(index, (after, 0))
        entries = index[first:first + limit]
        held = store.meetings.get(site, {})
        return [held[key] for key, _ in entries], len(index), first + len(entries) < len(index)
