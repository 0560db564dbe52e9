"""Request builders for tests: the envelope real clients send, around any bodyContent."""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

BINDING = "java:com.webex.service.binding."


def security(site: str = "acme", user: str = "hostid@acme.com", password: str | None = "passw0rd",
             ticket: str | None = None, extra: str = "") -> str:
    parts = [f"<siteName>{site}</siteName>" if site else "", f"<webExID>{user}</webExID>" if user else ""]
    if password is not None:
        parts.append(f"<password>{password}</password>")
    if ticket is not None:
        parts.append(f"<sessionTicket>{ticket}</sessionTicket>")
    return "<securityContext>" + "".join(parts) + extra + "</securityContext>"


def message(operation: str, content: str = "", *, context: str | None = None, root: str = "serv:message",
            declaration: str = '<?xml version="1.0" encoding="UTF-8"?>\n', **security_kw) -> str:
    """``operation`` like ``meeting.CreateMeeting``."""
    context = security(**security_kw) if context is None else context
    return (
        f'{declaration}<{root} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<header>{context}</header><body>"
        f'<bodyContent xsi:type="{BINDING}{operation}">{content}</bodyContent>'
        f"</body></{root}>"
    )


def create_meeting(content: str | None = None, **kw) -> str:
    if content is None:
        content = ("<metaData><confName>Standup</confName></metaData>"
                   "<schedule><startDate>12/01/2026 10:00:00</startDate></schedule>")
    return message("meeting.CreateMeeting", content, **kw)


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()
