"""docs/webex-reference.md is the project's own WebEx reference: it keeps the section numbering the code cites
("reference 5", "ref 3.4", "§3.1", "(S4)", "[REAL S9]"), every such citation in the repository resolves to it, and
nothing in the repository points at files outside it."""

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

from repo import ROOT

REFERENCE = ROOT / "docs" / "webex-reference.md"

#: section -> its numbered sub-sections (the numbering the code cites; see the reference's §16 for §17-§29)
SECTIONS: dict[int, range] = {
    0: range(0), 1: range(0), 2: range(1, 7), 3: range(1, 14), 4: range(0), 5: range(0), 6: range(0),
    7: range(0), 8: range(0), 9: range(0), 10: range(1, 4), 11: range(0), 12: range(0), 13: range(0),
    14: range(1, 9), 15: range(0), 16: range(0),
    **{operation: range(1, 5) for operation in range(17, 30)},
    30: range(0),
    31: range(1, 11),  # the REST Meetings API
    32: range(0),  # REST webhooks
    33: range(0),  # recurring meetings
    34: range(0),  # meetings that happen
    35: range(0),  # recordings (34: meeting states)
    36: range(0),  # GetUser's full tree
    37: range(0),  # call-in numbers
    38: range(0),  # a host with no meetings: LstsummarySession and the Personal Room
    39: range(0),  # RegisterMeetingAttendee
    40: range(0),  # attendee lists: replace or add, and duplicates
    41: range(0),  # API 40-42: the newer era
}

HEADING = re.compile(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", re.MULTILINE)
#: "reference 5", "ref 3.4", "ref. 7", "ref 9, 13, 14.6", "ref 3.9 #3 and 12", "ref 3.4 (person/address), 12",
#: "reference 3-8", "sections 2.5, 3.4, 10"; not the "0..1" of "(reference 3.6, 0..1)"
NUMBER = r"§?\d+(?:\.\d+)?(?:[-–]\d+(?:\.\d+)?)?(?!\.\.)(?:\s*#\d+(?:-\d+)?)?(?:\s*\([^()\n]*\))?"
REF_CITATION = re.compile(rf"\b(?:reference|ref\.?|sections?)\s+({NUMBER}(?:\s*(?:,|and)\s*{NUMBER})*)",
                          re.IGNORECASE)
SECTION_SIGN = re.compile(r"§\s?(\d+(?:\.\d+)?)")
#: a source key used as a citation: "(S4)", "(S16, S18)", "(§12, S11)", "(ref S15)", "[REAL S9]"
KEY_CITATION = re.compile(
    r"(?:(?<=[(\[,;])\s?|(?:\b(?:ref|reference|sources?|REAL|DOC|XSD|OBS|ASSUMED)\.?\s+))"
    r"\b([SM]\d+[a-z]?)(?=[)\],;])")
#: whole-section citations whose meaning changed with this numbering: the gaps, once 14, are §15; §14 now holds
#: the shapes of real captures and is cited by sub-section (14.1-14.8)
RENUMBERED = {"14": "15"}
#: (file, citation) pairs that look like citations but are not; keep this short and explain each entry
IGNORED: set[tuple[str, str]] = set()

CITING_FILES = ("mockserver/**/*.py", "schemas/**/*.xsd", "schemas/admin-openapi.json", "tests/**/*.py",
                "benchmarks/**/*", "scripts/**/*", "README.md", "docs/*.md")
SKIPPED_DIRS = {".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", "build", "dist"}
#: written in pieces so that this file does not contain them
OUTSIDE_POINTERS = ("shared/" + "reference", "webex-xml-api" + "-more", "webex-" + "facts", "/wo" + "rk/")


def reference_text() -> str:
    return REFERENCE.read_text(encoding="utf-8")


def headings() -> list[str]:
    return HEADING.findall(reference_text())


def expected_headings() -> list[str]:
    return [label for section, subs in SECTIONS.items()
            for label in [str(section), *(f"{section}.{sub}" for sub in subs)]]


def listed_keys() -> set[str]:
    sources = reference_text().split("\n## 30. ", 1)[1]
    return set(re.findall(r"^\| ([SM]\d+[a-z]?) \|", sources, re.MULTILINE))


def section_numbers(citation: str) -> list[str]:
    bare = re.sub(r"\([^()\n]*\)|#\d+(?:-\d+)?", "", citation)
    return re.findall(r"\d+(?:\.\d+)?", bare)


def cited_sections(text: str) -> Iterator[tuple[int, str]]:
    """(line, section) for every section citation in text."""
    for pattern, numbers in ((REF_CITATION, section_numbers), (SECTION_SIGN, lambda cited: [cited])):
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            for number in numbers(match.group(1)):
                yield line, number


def cited_keys(text: str) -> Iterator[tuple[int, str]]:
    for match in KEY_CITATION.finditer(text):
        yield text.count("\n", 0, match.start()) + 1, match.group(1)


def citing_files() -> list[Path]:
    found = {path for pattern in CITING_FILES for path in ROOT.glob(pattern)} - {REFERENCE}  # checked on its own
    return sorted(path for path in found if path.is_file() and not SKIPPED_DIRS & set(path.parts))


def unresolved_citations() -> list[str]:
    sections, keys = set(headings()), listed_keys()
    problems = []
    for path in citing_files():
        name = str(path.relative_to(ROOT))
        text = path.read_text(encoding="utf-8", errors="replace")
        problems += [f"{name}:{line}: reference {number}" for line, number in cited_sections(text)
                     if number not in sections and (name, number) not in IGNORED]
        problems += [f"{name}:{line}: source {key}" for line, key in cited_keys(text)
                     if key not in keys and (name, key) not in IGNORED]
    return problems


def renumbered_citations() -> list[str]:
    return [f"{path.relative_to(ROOT)}:{line}: reference {number} (now {RENUMBERED[number]})"
            for path in citing_files() if path != Path(__file__).resolve()
            for line, number in cited_sections(path.read_text(encoding="utf-8", errors="replace"))
            if number in RENUMBERED]


def repository_files() -> Iterator[Path]:
    """The project's own files: what git tracks or would track (from an sdist: every file but caches)."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    if listed.returncode == 0:
        yield from (ROOT / name for name in listed.stdout.splitlines() if (ROOT / name).is_file())
        return
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if path.is_file() and not SKIPPED_DIRS & set(relative.parts) \
                and not any(part.endswith((".egg-info", "_cache")) for part in relative.parts):
            yield path


def test_reference_has_exactly_the_cited_numbering_in_order():
    assert headings() == expected_headings()


def test_reference_starts_by_saying_what_it_is_and_how_to_cite_it():
    opening = reference_text().split("\n## 0. ", 1)[0]
    assert "no third-party schema" in opening.lower()
    assert '"reference 5"' in opening and "§30" in opening


def test_operations_of_16_to_29_have_the_four_same_parts():
    text = reference_text()
    for operation in range(17, 30):
        titles = re.findall(rf"^### {operation}\.\d (.+)$", text, re.MULTILINE)
        assert [title.split()[0] for title in titles] == ["What", "Request", "Answer", "Behaviour"], operation


def test_reference_cites_only_its_own_sections_and_listed_keys():
    text, sections, keys = reference_text(), set(headings()), listed_keys()
    body = text.split("\n## 30. ", 1)[0]
    assert {number for _, number in cited_sections(body)} <= sections
    assert set(re.findall(r"\b([SM]\d+[a-z]?)\b", body)) <= keys


def test_every_listed_source_says_where_it_is():
    sources = reference_text().split("\n## 30. ", 1)[1]
    rows = re.findall(r"^\| ([SM]\d+[a-z]?) \| ([^|]+) \|", sources, re.MULTILINE)
    assert len(rows) == len(listed_keys())
    for key, where in rows:
        assert re.search(r"GitHub `|developer\.(cisco|webex)\.com|repositor(y|ies) not identified|cloudfront"
                         r"|pingidentity", where), key


def test_citation_checker_sees_the_forms_the_code_uses():
    text = ("ref 3.9 #3 and 12 | reference §1, §2.3 | (reference 12; docs, S11) | [REAL S9] | (S16, S18)\n"
            "ref 3.4 (person/address), 12 (at most 128) | ref. 7 | M1 in a string | reference 3-8 |"
            " (reference 3.6, 0..1) | sections 2.5 and 10")
    assert sorted(number for _, number in cited_sections(text)) == sorted(
        ["3.9", "12", "1", "1", "2.3", "2.3", "12", "3.4", "12", "7", "3", "8", "3.6", "2.5", "10"])
    assert [key for _, key in cited_keys(text)] == ["S11", "S9", "S16", "S18"]


def test_every_citation_in_the_repository_resolves_to_the_reference():
    assert unresolved_citations() == []


def test_no_citation_means_a_section_that_moved():
    assert renumbered_citations() == []


def test_nothing_points_outside_the_repository():
    offenders = []
    for path in repository_files():
        text = path.read_text(encoding="utf-8", errors="ignore")
        offenders += [f"{path.relative_to(ROOT)}: {needle}" for needle in OUTSIDE_POINTERS if needle in text]
    assert offenders == []
