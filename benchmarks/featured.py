"""The smallest thing that could work, with the features every call of the mock pays for even when unused.

:mod:`smallest` answers the seed CreateMeeting with only what any faithful mock must do. The mock's other issues
require more on every call, whether or not a test uses it: a namespace per test, a clock a test can move, faults and
stubs looked for, the fidelity notes and the rules that fired in the journal, the answer masked there too, all the
ids an answer or a later call shows (UUID, MTIDs, guest token, host key, event id, attendees' contactIDs), the
time zone's clock changes looked at, webhooks and the state file asked whether they want the change. This module
adds each of those to :mod:`smallest`, in its cheapest flat form (an empty list looked at, a dict lookup, a draw),
so that ``bench_intake.py`` can say what the goal "a whole ASGI CreateMeeting <= 8 x an lxml parse" leaves once
they are paid for: a measurement from the smallest thing that could work, not from the mock's own pipeline.

It answers the seed CreateMeeting as :mod:`smallest` does (anything else is a FAILURE), and the REST create with
the same features (:mod:`featured_rest`); ``python featured.py --port P`` serves both (1 uvicorn worker,
httptools, no access log) for a run over HTTP.
"""

from __future__ import annotations

import bisect
import itertools
import marshal
import random
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import featured_rest
import smallest
from flatcontrols import Controls, picked

API_PATH = "/WBXService/XMLService"
_ZONES = {4: ZoneInfo("America/Los_Angeles")}  # the seed's zone: its clock changes are looked at
_HEADERS = [(b"content-type", b"text/xml;charset=UTF-8"), (b"cache-control", b"no-cache"), (b"pragma", b"no-cache"),
            (b"expires", b"Thu, 01 Jan 1970 00:00:00 GMT")]
_E2EE_NOTE = ("assumed-rule", "bodyContent/schedule/{}", "E2EE on: {} stored {} (our reading of the rule)")


@dataclass
class Tenant(Controls):
    """One namespace: its clock, controls, store and journal."""

    rng: random.Random = field(default_factory=lambda: random.Random(7))
    keys: set[int] = field(default_factory=set)
    meetings: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    by_start: list[tuple[int, int]] = field(default_factory=list)
    journal: deque[tuple[Any, ...]] = field(default_factory=lambda: deque(maxlen=10_000))


_TENANTS: dict[str, Tenant] = {}
_ENTRY_IDS = itertools.count(1)


def tenant(path: str) -> Tenant | None:
    """The namespace ``/ns/N/WBXService/XMLService`` names ("" for the plain path), made when first named."""
    if path == API_PATH:
        name = ""
    elif path.startswith("/ns/") and path.endswith(API_PATH):
        name = path[4:-len(API_PATH)]
    else:
        return None
    found = _TENANTS.get(name)
    if found is None:
        found = _TENANTS[name] = Tenant(name)
    return found


def _ids(place: Tenant) -> tuple[int, str, str, str, str, int, str]:
    """A new meeting's key and ids, drawn as the mock draws them."""
    rng = place.rng
    while True:
        key = rng.randrange(100_000_000, 100_000_000_000)
        if key not in place.keys:
            place.keys.add(key)
            break
    return (key, f"{rng.getrandbits(132):033x}", f"m{rng.getrandbits(128):032x}", f"{rng.getrandbits(128):032x}",
            f"{rng.randrange(10**6):06d}", rng.randrange(10**9) + 10**9, f"m{rng.getrandbits(128):032x}")


def _more_rules(data: dict[str, Any], user: str, place: Tenant, rules: list[Any], notes: list[Any]) -> None:
    """What the mock's rules do to the seed beyond :func:`smallest.ruled`: the host, each attendee's contactID and
    defaults, the time zone, the E2EE notes, and a look at the zone's clock changes around the start."""
    meta, schedule = data["metaData"], data["schedule"]
    if meta.get("hostWebExID") != user:
        rules.append(("host", "metaData/hostWebExID", meta.get("hostWebExID"), user))
        meta["hostWebExID"] = user
    issued: set[int] = set()
    for index, person in enumerate(data.get("participants", {}).get("attendees", {}).get("attendee", [])):
        contact = place.rng.randrange(100_000_000, 10**9)
        while contact in issued:
            contact = place.rng.randrange(100_000_000, 10**9)
        issued.add(contact)
        for name, value in (("contactID", str(contact)), ("type", "VISITOR"), ("emailInvitations", "false")):
            if name not in person:
                person[name] = value
                rules.append(("attendee-default", f"participants/attendees/attendee[{index}]/{name}", None, value))
    rules.append(("time-zone", "schedule/timeZoneID", schedule["timeZoneID"], schedule["timeZoneID"]))
    for rule in rules:
        if rule[0] == "e2ee" and rule[1] in ("openTime", "joinTeleconfBeforeHost"):
            code, where, text = _E2EE_NOTE
            notes.append((code, where.format(rule[1]), text.format(rule[1], rule[3])))
    zone = _ZONES[int(schedule["timeZoneID"])]
    date, _, clock = schedule["startDate"].partition(" ")
    month, day, year = map(int, date.split("/"))
    hour, minute, second = map(int, clock.split(":"))
    start = datetime(year, month, day, hour, minute, second, tzinfo=zone)
    if start.utcoffset() != start.replace(fold=1).utcoffset():
        notes.append(("assumed-rule", "bodyContent/schedule/startDate", "a start the zone's clocks skip or repeat"))


def answer(place: Tenant, body: bytes) -> bytes:
    """The createMeetingResponse to a seed-like CreateMeeting ``body`` in namespace ``place``."""
    started = time.perf_counter()
    now_ms = time.time_ns() // 1_000_000 + place.offset_ms
    root = smallest.read(body)
    if root is None or not smallest.signed_in(root):
        return smallest._FAILURE
    header = root[0][0]
    site, user = header.findtext("siteName") or "", header.findtext("webExID") or ""
    fault, stub = picked(place.faults, "meeting.CreateMeeting"), picked(place.stubs, "meeting.CreateMeeting")
    if fault is not None or stub is not None:  # neither is set here: looked for, as every call looks
        return smallest._FAILURE
    data = smallest._data(root[1][0])
    notes: list[Any] = []
    rules = list(smallest.ruled(data))
    _more_rules(data, user, place, rules, notes)
    key, uuid, mtid, guest, host_key, event_id, attendee_mtid = _ids(place)
    start_ts, title, duration, held = smallest.stored_form(data)
    place.meetings[key] = (key, site.lower(), user, (uuid, mtid, guest, host_key, attendee_mtid), event_id, now_ms,
                           held, title, start_ts, "America/Los_Angeles", duration)
    bisect.insort(place.by_start, (start_ts, key))
    if place.webhooks:  # none registered here: asked, as every change asks
        pass
    answered = smallest.rendered(data, key, uuid, guest, mtid[1:], attendee_mtid[1:])
    place.journal.append((next(_ENTRY_IDS), time.time(), place.name, "meeting.CreateMeeting", site, user, "SUCCESS",
                          key, round((time.perf_counter() - started) * 1000, 3), 200, smallest._masked(body),
                          smallest._masked(answered), marshal.dumps(tuple(notes)), marshal.dumps(tuple(rules)),
                          now_ms / 1000))
    if place.state_file is not None:  # no state file here: asked, as every change asks
        pass
    return answered


def stages(body: bytes) -> list[tuple[str, Any]]:
    """What :func:`answer` adds to :mod:`smallest`, each feature alone (bench_intake times them)."""
    place = Tenant("stages")
    answered = answer(place, body)
    root = smallest.read(body)
    assert root is not None, "the featured thing answers only a valid CreateMeeting"
    data = smallest._data(root[1][0])
    rules = list(smallest.ruled(data))

    def more_rules() -> None:
        _more_rules({name: dict(block) if isinstance(block, dict) else block for name, block in data.items()},
                    "hostid@acme.com", place, list(rules), [])

    return [("namespace and clock", lambda: (tenant(API_PATH), time.time_ns() // 1_000_000 + place.offset_ms)),
            ("faults and stubs looked for", lambda: (picked(place.faults, "meeting.CreateMeeting"),
                                                     picked(place.stubs, "meeting.CreateMeeting"))),
            ("host, attendees, zone, notes", more_rules),
            ("all the ids", lambda: _ids(place)),
            ("the answer masked", lambda: smallest._masked(answered)),
            ("the whole answer", lambda: answer(place, body))]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The API's POST, and the REST create (:mod:`featured_rest`), as a plain ASGI app, answered with the real
    service's headers."""
    if scope["type"] != "http":
        return
    rest = featured_rest.tenant(scope["path"])
    if rest is not None:
        return await featured_rest.serve(scope, receive, send, rest)
    place = tenant(scope["path"])
    body = await smallest.whole_body(receive)
    body = answer(place, body) if place is not None else smallest._FAILURE
    await send({"type": "http.response.start", "status": 200,
                "headers": [*_HEADERS, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def main() -> None:
    smallest.serve(app, __doc__)


if __name__ == "__main__":
    main()
