"""The request path, top to bottom: intake -> faults -> dispatch -> validate -> authenticate -> handler -> envelope.

:meth:`XMLService.handle` never raises: every problem becomes a WebEx FAILURE
envelope (HTTP 200), and an unexpected bug becomes a FAILURE too, logged with
its traceback on the server side but never shown to the client.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..base.errors import InvalidRequest, NotDocumented, SiteNotFound, WebexError, clip, near
from ..base.fidelity import LENIENT, Note, Notes
from ..controls.faults import FaultRule, FaultSet, before_call
from ..controls.stubs import StubRule, StubSet
from ..domain import starting
from ..domain.auth import Credentials, authenticate, resolve_site
from ..domain.explain import Fired, RuleFired
from ..domain.sites import Site
from ..domain.store import Store
from ..persistence.statefile import StateFileError
from . import decoding, envelope, fastintake, intake
from .errors import NotImplementedOperation, UnknownOperation, answer
from .operations import OPERATIONS, WEBEX_OPERATIONS, Context, Operation
from .schema import RequestSchema
from .schema import shared as shared_schema
from .stubs import respond

log = logging.getLogger("mockserver")


@dataclass
class Outcome:
    """What one call did: the answer, and the facts a journal or log wants."""

    body: bytes
    result: str = "SUCCESS"
    operation: str | None = None
    site: str | None = None
    user: str | None = None
    exception_id: str | None = None
    reason: str | None = None
    meeting_key: int | None = None
    latency_ms: float = 0.0
    #: the call's instant (epoch ms): the namespace's clock, read once when the call started
    now_ms: int = 0
    #: validated request data (for the journal; redacted there)
    payload: dict[str, Any] | None = None
    #: the request's XML document as decoded (for the journal and the log; redacted there); when the body could not
    #: be decoded, what can be read of it (decoding.readable)
    request_text: str | None = None
    #: False when the document was never read (not decoded, or not XML): the journal masks it with more care
    request_decoded: bool = True
    #: the fault rule that fired for this call, if any
    fault: FaultRule | None = None
    gsb_status: str = "PRIMARY"
    #: the operation changes state when it succeeds (the state file saves it)
    mutates: bool = False
    #: fidelity notes: where the call was accommodated, or answered by an ASSUMED choice
    notes: list[Note] = field(default_factory=list)
    #: the rules that changed or filled in a stored value (mockserver.domain.explain)
    rules: list[RuleFired] = field(default_factory=list)
    #: the collector that holds ``rules``, when the journal may take it (it may know them packed: a planned create's)
    fired: Fired | None = None
    #: the stub that answered this call, if any
    stub: StubRule | None = None
    #: asked to run on the event loop (``inline``), the call did not run: its operation walks many meetings
    #: (``@operation(walks=True)``) and must be handled again in a worker thread
    elsewhere: bool = False


class XMLService:
    """``fast``: read a well-formed request on the fast path (mockserver.xml.fastintake), which gives what the
    tolerant path gives, faster; False: every request takes the tolerant path (tests compare the two)."""

    def __init__(self, schema: RequestSchema | None = None, fast: bool = True) -> None:
        self.schema = schema or shared_schema()
        self.fast = fastintake.FastIntake(self.schema) if fast else None

    def handle(self, body: bytes, content_type: str | None, store: Store,
               faults: FaultSet | None = None, fidelity: str = LENIENT, stubs: StubSet | None = None,
               inline: bool = False) -> Outcome:
        """The call's outcome. ``inline``: the caller is the event loop; an operation that walks many meetings is
        then not run (``Outcome.elsewhere``: nothing was done, no fault drawn), for the caller to hand the same
        call to a worker thread."""
        started = time.perf_counter()
        notes = Notes(fidelity)
        outcome = Outcome(b"", notes=notes.items, now_ms=store.now_ms())  # the clock, read once a call
        starting.catch_up(store, outcome.now_ms)  # runs-as-scheduled: what the clock made happen since the last look
        call: intake.Call | None = None
        try:
            notes.holding = True
            read = self.fast.read(body, notes) if self.fast is not None else None
            if read is not None:
                outcome.request_text, call = read
            else:
                outcome.request_text = decoding.document_text(body, content_type, notes)
                call = intake.read_document(outcome.request_text, notes)
            outcome.operation = f"{call.service}.{call.operation}" if call.service else call.operation
            if inline and _walks(outcome.operation):
                outcome.elsewhere = True
                return outcome
            site = _named_site(store, call.credentials)  # resolved once: for faults, the journal and authentication
            outcome.site = site.siteName if isinstance(site, Site) else (
                call.credentials.site_name or call.credentials.site_id)
            outcome.user = call.credentials.webex_id or call.credentials.email
            notes.release()
            if faults is None or self._before(outcome, faults, store, call):
                self._run(outcome, call, store, notes, stubs, site)
        except WebexError as error:
            self._fail(outcome, call.service if call is not None else "", error, notes)
        except Exception:  # a bug in the mock must still answer like WebEx, never a 500
            log.exception("internal error while handling %s", outcome.operation)
            self._fail(outcome, call.service if call is not None else "",
                       InvalidRequest("Internal error in webex-mockserver; see its log"), notes)
        if call is None:  # the document was never read: the journal masks what can be read of it with more care
            outcome.request_decoded = False
            if outcome.request_text is None:
                outcome.request_text = decoding.readable(body, content_type)
        return self._finish(outcome, started)

    def _run(self, outcome: Outcome, call: intake.Call, store: Store, notes: Notes, stubs: StubSet | None,
             site: Site | SiteNotFound) -> None:
        """Dispatch, validate, authenticate and run the call's handler (or let a stub answer); its answer becomes
        the outcome's body. ``site``: the site the call names, or why it names none."""
        op = self._dispatch(call)
        outcome.mutates = op.mutates
        if not call.validated:  # the fast path's call is valid and holds nothing sent empty
            self.schema.drop_empty(call.message, notes)
            self.schema.check(call.message)
        if isinstance(site, SiteNotFound):  # refused once the request is known to be valid
            raise site
        principal = authenticate(store, site, call.credentials, outcome.now_ms, op.needs_user)
        outcome.user = principal.user.webExId if principal.user else outcome.user
        payload = self.schema.model.to_data(call.payload, call.operation, notes)
        outcome.payload = payload
        context = Context(store, principal, outcome.now_ms, notes=notes)
        try:
            stub = stubs.pick(op.qualified, outcome.site, outcome.user, payload) if stubs is not None else None
            if stub is None:
                inner = op.handler(context, payload)
                outcome.body = envelope.success(op.service, op.response_type, inner, outcome.gsb_status)
                outcome.rules, outcome.fired = context.fired.items, context.fired
            else:
                answered = respond(stub, outcome.gsb_status, lambda: op.handler(context, payload))
                outcome.body, outcome.result, outcome.stub = answered.body, answered.result, stub
                outcome.exception_id, outcome.reason = answered.exception_id, answered.reason
                outcome.mutates = op.mutates and answered.ran
                outcome.rules = context.fired.items if answered.ran else []
        finally:  # the call's meeting, whether it succeeded or not: the one it touched, else the one it named
            outcome.meeting_key = context.meeting_key or _named_key(payload)

    @staticmethod
    def _finish(outcome: Outcome, started: float) -> Outcome:
        outcome.latency_ms = (time.perf_counter() - started) * 1000
        return outcome

    @staticmethod
    def _before(outcome: Outcome, faults: FaultSet, store: Store, call: intake.Call) -> bool:
        """The fault rule that fires for this call, if any, acts (mockserver.controls.faults); False: do not run it."""
        rule = outcome.fault = faults.pick(outcome.operation, outcome.site, outcome.user)
        before = before_call(rule, lambda: store.expire_ticket(call.credentials.session_ticket or ""))
        outcome.gsb_status = before.gsb_status
        if rule is not None and not before.runs:
            outcome.reason = f"fault {rule.id} ({rule.action}): the operation did not run"
        return before.runs

    def _dispatch(self, call: intake.Call) -> Operation:
        name = f"{call.service}.{call.operation}"
        op = OPERATIONS.get(name)
        if op is not None and call.operation in self.schema.operations():
            return op
        if name in WEBEX_OPERATIONS:
            raise NotImplementedOperation(
                f"Fail to forward request:{clip(call.xsi_type.strip())} is a WebEx operation that "
                "webex-mockserver does not implement")
        choices = [f"java:{intake.BINDING}{known}" for known in sorted(OPERATIONS)]
        asked = call.xsi_type.strip()
        if not asked.startswith("java:"):
            asked = "java:" + (asked if asked.startswith(intake.BINDING) else intake.BINDING + asked)
        nearest = near(asked, choices, cutoff=0.5)
        hint = "; nearest known operations: " + ", ".join(nearest) if nearest else ""
        raise UnknownOperation(f"Fail to forward request:unknown bodyContent type '{clip(call.xsi_type)}'{hint}")

    @staticmethod
    def _fail(outcome: Outcome, service: str, error: WebexError, notes: Notes | None = None) -> None:
        answered = answer(error)
        if notes is not None and answered.chosen_by_us and not isinstance(error, NotDocumented):
            notes.assume("assumed-exception", "exceptionID",
                         f"FAILURE {answered.exception_id} ({type(error).__name__}) is our choice: {answered.source}")
        outcome.body = envelope.failure(service, error, outcome.gsb_status)
        outcome.mutates = False  # nothing changed: nothing to save
        outcome.result = "FAILURE"
        outcome.exception_id = answered.exception_id
        outcome.reason = error.text


def save_or_fail(save: Callable[[], None], outcome: Outcome) -> Outcome:
    """``save()`` a successful change; when the state file could not be saved (and the change was therefore undone),
    the answer becomes a FAILURE (999999 ASSUMED) saying so."""
    try:
        save()
    except StateFileError as exc:
        error = InvalidRequest(str(exc))
        service = (outcome.operation or "").split(".", 1)[0]
        return dataclasses.replace(outcome, body=envelope.failure(service, error, outcome.gsb_status),
                                   result="FAILURE", exception_id=answer(error).exception_id, reason=error.text)
    return outcome


def _walks(operation: str) -> bool:
    found = OPERATIONS.get(operation)
    return found is not None and found.walks


def _named_site(store: Store, credentials: Credentials) -> Site | SiteNotFound:
    """The site a call names, before the request is validated, or the error that says it names none."""
    try:
        return resolve_site(store, credentials)
    except SiteNotFound as error:
        return error
    except ValueError:  # a siteID that is no number: the request's validation refuses it first
        return SiteNotFound()


def _named_key(payload: dict[str, Any]) -> int | None:
    """The meeting (or session) key a request names, if any (the first, where the request's XSD lets it repeat)."""
    key = payload.get("meetingKey") or payload.get("meetingkey") or payload.get("sessionKey")
    if isinstance(key, list):
        key = key[0]
    return int(key) if key else None
