"""Request bytes -> the XML document as text: raw or in a form's ``XML=`` field, in the encoding its BOM or
declaration names (UTF-8 by default). Anything else is a WebEx "Fail to forward request" FAILURE."""

from __future__ import annotations

import codecs
import re
import urllib.parse

from ..base.errors import MalformedRequest, clip
from ..base.fidelity import Notes

_DECLARATION = re.compile(rb"^\s*<\?xml\s[^>]*?\?>", re.S)
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
#: Python codecs that are no character set a client could mean (escapes, IDNA, transforms)
_NOT_CHARSETS = {"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined"}


def extract_xml(body: bytes, content_type: str | None, notes: Notes | None = None) -> bytes:
    """The XML document in a request body: raw, or in the ``XML=`` field of a form."""
    stripped = body.lstrip()
    is_form = "x-www-form-urlencoded" in (content_type or "").lower()
    if stripped[:4].upper() == b"XML=" or (is_form and not stripped.startswith((b"<", codecs.BOM_UTF8))):
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


def document_text(body: bytes, content_type: str | None, notes: Notes | None = None) -> str:
    """The request's XML document as text, declaration included: what the journal and the log record."""
    return decode(extract_xml(body, content_type, notes))


def decode(document: bytes) -> str:
    """Bytes -> text, honouring a BOM or the XML declaration's encoding (default UTF-8)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if document.startswith(bom):
            return _decode(document[len(bom):], encoding)
    declaration = _DECLARATION.match(document)
    encoding = "utf-8"
    if declaration:
        named = _ENCODING.search(declaration.group(0))
        if named:
            encoding = named.group(1).decode("ascii")
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        codec = None
    if codec is None or not getattr(codec, "_is_text_encoding", True) or codec.name in _NOT_CHARSETS:
        raise MalformedRequest(f"Fail to forward request:unsupported encoding '{clip(encoding)}'")
    return _decode(document, encoding)


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
