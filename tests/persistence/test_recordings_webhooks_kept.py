"""Recordings and webhook registrations are kept: in the state file (written in the call's transaction, across a
restart), in the export and the import (their secrets masked in the admin API's export, and an imported mask kept
as no secret), a database of schema 6 gains their tables, and a malformed part of an imported document is refused
naming it, nothing changed."""

from __future__ import annotations

import json

from adminkit import Admin
from apikit import Api, make_app
from statekit import opened, read_only, reopened_as_schema

from mockserver.base.redact import MASK
from mockserver.persistence.database import SCHEMA_VERSION
from mockserver.persistence.export import export_all, import_all

MONDAY = "2030-03-04T09:55:00Z"
MEETING = {"title": "Recorded stand-up", "start": "2030-03-04T10:00:00Z", "end": "2030-03-04T10:30:00Z",
           "enabledAutoRecordMeeting": True, "password": "Rec0rdPw!x"}
SINK = "http://localhost/_mock/webhooks/sink/kept"
SECRET = "hook-s3cret-never-shown"
#: a meeting made once the recording showed (the clock is frozen at 10:41 then)
LATER = {"title": "Later", "start": "2030-03-05T10:00:00Z", "end": "2030-03-05T10:30:00Z"}



def _hooked(api: Api) -> dict:
    answer = api.rest("POST", "/webhooks", json={"name": "kept", "targetUrl": SINK, "resource": "meetings",
                                                 "event": "created", "secret": SECRET})
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _recorded(api: Api, admin: Admin) -> dict:
    """A meeting that records starts, runs 25 minutes and ends; its recording shows the lag (15 minutes) later."""
    admin.put("/_mock/clock", json={"freeze": MONDAY})
    made = api.rest("POST", "/meetings", json=MEETING).json()
    admin.post(f"/_mock/meetings/{made['meetingNumber']}/start")
    admin.put("/_mock/clock", json={"advance": 25 * 60})
    admin.post(f"/_mock/meetings/{made['meetingNumber']}/end")
    admin.put("/_mock/clock", json={"advance": 16 * 60})
    (recording,) = api.rest("GET", "/recordings").json()["items"]
    return dict(recording)


def _sunk(api: Api) -> list[dict]:
    return api.app.state.deliveries.list("default", targetUrl=SINK)


def test_a_recording_and_a_webhook_survive_a_restart_with_the_state_file(tmp_path):
    path = tmp_path / "state.db"
    api, admin = opened(path)
    hook = _hooked(api)
    recording = _recorded(api, admin)
    assert recording["password"] == MEETING["password"] and recording["durationSeconds"] == 25 * 60
    hooks_before = api.rest("GET", "/webhooks").json()["items"]
    # written in the call's transaction: the file has them before any close
    database = read_only(path)
    assert [h["secret"] for h in json.loads(database.execute("SELECT data FROM webhooks").fetchone()[0])["items"]] \
        == [SECRET]
    assert database.execute("SELECT count(*) FROM recordings").fetchone() == (1,)
    database.close()
    api.app.state.state_file.close()

    api, admin = opened(path)
    assert api.rest("GET", "/recordings").json()["items"] == [recording]
    assert api.rest("GET", f"/recordings/{recording['id']}").json()["topic"] == "Recorded stand-up"
    assert api.rest("GET", "/webhooks").json()["items"] == hooks_before
    assert api.rest("GET", f"/webhooks/{hook['id']}").json()["secret"] == SECRET
    # the webhook still delivers, signed with its secret
    assert api.rest("POST", "/meetings", json={**LATER, "title": "After the restart"}).status_code == 200
    (delivery,) = _sunk(api)
    assert delivery["body"]["data"]["title"] == "After the restart" and "X-Spark-Signature" in delivery["headers"]
    # a deletion and a change are kept too
    assert api.rest("DELETE", f"/recordings/{recording['id']}").status_code == 204
    assert api.rest("PUT", f"/webhooks/{hook['id']}", json={"name": "renamed", "targetUrl": SINK}).status_code == 200
    api.app.state.state_file.close()

    api, admin = opened(path)
    assert api.rest("GET", "/recordings").json()["items"] == []
    assert [h["name"] for h in api.rest("GET", "/webhooks").json()["items"]] == ["renamed"]
    assert api.rest("DELETE", f"/webhooks/{hook['id']}").status_code == 204
    api.app.state.state_file.close()

    api, admin = opened(path)
    assert api.rest("GET", "/webhooks").json()["items"] == []
    api.app.state.state_file.close()


def test_removing_a_site_removes_its_recordings_and_webhooks_from_the_file(tmp_path):
    path = tmp_path / "state.db"
    api, admin = opened(path)
    _hooked(api)
    _recorded(api, admin)
    admin.delete("/_mock/sites/acme")
    api.app.state.state_file.close()
    database = read_only(path)
    rows = [json.loads(text) for table in ("recordings", "webhooks")
            for (text,) in database.execute(f"SELECT data FROM {table}")]
    assert rows == [{"items": []}, {"items": []}]


def test_the_export_and_the_import_carry_them_with_their_secrets_masked():
    source = make_app()
    api = Api("asgi", source, "")
    hook = _hooked(api)
    recording = _recorded(api, Admin(api))
    document = export_all(source.state.tenancy)
    assert document["version"] == 4
    kept = document["namespaces"]["default"]
    assert [(r["id"], r["password"]) for r in kept["recordings"]["items"]] == [(recording["id"], MASK)]
    assert [(h["id"], h["secret"]) for h in kept["webhooks"]["items"]] == [(hook["id"], MASK)]
    streamed = Admin(api).client.get("/_mock/state")  # the admin API's export: streamed, masked the same way
    assert SECRET not in streamed.text and MEETING["password"] not in json.dumps(streamed.json()["namespaces"][
        "default"]["recordings"])
    assert streamed.json()["namespaces"]["default"]["webhooks"] == kept["webhooks"]
    assert streamed.json()["namespaces"]["default"]["recordings"] == kept["recordings"]
    secrets = export_all(source.state.tenancy, include_secrets=True)["namespaces"]["default"]
    assert secrets["webhooks"]["items"][0]["secret"] == SECRET
    assert secrets["recordings"]["items"][0]["password"] == MEETING["password"]

    # a masked secret is imported as none: the webhook is there, its deliveries go unsigned
    target = make_app()
    Admin(Api("asgi", target, "")).put("/_mock/state", json=document)
    imported = Api("asgi", target, "")
    (shown,) = imported.rest("GET", "/webhooks").json()["items"]
    assert shown["id"] == hook["id"] and "secret" not in shown
    assert imported.rest("GET", "/recordings").json()["items"] == [{**recording, "password": ""}]
    assert imported.rest("POST", "/meetings", json=LATER).status_code == 200
    (delivery,) = _sunk(imported)
    assert "X-Spark-Signature" not in delivery["headers"]
    # a document with the secrets (the state file's) keeps them
    again = make_app()
    import_all(again.state.tenancy, export_all(source.state.tenancy, include_secrets=True))
    assert Api("asgi", again, "").rest("GET", f"/webhooks/{hook['id']}").json()["secret"] == SECRET


def test_a_schema_6_database_gains_the_recordings_and_webhooks_tables(tmp_path):
    path = tmp_path / "state.db"
    api, admin = opened(path)
    admin.put("/_mock/clock", json={"freeze": MONDAY})
    api, admin = reopened_as_schema(api, path, 6, "recordings", "webhooks")
    assert api.rest("GET", "/webhooks").json()["items"] == []
    _hooked(api)
    _recorded(api, admin)
    api.app.state.state_file.close()
    database = read_only(path)
    assert database.execute("SELECT value FROM meta WHERE name = 'version'").fetchone() == (SCHEMA_VERSION,) == \
        ("7",)
    assert database.execute("SELECT count(*) FROM recordings").fetchone() == (1,)
    assert database.execute("SELECT count(*) FROM webhooks").fetchone() == (1,)
    database.close()
    api, _ = opened(path)
    assert len(api.rest("GET", "/webhooks").json()["items"]) == 1
    api.app.state.state_file.close()


def test_a_malformed_recordings_or_webhooks_part_is_refused_naming_it_and_nothing_changes(tmp_path):
    source = make_app()
    api = Api("asgi", source, "")
    _hooked(api)
    _recorded(api, Admin(api))
    good = export_all(source.state.tenancy, include_secrets=True)
    recording = good["namespaces"]["default"]["recordings"]["items"][0]
    hook = good["namespaces"]["default"]["webhooks"]["items"][0]
    bad_parts = [
        ({"recordings": {"items": "no"}}, "invalid state: recordings: a JSON object with a list of items"),
        ({"recordings": {"items": [{**recording, "create_ms": 10**20}]}}, "create_ms is out of range"),
        ({"recordings": {"items": [{**recording, "size_bytes": "big"}]}},
         "recordings: recording field 'size_bytes' must be int"),
        ({"recordings": {"items": [{**recording, "site": "nowhere"}]}}, "recordings: of unknown site(s) 'nowhere'"),
        ({"webhooks": {"items": [{**hook, "resource": "printers"}]}}, "webhooks: webhook"),
        ({"webhooks": {"items": [{**hook, "filter": "color=red"}]}}, "webhooks: filter: 'color' is not a filter"),
        ({"webhooks": {"items": [{**hook, "target_url": "ftp://x"}]}}, "is not an http or https URL"),
        ({"webhooks": {"items": [{**hook, "listener": "x"}]}}, "webhooks: unknown webhook field(s): listener"),
        ({"webhooks": {"items": [{**hook, "site": "nowhere"}]}}, "webhooks: of unknown site(s) 'nowhere'"),
    ]
    path = tmp_path / "state.db"
    target, admin = opened(path)
    _hooked(target)
    before = admin.get("/_mock/state")
    for part, expected in bad_parts:
        document = json.loads(json.dumps(good))
        document["namespaces"]["default"].update(part)
        refused = admin.error("PUT", "/_mock/state", 400, json=document)
        assert refused.startswith("namespace 'default': ") and expected in refused, (refused, expected)
        assert admin.get("/_mock/state") == before
    target.app.state.state_file.close()
    target, admin = opened(path)
    assert admin.get("/_mock/state") == before
    target.app.state.state_file.close()
