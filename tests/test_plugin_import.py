"""The pytest plugin loads in every pytest run of a project that installs the package: also without the test
extra (httpx), so the plugin must not need httpx until a test asks for an httpx client. The installed package
carries its LICENSE."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from webex import sample

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = ["starlette", "uvicorn", "lxml", "xmlschema", "tzdata", "pytest"]
USER_TEST = '''
import urllib.request
from pathlib import Path


def test_a_project_without_httpx_uses_the_mock(webex_mock):
    body = (Path(__file__).parent / "create.xml").read_bytes()
    request = urllib.request.Request(webex_mock.url, data=body, headers={"Content-Type": "text/xml"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert b"<serv:result>SUCCESS</serv:result>" in answer.read()
    webex_mock.assert_called("CreateMeeting", times=1)
'''


def _run(command: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTEST_", "VIRTUAL_ENV", "PYTHON")) and k != "COV_CORE_SOURCE"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_the_plugin_loads_and_serves_in_a_clean_venv_without_httpx(tmp_path):
    venv = tmp_path / "venv"
    created = _run([sys.executable, "-m", "venv", str(venv)])
    assert created.returncode == 0, created.stderr
    python = str(venv / "bin" / "python")
    install = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    for command in (install + ["--no-deps", str(ROOT)], install + RUNTIME):
        installed = _run(command)
        assert installed.returncode == 0, installed.stdout + installed.stderr
    assert _run([python, "-c", "import httpx"]).returncode != 0, "the clean venv must not have httpx"
    shipped = _run([python, "-c", "import importlib.metadata as m; "
                    "print(*(f for f in m.files('webex-mockserver') if f.name == 'LICENSE'))"])
    assert shipped.stdout.strip().endswith(".dist-info/licenses/LICENSE"), shipped.stdout + shipped.stderr

    project = tmp_path / "project"
    project.mkdir()
    (project / "create.xml").write_bytes(sample("seed-createmeeting-request.xml"))
    (project / "test_user.py").write_text(USER_TEST)
    result = _run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_user.py"], cwd=project)
    output = result.stdout + result.stderr
    assert "Error while loading plugin" not in output, output
    assert result.returncode == 0, output
    assert "1 passed" in output, output
