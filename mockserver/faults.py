"""Fault rules: make chosen calls fail the way real networks and WebEx fail.

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

import itertools
import random
import re
import threading
from dataclasses import asdict, dataclass
from typing import Any

ACTIONS = ("failure", "gsb_backup", "expire_ticket", "delay", "http_error", "truncate", "drop")
#: actions after which the operation itself never runs
NOT_EXECUTED = ("failure", "expire_ticket", "http_error", "drop")
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
    id: str = ""
    matched: int = 0
    fired: int = 0

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown fault action {self.action!r}; one of {', '.join(ACTIONS)}")
        if not (0.0 <= float(self.probability) <= 1.0):
            raise ValueError("probability must be between 0 and 1")
        if len(self.exception_id) != 6 or not self.exception_id.isdigit():
            raise ValueError("exception_id must be six digits, e.g. 060001")
        bad = _NOT_IN_A_REASON.search(self.reason)
        if bad is not None:
            raise ValueError(f"fault field 'reason' must not hold U+{ord(bad.group()):04X} (control characters other "
                             "than tab and newline, lone surrogates, U+FFFE and U+FFFF would break the answers)")
        if self.action == "http_error" and not 400 <= int(self.status) <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        if self.delay_ms < 0 or self.delay_ms > 120_000:
            raise ValueError("delay_ms must be between 0 and 120000")
        if self.nth is not None and self.nth < 1:
            raise ValueError("nth counts matching calls from 1")
        if self.times is not None and self.times < 0:
            raise ValueError("times must not be negative")

    def covers(self, operation: str | None, site: str | None, user: str | None) -> bool:
        def same(wanted: str | None, actual: str | None, fold: bool = True) -> bool:
            if wanted is None:
                return True
            if actual is None:
                return False
            return wanted.lower() == actual.lower() if fold else wanted in (actual, actual.rsplit(".", 1)[-1])
        return same(self.operation, operation, fold=False) and same(self.site, site) and same(self.user, user)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class FaultSet:
    _ids = itertools.count(1)

    def __init__(self, seed: int | None = None) -> None:
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()
        self._rng = random.Random(seed)

    def add(self, **spec: Any) -> FaultRule:
        known = set(FaultRule.__dataclass_fields__) - {"id", "matched", "fired"}
        unknown = set(spec) - known
        if unknown:
            raise ValueError(f"unknown fault fields: {', '.join(sorted(unknown))}")
        rule = FaultRule(**spec)
        rule.id = f"fault-{next(self._ids)}"
        with self._lock:
            self._rules.append(rule)
        return rule

    def reseed(self, seed: int | None) -> None:
        """Make the probability draws deterministic from here on."""
        with self._lock:
            self._rng = random.Random(seed)

    def rules(self) -> list[FaultRule]:
        with self._lock:
            return list(self._rules)

    def remove(self, rule_id: str) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [r for r in self._rules if r.id != rule_id]
            return len(self._rules) != before

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def pick(self, operation: str | None, site: str | None, user: str | None) -> FaultRule | None:
        """The first rule that fires for this call (counters updated), or None."""
        with self._lock:
            for rule in self._rules:
                if not rule.covers(operation, site, user):
                    continue
                rule.matched += 1
                if rule.nth is not None and rule.matched != rule.nth:
                    continue
                if rule.times is not None and rule.fired >= rule.times:
                    continue
                if rule.probability < 1.0 and self._rng.random() >= rule.probability:
                    continue
                rule.fired += 1
                return rule
            return None
