"""The clock is kept: in the state file (across a restart), in the export and the import, and a database written
before clocks gains their table. The launch sets where every namespace's clock starts: ``--clock-start`` runs from
there, ``--clock-frozen`` stands there (flags and environment, refused in one line when wrong)."""

from __future__ import annotations

import httpx
import pytest
from adminkit import Admin, ns
from apikit import Api, make_app
from processkit import start, stop
from statekit import opened, read_only, reopened_as_schema

from mockserver.base.instants import parse_instant
from mockserver.config import Config, ConfigError, resolve
from mockserver.fixture.remote import base_url_of
from mockserver.persistence.database import SCHEMA_VERSION
from mockserver.persistence.export import export_all, import_all

MONDAY = "2027-01-04T09:00:00Z"
MONDAY_MS = parse_instant(MONDAY, "test")



def test_a_frozen_clock_survives_a_restart_with_the_state_file(tmp_path):
    path = tmp_path / "state.db"
    api, admin = opened(path)
    admin.put("/_mock/clock", json={"freeze": MONDAY}, **ns("team"))
    admin.put("/_mock/clock", json={"offset": -3600})  # default: running an hour behind
    api.app.state.state_file.close()
    api, admin = opened(path)
    assert admin.get("/_mock/clock", **ns("team"))["now"] == "2027-01-04T09:00:00.000Z"
    behind = admin.get("/_mock/clock")
    assert behind["mode"] == "offset" and behind["offsetMs"] == -3_600_000
    api.app.state.state_file.close()
    rows = dict(read_only(path).execute("SELECT namespace, data FROM clocks"))
    assert set(rows) == {"default", "team"}


def test_the_export_and_the_import_carry_the_clock():
    source = make_app()
    Admin(Api("asgi", source, "")).put("/_mock/clock", json={"freeze": MONDAY}, **ns("team"))
    document = export_all(source.state.tenancy)
    assert document["namespaces"]["team"]["clock"]["frozenAtMs"] == MONDAY_MS
    target = make_app()
    import_all(target.state.tenancy, document)
    assert target.state.tenancy.get("team").store.now_ms() == MONDAY_MS
    admin = Admin(Api("asgi", source, ""))
    streamed = admin.get("/_mock/state", **ns("team"))  # the streamed export holds it too
    assert streamed["namespaces"]["team"]["clock"] == document["namespaces"]["team"]["clock"]
    del document["namespaces"]["team"]["clock"]  # a document from before clocks: the launch's clock
    import_all(target.state.tenancy, document)
    assert target.state.tenancy.get("team").store.clock.mode == "real"


def test_an_import_refuses_a_clock_it_cannot_read():
    app = make_app()
    app.state.tenancy.get()
    document = export_all(app.state.tenancy)
    document["namespaces"]["default"]["clock"] = {"offsetMs": "soon"}
    admin = Admin(Api("asgi", app, ""))
    message = admin.error("PUT", "/_mock/state", 400, json=document)
    assert message == "namespace 'default': clock offsetMs must be an integer of milliseconds"


def test_a_database_from_before_clocks_gains_their_table(tmp_path):
    path = tmp_path / "state.db"
    api, admin = opened(path)
    admin.post("/_mock/sites/acme/users", 201, json={"webExId": "bob@acme.com", "password": "b0b-Secret",
                                                     "email": "bob@acme.com"})  # a change: the namespace is written
    api, admin = reopened_as_schema(api, path, 3, "clocks")
    admin.put("/_mock/clock", json={"freeze": MONDAY})
    api.app.state.state_file.close()
    database = read_only(path)
    assert database.execute("SELECT value FROM meta WHERE name = 'version'").fetchone() == (SCHEMA_VERSION,)
    assert database.execute("SELECT count(*) FROM clocks").fetchone() == (1,)


def test_the_launch_clock_runs_from_its_start_or_stands_there():
    running = Admin(Api("asgi", make_app(clock_start=MONDAY), ""))
    shown = running.get("/_mock/clock")
    assert shown["mode"] == "offset" and 0 <= shown["nowMs"] - MONDAY_MS < 30_000
    frozen = Admin(Api("asgi", make_app(clock_start=MONDAY, clock_frozen=True), ""))
    assert frozen.get("/_mock/clock", **ns("later"))["nowMs"] == MONDAY_MS  # every namespace starts there
    frozen.put("/_mock/clock", json={"advance": 60}, **ns("later"))
    frozen.post("/_mock/reset", **ns("later"))  # a reset: back to where the launch set it
    assert frozen.get("/_mock/clock", **ns("later"))["nowMs"] == MONDAY_MS


def test_the_clock_settings_read_every_source_and_are_checked():
    assert resolve({}, environ={"WEBEX_MOCK_CLOCK_START": MONDAY, "WEBEX_MOCK_CLOCK_FROZEN": "true"}) == \
        Config(clock_start=MONDAY, clock_frozen=True)
    assert resolve({"clock_frozen": False}, environ={"WEBEX_MOCK_CLOCK_FROZEN": "1"}).clock_frozen is False
    for bad in ({"clock_start": "2027-01-04 09:00"}, {"clock_start": "monday"}, {"clock_start": ""},
                {"clock_frozen": "yes"}, {"clock_start": 5}):
        with pytest.raises(ConfigError) as refusal:
            Config(**bad)
        assert refusal.value.name == next(iter(bad))
    with pytest.raises(ConfigError, match="clock_frozen must be true or false, not 'maybe'"):
        resolve({}, environ={"WEBEX_MOCK_CLOCK_FROZEN": "maybe"})


def test_the_console_script_takes_the_clock_flags():
    process, url = start("--clock-start", MONDAY, "--clock-frozen")
    try:
        shown = httpx.get(base_url_of(url) + "/_mock/clock", timeout=10).json()
    finally:
        stop(process)
    assert shown["now"] == "2027-01-04T09:00:00.000Z" and shown["frozen"] is True
