"""User service operations (reference 9, §22, §23): AuthenticateUser, GetUser, GetLoginTicket, GetloginurlUser,
GetlogouturlUser. The admin operations (CreateUser, SetUser, DelUser) are in users_admin.py, LstsummaryUser in
users_list.py."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from ...base.errors import AccessDenied, InvalidRequest, UserNotFound, clip
from ...domain import eras, links
from ...domain.auth import authenticate_token, proven_user
from ...domain.sites import Site, User
from ...domain.timezones import canonical, label, with_dst
from .. import render
from .registry import operation
from .shared import REGISTRATION_DATE, Context, user_id

#: what real GetUser answers show instead of the password [REAL S9]
MASKED_PASSWORD = "******"
#: real answers of accounts that never expire [REAL S9]
NEVER_EXPIRES = "12/31/2049 23:59:59"
#: values the real capture shows (reference 14.1)
SERVICE = "FREE_OFFICE"
DEFAULT_SERVICE_TYPE = "MeetingCenter"
#: commOptions children, all answered false (values ASSUMED)
COMM_OPTIONS = ("prodAnnounce", "trainingInfo", "electronicInfo", "promos", "press", "email", "fax", "phone", "mail")
#: privilege children other than host and siteAdmin (values ASSUMED: call-in and VoIP on, the rest off; HQ and HD
#: video on as in the later capture; isEnablePMR on: every host has a Personal Room, reference 36)
DEFAULT_PRIVILEGES: dict[str, bool] = {
    "teleConfCallOut": False, "teleConfCallOutInternational": False, "teleConfCallIn": True,
    "teleConfTollFreeCallIn": False, "voiceOverIp": True, "roSiteAdmin": False, "labAdmin": False,
    "otherTelephony": False, "teleConfCallInInternational": False, "attendeeOnly": False,
    "recordingEditor": False, "meetingAssist": False, "HQvideo": True, "HDvideo": True, "isEnableCET": False,
    "isEnablePMR": True, "teleCLIAuthEnabled": False, "teleCLIPINEnabled": False,
}
#: the 36 options of the later capture, all false there (and the 2011 XSD's default)
OPTIONS = (
    "firstNameVisible", "lastNameVisible", "addressVisible", "workPhoneVisible", "cellPhoneVisible", "pagerVisible",
    "faxVisible", "officeUrlVisible", "pictureVisible", "notifyOnNewMessage", "notifyOnMeeting", "followMeEnable",
    "emailVisible", "listInCategory", "titleVisible", "folderRead", "folderWrite", "messageVisible", "iconSelect1",
    "iconSelect2", "acceptLinkRequest", "holdOnLinkRequest", "notifyOnLinkRequest", "supportVideo", "supportApp",
    "supportFileShare", "supportDesktopShare", "supportMeetingRecord", "supportAppshareRemote",
    "supportWebTourRemote", "supportDesktopShareRemote", "subscriptionOffice", "workPhoneCallback",
    "cellPhoneCallback", "faxCallback", "pagerCallback")
#: webACDPrefs: no agent, no manager (the later capture's values)
WEB_ACD_PREFS = {"isAgent": False, "isMgr": False, "numAgentSessions": 0, "agentMonitorAllRSQueues": False,
                 "managerMonitorAllRSQueues": False, "monitorAllRSAgents": False}
#: the mock is a Meeting Center site (as GetSite serviceType says)
SUPPORTED_SERVICES = {"meetingCenter": True, "trainingCenter": False, "supportCenter": False,
                      "eventCenter": False, "salesCenter": False}
#: sessionOptions flags, read from the site's session template (defaultEnableOptions)
SESSION_FLAGS = ("autoDeleteAfterMeetingEnd", "displayQuickStartHost", "displayQuickStartAttendees")


@operation("user", "AuthenticateUser", needs_user=False, mutates=True)
def authenticate_user(ctx: Context, payload: dict[str, Any]) -> str:
    """A session ticket for the password in securityContext, or for an ``accessToken`` body.

    Registered without ``needs_user``: with an access token there is no password
    for the service to check, so this handler authenticates itself.
    """
    principal = ctx.principal
    unsupported = [name for name in ("samlResponse", "protocol") if name in payload]
    if unsupported:
        raise InvalidRequest(
            f"Invalid request: bodyContent/{unsupported[0]}: SAML sign-in is not supported by "
            "webex-mockserver; send an accessToken, or a password in securityContext")
    if "accessToken" in payload:
        user = authenticate_token(ctx.store, principal.site, principal.credentials, payload["accessToken"].strip(),
                                  ctx.now_ms)
    else:
        user = proven_user(ctx.store, principal.site, principal.credentials, ctx.now_ms)
    ticket = ctx.store.issue_ticket(principal.site, user.key, ctx.now_ms)
    return render.content("use:authenticateUserResponse", {
        "sessionTicket": ticket.value, "createTime": ticket.created_ms, "timeToLive": ticket.ttl_s})


@operation("user", "GetUser")
def get_user(ctx: Context, payload: dict[str, Any]) -> str:
    """One user's profile. A host may read only themselves, a site admin anyone.

    The user is looked up first (unknown -> 030001), then the right to read it is
    checked (-> 000001), as GetMeeting does with meetings.
    """
    site, caller = ctx.principal.site, ctx.principal.user
    wanted = payload["webExId"].strip()
    user = site.user(wanted)
    if user is None:
        raise UserNotFound(f"Corresponding User not found: webExId '{clip(wanted)}'")
    if user is not caller and not ctx.principal.is_admin:
        raise AccessDenied()
    ctx.notes.assume("assumed-answer", "getUserResponse",
                     "GetUser elements the mock does not store (commOptions, options, most privileges, "
                     "supportedServices, myWebEx, webACDPrefs, eventCenter, ...) answer our chosen defaults "
                     "(docs/operations.md, \"Values the real answers do not show\")")
    ctx.notes.assume("assumed-answer", "personalMeetingRoom",
                     "the Personal Room is made up from the user: personalUrl pr + 13 digits, "
                     "https://{site}.webex.com/meet/{personalUrl}, its sipURL, a 9-digit accessCode and a 4-digit "
                     "hostPIN, stable per user; no meeting answers at that room")
    if eras.newer(site):
        ctx.notes.assume("assumed-answer", "displayName", eras.DISPLAY_NAME_NOTE)
    return render_user(site, user, ctx.now_ms)


def render_user(site: Site, user: User, now_ms: int) -> str:
    """The whole ``use:getUserResponse`` of a real site, in the later capture's tree (reference 36).

    The XSD gives the order; the stored user drives its elements (names, email,
    meetingTypes, time zone, siteAdmin, active, the Personal Room) and the site's
    template the session options. Everything the mock does not store has the value of
    the later capture where it shows one, else a documented default (ASSUMED, see
    docs/operations.md)."""
    zone = canonical(user.timeZoneID)
    room = personal_room(site, user)
    return render.content("use:getUserResponse", {
        "firstName": user.firstName, "lastName": user.lastName, "categoryId": 0, "webExId": user.webExId,
        "displayName": eras.display_name(user.firstName, user.lastName) if eras.newer(site) else None,
        "address": {"addressType": "PERSONAL"}, "phones": {"PIN": ""},
        "email": user.email, "password": MASKED_PASSWORD, "personalUrl": room.url_id,
        "expirationDate": NEVER_EXPIRES, "commOptions": dict.fromkeys(COMM_OPTIONS, False),
        "meetingTypes": {"meetingType": list(user.meetingTypes)}, "options": dict.fromkeys(OPTIONS, False),
        "timeZoneID": zone, "timeZone": label(zone), "timeZoneWithDST": with_dst(zone, now_ms),
        "tracking": {}, "service": SERVICE, "privilege": privileges(user),
        "language": "ENGLISH", "locale": "U.S.", "active": "ACTIVATED" if user.active else "DEACTIVATED",
        "defaultCallIn": {}, "supportedServices": SUPPORTED_SERVICES, "myWebEx": my_webex(),
        "personalTeleconf": {"joinBeforeHost": False}, "videoSystems": {}, "personalMeetingRoom": room.answer(),
        "sessionOptions": session_options(site), "supportCenter": {"serviceDesk": {"enable": False}},
        "security": {"forceChangePassword": False, "resetPassword": False, "lockAccount": False},
        "languageID": 1, "webACDPrefs": WEB_ACD_PREFS, "registrationDate": REGISTRATION_DATE, "visitCount": 0,
        "userId": user_id(site, user), "eventCenter": {"optimizeAttendeeBandwidthUsage": True},
        "passwordExpires": False, "passwordDaysLeft": 0,
    })


@dataclass(frozen=True)
class PersonalRoom:
    """A host's Personal Room as GetUser shows it (reference 36): shaped like the captures', on the user's
    site; the numbers are derived from the site and the user, so they never change (ASSUMED)."""

    title: str
    url_id: str
    site_host: str
    access_code: str
    host_pin: str

    def answer(self) -> dict[str, Any]:
        return {"title": self.title, "personalMeetingRoomURL": f"https://{self.site_host}/meet/{self.url_id}",
                "sipURL": f"{self.url_id}@{self.site_host}", "accessCode": self.access_code,
                "hostPIN": self.host_pin, "applyPMRForInstantMeeting": True, "PMRAutoLock": False,
                "PMRAutoLockWaitTime": 0, "PRNotifications": {"mode": "EMAIL"}}


def personal_room(site: Site, user: User) -> PersonalRoom:
    digest = hashlib.sha256(f"personal-room/{site.key}/{user.key}".encode()).digest()
    room, code, pin = (int.from_bytes(digest[i:i + 8], "big") for i in (0, 8, 16))
    name = " ".join(part for part in (user.firstName, user.lastName) if part) or user.webExId
    return PersonalRoom(title=f"{name}'s Personal Room", url_id=f"pr1{room % 10**12:012d}",
                        site_host=f"{site.siteName}.webex.com", access_code=str(100_000_000 + code % 900_000_000),
                        host_pin=str(1000 + pin % 9000))


def my_webex() -> dict[str, Any]:
    """The later capture's My WebEx; training recordings and recorded events follow the services the site has."""
    return {"isMyWebExPro": True, "myContact": True, "myProfile": True, "myMeetings": True, "myFolders": True,
            "trainingRecordings": SUPPORTED_SERVICES["trainingCenter"],
            "recordedEvents": SUPPORTED_SERVICES["eventCenter"], "totalStorageSize": 1000, "myReports": True,
            "myComputer": 0, "personalMeetingRoom": True, "myPartnerLinks": False, "myWorkspaces": False,
            "additionalRecordingStorage": 0}


def privileges(user: User) -> dict[str, bool]:
    """The 20 privileges of the later capture (reference 36): every host hosts, siteAdmin is the stored flag;
    the rest ASSUMED."""
    return {**DEFAULT_PRIVILEGES, "host": True, "siteAdmin": user.siteAdmin}


def session_options(site: Site) -> dict[str, Any]:
    """defaultSessionType is the site's default meeting type; the flags come from its session template."""
    template = site.settings.defaultEnableOptions
    return {"defaultSessionType": site.settings.defaultMeetingType, "defaultServiceType": DEFAULT_SERVICE_TYPE,
            **{name: bool(template.get(name, False)) for name in SESSION_FLAGS}}


@operation("user", "GetLoginTicket")
def get_login_ticket(ctx: Context, payload: dict[str, Any]) -> str:
    """The caller's URL API login ticket (reference §22): the same on every call until it is used."""
    ctx.notes.assume("assumed-answer", "ticket",
                     "the login ticket is 64 lower-case hex, stable per user and password (the mock has no URL API, "
                     "so it is never used up); apiVersion is GetAPIVersion's text (README \"User administration\")")
    site = ctx.principal.site
    return render.content("use:getLoginTicketResponse",
                          {"ticket": login_ticket(site, ctx.caller), "apiVersion": eras.api_version(site)})


@operation("user", "GetloginurlUser")
def get_login_url(ctx: Context, payload: dict[str, Any]) -> str:
    """A URL API login for ``webExID`` carrying their login ticket (reference §23)."""
    site, user = ctx.principal.site, url_user(ctx, payload["webExID"])
    ctx.notes.assume("assumed-answer", "userLoginURL",
                     "TK is the user's current login ticket (GetLoginTicket's); FN, LN, EM, WID and BU are "
                     "percent-encoded")
    url = links.login_url(site.siteName, user.firstName, user.lastName, user.email, user.webExId,
                          login_ticket(site, user), payload.get("backURL", "").strip())
    return render.content("use:getloginurlUserResponse", {"userLoginURL": url})


@operation("user", "GetlogouturlUser")
def get_logout_url(ctx: Context, payload: dict[str, Any]) -> str:
    """The URL API logout (``p.php?AT=LO``, ``&BU=`` the encoded ``backURL``); no capture of this answer exists."""
    url_user(ctx, payload["webExID"])
    ctx.notes.assume("assumed-answer", "userLogoutURL",
                     "the logout URL is the URL API's p.php?AT=LO[&BU=<backURL>], the form URL API clients build; "
                     "no real GetlogouturlUser answer was captured")
    url = links.logout_url(ctx.principal.site.siteName, payload.get("backURL", "").strip())
    return render.content("use:getlogouturlUserResponse", {"userLogoutURL": url})


def url_user(ctx: Context, webex_id: str) -> User:
    """The user a login or logout URL is for: unknown -> 030001, then another user's only for a site admin
    (000001; both ASSUMED, reference §23), as GetUser decides."""
    wanted = webex_id.strip()
    user = ctx.principal.site.user(wanted)
    if user is None:
        raise UserNotFound(f"Corresponding User not found: webExID '{wanted}'")
    if user is not ctx.caller and not ctx.principal.is_admin:
        raise AccessDenied()
    return user


def login_ticket(site: Site, user: User) -> str:
    """64 lower-case hex (the TK of a real host URL, reference 14.5). A real ticket stays the same until the URL
    API uses it (reference §22); the mock has no URL API, so the ticket is derived from the user's credentials:
    the same on every call, new once the password changes (ASSUMED), and no secret can be read out of it."""
    message = f"login-ticket/{site.key}/{user.key}".encode()
    return hmac.new(user.password.encode("utf-8"), message, hashlib.sha256).hexdigest()
