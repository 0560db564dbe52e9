"""The records the store keeps: a meeting (stored whole, replaced whole) and a session ticket."""

from __future__ import annotations

import copy
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from .instants import start_instant

#: one index entry: (start instant in epoch seconds, meeting key)
Entry = tuple[int, int]


@dataclass
class Meeting:
    key: int
    site: str                 # site key (lower-case siteName)
    host: str                 # host webExId as stored on the site
    uuid: str
    mtid: str                 # the "m<32 hex>" id of the host's j.php?MTID= link
    guest_token: str
    host_key: str
    event_id: int
    data: dict[str, Any]      # every block as stored after defaults and rules
    created_ms: int = 0
    #: the attendees' j.php?MTID= id: real iCalendarURLs carry a different MTID for host and attendee
    #: (reference 14.4). State saved before it existed lacks it: derived from ``mtid`` then, stably.
    attendee_mtid: str = ""
    #: schedule/startDate in schedule/timeZoneID as an instant (epoch seconds); derived, for listing
    start_ts: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        if not self.attendee_mtid:
            self.attendee_mtid = "m" + hashlib.sha256(f"attendee/{self.mtid}".encode()).hexdigest()[:32]
        try:
            self.start_ts = start_instant(self.data)
        except (KeyError, ValueError):  # a meeting without a (valid) schedule lists first
            self.start_ts = 0

    @property
    def entry(self) -> Entry:
        return (self.start_ts, self.key)

    def to_dict(self) -> dict[str, Any]:
        return copy.deepcopy(asdict(self))

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Meeting:
        return cls(**{k: copy.deepcopy(v) for k, v in raw.items() if k != "start_ts"})


@dataclass
class Ticket:
    value: str
    site: str
    user: str
    created_ms: int
    ttl_s: int

    def valid_at(self, now_ms: int) -> bool:
        return now_ms < self.created_ms + self.ttl_s * 1000
