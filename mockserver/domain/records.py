"""The records the store keeps: a meeting (the face-neutral model, replaced whole) and a session ticket.

A meeting is held compactly (docs/benchmarks.md): its core fields are plain numbers and strings, and each face's
extension -- the XML blocks, some hundred small dicts, lists and strings once decoded -- is kept as one bytes
object: its differences from the first extension of its shape, which most meetings repeat almost byte for byte
(:mod:`.compact`), decoded on each read. So a stored meeting is one tuple
of about a kilobyte that the garbage collector does not track. Readers get a fresh copy on every read: changing it
changes nothing stored (a meeting is replaced whole, :meth:`Meeting.replaced`).
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import re
import sys
from dataclasses import dataclass, field, fields
from typing import Any

from . import timezones, xmlblocks
from .compact import MARSHAL_VERSION as _MARSHAL_VERSION
from .compact import decode as _decode
from .compact import encode as _encode
from .recurrence import Series
from .sortedentries import IndexEntry

#: a meeting as the store holds it (:meth:`Meeting.held`): a plain tuple of numbers, strings and bytes, which
#: the garbage collector stops tracking, so a full collection does not grow with the meetings stored
#: (key, site, host, the ids packed (:func:`pack_ids`), event_id, created_ms, the XML extension encoded, title,
#: start_ts, zone, duration, the REST extension encoded, the series encoded (b"": none))
HeldMeeting = tuple[int, str, str, "bytes | tuple[str, ...]", int, int, bytes, str, int, str, int, bytes, bytes]


@dataclass(init=False)
class Meeting:
    """A meeting as the model holds it, face-neutral: ids, core fields, and each face's extension.

    ``xml`` is the XML face's extension (:mod:`.xmlblocks`: the blocks with placeholders where a core field holds
    the value), ``rest`` the values only the REST face has. ``data`` (not a field) is the XML face's view: the
    blocks as the rules stored them, core values in place. Both extensions are held encoded and decoded afresh
    on every read.
    """

    key: int
    site: str                 # site key (lower-case siteName)
    host: str                 # host webExId as stored on the site
    uuid: str
    mtid: str                 # the "m<32 hex>" id of the host's j.php?MTID= link
    guest_token: str
    host_key: str
    event_id: int
    title: str
    start_ts: int             # the start, a UTC instant (epoch seconds)
    zone: str                 # the IANA zone the start is shown in ("" for none)
    duration: int             # minutes
    xml: dict[str, Any]
    rest: dict[str, Any] = field(default_factory=dict)
    created_ms: int = 0
    #: the attendees' j.php?MTID= id: real iCalendarURLs carry a different MTID for host and attendee
    #: (reference 14.4). State saved before it existed lacks it: derived from ``mtid`` then, stably.
    attendee_mtid: str = ""
    #: a recurring meeting's rule (:meth:`.recurrence.Series.to_dict`); None: a meeting that does not repeat (a
    #: series of one). ``start_ts`` and ``duration`` are then its first occurrence's (docs/time.md)
    series: dict[str, Any] | None = None

    def __init__(self, key: int, site: str, host: str, uuid: str, mtid: str, guest_token: str, host_key: str,
                 event_id: int, title: str, start_ts: int, zone: str, duration: int, xml: dict[str, Any],
                 rest: dict[str, Any] | None = None, created_ms: int = 0, attendee_mtid: str = "",
                 series: dict[str, Any] | None = None, held: bytes | None = None) -> None:
        """``held``: ``xml`` encoded (:func:`.compact.encode`), when the caller has it already."""
        self.key, self.site, self.host, self.uuid, self.mtid = key, site, host, uuid, mtid
        self.guest_token, self.host_key, self.event_id, self.created_ms = guest_token, host_key, event_id, created_ms
        self.attendee_mtid = attendee_mtid or (
            "m" + hashlib.sha256(f"attendee/{mtid}".encode()).hexdigest()[:32])
        self.title, self.start_ts, self.zone, self.duration = title, start_ts, sys.intern(zone), duration
        self._held = _encode(xml) if held is None else held
        self._xml: dict[str, Any] | None = xml  # as given, for peek_extension() during the call that made it
        self._rest = _encode(rest) if rest else b""
        self._series = marshal.dumps(series, _MARSHAL_VERSION) if series else b""
        self.entry: IndexEntry = (self.start_ts, self.key)

    @classmethod
    def from_blocks(cls, blocks: dict[str, Any], zone: str | None = None, **ids: Any) -> Meeting:
        """The meeting whose XML blocks are ``blocks`` (as the rules store them), with ``ids`` (key, site, ...);
        ``zone``, its IANA zone when it is not the one of its ``timeZoneID``."""
        core, extension = xmlblocks.split(blocks, zone)
        return cls(**ids, title=core.title, start_ts=core.start_ts, zone=core.zone, duration=core.duration,
                   xml=extension)

    @property
    def core(self) -> xmlblocks.Core:
        return xmlblocks.Core(self.title, self.start_ts, self.zone, self.duration)

    @property
    def data(self) -> dict[str, Any]:
        """The XML face's view: the meeting's blocks, core values in place (a fresh copy on every read)."""
        return xmlblocks.join(self.core, _decode(self._held))

    def peek_extension(self) -> dict[str, Any]:
        """The blocks as held, their placeholders (the title, zone, start and duration: :attr:`core`) not filled,
        for a reader that only looks at the rest (an answer's options, the listing indexes): what was given during
        the call that made the meeting, else decoded; must not be changed. :attr:`data` fills them."""
        extension: dict[str, Any] | None = getattr(self, "_xml", None)
        if extension is None:
            decoded: dict[str, Any] = _decode(self._held)
            return decoded
        return extension

    def held(self) -> HeldMeeting:
        """The meeting as the store keeps it (see :data:`HeldMeeting`)."""
        return (self.key, self.site, self.host,
                pack_ids(self.uuid, self.mtid, self.guest_token, self.host_key, self.attendee_mtid), self.event_id,
                self.created_ms, self._held, self.title, self.start_ts, self.zone, self.duration, self._rest,
                self._series)

    @classmethod
    def from_held(cls, held: HeldMeeting) -> Meeting:
        """The meeting the store keeps as ``held`` (its extensions still encoded, decoded when read)."""
        meeting = cls.__new__(cls)
        (meeting.key, meeting.site, meeting.host, ids, meeting.event_id, meeting.created_ms, meeting._held,
         meeting.title, meeting.start_ts, meeting.zone, meeting.duration, meeting._rest, meeting._series) = held
        meeting.uuid, meeting.mtid, meeting.guest_token, meeting.host_key, meeting.attendee_mtid = unpack_ids(ids)
        meeting.entry = (meeting.start_ts, meeting.key)
        return meeting

    @property
    def recurrence(self) -> Series | None:
        """The meeting's series (None: it does not repeat), decoded once per distinct rule (immutable)."""
        return _series_of(self._series) if self._series else None

    def replaced(self, **changes: Any) -> Meeting:
        """This meeting with ``changes`` (``data``, new XML blocks, among them, say): a new meeting, this one
        unchanged."""
        if "data" in changes:
            blocks = changes.pop("data")
            core, extension = xmlblocks.split(blocks, changes.pop("zone", None) or self._zone_kept(blocks))
            changes.update(title=core.title, start_ts=core.start_ts, zone=core.zone, duration=core.duration,
                           xml=extension)
        current = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in changes}
        return Meeting(**current, **changes)

    def _zone_kept(self, blocks: dict[str, Any]) -> str | None:
        """This meeting's zone, if new ``blocks`` keep the ``timeZoneID`` it is shown in over XML and the table has
        no id of its own for it (a zone a REST call gave); None: the zone follows the blocks' ``timeZoneID``."""
        if not self.zone or timezones.xml_zone(self.zone) is not None:
            return None
        sent = blocks.get("schedule", {}).get("timeZoneID") if isinstance(blocks.get("schedule"), dict) else None
        return self.zone if sent == self.xml.get("schedule", {}).get("timeZoneID") else None

    def to_dict(self) -> dict[str, Any]:
        """The meeting as the state document holds it: the model (each extension decoded afresh)."""
        return {name: getattr(self, name) for name in FIELDS}

    def view(self) -> dict[str, Any]:
        """The meeting as the admin API and the fixture show it: the model's fields, the XML view (``data``) in
        place of the XML extension."""
        shown = {name: getattr(self, name) for name in FIELDS if name != "xml"}
        shown["data"] = self.data
        return shown

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Meeting:
        """A meeting of a state document: the model, or (``data``, no ``xml``) as schema 2 and state documents of
        version 1 held it, the XML blocks (its ``start_ts`` then derived from them)."""
        if "xml" not in raw and "data" in raw:
            ids = {k: v for k, v in raw.items() if k not in _FROM_BLOCKS}
            return cls.from_blocks(raw["data"], **ids)
        return cls(**raw)


#: a meeting's fields, in order (the state document's keys)
FIELDS = tuple(f.name for f in fields(Meeting))
#: what a meeting given as XML blocks (``data``) holds that the blocks decide
_FROM_BLOCKS = frozenset({"data", "title", "start_ts", "zone", "duration", "xml"})


def _series_data(meeting: Meeting) -> dict[str, Any] | None:
    held: bytes = meeting._series
    return marshal.loads(held) if held else None


def _extension(encoded: str) -> Any:
    def decoded(meeting: Meeting) -> dict[str, Any]:
        held: bytes = getattr(meeting, encoded)
        return _decode(held) if held else {}
    return property(decoded)


# ``xml`` and ``rest`` stay dataclass fields (the state document, check_fields) read through these properties
setattr(Meeting, "xml", _extension("_held"))  # noqa: B010
setattr(Meeting, "rest", _extension("_rest"))  # noqa: B010
setattr(Meeting, "series", property(_series_data))  # noqa: B010


@functools.lru_cache(maxsize=1024)  # a listing reads the same few series again and again
def _series_of(held: bytes) -> Series:
    return Series.from_dict(marshal.loads(held))


# -- the ids, packed -----------------------------------------------------------------------------------

#: lower-case hexadecimal
_HEX = re.compile(r"[0-9a-f]*")


def pack_ids(uuid: str, mtid: str, guest_token: str, host_key: str, attendee_mtid: str) -> bytes | tuple[str, ...]:
    """A meeting's ids as the store holds them: as the mock makes them (a 33-digit uuid, "m" + 32 digits for either
    MTID, a 32-digit guest token, all lower-case hexadecimal, and a 6-digit host key), one bytes object of 71 bytes
    (104 bytes in memory, where the five strings take 382); other ids (a state document may hold any) as they are."""
    digits = uuid + mtid[1:] + guest_token + attendee_mtid[1:]
    if (len(uuid), len(mtid), len(guest_token), len(attendee_mtid), len(host_key)) == (33, 33, 32, 33, 6) \
            and mtid[0] == attendee_mtid[0] == "m" and _HEX.fullmatch(digits) and host_key.isascii() \
            and host_key.isdigit():
        return bytes.fromhex("0" + digits) + host_key.encode()
    return (uuid, mtid, guest_token, host_key, attendee_mtid)


def unpack_ids(ids: bytes | tuple[str, ...]) -> tuple[str, str, str, str, str]:
    """(uuid, mtid, guest_token, host_key, attendee_mtid) of :func:`pack_ids`."""
    if isinstance(ids, tuple):
        uuid, mtid, guest_token, host_key, attendee_mtid = ids
        return uuid, mtid, guest_token, host_key, attendee_mtid
    digits = ids[:65].hex()
    return digits[1:34], "m" + digits[34:66], digits[66:98], ids[65:].decode(), "m" + digits[98:130]


def held_uuid(ids: bytes | tuple[str, ...]) -> str:
    """The uuid of :func:`pack_ids` (a listing shows it without unpacking the rest)."""
    return ids[0] if isinstance(ids, tuple) else ids[:17].hex()[1:]


@dataclass
class Ticket:
    value: str
    site: str
    user: str
    created_ms: int
    ttl_s: int

    def valid_at(self, now_ms: int) -> bool:
        return now_ms < self.created_ms + self.ttl_s * 1000
