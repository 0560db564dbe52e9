"""The XML face's reading of a journal entry's payload from its masked request (docs/admin-api.md "Logs and the
journal").

The journal keeps no copy of a call's payload when the request it keeps, masked, gives the payload again: a whole
request whose masking was plain (:func:`mockserver.base.redact.masked`). The endpoint hands the journal
:func:`payload`, and the journal calls it when the entry is read: the masked document read again as the request path
read it (intake, then the empty elements dropped, then ``to_data``), its secret fields masked as the journal masks a
payload it keeps. The masked values are the only difference, so this is the payload the journal would have kept.
"""

from __future__ import annotations

from typing import Any

from ..base import redact
from ..base.fidelity import Notes
from . import intake, schema


def payload(masked_request: str) -> dict[str, Any]:
    """The payload of a call, secrets masked, read from its request as the journal keeps it (masked). Read the
    tolerant way, without validating it again: the fast intake would validate it, and cost more."""
    requests = schema.shared()
    call = intake.read_document(masked_request)
    requests.drop_empty(call.message, Notes())
    data: dict[str, Any] = redact.data(requests.model.to_data(call.payload, call.operation))
    return data
