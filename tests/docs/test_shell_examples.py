"""Every shell example of README.md and docs/*.md runs as pasted, against a live server this module starts.

What runs:

* every ```sh, ```bash or ```console block (of a console block, its ``$ `` lines) that calls ``curl``: with bash
  and ``set -euo pipefail``, in an empty temporary directory (so ``-o demo-state.json`` writes there), against a
  server started by this module (the console script, ``--port 0``). Before each block every namespace is reset.
  Two substitutions, and only these: the examples' ``127.0.0.1:8800`` / ``localhost:8800`` becomes the live
  server's address, and ``TOKEN`` (the admin token the examples that use one read from the shell) is set in the
  environment. A block that names ``$TOKEN`` goes to a server started with ``--admin-token``, every other block to
  one without. Every ``curl`` must say ``-f`` (``--fail``), so an HTTP error (a 415 for a JSON body sent without
  ``Content-Type: application/json``, a 401 for a missing token) fails the block, and no answer may be a WebEx
  FAILURE. Request bodies are inline (heredocs or ``-d``): ``tests/samples/`` is not installed with the package.
* every block that starts the server itself (``webex-mockserver …``): as pasted, with ``HOME`` in a temporary
  directory (``~/.webex-mock/state.db`` lands there) and ``WEBEX_MOCK_PORT=0`` (the example names no port, so the
  environment picks a free one); the test waits for its READY line, checks what the example promises, and stops it
  with Ctrl-C (SIGINT to its process group), which must end it with status 130, as docs/configuration.md says.

Every other block is listed in ``NOT_RUN`` with the reason it is not run here; a new block that is neither run
nor listed fails ``test_every_other_shell_example_is_listed_with_its_reason`` until it is classified.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import processkit
import pytest
from docskit import Block, blocks

SHELLS = ("sh", "bash", "console")
TOKEN = "docs-example-token"

#: (a command's start, why a block of such commands is not run by this test)
NOT_RUN: tuple[tuple[str, str], ...] = (
    (r"python3 -m venv \.venv && \.venv/bin/pip install",
     "the two commands build a virtualenv and install into it; .ci/run runs the test command verbatim "
     "(tests/docs/test_docs.py), and the install is what tests/fixture/test_plugin_import.py does in a clean venv"),
    (r"pip install ",
     "installs into the reader's environment from a checkout or a git tag; tests/fixture/test_plugin_import.py "
     "installs the package into a clean virtualenv and uses the plugin"),
    (r"(docker|podman) (build|run) ",
     "needs a container engine and builds an image (minutes); scripts/container-smoke.sh builds it with podman "
     "and runs it read-only with the hardened example's tmpfs, seed, state file and admin token"),
    (r"apt-get install |benchmarks/wiremock/setup\.sh|\.venv/bin/python benchmarks/",
     "benchmarks and their tools (wrk, WireMock from npm): they install system packages and run for minutes; "
     "they measure, they never assert"),
    (r"\.venv/bin/pytest ",
     "runs a test of this suite, which runs anyway"),
    (r"pytest --webex-mock-url=",
     "runs the reader's own suite against a running mock; tests/fixture/test_plugin_examples_remote.py runs the "
     "example suite that way"),
)
#: a block that starts the server itself
SERVER = re.compile(r"^webex-mockserver(\s|$)")
CURL = re.compile(r"(?<![\w/.-])curl\s")
FAIL_FLAG = re.compile(r"(?:^|\s)(?:-[a-zA-Z]*f[a-zA-Z]*|--fail|--fail-with-body)(?=\s|$)")


def commands(block: Block) -> list[str]:
    """The block's commands, continuation lines joined; without comments, heredoc bodies or console output."""
    lines = block.code.splitlines()
    if block.language == "console":
        kept, follow = [], False
        for line in lines:
            if line.startswith("$ ") or follow:
                kept.append(line[2:] if line.startswith("$ ") else line)
                follow = line.endswith("\\")
        lines = kept
    found, current, heredoc = [], "", None
    for line in lines:
        if heredoc is not None:
            heredoc = None if line.strip() == heredoc else heredoc
            continue
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        current += line.rstrip("\\").rstrip() + " " if line.endswith("\\") else line
        if line.endswith("\\"):
            continue
        marker = re.search(r"<<-?\s*'?\"?(\w+)", current)
        heredoc = marker.group(1) if marker else None
        found.append(current.strip())
        current = ""
    return found


def script(block: Block) -> str:
    return "\n".join(commands(block)) if block.language == "console" else block.code


def calls_curl(block: Block) -> bool:
    return any(CURL.search(command) for command in commands(block))


def starts_server(block: Block) -> bool:
    return not calls_curl(block) and len(commands(block)) == 1 and bool(SERVER.match(commands(block)[0]))


SHELL_BLOCKS = blocks(*SHELLS)
CURL_BLOCKS = [block for block in SHELL_BLOCKS if calls_curl(block)]
SERVER_BLOCKS = [block for block in SHELL_BLOCKS if starts_server(block)]
OTHER_BLOCKS = [block for block in SHELL_BLOCKS if not calls_curl(block) and not starts_server(block)]


def ids(found: list[Block]) -> list[str]:
    return [block.where for block in found]


class LiveServer:
    def __init__(self, *args: str) -> None:
        self.process, url = processkit.start("--port", "0", *args)
        self.root = url.removesuffix("/WBXService/XMLService")
        self.address = self.root.removeprefix("http://")

    def reset(self, token: str | None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        ask = urllib.request.Request(f"{self.root}/_mock/reset?scope=all", method="POST", headers=headers)
        with urllib.request.urlopen(ask, timeout=30) as answer:
            assert answer.status == 200


@pytest.fixture(scope="module")
def servers():
    plain = LiveServer()
    try:
        guarded = LiveServer("--admin-token", TOKEN)
        try:
            yield {"plain": plain, "token": guarded}
        finally:
            processkit.stop(guarded.process)
    finally:
        processkit.stop(plain.process)


def shell_env(home: Path, **extra: str) -> dict[str, str]:
    """This Python's scripts first on PATH (the console script), HOME in the test's directory, no WEBEX_MOCK_*."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("WEBEX_MOCK_", "PYTEST_"))}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["HOME"] = str(home)
    env.update(extra)
    return env


def test_there_are_examples_to_run():
    assert len(CURL_BLOCKS) >= 6 and SERVER_BLOCKS, ids(SHELL_BLOCKS)
    where = {block.path.name for block in CURL_BLOCKS}
    assert {"README.md", "admin-api.md", "faults-and-stubs.md"} <= where


@pytest.mark.parametrize("block", CURL_BLOCKS, ids=ids(CURL_BLOCKS))
def test_every_curl_fails_on_an_http_error(block):
    for command in commands(block):
        for call in CURL.split(command)[1:]:
            assert FAIL_FLAG.search(call.split("|")[0]), f"{block.where}: curl without -f: curl {call}"


@pytest.mark.parametrize("block", CURL_BLOCKS, ids=ids(CURL_BLOCKS))
def test_curl_example_runs_as_pasted(block, servers, tmp_path):
    uses_token = any("$TOKEN" in command or "${TOKEN}" in command for command in commands(block))
    server = servers["token" if uses_token else "plain"]
    server.reset(TOKEN if uses_token else None)
    code = re.sub(r"\b(?:127\.0\.0\.1|localhost):8800\b", server.address, script(block))
    (tmp_path / "example.sh").write_text("set -euo pipefail\n" + code + "\n", encoding="utf-8")
    run = subprocess.run(["bash", "example.sh"], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                         env=shell_env(tmp_path, **({"TOKEN": TOKEN} if uses_token else {})))
    assert run.returncode == 0, f"{block.where} failed (exit {run.returncode}):\n{run.stdout}\n{run.stderr}"
    assert "<serv:result>FAILURE</serv:result>" not in run.stdout, f"{block.where}: a WebEx FAILURE\n{run.stdout}"
    assert run.stdout.strip(), f"{block.where} printed nothing"


def read_ready(process: subprocess.Popen, seconds: float) -> str:
    """The READY line the server prints on stdout, within ``seconds`` (read by a thread: readline may block)."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if line.startswith("READY "):
            return line
    raise AssertionError("the server printed no READY line")


@pytest.mark.parametrize("block", SERVER_BLOCKS, ids=ids(SERVER_BLOCKS))
def test_server_example_starts_as_pasted(block, tmp_path):
    process = subprocess.Popen(["bash", "-c", script(block)], cwd=tmp_path,
                               env=shell_env(tmp_path, WEBEX_MOCK_PORT="0"), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        ready = read_ready(process, 60)
        url = dict(part.split("=", 1) for part in ready.split()[1:])["url"]
        root = url.removesuffix("/WBXService/XMLService")
        with urllib.request.urlopen(f"{root}/_mock/health", timeout=30) as answer:
            assert answer.status == 200
        if "--state-file ~/" in block.code:  # the state file is where the example says, under HOME
            state = tmp_path / block.code.split("--state-file ~/", 1)[1].split()[0]
            assert state.is_file(), f"{block.where}: no state file at {state}"
    finally:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C, to the session this test started
        process.communicate(timeout=30)
    assert process.returncode == 130, process.returncode  # "Ctrl-C stops the server cleanly (exit status 130)"


def reason_for(command: str) -> str | None:
    return next((why for pattern, why in NOT_RUN if re.match(pattern, command)), None)


def test_every_other_shell_example_is_listed_with_its_reason():
    unlisted = [f"{block.where}: {command}" for block in OTHER_BLOCKS for command in commands(block)
                if reason_for(command) is None]
    assert unlisted == [], "run these shell examples here, or add them to NOT_RUN with the reason"
    used = {pattern for block in OTHER_BLOCKS for command in commands(block)
            for pattern, _ in NOT_RUN if re.match(pattern, command)}
    assert used == {pattern for pattern, _ in NOT_RUN}, "NOT_RUN lists commands no example has any more"


def test_json_bodies_to_the_admin_api_say_they_are_json():
    for block in CURL_BLOCKS:
        for command in commands(block):
            if "/_mock/" in command and re.search(r"\s(-d|--data\S*)\s", command):
                assert "Content-Type: application/json" in command, f"{block.where}: {command}"


def test_no_example_reads_the_test_samples():
    """tests/samples/ is not installed with the package: an example that needs a body carries it inline."""
    for block in SHELL_BLOCKS:
        assert "tests/samples" not in block.code, block.where
