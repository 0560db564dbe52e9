"""The error catalogue of docs/operations.md, written from the code: every error kind, and every error with its kind
and its XML answer (:mod:`mockserver.xml.errors`). ``python -m mockserver.xml.catalogue`` prints it;
tests/xml/test_error_catalogue.py keeps the page in step. Nothing in the package imports this module."""

from __future__ import annotations

from ..base.errors import Kind, WebexError
from .errors import ANSWERS, XmlAnswer


def catalogue() -> list[tuple[type[WebexError], XmlAnswer]]:
    """Every catalogued error class and its XML answer, by kind, then exceptionID, then name."""
    order = list(Kind)
    return sorted(ANSWERS.items(), key=lambda row: (order.index(row[0].kind), row[1].exception_id, row[0].__name__))


def kinds_markdown() -> str:
    rows = ["| kind | meaning |", "|---|---|"]
    rows += [f"| `{kind.name}` | {kind.meaning} |" for kind in Kind]
    return "\n".join(rows)


def errors_markdown() -> str:
    rows = ["| kind | error | exceptionID | reason (default text) | certainty | source |",
            "|---|---|---|---|---|---|"]
    for cls, xml in catalogue():
        rows.append(f"| `{cls.kind.name}` | {cls.__name__} | `{xml.exception_id}` | {cls.message} | {xml.certainty} "
                    f"| {xml.source} |")
    return "\n".join(rows)


def catalogue_markdown() -> str:
    """The two tables of the page's "Error catalogue": the kinds, then the errors."""
    return kinds_markdown() + "\n\n" + errors_markdown()


if __name__ == "__main__":  # pragma: no cover - documentation helper
    print(catalogue_markdown())
