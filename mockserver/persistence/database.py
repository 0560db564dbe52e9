"""The ``--state-file`` database: SQLite (the standard library's ``sqlite3``) in WAL mode, one row per namespace,
site, user, meeting, used meeting key and session ticket. Each row's ``data`` is the JSON the state document
(:mod:`mockserver.persistence.export`) has for it, so reading the database back is reading a state document.

Rows keep their order the way memory does: sites and users are listed in insertion order (``rowid``; an update
keeps its place, as a replaced dict entry does), meetings by site and start (the order the listing indexes want,
so loading them only appends).

Commits are ``synchronous=NORMAL`` (WAL): a committed transaction is in the write-ahead log before the call
answers, so it survives the server being killed (``kill -9``, a crash); only a power cut or an operating
system crash may lose the last commits before the next checkpoint, never corrupt the file. ``FULL`` (an fsync
per commit) costs 0.2-6 ms on a shared disk (``benchmarks/bench_state.py``), more than the whole call.
Checkpoints (the log copied into the database, fsync'd) run in a background thread with its own connection,
not in the call that happens to fill the log.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .export import FORMAT, VERSION, StateError

#: the first 16 bytes of every SQLite database file
MAGIC = b"SQLite format 3\x00"
#: how long a commit waits for a lock someone else holds on the database (another program reading it may
#: briefly; another server cannot, it is refused at start) before it fails
BUSY_TIMEOUT_MS = 250
#: see the module's doc; benchmarks/bench_state.py also measures "FULL"
SYNCHRONOUS = "NORMAL"
#: a background checkpoint runs this long after the first commit that follows the last one
CHECKPOINT_DELAY_S = 0.5
#: a commit checkpoints itself once the log holds this many pages (only if background checkpoints fall behind)
FALLBACK_CHECKPOINT_PAGES = 50_000
SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE namespaces (name TEXT PRIMARY KEY);
CREATE TABLE sites (namespace TEXT NOT NULL, site TEXT NOT NULL, data TEXT NOT NULL, UNIQUE (namespace, site));
CREATE TABLE users (namespace TEXT NOT NULL, site TEXT NOT NULL, user TEXT NOT NULL, data TEXT NOT NULL,
                    UNIQUE (namespace, site, user));
CREATE TABLE meetings (namespace TEXT NOT NULL, site TEXT NOT NULL, key INTEGER NOT NULL,
                       start_ts INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (namespace, site, key)) WITHOUT ROWID;
CREATE INDEX meetings_by_start ON meetings (namespace, site, start_ts, key);
CREATE TABLE used_keys (namespace TEXT NOT NULL, key INTEGER NOT NULL, PRIMARY KEY (namespace, key)) WITHOUT ROWID;
CREATE TABLE tickets (namespace TEXT NOT NULL, value TEXT NOT NULL, data TEXT NOT NULL, UNIQUE (namespace, value));
"""
#: the mode of a database this server creates: it holds passwords and session tickets, so only its owner reads it
#: (SQLite gives the write-ahead log and shared-memory files it makes beside it the database's mode)
FILE_MODE = 0o600
TABLES = ("namespaces", "sites", "users", "meetings", "used_keys", "tickets")
Data = dict[str, Any]


@dataclass
class Rows:
    """One namespace's noted changes as rows, read from memory (``None``: the row is deleted)."""

    meetings: dict[tuple[str, int], Data | None] = field(default_factory=dict)
    users: dict[tuple[str, str], Data | None] = field(default_factory=dict)
    #: every site of the namespace (without users), in order, when any site changed
    sites: list[Data] | None = None
    #: the users of each changed site, all rewritten
    site_users: dict[str, list[Data]] = field(default_factory=dict)
    tickets: dict[str, Data | None] = field(default_factory=dict)
    #: every ticket of the namespace, when tickets were dropped in bulk
    all_tickets: list[Data] | None = None
    used_keys: set[int] = field(default_factory=set)


class Database:
    """One open state database (the caller holds the state file's lock and serialises writes)."""

    def __init__(self, path: Path) -> None:
        """Open (or create) the database; StateError when the file is no SQLite database or not ours."""
        self.path = path
        create_private(path)
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
                raise StateError("the database cannot use write-ahead logging")
            self.conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {FALLBACK_CHECKPOINT_PAGES}")
            self._check_schema()
        except BaseException:
            self.conn.close()
            raise
        self._checkpoints = Checkpointer(path)

    def _check_schema(self) -> None:
        tables = {row[0] for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:  # a new database
            self.conn.executescript(f"BEGIN IMMEDIATE; {SCHEMA} INSERT INTO meta VALUES ('format', '{FORMAT}'), "
                                    f"('version', '{VERSION}'); COMMIT;")
            return
        meta = dict(self.conn.execute("SELECT name, value FROM meta")) if "meta" in tables else {}
        if meta.get("format") != FORMAT or not set(TABLES) <= tables:
            raise StateError(f"not a {FORMAT} database")
        if meta.get("version") != str(VERSION):
            raise StateError(f"unsupported state version {meta.get('version')!r} (this server reads {VERSION})")

    def close(self) -> None:
        self._checkpoints.stop()
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed at the end of the block, rolled back if it raises."""
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        self._checkpoints.due()

    # -- reading ----------------------------------------------------------------------------------------------

    def names(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT name FROM namespaces ORDER BY name")]

    def read_namespace(self, name: str) -> Data:
        """A namespace as a state document has it (``sites`` with users, ``meetings``, ``usedKeys``, ``tickets``)."""
        sites = {site: _loads(data, "site") for site, data in
                 self.conn.execute("SELECT site, data FROM sites WHERE namespace = ? ORDER BY rowid", (name,))}
        for site, data in self.conn.execute("SELECT site, data FROM users WHERE namespace = ? ORDER BY rowid",
                                            (name,)):
            if site not in sites:
                raise StateError(f"namespace {name!r}: a user of unknown site {site!r}")
            sites[site].setdefault("users", []).append(_loads(data, "user"))
        meetings = [_loads(data, "meeting") for (data,) in self.conn.execute(
            "SELECT data FROM meetings WHERE namespace = ? ORDER BY site, start_ts, key", (name,))]
        used = [key for (key,) in self.conn.execute("SELECT key FROM used_keys WHERE namespace = ?", (name,))]
        tickets = [_loads(data, "ticket") for (data,) in self.conn.execute(
            "SELECT data FROM tickets WHERE namespace = ? ORDER BY rowid", (name,))]
        return {"sites": list(sites.values()), "meetings": meetings, "usedKeys": used, "tickets": tickets}

    def read_document(self) -> Data:
        """The whole database as a state document (with secrets, as the file keeps them)."""
        return {"format": FORMAT, "version": VERSION,
                "namespaces": {name: self.read_namespace(name) for name in self.names()}}

    # -- writing (inside transaction()) --------------------------------------------------------------------------

    def write_namespace(self, name: str, data: Data | None) -> None:
        """Replace a namespace's rows by ``data`` (a state document's namespace), or delete them (None)."""
        for table in TABLES:
            column = "name" if table == "namespaces" else "namespace"
            self.conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (name,))
        if data is None:
            return
        self.conn.execute("INSERT INTO namespaces VALUES (?)", (name,))
        users = {site["siteName"].lower(): site.get("users", []) for site in data["sites"]}
        self._put_sites(name, data["sites"], users)
        self.conn.executemany("INSERT INTO meetings VALUES (?, ?, ?, ?, ?)",
                              (_meeting_row(name, meeting) for meeting in data["meetings"]))
        self.conn.executemany("INSERT OR IGNORE INTO used_keys VALUES (?, ?)",
                              ((name, key) for key in data["usedKeys"]))
        self._put_tickets(name, data["tickets"])

    def write_rows(self, name: str, rows: Rows) -> None:
        """Write one namespace's changed rows."""
        if rows.sites is not None:
            self.conn.execute("DELETE FROM sites WHERE namespace = ?", (name,))
            for site in rows.site_users:
                self.conn.execute("DELETE FROM users WHERE namespace = ? AND site = ?", (name, site))
            self._put_sites(name, rows.sites, rows.site_users)
        for (site, user), data in rows.users.items():
            if data is None:
                self.conn.execute("DELETE FROM users WHERE namespace = ? AND site = ? AND user = ?",
                                  (name, site, user))
            else:
                self.conn.execute("INSERT INTO users VALUES (?, ?, ?, ?) ON CONFLICT (namespace, site, user) "
                                  "DO UPDATE SET data = excluded.data", (name, site, user, _dumps(data)))
        for (site, key), meeting in rows.meetings.items():
            if meeting is None:
                self.conn.execute("DELETE FROM meetings WHERE namespace = ? AND site = ? AND key = ?",
                                  (name, site, key))
            else:
                self.conn.execute("INSERT OR REPLACE INTO meetings VALUES (?, ?, ?, ?, ?)",
                                  _meeting_row(name, meeting))
        self.conn.executemany("INSERT OR IGNORE INTO used_keys VALUES (?, ?)", ((name, k) for k in rows.used_keys))
        if rows.all_tickets is not None:
            self.conn.execute("DELETE FROM tickets WHERE namespace = ?", (name,))
            self._put_tickets(name, rows.all_tickets)
        for value, ticket in rows.tickets.items():
            if ticket is None:
                self.conn.execute("DELETE FROM tickets WHERE namespace = ? AND value = ?", (name, value))
            else:
                self.conn.execute("INSERT INTO tickets VALUES (?, ?, ?) ON CONFLICT (namespace, value) "
                                  "DO UPDATE SET data = excluded.data", (name, value, _dumps(ticket)))

    def _put_sites(self, name: str, sites: list[Data], users: dict[str, list[Data]]) -> None:
        """Insert every site (without its users) and the users given for some of them."""
        self.conn.executemany("INSERT INTO sites VALUES (?, ?, ?)", (
            (name, site["siteName"].lower(), _dumps({k: v for k, v in site.items() if k != "users"}))
            for site in sites))
        self.conn.executemany("INSERT INTO users VALUES (?, ?, ?, ?)", (
            (name, site, user["webExId"].lower(), _dumps(user)) for site, listed in users.items() for user in listed))

    def _put_tickets(self, name: str, tickets: list[Data]) -> None:
        self.conn.executemany("INSERT INTO tickets VALUES (?, ?, ?)",
                              ((name, ticket["value"], _dumps(ticket)) for ticket in tickets))


class Checkpointer:
    """A daemon thread copying the write-ahead log into the database (PASSIVE: never waits for, nor blocks, a
    commit) shortly after commits, so no call pays for a checkpoint."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="webex-mockserver-checkpoints", daemon=True)
        self._thread.start()

    def due(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        try:
            while True:
                self._wake.wait()
                if self._stopping.wait(CHECKPOINT_DELAY_S):  # meanwhile a burst of commits may finish
                    return
                self._wake.clear()
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error:  # the commits' own fallback checkpoints take over
            return
        finally:
            conn.close()


def create_private(path: Path) -> None:
    """Make ``path`` an empty file only its owner may read and write (:data:`FILE_MODE`, whatever the umask),
    unless it exists: SQLite would make a new database readable by everyone under the usual umask 022."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def _meeting_row(name: str, meeting: Data) -> tuple[str, str, int, int, str]:
    return name, meeting["site"], meeting["key"], int(meeting.get("start_ts") or 0), _dumps(meeting)


def _dumps(data: Data) -> str:
    return json.dumps(data, separators=(",", ":"))


def _loads(text: str, what: str) -> Data:
    data = json.loads(text)
    if not isinstance(data, dict):
        raise StateError(f"a {what} row is not a JSON object")
    return data


def is_database(head: bytes) -> bool:
    """Do a file's first bytes say it is an SQLite database? (an empty file is a database yet to be made)"""
    return head == b"" or head.startswith(MAGIC)
