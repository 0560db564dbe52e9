"""User service operations (reference 9): AuthenticateUser, GetUser."""

from __future__ import annotations

import zlib
from typing import Any

from ..auth import authenticate_token, proven_user
from ..dst import with_dst
from ..envelope import leaf, node
from ..errors import AccessDenied, InvalidRequest, UserNotFound
from ..sites import Site, User
from ..timezones import canonical, label
from . import Context, operation

#: what real GetUser answers show instead of the password [REAL S9]
MASKED_PASSWORD = "******"
#: real answers of accounts that never expire [REAL S9]
NEVER_EXPIRES = "12/31/2049 23:59:59"


@operation("user", "AuthenticateUser", needs_user=False)
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
    return (leaf("use:sessionTicket", ticket.value)
            + leaf("use:createTime", ticket.created_ms)
            + leaf("use:timeToLive", ticket.ttl_s))


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
        raise UserNotFound(f"Corresponding User not found: webExId '{wanted}'")
    if user is not caller and not ctx.principal.is_admin:
        raise AccessDenied()
    return render_user(site, user, ctx.store.now_ms())


def render_user(site: Site, user: User, now_ms: int) -> str:
    """The subset of ``use:getUserResponse`` the mock knows, in the real order (ref 9)."""
    zone = canonical(user.timeZoneID)
    return (
        leaf("use:firstName", user.firstName)
        + leaf("use:lastName", user.lastName)
        + leaf("use:webExId", user.webExId)
        + node("use:address", leaf("com:addressType", "PERSONAL"))
        + leaf("use:email", user.email)
        + leaf("use:password", MASKED_PASSWORD)
        + leaf("use:expirationDate", NEVER_EXPIRES)
        + node("use:meetingTypes", "".join(leaf("use:meetingType", t) for t in user.meetingTypes))
        + leaf("use:timeZoneID", zone)
        + leaf("use:timeZone", label(zone))
        + leaf("use:timeZoneWithDST", with_dst(zone, now_ms))
        + node("use:privilege", leaf("use:host", True) + leaf("use:siteAdmin", user.siteAdmin))
        + leaf("use:language", "ENGLISH")
        + leaf("use:locale", "U.S.")
        + leaf("use:active", "ACTIVATED" if user.active else "DEACTIVATED")
        + leaf("use:languageID", 1)
        + leaf("use:userId", user_id(site, user))
        + leaf("use:passwordExpires", False)
        + leaf("use:passwordDaysLeft", 0)
    )


def user_id(site: Site, user: User) -> int:
    """A stable 9-digit numeric id (real answers carry one, e.g. 962225390)."""
    return 100_000_000 + zlib.crc32(f"{site.key}/{user.key}".encode("utf-8")) % 900_000_000
