"""Fault rules: make chosen calls fail the way real networks and WebEx fail -- the one place for faults.

Two entry points: :func:`before_call` (what a rule does before the operation runs: runs it, refuses it
with a WebEx FAILURE, or leaves the answer to :func:`shape_answer`) and :func:`shape_answer` (what it does
to the answer: late, an HTTP error page, half of it, or a dropped connection).

A rule matches by operation, site, user, the nth matching call and a
probability, and then does one thing:

===============  ================================================================
``failure``      a WebEx FAILURE with the chosen ``exceptionID`` and ``reason``;
                 the operation is not executed
``gsb_backup``   the call runs normally; the answer says ``gsbStatus`` BACKUP
``expire_ticket`` the session ticket in the call is expired: 030047, ticket gone
``delay``        the answer is sent ``delay_ms`` late (the call runs normally)
``http_error``   HTTP ``status`` (500, 502, 503 …) with a proxy-style body; not executed
``truncate``     the call runs; only the first half of the answer bytes is sent
``drop``         the connection is closed without an answer; not executed
===============  ================================================================
"""

from __future__ import annotations

import asyncio
import itertools
import random
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from http import HTTPStatus
from typing import Any

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from ..base.errors import InvalidSessionTicket, Kind, WebexError
from .matching import RuleSet, check_counts, covers, due

ACTIONS = ("failure", "gsb_backup", "expire_ticket", "delay", "http_error", "truncate", "drop")
#: actions the app answers itself: the operation never runs and the client gets no WebEx answer
ANSWERED_BY_THE_FAULT = ("http_error", "drop")
PROXY_ERROR = "<html><head><title>{0} {1}</title></head><body><h1>{0}</h1>" \
              "<p>The server is temporarily unable to service your request.</p></body></html>"
#: what httpx says of a connection closed like 'drop' does; in-process transports raise its RemoteProtocolError
DROPPED = "peer closed connection without sending complete message body (received 0 bytes, expected 512)"
#: what a reason may not hold: control characters but tab and newline (XML 1.0 cannot carry most; a CR would
#: come back as a newline), lone surrogates (no UTF-8 for them), U+FFFE and U+FFFF (no XML characters)
_NOT_IN_A_REASON = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass
class FaultRule:
    action: str
    operation: str | None = None
    site: str | None = None
    user: str | None = None
    nth: int | None = None            # only the nth matching call (1-based)
    times: int | None = None          # at most this many firings
    probability: float = 1.0
    exception_id: str = "000000"
    reason: str = "Fault injected by webex-mockserver"
    delay_ms: int = 0
    status: int = 503
    retry_after: int | None = None    # http_error: the Retry-After header (seconds) of a REST answer
    id: str = ""
    matched: int = 0
    fired: int = 0

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown fault action {self.action!r}; one of {', '.join(ACTIONS)}")
        if not (0.0 <= float(self.probability) <= 1.0):
            raise ValueError("probability must be between 0 and 1")
        self._check_answer()
        self._check_timing()

    def _check_answer(self) -> None:
        """What the rule answers fits in a WebEx answer (or is an HTTP error status)."""
        if len(self.exception_id) != 6 or not (self.exception_id.isascii() and self.exception_id.isdigit()):
            raise ValueError("exception_id must be six ASCII digits (0-9), e.g. 060001")
        bad = _NOT_IN_A_REASON.search(self.reason)
        if bad is not None:
            raise ValueError(f"fault field 'reason' must not hold U+{ord(bad.group()):04X} (control characters other "
                             "than tab and newline, lone surrogates, U+FFFE and U+FFFF would break the answers)")
        if self.action == "http_error" and not 400 <= int(self.status) <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        if self.retry_after is not None and not 0 <= self.retry_after <= 86_400:
            raise ValueError("retry_after must be between 0 and 86400 (seconds)")

    def _check_timing(self) -> None:
        if self.delay_ms < 0 or self.delay_ms > 120_000:
            raise ValueError("delay_ms must be between 0 and 120000")
        check_counts(self.nth, self.times)

    def covers(self, operation: str | None, site: str | None, user: str | None) -> bool:
        return covers(self, operation, site, user)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class FaultSet(RuleSet[FaultRule]):
    _ids = itertools.count(1)

    def __init__(self, seed: int | None = None) -> None:
        super().__init__("fault", FaultRule, ("id", "matched", "fired"))
        self._rng = random.Random(seed)

    def reseed(self, seed: int | None) -> None:
        """Make the probability draws deterministic from here on."""
        with self._lock:
            self._rng = random.Random(seed)

    def pick(self, operation: str | None, site: str | None, user: str | None,
             actions: tuple[str, ...] = ACTIONS) -> FaultRule | None:
        """The first rule that fires for this call (counters updated), or None. ``actions``: what the call's face
        can do (a REST call: no WebEx FAILURE); a rule of another action (one that names no operation) leaves the
        call alone and does not count it."""
        if not self._rules:  # none at all (the usual call): no lock taken
            return None
        with self._lock:
            for rule in self.candidates(operation):
                if rule.action not in actions or not rule.covers(operation, site, user):
                    continue
                rule.matched += 1
                if not due(rule.matched, rule.nth, rule.fired, rule.times):
                    continue
                if rule.probability < 1.0 and self._rng.random() >= rule.probability:
                    continue
                rule.fired += 1
                return rule
            return None


# -- what a rule does -------------------------------------------------------------------------------------


class InjectedFailure(WebexError):
    """The FAILURE a ``failure`` rule answers: its text is the rule's ``reason``, and each face answers what the
    rule chose (the XML face: the rule's ``exception_id``, mockserver.xml.errors)."""

    kind = Kind.INJECTED
    message = FaultRule.reason

    def __init__(self, rule: FaultRule) -> None:
        super().__init__(rule.reason)
        self.rule = rule


@dataclass(frozen=True)
class Before:
    runs: bool = True             # the operation runs (else the answer is the fault's own)
    gsb_status: str = "PRIMARY"


def before_call(rule: FaultRule | None, expire_ticket: Callable[[], object]) -> Before:
    """What ``rule`` does before the operation runs. Raises the FAILURE of ``failure`` and ``expire_ticket``
    (``expire_ticket()`` expires the call's session ticket first)."""
    if rule is None:
        return Before()
    if rule.action == "gsb_backup":
        return Before(gsb_status="BACKUP")
    if rule.action == "failure":
        raise InjectedFailure(rule)
    if rule.action == "expire_ticket":
        expire_ticket()
        raise InvalidSessionTicket()
    return Before(runs=rule.action not in ANSWERED_BY_THE_FAULT)


class DroppedConnection(Exception):
    """Raised after the answer has started, so the server closes the connection (fault 'drop')."""


@dataclass(frozen=True)
class Shaped:
    status: int
    body: bytes
    drop: bool = False


async def shape_answer(rule: FaultRule | None, body: bytes) -> Shaped:
    """What ``rule`` does to the answer ``body``: sent late, replaced by an HTTP error page, cut in half,
    or never sent (the connection is dropped)."""
    if rule is None:
        return Shaped(200, body)
    if rule.action == "delay":
        await sleep_at_least(rule.delay_ms / 1000)
    if rule.action == "http_error":
        return Shaped(rule.status, PROXY_ERROR.format(rule.status, _phrase(rule.status)).encode())
    if rule.action == "truncate":
        return Shaped(200, body[: len(body) // 2])
    return Shaped(200, body, drop=rule.action == "drop")


async def sleep_at_least(seconds: float) -> None:
    """A delay fault's wait, never shorter than asked: ``asyncio.sleep`` may wake a little early (uvloop's timers
    run on the loop's cached clock, which can lag the real one by up to a millisecond)."""
    deadline = time.perf_counter() + seconds
    while (left := deadline - time.perf_counter()) > 0:
        await asyncio.sleep(left)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


class DroppedAnswer(Response):
    """Starts a 512-byte answer and closes the connection before a byte of its body."""

    def __init__(self, content_type: str = "text/xml;charset=UTF-8") -> None:
        super().__init__(status_code=200)
        self.content_type = content_type

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", self.content_type.encode("latin-1")), (b"content-length", b"512")]})
        raise DroppedConnection("fault: connection dropped")
