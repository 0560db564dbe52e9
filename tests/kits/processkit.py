"""The console script as a child process: start it, read its READY line, stop it with its pipes closed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path


def command() -> list[str]:
    script = Path(sys.executable).with_name("webex-mockserver")
    if script.exists():
        return [str(script)]
    found = shutil.which("webex-mockserver")
    return [found] if found else [sys.executable, "-m", "mockserver"]


#: Runs a command with SIGINT's default action. Under ``nohup``, or as a background job of a shell, a test run
#: ignores SIGINT, and an ignored signal stays ignored in every child, across exec: a server started from it would
#: never see Ctrl-C. Resetting it between fork and exec (``preexec_fn``) is not safe while the test process runs
#: threads (in-thread servers do), so this launcher resets it and then becomes the command (same pid).
DEFAULT_SIGINT = ("import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                  "os.execv(sys.argv[1], sys.argv[1:])")


def with_default_sigint(argv: list[str]) -> list[str]:
    """``argv`` (its first item a path) run with SIGINT's default action, however the tests were launched."""
    return [sys.executable, "-c", DEFAULT_SIGINT, *argv]


def start(*args: str, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(with_default_sigint([*command(), *args]), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    for _ in range(10):
        line = process.stdout.readline()
        if line.startswith("READY "):
            fields = dict(part.split("=", 1) for part in line.split()[1:])
            return process, fields["url"]
        if not line and process.poll() is not None:
            raise AssertionError(process.communicate(timeout=10)[1])
    process.kill()
    process.communicate(timeout=10)
    raise AssertionError("no READY line")


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> tuple[str, str]:
    """Signal a server started by :func:`start`; wait for it and close its pipes. Returns stdout and stderr."""
    process.send_signal(sig)
    return process.communicate(timeout=10)
