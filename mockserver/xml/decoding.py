"""Request bytes -> the XML document as text: raw or in a form's ``XML=`` field, in the encoding its BOM or
declaration names (UTF-8 by default). Anything else is a WebEx "Fail to forward request" FAILURE, and
:func:`readable` says what can be read of it (for the journal, which masks it)."""

from __future__ import annotations

import codecs
import re
import urllib.parse

from ..base import redact
from ..base.errors import clip
from ..base.fidelity import Notes
from .errors import MalformedRequest

#: the XML declaration at the start of a document, and the encoding it names
DECLARATION = re.compile(rb"^\s*<\?xml\s[^>]*?\?>", re.S)
ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
#: Python codecs that are no character set a client could mean (escapes, IDNA, transforms)
_NOT_CHARSETS = {"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined"}


def extract_xml(body: bytes, content_type: str | None, notes: Notes | None = None) -> bytes:
    """The XML document in a request body: raw, or in the ``XML=`` field of a form."""
    if _is_form(body, content_type):
        # percent-decode to the original bytes so the XML declaration still rules
        fields = urllib.parse.parse_qs(body.decode("latin-1"), keep_blank_values=True, encoding="latin-1")
        for name, values in fields.items():
            if name.strip().upper() == "XML" and values:
                if notes is not None:
                    notes.accommodate("form-field", "XML", "request XML read from a form field XML= "
                                      "(the documentation posts the XML document itself)")
                return values[0].encode("latin-1")
        raise MalformedRequest("Fail to forward request:form body has no XML field")
    return body


def _is_form(body: bytes, content_type: str | None) -> bool:
    stripped = body.lstrip()
    is_form = "x-www-form-urlencoded" in (content_type or "").lower()
    return stripped[:4].upper() == b"XML=" or (is_form and not stripped.startswith((b"<", codecs.BOM_UTF8)))


def document_text(body: bytes, content_type: str | None, notes: Notes | None = None) -> str:
    """The request's XML document as text, declaration included: what the journal and the log record."""
    return decode(extract_xml(body, content_type, notes))


def decode(document: bytes) -> str:
    """Bytes -> text, honouring a BOM or the XML declaration's encoding (default UTF-8)."""
    encoding, bom = _encoding(document)
    if bom:
        return _decode(document[bom:], encoding)
    if not _is_charset(encoding):
        raise MalformedRequest(f"Fail to forward request:unsupported encoding '{clip(encoding)}'")
    return _decode(document, encoding)


def _encoding(document: bytes) -> tuple[str, int]:
    """The encoding a document names (its BOM, else its declaration, else UTF-8) and its BOM's length."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if document.startswith(bom):
            return encoding, len(bom)
    declaration = DECLARATION.match(document)
    if declaration:
        named = ENCODING.search(declaration.group(0))
        if named:
            return named.group(1).decode("ascii"), 0
    return "utf-8", 0


def _is_charset(encoding: str) -> bool:
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        return False
    return bool(getattr(codec, "_is_text_encoding", True)) and codec.name not in _NOT_CHARSETS


def readable(body: bytes, content_type: str | None) -> str:
    """What the mock can read of a body it could not decode (its first READABLE_BYTES): the document in a form's
    ``XML=`` field (or the form's fields, a secret one's value masked, if it has none), in the encoding the document
    names (else UTF-8) with each byte that does not fit replaced by U+FFFD, and without NULs (the tags of a UTF-16
    body without a BOM read). Linear, in C but for a few calls: no Python loop over a form's fields."""
    clipped = body[:READABLE_BYTES]
    if not _is_form(clipped, content_type):
        text = _lenient(clipped)
    elif field := _XML_FIELD.search(b"&" + clipped.lower()):  # '&' + the form: each field follows an '&'
        text = _lenient(redact.percent_decoded(clipped[field.start(1) - 1:field.end(1) - 1].replace(b"+", b" ")))
    else:  # the fields (as many as the journal keeps), an encoded '&' kept encoded: a value ends with its field
        clipped = clipped[:FORM_BYTES]
        fields = redact.percent_decoded(clipped.replace(b"%26", b"%2526").replace(b"+", b" "))
        text = _SECRET_FIELD.sub(rb"\1" + redact.MASK.encode("ascii"), b"&" + fields)[1:].decode("utf-8", "replace")
        text = text.replace("\x00", "")
    if len(body) > len(clipped):
        text += f"… ({len(body) - len(clipped)} bytes not read)"
    return text


#: bytes of a body :func:`readable` reads: the journal keeps 64 Ki characters of it, at most four bytes each, or, of
#: a form without an XML field, at least a byte each
READABLE_BYTES = 256 * 1024
FORM_BYTES = 64 * 1024
_XML_FIELD = re.compile(rb"&\s*xml\s*=([^&]*)")  # searched in the form lower-cased: the literal '&' is found fast
_SECRET_FIELD = re.compile(rb"(&\s*(?:" + "|".join(redact.SECRET_FIELDS).encode("ascii") + rb")\s*=)[^&]*", re.I)


def _lenient(document: bytes) -> str:
    encoding, bom = _encoding(document)
    try:
        text = document[bom:].decode(encoding if _is_charset(encoding) else "utf-8", "replace")
    except (UnicodeError, LookupError):  # a codec that refuses in its own way, even to replace
        text = document.decode("utf-8", "replace")
    return text.replace("\x00", "")


def _decode(document: bytes, encoding: str) -> str:
    try:
        text = document.decode(encoding)
    except UnicodeDecodeError as exc:
        raise MalformedRequest(
            f"Fail to forward request:invalid {encoding.upper()} byte sequence at offset {exc.start}") from None
    except UnicodeError:  # a codec that refuses in its own way
        raise MalformedRequest(f"Fail to forward request:cannot decode the request as {encoding.upper()}") from None
    if not text.strip():
        raise MalformedRequest("Fail to forward request:empty request body")
    return text
