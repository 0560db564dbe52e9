"""``load_json`` reads a JSON text with msgspec, and what msgspec refuses with ``json.loads``: the value, or the
refusal, is what ``json.loads`` gave before (mockserver/base/jsondoc.py)."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.base.jsondoc import DocumentError, load_json

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10**40), max_value=10**40),
                    st.floats(allow_nan=False, allow_infinity=False), st.text())
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=20)


def _read(raw: bytes | str) -> tuple[str, Any]:
    try:
        return "value", load_json(raw, "the body")
    except DocumentError as error:
        return "refused", str(error)
    except ValueError:
        return "not JSON", None


def _same(one: Any, other: Any) -> bool:
    if isinstance(one, float) and isinstance(other, float):
        return one == other and math.copysign(1, one) == math.copysign(1, other) or (one != one and other != other)
    if isinstance(one, dict) and isinstance(other, dict):
        return list(one) == list(other) and all(_same(one[k], other[k]) for k in one)
    if isinstance(one, list) and isinstance(other, list):
        return len(one) == len(other) and all(map(_same, one, other))
    return type(one) is type(other) and one == other


@settings(max_examples=1500, deadline=None, database=None, derandomize=True)
@given(VALUES, st.sampled_from([{}, {"ensure_ascii": False}, {"indent": 1}, {"separators": (",", ":")}]),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", None]))
def test_a_json_text_reads_as_json_loads_reads_it(value, style, encoding):
    text = json.dumps(value, **style)
    raw: bytes | str = text if encoding is None else text.encode(encoding, "surrogatepass")
    outcome, read = _read(raw)
    if outcome == "value":
        assert _same(read, json.loads(raw))
    else:
        assert outcome == "refused"  # text no answer could carry (a lone surrogate, say), refused as before


@settings(max_examples=1500, deadline=None, database=None, derandomize=True)
@given(st.binary(max_size=40) | st.text(alphabet='{}[]",:0123456789.eE+-\\ntrufalsNIiy \ud800\ufeff', max_size=30)
       .map(lambda text: text.encode("utf-8", "surrogatepass")))
def test_any_bytes_read_as_json_loads_reads_them(raw):
    try:
        expected = json.loads(raw)
    except RecursionError:
        return
    except ValueError:
        assert _read(raw)[0] == "not JSON"
        return
    outcome, read = _read(raw)
    assert outcome == "refused" or _same(read, expected)


@pytest.mark.parametrize("raw", [b'{"a": 1e400}', b'{"a": NaN}', b'[-Infinity]', b'\xef\xbb\xbf{"a": 1}',
                                 '{"a": 1}'.encode("utf-16"), b'{"a": 1, "a": 2}',
                                 b'{"a": 123456789012345678901234567890}'])
def test_what_msgspec_refuses_json_loads_still_reads(raw):
    outcome, read = _read(raw)
    assert outcome == "value" and _same(read, json.loads(raw))
