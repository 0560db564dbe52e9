"""The General Session (ep) service's recording operations: LstRecording and DelRecording (docs/webex-reference.md
§35; the research behind them docs/time-research.md part 3), on the recordings ended meetings left
(:mod:`mockserver.domain.recordings`), the same the REST face's ``/v1/recordings`` shows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...base.errors import AccessDenied, InvalidRequest, NoRecordFound
from ...domain import links, listing, rules, timezones
from ...domain.recordings import Recording
from ...domain.sites import Site
from .. import render
from .registry import operation
from .shared import Context

#: a createTimeScope longer than this is refused (since XML API 11.0.0 SP7: Moodle's comment; the ID ASSUMED)
MAX_SCOPE_DAYS = 28
GMT = -1


@operation("ep", "LstRecording", walks=True)
def lst_recording(ctx: Context, payload: dict[str, Any]) -> str:
    """The caller's recordings (a site admin's: every host's, or ``hostWebExID``'s) made in ``createTimeScope``
    (read in its ``timeZoneID``, GMT without one), oldest first; 000015 when none (as Moodle reads it)."""
    site = ctx.principal.site
    host = _host(ctx, payload.get("hostWebExID"))
    start, end = _scope(payload.get("createTimeScope"))
    key = int(payload["sessionKey"]) if "sessionKey" in payload else None
    name = payload.get("recordName")
    found = [r for r in reversed(ctx.store.recordings.shown_at(site.key, ctx.now_ms))
             if (host is None or r.host.lower() == host) and (key is None or r.meeting_key == key)
             and (name is None or r.topic.casefold() == name.casefold())
             and (start is None or start <= r.create_ms // 1000 <= end)]
    start_from, maximum = listing.paging(payload.get("listControl", {}), ctx.notes, "recordings")
    page = found[start_from - 1:start_from - 1 + maximum]
    if not page:
        raise NoRecordFound()
    zone = _zone(payload.get("createTimeScope"))
    return render.content("ep:lstRecordingResponse", {
        "matchingRecords": {"total": len(found), "returned": len(page), "startFrom": start_from},
        "recording": [_recording(site, r, zone) for r in page],
    })


@operation("ep", "DelRecording", mutates=True)
def del_recording(ctx: Context, payload: dict[str, Any]) -> str:
    """Deletes a recording of the caller's (a site admin: any); an unknown id: 000015 (ASSUMED)."""
    site = ctx.principal.site
    found = ctx.store.recordings.by_number(site.key, int(payload["recordingID"]))
    if found.host.lower() != ctx.caller.key and not ctx.principal.is_admin:
        raise AccessDenied()
    ctx.store.recordings.delete(site.key, found.id)
    return render.content("ep:delRecordingResponse", {"recordingID": found.number})


def _recording(site: Site, recording: Recording, zone: int) -> dict[str, Any]:
    playback, download = links.recording_urls(site.siteName.lower(), recording.rcid)
    created = timezones.from_epoch(recording.create_ms // 1000, None if zone == GMT else zone)
    return {
        "recordingID": recording.number, "hostWebExID": recording.host, "name": recording.topic,
        "description": "", "createTime": rules.format_date(created), "timeZoneID": zone if zone != GMT else 20,
        "size": f"{recording.size_bytes / 1024 / 1024:.2f}",
        "streamURL": playback, "fileURL": download,
        "sessionKey": recording.meeting_key, "recordingType": 0, "duration": recording.duration_s,
        "listing": "PUBLIC", "format": recording.format, "serviceType": recording.service_type,
        "passwordReq": bool(recording.password),
    }


def _host(ctx: Context, sent: str | None) -> str | None:
    """Whose recordings: the caller's; a site admin's, every host's unless ``hostWebExID`` names one."""
    if sent is not None and sent.strip().lower() != ctx.caller.key:
        if not ctx.principal.is_admin:
            raise AccessDenied()
        return sent.strip().lower()
    return None if ctx.principal.is_admin and sent is None else ctx.caller.key


def _zone(scope: dict[str, Any] | None) -> int:
    return timezones.canonical(int(scope.get("timeZoneID", GMT))) if scope else GMT


def _scope(scope: dict[str, Any] | None) -> tuple[int | None, int]:
    """The scope's start and end, epoch seconds (None: no scope); longer than 28 days: refused."""
    if not scope:
        return None, 0
    zone = _zone(scope)
    start, end = (_instant(scope[name], f"createTimeScope/{name}", zone) for name in ("createTimeStart",
                                                                                    "createTimeEnd"))
    if end < start:
        raise InvalidRequest("Invalid request: bodyContent/createTimeScope: createTimeEnd is before createTimeStart")
    if end - start > MAX_SCOPE_DAYS * 24 * 3600:
        raise InvalidRequest(f"Invalid request: bodyContent/createTimeScope: at most {MAX_SCOPE_DAYS} days")
    return start, end


def _instant(text: str, where: str, zone: int) -> int:
    local: datetime = rules.parse_date(text, f"bodyContent/{where}")
    return timezones.to_epoch(local, None if zone == GMT else zone)
