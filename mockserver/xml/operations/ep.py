"""General Session (ep) service operations: GetAPIVersion (reference 9), LstsummarySession (reference §20),
DelSession (reference §21) and GetSessionInfo (documented; shaped by the 2011 ep XSD, no capture).

A session of the ep service is a stored meeting (the mock schedules Meeting Center sessions only), so
DelSession deletes through the store's delete path, as DelMeeting does, and LstsummarySession lists through
:mod:`mockserver.domain.listing`, as LstsummaryMeeting does: same scope, filters, order and paging.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ...base.errors import AccessDenied, InvalidRequest, MeetingNotFound, NotMeetingHost
from ...domain import callin, eras, listing, meetings, meetingstate, rules, timezones, xmlblocks
from ...domain.auth import proven_user
from ...domain.records import Meeting
from ...domain.sites import Site
from .. import render
from . import sessionoccurrences as occurrences
from .registry import operation
from .shared import TRAIN_RELEASE_VERSION, Context, conf_id, conf_id_of, meeting_key

RELEASE = "EP1"
TRAIN_RELEASE_ORDER = "400"

#: GetAPIVersion's note in the api42 era (reference §41)
ERA_VERSION_NOTE = ("the api42 era's apiVersion is the last update number of the API 42 notes written as the captured "
                    "V10.0.0 is; release and trainRelease* stay the capture's (no capture of a newer answer)")

#: the one service type the mock schedules, written without a space here (reference §20, unlike GetSite's)
MEETING_CENTER = "MeetingCenter"


@operation("ep", "GetAPIVersion", needs_user=False)
def get_api_version(ctx: Context, payload: dict[str, Any]) -> str:
    """Works with only a site in securityContext (siteName, or siteID + partnerID; ref 2.5). The version is the
    site's era's (reference §41)."""
    if eras.newer(ctx.principal.site):
        ctx.notes.assume("assumed-answer", "apiVersion", ERA_VERSION_NOTE)
    return render.content("ep:getAPIVersionResponse", {
        "apiVersion": eras.api_version(ctx.principal.site), "release": RELEASE,
        "trainReleaseVersion": TRAIN_RELEASE_VERSION, "trainReleaseOrder": TRAIN_RELEASE_ORDER})


@operation("ep", "DelSession", mutates=True)
def del_session(ctx: Context, payload: dict[str, Any]) -> str:
    """Deletes like DelMeeting: 060001 when unknown or already deleted, the key never issued again (reference §21).
    Stored meetings are never in progress, so the documented in-progress refusal never applies."""
    key = meeting_key(payload, "sessionKey")
    if ctx.store.delete_meeting(ctx.principal.site.key, key, check=lambda m: _may_manage(ctx, m)) is None:
        raise MeetingNotFound()
    ctx.meeting_key = key
    ctx.notes.assume("assumed-answer", "bodyContent",
                     "DelSession answers an empty body, as the documentation's sample (no capture; the 2011 XSD "
                     "also allows an iCalendarURL)")
    return render.content("ep:delSessionResponse", {})


@operation("ep", "GetSessionInfo", needs_user=False)
def get_session_info(ctx: Context, payload: dict[str, Any]) -> str:
    """A siteName alone may ask (documented "anonymous mode"): it gets the elements always returned. The
    password-protected ones (sessionPassword, agenda, telephony) need the meeting's password in
    ``sessionPassword``, or a signed-in host, site admin or invited attendee; a meeting without a password
    shows them to anyone (ASSUMED). A named user must prove who they are, as on every call."""
    _prove_named_caller(ctx)
    meeting = ctx.meeting(_session_key(ctx, payload))
    data = meeting.data
    password = data.get("accessControl", {}).get("meetingPassword", "")
    protected = not password or payload.get("sessionPassword") == password or _insider(ctx, meeting)
    if not password:
        ctx.notes.assume("assumed-rule", "bodyContent/sessionPassword",
                         "a meeting without a password shows its password-protected elements to anyone")
    ctx.notes.assume("assumed-answer", "confID",
                     "GetSessionInfo confID is derived from the meeting and the shape follows the 2011 XSD "
                     "(no capture of this answer)")
    shown = ctx.live(meeting, listing.summary(meeting))
    telephony = data.get("telephony", {})
    return render.content("ep:getSessionInfoResponse", {
        "status": shown["status"], "sessionkey": meeting.key, "confID": conf_id(meeting),
        "accessControl": {"sessionPassword": (password or None) if protected else None,
                          "listStatus": shown["listStatus"], "passwordReq": bool(password),
                          "registration": rules.truthy(data.get("attendeeOptions", {}).get("registration", "false"))},
        "metaData": {"confName": shown["confName"], "sessionType": shown["meetingType"],
                     "serviceType": MEETING_CENTER, "agenda": data["metaData"].get("agenda") if protected else None,
                     "isRecurring": _recurring(meeting, data)},
        "telephony": _telephony(ctx, meeting, telephony) if protected else None,
        "host": _host(ctx.principal.site, meeting),
        "schedule": {"startDate": shown["startDate"], "duration": shown["duration"], "timeZone": shown["timeZone"]},
        "attendeeOptions": {"joinRequiresAccount": data.get("attendeeOptions", {}).get("joinRequiresAccount")},
        "isAudioOnly": False, **_newer_flags(ctx, meeting),
    })


def _prove_named_caller(ctx: Context) -> None:
    """A caller who names a user (webExID, email or session ticket) must prove it; one who names none stays
    anonymous."""
    credentials = ctx.principal.credentials
    if credentials.webex_id or credentials.email or credentials.session_ticket:
        ctx.principal = dataclasses.replace(ctx.principal, user=proven_user(ctx.store, ctx.principal.site,
                                                                            credentials, ctx.now_ms))


def _host(site: Site, meeting: Meeting) -> dict[str, Any]:
    host = site.user(meeting.host)
    return {"firstName": host.firstName if host else "", "lastName": host.lastName if host else "",
            "email": host.email if host else "", "webExId": meeting.host}


def _telephony(ctx: Context, meeting: Meeting, telephony: dict[str, Any]) -> dict[str, Any]:
    """The session's telephony: its support and description; for a meeting on the site's audio the site's call-in
    numbers (as GetMeeting's callInNum), the access code and the labels (reference §37; the 2011 XSD's elements)."""
    shown = {"telephonySupport": telephony.get("telephonySupport", "NONE"),
             "extTelephonyDescription": telephony.get("extTelephonyDescription")}
    call_in = ctx.principal.site.callIn
    numbers = callin.numbers(xmlblocks.options_of(meeting.peek_extension()), call_in)
    if numbers:
        ctx.notes.assume("assumed-answer", "telephony/callInNum",
                         "GetSessionInfo shows the site's call-in numbers with the meeting key as "
                         "participantAccessCode and the site's labels (the 2011 XSD's elements; no capture)")
        shown.update(callInNum={**numbers, **(telephony.get("callInNum") or {})},
                     participantAccessCode=str(meeting.key),
                     labels={"tollFreeCallInLabel": call_in.tollFreeLabel, "tollCallInLabel": call_in.tollLabel})
    return shown


def _insider(ctx: Context, meeting: Meeting) -> bool:
    """The signed-in caller hosts the meeting, administers the site, or is invited to it."""
    user = ctx.principal.user
    if user is None:
        return False
    invited = {str(a.get("person", {}).get("email", "")).lower()
               for a in meeting.data.get("participants", {}).get("attendees", {}).get("attendee", [])}
    return ctx.principal.owns(meeting.host) or ctx.principal.is_admin or user.email.lower() in invited


def _may_manage(ctx: Context, meeting: Meeting) -> None:
    """The host or a site admin only: 000001, by analogy with DelMeeting (ASSUMED for this operation)."""
    try:
        ctx.may_manage(meeting)
    except AccessDenied as denied:
        raise NotMeetingHost() from denied


@operation("ep", "LstsummarySession", walks=True)
def lstsummary_session(ctx: Context, payload: dict[str, Any]) -> str:
    query = _query(ctx, payload)
    zone = _answer_zone(payload)
    site = ctx.principal.site
    if eras.newer(site):
        ctx.notes.assume("assumed-answer", "session/isPrivateMeeting", eras.PRIVATE_NOTE)
    if rules.truthy(payload.get("recurrence", "false")):
        return occurrences.answer(ctx, query, zone, session_summary)
    page = listing.run(ctx.store, ctx.principal, query)
    if not page.meetings:
        ctx.notes.assume("assumed-answer", "matchingRecords",
                         "no session matches: an empty SUCCESS (total as counted, returned 0), not 000015, as Cisco's "
                         "Postman collection expects for a host who has scheduled nothing; no Personal Room is "
                         "listed (reference §38)")
    else:
        ctx.notes.assume("assumed-answer", "session/confID",
                         "LstsummarySession confID is derived from the meeting (no capture shows one beside its key)")
    return render.content("ep:lstsummarySessionResponse", {
        "matchingRecords": {"total": page.total, "returned": len(page.meetings), "startFrom": page.start_from},
        "session": [ctx.live(meeting, session_summary(meeting, site, zone)) for meeting in page.meetings],
    })


def _answer_zone(payload: dict[str, Any]) -> int | None:
    """startTime is given in dateScope/timeZoneID, with the offset in force at that date; without it (or -1) in
    GMT, None (reference §20)."""
    zone = timezones.canonical(int(payload.get("dateScope", {}).get("timeZoneID", "-1")))
    return None if zone == -1 else zone


def _query(ctx: Context, payload: dict[str, Any]) -> listing.Query:
    """LstsummarySession's elements as a listing Query: sessionKey is the meeting key, dateScope is read in
    its timeZoneID or GMT, hostEmail names a host like hostWebExID; the session-only filters are tests."""
    as_meeting = {name: value for name, value in payload.items() if name != "sessionKey"}
    if "sessionKey" in payload:
        as_meeting["meetingKey"] = payload["sessionKey"]
    nobody = False  # a hostEmail of no user: no session matches (reference §38)
    if "hostEmail" in payload and "hostWebExID" not in payload:
        host = ctx.principal.site.user_by_email(payload["hostEmail"].strip())
        nobody = host is None
        if host is not None:
            as_meeting["hostWebExID"] = host.webExId
    query = listing.parse(as_meeting, None, ctx.notes)
    order = payload.get("order", {})
    if "CONFNAME" in order.get("orderBy", []) and rules.truthy(order.get("caseSensitive", "true")):
        ctx.notes.assume("assumed-rule", "bodyContent/order/caseSensitive",
                         "orderBy CONFNAME sorts case-insensitively, as LstsummaryMeeting does; caseSensitive "
                         "(default true) is not applied")
    tests = _session_filters(ctx, payload) + ([lambda row: False] if nobody else [])
    return dataclasses.replace(query, more=tuple(tests))


def _session_filters(ctx: Context, payload: dict[str, Any]) -> list[listing.Test]:
    """serviceTypes, sessionTypes, status, confName (starts with, any case), confID, hostEmail beside hostWebExID;
    each reads the listing's row (the held meeting and its facts), never the meeting's decoded blocks."""
    tests: list[listing.Test] = []
    if "serviceTypes" in payload:
        wanted = set(payload["serviceTypes"].get("serviceType", []))
        tests.append(lambda row: MEETING_CENTER in wanted)
    if "sessionTypes" in payload:
        types = {int(value) for value in payload["sessionTypes"].get("sessionType", [])}
        tests.append(lambda row: row.meeting_type in types)
    if "status" in payload:
        status, happened, site_key, now = payload["status"], ctx.store.happenings, ctx.principal.site.key, ctx.now_ms
        tests.append(lambda row: status == meetingstate.status_at(happened, site_key, row.key, row.held[8],
                                                                  row.held[10], now))
    if "confName" in payload:
        prefix = payload["confName"].casefold()
        tests.append(lambda row: row.title.casefold().startswith(prefix))
    if "confID" in payload:
        conf = int(payload["confID"])
        tests.append(lambda row: conf_id_of(row.uuid) == conf)
    if "hostEmail" in payload and "hostWebExID" in payload:
        email = payload["hostEmail"].strip().lower()
        site = ctx.principal.site
        tests.append(lambda row: _host_email(site, row.host) == email)
    _note_ignored(ctx, payload)
    return tests


def _note_ignored(ctx: Context, payload: dict[str, Any]) -> None:
    if rules.truthy(payload.get("invited", "false")):
        ctx.notes.assume("assumed-rule", "bodyContent/invited",
                         "invited true adds nothing: the mock keeps no invitations of other hosts' sessions")


def _host_email(site: Site, webex_id: str) -> str | None:
    host = site.user(webex_id)
    return host.email.lower() if host is not None else None




def session_summary(meeting: Meeting, site: Site, zone: int | None) -> dict[str, Any]:
    """One ``ep:session`` (reference §20): the meeting's summary, startTime in ``zone``."""
    data = meeting.data
    shown = listing.summary(meeting, data)
    host = site.user(meeting.host)
    return {
        "sessionKey": meeting.key, "confName": shown["confName"], "sessionType": shown["meetingType"],
        "serviceType": MEETING_CENTER, "hostWebExID": meeting.host,
        "hostFirstName": host.firstName if host else None, "hostLastName": host.lastName if host else None,
        "timeZoneID": shown["timeZoneID"], "timeZone": shown["timeZone"], "status": shown["status"],
        "startTime": rules.format_date(timezones.from_epoch(meeting.start_ts, zone)),
        "openTime": data["schedule"].get("openTime"), "duration": shown["duration"],
        "listStatus": shown["listStatus"], "hostEmail": host.email if host else None,
        "passwordReq": bool(data.get("accessControl", {}).get("meetingPassword")),
        "hostJoined": False, "participantsJoined": False, "confID": conf_id(meeting),
        "registration": rules.truthy(data.get("attendeeOptions", {}).get("registration", "false")),
        "isRecurring": _recurring(meeting, data),
        "isAudioOnly": False,
        "isPrivateMeeting": eras.private_meeting_type(site, shown["meetingType"]) if eras.newer(site) else None,
    }


def _recurring(meeting: Meeting, data: dict[str, Any]) -> bool:
    """A series (made on either face), or a ``repeat`` block kept as sent that names a repeat type."""
    return meeting.recurrence is not None or data.get("repeat", {}).get("repeatType", "NO_REPEAT") != "NO_REPEAT"


# -- the API 40-42 era (reference §41) ---------------------------------------------------------------------------


def _session_key(ctx: Context, payload: dict[str, Any]) -> int:
    """The session's key: ``sessionKey``, or in the api42 era ``meetingUUID`` instead (one of the two)."""
    if "meetingUUID" not in payload:
        return meeting_key(payload, "sessionKey")
    if not eras.newer(ctx.principal.site):
        raise InvalidRequest("Invalid request: bodyContent/meetingUUID: unknown element; allowed: sessionKey, "
                             "sessionPassword (the site answers in the classic era)")
    if "sessionKey" in payload:
        raise InvalidRequest("Invalid request: bodyContent: send only one of sessionKey, meetingUUID")
    ctx.notes.assume("assumed-rule", "bodyContent/meetingUUID", eras.UUID_NOTE)
    return meetings.key_of_uuid(ctx.store, ctx.principal.site.key, payload["meetingUUID"])


def _newer_flags(ctx: Context, meeting: Meeting) -> dict[str, Any]:
    """getSessionInfoResponse's elements of the api42 era, in the order of the API 40.12.0 notes' sample; none in
    the classic era."""
    site = ctx.principal.site
    if not eras.newer(site):
        return {}
    ctx.notes.assume("assumed-answer", "isPrivateMeeting", eras.PRIVATE_NOTE)
    ctx.notes.assume("assumed-answer", "isAllowJBH",
                     "isAllowJBH is the meeting's join before host (openTime not 0); isCETMeeting and "
                     "isPersonalMeetingRoom false (the mock schedules neither); isNextUpcomingInstance true")
    data = meeting.data
    return {"supportE2E": rules.truthy(data.get("enableOptions", {}).get("supportE2E", "false")),
            "isAllowJBH": str(data.get("schedule", {}).get("openTime", "0")) != "0",
            "isPrivateMeeting": eras.private_meeting_type(site, data["metaData"].get("meetingType")),
            "isCETMeeting": False, "isPersonalMeetingRoom": False, "isNextUpcomingInstance": True}
