"""In-memory state of one mock: sites, meetings, session tickets, id generators.

Thread-safe: every read and write goes through one re-entrant lock, so the
uvicorn worker and a test thread inspecting state never see half an update.
A meeting is replaced as a whole (never mutated in place), which is what keeps
concurrent Set/Del from leaving a half-written meeting.
"""

from __future__ import annotations

import base64
import copy
import random
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable

from .sites import Site

KEY_LOW, KEY_HIGH = 100_000_000, 99_999_999_999  # 9 to 11 digits (reference 3.13)


@dataclass
class Meeting:
    key: int
    site: str                 # site key (lower-case siteName)
    host: str                 # host webExId as stored on the site
    uuid: str
    mtid: str                 # the "m<32 hex>" id of j.php?MTID= links
    guest_token: str
    host_key: str
    event_id: int
    data: dict[str, Any]      # every block as stored after defaults and rules
    created_ms: int = 0

    def to_dict(self) -> dict[str, Any]:
        return copy.deepcopy(asdict(self))

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> "Meeting":
        return cls(**copy.deepcopy(raw))


@dataclass
class Ticket:
    value: str
    site: str
    user: str
    created_ms: int
    ttl_s: int

    def valid_at(self, now_ms: int) -> bool:
        return now_ms < self.created_ms + self.ttl_s * 1000


@dataclass
class Store:
    sites: dict[str, Site] = field(default_factory=dict)
    seed: int | None = None
    clock: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        self.lock = threading.RLock()
        self.rng = random.Random(self.seed)
        self.meetings: dict[str, dict[int, Meeting]] = {key: {} for key in self.sites}
        self.used_keys: set[int] = set()
        self.tickets: dict[str, Ticket] = {}

    @classmethod
    def from_sites(cls, sites: Iterable[Site], seed: int | None = None) -> "Store":
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
            self.meetings.setdefault(site.key, {})

    # -- ids -------------------------------------------------------------------

    def now_ms(self) -> int:
        return int(self.clock() * 1000)

    def new_meeting_key(self) -> int:
        with self.lock:
            while True:
                key = self.rng.randrange(KEY_LOW, KEY_HIGH + 1)
                if key not in self.used_keys:
                    self.used_keys.add(key)
                    return key

    def hex(self, chars: int) -> str:
        with self.lock:
            return "".join(self.rng.choice("0123456789abcdef") for _ in range(chars))

    def digits(self, count: int) -> str:
        with self.lock:
            return "".join(self.rng.choice("0123456789") for _ in range(count))

    def new_ticket_value(self) -> str:
        with self.lock:
            raw = bytes(self.rng.getrandbits(8) for _ in range(48))
        return base64.b64encode(raw).decode("ascii")

    # -- meetings --------------------------------------------------------------

    def put_meeting(self, meeting: Meeting) -> None:
        with self.lock:
            self.meetings.setdefault(meeting.site, {})[meeting.key] = meeting
            self.used_keys.add(meeting.key)

    def get_meeting(self, site: str, key: int) -> Meeting | None:
        with self.lock:
            return self.meetings.get(site, {}).get(key)

    def delete_meeting(self, site: str, key: int) -> Meeting | None:
        with self.lock:
            return self.meetings.get(site, {}).pop(key, None)

    def site_meetings(self, site: str) -> list[Meeting]:
        with self.lock:
            return list(self.meetings.get(site, {}).values())

    # -- session tickets ---------------------------------------------------------

    def issue_ticket(self, site: Site, user_key: str) -> Ticket:
        ticket = Ticket(self.new_ticket_value(), site.key, user_key, self.now_ms(), site.settings.ticketLifetime)
        with self.lock:
            self.tickets[ticket.value] = ticket
        return ticket

    def ticket(self, value: str) -> Ticket | None:
        with self.lock:
            return self.tickets.get(value)
