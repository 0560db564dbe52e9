"""A state database written by an older server opens, migrates, and answers every GetMeeting byte for byte as it did.

``tests/samples/state-v2.sql`` is the database the server wrote at schema version 2 (the last one that kept each
meeting as the XML request's data), dumped as SQL; ``state-v2-answers.json`` holds the GetMeeting answers that
server gave for its five meetings: two in a DST zone (January and July), one in GMT with a password and an agenda,
one starting in a spring-forward gap, one in the site's default zone, one of them with two attendees.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from apikit import Api, make_app
from attendeekit import invite, meeting_emails
from meetingkit import get

SAMPLES = Path(__file__).parents[1] / "samples"
WRITTEN = json.loads((SAMPLES / "state-v2-answers.json").read_text())


def opened(path: Path) -> Api:
    return Api("asgi", make_app(state_file=str(path)), "")


def written_by_schema_2(tmp_path: Path) -> Path:
    path = tmp_path / "state.db"
    with sqlite3.connect(path) as conn:
        conn.executescript((SAMPLES / "state-v2.sql").read_text())
    conn.close()
    return path


def test_a_schema_2_database_answers_every_get_meeting_byte_for_byte(tmp_path):
    api = opened(written_by_schema_2(tmp_path))
    for name, key in WRITTEN["keys"].items():
        assert api.post(get(key)).body.decode() == WRITTEN["answers"][name], name
    api.app.state.state_file.close()


def test_a_schema_2_database_keeps_answering_after_a_write_and_a_restart(tmp_path):
    path = written_by_schema_2(tmp_path)
    api = opened(path)
    july = WRITTEN["keys"]["pacific-july"]
    api.post(invite(july, "carol@example.com")).ok()
    api.app.state.state_file.close()
    again = opened(path)
    assert meeting_emails(again.post(get(july)).ok()) == ["ann@example.com", "bob@example.com", "carol@example.com"]
    for name, key in WRITTEN["keys"].items():
        if key != july:
            assert again.post(get(key)).body.decode() == WRITTEN["answers"][name], name
    again.app.state.state_file.close()
