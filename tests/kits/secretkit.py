"""Bodies the mock cannot decode, each carrying a password, and every form that password could take in what the
mock shows (tests/hardening/test_trust_undecodable.py, tests/fixture/test_plugin_undecodable.py)."""

from __future__ import annotations

import base64
import re
import urllib.parse

from webex import create_meeting

#: the password of the securityContext; its space, '$' and '/' make the percent-encoded forms differ from it
SECRET = "S3cr3tPw Ma$$/x"
#: a meeting password: its own distinctive core
MEETING_SECRET = "M33tPw0rdQ"
CONTENT = ("<metaData><confName>Standup</confName></metaData>"
           f"<accessControl><meetingPassword>{MEETING_SECRET}</meetingPassword></accessControl>"
           "<schedule><startDate>12/01/2026 10:00:00</startDate></schedule>")
DOCUMENT = create_meeting(CONTENT, password=SECRET)
FORM = "application/x-www-form-urlencoded"


def _utf7_all(text: str) -> bytes:
    """``text`` in UTF-7 with every character base64-encoded, one shift sequence per run between tags' '<'."""
    parts = re.split(r"(<)", text)
    encoded = []
    for part in parts:
        if part:
            encoded.append(b"+" + base64.b64encode(part.encode("utf-16-be")).rstrip(b"=") + b"-")
    return b"".join(encoded)


def _utf7_body() -> bytes:
    """A UTF-7 CreateMeeting, tags and passwords base64-encoded, with one bad sequence (non-zero padding bits)
    in its confName."""
    declaration, rest = DOCUMENT.split("\n", 1)
    head, tail = rest.split("Standup", 1)
    return (declaration.replace("UTF-8", "UTF-7").encode("ascii") + b"\n" + _utf7_all(head) + b"+AAB-"
            + _utf7_all(tail))


#: the four bodies of issue 20, item 11: name -> (body, content type)
UNDECODABLE: dict[str, tuple[bytes, str]] = {
    "form XML= with one latin-1 byte": (
        b"XML=" + urllib.parse.quote_plus(DOCUMENT.encode("utf-8").replace(b"Standup", b"Caf\xe9")).encode(), FORM),
    "form without an XML field": (b"DOC=" + urllib.parse.quote_plus(DOCUMENT).encode("ascii"), FORM),
    "form with an invalid UTF-8 tail": (b"XML=" + urllib.parse.quote_plus(DOCUMENT).encode("ascii") + b"%C3%28",
                                        FORM),
    "UTF-7 with one bad sequence": (_utf7_body(), "text/xml"),
}


_DECLARATION, _REST = DOCUMENT.split("\n", 1)


def _even(body: bytes) -> bytes:
    return body + b" " * (len(body) % 2)


#: more bodies no reading of the mock decodes (or reads as XML), each hiding its passwords another way
UNREAD: dict[str, tuple[bytes, str]] = {
    "a form posted as text/xml": (b"DOC=" + urllib.parse.quote_plus(DOCUMENT).encode("ascii"), "text/xml"),
    "UTF-7 tags in a UTF-8 body with a bad byte": (_DECLARATION.encode("ascii") + b"\n" + _utf7_all(_REST) + b"\xff",
                                                   "text/xml"),
    # of an even length: read as UTF-16 (little-endian, without a BOM) it decodes, to no XML
    "a UTF-8 body declared UTF-16": (_even(DOCUMENT.replace("UTF-8", "UTF-16").encode("utf-8")), "text/xml"),
    "a form with a password field": (b"password=" + urllib.parse.quote_plus(SECRET).encode("ascii") + b"&PW="
                                     + MEETING_SECRET.encode("ascii"), FORM),
}


def _base64_cores(secret: str) -> list[str]:
    """The UTF-7 base64 of ``secret`` at each of the three byte alignments a shift sequence may give it,
    without the characters its neighbours share."""
    raw = secret.encode("utf-16-be")
    cores = []
    for pad in range(3):
        encoded = base64.b64encode(b"\x00" * pad + raw).decode("ascii")
        cores.append(encoded[2 * pad:len(encoded) - 4])
    return cores


def forms(secret: str) -> list[str]:
    """Every form of ``secret`` that must never be seen: plain, percent-encoded (form '+' for space too), UTF-7
    base64, UTF-16 (its bytes read as UTF-16 text)."""
    found = [secret, urllib.parse.quote(secret), urllib.parse.quote(secret, safe=""),
             urllib.parse.quote_plus(secret), *_base64_cores(secret)]
    raw = secret.encode("utf-8")
    for codec in ("utf-16-le", "utf-16-be"):
        for pad in (0, 1):  # at an even or an odd offset: each code unit but the first and last is the secret's
            data = b"?" * pad + raw
            found.append((data + b"?" * (len(data) % 2)).decode(codec, "replace")[pad:-1])
    return [form for form in found if len(form) >= 6]


def leaks(text: str) -> list[str]:
    """The forms of either password in ``text`` (NULs of UTF-16, however escaped, taken out first)."""
    flat = text
    for nul in ("\\u0000", "\\x00", "\x00"):
        flat = flat.replace(nul, "")
    return [form for secret in (SECRET, MEETING_SECRET, "S3cr3tPw") for form in forms(secret) if form in flat]
