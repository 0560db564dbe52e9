"""The ``--state-file`` database: SQLite (the standard library's ``sqlite3``) in WAL mode, one row per namespace,
site, user, meeting, meeting attendee, used meeting key and session ticket. Each row's ``data`` is the JSON the state
document (:mod:`mockserver.persistence.export`) has for it -- a meeting's without its attendees, which are rows of
their own -- so reading the database back is reading a state document.

Rows keep their order the way memory does: sites, users and a meeting's attendees are listed in insertion order
(``rowid``; an update keeps its place, as a replaced dict entry does), meetings by site and start (the order the
listing indexes want, so loading them only appends). An attendee added to a meeting is one row added, whatever the
meeting holds already (rows are written by :mod:`mockserver.persistence.rows`).

Commits are ``synchronous=NORMAL`` (WAL): a committed transaction is in the write-ahead log before the call
answers, so it survives the server being killed (``kill -9``, a crash); only a power cut or an operating
system crash may lose the last commits before the next checkpoint, never corrupt the file. ``FULL`` (an fsync
per commit) costs 0.2-6 ms on a shared disk (``benchmarks/bench_state.py``), more than the whole call.
Checkpoints (the log copied into the database, fsync'd) run in a background thread with its own connection,
shortly after commits. That thread's checkpoints never wait for a commit, so under a steady stream of commits they
never reach the end of the log, and the log never starts over: a commit therefore checkpoints itself once the log
holds :data:`FALLBACK_CHECKPOINT_PAGES`, and a log that starts over is cut back to :data:`WAL_SIZE_LIMIT`. At start
and at close the log is checkpointed and emptied (``TRUNCATE``).

Schema versions, each older one migrated on open:

* 1: meetings with their attendees inside. Migrated by adding the attendee table; a version-1 meeting row keeps
  its attendees until the meeting is next written.
* 2: a meeting row holds the meeting's XML blocks (``data``). Migrated by rewriting every meeting row as the model
  (core fields, the ``xml`` and ``rest`` extensions: :class:`~mockserver.domain.records.Meeting`), a batch of rows
  at a time, in the transaction that marks the database version 3.
* 3: the model.
* 4: each namespace's clock (:mod:`mockserver.domain.clock`) in a table of its own. Migrated by adding the table:
  a namespace without a clock row starts on the launch's clock.
* 5: what happened to each namespace's meetings (:mod:`mockserver.domain.happenings`: the instances a test started
  and ended, the meeting settings) in a table of its own. Migrated by adding the table: nothing happened yet.
* 6: a meeting row may hold a recurring meeting's ``series`` (:class:`~mockserver.domain.recurrence.Series`). Migrated
  by marking the version: a row without one is a meeting that does not repeat, as every meeting was before.
* 7: each namespace's recordings (:mod:`mockserver.domain.recordings`) and webhooks
  (:mod:`mockserver.domain.webhooks`, without the server's listener) in two tables of their own, one JSON document a
  namespace each. Migrated by adding the tables: nothing recorded or registered yet.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.jsondoc import MAX_JSON_DEPTH
from ..domain.attendees import attendee_list
from .export import FORMAT, VERSION, StateError, as_model
from .files import create_private

#: the first 16 bytes of every SQLite database file
MAGIC = b"SQLite format 3\x00"
#: how long a commit waits for a lock someone else holds on the database (another program reading it may
#: briefly; another server cannot, it is refused at start) before it fails
BUSY_TIMEOUT_MS = 250
#: see the module's doc; benchmarks/bench_state.py also measures "FULL"
SYNCHRONOUS = "NORMAL"
#: a background checkpoint runs this long after the first commit that follows the last one
CHECKPOINT_DELAY_S = 0.5
#: a commit checkpoints itself once the log holds this many pages (4 MiB of 4 KiB pages): the bound of the log
#: under a steady stream of commits, which the background checkpoints never finish
FALLBACK_CHECKPOINT_PAGES = 1000
#: a write-ahead log that starts over is cut back to this many bytes (it is emptied at start and at close)
WAL_SIZE_LIMIT = 4 * 1024 * 1024
#: the schema this server writes; the ones it reads (older ones are migrated on open)
SCHEMA_VERSION, READABLE_VERSIONS = "7", ("1", "2", "3", "4", "5", "6", "7")
#: meeting rows rewritten per statement while a database migrates to version 3
MIGRATION_BATCH = 500
TABLES_V1 = ("namespaces", "sites", "users", "meetings", "used_keys", "tickets")
#: the tables holding one JSON document a namespace (``namespace``, ``data``), by the schema that added each
BLOB_TABLES = ("clocks", "happenings", "recordings", "webhooks")
TABLES = (*TABLES_V1, "attendees", *BLOB_TABLES)
CLOCKS, HAPPENINGS, RECORDINGS, WEBHOOKS = (f"CREATE TABLE {table} (namespace TEXT PRIMARY KEY, data TEXT NOT NULL);"
                                            for table in BLOB_TABLES)
ATTENDEES = """
CREATE TABLE attendees (namespace TEXT NOT NULL, site TEXT NOT NULL, key INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX attendees_by_meeting ON attendees (namespace, site, key);
"""
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
""" + ATTENDEES + CLOCKS + HAPPENINGS + RECORDINGS + WEBHOOKS
Data = dict[str, Any]


@dataclass
class Namespace:
    """One namespace as the database holds it, read as it is consumed (meetings one at a time)."""

    sites: list[Data]
    meetings: Iterator[Data]
    used_keys: list[int]
    tickets: list[Data]
    #: the clock's state (None: the namespace has no clock row, it starts on the launch's clock)
    clock: Data | None = None
    #: what happened to its meetings (None: nothing yet)
    happenings: Data | None = None
    #: the recordings its meetings left, and the webhooks its users registered (None: none yet)
    recordings: Data | None = None
    webhooks: Data | None = None

    def document(self) -> Data:
        """As a state document's namespace (every meeting read)."""
        document = {"sites": self.sites, "meetings": list(self.meetings), "usedKeys": self.used_keys,
                    "tickets": self.tickets}
        parts = {"clock": self.clock, "happenings": self.happenings, "recordings": self.recordings,
                 "webhooks": self.webhooks}
        return document | {name: part for name, part in parts.items() if part is not None}


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
    #: the clock's state, when it was set
    clock: Data | None = None
    #: what happened to the meetings, when it changed
    happenings: Data | None = None
    #: the recordings, and the webhooks, when they changed
    recordings: Data | None = None
    webhooks: Data | None = None


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
            self.conn.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")
            self._check_schema()
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # a log a killed server left: emptied
        except BaseException:
            self.conn.close()
            raise
        self._checkpoints = Checkpointer(path)

    def _check_schema(self) -> None:
        tables = {row[0] for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:  # a new database
            self.conn.executescript(f"BEGIN IMMEDIATE; {SCHEMA} INSERT INTO meta VALUES ('format', '{FORMAT}'), "
                                    f"('version', '{SCHEMA_VERSION}'); COMMIT;")
            return
        meta = dict(self.conn.execute("SELECT name, value FROM meta")) if "meta" in tables else {}
        if meta.get("format") != FORMAT or not set(TABLES_V1) <= tables:
            raise StateError(f"not a {FORMAT} database")
        version = meta.get("version")
        if version not in READABLE_VERSIONS:
            raise StateError(f"unsupported state version {version!r} (this server reads "
                             f"{', '.join(READABLE_VERSIONS)})")
        if version != "1" and "attendees" not in tables:
            raise StateError(f"not a {FORMAT} database")
        if version == SCHEMA_VERSION:
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            if version == "1":  # the attendees of a meeting become rows of their own as the meeting is next written
                for statement in ATTENDEES.split(";")[:-1] if "attendees" not in tables else ():
                    self.conn.execute(statement)
            if version in ("1", "2"):
                self._meetings_as_model()
            for table, create in zip(BLOB_TABLES, (CLOCKS, HAPPENINGS, RECORDINGS, WEBHOOKS), strict=True):
                if table not in tables:  # added by schemas 4, 5 and 7: nothing set, happened, kept yet
                    self.conn.execute(create)
            self.conn.execute("UPDATE meta SET value = ? WHERE name = 'version'", (SCHEMA_VERSION,))
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _meetings_as_model(self) -> None:
        """Rewrite every meeting row holding XML blocks (schemas 1 and 2) as the model, a batch at a time."""
        after: tuple[str, str, int] = ("", "", -2**63)
        while True:
            batch = self.conn.execute(
                "SELECT namespace, site, key, data FROM meetings WHERE (namespace, site, key) > (?, ?, ?) "
                "ORDER BY namespace, site, key LIMIT ?", (*after, MIGRATION_BATCH)).fetchall()
            if not batch:
                return
            self.conn.executemany("UPDATE meetings SET data = ? WHERE namespace = ? AND site = ? AND key = ?",
                                  ((dumps(as_model(loads(text, "meeting"))), name, site, key)
                                   for name, site, key, text in batch))
            after = batch[-1][:3]

    def close(self) -> None:
        self._checkpoints.stop()
        with contextlib.suppress(sqlite3.Error):  # the log is kept; the next start empties it
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
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

    def read_namespace(self, name: str) -> Namespace:
        """A namespace's rows: sites (with their users), meetings (with their attendees, read as they are
        consumed: loading never holds every meeting's JSON at once), used keys and tickets."""
        sites = {site: loads(data, "site") for site, data in
                 self.conn.execute("SELECT site, data FROM sites WHERE namespace = ? ORDER BY rowid", (name,))}
        for site, data in self.conn.execute("SELECT site, data FROM users WHERE namespace = ? ORDER BY rowid",
                                            (name,)):
            if site not in sites:
                raise StateError(f"namespace {name!r}: a user of unknown site {site!r}")
            sites[site].setdefault("users", []).append(loads(data, "user"))
        used = [key for (key,) in self.conn.execute("SELECT key FROM used_keys WHERE namespace = ?", (name,))]
        tickets = [loads(data, "ticket") for (data,) in self.conn.execute(
            "SELECT data FROM tickets WHERE namespace = ? ORDER BY rowid", (name,))]
        clock, happened, recorded, hooks = (self._blob(table, name) for table in BLOB_TABLES)
        return Namespace(list(sites.values()), self._meetings(name), used, tickets, clock, happened, recorded, hooks)

    def _blob(self, table: str, name: str) -> Data | None:
        """A namespace's row of one of :data:`BLOB_TABLES` (None: it has none)."""
        found = self.conn.execute(f"SELECT data FROM {table} WHERE namespace = ?", (name,)).fetchone()
        return loads(found[0], "clock" if table == "clocks" else table) if found is not None else None

    def _meetings(self, name: str) -> Iterator[Data]:
        with_attendees = set(self.conn.execute("SELECT DISTINCT site, key FROM attendees WHERE namespace = ?",
                                               (name,)))
        for site, key, text in self.conn.execute(
                "SELECT site, key, data FROM meetings WHERE namespace = ? ORDER BY site, start_ts, key", (name,)):
            meeting = loads(text, "meeting")
            if (site, key) in with_attendees:
                found = attendee_list(meeting.get("xml") or {})
                if found is None:
                    raise StateError(f"namespace {name!r}: meeting {key} has attendee rows but no attendee list")
                found.extend(loads(data, "attendee") for (data,) in self.conn.execute(
                    "SELECT data FROM attendees WHERE namespace = ? AND site = ? AND key = ? ORDER BY rowid",
                    (name, site, key)))
            yield meeting

    def read_document(self) -> Data:
        """The whole database as a state document (with secrets, as the file keeps them)."""
        return {"format": FORMAT, "version": VERSION,
                "namespaces": {name: self.read_namespace(name).document() for name in self.names()}}


class Checkpointer:
    """A daemon thread copying the write-ahead log into the database (PASSIVE: never waits for, nor blocks, a
    commit) shortly after commits, so no call pays for a checkpoint while the log stays small."""

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
            conn.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")
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


def dumps(data: Data) -> str:
    return json.dumps(data, separators=(",", ":"))


def loads(text: str, what: str) -> Data:
    """A row's JSON object; StateError (never a RecursionError) when it is not one or is nested too deeply."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise StateError(f"a {what} row is nested deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError:
        raise StateError(f"a {what} row is not JSON") from None
    if not isinstance(data, dict):
        raise StateError(f"a {what} row is not a JSON object")
    # a text with no more brackets than the limit cannot nest deeper (most meetings): no walk needed
    if text.count("{") + text.count("[") > MAX_JSON_DEPTH and _deeper_than(data, MAX_JSON_DEPTH):
        raise StateError(f"a {what} row is nested deeper than {MAX_JSON_DEPTH} levels")
    return data


def _deeper_than(data: Any, limit: int) -> bool:
    """Are JSON containers nested more than ``limit`` deep in ``data``? (a walk of the containers only)"""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > limit:
            return True
        items = value.values() if isinstance(value, dict) else value
        pending.extend((item, depth + 1) for item in items if isinstance(item, (dict, list)))
    return False


def is_database(head: bytes) -> bool:
    """Do a file's first bytes say it is an SQLite database? (an empty file is a database yet to be made)"""
    return head == b"" or head.startswith(MAGIC)
