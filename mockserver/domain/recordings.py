"""Recordings: what a meeting with automatic recording leaves when it ends (docs/time.md, "Recordings").

A meeting records when its ``enableOptions/autoRecord`` is on (the site's network-based auto-recording sets it at
creation, the meeting rules say so) and it is not end-to-end encrypted (E2EE switches network-based recording off,
reference 12). :func:`recorded` makes the recording of an ended meeting: as long as the meeting ran, about
55,000 bytes a second (an MP4; the spec's examples pair 4,472 s with 248 MB: ASSUMED), created -- shown in lists --
the namespace's details lag (``LAG_MS``, 15 minutes, by default) after the end, when real recordings are
"generated offline". The store keeps them per site
(:class:`Recordings`), in memory.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ..base.errors import NoRecordFound, clip
from . import xmlblocks
from .records import Meeting

#: bytes a second of a recording (ASSUMED from the spec's example values, docs/time-research.md part 4.2)
BYTES_PER_SECOND = 55_000
#: a recording shows this long after its meeting ended (the documented lag of ended meetings' details)
LAG_MS = 15 * 60 * 1000


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
    options = xmlblocks.options_of(meeting.peek())
    return bool(options.auto_record) and not options.e2ee


def recorded(meeting: Meeting, started_ms: int, ended_ms: int, ids: tuple[str, str, int], instance: str = "",
             occurrence_ts: int | None = None, lag_ms: int = LAG_MS) -> Recording | None:
    """The recording ``meeting`` leaves, having run from ``started_ms`` to ``ended_ms`` (as its ``instance`` of the
    occurrence scheduled at ``occurrence_ts``, the meeting's start by default); None when it does not record.
    ``ids``: a new recording id and RCID (32 hex each) and XML recordingID, drawn from the store; ``lag_ms``: how
    long after the end it is made (the namespace's details lag)."""
    if not records(meeting) or ended_ms <= started_ms:
        return None
    options = xmlblocks.options_of(meeting.peek())
    return Recording(
        id=ids[0], number=ids[2], site=meeting.site, host=meeting.host, meeting_key=meeting.key,
        meeting_uuid=meeting.uuid,
        occurrence_ts=meeting.start_ts if occurrence_ts is None else occurrence_ts, topic=meeting.title,
        password=options.password or "",
        started_ms=started_ms, ended_ms=ended_ms, create_ms=ended_ms + lag_ms, rcid=ids[1],
        size_bytes=(ended_ms - started_ms) // 1000 * BYTES_PER_SECOND, instance=instance)


@dataclass
class Recordings:
    #: per site key: recording id -> recording, oldest first
    by_site: dict[str, dict[str, Recording]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def add(self, recording: Recording) -> Recording:
        with self._lock:
            self.by_site.setdefault(recording.site, {})[recording.id] = recording
        return recording

    def get(self, site: str, recording_id: str) -> Recording:
        found = self.by_site.get(site, {}).get(recording_id)
        if found is None:
            raise NoRecordFound(f"No recording with id {clip(recording_id, 60)!r}.")
        return found

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
        with self._lock:
            found = self.get(site, recording_id)
            del self.by_site[site][found.id]
        return replace(found, status="purged")

    def clear_site(self, site: str) -> None:
        with self._lock:
            self.by_site.pop(site, None)
