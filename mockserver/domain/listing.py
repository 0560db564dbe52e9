"""LstsummaryMeeting: who sees which meetings, filters, order and paging (reference 7).

* Scope: a plain host sees only their own meetings; naming another host in
  ``hostWebExID`` is refused with 000001 (our choice). A site admin sees every
  host's meetings, or one host's with ``hostWebExID``.
* Filters: ``meetingKey``, ``hostWebExID`` and ``dateScope`` (its bounds always
  together), combined with ``listControl/listMethod`` AND (default) or OR.
* Order: ``orderBy``/``orderAD`` paired by position (interleaved or grouped;
  a missing ``orderAD`` is ASC); default STARTTIME ASC. STARTTIME means
  (start instant, meeting key), so ties never depend on storage order.
* Paging: ``startFrom`` 1-based (below 1 counts as 1), ``maximumNum`` default
  10 (ASSUMED), at most 500 (documented; more is clipped to 500 with a note,
  ASSUMED). An empty page is 000015 "Sorry, no record found".

Speed: start-time pages are slices of the store's sorted indexes and a
start-date range is two bisections; other orders are sorted once per change
of the site's meetings (``Store.cached_view``).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..base.errors import InvalidRequest, OtherHostsMeetings, clip
from ..base.fidelity import Notes
from . import rules, timezones
from .auth import Principal
from .records import Meeting
from .sortedentries import IndexEntry
from .store import SiteView, Store

DEFAULT_MAXIMUM = 10
#: listControl/maximumNum's documented maximum: "the maximum number of results to return with a single request
#: (max 500)" (Cisco's "List Requests" page, webex-reference.md §2.6); over it: clipped, with a note (ASSUMED)
MAXIMUM_NUM = 500
#: a Java long (startFrom and maximumNum are bound to java.lang.Long): -2^63 <= x < 2^63, at most 19 digits
LONG_HIGH, LONG_DIGITS = 2**63, 19
STARTTIME = "STARTTIME"
#: sent by shipped clients, not documented (the request XSD marks them <undocumented/>)
HOSTNAME = "HOSTNAME"
STATUS = "STATUS"

Range = tuple[int | None, int | None]
Order = tuple[tuple[str, bool], ...]  # (orderBy, descending)
Test = Callable[[Meeting], bool]


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


@dataclass
class Page:
    total: int
    start_from: int
    meetings: list[Meeting]


# -- request -> Query ----------------------------------------------------------

def parse(payload: dict[str, Any], default_zone: int, notes: Notes | None = None) -> Query:
    start_from, maximum = paging(payload.get("listControl", {}), notes)
    host = payload.get("hostWebExID", "").strip().lower() or None
    key = payload.get("meetingKey")
    start_range, end_range = _date_scope(payload.get("dateScope"), default_zone)
    order = order_pairs(payload.get("order", {}))
    if notes is not None and any(name == HOSTNAME for name, _ in order):
        notes.assume("assumed-rule", "bodyContent/order/orderBy",
                     "orderBy HOSTNAME sorts by the host's first and last name (our reading of an undocumented value)")
    return Query(
        start_from=start_from, maximum=maximum,
        any_filter=payload.get("listControl", {}).get("listMethod") == "OR", order=order,
        key=int(key) if key else None, host=host, start_range=start_range, end_range=end_range,
    )


def paging(control: dict[str, str], notes: Notes | None = None, items: str = "meetings",
           default: int | None = None) -> tuple[int, int]:
    """``listControl``'s 1-based ``startFrom`` (below 1 counts as 1) and ``maximumNum`` (default 10, or
    ``default``: both ASSUMED and noted; at most :data:`MAXIMUM_NUM`, more is answered as that many, noted).

    Both are read as the Java ``long`` Cisco's XSD binds them to: a number out of that range (however many digits
    it has) is refused with 999999 naming the element, as a too-large meetingKey is."""
    if "maximumNum" not in control and notes is not None:
        shown = f"at most {DEFAULT_MAXIMUM} {items} a page" if default is None else f"every one of the {items}"
        notes.assume("assumed-default", "bodyContent/listControl/maximumNum",
                     f"listControl/maximumNum not sent: {shown} (our choice; the real default is not documented)")
    maximum = _long(control, "maximumNum", DEFAULT_MAXIMUM if default is None else default)
    if maximum < 1:
        raise InvalidRequest("Invalid request: bodyContent/listControl/maximumNum: must be at least 1")
    if maximum > MAXIMUM_NUM:
        if notes is not None:
            notes.assume("assumed-rule", "bodyContent/listControl/maximumNum",
                         f"maximumNum {maximum} is over the documented maximum of {MAXIMUM_NUM}: at most "
                         f"{MAXIMUM_NUM} {items} a page (whether the real service clips or refuses is not documented)")
        maximum = MAXIMUM_NUM
    return max(_long(control, "startFrom", 1), 1), maximum


def _long(control: dict[str, str], name: str, default: int) -> int:
    """``control[name]`` as a Java long (``default`` when not sent); 999999 naming the element otherwise."""
    text = control.get(name)
    if text is None:
        return default
    text = text.strip()
    digits = text[1:] if text[:1] in "+-" else text
    if not digits.isascii() or not digits.isdigit():
        raise InvalidRequest(f"Invalid request: bodyContent/listControl/{name}: '{clip(text, 40)}' is not a valid "
                             "number")
    value = int(text) if len(digits.lstrip("0")) <= LONG_DIGITS else LONG_HIGH
    if not -LONG_HIGH <= value < LONG_HIGH:
        raise InvalidRequest(f"Invalid request: bodyContent/listControl/{name}: value must be -2^63 <= x < 2^63 "
                             f"(got '{clip(text, 40)}')")
    return value


def order_pairs(order: dict[str, list[str]], default: Order = ((STARTTIME, False),)) -> Order:
    """``orderBy``/``orderAD`` paired by position (a missing ``orderAD`` is ASC); a field named twice counts once."""
    directions = order.get("orderAD", [])
    pairs: list[tuple[str, bool]] = []
    for at, field in enumerate(order.get("orderBy", [])):
        if field not in (name for name, _ in pairs):
            pairs.append((field, at < len(directions) and directions[at] == "DESC"))
    return tuple(pairs) or default


def _date_scope(scope: dict[str, str] | None, default_zone: int) -> tuple[Range | None, Range | None]:
    """dateScope bounds as instants, read in dateScope/timeZoneID (-1 or absent: the caller's zone)."""
    if not scope:
        return None, None
    zone = timezones.canonical(int(scope.get("timeZoneID", "-1")))
    if zone == -1:
        zone = default_zone
    if zone not in timezones.LABELS:
        raise InvalidRequest(f"Invalid request: bodyContent/dateScope/timeZoneID: unknown time zone {zone}")

    def bound(name: str) -> int | None:
        if name not in scope:
            return None
        local = rules.parse_date(scope[name], f"bodyContent/dateScope/{name}")
        return timezones.to_epoch(local, zone)

    start = (bound("startDateStart"), bound("startDateEnd"))
    end = (bound("endDateStart"), bound("endDateEnd"))
    return (start if start != (None, None) else None), (end if end != (None, None) else None)


# -- Query -> Page ---------------------------------------------------------------

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

    def walk(self) -> Iterable[IndexEntry]:
        if self.descending:
            return (self.entries[at] for at in range(self.high - 1, self.low - 1, -1))
        return (self.entries[at] for at in range(self.low, self.high))

    def window(self, offset: int, limit: int) -> list[IndexEntry]:
        if not self.descending:
            return list(self.entries[self.low + offset:min(self.low + offset + limit, self.high)])
        top = self.high - offset
        return list(self.entries[max(top - limit, self.low):top])[::-1] if top > self.low else []


def run(store: Store, principal: Principal, query: Query) -> Page:
    site = principal.site.key
    scope = _scope(principal, query)
    with store.reading(site) as view:
        meetings = view.meetings
        span, satisfied = _candidates(view, scope, query)
        tests = [test for name, test in _filters(query).items() if name not in satisfied]
        if tests:
            combine = any if query.any_filter else all
            span = Span.of([e for e in span.walk() if combine(t(meetings[e[1]]) for t in tests)])
        window = span.window(query.start_from - 1, query.maximum)
        return Page(len(span), query.start_from, [meetings[key] for _, key in window])


def _scope(principal: Principal, query: Query) -> str | None:
    """The one host whose meetings are candidates, or None for every host of the site."""
    user = principal.user
    if user is None or not principal.is_admin:
        own = user.key if user else ""
        if query.host and query.host != own:
            raise OtherHostsMeetings()
        return own
    return query.host if query.host and not query.any_filter else None


def _candidates(view: SiteView, scope: str | None, query: Query) -> tuple[Span, set[str]]:
    """(the candidate entries in order, the filters they already satisfy)."""
    satisfied = {"host"} if scope is not None and scope == query.host and not query.any_filter else set()
    if query.key is not None and not query.any_filter:
        meeting = view.meetings.get(query.key)
        found = [] if meeting is None or scope not in (None, meeting.host.lower()) else [meeting.entry]
        return Span.of(found), satisfied | {"key"}
    if len(query.order) == 1 and query.order[0][0] == STARTTIME:
        entries = view.start_index(scope)
        low, high = 0, len(entries)
        if query.start_range and not query.any_filter:
            low, high = _between(entries, query.start_range)
            if query.end_range is None:
                satisfied.add("date")
        return Span(entries, low, high, query.order[0][1]), satisfied
    signature = ("order", scope, query.order)
    names = _host_names(view) if any(name == HOSTNAME for name, _ in query.order) else {}
    ordered = view.cached_view(signature, lambda: _sorted(view.meetings, view.start_index(scope), query.order,
                                                          names))
    return Span.of(ordered), satisfied


def _filters(query: Query) -> dict[str, Test]:
    tests: dict[str, Test] = {}
    if query.key is not None:
        tests["key"] = lambda m: m.key == query.key
    if query.host:
        tests["host"] = lambda m: m.host.lower() == query.host
    if query.start_range or query.end_range:
        tests["date"] = lambda m: _in_date_scope(m, query)
    for at, test in enumerate(query.more):
        tests[f"more{at}"] = test
    return tests


def _in_date_scope(meeting: Meeting, query: Query) -> bool:
    end = meeting.start_ts + int(meeting.data["schedule"].get("duration", "0")) * 60
    return _inside(meeting.start_ts, query.start_range) and _inside(end, query.end_range)


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

def _sorted(meetings: Mapping[int, Meeting], entries: Sequence[IndexEntry], order: Order,
            host_names: dict[str, str]) -> list[IndexEntry]:
    """``entries`` (in (start, key) order) sorted by the orderBy/orderAD pairs, first pair first."""
    ordered = list(entries)
    for field, descending in reversed(order):
        sort_key = _sort_key(field, host_names)
        ordered.sort(key=lambda e: sort_key(meetings[e[1]], e), reverse=descending)
    return ordered


def _host_names(view: SiteView) -> dict[str, str]:
    """webExId (lower case) -> "first last", casefolded, for orderBy HOSTNAME."""
    return {user.key: f"{user.firstName} {user.lastName}".strip().casefold() for user in view.users()}


def _sort_key(field: str, host_names: dict[str, str]) -> Callable[[Meeting, IndexEntry], Any]:
    if field == "CONFNAME":
        return lambda m, e: m.conf_name.casefold()
    if field == "HOSTWEBEXID":
        return lambda m, e: m.host.lower()
    if field == HOSTNAME:  # a host no longer on the site sorts by their webExId
        return lambda m, e: host_names.get(m.host.lower(), m.host.lower())
    if field == STATUS:  # every stored meeting is NOT_INPROGRESS: ties keep the start order
        return lambda m, e: STATUS_SHOWN
    if field.startswith("TRACKINGCODE"):
        name = "trackingCode" + field[len("TRACKINGCODE"):]
        return lambda m, e: str(m.data.get("tracking", {}).get(name, "")).casefold()
    return lambda m, e: e  # STARTTIME


# -- answer -----------------------------------------------------------------------

STATUS_SHOWN = "NOT_INPROGRESS"


def summary(meeting: Meeting) -> dict[str, Any]:
    """One ``meet:meeting`` of the answer (reference 7); ``meetingKey`` has a capital K here."""
    data = meeting.data
    schedule, meta = data["schedule"], data["metaData"]
    public = rules.truthy(data.get("accessControl", {}).get("listToPublic", "true"))
    return {
        "meetingKey": meeting.key, "meetingUUID": meeting.uuid, "confName": meta["confName"],
        "meetingType": meta["meetingType"], "hostWebExID": meeting.host, "otherHostWebExID": meeting.host,
        "timeZoneID": schedule["timeZoneID"], "timeZone": schedule["timeZone"], "status": STATUS_SHOWN,
        "startDate": schedule["startDate"], "duration": schedule["duration"],
        "listStatus": "PUBLIC" if public else "PRIVATE",
        "hostJoined": False, "participantsJoined": False, "telePresence": False,
    }
