"""The request journal: every call recorded, redacted, before its answer is sent.

What an entry holds (docs/admin-api.md "Logs and the journal"; :mod:`.journalform`): the request and the answer as
masked bytes, UTF-8, decoded when read; the payload marshalled, masked -- or nothing, when the masked request gives
the payload again (its face's reader, handed to :meth:`Journal.record`, reads it from the request when the entry is
read). Whatever a body decoded to can be held this way (a lone surrogate of UTF-7 is kept escaped, ``\\ud800``),
and a reader decodes anything else escaped, so no entry can make the journal unreadable.

Bounded four ways: each request and answer text is clipped to BODY_LIMIT characters and a payload whose JSON is
longer than PAYLOAD_LIMIT is replaced by a ``{"_clipped": …}`` marker; the journal of a namespace keeps at most
``limit`` entries and ``max_bytes`` of them; the journals of all namespaces together keep at most their shared
:class:`JournalBudget`. An entry is weighed by the bytes it holds (JournalEntry.size). The oldest entries are evicted
first and counted in the ``evicted`` of their journal, so a long-running backend never grows without limit and a test
can see that it happened.
"""

from __future__ import annotations

import itertools
import marshal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from ..base.fidelity import Note
from ..config import DEFAULT_JOURNAL_BYTES
from ..domain import explain
from ..domain.explain import RuleFired
from . import journalform as form
from .journalform import Reader

DEFAULT_LIMIT = 10_000
#: characters of each request and answer body kept per entry, and of a payload's JSON (:mod:`.journalform`)
BODY_LIMIT, PAYLOAD_LIMIT = form.BODY_LIMIT, form.PAYLOAD_LIMIT
#: the journal of one namespace keeps at most this many bytes of entries (see JournalEntry.size)
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
#: the journals of all namespaces together keep at most this many bytes (config ``max_journal_bytes``)
DEFAULT_BUDGET_BYTES = DEFAULT_JOURNAL_BYTES
#: what an entry holds beyond its bytes objects' contents and its strings: the tuple of its fields (208 bytes), the
#: headers of its five bytes objects (165), its three floats and four ints (188), and its places in its journal and in
#: the budget's order (16): 577
ENTRY_OVERHEAD = 608


@dataclass
class JournalEntry:
    id: int
    time: float                      # epoch seconds
    namespace: str
    operation: str | None
    site: str | None
    user: str | None
    result: str                      # SUCCESS, FAILURE, or FAULT (an http_error or drop fault answered)
    exception_id: str | None
    reason: str | None
    meeting_key: int | None
    latency_ms: float                # the whole call, recording included
    http_status: int
    request: str                     # the request as decoded (XML of a form field too), secrets masked, clipped
    response: str                    # the answer body, secrets masked, clipped
    payload: dict[str, Any] = field(default_factory=dict)  # validated request data, secrets masked, or clipped
    fault: str | None = None         # the id of the fault rule that shaped the answer, if any
    notes: list[Note] = field(default_factory=list)  # fidelity notes (mockserver.base.fidelity)
    rules: list[RuleFired] = field(default_factory=list)  # rules that changed a stored value (domain.explain)
    stub: str | None = None          # the id of the stub that answered, if any (mockserver.controls.stubs)
    mock_time: float | None = None   # epoch seconds on the namespace's clock when the call started (docs/time.md)
    #: bytes this entry holds (what the journal's max_bytes and the budget count)
    size: int = field(default=0, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The entry as the admin API shows it (the payload is not copied)."""
        facts = {name: getattr(self, name) for name in _SHOWN}
        facts["notes"] = [note.to_dict() for note in self.notes]
        facts["rules"] = [rule.to_dict() for rule in self.rules]
        return facts


_SHOWN = [name for name in JournalEntry.__dataclass_fields__ if name not in ("notes", "rules", "size")]


def _same_operation(recorded: str | None, wanted: str) -> bool:
    """``CreateMeeting`` matches ``meeting.CreateMeeting``; case-sensitive like WebEx."""
    if recorded is None:
        return False
    return recorded == wanted or recorded.rsplit(".", 1)[-1] == wanted


def _fill(ordered: list[HeldEntry], limit: int, max_bytes: int) -> list[HeldEntry]:
    """The first of ``ordered``: at most ``limit`` of them and ``max_bytes`` of their sizes, at least one."""
    shown: list[HeldEntry] = []
    weight = 0
    for held in ordered:
        # a payload not kept is read from the request, and is about as long as it at most
        size = held[_SIZE] + (0 if isinstance(held[_PAYLOAD], bytes) else len(held[_REQUEST]))
        if len(shown) == limit or (shown and weight + size > max_bytes):
            break
        shown.append(held)
        weight += size
    return shown


# -- how the journal holds an entry ------------------------------------------------------------------------
#: an entry as kept (made by Journal.record, in the order of JournalEntry's fields): one plain tuple of strings,
#: numbers and bytes: the request and the answer masked, UTF-8; the payload, the notes and the rules marshalled
#: (each note a tuple of strings; each rule too, but a rule every call fires the same, a fixed default say, as its
#: number in :data:`.explain.SHARED`) -- the payload, or the number of the reader that reads it from the request
#: (:mod:`.journalform`), when the request gives it again. The garbage collector stops tracking such tuples,
#: so a full journal costs a collection nothing: held as JournalEntry objects, 10,000 CreateMeetings (about 34 rules
#: each) were ~480,000 tracked objects and a ~280 ms full collection, a pause every few thousand calls. Every byte it
#: holds is counted (``size``). Decoded into an JournalEntry only when read.
HeldEntry = tuple[Any, ...]
_FIELDS = tuple(JournalEntry.__dataclass_fields__)
_AT = {name: index for index, name in enumerate(_FIELDS)}
_ID, _SIZE, _PAYLOAD, _NOTES, _RULES, _OPERATION, _SITE, _USER, _MEETING_KEY, _RESULT, _REQUEST = (
    _AT[name] for name in ("id", "size", "payload", "notes", "rules", "operation", "site", "user", "meeting_key",
                           "result", "request"))
#: the fields a reader decodes: the held texts, and the strings a client's value may have reached
_TEXTS = tuple(_AT[name] for name in ("request", "response"))
_STRINGS = tuple(_AT[name] for name in ("namespace", "operation", "site", "user", "exception_id", "reason", "fault",
                                        "stub"))


def _entry(held: HeldEntry, payload: bool = True) -> JournalEntry:
    values = dict(zip(_FIELDS, held, strict=True))
    for index in _TEXTS:
        values[_FIELDS[index]] = form.shown(held[index])
    for index in _STRINGS:
        if held[index] is not None and not held[index].isascii():
            values[_FIELDS[index]] = form.writable(held[index])
    kept = held[_PAYLOAD]
    values["payload"] = ({} if not payload else marshal.loads(kept) if isinstance(kept, bytes)
                         else form.derived(kept, values["request"], held[_ID]))
    values["notes"] = [Note._make(map(form.writable, note)) for note in marshal.loads(held[_NOTES])]
    values["rules"] = explain.unpacked(held[_RULES])
    return JournalEntry(**values)


def _matches(held: HeldEntry, operation: str | None = None, site: str | None = None, user: str | None = None,
             meeting_key: int | None = None, result: str | None = None) -> bool:
    return ((operation is None or _same_operation(held[_OPERATION], operation))
            and _same_name(held[_SITE], site) and _same_name(held[_USER], user)
            and (meeting_key is None or held[_MEETING_KEY] == int(meeting_key))
            and (result is None or held[_RESULT] == result.upper()))


def _same_name(recorded: str | None, wanted: str | None) -> bool:
    """No name wanted, or the recorded one in any case."""
    return wanted is None or (recorded or "").lower() == wanted.lower()


def _held_notes(notes: list[Note] | tuple[Note, ...]) -> bytes:
    """The notes as an entry holds them, marshalled: one bytes object for the entries of the same notes (most calls
    of a kind note the same)."""
    key = tuple(notes)
    try:
        held = _NOTES_HELD.get(key)
    except TypeError:  # a note of a value that is not hashable: marshalled as it is
        return marshal.dumps(tuple(map(tuple, notes)))
    if held is None:
        held = marshal.dumps(tuple(map(tuple, notes)))
        if len(_NOTES_HELD) >= _NOTES_KEPT:
            _NOTES_HELD.clear()
        _NOTES_HELD[key] = held
    return held


#: notes as entries hold them, by the notes (at most _NOTES_KEPT; past it, forgotten all at once)
_NOTES_HELD: dict[tuple[Note, ...], bytes] = {}
_NOTES_KEPT = 256


class JournalBudget:
    """The bytes the journals of all namespaces may hold together (``max_journal_bytes``), shared by them: past it,
    the oldest entry of any journal is evicted (and counted in that journal's ``evicted``).

    It keeps the journal of every entry held, oldest first (``_order``). An entry a journal evicted itself, or
    cleared, leaves its place there behind: each journal counts its own such places (``_stale``), which are always
    its first ones, so they are skipped when met, and the order is rebuilt without them once they are most of it."""

    def __init__(self, max_bytes: int = DEFAULT_BUDGET_BYTES) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        #: the one lock of every journal sharing this budget (an entry of one may evict an entry of another)
        self.lock = threading.Lock()
        self._order: deque[Journal] = deque()
        self._stale = 0

    def _settle(self, newest: Journal) -> None:
        """Evict the oldest entries until the budget holds (never the entry just recorded in ``newest``), and drop
        the places left behind once they are most of the order (under the lock)."""
        order = self._order
        while self.size > self.max_bytes:
            journal = order.popleft()
            if journal._stale:
                journal._stale -= 1
                self._stale -= 1
            elif journal is newest and len(journal._entries) == 1:
                order.appendleft(journal)
                break
            else:
                journal._drop_oldest()
        if self._stale > _COMPACT_AFTER and 2 * self._stale > len(order):
            kept: deque[Journal] = deque()
            for journal in order:
                if journal._stale:
                    journal._stale -= 1
                else:
                    kept.append(journal)
            self._order, self._stale = kept, 0


#: places of evicted entries the budget's order may hold before it is rebuilt (and then only when they are most of it)
_COMPACT_AFTER = 1024


class Journal:
    _ids = itertools.count(1)

    def __init__(self, limit: int = DEFAULT_LIMIT, max_bytes: int = DEFAULT_MAX_BYTES,
                 budget: JournalBudget | None = None) -> None:
        self.limit = limit
        self.max_bytes = max_bytes
        #: shared by the journals of all namespaces (Tenancy makes one); a journal of its own has its own
        self.budget = budget if budget is not None else JournalBudget()
        self._entries: deque[HeldEntry] = deque()
        self._lock = self.budget.lock
        self.evicted = 0
        #: bytes of the entries held (JournalEntry.size)
        self.size = 0
        #: places this journal's evicted entries left in the budget's order (JournalBudget)
        self._stale = 0

    def record(self, *, namespace: str, request: str | bytes, response: bytes | form.Filled, started: float,
               http_status: int = 200,
               payload: dict[str, Any] | None = None, latency_ms: float, operation: str | None, site: str | None,
               user: str | None, result: str, exception_id: str | None, reason: str | None,
               meeting_key: int | None, fault: str | None = None, notes: list[Note] | tuple[Note, ...] = (),
               rules: list[RuleFired] | tuple[RuleFired, ...] | explain.Fired = (), stub: str | None = None,
               undecoded: bool = False, mock_time: float | None = None,
               payload_from: Reader | None = None) -> HeldEntry:
        """Record one call; what is kept (:meth:`entry` reads it). ``request`` is the request text as decoded; when
        the body could not be decoded, what could be read of it (``undecoded``), or its bytes. ``latency_ms`` is the
        time spent before ``started`` (a ``time.perf_counter()``), to which the time until the entry is kept is
        added. ``payload_from``: a function (of the module level: it is kept for good) that reads the payload,
        masked, from the masked request; when the request allows it, the payload is read so when the entry is
        read, and not kept. ``response``: the answer's bytes, or an answer masked already and held filled
        (:func:`.journalform.filled`)."""
        if isinstance(request, bytes):
            request, undecoded = form.undecoded_text(request), True
        kept_request, derived = form.request(request, undecoded, payload_from is not None and bool(payload))
        kept_payload: bytes | int = form.reader(payload_from) if derived and payload_from else form.payload(payload)
        answer = response if isinstance(response, tuple) else form.body(response.decode("utf-8", "replace"))
        kept_notes = _held_notes(notes) if notes else form.NONE
        kept_rules = rules.packed() if isinstance(rules, explain.Fired) else explain.packed(rules) if rules \
            else form.NONE
        size = (ENTRY_OVERHEAD + (len(kept_payload) if isinstance(kept_payload, bytes) else 0) + len(kept_request)
                + form.held_length(answer) + len(kept_notes) + len(kept_rules)
                + sum(map(sys.getsizeof, filter(None, (namespace, operation, site, user, result, exception_id, reason,
                                                       fault, stub)))))
        held = (next(self._ids), time.time(), namespace, operation, site, user, result, exception_id, reason,
                meeting_key, round(latency_ms + (time.perf_counter() - started) * 1000, 3), http_status, kept_request,
                answer, kept_payload, fault, kept_notes, kept_rules, stub, mock_time, size)
        budget = self.budget
        with self._lock:
            self._entries.append(held)
            self.size += size
            budget.size += size
            budget._order.append(self)
            while len(self._entries) > self.limit or (self.size > self.max_bytes and len(self._entries) > 1):
                self._drop_oldest()
                self._stale += 1
                budget._stale += 1
            if budget.size > budget.max_bytes or budget._stale > _COMPACT_AFTER:
                budget._settle(self)
        return held

    def _drop_oldest(self) -> None:
        """Evict the oldest entry (under the lock); the caller accounts for its place in the budget's order."""
        size = self._entries.popleft()[_SIZE]
        self.size -= size
        self.budget.size -= size
        self.evicted += 1

    @staticmethod
    def entry(held: HeldEntry, payload: bool = True) -> JournalEntry:
        """A recorded call as an :class:`JournalEntry`; without its ``payload`` (left empty) when not wanted (a log
        line reads none, and a payload not kept is read from the request)."""
        return _entry(held, payload)

    def entries(self, **filters: Any) -> list[JournalEntry]:
        return [_entry(held) for held in self._matching(filters)]

    def _matching(self, filters: dict[str, Any]) -> list[HeldEntry]:
        with self._lock:
            snapshot = list(self._entries)
        wanted = {k: v for k, v in filters.items() if v is not None}
        return [held for held in snapshot if _matches(held, **wanted)] if wanted else snapshot

    def page(self, limit: int, max_bytes: int, before: int | None = None, after: int | None = None,
             **filters: Any) -> tuple[list[JournalEntry], int, bool]:
        """At most ``limit`` matching entries, and no more than ``max_bytes`` of them (at least one), oldest first:
        the first ones after id ``after`` if given, else the last ones before id ``before`` (or the newest).
        Returns the page, how many entries match the filters, and whether more lie beyond the page."""
        matching = self._matching(filters)
        window = [held for held in matching
                  if (after is None or held[_ID] > after) and (before is None or held[_ID] < before)]
        shown = _fill(window if after is not None else window[::-1], limit, max_bytes)
        more = len(shown) < len(window)
        return [_entry(held) for held in (shown if after is not None else shown[::-1])], len(matching), more

    def clear(self) -> None:
        with self._lock:
            self.budget.size -= self.size
            self._stale += len(self._entries)
            self.budget._stale += len(self._entries)
            self._entries.clear()
            self.evicted = 0
            self.size = 0

    def __len__(self) -> int:
        return len(self._entries)
