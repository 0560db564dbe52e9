"""Where the repository is, for tests that read its files."""

from pathlib import Path

#: the repository root (README.md, mockserver/, schemas/ ...)
ROOT = Path(__file__).resolve().parents[2]
