"""Meeting Type service operations (reference §28): LstMeetingType, GetMeetingType.

The site's meeting types are the ones GetSite lists (``Site.meetingTypes``: id and 3-letter product code,
optionally ``displayName``, ``active``, ``hideInScheduler``); the answer's other values come from the site's
settings where the mock has one (the maximum duration, the session template's options, GetSite's call-in
numbers) and are ASSUMED otherwise (docs/operations.md "User administration, login and reference data").
"""

from __future__ import annotations

from typing import Any

from ...base.errors import InvalidRequest, NoMeetingTypeFound
from ...base.fidelity import Notes
from ...domain import eras, listing
from ...domain.sites import Site
from .. import render
from .registry import operation
from .shared import Context

#: the mock is a Meeting Center site; the value has no space here (reference §28), unlike GetSite's
SERVICE_TYPE = "MeetingCenter"
#: real limits of user counts (reference §28: 200); durations are the site's maximum duration
MAX_USERS = 200
LIMITS = ("maxAppShare", "maxDesktopShare", "maxVideo", "maxWebTour")
#: options -> the session template flag they show (defaultEnableOptions, as CreateMeeting applies it)
TEMPLATE_OPTIONS = {
    "supportAppShare": "applicationShare", "supportAppShareRemote": "rcAppShare", "supportAttendeeRegistration":
    "enableReg", "supportRemoteWebTour": "rcWebTour", "supportWebTour": "webTour", "supportFileShare": "fileShare",
    "supportChat": "chat", "supportDesktopShare": "desktopShare", "supportDesktopShareRemote": "rcDesktopShare",
    "supportJavaClient": "javaClient", "supportMeetingRecord": "meetingRecord", "supportPoll": "poll",
    "supportPresentation": "presentation", "supportE2E": "supportE2E", "supportPKI": "supportPKI",
    "supportVoIP": "voip", "supportQuickStartAttendees": "displayQuickStartAttendees",
    "supportQuickStartHost": "displayQuickStartHost",
}
#: options no setting drives (ASSUMED): a Meeting Center site with call-in, for Windows and Mac, over SSL
FIXED_OPTIONS = {
    "supportMeetingCenterSite": True, "supportMacClient": True, "supportWindowsClient": True, "supportSSL": True,
    "supportTeleconfCallIn": True, **dict.fromkeys((
        "supportCobrowseSite", "supportCorporateOfficesSite", "supportFileTransfer", "supportInternationalCallOut",
        "supportMultipleMeeting", "supportOnCallSite", "supportOnStageSite", "supportPartnerOfficesSite",
        "supportSolarisClient", "supportTeleconfCallOut", "supportTollFreeCallIn", "supportVideo",
        "supportWebExComSite"), False),
}
NOTE = ("meeting type values the site does not store (name = the product code unless the site gives a displayName, "
        "limits, options without a session template flag) answer our chosen defaults")


@operation("meetingtype", "LstMeetingType")
def lst_meeting_type(ctx: Context, payload: dict[str, Any]) -> str:
    """The site's meeting types, filtered by ``meetingTypeID``; ``matchingRecords`` first (reference §28)."""
    site = ctx.principal.site
    controls = payload.get("listControl", [])
    if len(controls) > 1:
        raise InvalidRequest("Invalid request: bodyContent/listControl: send it once")
    wanted = {int(value) for value in payload.get("meetingTypeID", [])}
    kinds = [kind for kind in site.meetingTypes if not wanted or int(kind["id"]) in wanted]
    start, page = _paged(kinds, controls[0] if controls else {}, ctx.notes)
    if not page:
        raise NoMeetingTypeFound()
    ctx.notes.assume("assumed-answer", "meetingType", NOTE)
    if eras.newer(site):
        ctx.notes.assume("assumed-answer", "meetingType/SupportPrivateMeeting", eras.SUPPORT_PRIVATE_NOTE)
    return render.content("mtgtype:lstMeetingTypeResponse", {
        "matchingRecords": {"total": len(kinds), "returned": len(page), "startFrom": start},
        "meetingType": [instance(site, kind) for kind in page]})


def _paged(kinds: list[dict[str, Any]], control: dict[str, Any], notes: Notes) -> tuple[int, list[dict[str, Any]]]:
    """``listControl`` paging: the 1-based start and the page of ``kinds`` from there."""
    start, maximum = listing.paging(control, notes, items="meeting types", default=max(len(kinds), 1))
    return start, kinds[start - 1:start - 1 + maximum]


@operation("meetingtype", "GetMeetingType")
def get_meeting_type(ctx: Context, payload: dict[str, Any]) -> str:
    """One meeting type, its elements directly in bodyContent (the 2011 XSD's getMeetingTypeResponse)."""
    site = ctx.principal.site
    wanted = int(payload["meetingTypeID"])
    kind = next((kind for kind in site.meetingTypes if int(kind["id"]) == wanted), None)
    if kind is None:
        raise NoMeetingTypeFound()
    ctx.notes.assume("assumed-answer", "getMeetingTypeResponse", NOTE)
    if eras.newer(site):
        ctx.notes.assume("assumed-answer", "SupportPrivateMeeting", eras.SUPPORT_PRIVATE_NOTE)
    return render.content("mtgtype:getMeetingTypeResponse", instance(site, kind))


def instance(site: Site, kind: dict[str, Any]) -> dict[str, Any]:
    """One ``meetingTypeInstanceType`` (reference §28, in the XSD's order)."""
    code = str(kind["name"])
    return {
        "productCodePrefix": code, "active": "ACTIVATED" if kind.get("active", True) else "DEACTIVATED",
        "name": kind.get("displayName", code), "displayName": kind.get("displayName"),
        "limits": _limits(site), "options": _options(site, kind),
        "phoneNumbers": {"primaryTollCallInNumber": site.callIn.numbers.get("tollNum", ""),
                         "primaryTollFreeCallInNumber": site.callIn.numbers.get("tollFreeNum", "")},
        "meetingTypeID": int(kind["id"]), "serviceTypes": {"serviceType": [SERVICE_TYPE]},
        "SupportPrivateMeeting": bool(kind.get(eras.PRIVATE_KEY, False)) if eras.newer(site) else None,
    }


def _limits(site: Site) -> dict[str, int]:
    duration = site.settings.maxDuration
    limits = {f"{name}Duration": duration for name in LIMITS}
    limits.update({f"{name}User": MAX_USERS for name in LIMITS},
                  maxFileTransferUser=MAX_USERS, maxMeetingDuration=duration, maxMeetingUser=MAX_USERS,
                  maxRecordUser=MAX_USERS)
    return limits


def _options(site: Site, kind: dict[str, Any]) -> dict[str, bool]:
    template = site.settings.defaultEnableOptions
    options = {name: bool(template.get(flag, False)) for name, flag in TEMPLATE_OPTIONS.items()}
    options.update(FIXED_OPTIONS, hideInScheduler=bool(kind.get("hideInScheduler", False)))
    return options
