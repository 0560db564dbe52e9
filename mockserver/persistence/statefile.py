"""The ``--state-file`` of a local backend: what a client was told is what the file holds.

* The file is an SQLite database (:mod:`mockserver.persistence.database`). Memory stays the source of truth for
  reads; the database is its durable copy, loaded at start.
* One server per file: at start the server takes an exclusive lock on ``<file>.lock`` beside the file the path
  resolves to (symbolic links followed; the pid written inside) and on the database file itself (so another name of
  the same file, a hard link, is caught too), and holds them for its lifetime; a second server refuses to start,
  naming the file and that pid. Nothing beside the file is opened through a planted link (:mod:`.files`).
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
* A namespace evicted from memory (``--max-namespaces``) keeps its rows: it is read back when it is next used
  (:meth:`StateFile.revive`). Only deleting it (``DELETE /_mock/namespaces/{name}``, a remote fixture's close, a
  reset of everything) deletes its rows. A namespace fresh from the seed is written at its first change.
* Session tickets that expired are dropped from the file at start (and whenever memory sweeps them).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
import threading
from pathlib import Path

from ..base.jsondoc import load_json
from ..controls.tenancy import BadNamespace, Tenancy
from ..domain.changes import Taken, Tracker
from ..domain.store import Store
from . import files, rows
from .database import MAGIC, Database, Rows, is_database
from .export import StateError, export_store, import_all, load_store

_log = logging.getLogger("mockserver.statefile")
#: what the database's SQLite can raise besides OSError and ValueError (OverflowError: an integer SQLite cannot
#: hold, which the import checks should have refused first)
_DB_ERRORS = (OSError, ValueError, ArithmeticError, sqlite3.Error)


class StateFileError(StateError):
    """The state file cannot be used (refused start) or could not be saved (the change was undone).

    A ``ValueError``, like every start problem the CLI reports with exit status 2."""


class StateFile:
    """Loads state at start; commits each change; undoes a change it could not commit; reads evicted namespaces
    back."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self.saves = 0
        self.tracker = Tracker()
        self.db: Database | None = None
        self._tenancy: Tenancy | None = None
        #: the namespaces the file keeps (or is committing), known without the database or the save lock
        self._kept: set[str] = set()
        self._kept_lock = threading.Lock()
        self._fds: list[int] = self._claim()

    # -- start ----------------------------------------------------------------------------------------------

    def _claim(self) -> list[int]:
        """Check the location is usable and take the locks; StateFileError (one line) when not."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.is_dir():
                raise IsADirectoryError(21, "it is a directory")
            real = files.resolved(self.path)
            fds = [files.claim_lock(files.beside(real, ".lock"))]
        except files.Taken as taken:
            raise self._in_use(taken.holder) from None
        except OSError as exc:
            raise StateFileError(f"cannot use state file {self.path}: {_why(exc)}") from None
        try:
            probe, probe_path = tempfile.mkstemp(prefix=".state-probe-", dir=real.parent)
            os.close(probe)
            os.unlink(probe_path)
            files.check_companions(real)
            files.create_private(real)
            fds.append(files.claim_file(real))
        except files.Taken as taken:
            _close(fds)
            raise self._in_use(taken.holder) from None
        except OSError as exc:
            _close(fds)
            raise StateFileError(f"cannot use state file {self.path}: {_why(exc)}") from None
        return fds

    def _in_use(self, holder: str) -> StateFileError:
        return StateFileError(f"state file {self.path} is in use by another webex-mockserver (pid {holder}); "
                              "stop it or choose another --state-file")

    def load(self, tenancy: Tenancy) -> list[str]:
        """Install the file's namespaces, note every later change, read evicted namespaces back from the file.
        A file that cannot be read or used refuses the start (and lets go of the lock)."""
        try:
            names = self._load_database(tenancy) if is_database(_head(self.path)) else self._import_json(tenancy)
        except _DB_ERRORS as exc:  # ValueError: not JSON, not UTF-8, or a StateError
            self.close()
            why = _why(exc) if isinstance(exc, OSError) else str(exc)
            raise StateFileError(f"state file {self.path}: {why}") from None
        self._tenancy = tenancy
        tenancy.tracker = self.tracker
        for name in tenancy.names():
            tenant = tenancy.existing(name)
            if tenant is not None:
                self.tracker.watch(name, tenant.store, whole=False, fresh=name not in names)
        tenancy.backing = self
        return names

    def _load_database(self, tenancy: Tenancy) -> list[str]:
        self.db = Database(self.path)
        names = self.db.names()
        self._kept = set(names)
        for name in names:
            store = self._read_store(tenancy, name)
            self._drop_expired_tickets(name, store)
            tenancy.replace_store(name, store)
        return names

    def _drop_expired_tickets(self, name: str, store: Store) -> None:
        """Session tickets that expired while the server was away leave the file (and memory)."""
        assert self.db is not None
        now = store.now_ms()
        live = [ticket for ticket in store.tickets.values() if ticket.valid_at(now)]
        if len(live) < len(store.tickets):
            store.tickets = {ticket.value: ticket for ticket in live}
            with self.db.transaction() as conn:
                rows.write_rows(conn, name, Rows(all_tickets=[rows.plain(ticket) for ticket in live]))

    def _import_json(self, tenancy: Tenancy) -> list[str]:
        """Import a JSON state file once: build the database beside it, keep the JSON, swap the database in."""
        raw = self.path.read_bytes()
        names = import_all(tenancy, load_json(raw, "the document"))
        real = files.resolved(self.path)
        building = files.beside(real, ".importing")
        for leftover in (building, *(files.beside(building, suffix) for suffix in files.COMPANIONS)):
            leftover.unlink(missing_ok=True)
        database = Database(building)
        try:
            with database.transaction() as conn:
                for name in names:
                    rows.write_namespace(conn, name, export_store(tenancy.get(name).store, include_secrets=True))
        finally:
            database.close()
        kept = files.beside(real, ".json-imported")
        files.write_new(kept, raw)
        os.replace(building, real)
        old = self._fds.pop()
        self._fds.append(files.claim_file(real))  # the lock on the file goes to the database now in its place
        os.close(old)
        self.db = Database(self.path)
        self._kept = set(names)
        _log.warning("state file %s was JSON: imported %d namespace(s) into an SQLite database in its place; "
                     "the JSON is kept as %s", self.path, len(names), files.beside(self.path, ".json-imported"))
        return names

    def _read_store(self, tenancy: Tenancy, name: str) -> Store:
        assert self.db is not None
        kept = self.db.read_namespace(name)
        return load_store(kept.sites, kept.meetings, kept.used_keys, kept.tickets, tenancy.seed_sites(),
                          tenancy.random_seed, kept.clock, tenancy.launch_clock, kept.happenings,
                          (kept.recordings, kept.webhooks))

    def close(self) -> None:
        """Let go of the file (a server does at exit; in-process users, such as tests, call this)."""
        if self.db is not None:
            self.db.close()
            self.db = None
        _close(self._fds)  # after the database: closing a descriptor of the file drops SQLite's locks on it

    # -- evicted namespaces --------------------------------------------------------------------------------------

    def revive(self, name: str) -> Store | None:
        """The namespace ``name`` as the file keeps it (None when it does not): the store it was evicted with if
        its changes are still to be committed, else read back. BadNamespace when it cannot be read."""
        kept = self.tracker.revived(name)
        if isinstance(kept, Store):
            return kept
        with self._kept_lock:
            if name not in self._kept:  # a new namespace: no lock, no database
                return None
        with self._lock:  # waits for a commit that is writing it
            if self.db is None or self._tenancy is None:
                return None
            try:
                if not self.db.conn.execute("SELECT 1 FROM namespaces WHERE name = ?", (name,)).fetchone():
                    return None
                store = self._read_store(self._tenancy, name)
            except _DB_ERRORS as exc:
                why = _why(exc) if isinstance(exc, OSError) else str(exc)
                _log.error("namespace %r cannot be read back from the state file: %s", name, why)
                raise BadNamespace(f"namespace {name!r} cannot be read back from the state file: {why}") from None
            self.tracker.watch(name, store, whole=False)
            return store

    def kept_names(self) -> list[str]:
        with self._kept_lock:
            return sorted(self._kept)

    # -- saving -----------------------------------------------------------------------------------------------

    def save(self, tenancy: Tenancy) -> None:
        """Commit what changed; if that fails, put the touched namespaces back as the file has them and raise
        StateFileError."""
        with self._lock:
            taken = self.tracker.take()
            try:
                self._commit(tenancy, taken)
            except Exception as exc:  # whatever it was, the change is undone: memory stays as the file has it
                self._restore(tenancy, taken.whole | set(taken.pending))
                why = _why(exc) if isinstance(exc, OSError) else str(exc)
                raise StateFileError(f"the state file could not be saved: {why}") from None
            self.saves += 1

    def _commit(self, tenancy: Tenancy, taken: Taken) -> None:
        if self.db is None:
            raise sqlite3.ProgrammingError("the state file is closed")

        def store_of(name: str) -> Store | None:
            tenant = tenancy.existing(name)
            kept = taken.evicted.get(name)
            return tenant.store if tenant is not None else kept if isinstance(kept, Store) else None

        whole = taken.whole | (set(self.db.names()) if taken.everything else set())
        replaced = {}
        for name in sorted(whole):
            store = store_of(name)
            replaced[name] = export_store(store, include_secrets=True) if store is not None else None
        changed = {}
        for name, changes in taken.pending.items():
            store = store_of(name)
            if name not in whole and store is not None:
                changed[name] = rows.changed_rows(store, changes)
        if not replaced and not any(found != Rows() for found in changed.values()):
            return
        with self._kept_lock:  # before the commit: a revive of one of them waits for it
            self._kept.update(name for name, data in replaced.items() if data is not None)
        with self.db.transaction() as conn:
            for name, data in replaced.items():
                rows.write_namespace(conn, name, data)
            for name, found in changed.items():
                rows.write_rows(conn, name, found)
        with self._kept_lock:
            self._kept.difference_update(name for name, data in replaced.items() if data is None)

    def _restore(self, tenancy: Tenancy, names: set[str]) -> None:
        """The namespaces ``names`` as the file has them: read back, or fresh from the seed when it has none.
        Each keeps its random generator, so no meeting key or ticket value is drawn twice."""
        if self.db is None:
            return
        try:
            saved = set(self.db.names())
            with self._kept_lock:
                self._kept = set(saved)
            for name in sorted(names):
                old = tenancy.existing(name)
                if old is None:  # evicted meanwhile (or gone): the file has it as it is
                    continue
                store = self._read_store(tenancy, name) if name in saved else tenancy.new_store()
                store.continue_ids_from(old.store)  # before the old store is replaced (and let go of)
                tenancy.replace_store(name, store)
            self.tracker.settle(names & saved)
        except _DB_ERRORS as exc:
            _log.error("the state file could not be read back after a failed save (%s): memory may keep a change "
                       "the file does not have", exc if not isinstance(exc, OSError) else _why(exc))


def _close(fds: list[int]) -> None:
    while fds:
        os.close(fds.pop())


def _head(path: Path) -> bytes:
    """A file's first bytes (none for a file not made yet, or an empty one)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC))
    except FileNotFoundError:
        return b""


def _why(exc: Exception) -> str:
    """What went wrong, without the path (an OSError's ``strerror``; else the class name)."""
    return getattr(exc, "strerror", None) or type(exc).__name__
