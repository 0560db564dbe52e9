"""Trust, round 2 (issue 20): what a client was told stays in the state file, and nothing reaches someone else's file.

* Evicting a namespace (``--max-namespaces``) drops it from memory only: its rows stay and it is read back when it
  is next used; only deleting it deletes them.
* One server per file, whatever name the file is given (a symbolic or a hard link).
* Nothing beside the file is opened through a planted link.
* An import is checked before it is applied, and applied to memory and file alike or to neither.
* A state document with more namespaces than fit is refused, not half kept.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess

import pytest
from adminkit import BODY, Admin, create, get_meeting, ns
from apikit import Answer, Api, make_app
from processkit import command
from statekit import count_rows, saved_document, saved_keys, saved_names
from webex import message

from mockserver.domain.records import Meeting
from mockserver.persistence import rows
from mockserver.persistence.statefile import StateFile, StateFileError


def backed(path, **config) -> tuple[Api, Admin]:
    api = Api("asgi", make_app(state_file=str(path), **config), "")
    return api, Admin(api)


def restarted(api: Api, path, **config) -> tuple[Api, Admin]:
    api.app.state.state_file.close()
    return backed(path, **config)


def confname(api: Api, key: int, namespace: str) -> str | None:
    answer = get_meeting(api, key, **ns(namespace))
    return Answer(answer.status_code, answer.headers, answer.content).text(BODY + "meet:metaData/meet:confName")


# -- 1. eviction keeps the rows ----------------------------------------------------------------------------------


def test_evicting_a_namespace_keeps_its_rows_and_it_comes_back(tmp_path):
    path = tmp_path / "state.db"
    api, admin = backed(path, max_namespaces=3)
    key = create(api, name="Acknowledged", **ns("demo"))
    for other in ("a", "b", "c"):  # empty POSTs naming other namespaces: demo is evicted from memory
        api.post_raw(b"", headers=ns(other)["headers"])
    assert "demo" not in api.app.state.tenancy._tenants
    assert saved_keys(path, "demo") == [key]  # was []: the eviction deleted its rows
    assert confname(api, key, "demo") == "Acknowledged"  # read back from the file
    assert "demo" in admin.get("/_mock/namespaces")["namespaces"]
    api, admin = restarted(api, path, max_namespaces=3)
    assert confname(api, key, "demo") == "Acknowledged"
    for other in ("a", "b", "c"):
        api.post_raw(b"", headers=ns(other)["headers"])
    assert admin.delete("/_mock/namespaces/demo") == {"deleted": "demo"}  # deleting it still deletes its rows
    assert saved_keys(path, "demo") == [] and "demo" not in saved_names(path)
    api.app.state.state_file.close()


def test_a_namespace_evicted_before_its_change_was_committed_keeps_the_change(tmp_path):
    path = tmp_path / "state.db"
    api, _ = backed(path, max_namespaces=2)
    tenancy, service = api.app.state.tenancy, api.app.state.service
    create(api, **ns("first"))
    body = message("meeting.CreateMeeting", "<metaData><confName>Late</confName></metaData>").encode()
    service.handle(body, "text/xml", tenancy.get("first").store)  # changed; its save has not run yet
    tenancy.get("second")  # evicts "first" meanwhile
    tenancy.on_change()  # the save
    assert len(saved_keys(path, "first")) == 2
    again = tenancy.get("first").store
    assert sorted(m.data["metaData"]["confName"] for m in again.site_meetings("acme")) == ["Late", "Standup"]
    api.app.state.state_file.close()


def test_fresh_namespaces_are_written_only_once_they_change(tmp_path):
    path = tmp_path / "state.db"
    api, _ = backed(path, max_namespaces=5)
    for name in ("x1", "x2", "x3", "x4", "x5", "x6"):
        api.post_raw(b"", headers=ns(name)["headers"])
    create(api, **ns("x6"))
    assert saved_names(path) == ["x6"]
    api.app.state.state_file.close()


# -- 2. and 3. one server per file, no planted link followed -------------------------------------------------------


@pytest.mark.parametrize("link", [os.symlink, os.link])
def test_a_second_server_through_another_name_of_the_file_is_refused(tmp_path, link):
    path = tmp_path / "state.db"
    api, _ = backed(path)
    kept = [create(api) for _ in range(5)]
    other = tmp_path / "other-name.db"
    link(path, other)
    with pytest.raises(StateFileError, match="is in use by another webex-mockserver"):
        make_app(state_file=str(other))
    assert saved_keys(path) == sorted(kept)
    api.app.state.state_file.close()
    make_app(state_file=str(other)).state.state_file.close()  # free once the first let go


def test_a_planted_lock_link_is_not_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    path = tmp_path / "state.db"
    os.symlink(victim, tmp_path / "state.db.lock")
    with pytest.raises(StateFileError, match=f"cannot use state file {path}: "):
        make_app(state_file=str(path))
    (tmp_path / "state.db.lock").unlink()
    os.link(victim, tmp_path / "state.db.lock")  # a hard link: the pid would be written over the victim
    with pytest.raises(StateFileError, match="not a regular file of its own"):
        make_app(state_file=str(path))
    assert victim.read_text() == "precious"


def test_a_planted_imported_json_link_is_replaced_not_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    path = tmp_path / "state.json"
    path.write_text('{"format": "webex-mockserver-state", "version": 1, "namespaces": {}}')
    os.symlink(victim, tmp_path / "state.json.json-imported")
    make_app(state_file=str(path)).state.state_file.close()
    assert victim.read_text() == "precious"
    kept = tmp_path / "state.json.json-imported"
    assert not kept.is_symlink() and kept.read_text().startswith('{"format"')


def test_a_planted_write_ahead_log_link_refuses_the_start(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    path = tmp_path / "state.db"
    os.symlink(victim, tmp_path / "state.db-wal")
    with pytest.raises(StateFileError, match="state.db-wal is a link"):
        make_app(state_file=str(path))
    assert victim.read_text() == "precious"


# -- 4., 15. and 16. imports checked first, applied to both or neither -----------------------------------------------


def _document(admin: Admin) -> dict:
    return admin.get("/_mock/state?scope=all")


def v1_meeting(model: dict, **changes) -> dict:
    """A meeting of a state document as version 1 held it (its XML blocks as ``data``)."""
    ids = {k: v for k, v in model.items() if k not in ("title", "start_ts", "zone", "duration", "xml", "rest")}
    return {**ids, "data": Meeting.from_dict(model).data, **changes}


@pytest.mark.parametrize("change, why", [
    (lambda d: d["meetings"][0].update(key=2**63), "meeting key 9223372036854775808 is out of range"),
    (lambda d: d["usedKeys"].append(2**64), "usedKeys must be integers from 1 to 9223372036854775807"),
    (lambda d: d["tickets"].append({"value": "t", "site": "acme", "user": "hostid@acme.com",
                                    "created_ms": 2**63, "ttl_s": 1}), "ticket created_ms and ttl_s must be"),
    (lambda d: d["meetings"][0].update(xml={}), "xml.metaData.confName is required"),
    (lambda d: d["meetings"][0]["xml"]["schedule"].update(startDate="soon"), "xml.schedule.startDate must be"),
    (lambda d: d["meetings"][0]["xml"].update(participants="x"), "xml.participants must be an object"),
    (lambda d: d["meetings"][0]["xml"]["participants"]["attendees"].update(attendee=[{}]),
     "attendee[0].contactID is required"),
    (lambda d: d["meetings"][0].update(start_ts=2**62), "start_ts 4611686018427387904 is out of range"),
    # a day inside the dates Python holds, start and end, else some zone shows it before year 1 or after 9999
    (lambda d: d["meetings"][0].update(start_ts=253402300000), "start_ts 253402300000 is out of range"),
    (lambda d: d["meetings"][0].update(start_ts=253402214399 - 60), "start_ts 253402214339 is out of range"),
    (lambda d: d["meetings"][0].update(start_ts=-62135596800), "start_ts -62135596800 is out of range"),
    (lambda d: d["meetings"][0].update(zone="Mars/Olympus_Mons"), "zone 'Mars/Olympus_Mons' is no IANA time zone"),
    (lambda d: d["meetings"][0].update(zone="Asia/Kathmandu"), "zone 'Asia/Kathmandu' has no XML timeZoneID"),
    (lambda d: d["meetings"].__setitem__(0, v1_meeting(d["meetings"][0], data={})),
     "data.metaData.confName is required"),
])
def test_an_import_the_file_or_an_answer_could_not_take_is_refused_and_changes_nothing(tmp_path, change, why):
    path = tmp_path / "state.db"
    api, admin = backed(path)
    create(api, name="Before")
    document = _document(admin)
    memory, kept = _document(admin), saved_document(path)
    change(document["namespaces"]["default"])
    refused = admin.error("PUT", "/_mock/state", 400, json=document)
    assert refused.startswith("namespace 'default': ") and why in refused, refused
    assert _document(admin) == memory and saved_document(path) == kept  # neither changed
    for call in ("meeting.LstsummaryMeeting", "ep.LstsummarySession"):
        assert api.post(message(call)).result == "SUCCESS"  # every listing still answers
    api.app.state.state_file.close()


def test_a_meeting_row_the_answers_could_not_use_refuses_the_start_in_one_line(tmp_path):
    path = tmp_path / "state.db"
    api, _ = backed(path)
    key = create(api)
    api.app.state.state_file.close()
    with sqlite3.connect(path) as conn:
        (row,) = conn.execute("SELECT data FROM meetings WHERE key = ?", (key,)).fetchone()
        conn.execute("UPDATE meetings SET data = ? WHERE key = ?", (json.dumps({**json.loads(row), "xml": {}}), key))
    conn.close()
    with pytest.raises(StateFileError) as raised:
        make_app(state_file=str(path))
    assert str(raised.value) == f"state file {path}: meeting {key}: xml.metaData.confName is required (a text)"
    StateFile(path).close()


def test_a_deeply_nested_row_refuses_the_start_in_one_line(tmp_path):
    path = tmp_path / "state.db"
    api, _ = backed(path)
    key = create(api)
    api.app.state.state_file.close()
    for depth in (100, 100_000):
        deep = '{"x": ' * depth + "1" + "}" * depth
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE meetings SET data = ? WHERE key = ?", (deep, key))
        conn.close()
        with pytest.raises(StateFileError) as raised:
            make_app(state_file=str(path))
        assert str(raised.value) == f"state file {path}: a meeting row is nested deeper than 64 levels"
    result = subprocess.run([*command(), "--port", "0", "--state-file", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr == (f"webex-mockserver: cannot start: state file {path}: a meeting row is nested deeper "
                             "than 64 levels\n")


def test_an_import_with_more_namespaces_than_fit_is_refused(tmp_path):
    path = tmp_path / "state.db"
    api, admin = backed(path, max_namespaces=3)
    create(api)
    document = _document(admin)
    for name in ("n1", "n2", "n3"):
        document["namespaces"][name] = document["namespaces"]["default"]
    assert admin.error("PUT", "/_mock/state", 400, json=document) == (
        "the document has 4 namespaces; at most 3 fit beside 'default' (--max-namespaces 3): nothing was imported")
    del document["namespaces"]["default"]
    assert admin.error("PUT", "/_mock/state", 400, json=document) == (
        "the document has 3 namespaces; at most 2 fit beside 'default' (--max-namespaces 3): nothing was imported")
    del document["namespaces"]["n3"]
    assert admin.put("/_mock/state", json=document) == {"imported": ["n1", "n2"]}
    assert set(admin.get("/_mock/namespaces")["namespaces"]) >= {"default", "n1", "n2"}
    assert count_rows(path, "meetings") == 3
    api.app.state.state_file.close()


def test_a_commit_that_fails_in_any_way_undoes_the_change(tmp_path, monkeypatch):
    path = tmp_path / "state.db"
    api, admin = backed(path)
    kept = create(api)

    def broken(*args, **kwargs):
        raise TypeError("a value the database cannot take")

    monkeypatch.setattr(rows, "write_rows", broken)
    answer = api.post(message("meeting.CreateMeeting", "<metaData><confName>Lost</confName></metaData>"))
    assert (answer.result, answer.exception_id, answer.reason) == (
        "FAILURE", "999999", "the state file could not be saved: a value the database cannot take")
    assert [m["key"] for m in admin.get("/_mock/sites/acme/meetings")["meetings"]] == [kept]  # undone in memory
    assert saved_keys(path) == [kept]
    api.app.state.state_file.close()


def test_a_namespace_read_back_after_a_failed_commit_keeps_drawing_where_the_undone_call_left_off(tmp_path,
                                                                                                  monkeypatch):
    """After a failed commit the namespace is read back from the file, and keeps the random generator the undone
    call drew from: with a fixed random seed, a fresh one would draw the same UUIDs, tokens and tickets again."""
    path = tmp_path / "state.db"
    api, _ = backed(path, random_seed=7)
    create(api)  # the namespace is in the file: the next commit writes its changed rows
    tenancy = api.app.state.tenancy
    before = tenancy.get().store

    def broken(*args, **kwargs):
        raise TypeError("a value the database cannot take")

    monkeypatch.setattr(rows, "write_rows", broken)
    assert api.post(message("meeting.CreateMeeting", "<metaData><confName>Lost</confName></metaData>")).result \
        == "FAILURE"
    after = tenancy.get().store
    assert after is not before  # read back from the file
    assert after.rng.getstate() == before.rng.getstate()  # drawing on where the undone call left off
    api.app.state.state_file.close()
