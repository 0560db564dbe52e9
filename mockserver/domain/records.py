"""The records the store keeps: a meeting (stored whole, replaced whole) and a session ticket.

A stored meeting is held compactly (docs/benchmarks.md): its data -- some hundred small dicts, lists and
strings once decoded -- is kept as one bytes object (:mod:`marshal`, format 2, then deflated against a
dictionary of the first meeting's bytes, which every later meeting mostly repeats, whether it was created or
loaded) and decoded on each read of ``Meeting.data``. So a stored meeting is one garbage-collected object and
about a kilobyte, and a full garbage collection does not grow with the number of meetings' blocks. Readers get
a fresh copy on every read: changing it changes nothing stored (a meeting is replaced whole, :meth:`Meeting.replaced`).
"""

from __future__ import annotations

import hashlib
import marshal
import threading
import zlib
from dataclasses import dataclass, field, fields
from typing import Any

from .sortedentries import IndexEntry
from .timezones import start_instant

#: a meeting as the store holds it (:meth:`Meeting.held`): a plain tuple of numbers, strings and bytes, which
#: the garbage collector stops tracking, so a full collection does not grow with the meetings stored
HeldMeeting = tuple[int, str, str, str, str, str, str, int, int, str, bytes, str, int]


@dataclass(init=False)
class Meeting:
    key: int
    site: str                 # site key (lower-case siteName)
    host: str                 # host webExId as stored on the site
    uuid: str
    mtid: str                 # the "m<32 hex>" id of the host's j.php?MTID= link
    guest_token: str
    host_key: str
    event_id: int
    data: dict[str, Any]      # every block as stored after defaults and rules (held encoded: _held)
    created_ms: int = 0
    #: the attendees' j.php?MTID= id: real iCalendarURLs carry a different MTID for host and attendee
    #: (reference 14.4). State saved before it existed lacks it: derived from ``mtid`` then, stably.
    attendee_mtid: str = ""
    #: schedule/startDate in schedule/timeZoneID as an instant (epoch seconds); derived, for listing
    start_ts: int = field(init=False, default=0)

    def __init__(self, key: int, site: str, host: str, uuid: str, mtid: str, guest_token: str, host_key: str,
                 event_id: int, data: dict[str, Any], created_ms: int = 0, attendee_mtid: str = "") -> None:
        self.key, self.site, self.host, self.uuid, self.mtid = key, site, host, uuid, mtid
        self.guest_token, self.host_key, self.event_id, self.created_ms = guest_token, host_key, event_id, created_ms
        self.attendee_mtid = attendee_mtid or (
            "m" + hashlib.sha256(f"attendee/{mtid}".encode()).hexdigest()[:32])
        self._held = _encode(data)
        #: metaData/confName, the one block value a listing sorts by (kept so a sort decodes nothing)
        self.conf_name: str = str(data.get("metaData", {}).get("confName", ""))
        try:
            self.start_ts = start_instant(data)
        except (KeyError, ValueError):  # a meeting without a (valid) schedule lists first
            self.start_ts = 0
        self.entry: IndexEntry = (self.start_ts, self.key)

    def held(self) -> HeldMeeting:
        """The meeting as the store keeps it (see :data:`HeldMeeting`)."""
        return (self.key, self.site, self.host, self.uuid, self.mtid, self.guest_token, self.host_key, self.event_id,
                self.created_ms, self.attendee_mtid, self._held, self.conf_name, self.start_ts)

    @classmethod
    def from_held(cls, held: HeldMeeting) -> Meeting:
        """The meeting the store keeps as ``held`` (its data still encoded, decoded when read)."""
        meeting = cls.__new__(cls)
        (meeting.key, meeting.site, meeting.host, meeting.uuid, meeting.mtid, meeting.guest_token, meeting.host_key,
         meeting.event_id, meeting.created_ms, meeting.attendee_mtid, meeting._held, meeting.conf_name,
         meeting.start_ts) = held
        meeting.entry = (meeting.start_ts, meeting.key)
        return meeting

    def replaced(self, **changes: Any) -> Meeting:
        """This meeting with ``changes`` (``data`` among them, say): a new meeting, this one unchanged."""
        current = {f.name: getattr(self, f.name) for f in fields(self) if f.init and f.name not in changes}
        return Meeting(**current, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The meeting as plain data (its ``data`` decoded afresh: nothing is copied again, as ``asdict`` would,
        which cost a thousand-attendee meeting's commit 50 ms)."""
        return {name: getattr(self, name) for name in _FIELDS}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Meeting:
        return cls(**{k: v for k, v in raw.items() if k != "start_ts"})


#: a meeting's fields, in order (its plain data's keys)
_FIELDS = tuple(f.name for f in fields(Meeting))


def _decoded_data(meeting: Meeting) -> dict[str, Any]:
    """The meeting's blocks, decoded: a fresh copy on every read."""
    decoded: dict[str, Any] = _decode(meeting._held)
    return decoded


# ``Meeting.data`` stays a dataclass field (state export, ``dataclasses.replace``) read through this property
setattr(Meeting, "data", property(_decoded_data))  # noqa: B010


# -- the encoded form of a meeting's data -------------------------------------------------------------

#: deflate settings: a 4 KiB window holds the dictionary and a meeting; a small hash table allocates fast
_WINDOW_BITS, _MEMORY_LEVEL = -12, 2
#: marshal format 2 writes every string in full, never as a reference to an equal one seen before (format 3 on):
#: its bytes depend on the data alone, not on which strings happen to be one object. A meeting made by a call
#: (strings interned and shared by the request path) and the same meeting read back from JSON (every string its
#: own) encode alike, so both deflate as well against the one dictionary (format 4 made a meeting read from the
#: state file about five times larger in memory than the same meeting created by a call).
_MARSHAL_VERSION = 2
_prime_lock = threading.Lock()


#: a compressor and a decompressor primed with the dictionary, copied for each meeting (a copy is several times
#: cheaper than priming a new one)
_primed: tuple[zlib._Compress, zlib._Decompress] | None = None


def _encode(data: dict[str, Any]) -> bytes:
    raw = marshal.dumps(data, _MARSHAL_VERSION)
    compressor = (_primed or _prime(raw))[0].copy()
    return compressor.compress(raw) + compressor.flush()


def _decode(held: bytes) -> Any:
    assert _primed is not None, "a meeting is decoded only after one was encoded"
    return marshal.loads(_primed[1].copy().decompress(held))


def _prime(first: bytes) -> tuple[zlib._Compress, zlib._Decompress]:
    """The preset deflate dictionary is the first meeting encoded in this process, fixed from then on."""
    global _primed
    with _prime_lock:
        if _primed is None:
            _primed = (zlib.compressobj(1, zlib.DEFLATED, _WINDOW_BITS, _MEMORY_LEVEL, zlib.Z_DEFAULT_STRATEGY,
                                        first), zlib.decompressobj(_WINDOW_BITS, first))
    return _primed


@dataclass
class Ticket:
    value: str
    site: str
    user: str
    created_ms: int
    ttl_s: int

    def valid_at(self, now_ms: int) -> bool:
        return now_ms < self.created_ms + self.ttl_s * 1000
