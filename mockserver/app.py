"""The ASGI application: ``create_app()`` and its routes.

``POST /WBXService/XMLService`` is the WebEx API (``/ns/{namespace}/WBXService/XMLService``
is the same API in a namespace, for clients that cannot send ``X-Mock-Namespace``);
``/_mock/`` is the admin API (see :mod:`mockserver.admin`).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from . import logs
from .admin import AdminApi
from .config import API_PATH, Config
from .envelope import failure
from .errors import InvalidRequest
from .guard import HostRule
from .service import Outcome, XMLService
from .sites import load_seed_dicts
from .statefile import StateFile, save_or_fail
from .tenancy import HEADER, BadNamespace, Tenancy, Tenant

#: what the real service sends with every answer (reference 1)
ANSWER_HEADERS = {
    "Content-Type": "text/xml;charset=UTF-8",
    "Cache-Control": "no-cache",
    "Pragma": "no-cache",
    "Expires": "Thu, 01 Jan 1970 00:00:00 GMT",
}
PROXY_ERROR = "<html><head><title>{0} Service Unavailable</title></head><body><h1>{0}</h1>" \
              "<p>The server is temporarily unable to service your request.</p></body></html>"


class BodyTooLarge(Exception):
    pass


class DroppedConnection(Exception):
    """Raised after the answer has started, so the server closes the connection (fault 'drop')."""


#: what httpx says of a connection closed like that; in-process transports raise its RemoteProtocolError
DROPPED = "peer closed connection without sending complete message body (received 0 bytes, expected 512)"


async def _read_body(request: Request, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


class _Drop(Response):
    async def __call__(self, scope, receive, send) -> None:
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/xml;charset=UTF-8"), (b"content-length", b"512")]})
        raise DroppedConnection("fault: connection dropped")


def create_app(config: Config | None = None, tenancy: Tenancy | None = None) -> Starlette:
    config = config or Config()
    tenancy = tenancy or Tenancy(load_seed_dicts(config.seed_file), random_seed=config.random_seed,
                                 fidelity=config.fidelity, max_namespaces=config.max_namespaces)
    service = XMLService()
    # xmlschema explains invalid requests; load it now, off the request path, not on the first bad request
    threading.Thread(target=service.schema.explainer, name="webex-mockserver-explainer", daemon=True).start()
    state_file = StateFile(config.state_file) if config.state_file else None
    if state_file is not None:
        state_file.load(tenancy)
        tenancy.on_change = lambda: state_file.save(tenancy)
    admin = AdminApi(tenancy, config.admin_token, changed=lambda: tenancy.on_change(),
                     hosts=HostRule.from_config(config))
    request_log = logging.getLogger("mockserver.requests")
    logs.quiet_drops()

    async def xml_service(request: Request) -> Response:
        try:
            tenant = tenancy.get(request.path_params.get("namespace") or request.headers.get(HEADER))
        except BadNamespace as exc:  # answered as WebEx answers a bad request; no namespace to journal it in
            return Response(failure("", InvalidRequest(f"Invalid request: {exc}")), headers=ANSWER_HEADERS)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > config.max_body_bytes:
            return Response(f"Request body larger than {config.max_body_bytes} bytes\n", status_code=413,
                            media_type="text/plain")
        try:
            body = await _read_body(request, config.max_body_bytes)
        except ClientDisconnect:  # the client went away mid-request: nothing to answer, nothing to record
            return Response(status_code=499)
        except BodyTooLarge:
            outcome = Outcome(failure("", InvalidRequest(
                f"Invalid request: body larger than {config.max_body_bytes} bytes")), result="FAILURE",
                exception_id="999999")
            body = b"(body over the size limit, not kept)"
        else:
            outcome = service.handle(body, request.headers.get("content-type"), tenant.store, tenant.faults,
                                     tenant.fidelity)
        return await _answer(tenant, body, outcome)

    async def _answer(tenant: Tenant, body: bytes, outcome: Outcome) -> Response:
        started = time.perf_counter()  # the journal adds the time from here (save, delay, recording) to latency
        if outcome.result == "SUCCESS" and outcome.mutates:
            outcome = save_or_fail(tenancy, outcome)  # a change the state file could not keep is undone
        rule, status, answer = outcome.fault, 200, outcome.body
        if rule is not None and rule.action == "delay":
            await asyncio.sleep(rule.delay_ms / 1000)
        if rule is not None and rule.action == "http_error":
            status, answer = rule.status, PROXY_ERROR.format(rule.status).encode()
        if rule is not None and rule.action in ("http_error", "drop"):
            outcome.result = "FAULT"  # the operation never ran; the client got no WebEx answer
        if rule is not None and rule.action == "truncate":
            answer = outcome.body[: len(outcome.body) // 2]
        # the journal entry exists before a byte of the answer is sent: no verify races
        entry = tenant.journal.record(
            namespace=tenant.name, request=outcome.request_text if outcome.request_text is not None else body,
            response=answer, http_status=status, payload=outcome.payload, operation=outcome.operation,
            site=outcome.site, user=outcome.user, result=outcome.result, exception_id=outcome.exception_id,
            reason=outcome.reason, meeting_key=outcome.meeting_key, latency_ms=outcome.latency_ms, started=started,
            fault=rule.id if rule else None, notes=list(outcome.notes))
        logs.request(request_log, entry)
        if rule is not None and rule.action == "drop":
            return _Drop()
        if status != 200:
            return Response(answer, status_code=status, media_type="text/html")
        return Response(answer, headers=ANSWER_HEADERS)

    routes = [
        Route(API_PATH, xml_service, methods=["POST"]),
        Route("/ns/{namespace}" + API_PATH, xml_service, methods=["POST"]),
        *admin.routes(),
    ]
    app = Starlette(routes=routes)
    app.state.config = config
    app.state.tenancy = tenancy
    app.state.service = service
    app.state.state_file = state_file
    return app
