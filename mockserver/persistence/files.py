"""The files a state file keeps beside it, opened so that nobody else's file is touched through them.

* Everything beside the state file is named after its **resolved** path (symbolic links followed): a second
  server given a link to the file finds the first one's lock.
* The lock file is opened without following a symbolic link (``O_NOFOLLOW``) and must be a regular file with one
  name (a hard link planted there would make the pid written into it overwrite someone else's file).
* The database itself is locked too (``flock`` on the file): a second server given another name of the same file
  (a hard link) finds it taken.
* A file written beside the state file (``<file>.json-imported``) is created new (``O_EXCL``, a name of its own)
  and moved into place: a planted link is replaced, never followed.
* The write-ahead log and shared-memory files SQLite keeps beside the database must be regular files with one name
  when they exist (SQLite opens them following links).
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import tempfile
from pathlib import Path

#: the mode of every file the server makes beside the state file: they hold passwords and session tickets
FILE_MODE = 0o600
#: the files SQLite keeps beside a database
COMPANIONS = ("-wal", "-shm", "-journal")


class Taken(Exception):
    """Another process holds the lock (``holder``: the pid it wrote, or ``"unknown"``)."""

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


def resolved(path: Path) -> Path:
    """The file a path names, symbolic links followed (the file need not exist yet)."""
    return Path(os.path.realpath(path))


def beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def claim_lock(lock_path: Path) -> int:
    """Open ``lock_path`` (never through a link) and take its exclusive lock; write our pid into it.

    Taken when another process holds it; OSError when it cannot be used (a link, not a regular file, more than
    one name)."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK, FILE_MODE)
    try:
        _own_file(fd, lock_path.name)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Taken(os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    except BaseException:
        os.close(fd)
        raise
    return fd


def claim_file(path: Path) -> int:
    """Open the database file (made empty, 0600, if there is none) and take an exclusive ``flock`` on it, held
    until the descriptor is closed. Taken when another process holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NONBLOCK, FILE_MODE)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Taken("unknown") from None
    except BaseException:
        os.close(fd)
        raise
    return fd


def check_companions(path: Path) -> None:
    """OSError when a file SQLite keeps beside ``path`` is a link, or not a regular file of its own."""
    for suffix in COMPANIONS:
        companion = beside(path, suffix)
        try:
            found = os.lstat(companion)
        except FileNotFoundError:
            continue
        if stat.S_ISDIR(found.st_mode):
            continue  # SQLite itself refuses it (an I/O error at open)
        if not stat.S_ISREG(found.st_mode) or found.st_nlink != 1:
            raise OSError(errno.ELOOP, f"{companion.name} is a link or not a regular file of its own")


def write_new(path: Path, data: bytes) -> None:
    """Write ``path`` (0600) and sync it: into a new file of its own beside it, then moved into place, so a link
    planted at ``path`` is replaced, never followed."""
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)
        with open(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def create_private(path: Path) -> None:
    """Make ``path`` an empty file only its owner may read and write (:data:`FILE_MODE`, whatever the umask),
    unless it exists: SQLite would make a new database readable by everyone under the usual umask 022."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
    except FileExistsError:
        return
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def _own_file(fd: int, name: str) -> None:
    found = os.fstat(fd)
    if not stat.S_ISREG(found.st_mode) or found.st_nlink != 1:
        raise OSError(errno.EINVAL, f"{name} is not a regular file of its own (a link to another file?)")
