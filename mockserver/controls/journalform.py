"""How the journal holds an entry's texts and payload (:mod:`.journal`): masked, clipped, UTF-8; the payload
marshalled, or read again from the request when it gives it (docs/admin-api.md "Logs and the journal").

The journal is below the faces and knows none: a face that can read a payload from its masked request hands its
reader (a function of the module level) to :meth:`Journal.record <mockserver.controls.journal.Journal.record>`,
which keeps the reader's number in the entry, and :func:`derived` calls it when the entry is read.
"""

from __future__ import annotations

import json
import logging
import marshal
import threading
from collections.abc import Callable
from typing import Any

from ..base import redact

#: characters of each request and answer body kept per entry
BODY_LIMIT = 64 * 1024
#: characters of a payload's JSON kept per entry; a longer payload is replaced by a marker
PAYLOAD_LIMIT = 64 * 1024
#: the longest request (characters) whose payload may be read from it: a payload read from a document is never more
#: than twice its characters as JSON (each character of a value is at most two of JSON, ``"`` or ``\\``; every name
#: is written at least as often in the document as in the JSON), so never clipped
DERIVED_LIMIT = PAYLOAD_LIMIT // 2

#: reads the payload, secrets masked, from a request as the journal keeps it (masked)
Reader = Callable[[str], dict[str, Any]]

log = logging.getLogger("mockserver")


def derived(reader: int, request: str, entry_id: int | None = None) -> dict[str, Any]:
    """The payload a reader reads from a masked request; never an error (a bug in it is logged, and the entry read).
    With ``entry_id``, the payload of the entries read last is remembered (marshalled): a test that reads the
    journal after each call reads each entry's payload once, not once a read."""
    if entry_id is not None:
        with _remembered_lock:
            known = _remembered.get(entry_id)
        if known is not None:
            remembered: dict[str, Any] = marshal.loads(known)
            return remembered
    try:
        payload = READERS[reader](request)
    except Exception:
        log.exception("the journal could not read a payload from its request")
        return {"_unreadable": "the payload could not be read from the request; see the mock's log"}
    if entry_id is not None:
        with _remembered_lock:
            _remembered[entry_id] = marshal.dumps(payload)
            if len(_remembered) > REMEMBERED:
                del _remembered[next(iter(_remembered))]  # the oldest read first
    return payload


#: payloads read from requests remembered, by entry id (entry ids are never reused in a process)
REMEMBERED = 2048
_remembered: dict[int, bytes] = {}
_remembered_lock = threading.Lock()


#: the payload readers handed to Journal.record (few: one per face that has one), numbered in the order met
READERS: list[Reader] = []
_readers_lock = threading.Lock()


def reader(read: Reader) -> int:
    """The number of a payload reader, given one the first time it is met."""
    with _readers_lock:
        if read not in READERS:
            READERS.append(read)
        return READERS.index(read)


#: a text held as a format and its values (:func:`filled`)
Filled = tuple[bytes, bytes]
#: what separates the values of a filled text (no JSON value holds it: it is written escaped)
_SEP = b"\x00"


def filled(form: bytes, values: tuple[bytes, ...]) -> Filled:
    """A text held as ``form % values`` would be, without making it: ``form`` (shared by the entries that hold it)
    and its values, joined. The caller knows the text masked already and clipped (:func:`mockserver.base.redact.inert`
    of its parts); no value may hold a NUL byte."""
    return form, _SEP.join(values)


def filled_text(held: Filled) -> bytes:
    """The text :func:`filled` holds."""
    return held[0] % tuple(held[1].split(_SEP))


def held_length(held: bytes | Filled) -> int:
    """What a held text weighs: its bytes; a filled one's form and values (at least the text's length)."""
    return len(held) if isinstance(held, bytes) else len(held[0]) + len(held[1])


def kept(text: str) -> bytes:
    """Masked text as the journal holds it: UTF-8, with what no UTF-8 can hold (a lone surrogate) escaped."""
    return text.encode("utf-8", "backslashreplace")


def shown(held: Any) -> str:
    """Held bytes as text; a byte no UTF-8 reader takes is shown escaped (``\\xff``), never an error."""
    if isinstance(held, tuple):
        held = filled_text(held)
    return held.decode("utf-8", "backslashreplace") if isinstance(held, bytes) else writable(str(held))


def writable(text: str) -> str:
    """``text`` as any UTF-8 writer takes it: a lone surrogate escaped (``\\ud800``)."""
    if text.isascii():
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def undecoded_text(body: bytes) -> str:
    """A body given as bytes (none of the mock's readings decoded it), as text to mask: UTF-8 where it reads, and
    without NULs, so that the tags of a UTF-16 or UTF-32 body without a BOM are still found and their secrets masked."""
    return body.decode("utf-8", "replace").replace("\x00", "")


def body(text: str, undecoded: bool = False) -> bytes:
    """Clipped, then masked, as held: the redaction masks an element cut short to the end, so no part of a secret
    survives the cut; the marker is added after. The text of a body that could not be decoded is masked with more
    care (:func:`mockserver.base.redact.unreadable`)."""
    if len(text) <= BODY_LIMIT:
        return kept(_masked(text, undecoded))
    return kept(_masked(text[:BODY_LIMIT], undecoded) + f"… ({len(text) - BODY_LIMIT} characters not kept)")


def _masked(text: str, undecoded: bool) -> str:
    return redact.unreadable(text) if undecoded else redact.xml_text(text)


def request(text: str, undecoded: bool, judged: bool) -> tuple[bytes, bool]:
    """The request as held (:func:`body`), and, when ``judged``, whether it gives its payload again: decoded, kept
    whole, its masking plain (:func:`mockserver.base.redact.plainly_masked`), short enough that its payload is never
    clipped, and held as it is (no character escaped)."""
    if not judged or undecoded or len(text) > DERIVED_LIMIT:
        return body(text, undecoded), False
    masked, plain = redact.masked_plainly(text)
    try:
        return masked.encode("utf-8"), plain
    except UnicodeEncodeError:  # a lone surrogate: held escaped, so not the text the payload was read from
        return kept(masked), False


def payload(payload: dict[str, Any] | None) -> bytes:
    """The payload to keep, secrets masked, marshalled. A payload whose JSON is longer than PAYLOAD_LIMIT is kept as
    a marker instead; its JSON is only written when it could be that long (a character of JSON is at most six of the
    marshalled bytes) and is never walked in Python."""
    if not payload:
        return EMPTY
    held = marshal.dumps(payload)
    if len(held) * 6 > PAYLOAD_LIMIT:
        size = len(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
        if size > PAYLOAD_LIMIT:
            return marshal.dumps({"_clipped": f"{size} characters not kept: the payload's JSON is longer than "
                                              f"{PAYLOAD_LIMIT}"})
    return marshal.dumps(redact.data(payload))


EMPTY = marshal.dumps({})
NONE = marshal.dumps(())
