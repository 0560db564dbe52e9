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

Speed: a page decodes only the meetings it shows (:mod:`.listquery`): start-time
pages are slices of the store's sorted indexes and a start-date range is two
bisections; filters and other orders read the held tuples and the store's facts,
on a copy taken under the store's lock and walked outside it.
"""

from __future__ import annotations

from typing import Any

from ..base.errors import InvalidRequest, OtherHostsMeetings, clip
from ..base.fidelity import Notes
from . import rules, timezones
from .auth import Principal
from .listquery import DEFAULT_MAXIMUM, HOSTNAME, STARTTIME, STATUS, Order, Page, Query, Range, Row, Test
from .listquery import run as run_query
from .records import Meeting
from .store import Store

__all__ = ["DEFAULT_MAXIMUM", "HOSTNAME", "MAXIMUM_NUM", "STARTTIME", "STATUS", "STATUS_SHOWN", "Order", "Page",
           "Query", "Row", "Test", "order_pairs", "paging", "parse", "run", "summary"]

#: listControl/maximumNum's documented maximum, 500 (reference 7, S26); over it: clipped, with a note (ASSUMED)
MAXIMUM_NUM = 500
#: a Java long (startFrom and maximumNum are bound to java.lang.Long): -2^63 <= x < 2^63, at most 19 digits
LONG_HIGH, LONG_DIGITS = 2**63, 19


# -- request -> Query ----------------------------------------------------------

def parse(payload: dict[str, Any], default_zone: int | None, notes: Notes | None = None) -> Query:
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


def _date_scope(scope: dict[str, str] | None, default_zone: int | None) -> tuple[Range | None, Range | None]:
    """dateScope bounds as instants, read in dateScope/timeZoneID (-1 or absent: ``default_zone``, the caller's
    zone or, None, GMT)."""
    if not scope:
        return None, None
    sent = timezones.canonical(int(scope.get("timeZoneID", "-1")))
    zone = default_zone if sent == -1 else sent
    if zone is not None and zone not in timezones.LABELS:
        raise InvalidRequest(f"Invalid request: bodyContent/dateScope/timeZoneID: unknown time zone {zone}")

    def bound(name: str) -> int | None:
        if name not in scope:
            return None
        local = rules.parse_date(scope[name], f"bodyContent/dateScope/{name}")
        return timezones.to_epoch(local, zone)

    start = (bound("startDateStart"), bound("startDateEnd"))
    end = (bound("endDateStart"), bound("endDateEnd"))
    return (start if start != (None, None) else None), (end if end != (None, None) else None)


# -- Query -> Page (mockserver.domain.listquery) ----------------------------------------------

def run(store: Store, principal: Principal, query: Query) -> Page:
    """The page of ``query`` among the meetings ``principal`` may list."""
    return run_query(store, principal.site.key, _scope(principal, query), query)


def _scope(principal: Principal, query: Query) -> str | None:
    """The one host whose meetings are candidates, or None for every host of the site."""
    user = principal.user
    if user is None or not principal.is_admin:
        own = user.key if user else ""
        if query.host and query.host != own:
            raise OtherHostsMeetings()
        return own
    return query.host if query.host and not query.any_filter else None


# -- answer -----------------------------------------------------------------------

STATUS_SHOWN = "NOT_INPROGRESS"


def summary(meeting: Meeting, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """One ``meet:meeting`` of the answer (reference 7); ``meetingKey`` has a capital K here. ``data``: the
    meeting's blocks, if the caller decoded them already."""
    data = meeting.data if data is None else data
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
