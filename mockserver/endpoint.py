"""The WebEx API endpoint, ``POST /WBXService/XMLService``: body -> namespace -> the request path
(:class:`mockserver.service.XMLService`) -> state file -> fault -> journal and log -> answer.

Everything it needs is on ``request.app.state`` (set by :func:`mockserver.app.create_app`).
"""

from __future__ import annotations

import functools
import logging
import time

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from . import logs
from .bodies import BodyTooLarge, read_limited
from .envelope import failure
from .errors import InvalidRequest
from .faults import ANSWERED_BY_THE_FAULT, DroppedAnswer, shape_answer
from .service import Outcome
from .statefile import save_or_fail
from .tenancy import HEADER, BadNamespace, Tenant

#: what the real service sends with every answer (reference 1)
ANSWER_HEADERS = {
    "Content-Type": "text/xml;charset=UTF-8",
    "Cache-Control": "no-cache",
    "Pragma": "no-cache",
    "Expires": "Thu, 01 Jan 1970 00:00:00 GMT",
}
#: bodies larger than this are handled in a worker thread, so no request holds the event loop for long
#: (the costliest inline request takes a few milliseconds; benchmarks/bench_hostile.py). Real requests
#: are smaller: Cisco's CreateMeeting sample is 1.3 KB.
INLINE_BODY_BYTES = 8 * 1024

request_log = logging.getLogger("mockserver.requests")


async def xml_service(request: Request) -> Response:
    state = request.app.state
    try:
        tenant = state.tenancy.get(request.path_params.get("namespace") or request.headers.get(HEADER))
    except BadNamespace as exc:  # answered as WebEx answers a bad request; no namespace to journal it in
        return Response(failure("", InvalidRequest(f"Invalid request: {exc}")), headers=ANSWER_HEADERS)
    limit = state.config.max_body_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return Response(f"Request body larger than {limit} bytes\n", status_code=413, media_type="text/plain")
    try:
        body = await read_limited(request, limit)
    except ClientDisconnect:  # the client went away mid-request: nothing to answer, nothing to record
        return Response(status_code=499)
    except BodyTooLarge:
        outcome = Outcome(failure("", InvalidRequest(f"Invalid request: body larger than {limit} bytes")),
                          result="FAILURE", exception_id="999999")
        return await answer(request, tenant, b"(body over the size limit, not kept)", outcome)
    content_type = request.headers.get("content-type")
    handle = functools.partial(state.service.handle, body, content_type, tenant.store, tenant.faults,
                               tenant.fidelity, tenant.stubs)
    outcome = handle() if len(body) <= INLINE_BODY_BYTES else await run_in_threadpool(handle)
    return await answer(request, tenant, body, outcome)


async def answer(request: Request, tenant: Tenant, body: bytes, outcome: Outcome) -> Response:
    """Keep the change (or undo it), let a fault shape the answer, journal and log the call, answer."""
    started = time.perf_counter()  # the journal adds the time from here (save, delay, recording) to latency
    if outcome.mutates:  # a change was made (a stub may answer a FAILURE after its operation ran)
        outcome = save_or_fail(request.app.state.tenancy, outcome)  # a change the file could not keep is undone
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
        fault=rule.id if rule else None, notes=list(outcome.notes), rules=list(outcome.rules),
        stub=outcome.stub.id if outcome.stub else None)
    if request_log.isEnabledFor(logging.INFO):  # the entry is read back only for a log line
        logs.request(request_log, tenant.journal.entry(held))
    if shaped.drop:
        return DroppedAnswer()
    if shaped.status != 200:
        return Response(shaped.body, status_code=shaped.status, media_type="text/html")
    return Response(shaped.body, headers=ANSWER_HEADERS)
