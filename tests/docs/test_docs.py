"""The README's two commands stay true: .ci/run runs the README's test command verbatim."""

import re

from repo import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_readme_has_start_and_test_commands():
    start, test = readme_commands()[:2]
    assert "pip install ." in start and start.endswith("webex-mockserver")
    assert '".[test]"' in test and "pytest" in test


def test_ci_runs_the_readme_test_command():
    test = readme_commands()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()


def test_wheel_config_ships_schemas_and_fixtures():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"schemas" = "mockserver/schemas"' in pyproject
    assert '"fixtures" = "mockserver/fixtures"' in pyproject


def test_installed_package_finds_its_data():
    from mockserver.resources import fixture_path, schema_path

    assert (schema_path("request", "envelope.xsd")).is_file()
    assert (schema_path("response", "all.xsd")).is_file()
    assert (fixture_path("seed.json")).is_file()


def test_ci_stops_when_a_gate_of_the_test_command_fails(tmp_path):
    """A failing mypy or ruff inside the README's && list must fail CI: `set -e` alone ignores a failure there, and
    the container smoke test after it decided the exit status (a gate could fail and CI pass)."""
    import subprocess

    test = readme_commands()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    script = ci.replace(test, "true && false && true").replace("bash scripts/container-smoke.sh", "echo SMOKE-RAN")
    script = script.replace('cd "$(dirname "$0")/.."', "cd .").replace("command -v chromium", "true")
    script = script.replace("command -v chromedriver", "true")
    (tmp_path / "run").write_text(script, encoding="utf-8")
    ran = subprocess.run(["bash", str(tmp_path / "run")], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert ran.returncode != 0 and "SMOKE-RAN" not in ran.stdout, (ran.returncode, ran.stdout, ran.stderr)


#: the lines git writes around a merge conflict
_CONFLICT = re.compile(r"^(<<<<<<< |=======$|>>>>>>> )", re.M)
_TEXT_SUFFIXES = {".md", ".py", ".toml", ".xsd", ".xml", ".json", ".lua", ".yml", ".yaml", ".txt", ".cfg", ".sh",
                  ".html", ".js", ".css"}


def test_no_file_holds_a_merge_conflict():
    # a merge once left git's conflict lines in docs/operations.md: six table rows written twice, each copy
    # missing half the facts
    kept = [path for path in [ROOT / "README.md", ROOT / "CHANGELOG.md", ROOT / "Dockerfile", ROOT / "pyproject.toml",
                              *[path for folder in ("docs", "mockserver", "tests", "benchmarks", "schemas", "fixtures",
                                                    ".ci")
                                for path in (ROOT / folder).rglob("*")
                                if path.suffix in _TEXT_SUFFIXES or path.parent.name == ".ci"]]
            if path.is_file()]
    assert len(kept) > 100
    conflicted = [str(path.relative_to(ROOT)) for path in kept
                  if _CONFLICT.search(path.read_text(encoding="utf-8", errors="replace"))]
    assert conflicted == []
