"""The fast path's shadow: with ``WEBEX_MOCK_FAST_SHADOW=1``, every request any test sends through an
XMLService on the fast path is also read by the tolerant path, and the two readings compared (issue 25, item 1).

Where the fast path reads a request, the tolerant path must read the same text, operation, credentials and
payload, with the same notes, drop nothing sent empty and find it valid (the fast path skips those two steps).
A difference is collected, never raised inside the call (the service would answer it as an internal error), and
the session fails at its end naming each one (tests/conftest.py).
"""

from __future__ import annotations

import inspect

from lxml import etree

from mockserver.base.fidelity import LENIENT, Notes
from mockserver.xml import decoding, intake
from mockserver.xml.service import XMLService

#: what differed, one line a request
DIFFERENCES: list[str] = []
#: requests the fast path read and the shadow compared, and every request the shadow saw
COMPARED = [0]
SEEN = [0]
_SIGNATURE = inspect.signature(XMLService.handle)


def install() -> None:
    handle = XMLService.handle

    def shadowed(self: XMLService, *args, **kwargs):
        arguments = _SIGNATURE.bind(self, *args, **kwargs).arguments
        try:
            compare(self, arguments["body"], arguments["content_type"], arguments.get("fidelity", LENIENT))
        except Exception as exc:  # a bug of the shadow itself is a difference too
            DIFFERENCES.append(f"{type(exc).__name__}: {exc} for {arguments['body'][:200]!r}")
        return handle(self, *args, **kwargs)

    XMLService.handle = shadowed  # type: ignore[method-assign]


def compare(service: XMLService, body: bytes, content_type: str | None, fidelity: str) -> None:
    if service.fast is None:
        return
    SEEN[0] += 1
    fast_notes, tolerant_notes = Notes(fidelity), Notes(fidelity)
    fast_notes.holding = tolerant_notes.holding = True
    read = service.fast.read(body, fast_notes)
    if read is None:
        return
    COMPARED[0] += 1
    text, call = read
    try:
        tolerant_text = decoding.document_text(body, content_type, tolerant_notes)
        tolerant = intake.read_document(tolerant_text, tolerant_notes)
        service.schema.drop_empty(tolerant.message, tolerant_notes)
        service.schema.check(tolerant.message)
    except Exception as exc:
        DIFFERENCES.append(f"the tolerant path refused what the fast path read ({exc}): {body[:300]!r}")
        return
    model = service.schema.model
    mine = (text, call.service, call.operation, call.xsi_type, call.credentials, fast_notes.items,
            _shape(call.payload), model.to_data(call.payload, call.operation))
    theirs = (tolerant_text, tolerant.service, tolerant.operation, tolerant.xsi_type, tolerant.credentials,
              tolerant_notes.items, _shape(tolerant.payload), model.to_data(tolerant.payload, tolerant.operation))
    if mine != theirs:
        DIFFERENCES.append(f"fast {mine[1:6]} != tolerant {theirs[1:6]} for {body[:300]!r}")


def _shape(element: etree._Element) -> list[tuple[object, str | None, dict[str, str]]]:
    return [(node.tag, node.text, dict(node.attrib)) for node in element.iter()]
