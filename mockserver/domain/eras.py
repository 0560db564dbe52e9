"""Which era of the XML API a site answers in, and what the newer era's elements show (reference §41).

``classic``: the era of the captures the answers follow (GetAPIVersion "WebEx XML API V10.0.0"); ``api42``: the
elements Cisco added in XML API 40–42 (``isPrivateMeeting``, ``SupportPrivateMeeting``, GetSessionInfo's flags,
GetUser's ``displayName``) and the version that era answers. A site's ``era`` setting decides; the server's
``--era`` is the default of the seed's sites (and of sites added later without one). The faces ask here and
nowhere else. The rules Cisco added then (a suspended site, 50 attendees a call) apply in every era:
:mod:`mockserver.domain.callrules`.
"""

from __future__ import annotations

import copy
import unicodedata
from typing import Any, Protocol

from ..base.eranames import API42, CLASSIC, DEFAULT, ERAS, check_era

__all__ = ["API42", "CLASSIC", "DEFAULT", "ERAS", "check_era"]

#: GetAPIVersion's apiVersion in each era: classic is the capture's [REAL]; api42's number is the last update the
#: API 42 notes list (42.11.1), written as the capture writes its version (ASSUMED)
API_VERSIONS = {CLASSIC: "WebEx XML API V10.0.0", API42: "WebEx XML API V42.11.1"}

#: the fidelity notes of the api42 era's ASSUMED choices (reference §41), by the element they explain
PRIVATE_NOTE = ("isPrivateMeeting is true when the meeting's type is a site meeting type with supportPrivateMeeting "
                "(the notes name no per-meeting flag)")
SUPPORT_PRIVATE_NOTE = "SupportPrivateMeeting is appended after serviceTypes (the notes say 'append', not where)"
DISPLAY_NAME_NOTE = ("displayName is placed after lastName and made from the names (the notes' schema change is not "
                     "readable; the EnableDisplayName toggle is taken as on)")
UUID_NOTE = "meetingUUID names the session instead of sessionKey (the notes' sample request is cut short)"

#: the key of a site meeting type (``Site.meetingTypes``) that says it supports Private Meetings
PRIVATE_KEY = "supportPrivateMeeting"

#: scripts written without a space between first and last name in a derived displayName (reference §41)
_ASIAN_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")


class _Settings(Protocol):
    era: str


class SiteLike(Protocol):
    """A site as this module reads it (:class:`mockserver.domain.sites.Site`, which imports this module)."""

    @property
    def settings(self) -> _Settings: ...

    @property
    def meetingTypes(self) -> list[dict[str, Any]]: ...


def of(site: SiteLike) -> str:
    """The era ``site`` answers in."""
    return site.settings.era


def newer(site: SiteLike) -> bool:
    """The site answers with the API 40–42 elements."""
    return of(site) == API42


def api_version(site: SiteLike) -> str:
    return API_VERSIONS[of(site)]


def with_default(site: Any, era: str) -> Any:
    """A site's JSON with ``settings.era`` set to ``era`` when it names none (anything else: as it is, for the
    site's own check to refuse)."""
    if not isinstance(site, dict) or not isinstance(site.get("settings", {}), dict) or \
            "era" in site.get("settings", {}):
        return site
    site = copy.deepcopy(site)
    site.setdefault("settings", {})["era"] = era
    return site


def private_meeting_type(site: SiteLike, type_id: Any) -> bool:
    """The site's meeting type ``type_id`` supports Private Meetings (a meeting of that type is private)."""
    kind = next((k for k in site.meetingTypes if str(k.get("id")) == str(type_id)), None)
    return bool(kind is not None and kind.get(PRIVATE_KEY, False))


def display_name(first_name: str, last_name: str) -> str:
    """GetUser's displayName when none is stored: first and last name with a space between, without one when
    either is written in an East Asian script (reference §41)."""
    names = [name for name in (first_name.strip(), last_name.strip()) if name]
    asian = any(unicodedata.name(char, "").startswith(_ASIAN_SCRIPTS) for name in names for char in name)
    return ("" if asian else " ").join(names)
