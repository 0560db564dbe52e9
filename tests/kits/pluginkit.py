"""Helpers for the plugin's own tests: one in-thread server, driven in-process or through its admin API."""

from __future__ import annotations

import re

import pytest
from webex import create_meeting, message

from mockserver.fixture.handle import WebexMock
from mockserver.fixture.local import MockServer
from mockserver.fixture.remote import RemoteServer

E2EE = ("<metaData><confName>Secret</confName></metaData>"
        "<schedule><startDate>12/01/2026 10:00:00</startDate></schedule>"
        "<enableOptions><supportE2E>TRUE</supportE2E></enableOptions>")


def handle(server: MockServer, remote: RemoteServer, how: str, namespace: str | None = None) -> WebexMock:
    """A ``webex_mock`` handle on ``server``: ``local`` (in-process driver) or ``remote`` (admin API driver)."""
    return server.mock(namespace) if how == "local" else remote.mock(namespace)


def schedule(mock: WebexMock, content: str | None = None, **security) -> int:
    """CreateMeeting over real HTTP; the new meeting's key."""
    answer = mock.post(create_meeting(content, **security))
    assert "<serv:result>SUCCESS</serv:result>" in answer.text, answer.text
    return int(re.search(r"<meet:meetingkey>(\d+)<", answer.text).group(1))


def get_meeting(key: int) -> str:
    return message("meeting.GetMeeting", f"<meetingKey>{key}</meetingKey>")


#: plugins the inner runs do not need (each would be imported again by every inline run)
UNNEEDED = ("cacheprovider", "hypothesispytest", "xdist.plugin", "xdist.looponfail", "anyio")


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """An inline pytest run in ``pytester``'s directory, without the plugins it does not need."""
    return pytester.runpytest(*(f"-pno:{name}" for name in UNNEEDED), *args)
