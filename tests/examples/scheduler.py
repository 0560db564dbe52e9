"""A stand-in for *your* product's WebEx client: the code under test in these examples.

It knows nothing about the mock: it is given a URL and credentials, as in production.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

import httpx

ENVELOPE = """<?xml version="1.0" encoding="UTF-8"?>
<serv:message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<header><securityContext><siteName>{site}</siteName><webExID>{user}</webExID>{secret}</securityContext></header>
<body><bodyContent xsi:type="java:com.webex.service.binding.{operation}">{content}</bodyContent></body>
</serv:message>"""


class WebexFailure(Exception):
    def __init__(self, exception_id: str, reason: str) -> None:
        super().__init__(f"{exception_id}: {reason}")
        self.exception_id = exception_id


@dataclass
class Scheduler:
    url: str
    site: str
    user: str
    password: str
    client: httpx.Client | None = None
    ticket: str | None = None

    def _call(self, operation: str, content: str = "") -> str:
        secret = (f"<sessionTicket>{self.ticket}</sessionTicket>" if self.ticket
                  else f"<password>{escape(self.password)}</password>")
        body = ENVELOPE.format(site=self.site, user=self.user, secret=secret, operation=operation, content=content)
        if self.client is not None:
            answer = self._post(self.client, body)
        else:
            with httpx.Client(timeout=30) as http:
                answer = self._post(http, body)
        if "<serv:result>SUCCESS</serv:result>" not in answer:
            exception_id = re.search(r"<serv:exceptionID>(\d+)<", answer)
            reason = re.search(r"<serv:reason>(.*?)</serv:reason>", answer, re.S)
            raise WebexFailure(exception_id.group(1) if exception_id else "?", reason.group(1) if reason else answer)
        return answer

    def _post(self, http: httpx.Client, body: str) -> str:
        return http.post(self.url, content=body.encode(), headers={"Content-Type": "text/xml"}).text

    def login(self) -> None:
        self.ticket = re.search(r"<use:sessionTicket>(.+?)<", self._call("user.AuthenticateUser")).group(1)

    def schedule(self, topic: str, start: str, minutes: int = 30, password: str | None = None,
                 e2ee: bool = False) -> int:
        content = (f"<metaData><confName>{escape(topic)}</confName></metaData>"
                   f"<schedule><startDate>{start}</startDate><duration>{minutes}</duration></schedule>"
                   f"<enableOptions><supportE2E>{'TRUE' if e2ee else 'FALSE'}</supportE2E></enableOptions>")
        if password:
            content = f"<accessControl><meetingPassword>{escape(password)}</meetingPassword></accessControl>" + content
        answer = self._call("meeting.CreateMeeting", content)
        return int(re.search(r"<meet:meetingkey>(\d+)<", answer).group(1))
