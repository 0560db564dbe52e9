"""Site service operations (reference 9, 14.2, §29): GetSite, LstTimeZone."""

from __future__ import annotations

import calendar
from typing import Any

from ...base.errors import InvalidRequest
from ...domain import timezones
from ...domain.rules import parse_date
from ...domain.sites import CallIn, Site
from ...domain.timezones import canonical, label
from .. import render
from .registry import operation
from .shared import TRAIN_RELEASE_VERSION, Context

#: serviceType text of real answers has a space (reference 14.2); the mock is a Meeting Center site
SERVICE_TYPES = ["Meeting Center"]

#: siteInstance children whose own children the reference does not list: answered empty (self-closed)
UNDESCRIBED = ("ucf", "clientPlatforms", "resourceRestrictions", "supportAPI", "myWebExConfig",
               "commerceAndReporting", "tools", "custCommunications", "trackingCodes", "supportedServices",
               "defaults", "scheduleMeetingOptions", "navBarTop", "navMyWebEx", "navAllServices",
               "passwordCriteria", "recordingPasswordCriteria", "accountPasswordCriteria", "productivityTools",
               "meetingPlace", "salesCenter", "connectIntegration", "video", "siteCommonOptions", "samlSSO")

#: metaData values the mock does not store (all ASSUMED; docs/operations.md "Values the real answers do not show")
META_DEFAULTS: dict[str, Any] = {
    "isEnterprise": True, "region": "U.S.", "currency": "US Dollars", "pageVersion": TRAIN_RELEASE_VERSION,
    "clientVersion": TRAIN_RELEASE_VERSION, "pageLanguage": "ENGLISH", "activateStatus": True,
    "webPageType": "J2EE", "iCalendar": True, "myWebExDefaultPage": "My Meetings",
    "componentVersion": "cmp3100", "displayMeetingActualTime": False, "displayOffset": True,
    "supportWebEx11": False,
}

#: securityOptions the mock has no setting for (all ASSUMED: off, intervals 0)
SECURITY_DEFAULTS: dict[str, Any] = {
    "passwordExpires": False, "passwordLifetime": 0, "changePersonalURL": False, "changeUserName": False,
    "strictUserPassword": False, "accountNotify": False, "requireLoginBeforeSiteAccess": False,
    "changePWDWhenAutoLogin": False, "enforceBaseline": False, "passwordChangeIntervalOpt": False,
    "passwordChangeInterval": 0, "firstAttendeeAsPresenter": False, "isEnableUUIDLink": False,
    "isEnableUUIDLinkForSAC": False, "enforceRecordingPwdForMC": False, "enforceRecordingPwdForEC": False,
    "enforceRecordingPwdForTC": False, "enforceRecordingPwdForMisc": False,
}


def call_in_server(call_in: CallIn) -> dict[str, Any]:
    """The site's call-in server, GetSite's ``primaryLargeServer`` (reference 14.2, §37): its numbers, labels and one
    ``globalNum`` (the toll number). A site without numbers shows empty numbers and ``enableServer`` false, as the
    real answer's unused backup servers do (ASSUMED: their numbers there are blank)."""
    numbers = call_in.numbers
    toll = numbers.get("tollNum")
    return {
        "tollNum": toll or "", "tollFreeNum": numbers.get("tollFreeNum", ""), "intlLocalNum": "",
        "globalNum": [{"countryAlias": call_in.country, "phoneNumber": toll, "tollFree": False, "default": True}]
        if toll else [],
        "enableServer": bool(numbers), "tollLabel": call_in.tollLabel, "tollFreeLabel": call_in.tollFreeLabel,
    }


@operation("site", "GetSite")
def get_site(ctx: Context, payload: dict[str, Any]) -> str:
    """The whole ``ns1:siteInstance`` in the real order (reference 14.2); the XSD decides the order.

    Stored settings drive what they can (site name, time zone, meeting types,
    securityOptions joinBeforeHost, audioBeforeHost, allMeetingsUnlisted,
    allMeetingsPassword, meetings/strictPasswords). Not shown: the NBR
    auto-record, ticket lifetime and maximum duration settings. No real capture,
    XSD or doc names a GetSite element for them, and an invented element would
    teach clients something the real service never sends. Their effect is
    visible where it is real: GetMeeting ``autoRecord``, AuthenticateUser
    ``timeToLive``, CreateMeeting 060017.
    """
    site = ctx.principal.site
    ctx.notes.assume("assumed-answer", "siteInstance",
                     "GetSite values the site does not store (metaData domains and versions, most securityOptions, "
                     "the call-in server's labels and country when the site gives none) answer our chosen defaults; "
                     "undescribed blocks are empty (README \"GetSite\")")
    instance: dict[str, Any] = {name: {} for name in UNDESCRIBED}
    instance.update(metaData=_meta_data(site), securityOptions=_security_options(site),
                    telephonyConfig={"personalTeleconf": {"primaryLargeServer": call_in_server(site.callIn)}})
    return render.content("ns1:getSiteResponse", {"siteInstance": instance})


def _meta_data(site: Site) -> dict[str, Any]:
    zone = canonical(site.timeZoneID)
    domain = f"{site.siteName}.webex.com"
    return {
        **META_DEFAULTS, "serviceType": SERVICE_TYPES,
        "meetingTypes": [{"meetingTypeID": t["id"], "meetingTypeName": t["name"],
                          "hideInScheduler": bool(t.get("hideInScheduler", False))} for t in site.meetingTypes],
        "siteName": site.siteName, "brandName": site.siteName, "timeZoneID": zone, "timeZone": label(zone),
        "webDomain": domain, "meetingDomain": domain, "telephonyDomain": domain,
    }


def _security_options(site: Site) -> dict[str, Any]:
    settings = site.settings
    return {
        **SECURITY_DEFAULTS,
        "allMeetingsUnlisted": settings.allMeetingsUnlisted,
        "allMeetingsPassword": settings.meetingPasswordRequired,
        "joinBeforeHost": settings.joinBeforeHost,
        "audioBeforeHost": settings.audioBeforeHost,
        "meetings": {"strictPasswords": settings.strictPasswords},
    }


@operation("site", "LstTimeZone")
def lst_time_zone(ctx: Context, payload: dict[str, Any]) -> str:
    """The time zones asked for (all without ``timeZoneID``) with their offsets at ``date`` (a GMT instant,
    default now), in id order; no matchingRecords, as in the real answer (reference §29)."""
    known = timezones.zone_ids()
    wanted = sorted({int(value) for value in payload.get("timeZoneID", [])}) or known
    unknown = [value for value in wanted if value not in known]
    if unknown:
        raise InvalidRequest(f"Invalid request: bodyContent/timeZoneID: unknown time zone {unknown[0]} "
                             f"(known: {known[0]}-{known[-1]})")
    at_ms = _instant(payload.get("date", []), ctx.now_ms)
    ctx.notes.assume("assumed-answer", "timeZone",
                     "the mock's own time-zone table (ids 0-61, the names and standard offsets it uses for "
                     "timeZoneID everywhere, DST from IANA rules); a real site also lists ids 128-159 and names some "
                     "zones differently (README \"User administration, login and reference data\")")
    return render.content("ns1:lstTimeZoneResponse",
                          {"timeZone": [timezones.zone_entry(zone_id, at_ms) for zone_id in wanted]})


def _instant(dates: list[str], now_ms: int) -> int:
    """``date`` (MM/dd/yyyy HH:mm:ss, GMT) as epoch milliseconds; not sent: now."""
    if not dates:
        return now_ms
    if len(dates) > 1:
        raise InvalidRequest("Invalid request: bodyContent/date: send it once")
    return calendar.timegm(parse_date(dates[0], "bodyContent/date").timetuple()) * 1000
