"""What faults and stubs share: which calls a rule names, the nth-and-times count, and a namespace's ordered set
of rules (kept apart from what a rule then does: :mod:`.faults`, :mod:`.stubs`)."""

from __future__ import annotations

import heapq
import itertools
import threading
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from ..base.jsondoc import check_fields

#: rules of one kind (faults, stubs) one namespace holds; one more is refused (the admin API: 400)
MAX_RULES = 1000


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
    wanted = rule.operation
    if wanted is not None and (operation is None or (wanted != operation and wanted != _short(operation))):
        return False
    return _same(rule.site, site) and _same(rule.user, user)


def _same(wanted: str | None, actual: str | None) -> bool:
    return wanted is None or (actual is not None and wanted.lower() == actual.lower())


def check_counts(nth: int | None, times: int | None) -> None:
    if nth is not None and nth < 1:
        raise ValueError("nth counts matching calls from 1")
    if times is not None and times < 0:
        raise ValueError("times must not be negative")


def due(matched: int, nth: int | None, answered: int, times: int | None) -> bool:
    """Whether the ``matched``-th matching call is a rule's turn: its ``nth`` (if any), and fewer than ``times``
    answered so far (if limited)."""
    return (nth is None or matched == nth) and (times is None or answered < times)


class Identified(Matching, Protocol):
    id: str


R = TypeVar("R", bound=Identified)


def _short(operation: str) -> str:
    """``CreateMeeting`` of ``meeting.CreateMeeting`` (and of ``CreateMeeting``): what the index files rules under."""
    return operation.rsplit(".", 1)[-1]


class RuleSet(Generic[R]):
    """One namespace's rules of one kind (faults, stubs), in the order they were added; ids unique per server.

    At most ``MAX_RULES``. A call examines only the rules that may cover it: they are filed by the operation they
    name (its short name), and the rules that name none (faults for any operation) are merged in, in order."""

    _ids: ClassVar[Iterator[int]]

    def __init__(self, kind: str, make: type[R], internal: tuple[str, ...]) -> None:
        self._kind, self._make, self._internal = kind, make, internal
        self._rules: list[R] = []
        #: (when it was added, rule) by the short name of the operation a rule names (None: any operation)
        self._by_operation: dict[str | None, list[tuple[int, R]]] = {}
        self._added = itertools.count()
        self._lock = threading.Lock()

    def add(self, check: Callable[[R], None], /, **spec: Any) -> R:
        """A new rule from ``spec``, once ``check`` (what the API face of its operation requires: a known operation,
        an answer in the face's format) has let it through; ValueError names what is wrong. ``spec`` is checked as
        the admin API checks its JSON (the rule's field names, an unknown one refused listing them; JSON types), so
        a test's ``add_fault`` refuses exactly what ``POST /_mock/faults`` refuses."""
        self._check_room()
        check_fields(self._make, spec, self._kind, internal=self._internal)
        rule = self._make(**spec)
        check(rule)
        rule.id = f"{self._kind}-{next(self._ids)}"
        with self._lock:
            self._check_room()
            self._rules.append(rule)
            key = _short(rule.operation) if rule.operation is not None else None
            self._by_operation.setdefault(key, []).append((next(self._added), rule))
        return rule

    def _check_room(self) -> None:
        if len(self._rules) >= MAX_RULES:
            raise ValueError(f"this namespace already holds {MAX_RULES} {self._kind}s, the most it may hold "
                             f"(controls.matching.MAX_RULES): remove some first")

    def candidates(self, operation: str | None) -> Iterable[R]:
        """The rules that may cover a call of ``operation``, in the order they were added (call with the lock
        held)."""
        named = self._by_operation.get(_short(operation), ()) if operation is not None else ()
        unnamed = self._by_operation.get(None, ())
        if not unnamed or not named:
            return (rule for _, rule in (named or unnamed))
        return (rule for _, rule in heapq.merge(named, unnamed, key=itemgetter(0)))

    def names(self, operation: str | None) -> bool:
        """Whether some rule may cover a call of ``operation`` (so that a face makes what they match only then)."""
        if not self._rules:  # none at all (the usual call): no lock taken
            return False
        with self._lock:
            return any(True for _ in self.candidates(operation))

    def rules(self) -> list[R]:
        with self._lock:
            return list(self._rules)

    def remove(self, rule_id: str) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [r for r in self._rules if r.id != rule_id]
            for key, filed in list(self._by_operation.items()):
                self._by_operation[key] = [(n, r) for n, r in filed if r.id != rule_id]
            return len(self._rules) != before

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()
            self._by_operation.clear()
