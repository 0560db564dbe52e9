"""The ``--state-file`` of a local backend: what a client was told is what the file holds.

* One server per file: at start the server takes an exclusive lock on ``<file>.lock`` (with its pid written
  inside) and holds it for its lifetime; a second server refuses to start, naming the file and that pid.
* At start the file's directory must be writable (a probe file is created and removed there); if not, or if
  the file cannot be read, the start is refused with one clear line (the CLI exits 2).
* After every change the whole state is written atomically (temp file, fsync, rename). When a save fails the
  change is undone: every namespace is put back as the file has it, and the call answers a FAILURE (999999
  ASSUMED, "the state file could not be saved: <why>" — never the path).
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import tempfile
import threading
from pathlib import Path

from . import envelope
from .errors import InvalidRequest
from .service import Outcome
from .state import StateError, export_all, import_all, import_store, load_json
from .tenancy import Tenancy


class StateFileError(StateError):
    """The state file cannot be used (refused start) or could not be saved (the change was undone).

    A ``ValueError``, like every start problem the CLI reports with exit status 2."""


class StateFile:
    """Loads state at start; saves it atomically after every change; undoes a change it could not save."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self.saves = 0
        #: the bytes the file holds (as last loaded or saved): what a failed save puts back
        self._saved = b""
        self._lock_fd: int | None = self._claim()

    # -- start ----------------------------------------------------------------------------------------------

    def _claim(self) -> int:
        """Check the location is usable and take the lock; StateFileError (one line) when not."""
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.is_dir():
                raise IsADirectoryError(21, "it is a directory")
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
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
        """Install the file's namespaces. A file that cannot be read or used refuses the start (and lets go
        of the lock)."""
        try:
            raw = self.path.read_bytes() if self.path.exists() else b""
            names = import_all(tenancy, load_json(raw, "the document")) if raw else []
        except (OSError, ValueError) as exc:  # ValueError: not JSON, not UTF-8, or a StateError
            self.close()
            why = _why(exc) if isinstance(exc, OSError) else str(exc)
            raise StateFileError(f"state file {self.path}: {why}") from None
        self._saved = raw
        return names

    def close(self) -> None:
        """Let go of the file (a server does at exit; in-process users, such as tests, call this)."""
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    # -- saving -----------------------------------------------------------------------------------------------

    def save(self, tenancy: Tenancy) -> None:
        """Write the whole state; if that fails, put memory back as the file has it and raise StateFileError."""
        with self._lock:
            try:
                data = json.dumps(export_all(tenancy, include_secrets=True), separators=(",", ":")).encode("utf-8")
                self._write(data)
            except (OSError, ValueError) as exc:  # ValueError: a text that cannot be written as UTF-8
                self._restore(tenancy)
                raise StateFileError(f"the state file could not be saved: {_why(exc)}") from None
            self._saved = data
            self.saves += 1

    def _write(self, data: bytes) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".state-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _restore(self, tenancy: Tenancy) -> None:
        """Every namespace as the file has it: the file's own, and a fresh seed store for any other.
        Each keeps its random generator, so no meeting key or ticket value is drawn twice."""
        saved = json.loads(self._saved)["namespaces"] if self._saved else {}
        for name in sorted(set(tenancy.names()) | set(saved)):
            tenant = tenancy.get(name)
            old = tenant.store
            if name in saved:
                tenant.store = import_store(saved[name], tenancy.seed_sites(), tenancy.random_seed)
            else:
                tenant.store = tenancy.new_store()
            tenant.store.continue_ids_from(old)


def save_or_fail(tenancy: Tenancy, outcome: Outcome) -> Outcome:
    """Save a successful change; when the state file could not be saved (and the change was therefore undone),
    the answer becomes a FAILURE (999999 ASSUMED) saying so."""
    try:
        tenancy.on_change()
    except StateFileError as exc:
        error = InvalidRequest(str(exc))
        service = (outcome.operation or "").split(".", 1)[0]
        return dataclasses.replace(outcome, body=envelope.failure(service, error, outcome.gsb_status),
                                   result="FAILURE", exception_id=error.exception_id, reason=error.text)
    return outcome


def _why(exc: Exception) -> str:
    """What went wrong, without the path (an OSError's ``strerror``; else the class name)."""
    return getattr(exc, "strerror", None) or type(exc).__name__
