"""LstsummaryUser (reference §27): a site admin lists the site's users -- filters, order, paging.

* Filters ``firstName``, ``lastName``, ``email``, ``webExId`` match whole values, any case; ``active``
  ACTIVATED or not; ``dataScope`` bounds the registration date. Combined with ``listControl/listMethod``
  AND (default) or OR.
* Order: ``orderBy``/``orderAD`` paired by position (a missing ``orderAD`` is ASC), then by webExId; default
  UID ASC (the reference guide's sample). Elements the mock does not store (ADDRESS1, CITY, ...) sort as equal.
* Paging: ``startFrom`` 1-based, ``maximumNum`` default 10 (ASSUMED). Nothing to answer: 000015.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from ...base.errors import NoUserFound
from ...base.fidelity import Notes
from ...domain import listing
from ...domain.rules import parse_date
from ...domain.sites import Site, User
from .. import render
from .registry import operation
from .shared import REGISTRATION_DATE, Context, admin_site, user_id

DEFAULT_ORDER = "UID"
#: filter element -> the stored user's value it matches (whole value, any case)
TEXT_FILTERS: dict[str, Callable[[User], str]] = {
    "firstName": lambda u: u.firstName, "lastName": lambda u: u.lastName, "email": lambda u: u.email,
    "webExId": lambda u: u.webExId}
#: every user shows the same registrationDate (GetUser's, docs/operations.md "Values the real answers do not show")
REGISTERED = datetime.strptime(REGISTRATION_DATE, "%m/%d/%Y %H:%M:%S")

#: dataScope bound -> does the (shared) registration date lie inside it
DATE_SCOPE: dict[str, Callable[[datetime], bool]] = {
    "regDateStart": lambda bound: bound <= REGISTERED, "regDateEnd": lambda bound: bound >= REGISTERED}

Test = Callable[[User], bool]


@operation("user", "LstsummaryUser", walks=True)
def lst_summary_user(ctx: Context, payload: dict[str, Any]) -> str:
    site = admin_site(ctx)
    control = payload.get("listControl", {})
    start, maximum = listing.paging(control, ctx.notes, items="users")
    tests = _filters(payload)
    match = any if control.get("listMethod") == "OR" else all
    found = [user for user in ctx.store.site_users(site) if not tests or match(test(user) for test in tests)]
    found.sort(key=lambda user: user.key)
    for field, descending in reversed(_order(payload.get("order", {}), ctx.notes)):
        found.sort(key=_sort_key(site, field), reverse=descending)
    page = found[start - 1:start - 1 + maximum]
    if not page:
        raise NoUserFound()
    return render.content("use:lstsummaryUserResponse", {
        "user": [_summary(user) for user in page],
        "matchingRecords": {"total": len(found), "returned": len(page), "startFrom": start}})


def _filters(payload: dict[str, Any]) -> list[Test]:
    tests: list[Test] = []
    for name, value_of in TEXT_FILTERS.items():
        if name in payload:
            tests.append(_text_is(value_of, payload[name].strip().lower()))
    if "active" in payload:
        active = payload["active"] == "ACTIVATED"
        tests.append(lambda user: user.active == active)
    scope = payload.get("dataScope", {})
    for name, inside in DATE_SCOPE.items():
        if name in scope:
            tests.append(_every_user(inside(parse_date(scope[name], f"bodyContent/dataScope/{name}"))))
    return tests


def _text_is(value_of: Callable[[User], str], wanted: str) -> Test:
    return lambda user: value_of(user).lower() == wanted


def _every_user(verdict: bool) -> Test:
    """The same verdict for every user (they all share one registration date)."""
    return lambda user: verdict


def _order(order: dict[str, list[str]], notes: Notes) -> list[tuple[str, bool]]:
    fields = order.get("orderBy", [])
    directions = order.get("orderAD", [])
    if not fields:
        notes.assume("assumed-default", "bodyContent/order",
                     f"order not sent: {DEFAULT_ORDER} ASC (the reference guide's sample order; the real default "
                     "is not documented)")
        return [(DEFAULT_ORDER, False)]
    return [(field, index < len(directions) and directions[index] == "DESC") for index, field in enumerate(fields)]


def _sort_key(site: Site, field: str) -> Callable[[User], Any]:
    keys: dict[str, Callable[[User], Any]] = {
        "UID": lambda u: user_id(site, u), "WEBEXID": lambda u: u.key, "FIRSTNAME": lambda u: u.firstName.lower(),
        "LASTNAME": lambda u: u.lastName.lower(), "EMAIL": lambda u: u.email.lower(),
        "ACTIVE": lambda u: _active(u), "TIMEZONE": lambda u: u.timeZoneID}
    return keys.get(field, lambda u: 0)  # not stored (REGDATE is the same for all): every user ties


def _active(user: User) -> str:
    return "ACTIVATED" if user.active else "DEACTIVATED"


def _summary(user: User) -> dict[str, Any]:
    return {"webExId": user.webExId, "firstName": user.firstName, "lastName": user.lastName, "email": user.email,
            "registrationDate": REGISTRATION_DATE, "active": _active(user), "timeZoneID": user.timeZoneID}
