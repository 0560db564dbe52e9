"""What happened to the meetings is kept: in the state file (across a restart), in the export and the import, and a
database written before it gains its table. ``--meetings-run-as-scheduled`` (and its environment variable) sets
every new namespace's mode."""

from __future__ import annotations

import time

from adminkit import Admin, ns
from apikit import Api, make_app
from statekit import opened, read_only, reopened_as_schema

from mockserver.config import resolve
from mockserver.persistence.database import SCHEMA_VERSION
from mockserver.persistence.export import export_all, import_all

MONDAY = "2027-01-04T09:00:00Z"
MEETING = {"title": "Kept", "start": "2027-01-04T10:00:00Z", "end": "2027-01-04T10:30:00Z"}



def _started(api: Api, admin: Admin) -> dict:
    admin.put("/_mock/clock", json={"freeze": MONDAY})
    made = api.rest("POST", "/meetings", json=MEETING).json()
    admin.post(f"/_mock/meetings/{made['meetingNumber']}/start", json={"attendees": ["ann@example.com"]})
    return made


def test_a_started_meeting_and_the_settings_survive_a_restart_with_the_state_file(tmp_path):
    path = tmp_path / "state.db"
    api, admin = opened(path)
    made = _started(api, admin)
    admin.put("/_mock/meetings/settings", json={"detailsLagSeconds": 60})
    api.app.state.state_file.close()
    api, admin = opened(path)
    assert api.rest("GET", f"/meetings/{made['id']}").json()["state"] == "inProgress"
    assert admin.get("/_mock/meetings/settings")["detailsLagSeconds"] == 60
    ended = admin.post(f"/_mock/meetings/{made['meetingNumber']}/end")
    assert ended["attendees"] == ["ann@example.com"]
    api.app.state.state_file.close()
    api, admin = opened(path)
    assert api.rest("GET", f"/meetings/{made['id']}").json()["state"] == "active"
    assert "not in progress" in admin.error("POST", f"/_mock/meetings/{made['meetingNumber']}/end", 409)
    api.app.state.state_file.close()


def test_the_export_and_the_import_carry_what_happened():
    source = make_app()
    api = Api("asgi", source, "")
    made = _started(api, Admin(api))
    document = export_all(source.state.tenancy)
    (instance,) = document["namespaces"]["default"]["happenings"]["instances"]
    assert (instance["key"], instance["attendees"]) == (int(made["meetingNumber"]), ["ann@example.com"])
    streamed = Admin(api).get("/_mock/state")  # the streamed export holds it too
    assert streamed["namespaces"]["default"]["happenings"] == document["namespaces"]["default"]["happenings"]
    target = make_app()
    import_all(target.state.tenancy, document)
    assert Api("asgi", target, "").rest("GET", f"/meetings/{made['id']}").json()["state"] == "inProgress"
    document["namespaces"]["default"]["happenings"] = {"instances": [{"site": "acme"}]}
    refused = Admin(Api("asgi", target, "")).error("PUT", "/_mock/state", 400, json=document)
    assert refused.startswith("namespace 'default': invalid state: happenings: an instance is not one")


def test_a_database_from_before_happenings_gains_their_table(tmp_path):
    path = tmp_path / "state.db"
    api, admin = opened(path)
    admin.put("/_mock/clock", json={"freeze": MONDAY})
    api, admin = reopened_as_schema(api, path, 4, "happenings")
    _started(api, admin)
    api.app.state.state_file.close()
    database = read_only(path)
    assert database.execute("SELECT value FROM meta WHERE name = 'version'").fetchone() == (SCHEMA_VERSION,)
    assert database.execute("SELECT count(*) FROM happenings").fetchone() == (1,)


def test_the_launch_may_make_every_meeting_run_as_scheduled():
    admin = Admin(Api("asgi", make_app(meetings_run_as_scheduled=True), ""))
    assert admin.get("/_mock/meetings/settings", **ns("demo"))["runAsScheduled"] is True
    admin.put("/_mock/meetings/settings", json={"runAsScheduled": False}, **ns("demo"))
    admin.post("/_mock/reset", **ns("demo"))  # a reset: back to the launch's setting
    assert admin.get("/_mock/meetings/settings", **ns("demo"))["runAsScheduled"] is True
    assert resolve({}, environ={"WEBEX_MOCK_MEETINGS_RUN_AS_SCHEDULED": "true"}).meetings_run_as_scheduled is True
    assert Admin(Api("asgi", make_app(), "")).get("/_mock/meetings/settings")["runAsScheduled"] is False


def test_on_a_running_clock_the_mode_raises_started_without_any_call():
    app = make_app()
    api = Api("asgi", app, "")
    admin = Admin(api)
    admin.put("/_mock/clock", json={"runFrom": "2027-01-04T09:59:59Z"})
    api.rest("POST", "/webhooks", json={"name": "s", "targetUrl": "http://127.0.0.1/_mock/webhooks/sink/t",
                                        "resource": "meetings", "event": "started"})
    made = api.rest("POST", "/meetings", json=MEETING).json()
    admin.put("/_mock/meetings/settings", json={"runAsScheduled": True})
    deadline = time.monotonic() + 10
    while not app.state.deliveries.list("default", event="started") and time.monotonic() < deadline:
        time.sleep(0.1)  # nobody calls: the ticker looks once a second (mockserver/ticker.py)
    (delivery,) = app.state.deliveries.list("default", event="started")
    assert delivery["body"]["data"]["id"].startswith(made["id"] + "_I_")
