"""In-memory state of one mock: sites, meetings, session tickets, webhooks, id generators.

Thread-safe: every read and write goes through one re-entrant lock; a meeting is replaced whole, never mutated.

Listing indexes (kept on every put/delete, under the lock): per site, and per site and host, ``(start, key)``
entries kept sorted (:class:`~mockserver.domain.sortedentries.SortedEntries`): a page in start order is a slice, a
date range two bisections; other orders are sorted once per site *version* and remembered (:mod:`.listquery`).
"""

from __future__ import annotations

import random
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from .changes import RECORDINGS, WEBHOOKS, Changes
from .clock import MockClock
from .draws import Draws
from .happenings import Happenings
from .meetingindex import Facts, MeetingIndexes
from .plans import Plan
from .recordings import Recordings
from .records import HeldMeeting, Meeting, Ticket
from .retire import retire, take_site
from .sites import Site, User
from .sortedentries import IndexEntry, SortedEntries
from .webhooks import Webhooks
from .xmlplans import XmlPlan

VIEW_CACHE_SIZE = 16
#: expired session tickets are dropped once this many are kept (and again at twice the number then left)
TICKET_SWEEP_FLOOR = 64

@dataclass
class Store(Draws):
    sites: dict[str, Site] = field(default_factory=dict)
    seed: int | None = None
    clock: Callable[[], float] = field(default_factory=MockClock)  # the namespace's (.clock), or epoch seconds

    def __post_init__(self) -> None:
        self.lock = threading.RLock()
        self.rng = random.Random(self.seed)
        #: per site, meeting key -> the meeting as held (Meeting.held: one untracked tuple a meeting)
        self.meetings: dict[str, dict[int, HeldMeeting]] = {key: {} for key in self.sites}
        self.used_keys: set[int] = set()
        self.tickets: dict[str, Ticket] = {}
        self._ticket_sweep_at = TICKET_SWEEP_FLOOR
        self.by_start: dict[str, SortedEntries] = {key: SortedEntries() for key in self.sites}
        self.by_host: dict[str, dict[str, SortedEntries]] = {key: {} for key in self.sites}
        self.versions: dict[str, int] = dict.fromkeys(self.sites, 0)
        self.indexes = MeetingIndexes()  # what listings filter and sort by, attendees, keys in order
        self.webhooks = Webhooks(changed=lambda: self.changes.part(WEBHOOKS))  # told of each meeting made, changed...
        self.happenings = Happenings()  # the instances a test started and ended (.happenings)
        self._views: OrderedDict[Hashable, Any] = OrderedDict()
        self.recordings = Recordings(changed=lambda: self.changes.part(RECORDINGS))  # what ended meetings left
        self.changes = Changes()  # what changed since the state database last committed (none: notes nothing)
        self.plans: dict[Hashable, Plan | XmlPlan] = {}  # the rules' work per kind of meeting (.plans, .xmlplans)
        self.kinds_seen: set[Hashable] = set()  # kinds of XML creates met once, not planned yet (.xmlplans)

    @classmethod
    def from_sites(cls, sites: Iterable[Site], seed: int | None = None) -> Store:
        return cls(sites={site.key: site for site in sites}, seed=seed)

    # -- sites -----------------------------------------------------------------

    def site_by_name(self, name: str) -> Site | None:
        with self.lock:
            return self.sites.get(name.strip().lower())

    def site_by_id(self, site_id: int, partner_id: str | None) -> Site | None:
        with self.lock:
            for site in self.sites.values():
                if site.siteID == site_id and (partner_id is None or site.partnerID == partner_id):
                    return site
            return None

    def add_site(self, site: Site) -> None:
        with self.lock:
            self.sites[site.key] = site
            self.changes.site(site.key)
            self.meetings.setdefault(site.key, {})
            self.by_start.setdefault(site.key, SortedEntries())
            self.by_host.setdefault(site.key, {})
            self.versions.setdefault(site.key, 0)

    def all_sites(self) -> list[Site]:
        with self.lock:
            return list(self.sites.values())

    def has_site(self, key: str) -> bool:
        with self.lock:
            return key in self.sites

    def remove_site(self, key: str) -> None:
        """A site goes with all it holds (its meeting keys stay used; its meetings let go of by .retire)."""
        with self.lock:
            retire(take_site(self, key))
            self.webhooks.clear_site(key)
            self.recordings.clear_site(key)
            self.tickets = {value: t for value, t in self.tickets.items() if t.site != key}
            self.sites.pop(key, None)
            self.changes.site(key)
            self.changes.every_ticket()

    def replace_site(self, key: str, fresh: Site | None) -> bool:
        """Site ``key`` back to ``fresh``, or removed (None); False, and nothing changed, when there is neither."""
        with self.lock:
            if fresh is None and key not in self.sites:
                return False
            self.remove_site(key)
            if fresh is not None:
                self.add_site(fresh)
            return True

    def update_settings(self, site: Site, changes: dict[str, Any]) -> None:
        with self.lock:
            site.settings.update(changes)
            self.changes.site(site.key)

    # -- users -----------------------------------------------------------------

    def site_users(self, site: Site) -> list[User]:
        with self.lock:
            return list(site.users.values())

    def add_user(self, site: Site, user: User, check: Callable[[], None] | None = None) -> None:
        """Add (or replace) ``user``; ``check`` runs first, under the same lock, and may refuse by raising."""
        with self.lock:
            if check is not None:
                check()
            site.add_user(user)
            self.changes.user(site.key, user.key)

    def replace_user(self, site: Site, old: User, new: User, check: Callable[[], None] | None = None) -> None:
        """Swap a stored user; a renamed host keeps their meetings and session tickets."""
        with self.lock:
            if check is not None:
                check()
            self.changes.user(site.key, old.key)
            self.changes.user(site.key, new.key)
            if new.key == old.key:
                site.users[old.key] = new
                return
            del site.users[old.key]
            site.add_user(new)
            for meeting in self.site_meetings(site.key):
                if meeting.host.lower() == old.key:
                    data = meeting.data  # a fresh copy
                    data.get("schedule", {})["hostWebExID"] = new.webExId
                    self.put_meeting(meeting.replaced(host=new.webExId, data=data))
            for ticket in self.tickets.values():
                if (ticket.site, ticket.user) == (site.key, old.key):
                    ticket.user = new.key
                    self.changes.ticket(ticket.value)

    def remove_user(self, site: Site, user: User) -> None:
        """A user goes with their session tickets (their meetings stay, as on a real site)."""
        with self.lock:
            site.users.pop(user.key, None)
            self.tickets = {value: t for value, t in self.tickets.items()
                            if (t.site, t.user) != (site.key, user.key)}
            self.changes.user(site.key, user.key)
            self.changes.every_ticket()

    # -- whole-store copies (state export and import) --------------------------------

    def snapshot(self, include_tickets: bool) -> dict[str, Any]:
        """Sites, meetings (by site and key), used keys and, if asked, tickets, as plain data."""
        with self.lock:
            return {
                "sites": [site.to_dict() for site in self.sites.values()],
                "meetings": sorted((Meeting.from_held(held).to_dict() for by_key in self.meetings.values()
                                    for held in by_key.values()),
                                   key=lambda m: (m["site"], m["key"])),
                "usedKeys": sorted(self.used_keys),
                "tickets": [asdict(t) for t in self.tickets.values()] if include_tickets else [],
            }

    def mark_used(self, keys: Iterable[int]) -> None:
        with self.lock:
            keys = list(keys)
            self.used_keys.update(keys)
            self.changes.used(keys)

    def reseed(self, value: int | None) -> None:
        """Deterministic keys, UUIDs, tokens and tickets from here on."""
        with self.lock:
            self.rng = random.Random(value)

    def continue_ids_from(self, other: Store) -> None:
        """Go on drawing ids where ``other`` was (a store replaced by one read back from the state file)."""
        with self.lock:
            self.rng = other.rng

    # -- ids -------------------------------------------------------------------

    def now_ms(self) -> int:
        return self.clock.now_ms() if isinstance(self.clock, MockClock) else int(self.clock() * 1000)

    # -- meetings --------------------------------------------------------------

    def put_meeting(self, meeting: Meeting, facts: Facts | None = None) -> None:
        """``facts``: :func:`.meetingindex.facts_of` the meeting, when known."""
        with self.lock:
            old = self.meetings.setdefault(meeting.site, {}).get(meeting.key)
            if old is not None:
                self._unindex(Meeting.from_held(old))
            self.meetings[meeting.site][meeting.key] = meeting.held()
            self.used_keys.add(meeting.key)
            self._index(meeting, facts)
            self.changes.meeting(meeting.site, meeting.key)

    def get_meeting(self, site: str, key: int) -> Meeting | None:
        with self.lock:
            held = self.meetings.get(site, {}).get(key)
        return Meeting.from_held(held) if held is not None else None

    def update_meeting(self, site: str, key: int, change: Callable[[Meeting], Meeting]) -> Meeting | None:
        """Replace a meeting by ``change(old)``, atomically (nothing changed if it raises); None: no such meeting."""
        with self.lock:
            old = self.get_meeting(site, key)
            if old is None:
                return None
            new = change(old)
            self.put_meeting(new)
            self.webhooks.meeting("updated", new, self.now_ms())
            return new

    def delete_meeting(self, site: str, key: int, check: Callable[[Meeting], None] | None = None) -> Meeting | None:
        """Remove a meeting (after ``check(meeting)``, which may raise); its key is never issued again."""
        with self.lock:
            meeting = self.get_meeting(site, key)
            if meeting is None:
                return None
            if check is not None:
                check(meeting)
            del self.meetings[site][key]
            self._unindex(meeting)
            self.changes.meeting(site, key)
            self.happenings.forget(site, key)
            self.webhooks.meeting("deleted", meeting, self.now_ms())
            return meeting

    def site_meetings(self, site: str) -> list[Meeting]:
        with self.lock:
            return [Meeting.from_held(held) for held in self.meetings.get(site, {}).values()]

    @contextmanager
    def reading(self, site: str) -> Iterator[SiteView]:
        """A consistent read of one site's meetings and listing indexes, for as long as the block lasts."""
        with self.lock:
            yield SiteView(self, site)

    # -- listing indexes (read them only while holding self.lock: see reading()) ----------------

    def start_index(self, site: str, host: str | None = None) -> Sequence[IndexEntry]:
        """Entries sorted by (start, key): of the site, or of one host (webExId, any case)."""
        if host is None:
            return self.by_start.get(site, _NONE)
        return self.by_host.get(site, {}).get(host.lower(), _NONE)

    def remembered(self, site: str, signature: Hashable) -> Any:
        """What was remembered for ``signature`` since the site's meetings last changed, else None (under the lock)."""
        found = self._views.get((site, self.versions.get(site, 0), signature))
        if found is not None:
            self._views.move_to_end((site, self.versions.get(site, 0), signature))
        return found

    def remember(self, site: str, version: int, signature: Hashable, value: Any) -> None:
        """Remember ``value`` (worked out from the site at ``version``) until the site's meetings next change."""
        with self.lock:
            if self.versions.get(site, 0) == version:
                self._views[(site, version, signature)] = value
                if len(self._views) > VIEW_CACHE_SIZE:
                    self._views.popitem(last=False)

    def _index(self, meeting: Meeting, facts: Facts | None = None) -> None:
        _index_in(self.by_start, meeting.site).add(meeting.entry)
        _index_in(self.by_host.setdefault(meeting.site, {}), meeting.host.lower()).add(meeting.entry)
        self.indexes.add(meeting, facts)
        self.versions[meeting.site] = self.versions.get(meeting.site, 0) + 1

    def _unindex(self, meeting: Meeting) -> None:
        self.by_start.get(meeting.site, _NONE).discard(meeting.entry)
        self.by_host.get(meeting.site, {}).get(meeting.host.lower(), _NONE).discard(meeting.entry)
        self.indexes.discard(meeting.site, meeting.key)
        self.versions[meeting.site] = self.versions.get(meeting.site, 0) + 1

    # -- session tickets ---------------------------------------------------------

    def issue_ticket(self, site: Site, user_key: str, now_ms: int) -> Ticket:
        ticket = Ticket(self.new_ticket_value(), site.key, user_key, now_ms, site.settings.ticketLifetime)
        self.add_ticket(ticket)
        return ticket

    def add_ticket(self, ticket: Ticket) -> None:
        """Keep a ticket; expired ones are dropped now and then, amortised O(1) per ticket.

        A sweep runs when the kept tickets reach twice the number the last sweep left (at least
        ``TICKET_SWEEP_FLOOR``), so the tickets kept stay within twice the live ones."""
        with self.lock:
            self.tickets[ticket.value] = ticket
            self.changes.ticket(ticket.value)
            if len(self.tickets) >= self._ticket_sweep_at:
                now = self.now_ms()
                self.tickets = {value: t for value, t in self.tickets.items() if t.valid_at(now)}
                self._ticket_sweep_at = max(TICKET_SWEEP_FLOOR, 2 * len(self.tickets))
                self.changes.every_ticket()

    def ticket(self, value: str) -> Ticket | None:
        with self.lock:
            return self.tickets.get(value)

    def expire_ticket(self, value: str) -> None:
        """The ticket ``value`` (if any) is expired from now on (fault ``expire_ticket``)."""
        with self.lock:
            ticket = self.tickets.get(value)
            if ticket is not None:
                ticket.ttl_s = 0
                self.changes.ticket(value)


@dataclass(frozen=True)
class SiteView:
    """One site's meetings and indexes, read under the store's lock (:meth:`Store.reading`)."""

    store: Store
    site: str

    @property
    def meetings(self) -> Mapping[int, Meeting]:
        return HeldMeetings(self.store.meetings.get(self.site, {}))

    def start_index(self, host: str | None = None) -> Sequence[IndexEntry]:
        return self.store.start_index(self.site, host)

    def remembered(self, signature: Hashable) -> Any:
        return self.store.remembered(self.site, signature)

    def users(self) -> list[User]:
        found = self.store.sites.get(self.site)
        return list(found.users.values()) if found is not None else []


class HeldMeetings(Mapping[int, Meeting]):
    """A site's held meetings (key -> :data:`HeldMeeting`) read as :class:`Meeting` objects, each made when read."""

    def __init__(self, held: dict[int, HeldMeeting]) -> None:
        self._held = held

    def __getitem__(self, key: int) -> Meeting:
        return Meeting.from_held(self._held[key])

    def __iter__(self) -> Iterator[int]:
        return iter(self._held)

    def __len__(self) -> int:
        return len(self._held)


#: the index of a site or host with no meetings (never added to)
_NONE = SortedEntries()


def _index_in(indexes: dict[str, SortedEntries], name: str) -> SortedEntries:
    index = indexes.get(name)
    if index is None:
        index = indexes[name] = SortedEntries()
    return index
