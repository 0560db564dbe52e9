"""The WebEx API endpoint, ``POST /WBXService/XMLService``: body -> namespace -> the request path
(:class:`mockserver.xml.service.XMLService`) -> state file -> fault -> journal and log -> answer.

A plain ASGI app: the app (:class:`mockserver.app.MockApp`) hands it the API's POSTs before Starlette's routing,
and it reads the scope and sends its answer itself, so a call pays for no Request or Response object (a seed
CreateMeeting over HTTP spent about a tenth of its time in them). Everything it needs is on
``scope["app"].state`` (set by :func:`mockserver.app.create_app`).
"""

from __future__ import annotations

import functools
import logging
import time

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from . import logs
from .base.bodies import BodyTooLarge, read_limited
from .base.errors import InvalidRequest
from .base.headers import first_headers, repeats_host
from .config import API_PATH
from .controls.faults import ANSWERED_BY_THE_FAULT, DroppedAnswer, shape_answer
from .controls.tenancy import HEADER, BadNamespace, Tenant
from .xml import journaled
from .xml.envelope import failure
from .xml.service import Outcome, save_or_fail

#: what the real service sends with every answer (reference 1)
ANSWER_HEADERS = {
    "Content-Type": "text/xml;charset=UTF-8",
    "Cache-Control": "no-cache",
    "Pragma": "no-cache",
    "Expires": "Thu, 01 Jan 1970 00:00:00 GMT",
}
_RAW_ANSWER_HEADERS = [(name.lower().encode("latin-1"), value.encode("latin-1"))
                       for name, value in ANSWER_HEADERS.items()]
_NAMESPACE_HEADER = HEADER.lower().encode("latin-1")
_NS_PREFIX = "/ns/"
#: bodies larger than this are handled in a worker thread, so no request holds the event loop for long
#: (the costliest inline request takes a few milliseconds; benchmarks/bench_hostile.py). Real requests
#: are smaller: Cisco's CreateMeeting sample is 1.3 KB. So are listings (``@operation(walks=True)``), whatever
#: their size: the service reads which operation a call is, on the loop, and hands a listing to a thread.
INLINE_BODY_BYTES = 8 * 1024

request_log = logging.getLogger("mockserver.requests")


def api_namespace(path: str) -> str | None:
    """The namespace a path of the API names: "" for ``/WBXService/XMLService``, ``N`` for
    ``/ns/N/WBXService/XMLService``; None for any other path."""
    if path == API_PATH:
        return ""
    if path.startswith(_NS_PREFIX) and path.endswith(API_PATH):
        name = path[len(_NS_PREFIX):-len(API_PATH)]
        if name and "/" not in name:
            return name
    return None


async def xml_service(scope: Scope, receive: Receive, send: Send) -> None:
    """``POST`` to a path :func:`api_namespace` knows, as an ASGI app."""
    state = scope["app"].state
    headers = first_headers(scope)
    if repeats_host(scope, headers):
        response = Response("Bad Request: more than one Host header\n", status_code=400, media_type="text/plain")
        return await response(scope, receive, send)
    named = api_namespace(scope["path"]) or headers.get(_NAMESPACE_HEADER, b"").decode("latin-1") or None
    try:
        name = state.tenancy.validate(named)
        # a namespace not in memory may be read back from the state file (seconds for a big one): off the loop
        tenant = state.tenancy.existing(name) or await run_in_threadpool(state.tenancy.get, name)
    except BadNamespace as exc:  # answered as WebEx answers a bad request; no namespace to journal it in
        body = failure("", InvalidRequest(f"Invalid request: {exc}"))
        return await _send_answer(send, body)
    limit = state.config.max_body_bytes
    declared = headers.get(b"content-length", b"")
    if declared.isdigit() and int(declared) > limit:
        response = Response(f"Request body larger than {limit} bytes\n", status_code=413, media_type="text/plain")
        return await response(scope, receive, send)
    try:
        body = await read_limited(receive, limit)
    except ClientDisconnect:  # the client went away mid-request: nothing to answer, nothing to record
        return None
    except BodyTooLarge:
        outcome = Outcome(failure("", InvalidRequest(f"Invalid request: body larger than {limit} bytes")),
                          result="FAILURE", exception_id="999999")
        return await answer(scope, receive, send, tenant, b"(body over the size limit, not kept)", outcome)
    content_type = headers[b"content-type"].decode("latin-1") if b"content-type" in headers else None
    handle = functools.partial(state.service.handle, body, content_type, tenant.store, tenant.faults,
                               tenant.fidelity, tenant.stubs)
    inline: Outcome | None = handle(inline=True) if len(body) <= INLINE_BODY_BYTES else None
    # a large body, or a listing: in a worker thread
    outcome = inline if inline is not None and not inline.elsewhere else await run_in_threadpool(handle)
    await answer(scope, receive, send, tenant, body, outcome)


async def _send_answer(send: Send, body: bytes) -> None:
    """A WebEx answer (HTTP 200, the real service's headers), as Starlette's Response would send it."""
    await send({"type": "http.response.start", "status": 200,
                "headers": [*_RAW_ANSWER_HEADERS, (b"content-length", str(len(body)).encode("latin-1"))]})
    await send({"type": "http.response.body", "body": body})


async def answer(scope: Scope, receive: Receive, send: Send, tenant: Tenant, body: bytes, outcome: Outcome) -> None:
    """Keep the change (or undo it), let a fault shape the answer, journal and log the call, answer."""
    started = time.perf_counter()  # the journal adds the time from here (save, delay, recording) to latency
    if outcome.mutates:  # a change was made (a stub may answer a FAILURE after its operation ran)
        # a change the state file could not keep is undone, and the answer says so
        outcome = save_or_fail(scope["app"].state.tenancy.on_change, outcome)
    rule = outcome.fault
    shaped = await shape_answer(rule, outcome.body)
    if rule is not None and rule.action in ANSWERED_BY_THE_FAULT:
        outcome.result = "FAULT"  # the operation never ran; the client got no WebEx answer
    # the journal entry exists before a byte of the answer is sent: no verify races
    held = tenant.journal.record(
        namespace=tenant.name, request=outcome.request_text if outcome.request_text is not None else body,
        response=shaped.body, http_status=shaped.status, payload=outcome.payload, operation=outcome.operation,
        site=outcome.site, user=outcome.user, result=outcome.result, exception_id=outcome.exception_id,
        reason=outcome.reason, meeting_key=outcome.meeting_key, latency_ms=outcome.latency_ms, started=started,
        fault=rule.id if rule else None, notes=outcome.notes,
        rules=outcome.fired if outcome.fired is not None else outcome.rules,
        stub=outcome.stub.id if outcome.stub else None, undecoded=not outcome.request_decoded,
        mock_time=(outcome.now_ms or tenant.store.now_ms()) / 1000, payload_from=journaled.payload)
    if request_log.isEnabledFor(logging.INFO):  # the entry is read back only for a log line
        logs.request(request_log, tenant.journal.entry(held, payload=False))
    if shaped.drop:
        return await DroppedAnswer()(scope, receive, send)
    if shaped.status != 200:
        return await Response(shaped.body, status_code=shaped.status, media_type="text/html")(scope, receive, send)
    await _send_answer(send, shaped.body)
