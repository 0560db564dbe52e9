"""The REST face's JSON masked in one pass over its bytes (:func:`mockserver.base.redact.json_masked`) gives the bytes
of the walk it replaced: msgspec's encoding of :func:`mockserver.base.redact.data`'s copy. Over generated JSON full
of secret fields in any case and at any depth, holding every kind of value, and strings that look like keys."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.base import redact

ENCODE = msgspec.json.Encoder().encode
NAMES = [*redact.SECRET_ELEMENTS, "title", "passwordx", "mypassword", "pwd", "ticket", "sessionTic\u212aet"]
KEYS = st.sampled_from(NAMES).flatmap(
    lambda name: st.sampled_from([name, name.upper(), name.lower(), name.swapcase(), name.title()]))
TEXTS = st.sampled_from(["", "S3cr3t", "a\"b", "\\", "x\\\"", '"password":"x"', '\\"password\\":1', "é", "}", "]",
                        ",", ":", "\u212a", "\n"]) | st.text(max_size=8)
SCALARS = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False, allow_infinity=False) \
    | TEXTS
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(KEYS | TEXTS, inner, max_size=5), max_leaves=25)


def _by_walk(value: object) -> bytes:
    return ENCODE(redact.data(value))


@settings(max_examples=600, deadline=None)
@given(st.dictionaries(KEYS | TEXTS, VALUES, max_size=8))
def test_one_pass_masks_what_the_walk_masks(value: dict[str, object]) -> None:
    masked = redact.json_masked(ENCODE(value))
    if masked is None:  # it could not tell: a secret field holding an object or array, or a KELVIN SIGN
        return
    assert masked == _by_walk(value)


@pytest.mark.parametrize("value", [
    {"password": "S3cr3t", "title": "a"},
    {"meeting": {"PanelistPassword": "x1", "invitees": [{"accessToken": 7}, {"secret": True}]}},
    {"title": '"password":"shown"', "password": ""},
    {"password": None, "meetingPassword": "a\"b\\"},
    {"phoneAndVideoSystemPassword": -1.5e-07, "list": [{"pw": False}]},
])
def test_the_usual_answers_are_masked_in_one_pass(value: dict[str, object]) -> None:
    masked = redact.json_masked(ENCODE(value))
    assert masked is not None and masked == _by_walk(value)
    assert b"S3cr3t" not in masked and b"x1" not in masked


@pytest.mark.parametrize("value", [{"password": {"nested": "S3cr3t"}}, {"secret": ["S3cr3t"]},
                                   {"sessionTic\u212aet": "S3cr3t"}])
def test_what_it_cannot_tell_is_left_to_the_walk(value: dict[str, object]) -> None:
    assert redact.json_masked(ENCODE(value)) is None
