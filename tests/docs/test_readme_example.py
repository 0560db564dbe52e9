"""The README's complete pytest example runs as pasted: saved as test_webex.py in an empty directory, run by pytest
in a child process, in-process and against a running mock (WEBEX_MOCK_URL, as a CI job runs it against the
container), and every test in it passes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request

import pytest
from docskit import README, blocks

from mockserver import MockServer


def readme_example() -> str:
    found = [block.code for block in blocks("python", paths=[README]) if block.code.startswith("# test_webex.py")]
    assert len(found) == 1, "the README has one complete pytest example, starting '# test_webex.py'"
    return found[0]


def test_the_example_is_complete_raw_xml_and_the_fixture_assertions():
    example = readme_example()
    for operation in ("CreateMeeting", "LstsummaryMeeting", "DelMeeting"):
        assert f'xsi:type="java:com.webex.service.binding.meeting.{operation}"' in example, operation
    assert "<siteName>acme</siteName><webExID>hostid@acme.com</webExID><password>passw0rd</password>" in example
    for used in ("webex_mock.url", "webex_mock.assert_called(", "webex_mock.meetings()", "webex_mock.calls("):
        assert used in example, used
    assert "tests/samples" not in example and "from mockserver" not in example  # only the fixture and httpx


@pytest.mark.parametrize("mode", ["in-process", "remote"])
def test_the_readme_example_passes_as_pasted(mode, tmp_path):
    (tmp_path / "test_webex.py").write_text(readme_example() + "\n", encoding="utf-8")
    env = {name: value for name, value in os.environ.items() if not name.startswith(("PYTEST_", "WEBEX_MOCK_"))}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error", "test_webex.py"]
    tests = len(re.findall(r"^def test_\w+\(webex_mock\)", readme_example(), re.M))
    if mode == "in-process":
        run = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    else:
        with MockServer() as server:  # the mock another process drives through its admin API
            dropped: list[str] = []
            drop = server.tenancy.drop
            server.tenancy.drop = lambda name: dropped.append(name) or drop(name)  # type: ignore[method-assign]
            env["WEBEX_MOCK_URL"] = server.url
            run = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
            root = server.url.removesuffix("/WBXService/XMLService")
            with urllib.request.urlopen(f"{root}/_mock/namespaces", timeout=30) as answer:
                left = [name for name in json.load(answer)["namespaces"] if name.startswith("test-")]
        # each test had a namespace of its own on that server, deleted when the test ended
        assert len(set(dropped)) == tests and left == [], (dropped, left)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{tests} passed" in run.stdout and tests >= 3, run.stdout
