"""User service operations (reference 9): AuthenticateUser, GetUser."""

from __future__ import annotations

import zlib
from typing import Any

from .. import render
from ..auth import authenticate_token, proven_user
from ..dst import with_dst
from ..errors import AccessDenied, InvalidRequest, UserNotFound, clip
from ..sites import Site, User
from ..timezones import canonical, label
from . import Context, operation

#: what real GetUser answers show instead of the password [REAL S9]
MASKED_PASSWORD = "******"
#: real answers of accounts that never expire [REAL S9]
NEVER_EXPIRES = "12/31/2049 23:59:59"
#: values the real capture shows (reference 14.1)
SERVICE = "FREE_OFFICE"
DEFAULT_SERVICE_TYPE = "MeetingCenter"
REGISTRATION_DATE = "01/01/1970 00:00:01"
#: commOptions children, all answered false (values ASSUMED)
COMM_OPTIONS = ("prodAnnounce", "trainingInfo", "electronicInfo", "promos", "press", "email", "fax", "phone", "mail")
#: privilege children other than host and siteAdmin (values ASSUMED: call-in and VoIP on, the rest off)
DEFAULT_PRIVILEGES: dict[str, bool] = {
    "teleConfCallOut": False, "teleConfCallOutInternational": False, "teleConfCallIn": True,
    "teleConfTollFreeCallIn": False, "voiceOverIp": True, "roSiteAdmin": False, "labAdmin": False,
    "otherTelephony": False, "teleConfCallInInternational": False, "attendeeOnly": False,
    "recordingEditor": False, "meetingAssist": False, "allowExtAttendees": True, "isEnableCET": False,
    "isEnablePMR": False,
}
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
        user = authenticate_token(principal.site, principal.credentials, payload["accessToken"].strip())
    else:
        user = proven_user(ctx.store, principal.site, principal.credentials)
    ticket = ctx.store.issue_ticket(principal.site, user.key)
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
                     "supportedServices, myWebEx, security, ...) answer our chosen defaults (README \"GetUser\")")
    return render_user(site, user, ctx.store.now_ms())


def render_user(site: Site, user: User, now_ms: int) -> str:
    """The whole ``use:getUserResponse`` of a real site (reference 14.1, first shape).

    The XSD gives the order; the stored user drives its elements (names, email,
    meetingTypes, time zone, siteAdmin, active) and the site's template the
    session options. Everything the mock does not store has the value of the
    real capture where it shows one, else a documented default (ASSUMED, see README)."""
    zone = canonical(user.timeZoneID)
    return render.content("use:getUserResponse", {
        "firstName": user.firstName, "lastName": user.lastName, "title": "", "categoryId": 0,
        "description": "", "company": "", "webExId": user.webExId,
        "address": {"addressType": "PERSONAL", "country": ""},
        "phones": {"phone": "", "mobilePhone": "", "fax": "", "pager": ""},
        "email": user.email, "password": MASKED_PASSWORD, "expirationDate": NEVER_EXPIRES,
        "commOptions": dict.fromkeys(COMM_OPTIONS, False),
        "meetingTypes": {"meetingType": list(user.meetingTypes)},
        "options": {"firstNameVisible": True, "subscriptionOffice": False},
        "timeZoneID": zone, "timeZone": label(zone), "timeZoneWithDST": with_dst(zone, now_ms),
        "tracking": {}, "service": SERVICE, "privilege": privileges(user),
        "language": "ENGLISH", "locale": "U.S.", "schedulingPermission": "",
        "active": "ACTIVATED" if user.active else "DEACTIVATED",
        "supportedServices": SUPPORTED_SERVICES, "myWebEx": {"additionalRecordingStorage": 0},
        "personalTeleconf": {"joinBeforeHost": False}, "sessionOptions": session_options(site),
        "supportCenter": {"serviceDesk": {"enable": False}}, "mpProfileNumber": "",
        "security": {"forceChangePassword": False, "resetPassword": False, "lockAccount": False},
        "languageID": 1, "registrationDate": REGISTRATION_DATE, "visitCount": 0,
        "userId": user_id(site, user), "passwordExpires": False, "passwordDaysLeft": 0,
    })


def privileges(user: User) -> dict[str, bool]:
    """The 17 privileges (reference 14.1): every host hosts, siteAdmin is the stored flag; the rest ASSUMED."""
    return {**DEFAULT_PRIVILEGES, "host": True, "siteAdmin": user.siteAdmin}


def session_options(site: Site) -> dict[str, Any]:
    """defaultSessionType is the site's default meeting type; the flags come from its session template."""
    template = site.settings.defaultEnableOptions
    return {"defaultSessionType": site.settings.defaultMeetingType, "defaultServiceType": DEFAULT_SERVICE_TYPE,
            **{name: bool(template.get(name, False)) for name in SESSION_FLAGS}}


def user_id(site: Site, user: User) -> int:
    """A stable 9-digit numeric id (real answers carry one, e.g. 962225390)."""
    return 100_000_000 + zlib.crc32(f"{site.key}/{user.key}".encode("utf-8")) % 900_000_000
