"""Meeting service operations: one function per operation (reference 3-8).

Handlers get validated plain data and answer with the inner XML of
``bodyContent``, rendered by :mod:`mockserver.xml.render` in the order of
``schemas/response/meeting.xsd``.
"""

from __future__ import annotations

from typing import Any

from ...base.errors import InvalidRequest, MeetingNotFound, NoRecordFound
from ...domain import (
    attendees,
    callin,
    callrules,
    eras,
    links,
    listing,
    meetings,
    rules,
    seriesstore,
    xmlblocks,
    xmlplans,
    xmlrepeat,
)
from ...domain.records import Meeting
from ...domain.recurrence import Series
from ...domain.sites import Site, User
from .. import render
from . import exceptions
from .registry import operation
from .shared import Context, meeting_key, shown_attendee

#: getMeetingResponse/hostType as in the real captures (reference 5)
HOST_TYPE = "1019001"
STATUS = "NOT_INPROGRESS"


def _icalendar(host: str, attendee: str) -> dict[str, str]:
    return {"host": host, "attendee": attendee}


def _invitations(site_name: str, meeting: Meeting) -> dict[str, str]:
    """CreateMeeting's and SetMeeting's iCalendarURL: host and attendee links differ (reference 14.4)."""
    return _icalendar(links.host_invite_url(site_name, meeting), links.invite_url(site_name, meeting))


@operation("meeting", "CreateMeeting", mutates=True)
def create_meeting(ctx: Context, payload: dict[str, Any]) -> str:
    callrules.not_suspended(ctx.principal.site)
    store, site, caller = ctx.store, ctx.principal.site, ctx.caller
    series_key = exceptions.series_key(ctx, payload)
    if series_key is not None:
        made = exceptions.made(ctx, payload, series_key)
        return render.content("meet:createMeetingResponse", {
            "meetingkey": made.key, "meetingUUID": made.uuid, "iCalendarURL": _invitations(site.siteName, made),
            "guestToken": made.guest_token})
    kind = xmlplans.kind(payload, site, caller)
    plan = store.plans.get(kind[0]) if kind is not None else None
    planned = xmlplans.made(store, plan, site, caller, payload, kind[1], ctx.contact_ids(), ctx.now_ms, ctx.notes,
                            ctx.fired) if isinstance(plan, xmlplans.XmlPlan) and kind is not None else None
    if planned is not None:  # a kind made before: the rules' work as they did it then (mockserver.domain.xmlplans)
        meeting = planned[0]
    else:
        fired_from, noted_from = len(ctx.fired.items), len(ctx.notes.items)
        data, host = rules.new_meeting(payload, site, caller, ctx.contact_ids(), ctx.now_ms, ctx.notes,
                                       ctx.fired)
        meeting = meetings.made(store, site, host, data, ctx.now_ms, series=lambda made: _series(ctx, made))
        if kind is not None:
            xmlplans.learn(store, kind[0], meeting, host is caller, ctx.fired.items[fired_from:],
                           ctx.notes.items[noted_from:])
    ctx.meeting_key = meeting.key
    return render.content("meet:createMeetingResponse", {
        "meetingkey": meeting.key, "meetingUUID": meeting.uuid,
        "meetingPassword": meeting.peek_extension()["accessControl"].get("meetingPassword") or None,
        "iCalendarURL": _invitations(site.siteName, meeting), "guestToken": meeting.guest_token,
    })


def _series(ctx: Context, meeting: Meeting) -> Series | None:
    """The series the meeting's ``repeat`` block gives (None: it does not repeat), what the reading chose noted. A
    block the rules cannot read is kept as sent and the meeting does not repeat, noted (ASSUMED: docs/time.md)."""
    try:
        reading = xmlrepeat.from_xml_repeat(meeting.peek_extension().get("repeat"), meeting.start_ts, meeting.zone,
                                            meeting.duration)
    except InvalidRequest as unread:
        ctx.notes.assume("assumed-rule", xmlrepeat.WHERE, f"{unread.text.removeprefix('Invalid request: ')}: the "
                         "block is kept as sent, and the meeting does not repeat")
        return None
    for note in reading.notes:
        ctx.notes.assume("assumed-rule", f"{xmlrepeat.WHERE}/{note.part}", note.text)
    return reading.series


@operation("meeting", "GetMeeting")
def get_meeting(ctx: Context, payload: dict[str, Any]) -> str:
    key = meeting_key(payload, "meetingKey")
    exception = exceptions.found(ctx, key)
    meeting = exception[1] if exception is not None else ctx.managed_meeting(key)
    ctx.notes.assume("assumed-answer", "meetingLink",
                     "GetMeeting meetingLink (the attendee invitation link) and sipURL (key@site) were never captured")
    site = ctx.principal.site
    numbers = callin.numbers(xmlblocks.options_of(meeting.peek_extension()), site.callIn)
    shown = ctx.live(meeting, _instance(site.siteName, meeting, numbers))
    if numbers:
        ctx.notes.assume("assumed-answer", "telephony/callInNum",
                         "callInNum holds the site's call-in numbers (GetSite's primaryLargeServer) for a CALLIN or "
                         "CALLBACK meeting on Webex audio; clients read them (reference §37), no capture shows them")
    if eras.newer(site):  # the API 40.12.0 element (reference §41)
        ctx.notes.assume("assumed-answer", "isPrivateMeeting", eras.PRIVATE_NOTE)
        shown["isPrivateMeeting"] = eras.private_meeting_type(site, meeting.data["metaData"].get("meetingType"))
    return render.content("meet:getMeetingResponse", shown)


def _instance(site_name: str, meeting: Meeting, numbers: dict[str, str]) -> dict[str, Any]:
    """The stored meeting as getMeetingResponse data (``numbers``: the site's call-in numbers it shows); the XSD
    decides order and what is shown."""
    data = dict(meeting.data)
    data["accessControl"] = {k: v for k, v in data.get("accessControl", {}).items() if k != "enforcePassword"}
    data["participants"] = _participants(data.get("participants", {}))
    data["telephony"] = _telephony(data.get("telephony", {}), numbers)
    series = meeting.recurrence
    if series is not None and (series.removed or series.changed):  # the block as sent, but for its exceptions
        data["repeat"] = {**data.get("repeat", {}), "hasException": "true"}
    data.update(
        meetingkey=meeting.key, status=STATUS, hostJoined=False, participantsJoined=False,
        telePresence=False, hostKey=meeting.host_key, eventID=meeting.event_id,
        guestToken=meeting.guest_token, hostType=HOST_TYPE, meetingUUID=meeting.uuid,
        meetingLink=links.meeting_link(site_name, meeting), sipURL=links.sip_url(site_name, meeting),
    )
    return data


def _participants(participants: dict[str, Any]) -> dict[str, Any]:
    attendees = participants.get("attendees", {}).get("attendee", [])
    return {**participants, "attendees": {"attendee": [shown_attendee(a) for a in attendees]}}




def _telephony(telephony: dict[str, Any], numbers: dict[str, str]) -> dict[str, Any]:
    """With telephonySupport NONE a real answer holds telephonySupport alone (reference 14.3); the site's call-in
    numbers fill ``callInNum`` where the meeting has them (§37), numbers the request sent kept."""
    if telephony.get("telephonySupport") == "NONE":
        return {"telephonySupport": "NONE"}
    if numbers:
        return {**telephony, "callInNum": {**numbers, **(telephony.get("callInNum") or {})}}
    return telephony


@operation("meeting", "SetMeeting", mutates=True)
def set_meeting(ctx: Context, payload: dict[str, Any]) -> str:
    callrules.not_suspended(ctx.principal.site)
    key = meeting_key(payload, "meetingkey", "meetingKey")
    site, caller = ctx.principal.site, ctx.caller
    exception = exceptions.found(ctx, key)
    if exception is not None:
        shown = exceptions.changed(ctx, *exception, payload)
        return render.content("meet:setMeetingResponse", {"iCalendarURL": _invitations(site.siteName, shown)})

    def change(old: Meeting) -> Meeting:
        ctx.may_manage(old)
        host = _host_after(old, payload, site, caller)
        data = rules.updated_meeting(old.data, payload, site, host, ctx.contact_ids(), ctx.notes, ctx.fired)
        attendees.stamp(data, old.key)
        new = old.replaced(host=data["schedule"]["hostWebExID"], data=data)
        if "repeat" not in payload and "schedule" not in payload:
            return new  # the series as it was, exceptions and all
        rule = seriesstore.kept(old.recurrence, _series(ctx, new))
        return new.replaced(series=seriesstore.as_data(rule))

    meeting = ctx.store.update_meeting(site.key, key, change)
    if meeting is None:
        raise MeetingNotFound()
    ctx.meeting_key = key
    return render.content("meet:setMeetingResponse", {"iCalendarURL": _invitations(site.siteName, meeting)})


def _host_after(old: Meeting, payload: dict[str, Any], site: Site, caller: User) -> User | None:
    """The host after a SetMeeting: a new schedule/hostWebExID follows CreateMeeting's on-behalf rule."""
    wanted = payload.get("schedule", {}).get("hostWebExID", "").strip()
    if wanted and wanted.lower() != old.host.lower():
        return rules.schedule_host(payload, site, caller)
    return site.user(old.host)


@operation("meeting", "DelMeeting", mutates=True)
def del_meeting(ctx: Context, payload: dict[str, Any]) -> str:
    key = meeting_key(payload, "meetingKey")
    site = ctx.principal.site
    exception = exceptions.found(ctx, key)
    if exception is not None:
        exceptions.deleted(ctx, *exception)
    meeting = exception[1] if exception is not None else ctx.store.delete_meeting(site.key, key, check=ctx.may_manage)
    if meeting is None:
        raise MeetingNotFound()
    ctx.meeting_key = key
    host, attendee = links.cancel_urls(site.siteName, meeting)
    return render.content("meet:delMeetingResponse", {"iCalendarURL": _icalendar(host, attendee)})


@operation("meeting", "LstsummaryMeeting", walks=True)
def lstsummary_meeting(ctx: Context, payload: dict[str, Any]) -> str:
    principal = ctx.principal
    zone = principal.user.timeZoneID if principal.user else principal.site.timeZoneID
    page = listing.run(ctx.store, principal, listing.parse(payload, zone, ctx.notes))
    if not page.meetings:
        raise NoRecordFound()
    if any(meeting.recurrence is not None for meeting in page.meetings):
        ctx.notes.assume("assumed-answer", "meeting", "a recurring meeting is listed once, by its key and first "
                         "start (no source shows how LstsummaryMeeting lists a series)")
    return render.content("meet:lstsummaryMeetingResponse", {
        "meeting": [ctx.live(meeting, listing.summary(meeting)) for meeting in page.meetings],
        "matchingRecords": {"total": page.total, "returned": len(page.meetings), "startFrom": page.start_from},
    })


@operation("meeting", "GetjoinurlMeeting")
def getjoinurl_meeting(ctx: Context, payload: dict[str, Any]) -> str:
    """Anyone on the site may ask for the join link; attendee details are appended to it (reference 8)."""
    meeting = ctx.meeting(meeting_key(payload, "sessionKey", "meetingKey"))
    site_name = ctx.principal.site.siteName
    join = links.join_url(site_name, meeting, payload.get("attendeeName"), payload.get("attendeeEmail"),
                          payload.get("meetingPW"))
    return render.content("meet:getjoinurlMeetingResponse", {
        "joinMeetingURL": join, "inviteMeetingURL": links.invite_url(site_name, meeting),
    })


@operation("meeting", "GethosturlMeeting")
def gethosturl_meeting(ctx: Context, payload: dict[str, Any]) -> str:
    meeting = ctx.managed_meeting(meeting_key(payload, "sessionKey", "meetingKey"))
    url = links.host_url(ctx.principal.site.siteName, meeting, ticket=ctx.store.hex(64),
                         rnd="0." + ctx.store.digits(16))
    ctx.notes.assume("assumed-answer", "hostMeetingURL",
                     "hostMeetingURL's MU target is percent-encoded (captures disagree: one shows it raw)")
    return render.content("meet:gethosturlMeetingResponse", {"hostMeetingURL": url})
