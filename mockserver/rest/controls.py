"""The REST face of faults and stubs: which rules a REST operation takes (checked when a rule is added) and what
they answer (the choice of rule is face-neutral: :mod:`mockserver.controls.faults`, :mod:`mockserver.controls.stubs`).

A fault on a REST operation is ``delay``, ``http_error`` (the REST error body, ``Retry-After`` on 429 and 423),
``truncate`` or ``drop``; the XML API's ``failure``, ``gsb_backup`` and ``expire_ticket`` are refused for one (and
a rule of theirs naming no operation leaves REST calls alone). A stub answers ``body``, a JSON value, with its HTTP
``status``; ``where`` reads the call's JSON body, path and query parameters.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from ..controls.faults import FaultRule
from ..controls.stubs import StubRule
from .calls import Answer
from .errors import RestError

#: the fault actions a REST call can take
FAULT_ACTIONS = ("delay", "http_error", "truncate", "drop")
#: error statuses a client is told when to retry (Retry-After), unless the rule says for any
RETRY_STATUSES = (423, 429)


def check_fault(rule: FaultRule, operation: str) -> None:
    """A fault on the REST operation ``operation`` takes an action the REST face has; ValueError otherwise."""
    if rule.action not in FAULT_ACTIONS:
        raise ValueError(f"action {rule.action!r} acts on XML API operations only (a WebEx envelope); a fault on the "
                         f"REST operation {operation!r} is one of {', '.join(FAULT_ACTIONS)} (http_error with a "
                         "status for a REST error answer)")


def check_stub(stub: StubRule) -> None:
    """A REST stub answers ``body``, a JSON object or array, with an HTTP ``status``; ValueError otherwise."""
    if stub.bodyContent is not None:
        raise ValueError("bodyContent is an XML fragment: a stub of a REST operation answers body, a JSON value")
    if not isinstance(stub.body, (dict, list)):
        raise ValueError("body of a REST operation's stub is the JSON value answered, an object or an array "
                         "(not its text)")
    if stub.status is not None and not 200 <= stub.status <= 599:
        raise ValueError("status must be an HTTP status between 200 and 599")
    stub.answer = json.loads(json.dumps(stub.body, ensure_ascii=False))  # a copy no caller can change


def fault_error(rule: FaultRule) -> RestError:
    """The REST error answer of an ``http_error`` fault."""
    headers = {}
    if rule.retry_after is not None or rule.status in RETRY_STATUSES:
        headers["Retry-After"] = str(rule.retry_after if rule.retry_after is not None else 1)
    return RestError(rule.status, _phrase(rule.status), rule.reason, headers=headers)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def stub_answer(stub: StubRule) -> Answer:
    """The stub's answer (its JSON value; an error status's object body gets the call's trackingId when sent)."""
    return Answer(stub.status or 200, None if stub.status == 204 else stub.answer)


def payload(path: dict[str, str], query: dict[str, str], body: bytes) -> dict[str, Any]:
    """What a stub's ``where`` reads of a REST call: the JSON body's fields (values as text: true, 30), over the
    query's parameters, under the path's parameters (``meetingId``)."""
    data: dict[str, Any] = dict(query)
    if body:
        try:
            parsed = json.loads(body)
        except (ValueError, RecursionError):
            parsed = None
        if isinstance(parsed, dict):
            data.update(_texts(parsed))
    data.update(path)
    return data


def _texts(value: Any) -> Any:
    """JSON scalars as the text ``where`` compares (true, 30, null)."""
    if isinstance(value, dict):
        return {key: _texts(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_texts(item) for item in value]
    if isinstance(value, str):
        return value
    return json.dumps(value)
