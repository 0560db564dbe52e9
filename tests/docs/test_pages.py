"""The README is a short quick start that leads into docs/; every link of the README and the pages resolves (file and
heading), every repository path they name exists, every YAML example parses, and the state file is called what it
is (an SQLite database, state.db)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from docskit import DOCS, README, blocks, blocks_of, page, pages
from repo import ROOT

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
#: inline code that names a file or folder of the repository
REPO_PATH = re.compile(r"`((?:mockserver|tests|docs|benchmarks|scripts|schemas|fixtures|\.ci)/[^`\s]*)`")
#: paths named before they exist: docs/architecture.md says what the REST issue will add
NOT_YET = {"docs/rest.md", "tests/rest/…"}


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip()).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    fenced = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (heading := re.match(r"#{1,6} (.+)", line)):
            base, n = slug(heading.group(1)), 0
            while (name := base if n == 0 else f"{base}-{n}") in found:
                n += 1
            found.add(name)
    return found


def prose(path: Path) -> str:
    """The text outside fenced code blocks."""
    text = path.read_text(encoding="utf-8")
    for block in blocks_of(path):
        text = text.replace(block.code, "")
    return text


def test_the_readme_is_a_short_quick_start():
    lines = page("README.md").splitlines()
    assert len(lines) <= 250, f"README.md has {len(lines)} lines; move detail into docs/"
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == ["## Two commands", "## Try it with curl", "## A first test", "## The container in CI",
                        "## A local backend", "## Documentation"]


def test_the_readme_leads_to_every_page_of_docs():
    linked = set(LINK.findall(prose(README)))
    for path in [*sorted(DOCS.glob("*.md")), ROOT / "benchmarks" / "README.md"]:
        assert str(path.relative_to(ROOT)) in linked, f"the README does not link {path.relative_to(ROOT)}"


def test_every_link_resolves_to_a_file_and_a_heading():
    broken = []
    for path in pages():
        for target in LINK.findall(prose(path)):
            if re.match(r"[a-z]+:", target):  # https:, mailto:
                continue
            name, _, anchor = target.partition("#")
            file = (path.parent / name).resolve() if name else path
            if not file.exists():
                broken.append(f"{path.relative_to(ROOT)}: {target} (no such file)")
            elif anchor and file.suffix == ".md" and anchor not in anchors(file):
                broken.append(f"{path.relative_to(ROOT)}: {target} (no such heading)")
    assert broken == []


def test_every_repository_path_named_in_the_docs_exists():
    missing = []
    for path in pages():
        for name in REPO_PATH.findall(prose(path)):
            name = name.split("::")[0].rstrip(".,;:")
            pattern = re.sub(r"<[^>]+>", "*", name)  # schemas/request/<service>.xsd: one per service
            if name not in NOT_YET and not (list(ROOT.glob(pattern)) if "*" in pattern else (ROOT / name).exists()):
                missing.append(f"{path.relative_to(ROOT)}: {name}")
    assert missing == []


def test_every_yaml_example_parses():
    found = blocks("yaml", "yml")
    assert len(found) >= 3, [block.where for block in found]
    documents = {block.where: yaml.safe_load(block.code) for block in found}
    for where, document in documents.items():
        assert isinstance(document, dict) and ("jobs" in document or "services" in document), where
    compose = [doc for doc in documents.values() if "services" in doc]
    actions = [doc for doc in documents.values() if "jobs" in doc]
    assert compose and actions
    for doc in compose:
        mock = doc["services"]["webex-mock"]
        assert mock["healthcheck"]["start_interval"] == "1s" and mock["read_only"] is True
        assert doc["services"]["app"]["depends_on"]["webex-mock"]["condition"] == "service_healthy"
    for doc in actions:
        job = next(iter(doc["jobs"].values()))
        service = next(iter(job["services"].values()))
        assert service["image"] and service["ports"]
        env = {key: value for step in job["steps"] for key, value in step.get("env", {}).items()}
        assert env["WEBEX_MOCK_URL"] == "http://localhost:8800"


def test_the_state_file_is_called_state_db():
    for path in [*pages(), ROOT / "Dockerfile"]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<![\w-])state\.json", text), f"{path.relative_to(ROOT)}: the state file is state.db"
    assert "WEBEX_MOCK_STATE_FILE=/var/lib/webex-mockserver/state.db" in page("docs/container.md")
    assert "WEBEX_MOCK_STATE_FILE=/var/lib/webex-mockserver/state.db" in page("Dockerfile")


def test_the_slug_is_githubs():
    assert slug("The state file (`--state-file`)") == "the-state-file---state-file"
    assert slug("Outside pytest: scripts and unittest") == "outside-pytest-scripts-and-unittest"
    assert slug("Canned answers (stubs)") == "canned-answers-stubs"
    assert slug("User administration, login and reference data") == "user-administration-login-and-reference-data"


def test_the_container_smoke_runs_the_hardened_example():
    """scripts/container-smoke.sh (CI, with podman) runs the image the way docs/container.md's hardened example does:
    read-only, a tmpfs state directory, the seed mounted read-only, the state file state.db, an admin token."""
    example = next(block.code for block in blocks("sh", paths=[DOCS / "container.md"]) if "--read-only" in block.code)
    smoke = page("scripts/container-smoke.sh").replace("$STATE_DIR", "/var/lib/webex-mockserver")
    assert "--tmpfs /var/lib/webex-mockserver:" in example and '--tmpfs "/var/lib/webex-mockserver:' in smoke
    for setting in ("--read-only", ":/etc/webex-mockserver/seed.json:ro", "WEBEX_MOCK_ADMIN_TOKEN=",
                    "WEBEX_MOCK_SEED_FILE=/etc/webex-mockserver/seed.json",
                    "WEBEX_MOCK_STATE_FILE=/var/lib/webex-mockserver/state.db"):
        assert setting in example and setting in smoke, setting
