"""Whole numbers in admin paths and queries, read at the boundary.

Python refuses to convert a string of more than 4,300 digits to an int (``ValueError``); a number in an admin
path or query is therefore checked for its form and length before it is converted, so a 5,000-digit meeting key
or journal ``limit`` is a 400 or a 404 naming the parameter, never a 500.
"""

from __future__ import annotations

from ..base.errors import clip

#: the most digits an admin number may have: a Java long, as the API's keys (a meeting key has at most 11)
MAX_DIGITS = 19


class BadNumber(ValueError):
    """A query parameter that is no whole number the admin API takes (its message names the parameter)."""


def too_long(text: str, name: str) -> str:
    """``text``, unless it holds more than :data:`MAX_DIGITS` digits (BadNumber naming ``name``): checked before
    ``int()`` sees it."""
    if sum(char.isdigit() for char in text) > MAX_DIGITS:
        raise BadNumber(f"{name} must have at most {MAX_DIGITS} digits (got {clip(text, 40)!r})")
    return text


def meeting_key(text: str) -> int | None:
    """A meeting key from a path: None when it cannot be one (not digits, or longer than any key)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS else None
