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
from collections.abc import Iterator
from typing import Any

import msgspec

#: JSON documents (state files, admin bodies) nested deeper than this are refused
MAX_JSON_DEPTH = 64
#: the most values (objects, arrays, strings, numbers, true, false, null) an admin request body may hold
#: (``load_json(max_values=…)``): parsing takes up to about 75 bytes a value, so at most about 300 MB; a real state
#: export of 64 MiB (the admin body limit, about 22,000 meetings) holds about 2.8 million
MAX_JSON_VALUES = 4_000_000
#: characters no XML 1.0 answer can carry (C0 controls but tab, newline and CR; lone surrogates; U+FFFE/U+FFFF):
#: refused in every text of a JSON document, so no stored value can break a later answer
_UNCARRIABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: msgspec's JSON reader: for any text it reads, the value json.loads gives (Python's own float and int reading,
#: the last of a repeated key, no BOM or other encoding than UTF-8: those it refuses and json.loads reads)
_DECODE = msgspec.json.Decoder().decode
_SCALARS: dict[str, tuple[type, ...]] = {"bool": (bool,), "int": (int,), "float": (int, float), "str": (str,)}


class DocumentError(ValueError):
    """A JSON document (or one of its objects) the mock refuses; the message names the field."""


# -- reading JSON documents safely ----------------------------------------------------------------------


def load_json(raw: bytes | str, what: str, max_values: int | None = None) -> Any:
    """``json.loads``, refusing (DocumentError, naming ``what`` and the field) a document nested deeper than
    ``MAX_JSON_DEPTH``, text no answer could carry and, with ``max_values``, a document that may hold more values
    (counted before it is parsed, so a refused one costs no memory). A document that is no JSON is a plain
    ValueError. Memory: what ``json.loads`` makes, and a few words a level of nesting to check it."""
    if max_values is not None and upper_bound_of_values(raw) > max_values:
        raise DocumentError(f"{what} holds more than {max_values} JSON values (counted as its commas, '[' and '{{', "
                            "strings included)")
    try:
        try:
            data = _DECODE(raw)  # what json.loads reads, read quicker; what it refuses, json.loads reads as before
        except msgspec.DecodeError:
            data = json.loads(raw)
    except RecursionError:  # either parser's own limit, far past ours
        raise DocumentError(f"{what} is nested deeper than {MAX_JSON_DEPTH} levels") from None
    if not _plainly_fine(raw):
        check_tree(data, what)
    return data


def _plainly_fine(raw: bytes | str) -> bool:
    """Whether a JSON text that parsed is sure to pass :func:`check_tree` without walking it: ASCII without NUL (so
    UTF-8, not UTF-16 or -32) and without ``\\u``, so no text holds a character ``_UNCARRIABLE`` finds (JSON has
    no raw control character in a string, and only an escape or a byte past ASCII makes the others), and no more
    ``[`` and ``{`` than ``MAX_JSON_DEPTH``, so no deeper nesting."""
    if not raw.isascii():
        return False
    data = raw.encode("ascii") if isinstance(raw, str) else raw
    return b"\\u" not in data and b"\x00" not in data and data.count(b"[") + data.count(b"{") <= MAX_JSON_DEPTH


def upper_bound_of_values(raw: bytes | str) -> int:
    """At least as many as the values a JSON text holds: every value but the outermost is an item of an array or
    object, whose items are one more than the commas between them (three scans at memchr speed, nothing made)."""
    if isinstance(raw, str):
        return raw.count(",") + raw.count("[") + raw.count("{") + 1
    return raw.count(b",") + raw.count(b"[") + raw.count(b"{") + 1


def check_tree(data: Any, what: str) -> int:
    """Depth and text of a parsed JSON value; returns how many values it walked. Walked depth first with one
    iterator a level (memory grows with the depth, never with the width)."""
    if isinstance(data, str):
        _check_text(data, what, [], None)
    if not isinstance(data, (dict, list)):
        return 1
    walked = 1
    keys: list[str | int] = []  # where the container being walked sits: its key or index at each level
    levels = [_entries(data)]
    while levels:
        for key, item in levels[-1]:
            walked += 1
            if isinstance(key, str):
                _check_text(key, what, keys, key, "field name")
            if isinstance(item, str):
                _check_text(item, what, keys, key)
            elif isinstance(item, (dict, list)):
                if len(levels) >= MAX_JSON_DEPTH:
                    raise DocumentError(f"{what} is nested deeper than {MAX_JSON_DEPTH} levels "
                                        f"(at {_path([*keys, key])})")
                keys.append(key)
                levels.append(_entries(item))
                break
        else:
            levels.pop()
            if keys:
                keys.pop()
    return walked


def _entries(value: dict[str, Any] | list[Any]) -> Iterator[tuple[str | int, Any]]:
    return iter(value.items()) if isinstance(value, dict) else enumerate(value)


def _check_text(text: str, what: str, keys: list[str | int], key: str | int | None, kind: str = "text") -> None:
    bad = _UNCARRIABLE.search(text)
    if bad is not None:
        where = _path(keys if key is None else [*keys, key])
        raise DocumentError(f"{what}: field {where}: U+{ord(bad.group()):04X} is not allowed in a {kind} "
                            "(control characters other than tab, newline and CR; lone surrogates; U+FFFE, U+FFFF)")


def _path(keys: list[str | int]) -> str:
    """The field path of a walked value, like ``sites[0].users[1].firstName`` (``<document>`` at the top)."""
    parts = [f"[{key}]" if isinstance(key, int) else "." + _UNCARRIABLE.sub(_escape, key) for key in keys]
    return "".join(parts).lstrip(".") or "<document>"


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
