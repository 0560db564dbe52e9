"""A listing query run against the store's indexes: candidates, filters, order and the page (reference 7, §20).

A page costs what it shows: only its meetings are decoded (``Page.meetings``: made from their held tuples, their
blocks decoded when the answer reads them). Everything a filter or an order reads comes from the held tuple (host,
topic, UUID, start) and the store's facts beside it (end instant, meeting type, tracking codes:
:mod:`.meetingindex`), as a :class:`Row`.

* Start-time pages are slices of the store's sorted indexes, and a start-date range two bisections: run under the
  store's lock, they take microseconds.
* Anything else (an end-date bound, ``listMethod`` OR, further filters, an order other than STARTTIME that is not
  cached yet) walks the candidates: the store's lock is held only to copy what the walk reads (a few C-level
  copies), and the walk and any sort run outside it, on that consistent copy. Sorts are done in chunks merged in
  Python (:func:`mockserver.base.chunked.sorted_gently`), so no single step holds the interpreter for long. The
  XML operations that list run in a worker thread (``@operation(walks=True)``), never on the event loop.
* Orders other than STARTTIME are remembered per site and order until the site's meetings next change.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..base.chunked import STEPS, gently, sorted_gently
from .meetingindex import NO_FACTS, Facts, tracking_code
from .records import HeldMeeting, Meeting, held_uuid
from .sortedentries import IndexEntry
from .store import SiteView, Store

DEFAULT_MAXIMUM = 10
STARTTIME = "STARTTIME"
#: sent by shipped clients, not documented (the request XSD marks them <undocumented/>)
HOSTNAME = "HOSTNAME"
STATUS = "STATUS"

Range = tuple[int | None, int | None]
Order = tuple[tuple[str, bool], ...]  # (orderBy, descending)


class Row(NamedTuple):
    """A listing candidate as the store holds it: read without decoding the meeting."""

    held: HeldMeeting
    facts: Facts

    # the held tuple's fields (Meeting.held(); tests/domain/test_listing_rows.py keeps these in step)
    @property
    def key(self) -> int:
        return self.held[0]

    @property
    def host(self) -> str:
        return self.held[2]

    @property
    def uuid(self) -> str:
        return held_uuid(self.held[3])

    @property
    def title(self) -> str:
        return self.held[7]

    @property
    def start(self) -> int:
        return self.held[8]

    @property
    def end(self) -> int:
        return self.facts[0]

    @property
    def meeting_type(self) -> int:
        return self.facts[1]

    def tracking(self, name: str) -> str:
        return tracking_code(self.facts, name)


Test = Callable[[Row], bool]
#: a Row made as the tuple it is (NamedTuple's own constructor is a Python function: a walk makes one a candidate)
_make_row: Callable[[type[Row], tuple[HeldMeeting, Facts]], Row] = tuple.__new__


@dataclass(frozen=True)
class Query:
    start_from: int = 1
    maximum: int = DEFAULT_MAXIMUM
    any_filter: bool = False                  # listMethod OR
    order: Order = ((STARTTIME, False),)
    key: int | None = None
    host: str | None = None                   # lower-case webExId
    start_range: Range | None = None          # dateScope, as instants (inclusive)
    end_range: Range | None = None
    #: further filters of an operation built on this listing (LstsummarySession's serviceTypes, confName ...)
    more: tuple[Test, ...] = ()


class Meetings(list[Meeting]):
    """A page's meetings: whoever walks them (and decodes each, to answer) pauses for the event loop now and then
    (:func:`mockserver.base.chunked.gently`)."""

    def __iter__(self) -> Iterator[Meeting]:
        return gently(super().__iter__())


@dataclass
class Page:
    total: int
    start_from: int
    meetings: Meetings


@dataclass(frozen=True)
class Span:
    """``entries[low:high]``, walked backwards if ``descending``, without copying it."""

    entries: Sequence[IndexEntry]
    low: int
    high: int
    descending: bool = False

    @classmethod
    def of(cls, entries: Sequence[IndexEntry], descending: bool = False) -> Span:
        return cls(entries, 0, len(entries), descending)

    def __len__(self) -> int:
        return self.high - self.low

    def window(self, offset: int, limit: int) -> list[IndexEntry]:
        if not self.descending:
            return list(self.entries[self.low + offset:min(self.low + offset + limit, self.high)])
        top = self.high - offset
        return list(self.entries[max(top - limit, self.low):top])[::-1] if top > self.low else []


@dataclass
class Copy:
    """What a walk reads, copied under the store's lock: the candidates in order, the site's held meetings and
    facts, the users' names (for HOSTNAME) and the version of the site the copy shows."""

    entries: list[IndexEntry]
    held: dict[int, HeldMeeting]
    facts: dict[int, Facts]
    names: dict[str, str]
    version: int

    def row(self, key: int) -> Row:
        return _make_row(Row, (self.held[key], self.facts.get(key, NO_FACTS)))


def run(store: Store, site: str, scope: str | None, query: Query) -> Page:
    """The page of ``query`` among the meetings of ``site`` hosted by ``scope`` (None: every host)."""
    signature = ("order", scope, query.order)
    with store.reading(site) as view:
        held, facts = store.meetings.get(site, {}), store.indexes.site_facts(site)
        if _end_bounded(query, scope):
            spans = _by_end(view.start_index(scope), facts, query, store.indexes.lasts(site))
            if spans is not None:
                return _page(held, spans, query)
        span, tests, ordered = _plan(view, held, scope, query, signature)
        if not tests and ordered:
            return _page(held, [span], query)
        names = _host_names(view) if any(name == HOSTNAME for name, _ in query.order) else {}
        copy = Copy(span.window(0, len(span)), dict(held), dict(facts), names, store.versions.get(site, 0))
    return _walk(store, site, copy, tests, ordered, query, signature)


def _plan(view: SiteView, held: dict[int, HeldMeeting], scope: str | None, query: Query,
          signature: tuple[Any, ...]) -> tuple[Span, list[Test], bool]:
    """(the candidates, the filters they have yet to pass, whether they are in the query's order already)."""
    satisfied = {"host"} if scope is not None and scope == query.host and not query.any_filter else set()
    ordered = len(query.order) == 1 and query.order[0][0] == STARTTIME
    if query.key is not None and not query.any_filter:
        found = held.get(query.key)
        entries = [] if found is None or scope not in (None, found[2].lower()) else [(found[8], found[0])]
        span, ordered = Span.of(entries), True
        satisfied.add("key")
    elif ordered:
        index = view.start_index(scope)
        low, high = 0, len(index)
        if query.start_range and not query.any_filter:
            low, high = _between(index, query.start_range)
            if query.end_range is None:
                satisfied.add("date")
        span = Span(index, low, high, query.order[0][1])
    else:
        remembered = view.remembered(signature)
        ordered = remembered is not None
        span = Span.of(remembered if remembered is not None else view.start_index(scope))
    return span, [test for name, test in _filters(query).items() if name not in satisfied], ordered


def _walk(store: Store, site: str, copy: Copy, tests: list[Test], ordered: bool, query: Query,
          signature: tuple[Any, ...]) -> Page:
    """The page, from the copy (outside the store's lock): sorted if need be (and remembered), then filtered."""
    entries = copy.entries
    if not ordered:
        entries = _sorted(copy, query.order)
        store.remember(site, copy.version, signature, entries)
    row = copy.row
    if len(tests) == 1 or (tests and not query.any_filter):
        for test in tests:  # AND: each filter on what the one before left
            entries = [entry for entry in gently(entries, STEPS) if test(row(entry[1]))]
    elif tests:
        entries = [entry for entry in gently(entries, STEPS) if any(test(row(entry[1])) for test in tests)]
    return _page(copy.held, [Span.of(entries)], query)


def _page(held: dict[int, HeldMeeting], spans: list[Span], query: Query) -> Page:
    """The query's window of ``spans`` (one after the other): its meetings made from their held tuples (their
    blocks decoded when read)."""
    offset, room, window = query.start_from - 1, query.maximum, []
    for span in spans:
        if room <= 0:
            break
        if offset < len(span):
            window += span.window(offset, room)
            room = query.maximum - len(window)
        offset = max(0, offset - len(span))
    return Page(sum(map(len, spans)), query.start_from, Meetings(Meeting.from_held(held[key]) for _, key in window))


# -- an end-date range -----------------------------------------------------------------

#: the most meetings an end-date bound checks one by one under the store's lock (beyond: a walk on a copy)
NEAR_BOUND_MAX = 4096


def _end_bounded(query: Query, scope: str | None) -> bool:
    """An AND query in start order whose only filter left is an end-date range (and maybe a start-date one)."""
    return (query.end_range is not None and not query.any_filter and query.key is None and not query.more
            and len(query.order) == 1 and query.order[0][0] == STARTTIME and query.host in (None, scope))


def _by_end(index: Sequence[IndexEntry], facts: dict[int, Facts], query: Query,
            lasts: tuple[int, int]) -> list[Span] | None:
    """The candidates of an end-date range, in start order, checking only the meetings that start near a bound.

    A meeting of the site lasts from ``lasts[0]`` to ``lasts[1]`` seconds, so its end lies in the range for sure
    when it starts in [end low - shortest, end high - longest], and cannot when it starts before end low - longest
    or after end high - shortest: only the starts in between are checked. None when they are too many."""
    shortest, longest = lasts
    start_low, start_high = query.start_range or (None, None)
    end_low, end_high = query.end_range or (None, None)
    low, high = _between(index, (_most(start_low, _minus(end_low, longest)), _least(start_high, _minus(end_high,
                                                                                                      shortest))))
    sure_low, sure_high = _between(index, (_most(start_low, _minus(end_low, shortest)),
                                           _least(start_high, _minus(end_high, longest))))
    sure_low, sure_high = min(max(sure_low, low), high), max(min(sure_high, high), low)
    sure_high = max(sure_high, sure_low)
    if (sure_low - low) + (high - sure_high) > NEAR_BOUND_MAX:
        return None

    def ended(at: int, to: int) -> Span:
        return Span.of([e for e in index[at:to] if _inside(facts.get(e[1], NO_FACTS)[0], query.end_range)])
    parts = [ended(low, sure_low), Span(index, sure_low, sure_high), ended(sure_high, high)]
    descending = query.order[0][1]
    return [Span(p.entries, p.low, p.high, descending) for p in (parts[::-1] if descending else parts)]


def _minus(instant: int | None, seconds: int) -> int | None:
    return None if instant is None else instant - seconds


def _most(*bounds: int | None) -> int | None:
    present = [bound for bound in bounds if bound is not None]
    return max(present) if present else None


def _least(*bounds: int | None) -> int | None:
    present = [bound for bound in bounds if bound is not None]
    return min(present) if present else None


def _filters(query: Query) -> dict[str, Test]:
    tests: dict[str, Test] = {}
    if query.key is not None:
        tests["key"] = lambda row: row.key == query.key
    if query.host:
        tests["host"] = lambda row: row.host.lower() == query.host
    if query.start_range or query.end_range:
        tests["date"] = lambda row: _inside(row.start, query.start_range) and _inside(row.end, query.end_range)
    for at, test in enumerate(query.more):
        tests[f"more{at}"] = test
    return tests


def _inside(instant: int, bounds: Range | None) -> bool:
    if bounds is None:
        return True
    low, high = bounds
    return (low is None or instant >= low) and (high is None or instant <= high)


def _between(entries: Sequence[IndexEntry], bounds: Range) -> tuple[int, int]:
    """The index range of the entries starting within ``bounds`` (inclusive), by bisection."""
    low, high = bounds
    first = 0 if low is None else bisect.bisect_left(entries, (low,))
    last = len(entries) if high is None else bisect.bisect_left(entries, (high + 1,))
    return first, max(first, last)


# -- sorting ------------------------------------------------------------------------

def _sorted(copy: Copy, order: Order) -> list[IndexEntry]:
    """The copy's entries (in (start, key) order) sorted by the orderBy/orderAD pairs, first pair first: one stable
    sort per pair, last pair first, so ties keep the (start, key) order."""
    ordered = copy.entries
    for field, descending in reversed(order):
        ordered = sorted_gently(ordered, _sort_key(field, copy), descending)
    return ordered


def _host_names(view: SiteView) -> dict[str, str]:
    """webExId (lower case) -> "first last", casefolded, for orderBy HOSTNAME."""
    return {user.key: f"{user.firstName} {user.lastName}".strip().casefold() for user in view.users()}


def _sort_key(field: str, copy: Copy) -> Callable[[IndexEntry], Any]:
    held, names = copy.held, copy.names
    if field == "CONFNAME":
        return lambda e: held[e[1]][7].casefold()
    if field == "HOSTWEBEXID":
        return lambda e: held[e[1]][2].lower()
    if field == HOSTNAME:  # a host no longer on the site sorts by their webExId
        return lambda e: names.get(held[e[1]][2].lower(), held[e[1]][2].lower())
    if field == STATUS:  # every stored meeting is NOT_INPROGRESS: ties keep the start order
        return lambda e: 0
    if field.startswith("TRACKINGCODE"):
        name = "trackingCode" + field[len("TRACKINGCODE"):]
        return lambda e: copy.row(e[1]).tracking(name)
    return lambda e: e  # STARTTIME
