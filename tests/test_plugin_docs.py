"""What the README says about installing and using the package stays true: its examples are the files that run,
the version commands answer, the container health check probes every second while starting."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from mockserver import MockServer, __version__

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.+?)\n```", README, re.S)


def test_the_readme_unittest_example_is_the_one_that_runs():
    example = (ROOT / "tests/examples/test_unittest_example.py").read_text(encoding="utf-8")
    assert example[example.index("import unittest"):].rstrip("\n") in blocks("python")


def test_the_readme_node_example_is_a_file_that_runs(tmp_path):
    script = (ROOT / "docs/examples/create-meeting.mjs").read_text(encoding="utf-8").rstrip("\n")
    assert script in blocks("js")
    assert 'readFileSync("tests/samples/seed-createmeeting-request.xml")' in script
    assert (ROOT / "tests/samples/seed-createmeeting-request.xml").is_file()
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    with MockServer() as server:
        webex = server.mock()
        run = subprocess.run([node, "docs/examples/create-meeting.mjs", webex.url], cwd=ROOT, capture_output=True,
                             text=True, timeout=120)
        assert run.returncode == 0, run.stdout + run.stderr
        assert "<serv:result>SUCCESS</serv:result>" in run.stdout
        webex.assert_called("CreateMeeting", times=1)
        webex.close()


@pytest.mark.parametrize("command", [["-m", "mockserver", "--version"], ["-m", "mockserver.cli", "--version"]])
def test_version_and_python_m(command):
    run = subprocess.run([sys.executable, *command], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == f"webex-mockserver {__version__}"
    assert "`webex-mockserver --version`" in README and "`python -m mockserver`" in README


def test_the_version_is_one_everywhere():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert version == __version__
    assert f"## [{version}]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"ARG VERSION={version}" in (ROOT / "Dockerfile").read_text(encoding="utf-8")


def test_the_readme_says_how_another_project_installs_it():
    assert "pip install /path/to/webex-mockserver" in README
    assert '"webex-mockserver @ git+https://' in README
    assert re.search(r"suite runs about [\d–]+ minutes", README)


def test_license_is_mit_everywhere():
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License")
    assert 'license = { text = "MIT" }' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'org.opencontainers.image.licenses="MIT"' in (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "!LICENSE" in (ROOT / ".dockerignore").read_text(encoding="utf-8")


def test_the_health_check_probes_every_second_while_starting():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    healthcheck = re.search(r"^HEALTHCHECK (.+?) \\$", dockerfile, re.M).group(1)
    assert "--start-interval=1s" in healthcheck and "--start-period=30s" in healthcheck
    assert "Docker Engine >= 25" in dockerfile
    compose = next(block for block in blocks("yaml") if "services:\n  webex-mock:" in block)
    actions = next(block for block in blocks("yaml") if "runs-on:" in block)
    assert "start_interval: 1s" in compose
    assert "--health-start-interval 1s" in actions and "WEBEX_MOCK_URL: http://localhost:8800" in actions
    assert "Docker Engine 25 or later" in README
