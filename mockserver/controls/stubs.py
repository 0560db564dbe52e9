"""Canned answers (stubs): for chosen calls, answer a given body instead of what the operation would answer.

A stub matches by operation (required), site, user, payload values (``where``: path -> text, all must equal,
the paths of ``assert_called``) and the ``nth`` matching call, at most ``times`` times; it answers either a
full answer of its API face (``body``: an XML envelope's text, or a REST operation's JSON value with its HTTP
``status``) or a SUCCESS answer around a fragment (``bodyContent``, XML). With
``run_operation`` the real operation runs first (its change is stored, its rules recorded), and the stub answers
all the same.

This module is the face-neutral half: what a stub is and which call it answers. The face of the stub's operation
checks its answer when it is added and renders it when it answers (the XML face: :mod:`mockserver.xml.stubs`).
A stub is consulted only for calls the mock would run: read, validated, authenticated, and let through by the
faults (docs "Faults and stubs": precedence).
"""

from __future__ import annotations

import itertools
import json
from dataclasses import asdict, dataclass
from typing import Any

from .matching import RuleSet, check_counts, covers, due

#: the largest answer a stub may hold (its body or bodyContent, in UTF-8): larger ones are refused (400)
MAX_STUB_BODY_BYTES = 1024 * 1024


@dataclass
class StubRule:
    operation: str                    # CreateMeeting or meeting.CreateMeeting
    site: str | None = None
    user: str | None = None
    where: dict[str, str] | None = None   # payload path -> value as text; all must equal
    nth: int | None = None            # only the nth matching call (1-based)
    times: int | None = None          # at most this many answers
    #: a full answer of the operation's face (XML: the envelope's text; REST: the JSON value answered) ...
    body: str | dict[str, Any] | list[Any] | None = None
    bodyContent: str | None = None    # ... or the inside of a SUCCESS answer (XML: serv:bodyContent)
    status: int | None = None         # REST: the answer's HTTP status (None: 200)
    run_operation: bool = False       # run the real operation first (its change is kept)
    id: str = ""
    matched: int = 0
    hits: int = 0

    def __post_init__(self) -> None:
        #: what the face of the operation made of the answer when the stub was added (the XML face: the body's
        #: facts, parsed once), so that no call parses it again; not a field: never shown, never given
        self.answer: object = None
        check_counts(self.nth, self.times)
        if (self.body is None) == (self.bodyContent is None):
            raise ValueError("give either body (a full envelope) or bodyContent (a fragment), not both or neither")
        field, text = ("body", self.body) if self.body is not None else ("bodyContent", self.bodyContent or "")
        if not isinstance(text, str):
            text = json.dumps(text, ensure_ascii=False)
        if len(text) > MAX_STUB_BODY_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_STUB_BODY_BYTES:
            raise ValueError(f"{field} is larger than {MAX_STUB_BODY_BYTES} bytes (UTF-8), the most a stub may "
                             "answer (controls.stubs.MAX_STUB_BODY_BYTES)")
        if any(not path.strip("/") for path in self.where or {}):
            raise ValueError("where: every path names a payload element, e.g. metaData/confName")
        #: the where paths split once: (their parts, the value wanted)
        self._where = [(tuple(p for p in path.split("/") if p), value) for path, value in (self.where or {}).items()]

    def holds(self, payload: dict[str, Any]) -> bool:
        return all(_lookup(payload, parts) == value for parts, value in self._where)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _lookup(data: Any, path: tuple[str, ...]) -> str | None:
    """The text at ``path`` (``metaData/confName``, ``participants/attendees/attendee/0/person/email``, split)."""
    for part in path:
        if isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        elif isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return None
    return data if isinstance(data, str) else None


class StubSet(RuleSet[StubRule]):
    """The stubs of one namespace, first added first consulted."""

    _ids = itertools.count(1)

    def __init__(self) -> None:
        super().__init__("stub", StubRule, ("id", "matched", "hits"))

    def pick(self, operation: str, site: str | None, user: str | None, payload: dict[str, Any]) -> StubRule | None:
        """The first stub that answers this call (its counters updated), or None."""
        with self._lock:
            for stub in self.candidates(operation):
                if not (covers(stub, operation, site, user) and stub.holds(payload)):
                    continue
                stub.matched += 1
                if due(stub.matched, stub.nth, stub.hits, stub.times):
                    stub.hits += 1
                    return stub
            return None
