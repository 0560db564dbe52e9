"""The state file is an SQLite database that mirrors memory: every kind of change is in it once the call has
answered, an old JSON state file is imported once, and a database the server cannot use refuses the start
with one line (the CLI exits 2)."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import stat
import subprocess
from contextlib import contextmanager

import pytest
from adminkit import create, mocks, ns  # noqa: F401  (fixture)
from apikit import Api, make_app
from processkit import command
from statekit import (  # noqa: F401  (backed: fixture)
    SAVE_FAILED,
    backed,
    break_saves,
    count_rows,
    mend_saves,
    saved_document,
    saved_keys,
    saved_names,
)
from webex import message

from mockserver.persistence.export import export_all
from mockserver.persistence.statefile import StateFile, StateFileError

NEW_USER = {"webExId": "bob@acme.com", "password": "b0b-Secret", "email": "bob@acme.com"}


def memory_document(api) -> dict:
    """What memory holds, as the state file keeps it (with secrets)."""
    return export_all(api.app.state.tenancy, include_secrets=True)


def test_every_kind_of_change_is_in_the_database_when_the_call_answers(backed):
    api, admin, path = backed
    kept, gone = create(api, name="Kept"), create(api, name="Gone")
    api.post(message("meeting.SetMeeting", f"<meetingKey>{kept}</meetingKey>"
                                           "<metaData><confName>Renamed</confName></metaData>")).ok()
    api.post(message("meeting.DelMeeting", f"<meetingKey>{gone}</meetingKey>")).ok()
    api.post(message("user.AuthenticateUser")).ok()
    admin.post("/_mock/sites/acme/users", 201, json=NEW_USER)
    admin.delete("/_mock/sites/acme/users/alice@acme.com")
    admin.patch("/_mock/sites/acme/settings", json={"maxDuration": 60})
    assert saved_document(path) == memory_document(api)
    create(api, **ns("other"))
    create(api, **ns("dropped"))
    admin.post("/_mock/reset?scope=site&site=globex")
    admin.delete("/_mock/sites/globex", **ns("other"))
    admin.post("/_mock/reset?scope=namespace", **ns("dropped"))
    assert saved_document(path) == memory_document(api)
    assert saved_keys(path) == [kept] and saved_keys(path, "dropped") == []
    admin.post("/_mock/reset?scope=all")
    assert saved_document(path) == memory_document(api)
    assert saved_names(path) == [] and count_rows(path, "meetings") == 0


def test_admin_import_replaces_the_database_in_one_transaction(backed):
    api, admin, path = backed
    create(api, name="Before")
    document = admin.get("/_mock/state?scope=all")
    document["namespaces"]["second"] = document["namespaces"]["default"]
    blocker = break_saves(path)
    assert admin.error("PUT", "/_mock/state", 400, json=document) == SAVE_FAILED
    mend_saves(blocker)
    assert saved_names(path) == ["default"]  # neither namespace written: the import was one transaction
    assert admin.get("/_mock/sites/acme/meetings", **ns("second"))["meetings"] == []
    assert admin.put("/_mock/state", json=document) == {"imported": ["default", "second"]}
    assert saved_names(path) == ["default", "second"]
    assert saved_document(path) == memory_document(api)


def test_a_json_state_file_is_imported_once(tmp_path, caplog):
    source = make_app()
    tenant = source.state.tenancy.get("team")
    source.state.service.handle(message("meeting.CreateMeeting", "<metaData><confName>Old</confName></metaData>"
                                        "<schedule><startDate>12/01/2026 10:00:00</startDate></schedule>").encode(),
                                "text/xml", tenant.store)
    raw = json.dumps(export_all(source.state.tenancy, include_secrets=True)).encode()
    path = tmp_path / "state.json"
    path.write_bytes(raw)
    with caplog.at_level(logging.WARNING, logger="mockserver.statefile"):
        app = make_app(state_file=str(path))
    app.state.state_file.close()
    kept = tmp_path / "state.json.json-imported"
    assert [r.getMessage() for r in caplog.records] == [
        f"state file {path} was JSON: imported 1 namespace(s) into an SQLite database in its place; "
        f"the JSON is kept as {kept}"]
    assert path.read_bytes().startswith(b"SQLite format 3\x00") and kept.read_bytes() == raw
    assert sorted(os.listdir(tmp_path)) == ["state.json", "state.json.json-imported", "state.json.lock"]
    assert saved_document(path) == json.loads(raw)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="mockserver.statefile"):
        again = make_app(state_file=str(path))
    again.state.state_file.close()
    assert caplog.records == []  # imported once: now it is the database
    assert export_all(again.state.tenancy, include_secrets=True) == json.loads(raw)


@pytest.mark.parametrize("damage, why", [
    (b"SQLite format 3\x00" + b"\x07" * 4000, "file is not a database"),
    (None, "not a webex-mockserver-state database"),
])
def test_a_database_the_server_cannot_read_refuses_the_start(tmp_path, damage, why):
    path = tmp_path / "state.db"
    if damage is None:  # some other program's database
        with sqlite3.connect(path) as other:
            other.execute("CREATE TABLE notes (text TEXT)")
        other.close()
    else:
        path.write_bytes(damage)
    with pytest.raises(StateFileError) as raised:
        make_app(state_file=str(path))
    assert str(raised.value) == f"state file {path}: {why}"
    StateFile(path).close()  # a refused start let go of the file
    result = subprocess.run([*command(), "--port", "0", "--state-file", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr == f"webex-mockserver: cannot start: state file {path}: {why}\n"


def test_a_database_the_server_cannot_write_refuses_the_start(tmp_path):
    path = tmp_path / "state.db"
    (tmp_path / "state.db-wal").mkdir()  # its write-ahead log cannot be made (chmod would not stop root)
    with pytest.raises(StateFileError) as raised:
        make_app(state_file=str(path))
    assert str(raised.value) == f"state file {path}: disk I/O error"


@contextmanager
def umask(mask: int):
    """The process umask set to ``mask`` for a block (the usual 022: new files readable by everyone)."""
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def modes(folder) -> dict[str, str]:
    return {path.name: oct(stat.S_IMODE(path.stat().st_mode)) for path in sorted(folder.iterdir())}


def test_the_database_and_its_companions_are_made_readable_by_their_owner_only(tmp_path):
    path = tmp_path / "state.db"
    with umask(0o022):
        app = make_app(state_file=str(path))
        try:
            create(Api("asgi", app, ""))
            assert saved_keys(path)  # committed: the write-ahead log and shared memory are there
            made = ("state.db", "state.db-shm", "state.db-wal", "state.db.lock")
            assert modes(tmp_path) == dict.fromkeys(made, "0o600")
        finally:
            app.state.state_file.close()


def test_an_imported_json_state_file_and_its_database_are_made_readable_by_their_owner_only(tmp_path):
    path = tmp_path / "state.json"
    path.write_text(json.dumps(export_all(make_app().state.tenancy, include_secrets=True)))
    os.chmod(path, 0o644)
    with umask(0o022):
        app = make_app(state_file=str(path))
        try:
            made = ("state.json", "state.json-shm", "state.json-wal", "state.json.json-imported", "state.json.lock")
            assert modes(tmp_path) == dict.fromkeys(made, "0o600")
        finally:
            app.state.state_file.close()
