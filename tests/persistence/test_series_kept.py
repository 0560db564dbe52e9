"""A recurring meeting's series is kept: in the state file across a restart (with its changed and deleted
occurrences), in the export and the import; a database of schema 4 and a document of version 2, written before
meetings repeated, are read as meetings that do not repeat."""

from __future__ import annotations

import json
import sqlite3

from apikit import Api, make_app
from statekit import read_only

from mockserver.persistence.database import SCHEMA_VERSION
from mockserver.persistence.export import export_all, import_all

MONDAY = "2027-01-04T09:00:00Z"
WEEK = {"from": "2027-01-04T00:00:00Z", "to": "2027-01-11T00:00:00Z"}


def opened(path) -> Api:
    return Api("asgi", make_app(state_file=str(path)), "")


def daily(api: Api) -> str:
    assert api.admin("PUT", "/_mock/clock", json={"freeze": MONDAY}).status_code == 200
    made = api.rest("POST", "/meetings", json={"title": "Standup", "start": "2027-01-04T10:00:00Z",
                                               "end": "2027-01-04T10:15:00Z",
                                               "recurrence": "FREQ=DAILY;INTERVAL=1;COUNT=10"}).json()
    series_id: str = made["id"]
    assert api.rest("PATCH", f"/meetings/{series_id}_20270105T100000Z", json={"title": "Moved"}).status_code == 200
    assert api.rest("DELETE", f"/meetings/{series_id}_20270106T100000Z").status_code == 204
    return series_id


def week(api: Api, series_id: str) -> list[tuple[str, str, bool]]:
    items = api.rest("GET", "/meetings", params={"meetingSeriesId": series_id, **WEEK}).json()["items"]
    return [(item["id"][-16:], item["title"], item["isModified"]) for item in items]


def test_a_series_survives_a_restart_with_the_state_file(tmp_path):
    path = tmp_path / "state.db"
    api = opened(path)
    series_id = daily(api)
    before = week(api, series_id)
    assert len(before) == 6 and ("20270105T100000Z", "Moved", True) in before
    api.app.state.state_file.close()
    api = opened(path)
    assert week(api, series_id) == before
    api.app.state.state_file.close()
    rows = [json.loads(text) for (text,) in read_only(path).execute("SELECT data FROM meetings")]
    assert [(row["series"]["freq"], row["series"]["count"], len(row["series"]["removed"])) for row in rows] == \
        [("DAILY", 10, 1)]


def test_the_export_and_the_import_carry_the_series():
    source = make_app()
    series_id = daily(Api("asgi", source, ""))
    document = export_all(source.state.tenancy)
    assert document["version"] == 4
    assert document["namespaces"]["default"]["meetings"][0]["series"]["changed"]
    target = make_app()
    import_all(target.state.tenancy, document)
    api = Api("asgi", target, "")
    assert api.admin("PUT", "/_mock/clock", json={"freeze": MONDAY}).status_code == 200
    assert week(api, series_id) == week(Api("asgi", source, ""), series_id)


def test_a_version_2_document_reads_as_meetings_that_do_not_repeat():
    source = make_app()
    Api("asgi", source, "").rest("POST", "/meetings", json={"title": "Once", "start": "2030-01-04T10:00:00Z",
                                                            "end": "2030-01-04T10:30:00Z"})
    document = export_all(source.state.tenancy)
    document["version"] = 2
    for meeting in document["namespaces"]["default"]["meetings"]:
        assert meeting.pop("series") is None
    target = make_app()
    import_all(target.state.tenancy, document)
    assert [m.recurrence for m in target.state.tenancy.get().store.site_meetings("acme")] == [None]


def test_a_schema_4_database_is_marked_5_and_its_meetings_do_not_repeat(tmp_path):
    path = tmp_path / "state.db"
    api = opened(path)
    made = api.rest("POST", "/meetings", json={"title": "Once", "start": "2030-01-04T10:00:00Z",
                                               "end": "2030-01-04T10:30:00Z"}).json()
    api.app.state.state_file.close()
    with sqlite3.connect(path) as conn:  # as a schema-4 server left it: no series in any row
        rows = conn.execute("SELECT namespace, site, key, data FROM meetings").fetchall()
        for name, site, key, text in rows:
            data = json.loads(text)
            data.pop("series", None)
            conn.execute("UPDATE meetings SET data = ? WHERE namespace = ? AND site = ? AND key = ?",
                         (json.dumps(data), name, site, key))
        conn.execute("UPDATE meta SET value = '4' WHERE name = 'version'")
    conn.close()
    api = opened(path)
    shown = api.rest("GET", f"/meetings/{made['id']}").json()
    assert (shown["title"], "recurrence" in shown) == ("Once", False)
    api.app.state.state_file.close()
    database = read_only(path)
    assert database.execute("SELECT value FROM meta WHERE name = 'version'").fetchone() == (SCHEMA_VERSION,) == ("7",)
