"""What faults and stubs share: which calls a rule names, the nth-and-times count, and a namespace's ordered set
of rules (kept apart from what a rule then does: :mod:`.faults`, :mod:`.stubs`)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from ..base.jsondoc import check_fields


class Matching(Protocol):
    """What a rule (a fault, a stub) names of the calls it matches; None: any."""

    @property
    def operation(self) -> str | None: ...
    @property
    def site(self) -> str | None: ...
    @property
    def user(self) -> str | None: ...


def covers(rule: Matching, operation: str | None, site: str | None, user: str | None) -> bool:
    """Whether a call of ``operation`` (``meeting.CreateMeeting``) on ``site`` by ``user`` is one ``rule`` names:
    the operation as qualified or short name, exactly; site and user in any case."""
    def same(wanted: str | None, actual: str | None, fold: bool = True) -> bool:
        if wanted is None:
            return True
        if actual is None:
            return False
        return wanted.lower() == actual.lower() if fold else wanted in (actual, actual.rsplit(".", 1)[-1])
    return same(rule.operation, operation, fold=False) and same(rule.site, site) and same(rule.user, user)


def check_counts(nth: int | None, times: int | None) -> None:
    if nth is not None and nth < 1:
        raise ValueError("nth counts matching calls from 1")
    if times is not None and times < 0:
        raise ValueError("times must not be negative")


def due(matched: int, nth: int | None, answered: int, times: int | None) -> bool:
    """Whether the ``matched``-th matching call is a rule's turn: its ``nth`` (if any), and fewer than ``times``
    answered so far (if limited)."""
    return (nth is None or matched == nth) and (times is None or answered < times)


class Identified(Protocol):
    id: str


R = TypeVar("R", bound=Identified)


class RuleSet(Generic[R]):
    """One namespace's rules of one kind (faults, stubs), in the order they were added; ids unique per server."""

    _ids: ClassVar[Iterator[int]]

    def __init__(self, kind: str, make: type[R], internal: tuple[str, ...]) -> None:
        self._kind, self._make, self._internal = kind, make, internal
        self._rules: list[R] = []
        self._lock = threading.Lock()

    def add(self, check: Callable[[R], None], /, **spec: Any) -> R:
        """A new rule from ``spec``, once ``check`` (what the API face of its operation requires: a known operation,
        an answer in the face's format) has let it through; ValueError names what is wrong. ``spec`` is checked as
        the admin API checks its JSON (the rule's field names, an unknown one refused listing them; JSON types), so
        a test's ``add_fault`` refuses exactly what ``POST /_mock/faults`` refuses."""
        check_fields(self._make, spec, self._kind, internal=self._internal)
        rule = self._make(**spec)
        check(rule)
        rule.id = f"{self._kind}-{next(self._ids)}"
        with self._lock:
            self._rules.append(rule)
        return rule

    def rules(self) -> list[R]:
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
