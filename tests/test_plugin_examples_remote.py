"""The example suite (tests/examples/) runs both ways: in-process with the rest of the tests, and here against a
mock started as its own process (``python -m mockserver``), as a CI job would run it against a container."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import processkit
import pytest

ROOT = Path(__file__).resolve().parents[1]


def start_module(*args: str) -> tuple[subprocess.Popen, str]:
    """``python -m mockserver ARGS``; its READY url."""
    process = subprocess.Popen([sys.executable, "-m", "mockserver", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    for line in process.stdout:
        if line.startswith("READY "):
            return process, dict(part.split("=", 1) for part in line.split()[1:])["url"]
    raise AssertionError(process.communicate(timeout=10)[1])


@pytest.mark.slow
def test_the_example_suite_passes_against_a_running_mock():
    server, url = start_module("--port", "0", "--admin-token", "example-token")
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "WEBEX_MOCK_"))}
        env["WEBEX_MOCK_ADMIN_TOKEN"] = "example-token"
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/examples",
                              f"--webex-mock-url={url}"], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=300)
        assert run.returncode == 0, run.stdout + run.stderr
        texts = [path.read_text() for path in (ROOT / "tests/examples").glob("test_*.py")]
        examples = sum(len(re.findall(r"^\s*def test_", text, re.M)) for text in texts)
        fixture_users = sum(len(re.findall(r"^def test_\w+\(webex_mock", text, re.M)) for text in texts)
        assert f"{examples} passed" in run.stdout, run.stdout
        ask = urllib.request.Request(url.replace("/WBXService/XMLService", "/_mock/namespaces"),
                                     headers={"Authorization": "Bearer example-token"})
        with urllib.request.urlopen(ask, timeout=30) as answer:  # each test used a namespace of its own there
            used = [name for name in json.load(answer)["namespaces"] if name.startswith("test-")]
        assert len(used) >= fixture_users > 0
    finally:
        processkit.stop(server)
