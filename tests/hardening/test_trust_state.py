"""The state file can be trusted: what a client was told is what the file holds.

* A location the server cannot write refuses the start (one clear line; the CLI exits 2).
* A save that fails later answers a WebEx FAILURE (999999, no path in the reason) and undoes the change in memory,
  so memory stays as the file has it: nothing acknowledged is lost on restart, nothing refused comes back.
* One server per state file: a second one refuses to start, naming the file and the pid holding it.
* A state file nested too deeply refuses the start clearly (no RecursionError, no traceback).

The failing save is real, not patched: another connection holds the database's write lock while the server runs
(root ignores chmod, so a read-only file would not do).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from adminkit import (
    BODY,
    create,
    get_meeting,
    mocks,  # noqa: F401  (fixture)
    ns,
)
from apikit import make_app
from processkit import command, start, stop
from statekit import SAVE_FAILED, backed, break_saves, mend_saves, saved_keys  # noqa: F401  (backed: fixture)
from webex import create_meeting, message

from mockserver.base.jsondoc import MAX_JSON_DEPTH
from mockserver.controls.tenancy import Tenancy
from mockserver.persistence.statefile import StateFile, StateFileError

NEW_USER = {"webExId": "bob@acme.com", "password": "b0b-Secret", "email": "bob@acme.com"}


def restarted(path: Path, api) -> Tenancy:
    """A new server on the same file (after the first let go of it): the state it loads."""
    api.app.state.state_file.close()
    app = make_app(state_file=str(path))
    app.state.state_file.close()
    return app.state.tenancy


# -- a save that fails ----------------------------------------------------------------------------------------------


def test_failed_save_answers_a_failure_and_undoes_the_change(backed):
    api, admin, path = backed
    kept = create(api, name="Saved")
    blocker = break_saves(path)
    answer = api.post(create_meeting())
    assert (answer.result, answer.exception_id, answer.reason) == ("FAILURE", "999999", SAVE_FAILED)
    assert str(path.parent).encode() not in answer.body and b"<serv:bodyContent/>" in answer.body
    assert [m["key"] for m in admin.get("/_mock/sites/acme/meetings")["meetings"]] == [kept]
    entry = admin.get("/_mock/journal?operation=meeting.CreateMeeting")["entries"][-1]
    assert (entry["result"], entry["exception_id"], entry["reason"]) == ("FAILURE", "999999", SAVE_FAILED)
    # changes of a meeting and a session ticket are undone too
    changed = api.post(message("meeting.SetMeeting", f"<meetingKey>{kept}</meetingKey>"
                                                     "<metaData><confName>Renamed</confName></metaData>"))
    assert changed.reason == SAVE_FAILED
    assert b"<meet:confName>Saved</meet:confName>" in get_meeting(api, kept).content
    ticket = api.post(message("user.AuthenticateUser"))
    assert ticket.reason == SAVE_FAILED and b"sessionTicket" not in ticket.body
    assert api.post(message("meeting.DelMeeting", f"<meetingKey>{kept}</meetingKey>")).reason == SAVE_FAILED
    assert b"<serv:result>SUCCESS</serv:result>" in get_meeting(api, kept).content
    mend_saves(blocker)
    again = create(api, name="After")
    assert saved_keys(path) == sorted([kept, again])
    store = restarted(path, api).get().store
    assert sorted(m.key for m in store.site_meetings("acme")) == sorted([kept, again])


def test_failed_save_of_an_admin_change_is_refused_and_undone(backed):
    api, admin, path = backed
    create(api, **ns("other"))
    blocker = break_saves(path)
    assert admin.error("POST", "/_mock/sites/acme/users", 400, json=NEW_USER) == SAVE_FAILED
    assert "bob@acme.com" not in [u["webExId"] for u in admin.get("/_mock/sites/acme/users")["users"]]
    assert admin.error("PATCH", "/_mock/sites/acme/settings", 400, json={"maxDuration": 5}) == SAVE_FAILED
    assert admin.get("/_mock/sites/acme/settings")["maxDuration"] == 1440
    assert admin.error("POST", "/_mock/reset?scope=all", 400) == SAVE_FAILED
    assert len(admin.get("/_mock/sites/acme/meetings", **ns("other"))["meetings"]) == 1  # as the file has it
    mend_saves(blocker)
    admin.post("/_mock/sites/acme/users", 201, json=NEW_USER)
    assert "bob@acme.com" in {u.key for u in restarted(path, api).get().store.site_by_name("acme").users.values()}


def test_namespace_first_changed_by_a_failed_save_is_as_fresh(backed):
    api, admin, path = backed
    blocker = break_saves(path)
    assert api.post(create_meeting(), **ns("fresh")).reason == SAVE_FAILED
    assert admin.get("/_mock/sites/acme/meetings", **ns("fresh"))["meetings"] == []
    mend_saves(blocker)
    key = create(api, **ns("fresh"))
    assert saved_keys(path, "fresh") == [key]


# -- refusing to start -------------------------------------------------------------------------------------------------


def test_unwritable_location_refuses_the_start(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    for path in (blocker / "state.json", blocker / "deeper" / "state.json"):
        with pytest.raises(StateFileError, match=f"cannot use state file {path}: ") as raised:
            make_app(state_file=str(path))
        assert "\n" not in str(raised.value)
    directory = tmp_path / "is-a-directory"
    directory.mkdir()
    with pytest.raises(StateFileError, match="is a directory"):
        make_app(state_file=str(directory))


def test_cli_exits_2_on_an_unwritable_location(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    path = blocker / "state.json"
    result = subprocess.run([*command(), "--port", "0", "--state-file", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"webex-mockserver: cannot start: cannot use state file {path}: ")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_second_server_on_one_state_file_is_refused(tmp_path):
    path = tmp_path / "state.json"
    first = StateFile(path)
    try:
        with pytest.raises(StateFileError) as raised:
            make_app(state_file=str(path))
        assert str(raised.value) == (f"state file {path} is in use by another webex-mockserver (pid {os.getpid()}); "
                                     "stop it or choose another --state-file")
    finally:
        first.close()
    make_app(state_file=str(path)).state.state_file.close()  # let go: the next one may use it


def test_second_server_process_exits_2_naming_the_file_and_the_first(tmp_path):
    path = tmp_path / "state.json"
    process, url = start("--port", "0", "--state-file", str(path), "--log-level", "warning")
    try:
        result = subprocess.run([*command(), "--port", "0", "--state-file", str(path)],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 2, result.stderr
        assert result.stderr.strip() == (f"webex-mockserver: cannot start: state file {path} is in use by another "
                                         f"webex-mockserver (pid {process.pid}); stop it or choose another "
                                         "--state-file")
    finally:
        stop(process)
    again, _ = start("--port", "0", "--state-file", str(path), "--log-level", "warning")  # the lock went with it
    stop(again)


def test_deeply_nested_state_file_refuses_the_start(tmp_path):
    path = tmp_path / "state.json"
    for depth in (MAX_JSON_DEPTH + 1, 100_000):
        path.write_text('{"format": "webex-mockserver-state", "version": 1, "namespaces": {"default": {"x": '
                        + "[" * depth + "]" * depth + "}}}")
        with pytest.raises(StateFileError, match=f"nested deeper than {MAX_JSON_DEPTH} levels") as raised:
            make_app(state_file=str(path))
        assert str(raised.value).startswith(f"state file {path}: ")
    result = subprocess.run([sys.executable, "-m", "mockserver", "--port", "0", "--state-file", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "nested deeper than" in result.stderr
    StateFile(path).close()  # a refused start let go of the file


def test_state_file_saved_and_loaded_keeps_tickets(backed):
    api, admin, path = backed
    answer = api.post(message("user.AuthenticateUser")).ok()
    ticket = answer.text(BODY + "use:sessionTicket")
    store = restarted(path, api).get().store
    assert store.ticket(ticket) is not None


@pytest.mark.parametrize("content, why", [(b"{not json", "Expecting property name"),
                                          (b"{\"a\": \"\x80\"}", "can't decode"),
                                          (b'{"format": "other"}', "not a webex-mockserver-state document")])
def test_broken_state_file_refuses_the_start_naming_it(tmp_path, content, why):
    path = tmp_path / "state.json"
    path.write_bytes(content)
    with pytest.raises(StateFileError) as raised:
        make_app(state_file=str(path))
    assert str(raised.value).startswith(f"state file {path}: ") and why in str(raised.value)
    StateFile(path).close()  # a refused start let go of the file
