"""JSON documents from outside (admin bodies, state files, seeds), read safely and checked against a dataclass.

Every reader of a JSON document goes through :func:`load_json` (depth bounded, no text an XML answer could not
carry) and :func:`check_fields` (the fields of a dataclass, of the right JSON types). Both refuse with a
:class:`DocumentError` that names the field.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from typing import Any

#: JSON documents (state files, admin bodies) nested deeper than this are refused
MAX_JSON_DEPTH = 64
#: characters no XML 1.0 answer can carry (C0 controls but tab, newline and CR; lone surrogates; U+FFFE/U+FFFF):
#: refused in every text of a JSON document, so no stored value can break a later answer
_UNCARRIABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: where a walked JSON value sits: (its parent's entry, the key or index under it)
Link = tuple[Any, str | int]
_SCALARS: dict[str, tuple[type, ...]] = {"bool": (bool,), "int": (int,), "float": (int, float), "str": (str,)}


class DocumentError(ValueError):
    """A JSON document (or one of its objects) the mock refuses; the message names the field."""


# -- reading JSON documents safely ----------------------------------------------------------------------


def load_json(raw: bytes | str, what: str) -> Any:
    """``json.loads``, refusing (DocumentError, naming ``what`` and the field) a document nested deeper than
    ``MAX_JSON_DEPTH`` and text no answer could carry. A document that is no JSON is a plain ValueError."""
    try:
        data = json.loads(raw)
    except RecursionError:  # the parser's own limit, far past ours
        raise DocumentError(f"{what} is nested deeper than {MAX_JSON_DEPTH} levels") from None
    _check_tree(data, what)
    return data


def _check_tree(data: Any, what: str) -> None:
    """Depth and text of a parsed JSON value, walked with a stack (no recursion)."""
    # (value, depth, link): the link is (the parent's entry, the key or index under it), None at the top
    pending: list[tuple[Any, int, Link | None]] = [(data, 1, None)]
    while pending:
        entry = pending.pop()
        value, depth, link = entry
        if isinstance(value, str):
            _check_text(value, what, link)
        elif isinstance(value, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                raise DocumentError(f"{what} is nested deeper than {MAX_JSON_DEPTH} levels (at {_path(link)})")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str):
                    _check_text(key, what, (entry, key), "field name")
                pending.append((item, depth + 1, (entry, key)))


def _check_text(text: str, what: str, link: Link | None, kind: str = "text") -> None:
    bad = _UNCARRIABLE.search(text)
    if bad is not None:
        raise DocumentError(f"{what}: field {_path(link)}: U+{ord(bad.group()):04X} is not allowed in a {kind} "
                         "(control characters other than tab, newline and CR; lone surrogates; U+FFFE, U+FFFF)")


def _path(link: Link | None) -> str:
    """The field path of a walked value, like ``sites[0].users[1].firstName`` (``<document>`` at the top)."""
    parts: list[str] = []
    while link is not None:
        parent, key = link
        parts.append(f"[{key}]" if isinstance(key, int) else "." + _UNCARRIABLE.sub(_escape, key))
        link = parent[2]
    return "".join(reversed(parts)).lstrip(".") or "<document>"


def _escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


# -- the JSON object of a dataclass ---------------------------------------------------------------


def fits(value: Any, kind: str) -> bool:
    """Does a JSON value fit a dataclass field annotation (``int``, ``str | None``, ``list[int]`` …)?"""
    kind = kind.replace(" ", "")
    if kind.endswith("|None"):
        return value is None or fits(value, kind[:-5])
    if kind.startswith("list["):
        return isinstance(value, list) and all(fits(v, kind[5:-1]) for v in value)
    if kind.startswith("dict[str,"):
        return isinstance(value, dict) and all(fits(v, kind[9:-1]) for v in value.values())
    if kind in _SCALARS:
        return isinstance(value, _SCALARS[kind]) and (kind == "bool" or not isinstance(value, bool))
    return True  # Any, or a nested dataclass checked on its own


def check_fields(cls: type, data: Any, what: str, internal: tuple[str, ...] = ()) -> dict[str, Any]:
    """``data`` as the JSON object of a ``cls`` dataclass: known fields (not ``internal`` ones), right types,
    required ones present."""
    if not isinstance(data, dict):
        raise DocumentError(f"{what} must be a JSON object")
    fields = _known_fields(cls, internal)
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise DocumentError(f"unknown {what} field(s): {', '.join(unknown)}; known: {', '.join(sorted(fields))}")
    for name, value in data.items():
        if not fits(value, str(fields[name].type)):
            raise DocumentError(f"{what} field {name!r} must be {fields[name].type}, not {json.dumps(value)}")
    missing = [name for name, f in fields.items() if f.init and name not in data
               and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    if missing:
        raise DocumentError(f"{what} is missing {', '.join(missing)}")
    return data


@functools.cache
def _known_fields(cls: type, internal: tuple[str, ...]) -> dict[str, dataclasses.Field[Any]]:
    """A dataclass's fields by name but ``internal`` ones (worked out once: state files hold many meetings)."""
    return {f.name: f for f in dataclasses.fields(cls) if f.name not in internal}
