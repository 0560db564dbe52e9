"""Sites, their users and settings: who may call, and the site policies rules read.

Loaded from a seed file (``fixtures/seed.json`` by default); the same JSON shape
is used by the admin API and state export.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .resources import fixture_path

#: the site template used when a seed gives no defaultEnableOptions
DEFAULT_ENABLE_OPTIONS: dict[str, bool] = {"chat": True, "poll": True, "audioVideo": True,
                                           "attendeeList": True, "voip": True}


@dataclass
class SiteSettings:
    #: Site Admin "Automatically record all sessions using Network-Based Recording"
    nbrAutoRecord: bool = False
    #: Site Admin "all meetings must have a password" (CreateMeeting -> 060026)
    meetingPasswordRequired: bool = False
    #: session ticket lifetime in seconds (AuthenticateUser timeToLive)
    ticketLifetime: int = 5400
    #: GetSite securityOptions (reference 9): shown as the site's policy
    joinBeforeHost: bool = True
    audioBeforeHost: bool = False
    allMeetingsUnlisted: bool = False
    strictPasswords: bool = False
    defaultMeetingType: int = 1
    #: minutes; a longer duration -> 060017
    maxDuration: int = 1440
    defaultEnableOptions: dict[str, bool] = field(default_factory=lambda: dict(DEFAULT_ENABLE_OPTIONS))

    def update(self, changes: dict[str, Any]) -> None:
        for name, value in changes.items():
            if not hasattr(self, name):
                raise KeyError(name)
            setattr(self, name, value)


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
    def from_dict(cls, data: dict[str, Any]) -> "Site":
        data = dict(data)
        users = data.pop("users", [])
        settings = SiteSettings(**data.pop("settings", {}))
        site = cls(settings=settings, **data)
        site.siteID = int(site.siteID)
        for raw in users:
            site.add_user(User(**raw))
        return site

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["users"] = [asdict(u) for u in self.users.values()]
        return data


def load_seed_dicts(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The ``sites`` of a seed file as JSON data (the embedded ``fixtures/seed.json`` by default)."""
    source = Path(path) if path else fixture_path("seed.json")
    return json.loads(source.read_text(encoding="utf-8")).get("sites", [])


def load_seed(path: str | Path | None = None) -> list[Site]:
    return [Site.from_dict(raw) for raw in load_seed_dicts(path)]
