"""The request journal: every call recorded, redacted, before its answer is sent.

Bounded: the oldest entries are evicted first and counted, so a long-running
backend never grows without limit and a test can see that it happened.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

from . import redact
from .fidelity import Note

DEFAULT_LIMIT = 10_000
#: characters of each request and answer body kept per entry (bounds the journal's memory)
BODY_LIMIT = 64 * 1024


@dataclass
class Entry:
    id: int
    time: float                      # epoch seconds
    namespace: str
    operation: str | None
    site: str | None
    user: str | None
    result: str
    exception_id: str | None
    reason: str | None
    meeting_key: int | None
    latency_ms: float
    http_status: int
    request: str                     # the request body, secrets masked
    response: str                    # the answer body, secrets masked
    payload: dict[str, Any] = field(default_factory=dict)  # validated request data, secrets masked
    fault: str | None = None         # the id of the fault rule that shaped the answer, if any
    notes: list[Note] = field(default_factory=list)  # fidelity notes (mockserver.fidelity)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def matches(self, operation: str | None = None, site: str | None = None, user: str | None = None,
                meeting_key: int | None = None, result: str | None = None) -> bool:
        return ((operation is None or _same_operation(self.operation, operation))
                and (site is None or (self.site or "").lower() == site.lower())
                and (user is None or (self.user or "").lower() == user.lower())
                and (meeting_key is None or self.meeting_key == int(meeting_key))
                and (result is None or self.result == result.upper()))


def _same_operation(recorded: str | None, wanted: str) -> bool:
    """``CreateMeeting`` matches ``meeting.CreateMeeting``; case-sensitive like WebEx."""
    if recorded is None:
        return False
    return recorded == wanted or recorded.rsplit(".", 1)[-1] == wanted


def _text(body: bytes) -> str:
    # redact first, then clip, so a cut can never expose part of a secret
    text = redact.xml_text(body.decode("utf-8", "replace"))
    if len(text) <= BODY_LIMIT:
        return text
    return text[:BODY_LIMIT] + f"… ({len(text) - BODY_LIMIT} characters not kept)"


class Journal:
    _ids = itertools.count(1)

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self.limit = limit
        self._entries: deque[Entry] = deque()
        self._lock = threading.Lock()
        self.evicted = 0

    def record(self, *, namespace: str, request: bytes, response: bytes, http_status: int = 200,
               payload: dict[str, Any] | None = None, **facts: Any) -> Entry:
        entry = Entry(id=next(self._ids), time=time.time(), namespace=namespace, http_status=http_status,
                      request=_text(request), response=_text(response),
                      payload=redact.data(payload or {}), **facts)
        with self._lock:
            self._entries.append(entry)
            while len(self._entries) > self.limit:
                self._entries.popleft()
                self.evicted += 1
        return entry

    def entries(self, **filters: Any) -> list[Entry]:
        with self._lock:
            snapshot: Iterable[Entry] = list(self._entries)
        wanted = {k: v for k, v in filters.items() if v is not None}
        return [e for e in snapshot if e.matches(**wanted)]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.evicted = 0

    def __len__(self) -> int:
        return len(self._entries)
