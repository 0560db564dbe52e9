"""Secrets never leave the mock: passwords, session tickets and access tokens are masked
inside XML bodies, payload data and log lines before anything is journaled or logged."""

from __future__ import annotations

import re
from typing import Any

MASK = "******"

#: element local names whose text is secret, wherever they appear and whatever their prefix
SECRET_ELEMENTS = ("password", "meetingPassword", "meetingPW", "sessionTicket", "accessToken",
                   "clientSecret", "samlResponse", "PW")

_SECRET_NAMES = {name.lower() for name in SECRET_ELEMENTS}
_NAMES = "|".join(SECRET_ELEMENTS)
# <prefix:name attr="..">secret</prefix:name>  (also CDATA and multi-line content)
_ELEMENT = re.compile(
    rb"(<(?:[A-Za-z_][\w.-]*:)?(?:" + _NAMES.encode() + rb")(?:\s[^>]*)?>)(.*?)(</)",
    re.S | re.I,
)
_ELEMENT_TEXT = re.compile(_ELEMENT.pattern.decode(), re.S | re.I)
# the same secrets inside URL query strings (join URLs carry &PW=)
_QUERY = re.compile(r"([?&](?:amp;)?(?:PW|password|ticket)=)[^&<\s\"]*", re.I)


def xml_bytes(document: bytes) -> bytes:
    return _ELEMENT.sub(lambda m: m.group(1) + MASK.encode() + m.group(3), document)


def xml_text(document: str) -> str:
    text = _ELEMENT_TEXT.sub(lambda m: m.group(1) + MASK + m.group(3), document)
    return _QUERY.sub(lambda m: m.group(1) + MASK, text)


def data(value: Any) -> Any:
    """A copy of payload data (dicts/lists/strings) with secret fields masked."""
    if isinstance(value, dict):
        return {k: (MASK if k.lower() in _SECRET_NAMES and v not in (None, "") else data(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [data(v) for v in value]
    return value


def text(value: str, secrets: list[str]) -> str:
    """Mask known secret values wherever they occur in free text (e.g. a reason)."""
    for secret in secrets:
        if secret and len(secret) >= 3:
            value = value.replace(secret, MASK)
    return value
