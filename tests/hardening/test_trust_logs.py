"""The log cannot be forged and says why a call failed: control characters are escaped in every text log line,
a FAILURE line carries its (clipped) reason, and both formats log what docs/admin-api.md says they log."""

from __future__ import annotations

import io
import json
import logging

import pytest
from webex import create_meeting, message

from mockserver import logs

FORGED = "2026-01-01 00:00:00,000 INFO mockserver.requests meeting.DelMeeting ns=default SUCCESS"


class _Capture:
    """The mock's request log, written through the formatter ``logs.configure`` installs."""

    def __init__(self, fmt: str, level: int = logging.INFO) -> None:
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(logs.formatter(fmt))
        self.logger = logging.getLogger("mockserver.requests")
        self.level = level

    def __enter__(self) -> _Capture:
        self.saved = self.logger.level
        self.logger.setLevel(self.level)
        self.logger.addHandler(self.handler)
        return self

    def __exit__(self, *exc) -> None:
        self.logger.removeHandler(self.handler)
        self.logger.setLevel(self.saved)

    def lines(self) -> list[str]:
        return self.stream.getvalue().splitlines()


@pytest.mark.parametrize("body", [
    create_meeting(user="hostid@acme.com\n" + FORGED),
    create_meeting().replace("meeting.CreateMeeting", "meeting.CreateMeeting&#10;" + FORGED),
    create_meeting().replace("meeting.CreateMeeting", "meeting.CreateMeeting&#13;&#x85;&#x2028;&#9;" + FORGED),
], ids=["newline in webExID", "&#10; in xsi:type", "CR, NEL, LS and tab in xsi:type"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_client_value_cannot_write_a_log_line(asgi_api, body, fmt):
    with _Capture(fmt, logging.DEBUG) as log:
        asgi_api.post(body)
    lines = log.lines()
    assert len(lines) == 1, lines
    assert "\r" not in lines[0] and "\x85" not in lines[0] and "\u2028" not in lines[0]
    if fmt == "json":
        assert json.loads(lines[0])["namespace"] == "default"
    else:
        assert "\\n2026-01-01 00:00:00" in lines[0] or "\\r" in lines[0]


def test_a_failure_line_says_why_clipped_and_escaped(asgi_api):
    with _Capture("text") as log:
        asgi_api.post(message("user.GetUser", "<webExId>nobody\n" + "x" * 5000 + "</webExId>"))
    line, = log.lines()
    assert "FAILURE 030001" in line and "Corresponding User not found: webExId 'nobody\\n" in line
    assert "x" * 81 not in line and len(line) < 600


def test_json_lines_carry_the_reason(asgi_api):
    with _Capture("json") as log:
        asgi_api.post(create_meeting(password="wrong"))
    line = json.loads(log.lines()[0])
    assert (line["result"], line["exception_id"], line["reason"]) == ("FAILURE", "030002", "Incorrect user or password")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_debug_logs_the_redacted_bodies_in_both_formats(asgi_api, fmt):
    with _Capture(fmt, logging.DEBUG) as log:
        asgi_api.post(create_meeting()).ok()
    line, = log.lines()
    for shown in ("<confName>Standup</confName>", "<password>******</password>", "<meet:meetingkey>"):
        assert shown in line, shown
    assert "passw0rd" not in line
    with _Capture(fmt, logging.INFO) as log:
        asgi_api.post(create_meeting()).ok()
    assert "<confName>" not in log.lines()[0]
