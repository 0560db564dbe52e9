"""The local-development backend as a real process: state file survives kill -9; logs keep no secrets."""

import json
import re
import signal

import httpx
import pytest
from processkit import start, stop
from statekit import fill_meetings
from webex import create_meeting, message

GET = "meeting.GetMeeting"


def create(url, confName):
    content = (f"<metaData><confName>{confName}</confName></metaData>"
               "<schedule><startDate>12/01/2026 10:00:00</startDate></schedule>")
    answer = httpx.post(url, content=create_meeting(content).encode(), timeout=10).text
    return int(re.search(r"<meet:meetingkey>(\d+)<", answer).group(1))


def get_meeting(url, key):
    return httpx.post(url, content=message(GET, f"<meetingKey>{key}</meetingKey>").encode(), timeout=10).text


def test_killed_state_file_backend_restarts_with_every_meeting(tmp_path):
    state = tmp_path / "state" / "mock.json"
    process, url = start("--port", "0", "--state-file", str(state), "--log-level", "warning")
    try:
        keys = [create(url, f"Meeting {i}") for i in range(25)]
        answers = {key: get_meeting(url, key) for key in keys}
    finally:
        stop(process, signal.SIGKILL)  # no shutdown hook gets to run
    assert state.read_bytes().startswith(b"SQLite format 3\x00")
    process, url = start("--port", "0", "--state-file", str(state), "--log-level", "warning")
    try:
        for key in keys:
            again = get_meeting(url, key)
            assert "<serv:result>SUCCESS</serv:result>" in again
            assert again == answers[key]  # byte for byte
        assert create(url, "after restart") not in keys  # keys are still never reused
    finally:
        stop(process)


def listed_total(url):
    """How many meetings the site lists (LstsummaryMeeting's matchingRecords total, one meeting asked for)."""
    answer = httpx.post(url, content=message("meeting.LstsummaryMeeting",
                                             "<listControl><maximumNum>1</maximumNum></listControl>").encode(),
                        timeout=60).text
    return int(re.search(r"<serv:total>(\d+)<", answer).group(1))


@pytest.mark.slow
def test_killed_backend_with_100000_meetings_restarts_with_every_meeting(tmp_path):
    state = tmp_path / "mock.db"
    process, url = start("--port", "0", "--state-file", str(state), "--log-level", "warning")
    try:
        first = create(url, "Template")
        template = httpx.get(url.split("/WBXService")[0] + f"/_mock/sites/acme/meetings/{first}", timeout=10).json()
    finally:
        stop(process)
    fill_meetings(state, template, 99_999)  # written straight into the database: 100,000 with the first
    process, url = start("--port", "0", "--state-file", str(state), "--log-level", "warning")
    try:
        key = create(url, "The one after")
        answer = get_meeting(url, key)
    finally:
        stop(process, signal.SIGKILL)
    process, url = start("--port", "0", "--state-file", str(state), "--log-level", "warning")
    try:
        assert get_meeting(url, key) == answer and "<serv:result>SUCCESS</serv:result>" in answer
        assert listed_total(url) == 100_001
    finally:
        stop(process)


def test_json_logs_and_journal_never_contain_secrets():
    process, url = start("--port", "0", "--log-format", "json", "--log-level", "debug")
    base = url.split("/WBXService")[0]
    try:
        authenticated = httpx.post(url, content=message("user.AuthenticateUser").encode(), timeout=10).text
        ticket = re.search(r"<use:sessionTicket>(.+?)<", authenticated).group(1)
        token = "acme-hostid-access-token"
        httpx.post(url, content=message("user.AuthenticateUser", f"<accessToken>{token}</accessToken>",
                                        password=None).encode(), timeout=10)
        httpx.post(url, content=create_meeting(password=None, ticket=ticket).encode(), timeout=10)
        httpx.post(url, content=create_meeting(password="wrong-Secret-9").encode(), timeout=10)
        journal = httpx.get(f"{base}/_mock/journal", timeout=10).text
        state = httpx.get(f"{base}/_mock/state", timeout=10).text
        sites = httpx.get(f"{base}/_mock/sites", timeout=10).text
    finally:
        _, logs = stop(process)
    lines = [json.loads(line) for line in logs.splitlines() if line.startswith("{")]
    assert any(line.get("operation") == "meeting.CreateMeeting" for line in lines)
    assert any("request_body" in line for line in lines)  # debug level logs bodies, redacted
    for secret in ("passw0rd", ticket, token, "wrong-Secret-9"):
        assert secret not in logs, secret
        assert secret not in journal, secret
        assert secret not in state, secret
        assert secret not in sites, secret
