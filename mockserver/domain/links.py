"""URLs shaped like a real site's (reference 3.13, 6, 8)."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import quote

from .records import Meeting


def site_base(site_name: str) -> str:
    return f"https://{site_name}.webex.com/{site_name}"


def recording_urls(site_name: str, rcid: str) -> tuple[str, str]:
    """A recording's playback and download links (``ldr.php`` and ``lsr.php``, the REST spec's examples); the XML
    face's ``streamURL`` and ``fileURL`` are the same links (ASSUMED, docs/webex-reference.md §35)."""
    return f"{site_base(site_name)}/ldr.php?RCID={rcid}", f"{site_base(site_name)}/lsr.php?RCID={rcid}"


def host_invite_url(site_name: str, meeting: Meeting) -> str:
    """iCalendarURL/serv:host: a j.php?MTID=m<32 hex> link of its own (reference 14.4)."""
    return f"{site_base(site_name)}/j.php?MTID={meeting.mtid}"


def invite_url(site_name: str, meeting: Meeting) -> str:
    """iCalendarURL/serv:attendee and inviteMeetingURL: the attendees' j.php?MTID=m<32 hex> link.

    Real host and attendee links carry different MTIDs (reference 14.4); that the
    invite link of GetjoinurlMeeting is the attendee one is ASSUMED."""
    return f"{site_base(site_name)}/j.php?MTID={meeting.attendee_mtid}"


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


def host_url(site_name: str, meeting: Meeting, ticket: str, rnd: str) -> str:
    """A login (``AT=LI``) with a ticket (``TK``, 64 lower-case hex) whose ``MU`` target starts the meeting
    (``m.php?AT=HM&MK=<key>&Rnd=<random decimal>``), as in the real link (reference 8, 14.5).

    ``MU`` is percent-encoded: ASSUMED. The real link was seen re-typed with a raw
    ``MU`` (so its ``&`` would split the login URL), while Moodle splits on ``&``
    and URL-decodes ``MU``, which works only when ``MU`` is encoded (reference 14.5).
    """
    target = quote(f"{site_base(site_name)}/m.php?AT=HM&MK={meeting.key}&Rnd={rnd}", safe="")
    return f"{site_base(site_name)}/p.php?AT=LI&TK={ticket}&MU={target}"


def meeting_link(site_name: str, meeting: Meeting) -> str:
    """GetMeeting ``meetingLink`` (G3, never captured): the attendees' invitation link (ASSUMED)."""
    return invite_url(site_name, meeting)


def sip_url(site_name: str, meeting: Meeting) -> str:
    """GetMeeting ``sipURL`` (G3, never captured): ``{key}@{site}.webex.com`` as video systems dial (ASSUMED)."""
    return f"{meeting.key}@{site_name}.webex.com"


def cancel_urls(site_name: str, meeting: Meeting) -> tuple[str, str]:
    """DelMeeting's calendar-cancellation links: ICS=CMC for the host, ICS=MC for attendees (reference 6).

    The parameters are those of the real links; LD/RD (language, region) are
    fixed at 1 and 2, CN is the topic's UTF-8 bytes as colon-separated hex,
    STI/ETI the start and end in the meeting's time zone, TD its timeZoneID."""
    schedule = meeting.data["schedule"]
    start = datetime.strptime(schedule["startDate"], "%m/%d/%Y %H:%M:%S")
    end = start + timedelta(minutes=int(schedule.get("duration", "60")))
    title = ":".join(f"{byte:02X}" for byte in meeting.data["metaData"]["confName"].encode("utf-8"))
    base = (f"{site_base(site_name)}/j.php?ED={meeting.event_id}&UID={meeting.mtid[1:9].upper()}"
            f"&LD=1&RD=2&ST=1&CN={title}&STI={start:%Y-%m-%d-%H-%M-%S}&ETI={end:%Y-%m-%d-%H-%M-%S}"
            f"&TD={schedule['timeZoneID']}")
    return base + "&ICS=CMC", base + "&ICS=MC"


def login_url(site_name: str, first: str, last: str, email: str, webex_id: str, ticket: str,
              back_url: str = "") -> str:
    """GetloginurlUser ``userLoginURL``: the URL API login of Cisco's sample (reference §23),
    ``p.php?AT=LI&FN=&LN=&EM=&WID=&TK=&MU=GoBack&BU=`` -- clients rely on the literal ``&MU=GoBack`` and ``&BU=``.

    Values are percent-encoded (ASSUMED: the sample shows only plain ones); ``BU`` is the ``backURL`` sent,
    encoded, or empty."""
    return (f"{site_base(site_name)}/p.php?AT=LI&FN={quote(first)}&LN={quote(last)}&EM={quote(email)}"
            f"&WID={quote(webex_id)}&TK={ticket}&MU=GoBack&BU={quote(back_url, safe='')}")


def logout_url(site_name: str, back_url: str = "") -> str:
    """GetlogouturlUser ``userLogoutURL``: the URL API logout, ``p.php?AT=LO`` with ``&BU=`` + the encoded
    ``backURL`` when one is sent -- the form URL API clients build (ASSUMED: no XML answer was captured)."""
    url = f"{site_base(site_name)}/p.php?AT=LO"
    return url + f"&BU={quote(back_url, safe='')}" if back_url else url
