"""URLs shaped like a real site's (reference 3.13, 6, 8)."""

from __future__ import annotations

from urllib.parse import quote

from .store import Meeting


def site_base(site_name: str) -> str:
    return f"https://{site_name}.webex.com/{site_name}"


def invite_url(site_name: str, meeting: Meeting) -> str:
    """The j.php?MTID=m<32 hex> link of iCalendarURL and inviteMeetingURL."""
    return f"{site_base(site_name)}/j.php?MTID={meeting.mtid}"


def join_url(site_name: str, meeting: Meeting, name: str | None = None, email: str | None = None,
             password: str | None = None) -> str:
    url = f"{site_base(site_name)}/e.php?AT=SI&MK={meeting.key}"
    if name:
        first, _, last = name.strip().partition(" ")
        url += f"&AN={quote(name.strip())}&FN={quote(first)}&LN={quote(last)}"
    if email:
        url += f"&AE={quote(email.strip())}"
    if password:
        url += f"&PW={quote(password)}"
    return url


def host_url(site_name: str, meeting: Meeting) -> str:
    """A login link whose MU= parameter carries the start-meeting target (reference 8)."""
    target = quote(f"{site_base(site_name)}/m.php?AT=HM&MK={meeting.key}", safe="")
    return f"{site_base(site_name)}/p.php?AT=LI&MU={target}"


def cancel_urls(site_name: str, meeting: Meeting) -> tuple[str, str]:
    """DelMeeting's calendar-cancellation links: ICS=CMC for the host, ICS=MC for attendees."""
    base = f"{site_base(site_name)}/j.php?ED={meeting.event_id}&UID={meeting.mtid[1:9].upper()}&ST=1"
    return base + "&ICS=CMC", base + "&ICS=MC"
