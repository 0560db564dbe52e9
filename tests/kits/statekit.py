"""Helpers for the state file tests: read the database as another program would, make its commits fail for
real (another connection holding its write lock), and fill it with many meetings quickly."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from adminkit import Admin
from apikit import Api, make_app

from mockserver.persistence.database import Database

SAVE_FAILED = "the state file could not be saved: database is locked"


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def as_left_by_schema(path: Path, version: int, table: str) -> None:
    """Make the state database at ``path`` as a server of schema ``version`` left it: without ``table``, which a
    later schema added."""
    with sqlite3.connect(path) as conn:
        conn.execute(f"DROP TABLE {table}")
        conn.execute("UPDATE meta SET value = ? WHERE name = 'version'", (str(version),))
    conn.close()


def opened(path: Path) -> tuple[Api, Admin]:
    """The mock on the state file at ``path`` (in process), and its admin API."""
    api = Api("asgi", make_app(state_file=str(path)), "")
    return api, Admin(api)


def reopened_as_schema(api: Api, path: Path, version: int, *tables: str) -> tuple[Api, Admin]:
    """``api``'s state file closed, made as a server of schema ``version`` left it (without ``tables``), and opened
    again by a new mock: what a server upgraded from that schema starts on."""
    api.app.state.state_file.close()
    for table in tables:
        as_left_by_schema(path, version, table)
    return opened(path)


def saved_keys(path: Path, namespace: str = "default") -> list[int]:
    """The meeting keys the database holds for a namespace."""
    with read_only(path) as conn:
        return sorted(key for (key,) in conn.execute("SELECT key FROM meetings WHERE namespace = ?", (namespace,)))


def saved_names(path: Path) -> list[str]:
    with read_only(path) as conn:
        return [name for (name,) in conn.execute("SELECT name FROM namespaces ORDER BY name")]


def count_rows(path: Path, table: str) -> int:
    with read_only(path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def break_saves(path: Path) -> sqlite3.Connection:
    """Another connection takes the database's write lock: every commit of the server fails ("database is
    locked") until :func:`mend_saves`."""
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    return blocker


def mend_saves(blocker: sqlite3.Connection) -> None:
    blocker.execute("ROLLBACK")
    blocker.close()


def fill_meetings(path: Path, template: dict[str, Any], count: int, namespace: str = "default") -> list[int]:
    """Write ``count`` copies of a stored meeting (``template``, as the admin API shows it) straight into the
    database, with keys of their own; returns the keys."""
    keys = [100_000_000 + number for number in range(count)]
    text = json.dumps({**template, "key": -1, "uuid": "<uuid>"})  # one encoding, copied with its key and uuid
    site, start = template["site"], template.get("start_ts", 0)

    def rows():
        for key in keys:
            meeting = text.replace('"key": -1', f'"key": {key}').replace("<uuid>", f"{key:032x}")
            yield namespace, site, key, start, meeting

    with sqlite3.connect(path, isolation_level=None) as conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO meetings VALUES (?, ?, ?, ?, ?)", rows())
        conn.executemany("INSERT OR IGNORE INTO used_keys VALUES (?, ?)", ((namespace, key) for key in keys))
        conn.execute("COMMIT")
    return keys


def saved_document(path: Path) -> dict[str, Any]:
    """The database as a state document (with secrets, as the file keeps them)."""
    database = Database(path)
    try:
        return database.read_document()
    finally:
        database.close()


@pytest.fixture
def backed(mocks, tmp_path):
    """A mock saving to ``tmp_path/state.db`` (both transports): (api, admin, path)."""
    path = tmp_path / "state.db"
    api, admin = mocks(state_file=str(path))
    yield api, admin, path
    api.app.state.state_file.close()
