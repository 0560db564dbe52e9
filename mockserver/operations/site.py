"""Site service operations (reference 9): GetSite."""

from __future__ import annotations

from typing import Any

from ..envelope import leaf, node
from ..sites import Site
from ..timezones import canonical, label
from . import Context, operation


@operation("site", "GetSite")
def get_site(ctx: Context, payload: dict[str, Any]) -> str:
    """The site settings that matter for meetings, in the real element order (ref 9).

    Not shown: the NBR auto-record, ticket lifetime and maximum duration
    settings. No real capture, XSD or doc names a GetSite element for them
    (``tools/recordingAndPlayback`` says whether recording exists, not whether
    it starts by itself), and an invented element would teach clients
    something the real service never sends. Their effect is visible where it
    is real: GetMeeting ``autoRecord``, AuthenticateUser ``timeToLive``,
    CreateMeeting 060017.
    """
    site = ctx.principal.site
    return node("ns1:siteInstance", _meta_data(site) + _security_options(site))


def _meta_data(site: Site) -> str:
    types = "".join(
        node("ns1:meetingTypes", leaf("ns1:meetingTypeID", t["id"]) + leaf("ns1:meetingTypeName", t["name"])
             + leaf("ns1:hideInScheduler", bool(t.get("hideInScheduler", False))))
        for t in site.meetingTypes)
    zone = canonical(site.timeZoneID)
    return node("ns1:metaData", leaf("ns1:serviceType", "Meeting Center") + types
                + leaf("ns1:siteName", site.siteName)
                + leaf("ns1:timeZoneID", zone) + leaf("ns1:timeZone", label(zone)))


def _security_options(site: Site) -> str:
    settings = site.settings
    return node("ns1:securityOptions",
                leaf("ns1:passwordExpires", False)
                + leaf("ns1:allMeetingsUnlisted", settings.allMeetingsUnlisted)
                + leaf("ns1:allMeetingsPassword", settings.meetingPasswordRequired)
                + leaf("ns1:joinBeforeHost", settings.joinBeforeHost)
                + leaf("ns1:audioBeforeHost", settings.audioBeforeHost)
                + node("ns1:meetings", leaf("ns1:strictPasswords", settings.strictPasswords)))
