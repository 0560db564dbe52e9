"""User administration (reference §24-§26): CreateUser, SetUser, DelUser -- a site admin manages the site's users.

The stored user (``sites.User``) keeps what the rest of the mock uses: webExId, password, email, names, time
zone, meeting types, ``privilege/siteAdmin`` and ``active``. The other elements of the user type are accepted
and not stored (a fidelity note names them); GetUser answers its defaults for those its tree has. A user is
checked with the admin API's own validation (``sites.check_user``), and changed whole, under the store's lock: a
refused call changes nothing.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

from ...base.errors import EmailTaken, InvalidRequest, UserNotFound, WebExIdTaken
from ...base.fidelity import Notes
from ...base.jsondoc import DocumentError
from ...domain import callrules, timezones
from ...domain.sites import Site, User, check_user
from .. import render
from .registry import operation
from .shared import Context, admin_site, user_id

#: request elements kept in the stored user
STORED = ("firstName", "lastName", "email", "password", "timeZoneID", "meetingTypes", "active")
#: request elements that say how to do the change, not what to store
PROCEDURAL = ("webExId", "newWebExId", "syncWebOffice", "validateFormat", "sendWelcome")
#: DelUser: at most this many users per call (reference §26)
MAX_DELETED = 50


@operation("user", "CreateUser", mutates=True)
def create_user(ctx: Context, payload: dict[str, Any]) -> str:
    """A new host (or admin) of the caller's site; it can sign in and schedule at once (reference §24)."""
    site = admin_site(ctx)
    callrules.not_suspended(site)  # API 42.6.0 (reference §41)
    webex_id = payload["webExId"].strip()
    fields = stored_fields(site, payload, ctx.notes)
    if not fields.get("email"):
        raise InvalidRequest("Invalid request: bodyContent/email is required: every WebEx user has one")
    _fill_defaults(site, fields, ctx.notes)
    record = _checked({"webExId": webex_id, **fields})
    user = User(**record)
    ctx.store.add_user(site, user, check=functools.partial(_check_free, site, webex_id, record["email"], None))
    return render.content("use:createUserResponse", {"userId": user_id(site, user)})


@operation("user", "SetUser", mutates=True)
def set_user(ctx: Context, payload: dict[str, Any]) -> str:
    """Only the elements sent change; ``newWebExId`` renames the user, their meetings and session tickets
    following (reference §25)."""
    site = admin_site(ctx)
    user = existing_user(site, payload["webExId"])
    if user is not ctx.caller:  # API 42.6.0: a user may still change themselves (reference §41)
        callrules.not_suspended(site)
    fields = stored_fields(site, payload, ctx.notes)
    new_id = payload.get("newWebExId", user.webExId).strip()
    record = _checked({**dataclasses.asdict(user), **fields, "webExId": new_id})
    ctx.store.replace_user(site, user, User(**record),
                           check=functools.partial(_check_free, site, new_id, record["email"], user))
    return render.content("use:setUserResponse", {})


@operation("user", "DelUser", mutates=True)
def del_user(ctx: Context, payload: dict[str, Any]) -> str:
    """Deactivates up to 50 users, as the current guide says (reference §26): they stay, ``active`` false, and
    are refused at sign-in (030008). Every user is looked up before any changes."""
    site = admin_site(ctx)
    sent = payload.get("webExId", [])
    if not sent:
        raise InvalidRequest("Invalid request: bodyContent/webExId is required")
    if len(sent) > MAX_DELETED:
        raise InvalidRequest(f"Invalid request: bodyContent/webExId: at most {MAX_DELETED} users per call, "
                             f"got {len(sent)}")
    if len(payload.get("syncWebOffice", [])) > 1:
        raise InvalidRequest("Invalid request: bodyContent/syncWebOffice: send it once")
    users = list({user.key: user for user in (existing_user(site, webex_id) for webex_id in sent)}.values())
    ctx.notes.assume("assumed-rule", "bodyContent/webExId",
                     "DelUser deactivates (the current guide; an older one said it deletes): GetUser still finds "
                     "the user, DEACTIVATED, and signing in as them fails with 030008")
    ctx.notes.assume("assumed-answer", "user",
                     "DelUser answers one use:user (webExId, status SUCCESS) per user; no real answer was captured")
    for user in users:
        ctx.store.replace_user(site, user, dataclasses.replace(user, active=False))
    return render.content("use:delUserResponse",
                          {"user": [{"webExId": user.webExId, "status": "SUCCESS"} for user in users]})


# -- shared by the admin operations --------------------------------------------------------------------------



def existing_user(site: Site, webex_id: str) -> User:
    wanted = webex_id.strip()
    user = site.user(wanted)
    if user is None:
        raise UserNotFound(f"Corresponding User not found: webExId '{wanted}'")
    return user


def stored_fields(site: Site, payload: dict[str, Any], notes: Notes) -> dict[str, Any]:
    """The stored-user fields a CreateUser or SetUser payload sets: only the elements sent."""
    fields: dict[str, Any] = {name: payload[name].strip() for name in ("firstName", "lastName", "email")
                              if name in payload}
    if "password" in payload:
        fields["password"] = payload["password"]
    if "timeZoneID" in payload:
        zone = int(payload["timeZoneID"])
        fields["timeZoneID"] = site.timeZoneID if zone == -1 else timezones.canonical(zone)
    if "meetingTypes" in payload:
        fields["meetingTypes"] = _meeting_types(site, payload["meetingTypes"].get("meetingType", []))
    fields.update(_switches(payload, notes))
    _note_not_stored(payload, notes)
    return fields


def _switches(payload: dict[str, Any], notes: Notes) -> dict[str, bool]:
    """The yes/no fields sent: ``privilege/siteAdmin`` and ``active``."""
    switches: dict[str, bool] = {}
    privilege = payload.get("privilege", {})
    if "siteAdmin" in privilege:
        switches["siteAdmin"] = privilege["siteAdmin"] == "true"
    if "active" in payload:
        switches["active"] = payload["active"] == "ACTIVATED"
        if payload["active"] == "REQUEST_TO_ACTIVATE":
            notes.assume("assumed-rule", "bodyContent/active",
                         "active REQUEST_TO_ACTIVATE is stored as not active (GetUser: DEACTIVATED)")
    return switches


def _note_not_stored(payload: dict[str, Any], notes: Notes) -> None:
    ignored = [name for name in payload if name not in STORED + PROCEDURAL + ("privilege",)]
    ignored += [f"privilege/{name}" for name in payload.get("privilege", {}) if name != "siteAdmin"]
    if ignored:
        notes.assume("assumed-rule", "bodyContent",
                     f"accepted, not stored (GetUser answers its defaults, or not the element): {', '.join(ignored)}")


def _meeting_types(site: Site, sent: list[str]) -> list[int]:
    known = {int(kind["id"]) for kind in site.meetingTypes}
    wanted = list(dict.fromkeys(int(value) for value in sent))
    unknown = [value for value in wanted if value not in known]
    if unknown:
        raise InvalidRequest(f"Invalid request: bodyContent/meetingTypes/meetingType: {unknown[0]} is not a "
                             f"meeting type of site {site.siteName}")
    return wanted


def _fill_defaults(site: Site, fields: dict[str, Any], notes: Notes) -> None:
    """What CreateUser leaves out (all ASSUMED, noted): no password (cannot sign in with one until SetUser
    gives it), the site's time zone, every meeting type of the site."""
    defaults = {"password": ("", "the user has no password until SetUser gives one"),
                "timeZoneID": (site.timeZoneID, f"the site's time zone ({site.timeZoneID})"),
                "meetingTypes": ([int(kind["id"]) for kind in site.meetingTypes], "every meeting type of the site")}
    for name, (value, meaning) in defaults.items():
        if name not in fields:
            fields[name] = value
            notes.assume("assumed-default", f"bodyContent/{name}", f"{name} not sent: {meaning}")


def _checked(record: dict[str, Any]) -> dict[str, Any]:
    """The admin API's user validation (the same for both ways in)."""
    try:
        return check_user(record)
    except DocumentError as exc:
        raise InvalidRequest(f"Invalid request: bodyContent: {exc}") from None


def _check_free(site: Site, webex_id: str, email: str, changed: User | None) -> None:
    """No other user of the site has the webExId (030004) or the email (030005); ``changed`` is the user
    being updated, who may keep their own."""
    holder = site.user(webex_id)
    if holder is not None and holder is not changed:
        raise WebExIdTaken(f"User webExId already exists: '{webex_id}'")
    holder = site.user_by_email(email)
    if holder is not None and holder is not changed:
        raise EmailTaken(f"User email already exists: '{email}'")
