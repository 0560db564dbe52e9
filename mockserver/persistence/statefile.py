"""The ``--state-file`` of a local backend: what a client was told is what the file holds.

* The file is an SQLite database (:mod:`mockserver.persistence.database`). Memory stays the source of truth for
  reads; the database is its durable copy, loaded at start.
* One server per file: at start the server takes an exclusive lock on ``<file>.lock`` (with its pid written
  inside) and holds it for its lifetime; a second server refuses to start, naming the file and that pid.
* At start the file's directory must be writable (a probe file is created and removed there); if not, or if
  the file cannot be read, the start is refused with one clear line (the CLI exits 2).
* A JSON state file (as servers before the database wrote it; anything not starting with SQLite's magic bytes)
  is imported once: the database is built beside it, the JSON is kept as ``<file>.json-imported``, and the
  database takes the file's place (a warning says so).
* What the server creates there holds passwords and session tickets: the database (and so the write-ahead log and
  shared-memory files SQLite makes beside it), ``<file>.lock`` and ``<file>.json-imported`` are made readable and
  writable by their owner only (0600), whatever the umask.
* Each change is one transaction, committed before the call answers, writing only the rows the change touched
  (noted by the store: :mod:`mockserver.domain.changes`). When a commit fails the change is undone: every namespace
  it touched is read back from the database (or is fresh from the seed if the database has none), and the call
  answers a FAILURE (999999 ASSUMED, "the state file could not be saved: <why>" — never the path).
"""

from __future__ import annotations

import dataclasses
import fcntl
import logging
import os
import sqlite3
import tempfile
import threading
from pathlib import Path

from ..base.jsondoc import load_json
from ..controls.tenancy import Tenancy
from ..domain.changes import Changes, Tracker
from ..domain.store import Store
from .database import FILE_MODE, MAGIC, Database, Rows, is_database
from .export import StateError, export_store, import_all, import_store

_log = logging.getLogger("mockserver.statefile")
#: what the database's SQLite can raise besides OSError and ValueError
_DB_ERRORS = (OSError, ValueError, sqlite3.Error)


class StateFileError(StateError):
    """The state file cannot be used (refused start) or could not be saved (the change was undone).

    A ``ValueError``, like every start problem the CLI reports with exit status 2."""


class StateFile:
    """Loads state at start; commits each change; undoes a change it could not commit."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self.saves = 0
        self.tracker = Tracker()
        self.db: Database | None = None
        self._lock_fd: int | None = self._claim()

    # -- start ----------------------------------------------------------------------------------------------

    def _claim(self) -> int:
        """Check the location is usable and take the lock; StateFileError (one line) when not."""
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.is_dir():
                raise IsADirectoryError(21, "it is a directory")
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        except OSError as exc:
            raise StateFileError(f"cannot use state file {self.path}: {_why(exc)}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
            probe, probe_path = tempfile.mkstemp(prefix=".state-probe-", dir=self.path.parent)
            os.close(probe)
            os.unlink(probe_path)
        except BlockingIOError:  # another process holds the lock
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise StateFileError(f"state file {self.path} is in use by another webex-mockserver (pid {holder}); "
                                 "stop it or choose another --state-file") from None
        except OSError as exc:
            os.close(fd)
            raise StateFileError(f"cannot use state file {self.path}: {_why(exc)}") from None
        return fd

    def load(self, tenancy: Tenancy) -> list[str]:
        """Install the file's namespaces and note every later change. A file that cannot be read or used
        refuses the start (and lets go of the lock)."""
        try:
            names = self._load_database(tenancy) if is_database(_head(self.path)) else self._import_json(tenancy)
        except _DB_ERRORS as exc:  # ValueError: not JSON, not UTF-8, or a StateError
            self.close()
            why = _why(exc) if isinstance(exc, OSError) else str(exc)
            raise StateFileError(f"state file {self.path}: {why}") from None
        tenancy.tracker = self.tracker
        for name in tenancy.names():
            self.tracker.watch(name, tenancy.get(name).store, whole=name not in names)
        return names

    def _load_database(self, tenancy: Tenancy) -> list[str]:
        self.db = Database(self.path)
        names = self.db.names()
        for name in names:
            tenancy.replace_store(name, self._read_store(tenancy, name))
        return names

    def _import_json(self, tenancy: Tenancy) -> list[str]:
        """Import a JSON state file once: build the database beside it, keep the JSON, swap the database in."""
        raw = self.path.read_bytes()
        names = import_all(tenancy, load_json(raw, "the document"))
        building = self.path.with_name(self.path.name + ".importing")
        for leftover in (building, *_companions(building)):
            leftover.unlink(missing_ok=True)
        database = Database(building)
        try:
            with database.transaction():
                for name in names:
                    database.write_namespace(name, export_store(tenancy.get(name).store, include_secrets=True))
        finally:
            database.close()
        kept = self.path.with_name(self.path.name + ".json-imported")
        _write_synced(kept, raw)
        os.replace(building, self.path)
        self.db = Database(self.path)
        _log.warning("state file %s was JSON: imported %d namespace(s) into an SQLite database in its place; "
                     "the JSON is kept as %s", self.path, len(names), kept)
        return names

    def _read_store(self, tenancy: Tenancy, name: str) -> Store:
        assert self.db is not None
        return import_store(self.db.read_namespace(name), tenancy.seed_sites(), tenancy.random_seed)

    def close(self) -> None:
        """Let go of the file (a server does at exit; in-process users, such as tests, call this)."""
        if self.db is not None:
            self.db.close()
            self.db = None
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    # -- saving -----------------------------------------------------------------------------------------------

    def save(self, tenancy: Tenancy) -> None:
        """Commit what changed; if that fails, put the touched namespaces back as the file has them and raise
        StateFileError."""
        with self._lock:
            whole, pending = self.tracker.take()
            try:
                self._commit(tenancy, whole, pending)
            except _DB_ERRORS as exc:
                self._restore(tenancy, whole | set(pending))
                why = _why(exc) if isinstance(exc, OSError) else str(exc)
                raise StateFileError(f"the state file could not be saved: {why}") from None
            self.saves += 1

    def _commit(self, tenancy: Tenancy, whole: set[str], pending: dict[str, Changes]) -> None:
        if self.db is None:
            raise sqlite3.ProgrammingError("the state file is closed")
        replaced = {}
        for name in sorted(whole):
            tenant = tenancy.existing(name)
            replaced[name] = export_store(tenant.store, include_secrets=True) if tenant is not None else None
        changed = {}
        for name, changes in pending.items():
            tenant = tenancy.existing(name)
            if name not in whole and tenant is not None:
                changed[name] = changed_rows(tenant.store, changes)
        if not replaced and not any(rows != Rows() for rows in changed.values()):
            return
        with self.db.transaction():
            for name, data in replaced.items():
                self.db.write_namespace(name, data)
            for name, rows in changed.items():
                self.db.write_rows(name, rows)

    def _restore(self, tenancy: Tenancy, names: set[str]) -> None:
        """The namespaces ``names`` as the file has them: read back, or fresh from the seed when it has none.
        Each keeps its random generator, so no meeting key or ticket value is drawn twice."""
        if self.db is None:
            return
        try:
            saved = set(self.db.names())
            for name in sorted(names):
                old = tenancy.existing(name)
                if name not in saved and old is None:
                    continue
                store = self._read_store(tenancy, name) if name in saved else tenancy.new_store()
                tenancy.replace_store(name, store)
                if old is not None:
                    store.continue_ids_from(old.store)
            self.tracker.settle(names & saved)
        except _DB_ERRORS as exc:
            _log.error("the state file could not be read back after a failed save (%s): memory may keep a change "
                       "the file does not have", exc if not isinstance(exc, OSError) else _why(exc))


def changed_rows(store: Store, changes: Changes) -> Rows:
    """The rows a store's noted changes touched, as memory has them now (read under the store's lock)."""
    with store.lock:
        taken = changes.take()
        rows = Rows(used_keys=taken.used_keys)
        for site, key in taken.meetings:
            meeting = store.get_meeting(site, key)
            rows.meetings[(site, key)] = meeting.to_dict() if meeting is not None else None
            if meeting is not None:
                rows.used_keys.add(key)
        for site_key, user_key in taken.users:
            holder = store.sites.get(site_key)
            user = holder.users.get(user_key) if holder is not None else None
            rows.users[(site_key, user_key)] = dataclasses.asdict(user) if user is not None else None
        if taken.sites:
            rows.sites = [site.to_dict() for site in store.all_sites()]
            rows.site_users = {key: [dataclasses.asdict(u) for u in store.sites[key].users.values()]
                               if key in store.sites else [] for key in taken.sites}
        if taken.all_tickets:
            rows.all_tickets = [dataclasses.asdict(t) for t in store.tickets.values()]
        for value in taken.tickets:
            ticket = store.ticket(value)
            rows.tickets[value] = dataclasses.asdict(ticket) if ticket is not None else None
        return rows


def _companions(path: Path) -> tuple[Path, Path]:
    """The write-ahead log and shared-memory files SQLite keeps beside a database."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _write_synced(path: Path, data: bytes) -> None:
    """Write ``path`` (readable by its owner only: a state document holds passwords) and sync it to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.fchmod(fd, FILE_MODE)
    with open(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _head(path: Path) -> bytes:
    """A file's first bytes (none for a file not made yet)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC))
    except FileNotFoundError:
        return b""


def _why(exc: Exception) -> str:
    """What went wrong, without the path (an OSError's ``strerror``; else the class name)."""
    return getattr(exc, "strerror", None) or type(exc).__name__
