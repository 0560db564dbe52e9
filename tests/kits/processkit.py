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


def start(*args: str, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([*command(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, **(env or {})})
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
