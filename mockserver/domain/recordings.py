"""Recordings: what a meeting with automatic recording leaves when it ends (docs/time.md, "Recordings").

A meeting records when its ``enableOptions/autoRecord`` is on (the site's network-based auto-recording sets it at
creation, the meeting rules say so) and it is not end-to-end encrypted (E2EE switches network-based recording off,
reference 12). :func:`recorded` makes the recording of an ended meeting: as long as the meeting ran, about
55,000 bytes a second (an MP4; the spec's examples pair 4,472 s with 248 MB: ASSUMED), created -- shown in lists --
the namespace's details lag (``LAG_MS``, 15 minutes, by default) after the end, when real recordings are
"generated offline". The store keeps them per site
(:class:`Recordings`), telling its change collector of each change, so the ``--state-file`` keeps them (one JSON
document a namespace, :meth:`Recordings.state`) and the state export carries them, each password masked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any

from ..base.errors import NoRecordFound, clip
from ..base.jsondoc import DocumentError, check_fields
from ..base.redact import MASK
from . import xmlblocks
from .records import Meeting
from .siterecords import SiteRecords

#: bytes a second of a recording (ASSUMED from the spec's example values, docs/time-research.md part 4.2)
BYTES_PER_SECOND = 55_000
#: a recording shows this long after its meeting ended (the documented lag of ended meetings' details)
LAG_MS = 15 * 60 * 1000
#: the instants a kept recording's times may hold (epoch milliseconds): years 1 to 9999, what answers can show
MIN_MS, MAX_MS = -62135596800_000, 253402300799_999
STATUSES = ("available", "deleted", "purged")


@dataclass(frozen=True)
class Recording:
    id: str                   # 32 lower-case hex, as the spec's examples
    number: int               # its XML recordingID (an int there)
    site: str
    host: str                 # the host's webExId
    meeting_key: int
    meeting_uuid: str         # with the key, what the REST face derives the meeting's ids from
    occurrence_ts: int        # the occurrence's scheduled start (epoch seconds)
    topic: str
    password: str
    started_ms: int           # when recording began (the meeting's actual start)
    ended_ms: int
    create_ms: int            # when the file was made (ended_ms + LAG_MS); lists show it from then
    rcid: str                 # the RCID of its playback and download links (32 hex)
    size_bytes: int
    instance: str = ""        # the digits of the ended instance's id (<seriesId>_I_<digits>), when one is known
    format: str = "MP4"
    service_type: str = "MeetingCenter"
    status: str = "available"

    @property
    def duration_s(self) -> int:
        return max(0, (self.ended_ms - self.started_ms) // 1000)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def records(meeting: Meeting) -> bool:
    """Whether ``meeting`` is recorded automatically: autoRecord on and not E2EE."""
    options = xmlblocks.options_of(meeting.peek_extension())
    return bool(options.auto_record) and not options.e2ee


def recorded(meeting: Meeting, started_ms: int, ended_ms: int, ids: tuple[str, str, int], instance: str = "",
             occurrence_ts: int | None = None, lag_ms: int = LAG_MS) -> Recording | None:
    """The recording ``meeting`` leaves, having run from ``started_ms`` to ``ended_ms`` (as its ``instance`` of the
    occurrence scheduled at ``occurrence_ts``, the meeting's start by default); None when it does not record.
    ``ids``: a new recording id and RCID (32 hex each) and XML recordingID, drawn from the store; ``lag_ms``: how
    long after the end it is made (the namespace's details lag)."""
    if not records(meeting) or ended_ms <= started_ms:
        return None
    options = xmlblocks.options_of(meeting.peek_extension())
    return Recording(
        id=ids[0], number=ids[2], site=meeting.site, host=meeting.host, meeting_key=meeting.key,
        meeting_uuid=meeting.uuid,
        occurrence_ts=meeting.start_ts if occurrence_ts is None else occurrence_ts, topic=meeting.title,
        password=options.password or "",
        started_ms=started_ms, ended_ms=ended_ms, create_ms=ended_ms + lag_ms, rcid=ids[1],
        size_bytes=(ended_ms - started_ms) // 1000 * BYTES_PER_SECOND, instance=instance)


class Recordings(SiteRecords[Recording]):
    """What ended meetings left, per site by id, oldest first."""

    def add(self, recording: Recording) -> Recording:
        self._put(recording)
        return recording

    def get(self, site: str, recording_id: str) -> Recording:
        return self._found(site, recording_id, "recording")

    def by_number(self, site: str, number: int) -> Recording:
        """The recording whose XML ``recordingID`` is ``number``."""
        found = next((r for r in self.by_site.get(site, {}).values() if r.number == number), None)
        if found is None:
            raise NoRecordFound()
        return found

    def shown_at(self, site: str, now_ms: int) -> list[Recording]:
        """The site's recordings made by ``now_ms`` (the lag past), newest first."""
        found = [r for r in self.by_site.get(site, {}).values() if r.create_ms <= now_ms]
        return sorted(found, key=lambda r: (r.create_ms, r.id), reverse=True)

    def delete(self, site: str, recording_id: str) -> Recording:
        return replace(self._removed(site, recording_id, self.get), status="purged")

    def state(self, secrets: bool = True) -> dict[str, Any]:
        """As the state file (``secrets``) and the admin API's export (each password masked) keep them."""
        items = self._items()
        return {"items": items} if secrets else masked(items)

    @classmethod
    def from_state(cls, raw: Any, changed: Callable[[], None] | None = None) -> Recordings:
        """The recordings of :meth:`state`; ValueError naming ``recordings`` (nothing kept) when ``raw`` is not
        one. A masked password (an export's) is kept as none."""
        if not isinstance(raw, dict) or set(raw) - {"items"} or not isinstance(raw.get("items", []), list):
            raise ValueError("recordings: a JSON object with a list of items")
        kept = cls(changed=changed)
        for one in raw.get("items", []):
            try:
                fields = check_fields(Recording, one, "recording")
            except DocumentError as bad:
                raise ValueError(f"recordings: {bad}") from None
            _check(fields)
            if fields["password"] == MASK:
                fields = {**fields, "password": ""}
            kept.by_site.setdefault(fields["site"], {})[fields["id"]] = Recording(**fields)
        return kept


def masked(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Recordings' state with each password masked (as the admin API exports them)."""
    return {"items": [{**item, "password": MASK} if item.get("password") else item for item in items]}


def _check(fields: dict[str, Any]) -> None:
    """ValueError naming the recording and the field unless every answer can be made from it."""
    name = f"recordings: recording {clip(str(fields['id']), 40)!r}"
    if not fields["id"] or not fields["site"]:
        raise ValueError(f"{name}: id and site must not be empty")
    for time_field in ("started_ms", "ended_ms", "create_ms"):
        if not MIN_MS <= fields[time_field] <= MAX_MS:
            raise ValueError(f"{name}: {time_field} is out of range ({MIN_MS} to {MAX_MS})")
    if not MIN_MS // 1000 <= fields["occurrence_ts"] <= MAX_MS // 1000:
        raise ValueError(f"{name}: occurrence_ts is out of range ({MIN_MS // 1000} to {MAX_MS // 1000})")
    if fields.get("instance") and not (fields["instance"].isascii() and fields["instance"].isdigit()
                                       and len(fields["instance"]) <= 30):
        raise ValueError(f"{name}: instance must be at most 30 digits")
    if fields.get("status", "available") not in STATUSES:
        raise ValueError(f"{name}: status must be one of {', '.join(STATUSES)}")
    if fields["number"] < 0 or fields["meeting_key"] < 0 or fields["size_bytes"] < 0:
        raise ValueError(f"{name}: number, meeting_key and size_bytes must not be negative")
