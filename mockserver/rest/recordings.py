"""``/v1/recordings``: the recordings ended meetings left (:mod:`mockserver.domain.recordings`): list, read,
delete (docs/time.md, "Recordings")."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from ..base.errors import clip
from ..domain import links, occurrenceids
from ..domain.recordings import Recording
from ..domain.sites import Site
from . import checks, shapes
from .calls import Answer, Call
from .errors import RestError
from .pages import paged

#: how long a temporary direct download link lasts
LINKS_LAST_S = 3 * 3600
FORMATS, SERVICE_TYPES = ("MP4", "ARF"), ("MeetingCenter", "EventCenter", "SupportCenter", "TrainingCenter")


def listed(call: Call) -> Answer:
    """``GET /recordings``: the caller's (a site admin's with ``hostEmail``, that host's) recordings created from
    ``from`` to ``to``, newest first."""
    site = call.principal.site
    host = checks.host(call, call.query.get("hostEmail")).key
    start, end = checks.window(call, before_now=True)
    wanted = {name: call.query.get(name) for name in ("meetingId", "topic", "format", "serviceType")}
    status = call.query.get("status", "available")
    _check_enum("format", wanted["format"], FORMATS)
    _check_enum("serviceType", wanted["serviceType"], SERVICE_TYPES)
    _check_enum("status", status, ("available", "deleted", "purged"))
    found = [r for r in call.store.recordings.shown_at(site.key, call.now_ms)
             if r.host.lower() == host and start <= r.create_ms // 1000 < end and r.status == status
             and _matches(site, r, wanted)]
    return paged(call, found, lambda r: shown(site, r))


def get(call: Call) -> Answer:
    site = call.principal.site
    found = _recording(call)
    answer = shown(site, found)
    answer["temporaryDirectDownloadLinks"] = _direct_links(site, found, call.now_ms)
    return Answer(200, answer)


def delete(call: Call) -> Answer:
    """Only the host (or a site admin) may delete a recording; it cannot be recovered."""
    found = _recording(call)
    call.store.recordings.delete(found.site, found.id)
    return Answer(204)


def shown(site: Site, recording: Recording) -> dict[str, Any]:
    """A recording as ``GET /recordings`` lists it."""
    series = shapes.series_id(recording.site, recording.meeting_key, recording.meeting_uuid)
    playback, download = links.recording_urls(site.siteName.lower(), recording.rcid)
    return {
        "id": recording.id,
        "meetingId": occurrenceids.instance_id(series, int(recording.instance or recording.started_ms)),
        "scheduledMeetingId": occurrenceids.occurrence_id(series, recording.occurrence_ts),
        "meetingSeriesId": series,
        "topic": recording.topic,
        "createTime": _instant(recording.create_ms),
        "timeRecorded": _instant(recording.started_ms),
        "siteUrl": shapes.site_url(site),
        "downloadUrl": download,
        "playbackUrl": playback,
        "password": recording.password,
        "format": recording.format,
        "serviceType": recording.service_type,
        "durationSeconds": recording.duration_s,
        "sizeBytes": recording.size_bytes,
        "shareToMe": False,
        "status": recording.status,
    }


def _direct_links(site: Site, recording: Recording, now_ms: int) -> dict[str, str]:
    """Links shaped as the spec's examples, expiring ``LINKS_LAST_S`` after the call."""
    base = f"https://{shapes.site_url(site)}/nbr"
    query = f"siteid={site.siteID}&recordid={recording.rcid}&confid={recording.meeting_key}&language=en_US" \
            f"&userid={int(hashlib.sha256(recording.host.encode()).hexdigest()[:8], 16)}&timestamp={now_ms}"
    return {
        "recordingDownloadLink": f"{base}/MultiThreadDownloadServlet?{query}&islogin=yes&isprevent=no&ispwd=yes",
        "audioDownloadLink": f"{base}/downloadMedia.do?{query}&mediaType=1",
        "transcriptDownloadLink": f"{base}/downloadMedia.do?{query}&mediaType=2",
        "expiration": _instant(now_ms + LINKS_LAST_S * 1000),
    }


def _recording(call: Call) -> Recording:
    site = call.principal.site
    found = call.store.recordings.get(site.key, call.path["recordingId"])
    if found.create_ms > call.now_ms or (found.host.lower() != call.caller.key and not call.principal.is_admin):
        raise RestError(404, None, f"No recording with id {clip(found.id, 40)!r}.")
    return found


def _matches(site: Site, recording: Recording, wanted: dict[str, str | None]) -> bool:
    if wanted["topic"] is not None and wanted["topic"].lower() != recording.topic.lower():
        return False
    if wanted["format"] is not None and wanted["format"] != recording.format:
        return False
    if wanted["serviceType"] is not None and wanted["serviceType"] != recording.service_type:
        return False
    meeting = wanted["meetingId"]
    if meeting is not None:
        answer = shown(site, recording)
        return meeting in (answer["meetingId"], answer["scheduledMeetingId"], answer["meetingSeriesId"])
    return True


def _check_enum(name: str, value: str | None, values: tuple[str, ...]) -> None:
    if value is not None and value not in values:
        raise RestError(400, f"{name}: must be one of {', '.join(values)}")


def _instant(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
