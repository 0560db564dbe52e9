"""Rule explanations: which of WebEx's meeting rules changed or filled in a stored value, and why.

:mod:`mockserver.domain.rules` writes a :class:`RuleFired` into the call's :class:`Fired` collector each time a
rule actually changes or defaults a value (never when the value sent was kept). The journal keeps them
with the call (``JournalEntry.rules``; ``GET /_mock/journal``; ``webex_mock.calls()[0].rules``). Every rule id is
in :data:`CATALOGUE`, with what it does and its source; the "Rules" table of docs/operations.md is this catalogue.
"""

from __future__ import annotations

import functools
import marshal
import threading
from collections.abc import Sequence
from typing import Any, NamedTuple

#: rule id -> (what it does, where that comes from); docs/operations.md "Rules" (tests/xml/test_rules_fired.py keeps
#: them in step)
CATALOGUE: dict[str, tuple[str, str]] = {
    "e2ee": ("`enableOptions/supportE2E` true ⇒ network-based recording (`autoRecord`), join before host "
             "(`schedule/openTime` → 0, `joinTeleconfBeforeHost` → false) and remote computer sharing "
             "(`supportRemoteComputer`) are stored **disabled**, silently (no error)",
             "CreateMeeting/SetMeeting docs (reference §12, S11)"),
    "nbr-auto-record": ("site setting `nbrAutoRecord` on ⇒ `autoRecord` stored true whatever was sent — **except** "
                        "an E2EE meeting, which cannot be network-recorded (E2EE wins)",
                        "CreateMeeting docs: the site option \"overrides autoRecord\" (reference §12, S11); E2EE "
                        "precedence is our reading of the E2EE rule"),
    "default": ("an element the request left out is stored with WebEx's default: `duration` 60, "
                "`maxUserNumber` 4, `listToPublic` true, `enforcePassword` true, `openTime` 0, "
                "`telephonySupport` NONE, `repeatType` NO_REPEAT, `autoRecord` false, …",
                "real 2020 capture (reference §3.1, S8); GetMeeting capture (reference §5)"),
    "site-enable-options": ("the `enableOptions` flags left out are stored as the site's session template "
                            "(`defaultEnableOptions`) has them; listed once, `after` naming them "
                            "(`chat=true, poll=true, …`)",
                            "CreateMeeting applies the site's session template (reference §3.5)"),
    "meeting-type": ("`metaData/meetingType` left out or -1 ⇒ the site's default meeting type",
                     "reference §3.3"),
    "host": ("`schedule/hostWebExID` is stored as the host's own webExId: the caller's, or the user a site "
             "admin schedules for", "reference §3.6"),
    "time-zone": ("`schedule/timeZoneID` wins unless -1 or left out; then the `timeZone` label; then the host's "
                  "zone; deprecated ids 24 and 27 are stored as 23 and 26; `timeZone` is stored as the id's label",
                  "reference §3.6; the 5.9 table (reference §10.3)"),
    "date-format": ("`schedule/startDate` and `repeat/expirationDate` are stored as MM/dd/yyyy HH:mm:ss "
                    "(`none` for no expiration)", "reference §10.2"),
    "start-now": ("`schedule/startDate` left out ⇒ the meeting starts now, in its time zone (ASSUMED, noted)",
                  "our choice: the documentation names no default (reference §3.6)"),
    "single-call-in-number": ("`telephony/callInNum` keeps the first `tollNum`, `tollFreeNum` and `intlLocalNum`",
                              "reference §3.7"),
    "attendee-default": ("an attendee's `contactID` (new, 9 digits), `joinStatus` INVITE, `language` ENGLISH, "
                         "`role` ATTENDEE, `languageID` 1 and `person/type` VISITOR when left out",
                         "GetMeeting capture (reference §14.3)"),
    "not-stored": ("`validateFormat` is never stored; SetMeeting ignores `emailInvitations` (anywhere), `status` and "
                   "the read-only `hostJoined` and `participantsJoined`",
                   "SetMeeting docs (reference §4, §12)"),
    "recurrence": ("REST `recurrence`: a MONTHLY or YEARLY rule keeps only its first BYDAY, BYMONTHDAY or BYMONTH; a "
                   "series that would end more than five years from now ends five years from now",
                   "REST Meetings API, `recurrence` (reference §33)"),
    "seconds-stripped": ("REST `start` and `end` keep whole minutes: seconds are dropped",
                         "REST Meetings API, CreateMeetingObject `start` (reference, REST section)"),
}

_SOURCES = {rule: source for rule, (_, source) in CATALOGUE.items()}


class RuleFired(NamedTuple):
    """One rule that changed or filled in one stored value (a named tuple: a CreateMeeting fires about 34,
    and a tuple is made several times faster than a frozen dataclass)."""

    rule: str                 # an id of CATALOGUE
    element: str              # the path under bodyContent, e.g. enableOptions/autoRecord
    before: str | None        # the value as sent (SetMeeting: as merged), None when not sent
    after: str | None         # the value stored, None when not stored
    reason: str               # a sentence, e.g. "E2EE on: autoRecord stored false"
    source: str               # where the rule comes from (CATALOGUE)

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Fired:
    """The rules that fired during one call, in order."""

    def __init__(self) -> None:
        self.items: list[RuleFired] = []
        #: (how many items there were, :func:`packed` of them) when known without packing them
        self._packed: tuple[int, bytes] | None = None

    def extend_packed(self, records: tuple[RuleFired, ...], packed_records: bytes) -> None:
        """Fire ``records``, made before, whose :func:`packed` form is ``packed_records`` (a plan's)."""
        if not self.items:
            self._packed = len(records), packed_records
        self.items.extend(records)

    def packed(self) -> bytes:
        """:func:`packed` of the items (items are only ever appended: the same count is the same items)."""
        known = self._packed
        return known[1] if known is not None and known[0] == len(self.items) else packed(self.items)

    def fire(self, rule: str, element: str, before: Any, after: Any, reason: str) -> None:
        self.items.append(record(rule, element, before, after, reason))

    def changed(self, rule: str, element: str, before: Any, after: Any, reason: str) -> None:
        """Record the rule if it changed the value."""
        if _text(before) != _text(after):
            self.fire(rule, element, before, after, reason)

    def default(self, block: dict[str, Any], path: str, name: str, value: str, rule: str = "default") -> None:
        """``block.setdefault(name, value)``, recorded when the default was applied."""
        self.defaults(block, path, ((name, value),), rule)

    def defaults(self, block: dict[str, Any], path: str, pairs: tuple[tuple[str, str], ...],
                 rule: str = "default") -> None:
        """:meth:`default` for each (name, value) of ``pairs``, fixed defaults: their records are made once per
        process and reused (a CreateMeeting applies about 30)."""
        items = self.items
        for name, value, made in _plan(rule, path, pairs):
            if name not in block:
                block[name] = value
                items.append(made)

    def defaulted(self, block: dict[str, Any], path: str, name: str, value: str, rule: str = "default") -> None:
        """:meth:`default` for a value made for this call (a new id, say): nothing kept for the next call."""
        if name not in block:
            block[name] = value
            self.items.append(default_record(rule, path, name, value))


class Defaults:
    """The fixed defaults of one block, planned once (at import): their values and the record each fires. Applied to
    a block that has none of them (the usual request sends few), they are one dict update and one list extend."""

    __slots__ = ("names", "plan", "records", "values")

    def __init__(self, path: str, pairs: tuple[tuple[str, str], ...], rule: str = "default") -> None:
        self.plan = _plan(rule, path, pairs)
        self.values = dict(pairs)
        self.names = frozenset(self.values)
        self.records = tuple(made for _, _, made in self.plan)

    def apply(self, block: dict[str, Any], fired: Fired) -> None:
        """``block.setdefault(name, value)`` for each default, each one applied recorded."""
        if self.names.isdisjoint(block):
            block.update(self.values)
            fired.items.extend(self.records)
            return
        items = fired.items
        for name, value, made in self.plan:
            if name not in block:
                block[name] = value
                items.append(made)


def record(rule: str, element: str, before: Any, after: Any, reason: str) -> RuleFired:
    """The record of one rule that fired (its source from the catalogue)."""
    return RuleFired(rule, element, _text(before), _text(after), reason, _SOURCES[rule])


@functools.lru_cache(maxsize=4096)  # bounded: an attendee's path has its index
def _plan(rule: str, path: str, pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str, RuleFired], ...]:
    """Each (name, value) of ``pairs`` with the record :meth:`Fired.defaults` keeps when it applies."""
    return tuple((name, value, shared(default_record(rule, path, name, value))) for name, value in pairs)


# -- the records as the journal keeps them ---------------------------------------------------------------------
#: the records made once and fired by every call that applies them (the fixed defaults), each kept here for good: a
#: journal entry holds each as its number in this list (:func:`packed`), not as its text (a CreateMeeting fires about
#: 30 of them: some 3.5 KB of every entry, and the marshalling of them, was the same every call)
SHARED: list[RuleFired] = []
#: id(record) -> its number in SHARED (SHARED holds the record, so no other live object has its id)
_SHARED_AT: dict[int, int] = {}
#: records shared at most: the defaults of an attendee are planned per attendee index, a site template's record per
#: set of flags sent (some 1.3 KB); the records past this limit are kept as their text
SHARED_LIMIT = 4096
_SHARING = threading.Lock()


def shared(made: RuleFired) -> RuleFired:
    """``made``, a record fired by every call that applies it, kept for good as one of SHARED (while there is room)."""
    with _SHARING:
        if len(SHARED) < SHARED_LIMIT and id(made) not in _SHARED_AT:
            _SHARED_AT[id(made)] = len(SHARED)
            SHARED.append(made)
    return made


def packing(rules: Sequence[RuleFired]) -> tuple[int | tuple[Any, ...], ...]:
    """What :func:`packed` writes of each record: its number, or its six fields (``marshal.dumps`` of the tuple, or of
    one like it, is :func:`packed` of records like these)."""
    return tuple(tuple(rule) if number is None else number
                 for rule, number in zip(rules, map(_SHARED_AT.get, map(id, rules)), strict=True))


def packed(rules: Sequence[RuleFired]) -> bytes:
    """A call's rules as one bytes object: a shared record as its number, any other as its six fields."""
    numbers = tuple(map(_SHARED_AT.get, map(id, rules)))
    if None not in numbers:  # all shared (a planned create's, say): the numbers found in C
        return marshal.dumps(numbers)
    return marshal.dumps(tuple(tuple(rule) if number is None else number
                               for rule, number in zip(rules, numbers, strict=True)))


def unpacked(kept: bytes) -> list[RuleFired]:
    """The rules :func:`packed` kept, as they fired."""
    return [SHARED[rule] if isinstance(rule, int) else RuleFired._make(rule) for rule in marshal.loads(kept)]


def default_record(rule: str, path: str, name: str, value: str) -> RuleFired:
    """The record :meth:`Fired.defaulted` keeps of a value made for one call."""
    return RuleFired(rule, f"{path}/{name}" if path else name, None, value, f"default applied: {name} {value}",
                     _SOURCES[rule])


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return str(value)


def catalogue_markdown() -> str:
    rows = ["| rule | behaviour | source |", "|---|---|---|"]
    rows += [f"| `{rule}` | {summary} | {source} |" for rule, (summary, source) in CATALOGUE.items()]
    return "\n".join(rows)
