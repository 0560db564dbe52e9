"""The XML face's reading of a journal entry's payload from its masked request (docs/admin-api.md "Logs and the
journal").

The journal keeps no copy of a call's payload when the request it keeps, masked, gives the payload again: a whole
request whose masking was plain (:func:`mockserver.base.redact.masked`). The endpoint hands the journal
:func:`payload`, and the journal calls it when the entry is read: the masked document read again as the request path
read it (intake, then the empty elements dropped, then ``to_data``), its secret fields masked as the journal masks a
payload it keeps. The masked values are the only difference, so this is the payload the journal would have kept.
"""

from __future__ import annotations

import threading
from typing import Any

from ..base import redact
from ..base.fidelity import Notes
from . import intake
from .schema import RequestSchema

_schema: RequestSchema | None = None
_schema_lock = threading.Lock()


def payload(masked_request: str) -> dict[str, Any]:
    """The payload of a call, secrets masked, read from its request as the journal keeps it (masked)."""
    call = intake.read_document(masked_request)
    schema = _request_schema()
    schema.drop_empty(call.message, Notes())
    data: dict[str, Any] = redact.data(schema.model.to_data(call.payload, call.operation))
    return data


def _request_schema() -> RequestSchema:
    """The request schema (``schemas/request``, the one XMLService reads with), loaded once, when first needed."""
    global _schema
    with _schema_lock:
        if _schema is None:
            _schema = RequestSchema()
        return _schema
