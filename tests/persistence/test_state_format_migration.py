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

import pytest
from apikit import Api, make_app
from attendeekit import invite, meeting_emails
from meetingkit import get
from statekit import read_only

from mockserver.persistence.database import SCHEMA_VERSION
from mockserver.persistence.statefile import StateFileError

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


def test_opening_a_schema_2_database_rewrites_every_meeting_row_as_the_model(tmp_path):
    path = written_by_schema_2(tmp_path)
    opened(path).app.state.state_file.close()
    conn = read_only(path)
    assert conn.execute("SELECT value FROM meta WHERE name = 'version'").fetchone() == (SCHEMA_VERSION,)
    rows = [json.loads(text) for (text,) in conn.execute("SELECT data FROM meetings")]
    conn.close()
    assert len(rows) == len(WRITTEN["keys"]) and all("xml" in row and "data" not in row for row in rows)
    july = next(row for row in rows if row["key"] == WRITTEN["keys"]["pacific-july"])
    assert (july["title"], july["zone"], july["duration"]) == ("Jul", "America/Los_Angeles", 60)


def test_a_failed_migration_changes_nothing(tmp_path):
    path = written_by_schema_2(tmp_path)
    with sqlite3.connect(path) as conn:  # the last meeting row is not JSON: the migration stops there
        conn.execute("UPDATE meetings SET data = 'not json' WHERE key = ?", (WRITTEN["keys"]["default-zone"],))
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StateFileError, match="a meeting row is not JSON"):
        make_app(state_file=str(path))
    conn = read_only(path)
    assert conn.execute("SELECT value FROM meta WHERE name = 'version'").fetchone() == ("2",)
    assert all("data" in json.loads(text) for (text,) in conn.execute("SELECT data FROM meetings WHERE data != "
                                                                       "'not json'"))
    conn.close()
    assert len(path.read_bytes()) == len(before)


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
