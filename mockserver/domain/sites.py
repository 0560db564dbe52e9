"""Sites, their users and settings: who may call, and the site policies rules read.

Loaded from a seed file (``fixtures/seed.json`` by default); the same JSON shape
is used by the admin API and state export.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..base.jsondoc import DocumentError, check_fields
from ..base.redact import MASK
from ..resources import fixture_path
from . import eras

#: the site template used when a seed gives no defaultEnableOptions
DEFAULT_ENABLE_OPTIONS: dict[str, bool] = {"chat": True, "poll": True, "audioVideo": True,
                                           "attendeeList": True, "voip": True}
_SETTING_MINIMUM = {"ticketLifetime": 0, "maxDuration": 1, "accessTokenLifetime": 0}
_USER_SECRETS = ("password", "accessTokens")


@dataclass
class SiteSettings:
    #: Site Admin "Automatically record all sessions using Network-Based Recording"
    nbrAutoRecord: bool = False
    #: Site Admin "all meetings must have a password" (CreateMeeting -> 060026)
    meetingPasswordRequired: bool = False
    #: session ticket lifetime in seconds (AuthenticateUser timeToLive)
    ticketLifetime: int = 5400
    #: seconds the users' seeded accessTokens live, from when the namespace was made (0: they never expire)
    accessTokenLifetime: int = 0
    #: GetSite securityOptions (reference 9): shown as the site's policy
    joinBeforeHost: bool = True
    audioBeforeHost: bool = False
    allMeetingsUnlisted: bool = False
    strictPasswords: bool = False
    defaultMeetingType: int = 1
    #: minutes; a longer duration -> 060017
    maxDuration: int = 1440
    defaultEnableOptions: dict[str, bool] = field(default_factory=lambda: dict(DEFAULT_ENABLE_OPTIONS))
    #: meetings and recordings webhooks (off: a Webex for Government site, which has none)
    meetingWebhooks: bool = True
    #: a suspended site schedules and edits no meeting, its admin changes no other user (-> 010107; reference §41)
    suspended: bool = False
    #: the XML API era the site answers in: "classic" or "api42" (mockserver.domain.eras; reference §41)
    era: str = eras.DEFAULT

    def update(self, changes: dict[str, Any]) -> None:
        for name, value in changes.items():
            if not hasattr(self, name):
                raise KeyError(name)
            setattr(self, name, value)


@dataclass
class CallIn:
    """The site's call-in numbers (webex-reference.md §37): GetSite's telephony server, a CALLIN or CALLBACK
    meeting's ``callInNum`` and the REST meeting's ``telephony.callInNumbers``. Empty: the site has none."""

    tollNum: str = ""
    tollFreeNum: str = ""
    #: the labels GetSite shows beside the numbers (the real answer's; the REST face shows them too)
    tollLabel: str = "Call-in toll number (US/Canada)"
    tollFreeLabel: str = "Call-in toll-free number (US/Canada)"
    #: GetSite globalNum/countryAlias of the toll number
    country: str = "United States"

    @property
    def numbers(self) -> dict[str, str]:
        """``tollNum`` and ``tollFreeNum``, those the site has (in callInNumType's order)."""
        return {name: number.strip() for name, number in (("tollNum", self.tollNum), ("tollFreeNum", self.tollFreeNum))
                if number.strip()}


@dataclass
class User:
    webExId: str
    password: str
    email: str
    firstName: str = ""
    lastName: str = ""
    timeZoneID: int = 4
    siteAdmin: bool = False
    meetingTypes: list[int] = field(default_factory=lambda: [1])
    active: bool = True
    #: Webex access tokens AuthenticateUser accepts for this user (SSO/CI sites, reference 9)
    accessTokens: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.webExId.lower()


@dataclass
class Site:
    siteName: str
    siteID: int
    partnerID: str
    timeZoneID: int = 4
    #: GetSite meetingTypes; names are product codes as on real sites ("PRO", reference 14.2)
    meetingTypes: list[dict[str, Any]] = field(default_factory=lambda: [{"id": 1, "name": "STD"}])
    settings: SiteSettings = field(default_factory=SiteSettings)
    #: the site's call-in numbers (none by default; the embedded seed's sites have some)
    callIn: CallIn = field(default_factory=CallIn)
    users: dict[str, User] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.siteName.lower()

    def user(self, webex_id: str | None) -> User | None:
        if not webex_id:
            return None
        return self.users.get(webex_id.lower())

    def user_by_email(self, email: str | None) -> User | None:
        if not email:
            return None
        wanted = email.lower()
        return next((u for u in self.users.values() if u.email.lower() == wanted), None)

    def add_user(self, user: User) -> None:
        self.users[user.key] = user

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Site:
        data = dict(data)
        users = data.pop("users", [])
        settings = SiteSettings(**data.pop("settings", {}))
        call_in = CallIn(**data.pop("callIn", {}))
        site = cls(settings=settings, callIn=call_in, **data)
        site.siteID = int(site.siteID)
        for raw in users:
            site.add_user(User(**raw))
        return site

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["users"] = [asdict(u) for u in self.users.values()]
        return data


# -- the JSON shapes of a site, its users and settings (admin API, seeds, state documents) --------------


def check_settings(data: Any) -> dict[str, Any]:
    checked = check_fields(SiteSettings, data, "settings")
    for name, least in _SETTING_MINIMUM.items():
        if checked.get(name, least) < least:
            raise DocumentError(f"settings field {name!r} must be at least {least}")
    if checked.get("era", eras.DEFAULT) not in eras.ERAS:
        raise DocumentError(f"settings field 'era' must be one of {', '.join(eras.ERAS)}, not "
                            f"{json.dumps(checked['era'])}")
    return checked


def check_user(data: Any) -> dict[str, Any]:
    checked = check_fields(User, data, "user")
    if not checked["webExId"].strip():
        raise DocumentError("user webExId must not be empty")
    return checked


def check_site(data: Any) -> dict[str, Any]:
    """A site as the admin API and state documents write it: users as a list, settings as an object."""
    if not isinstance(data, dict):
        raise DocumentError("site must be a JSON object")
    check_fields(Site, {k: v for k, v in data.items() if k not in ("settings", "callIn", "users")}, "site")
    if not data["siteName"].strip():
        raise DocumentError("siteName must not be empty")
    check_settings(data.get("settings", {}))
    check_fields(CallIn, data.get("callIn", {}), "callIn")
    users = data.get("users", [])
    if not isinstance(users, list):
        raise DocumentError("site users must be a list")
    for user in users:
        check_user(user)
    return data


def with_era(data: Any, era: str) -> Any:
    """A site's JSON with ``settings.era`` set to ``era`` when it names none (:func:`mockserver.domain.eras.
    with_default`): the server's ``--era`` for a site added without one."""
    return eras.with_default(data, era)


def mask_user(user: dict[str, Any]) -> dict[str, Any]:
    """A user's JSON with its password and access tokens masked (in place)."""
    for secret in _USER_SECRETS:
        if user.get(secret):
            user[secret] = MASK if secret == "password" else [MASK for _ in user[secret]]
    return user


# -- seeds --------------------------------------------------------------------------------------


class SeedError(ValueError):
    """A seed file the mock cannot serve; the message names the file, the site and the field."""


def load_seed_dicts(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The ``sites`` of a seed file as JSON data (the embedded ``fixtures/seed.json`` by default), checked:
    a seed that would start a server answering every call with an error is refused here instead."""
    source = Path(path) if path else fixture_path("seed.json")
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise SeedError(f"seed file {source}: not valid JSON: {exc}") from None
    sites = data.get("sites", []) if isinstance(data, dict) else None
    if not isinstance(sites, list):
        raise SeedError(f"seed file {source}: must be an object whose \"sites\" is a list of sites")
    check_seed_sites(sites, f"seed file {source}")
    return sites


def check_seed_sites(sites: list[Any], where: str) -> None:
    seen: set[str] = set()
    for number, raw in enumerate(sites, start=1):
        name = raw.get("siteName") if isinstance(raw, dict) else None
        label = f"{where}: site #{number}" + (f" ({name!r})" if isinstance(name, str) else "")
        if not isinstance(raw, dict):
            raise SeedError(f"{label}: must be a JSON object")
        try:
            site = Site.from_dict(check_site(raw))
        except (DocumentError, TypeError, ValueError) as exc:
            raise SeedError(f"{label}: {exc}") from None
        if site.key in seen:
            raise SeedError(f"{label}: siteName {name!r} is in the seed twice (names are case-insensitive)")
        seen.add(site.key)


def load_seed(path: str | Path | None = None) -> list[Site]:
    return [Site.from_dict(raw) for raw in load_seed_dicts(path)]
