"""Secrets never leave the mock: passwords, session tickets and access tokens are masked
inside XML bodies, payload data and log lines before anything is journaled or logged.

Redaction is one pass over the text, whatever it holds (docs/admin-api.md "Logs and the journal"): each
secret element's content is masked up to its end tag, comments and CDATA sections skipped whole,
and the scan goes on after what was masked. An element never closed is masked to the end.
"""

from __future__ import annotations

import binascii
import functools
import re
from typing import Any

MASK = "******"

#: element local names whose text is secret, wherever they appear and whatever their prefix
SECRET_ELEMENTS = ("password", "meetingPassword", "meetingPW", "sessionTicket", "accessToken",
                   "clientSecret", "samlResponse", "PW",
                   # the REST API's (JSON fields)
                   "panelistPassword", "phoneAndVideoSystemPassword", "phoneAndVideoSystemPanelistPassword",
                   # a webhook's (it signs the deliveries)
                   "secret")
#: names of form fields and URL parameters whose value is secret
SECRET_FIELDS = (*SECRET_ELEMENTS, "ticket")

_SECRET_NAMES = {name.lower() for name in SECRET_ELEMENTS}
_NAMES = "|".join(SECRET_ELEMENTS)
# <prefix:name attr=".."> -- not <name/>; a '>' inside an attribute value ends it early, which only masks more
_OPEN = re.compile(r"<((?:[A-Za-z_][\w.-]*:)?(?:" + _NAMES + r"))(?:\s[^<>]*)?(?<!/)>", re.I)
# what can follow inside an element: a comment or CDATA section (skipped whole), or an end tag
_INSIDE = re.compile(r"<!--|<!\[CDATA\[|</([^\s<>]*)")
_SKIP_TO = {"<!--": "-->", "<![CDATA[": "]]>"}
# the same secrets inside URL query strings (join URLs carry &PW=)
_QUERY = re.compile(r"([?&](?:amp;)?(?:PW|password|ticket)=)[^&<\s\"]*", re.I)
#: the same two patterns for a lower-cased text, without re.I (which makes them several times slower).
#: Searched in ``text.lower()`` they find what the patterns above find in ``text`` -- when lowering keeps
#: every character in place and the text holds none of the four non-ASCII letters that re.I matches to
#: ASCII ones (İ ı ſ K); otherwise the patterns above are used.
#: In the lower-cased text the pattern is also quicker to refuse a ``<`` (most of a document's), the same matches:
#: an end tag fails at once (a name or prefix starts with a letter or ``_``), and neither the prefix's name (``:`` is
#: none of its characters) nor the prefix (without it the name would be followed by one of its characters, which
#: are no space and no ``>``) is given back to be tried shorter.
_OPEN_LOWER = re.compile(r"<(?=[a-z_])((?:[a-z_][\w.-]*+:)?+(?:" + _NAMES.lower() + r"))(?:\s[^<>]*)?(?<!/)>")
_QUERY_LOWER = re.compile(_QUERY.pattern.lower())


def _alternation(names: list[str]) -> str:
    """A pattern matching any of ``names`` (plain lower-case words), grouped by their first letters, so that a
    regular expression tries one branch a letter, not one a name (what a search for them costs at each ``<``)."""
    if "" in names:
        rest = _alternation([name for name in names if name])
        return f"(?:{rest})?" if rest else ""
    firsts = sorted({name[0] for name in names})
    branches = [first + _alternation([name[1:] for name in names if name[0] == first]) for first in firsts]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


#: :data:`_OPEN_LOWER` split in two, for a search that costs less: an unprefixed secret start tag (what most
#: documents hold, if any), and the rest of a prefixed one from its ``:`` (a character few documents hold often),
#: whose prefix is read back from there (:func:`_openings`). Together they find what _OPEN_LOWER finds.
_SECRET_TAG = _alternation(sorted(_SECRET_NAMES))
_OPEN_UNPREFIXED = re.compile(r"<(" + _SECRET_TAG + r")(?:\s[^<>]*)?(?<!/)>")
_OPEN_AFTER_PREFIX = re.compile(r":(" + _SECRET_TAG + r")(?:\s[^<>]*)?(?<!/)>")
_PREFIX = re.compile(r"<[a-z_][\w.-]*")
_CASE_FOLDED_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def is_secret(name: str) -> bool:
    """Whether an element of this local name holds a secret."""
    return name.lower() in _SECRET_NAMES


def xml_text(document: str) -> str:
    """``document`` with the content of every secret element and every secret URL parameter masked."""
    return _masking(document)[0]


def masked_plainly(document: str) -> tuple[str, bool]:
    """(:func:`xml_text` of ``document``, whether that masking is plain: :func:`plainly_masked`), in one pass over
    the text where the document is ordinary: each content masked is judged where it was found. A URL parameter
    looked at, a comment, CDATA section or processing instruction, or a content masked that is not plain takes
    :func:`plainly_masked`'s own pass, which decides."""
    masked, contents, parameters = _masking(document)
    if masked == document:
        return masked, True
    if parameters:
        return masked, plainly_masked(document, masked)
    if "!" in document and "<!" in document or _instructed(document):
        return masked, False
    if all(_plain_content_end(document, start) == end for start, end in contents):
        return masked, True
    return masked, plainly_masked(document, masked)


def _masking(document: str) -> tuple[str, list[tuple[int, int]], bool]:
    """(``document`` masked; where each content masked starts and ends in it; whether its URL parameters were
    looked at, which may have masked some)."""
    if unchanged(document):  # no tag and no URL parameter: nothing to search for
        return document, [], False
    lowered = document.lower()
    if not document.isascii() and (len(lowered) != len(document)
                                   or any(letter in document for letter in _CASE_FOLDED_TO_ASCII)):
        openings, query = _searched(_OPEN, document), _QUERY
    else:
        openings, query = _openings(lowered), _QUERY_LOWER
    kept: list[str] = []
    contents: list[tuple[int, int]] = []
    position = 0
    for tag_start, start, name in openings:
        if tag_start < position:
            continue  # inside a content masked already
        kept.append(document[position:start])
        kept.append(MASK)
        position = _content_end(document, start, name)
        contents.append((start, position))
    kept.append(document[position:])
    masked = "".join(kept)
    if query is _QUERY_LOWER and not _query_named(lowered):
        return masked, contents, False  # no URL parameter to mask (the pattern needs one of its names before a '=')
    return _masked_parameters(masked, query), contents, True


def _openings(lowered: str) -> list[tuple[int, int, str]]:
    """(where it starts, where it ends, its name) of each secret start tag of a lower-cased text, in order: what
    :data:`_OPEN_LOWER` finds, in two searches that cost less than its one."""
    if "<" not in lowered:  # no tag (a JSON text, say): found without a search
        return []
    found = [(opened.start(), opened.end(), opened.group(1)) for opened in _OPEN_UNPREFIXED.finditer(lowered)]
    if ":" in lowered:
        for opened in _OPEN_AFTER_PREFIX.finditer(lowered):
            colon = opened.start()
            tag_start = lowered.rfind("<", 0, colon)
            if tag_start >= 0 and _PREFIX.fullmatch(lowered, tag_start, colon):
                found.append((tag_start, opened.end(), lowered[tag_start + 1:opened.end(1)]))
        found.sort()
    return found


def _searched(opening: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    """:func:`_openings` with one pattern (searched in ``text`` itself)."""
    return [(opened.start(), opened.end(), opened.group(1).lower()) for opened in opening.finditer(text)]


def unchanged(text: str) -> bool:
    """Whether :func:`xml_text` leaves ``text`` as it is, known without its search: no ``<`` (no tag to mask) and no
    ``=`` (no URL parameter). Either may be there and the text still unchanged; then only the search can tell."""
    return "<" not in text and "=" not in text


def inert(encoded: bytes) -> bool:
    """Whether :func:`xml_text` leaves the ASCII text ``encoded`` as it is, and any text it is put in with other
    inert texts between JSON values (where no name, ``=`` or tag runs on from one into the next): ASCII, no ``<``
    and none of the secret URL parameters' names with its ``=``, in any case. A text that is not ASCII is not
    judged (case folding makes names of other letters): False."""
    if not encoded.isascii() or b"<" in encoded:
        return False
    if b"=" not in encoded:
        return True
    lowered = encoded.lower()
    return not any(marker in lowered for marker in _QUERY_MARKERS_BYTES)


def _query_named(lowered: str) -> bool:
    """Whether a lower-cased text has a name of a secret URL parameter before a ``=``: each ``=`` looked at where
    there are a few (each found in C), else each name with its ``=`` looked for."""
    if lowered.count("=") > _FEW_EQUALS:
        return any(marker in lowered for marker in _QUERY_MARKERS)
    at = lowered.find("=")
    while at >= 0:
        if lowered.endswith(_QUERY_NAMES, 0, at):
            return True
        at = lowered.find("=", at + 1)
    return False


#: the names of secret URL parameters (as _QUERY has them), alone and with their '='
_QUERY_NAMES = ("pw", "password", "ticket")
_QUERY_MARKERS = tuple(f"{name}=" for name in _QUERY_NAMES)
_QUERY_MARKERS_BYTES = tuple(marker.encode() for marker in _QUERY_MARKERS)
#: '=' of a text looked at one by one, at most
_FEW_EQUALS = 8


def plainly_masked(document: str, masked: str) -> bool:
    """Whether ``masked`` (:func:`xml_text` of ``document``) is a *plain* masking: ``document`` with the whole text
    content of some of its secret elements replaced by MASK, and nothing else changed -- each such content ended by
    its end tag, holding no markup and something besides white space and character references (so it is read as a
    value that is not empty), its start tag's attributes plainly quoted, and the document holding no comment, CDATA
    section or processing instruction (but an XML declaration at its start) that a secret tag could stand in. The
    document read again then gives the same data but for those values, which the journal masks anyway (a masked
    URL parameter, say, makes no plain masking).

    Each MASK of ``masked`` is taken in turn as where a masked content may start; the masking is plain when these
    contents, checked, replaced in ``document``, give ``masked`` again."""
    if masked == document:
        return True
    if "!" in document and "<!" in document or _instructed(document):
        return False
    kept: list[str] = []
    position = 0  # in document
    shift = 0  # len(masked) - len(document) up to here
    at = masked.find(MASK)
    while at >= 0:
        start = at - shift
        end = _plain_content_end(document, start) if start >= position else -1
        if end < 0:  # no masked content starts here: a MASK the document holds
            at = masked.find(MASK, at + 1)
            continue
        kept.append(document[position:start])
        kept.append(MASK)
        position = end
        shift += len(MASK) - (end - start)
        at = masked.find(MASK, at + len(MASK))
    kept.append(document[position:])
    return "".join(kept) == masked


def _plain_content_end(document: str, start: int) -> int:
    """Where the plain content (see :func:`plainly_masked`) of a secret element that starts at ``start`` ends, or -1
    when no secret start tag ends at ``start`` or its content is not plain (or its end tag is not ``</name>``)."""
    tag_start = document.rfind("<", 0, start)
    opened = _OPEN.match(document, tag_start) if tag_start >= 0 else None
    if opened is None or opened.end() != start:
        return -1
    name, tag = opened.group(1), opened.group(0)
    end = document.find("<", start)
    if (end < 0 or not document.startswith(f"</{name}>", end) or not is_secret(name.rpartition(":")[2])
            or "'" in tag or tag.count('"') % 2):
        return -1
    content = document[start:end]
    if "&" in content:
        content = _REFERENCE.sub("", content)
    return end if content.strip() else -1


def _instructed(document: str) -> bool:
    """Whether ``document`` holds a processing instruction other than an XML declaration at its start."""
    marks = document.count("?")
    if not marks:
        return False
    first = document.find("<?")
    if first < 0:
        return False
    if document[:first].strip():
        return True
    # an instruction holds two '?': a document with no more than its declaration's holds no other
    return marks > 2 and document.find("<?", first + 2) >= 0


_REFERENCE = re.compile(r"&[^;&<]*;")


def _masked_parameters(text: str, query: re.Pattern[str]) -> str:
    """``text`` with the value of every secret URL parameter masked (``query`` found in it, or in its lower case)."""
    searched = text.lower() if query is _QUERY_LOWER else text
    kept: list[str] = []
    position = 0
    for found in query.finditer(searched):
        kept.append(text[position:found.end(1)])
        kept.append(MASK)
        position = found.end()
    kept.append(text[position:])
    return "".join(kept)


def _content_end(document: str, start: int, name: str) -> int:
    """Where the content of element ``name`` that starts at ``start`` ends: at its end tag, else the end."""
    position = start
    while found := _INSIDE.search(document, position):
        closing = _SKIP_TO.get(found.group(0))
        if closing is None:
            if found.group(1).lower() == name:
                return found.start()
            position = found.end()
            continue
        after = document.find(closing, found.end())
        if after < 0:
            break
        position = after + len(closing)
    return len(document)


def unreadable(text: str) -> str:
    """What the mock could read of a body it could not decode, masked as :func:`xml_text` masks it; or, when another
    reading of the masked text -- percent-decoded (``+`` for space), UTF-7, or its characters' UTF-16 bytes read as
    UTF-8 -- shows a secret element or URL parameter that is not masked, a note in its place (the text not kept)."""
    masked = xml_text(text)
    for reading in _other_readings(masked):
        if xml_text(reading) != reading:
            return (f"({len(text)} characters not kept: the body could not be decoded, and read another way "
                    "(percent-encoded, UTF-7 or UTF-16) it shows a secret)")
    return masked


def _other_readings(text: str) -> list[str]:
    """``text`` read in each other encoding a client's secret could hide in (only those that could change it)."""
    readings = []
    if "%" in text or "+" in text:
        readings.append(percent_decoded(text.replace("+", " ").encode("utf-8", "backslashreplace"))
                        .decode("utf-8", "replace"))
    for each in [text, *readings]:
        if "+" in each:
            readings.append(each.encode("utf-8", "backslashreplace").decode("utf-7", "replace"))
    if not text.isascii():  # bytes that were read as UTF-16 (a wrong or missing BOM or declaration)
        for codec in ("utf-16-le", "utf-16-be"):
            readings.append(text.encode(codec, "surrogatepass").decode("utf-8", "replace").replace("\x00", ""))
    return readings


def percent_decoded(data: bytes) -> bytes:
    """``data`` with each ``%XX`` decoded, in C: read as quoted-printable once ``%`` is its ``=`` (urllib's unquote,
    a Python loop, took 35 ms for 64 Ki of '%'). A ``%`` and a line break after it are dropped: this is for reading
    what a body holds, not for decoding it."""
    return binascii.a2b_qp(data.replace(b"=", b"=3D").replace(b"%", b"="))


def data(value: Any) -> Any:
    """A copy of payload data (dicts/lists/strings) with secret fields masked."""
    if isinstance(value, dict):
        return {k: (MASK if _secret_key(k) and v not in (None, "") else data(v) if isinstance(v, (dict, list)) else v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [data(v) for v in value]
    return value


def json_masked(encoded: bytes) -> bytes | None:
    """Compact JSON (as msgspec writes it: no white space) with what :func:`data` masks masked, the same bytes as
    encoding ``data(value)``: in one pass over the bytes, not a walk of the value. ``None`` where it cannot tell
    (a secret field holding an object or array; a KELVIN SIGN, which lower-cases to an ASCII ``k``): encode
    :func:`data`'s copy instead.

    In compact JSON a secret name in quotes followed by ``:`` is always a key: inside a string every ``"`` is
    escaped, and a string ended by ``"`` is followed by ``:`` only when it is a key."""
    if _KELVIN in encoded:
        return None
    kept: list[bytes] = []
    position = 0
    for found in _JSON_KEY.finditer(encoded.lower()):
        at = found.end()
        if at < position:
            continue
        first = encoded[at:at + 1]
        if first == b"n" or encoded.startswith(b'""', at):
            continue  # null or empty: kept
        if first in (b"{", b"["):
            return None
        value = _JSON_STRING.match(encoded, at) if first == b'"' else _JSON_SCALAR.match(encoded, at)
        if value is None:
            return None
        kept.append(encoded[position:at])
        kept.append(_JSON_MASK)
        position = value.end()
    kept.append(encoded[position:])
    return b"".join(kept)


_JSON_KEY = re.compile(rb'"(?:' + "|".join(sorted(_SECRET_NAMES)).encode() + rb')":')
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_JSON_SCALAR = re.compile(rb"[^,}\]]+")
_JSON_MASK = f'"{MASK}"'.encode()
_KELVIN = "\u212a".encode()


@functools.lru_cache(maxsize=4096)  # payload keys are element names: a few hundred, from the XSDs
def _secret_key(key: str) -> bool:
    return key.lower() in _SECRET_NAMES


def text(value: str, secrets: list[str]) -> str:
    """Mask known secret values wherever they occur in free text (e.g. a reason)."""
    for secret in secrets:
        if secret and len(secret) >= 3:
            value = value.replace(secret, MASK)
    return value
