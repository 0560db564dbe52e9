"""Where the data files live: inside the wheel, or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """``schemas`` or ``fixtures``: shipped as ``mockserver/<name>`` in the wheel,
    found at the repository root in a source checkout or editable install."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"webex-mockserver data directory {name!r} is missing")


def schema_path(*parts: str) -> Path:
    return data_dir("schemas").joinpath(*parts)


def fixture_path(*parts: str) -> Path:
    return data_dir("fixtures").joinpath(*parts)
