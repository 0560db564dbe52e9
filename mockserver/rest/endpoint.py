"""The REST API endpoint, ``/v1/…`` (and ``/ns/{namespace}/v1/…``): namespace -> route -> body -> bearer token ->
handler -> state file -> journal -> answer, every answer JSON with a ``TrackingID`` header.

A plain ASGI app, as the XML endpoint is (:mod:`mockserver.endpoint`): the app hands it every request under
``/v1/`` before Starlette's routing. It never answers 500: whatever a handler raises becomes a documented error.
"""

from __future__ import annotations

import functools
import itertools
import logging
import os
import random
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import msgspec
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect
from starlette.types import Receive, Scope, Send

from ..base import redact
from ..base.bodies import BodyTooLarge, read_limited
from ..base.errors import WebexError, clip
from ..base.headers import first_headers, repeats_host
from ..controls.faults import ANSWERED_BY_THE_FAULT, DroppedAnswer, FaultRule, sleep_at_least
from ..controls.stubs import StubRule, StubSet
from ..controls.tenancy import DEFAULT, HEADER, BadNamespace, Tenant
from ..domain import starting
from ..domain.auth import Principal, bearer
from ..domain.store import Store
from ..persistence.statefile import StateFileError
from . import controls, errors, openapi
from .calls import Answer, Call
from .errors import RestError
from .routes import Route, match

PREFIX = "/v1"
_NS_PREFIX = "/ns/"
_NAMESPACE_HEADER = HEADER.lower().encode("latin-1")
log = logging.getLogger("mockserver.rest")


def rest_path(path: str) -> tuple[str | None, str] | None:
    """(the namespace a path names, or None; the path under ``/v1``) for a REST path, else None."""
    if path == PREFIX or path.startswith(PREFIX + "/"):
        return None, path[len(PREFIX):] or "/"
    if path.startswith(_NS_PREFIX):
        name, _, rest = path[len(_NS_PREFIX):].partition("/")
        if name and (rest == "v1" or rest.startswith("v1/")):
            return name, rest[2:] or "/"
    return None


#: tracking ids name a call in logs and answers; they need to be unique, not unpredictable: an upper-case
#: version-4 UUID whose first 80 bits are drawn once per process (from the OS, and again in a forked child, which
#: would otherwise repeat its parent's ids) and whose last 48 count the calls (uuid4 asks the OS for 16 bytes every
#: call, a system call per answer; drawing 128 bits and writing them out each call cost about 1 µs more than this)
_TRACKING_COUNT = itertools.count()


_TRACKING_PREFIX = ""


def _draw_tracking_prefix() -> None:
    global _TRACKING_PREFIX
    bits = random.SystemRandom().getrandbits(80) & ~(0xF << 28) & ~(0xC << 12) | (0x4 << 28) | (0x8 << 12)
    text = f"{bits:020X}"
    _TRACKING_PREFIX = f"ROUTER_{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-"


_draw_tracking_prefix()
os.register_at_fork(after_in_child=_draw_tracking_prefix)


def new_tracking_id() -> str:
    """``ROUTER_`` and an upper-case version-4 UUID, as Webex's tracking ids are."""
    return f"{_TRACKING_PREFIX}{next(_TRACKING_COUNT) & 0xFFFF_FFFF_FFFF:012X}"


async def rest_service(scope: Scope, receive: Receive, send: Send) -> None:
    started = time.perf_counter()
    state = scope["app"].state
    tracking_id = new_tracking_id()
    found = rest_path(scope["path"])
    assert found is not None
    named, path = found
    headers = first_headers(scope)
    if repeats_host(scope, headers):
        return await _send(send, RestError(400, "more than one Host header: send it once"), tracking_id)
    named = named or headers.get(_NAMESPACE_HEADER, b"").decode("latin-1") or None
    tenancy = state.tenancy
    try:
        valid = DEFAULT if named is None else tenancy.validate(named)
        tenant = tenancy.existing(valid) or await run_in_threadpool(tenancy.get, valid)
    except BadNamespace as exc:
        return await _send(send, errors.RestError(400, str(exc)), tracking_id)
    method = scope["method"]
    if method == "GET" and path == "/openapi.json":  # the mock's own description, open to anyone
        return await _send_raw(send, 200, {"TrackingID": tracking_id, "Content-Type": "application/json"},
                               openapi.document())
    routed = match(method, path)
    if isinstance(routed, list):
        error = RestError(405, None, f"{method} is not allowed here; allowed: {', '.join(routed)}",
                          headers={"Allow": ", ".join(routed)}) if routed \
            else RestError(404, None, f"No resource at {PREFIX}{clip(path, 100)}.")
        return await _send(send, error, tracking_id)
    route, params = routed
    limit = state.config.max_body_bytes
    try:
        body = await read_limited(receive, limit)
    except ClientDisconnect:
        return None
    except BodyTooLarge:
        return await _send(send, RestError(413, f"The request body is larger than {limit} bytes."), tracking_id)
    raw_query = scope.get("query_string", b"")
    query = dict(parse_qsl(raw_query.decode("latin-1"), keep_blank_values=True)) if raw_query else {}
    now_ms = tenant.store.now_ms()  # the namespace's clock, read once a call
    starting.catch_up(tenant.store, now_ms)  # runs-as-scheduled: what the clock made happen since the last look
    call_or_error = _principal(tenant.store, headers, now_ms)
    principal = call_or_error if isinstance(call_or_error, Principal) else None
    site = principal.site.siteName if principal else None
    user = principal.user.webExId if principal and principal.user else None
    # faults act before the call runs, as on the XML face (an unauthenticated call too)
    rule = tenant.faults.pick(route.name, site, user, controls.FAULT_ACTIONS)
    answer: Answer | RestError
    call: Call | None = None
    done = Done(rule)
    if rule is not None and rule.action in ANSWERED_BY_THE_FAULT:
        # 'drop' sends nothing (journaled as the XML face journals it: no answer, HTTP 200 started)
        answer = controls.fault_error(rule) if rule.action == "http_error" else Answer(200)
        done.result, done.reason = "FAULT", f"fault {rule.id} ({rule.action}): the operation did not run"
    elif principal is None:
        assert isinstance(call_or_error, RestError)
        answer = call_or_error
    else:
        host = headers.get(b"host", b"127.0.0.1").decode("latin-1")
        call = Call(tenant.store, principal, params, query, body,
                    headers.get(b"content-type", b"").decode("latin-1"),
                    f"{scope.get('scheme', 'http')}://{host}{scope['path']}", now_ms)
        stubs = tenant.stubs if tenant.stubs.names(route.name) else None
        answer = await run_in_threadpool(functools.partial(_respond, route, call, stubs, done)) if route.walks \
            else _respond(route, call, stubs, done)
        if isinstance(answer, Answer) and route.mutates and done.ran:
            answer = _saved(tenancy.on_change, answer)
    if rule is not None and rule.action == "delay":
        await sleep_at_least(rule.delay_ms / 1000)
    encoded = (answer.encoded if answer.encoded is not None else _ENCODE(answer.body) if answer.body is not None
               else None) if isinstance(answer, Answer) else None
    _journal(tenant, route, call, body, answer, encoded, started, done, now_ms)
    if rule is not None and rule.action == "drop":
        return await DroppedAnswer("application/json;charset=UTF-8")(scope, receive, send)
    cut = rule is not None and rule.action == "truncate"
    if isinstance(answer, RestError):
        return await _send(send, answer, tracking_id, cut)
    await _send_answer(send, answer, tracking_id, cut, encoded)


@dataclass
class Done:
    """What faults and stubs made of a call, for the journal."""

    fault: FaultRule | None = None
    stub: StubRule | None = None
    #: the journal's result and reason when a fault or stub says (else from the answer's status)
    result: str | None = None
    reason: str | None = None
    #: the operation ran (its change is to be saved)
    ran: bool = True


def _respond(route: Route, call: Call, stubs: StubSet | None, done: Done) -> Answer | RestError:
    """The call's answer: its stub's, if one answers it (with ``run_operation``, after the operation), else the
    operation's."""
    principal = call.principal
    stub = stubs.pick(route.name, principal.site.siteName, principal.user.webExId if principal.user else None,
                      controls.payload(call.path, call.query, call.body)) if stubs is not None else None
    if stub is None:
        return _handle(route, call)
    done.stub, done.ran, what = stub, False, "the operation did not run"
    if stub.run_operation:
        ran = _handle(route, call)
        done.ran = isinstance(ran, Answer)
        what = f"the operation ran first: {ran.status}" + (f" {ran.message}" if isinstance(ran, RestError) else "")
    answer = controls.stub_answer(stub)
    done.result = "SUCCESS" if answer.status < 400 else "FAILURE"
    done.reason = f"stub {stub.id} answered; {what}"
    return answer


def _principal(store: Store, headers: dict[bytes, bytes], now_ms: int) -> Principal | RestError:
    """The user the bearer token names (401 without one, or with one no user holds)."""
    authorization = headers.get(b"authorization", b"").decode("latin-1").strip()
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return RestError(401, None, "Authorization: a bearer access token is required")
    try:
        return bearer(store, token, now_ms)
    except WebexError as error:  # no user holds it, or an inactive one: 401
        return errors.from_domain(error)


def _handle(route: Route, call: Call) -> Answer | RestError:
    try:
        return route.handler(call)
    except RestError as error:
        return error
    except WebexError as error:
        return errors.from_domain(error)


def _saved(save: Any, answer: Answer) -> Answer | RestError:
    try:
        save()
    except StateFileError as exc:
        return RestError(503, f"The change could not be saved: {exc}", headers={"Retry-After": "1"})
    return answer


def _journal(tenant: Tenant, route: Route, call: Call | None, body: bytes, answer: Answer | RestError,
             encoded: bytes | None, started: float, done: Done, now_ms: int) -> None:
    """``encoded``: the answer's body as msgspec encodes it (None: it has none)."""
    status = answer.status if isinstance(answer, Answer) else answer.status
    parsed = call.parsed if call is not None else None  # the handler read the body already: not parsed again
    request = f"{route.name}\n{_masked(parsed) if parsed is not None else _masked_json(body)}"
    shown = (answer.masked if answer.masked is not None else _masked(answer.body, encoded).encode()) \
        if isinstance(answer, Answer) and encoded is not None \
        else (answer.message if isinstance(answer, RestError) else "").encode()
    principal = call.principal if call is not None else None
    tenant.journal.record(
        namespace=tenant.name, request=request, response=shown, http_status=status, started=started,
        latency_ms=0.0, operation=route.name, site=principal.site.siteName if principal else None,
        user=principal.user.webExId if principal and principal.user else None,
        result=done.result or ("SUCCESS" if status < 400 else "FAILURE"), exception_id=None,
        reason=done.reason or (answer.message if isinstance(answer, RestError) else None),
        meeting_key=call.meeting_key if call is not None else None, fault=done.fault.id if done.fault else None,
        stub=done.stub.id if done.stub else None, notes=call.notes.items if call is not None else (),
        rules=call.fired if call is not None and done.ran else (), mock_time=now_ms / 1000)


def _masked_json(body: bytes) -> str:
    if not body:
        return ""
    try:
        return _masked(_DECODE(body))
    except (msgspec.DecodeError, RecursionError):
        return redact.unreadable(body.decode("utf-8", "replace"))


def _masked(data: Any, encoded: bytes | None = None) -> str:
    """JSON data as the journal keeps it: its secret fields masked (``encoded``: the data encoded, if it was)."""
    masked = redact.json_masked(_ENCODE(data) if encoded is None else encoded)
    return (masked if masked is not None else _ENCODE(redact.data(data))).decode()


_ENCODE, _DECODE = msgspec.json.Encoder().encode, msgspec.json.Decoder().decode


async def _send_answer(send: Send, answer: Answer, tracking_id: str, cut: bool = False,
                       encoded: bytes | None = None) -> None:
    """``encoded``: the answer's body, encoded already."""
    shown = answer.body
    if answer.status >= 400 and isinstance(shown, dict) and "trackingId" not in shown:  # a stub's error answer
        shown, encoded = {**shown, "trackingId": tracking_id}, None
    body = encoded if encoded is not None else b"" if shown is None else _ENCODE(shown)
    if not answer.headers and body:  # the usual answer: its headers as _send_raw writes them, written at once
        return await _send_written(send, answer.status, [(b"trackingid", tracking_id.encode("latin-1")), _JSON_TYPE],
                                   body, cut)
    headers = {"TrackingID": tracking_id, **answer.headers}
    if shown is not None or encoded is not None:
        headers["Content-Type"] = "application/json;charset=UTF-8"
    await _send_raw(send, answer.status, headers, body, cut)


_JSON_TYPE = (b"content-type", b"application/json;charset=UTF-8")


async def _send(send: Send, error: RestError, tracking_id: str, cut: bool = False) -> None:
    headers = {"TrackingID": tracking_id, "Content-Type": "application/json;charset=UTF-8", **error.headers}
    await _send_raw(send, error.status, headers, errors.body(error, tracking_id), cut)


async def _send_raw(send: Send, status: int, headers: dict[str, str], body: bytes, cut: bool = False) -> None:
    await _send_written(send, status, [(name.lower().encode("latin-1"), value.encode("latin-1"))
                                       for name, value in headers.items()], body, cut)


async def _send_written(send: Send, status: int, raw: list[tuple[bytes, bytes]], body: bytes,
                        cut: bool = False) -> None:
    """Send an answer whose headers (but its length) are written already, as ASGI carries them."""
    if cut:  # fault 'truncate': the first half of the answer's bytes
        body = body[: len(body) // 2]
    raw.append((b"content-length", str(len(body)).encode("latin-1")))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
