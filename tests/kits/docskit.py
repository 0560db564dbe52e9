"""The README and the pages of docs/: their text and their fenced code blocks, for the tests that keep them true."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from repo import ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"
#: the WebEx reference is the project's notes on the real API, kept as it is (tests/docs/test_reference.py)
REFERENCE = DOCS / "webex-reference.md"


def pages() -> list[Path]:
    """The README, every page of docs/ and benchmarks/README.md: what a reader of the project reads."""
    return [README, *sorted(DOCS.glob("*.md")), ROOT / "benchmarks" / "README.md"]


def page(name: str) -> str:
    """The text of README.md or of a page given by its path from the repository root (``docs/operations.md``)."""
    return (ROOT / name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Block:
    """One fenced code block: where it is, its language (the word after the opening fence) and its text."""

    path: Path
    line: int  # of the opening fence, 1-based
    language: str
    code: str

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def blocks_of(path: Path) -> list[Block]:
    found: list[Block] = []
    opened: tuple[int, str] | None = None
    body: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if opened is None:
            if line.startswith("```"):
                opened, body = (number, line[3:].strip()), []
        elif line.rstrip() == "```":
            found.append(Block(path, opened[0], opened[1], "\n".join(body)))
            opened = None
        else:
            body.append(line)
    assert opened is None, f"{path.relative_to(ROOT)}:{opened[0]}: a code block is never closed"
    return found


def blocks(*languages: str, paths: list[Path] | None = None) -> list[Block]:
    """Every block in the given languages, in reading order of ``paths`` (default: :func:`pages`)."""
    return [block for path in (pages() if paths is None else paths) for block in blocks_of(path)
            if block.language in languages]
