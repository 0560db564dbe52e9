"""The smallest REST create that could work, with the features every call of the mock pays for even when unused.

:mod:`smallest_rest` answers ``POST /v1/meetings`` with only what any faithful Meetings REST mock must do. The mock's
issues require more on every call, as :mod:`featured` adds for the XML create: a namespace per test
(``/ns/{namespace}/v1/...``) with a clock a test can move, the meetings the clock made start looked for, the route
matched, faults and stubs looked for, the fidelity notes and the rules that fired (the XML defaults the meeting is
stored with, one shared tuple, and the records made for this call) marshalled into the journal, all the ids a later
call on either face shows (the REST id, an 11-digit meeting number unique in the namespace, UUID, both MTIDs, guest
token, host key, event id), the zone's clock changes looked at around the start, the meeting indexed by start,
number and id, webhooks and the state file asked whether they want the change. This module adds each of those to
:mod:`smallest_rest`, in its cheapest flat form, so that ``bench_http.py`` can say what the goal "REST create >=
0.25 x the floor" (issue 22) leaves once they are paid for: a measurement from the smallest thing that could work,
not from the mock's own pipeline. ``featured.py``'s app serves it.
"""

from __future__ import annotations

import bisect
import marshal
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
import smallest
import smallest_rest
from flatcontrols import Controls, picked
from smallest_rest import MeetingIn, Refused

from mockserver.rest.endpoint import new_tracking_id

PATH = "/v1/meetings"
#: the XML defaults a meeting made over REST is stored with, as the mock's journal lists them: made once
_DEFAULT_RULES = tuple(record for records in smallest._RECORDS.values() for record in records)
_NOTES = (("assumed-rule", "audioConnectionOptions", "a meeting made over REST has Webex audio"),
          ("assumed-default", "password", "no password sent: one was generated"))
_ROUTES = {("POST", PATH): "createMeeting"}
_HEADERS = [(b"content-type", b"application/json;charset=UTF-8")]


@dataclass
class Tenant(Controls):
    """One namespace: its clock, controls, store and journal."""

    due: list[tuple[int, int]] = field(default_factory=list)
    numbers: set[int] = field(default_factory=set)
    meetings: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    by_start: list[tuple[int, int]] = field(default_factory=list)
    by_id: dict[str, int] = field(default_factory=dict)
    journal: deque[tuple[Any, ...]] = field(default_factory=lambda: deque(maxlen=10_000))


_TENANTS: dict[str, Tenant] = {}


def tenant(path: str) -> tuple[Tenant, str] | None:
    """(the namespace ``/ns/N/v1/...`` names, "" for ``/v1/...``; the path under it), the namespace made when first
    named."""
    if path.startswith("/v1/"):
        name, under = "", path
    elif path.startswith("/ns/"):
        name, _, rest = path[4:].partition("/")
        if not rest.startswith("v1/"):
            return None
        under = "/" + rest
    else:
        return None
    found = _TENANTS.get(name)
    if found is None:
        found = _TENANTS[name] = Tenant(name)
    return found, under


def _ids(place: Tenant) -> tuple[smallest_rest.Ids, tuple[str, str, str, int]]:
    """A new meeting's ids, drawn as the mock draws them: (number unique in the namespace, REST id, the join link's
    MTID, host key), and (UUID, guest token, the attendees' MTID, event id), which the XML face shows."""
    rng = smallest_rest._RANDOM
    while True:
        number = rng.randrange(10**10, 10**11)
        if number not in place.numbers:
            place.numbers.add(number)
            break
    return ((number, f"{rng.getrandbits(128):032x}", f"{rng.getrandbits(128):032x}", f"{rng.randrange(10**6):06d}"),
            (f"{rng.getrandbits(132):033x}", f"{rng.getrandbits(128):032x}", f"m{rng.getrandbits(128):032x}",
             rng.randrange(10**9) + 10**9))


def created(place: Tenant, sent: MeetingIn, site: dict[str, Any], user: dict[str, Any], host_id: str,
            zone_name: str, now: float) -> tuple[dict[str, Any], list[Any], list[Any]]:
    """:func:`smallest_rest.created` with the features: the meeting (stored), the rules that fired and the notes."""
    ids, more_ids = _ids(place)
    meeting, fired, held = smallest_rest.created(sent, site, user, host_id, zone_name, now, ids)
    number, start = ids[0], held[1]
    moment = datetime.fromtimestamp(start, ZoneInfo(meeting["timezone"]))
    notes = list(_NOTES) if sent.password is None else [_NOTES[0]]
    if moment.utcoffset() != moment.replace(fold=1).utcoffset():
        notes.append(("assumed-rule", "start", "a start the zone's clocks skip or repeat"))
    rules = [*_DEFAULT_RULES, *fired, ("host", "schedule/hostWebExID", None, user["webExId"]),
             ("time-zone", "schedule/timeZoneID", None, meeting["timezone"])]
    place.meetings[number] = (*held, more_ids, int(now * 1000))
    bisect.insort(place.by_start, (start, number))
    place.by_id[ids[1]] = number
    if place.webhooks:  # none registered here: asked, as every change asks
        pass
    return meeting, rules, notes


def answer(place: Tenant, method: str, path: str, body: bytes, authorization: bytes,
           content_type: bytes) -> tuple[int, bytes, str]:
    """(status, JSON, tracking id) of a REST call in namespace ``place``: the create, or the REST error shape."""
    started = time.perf_counter()
    tracking_id = new_tracking_id()  # the mock's own: its cheapest form already
    now_ms = time.time_ns() // 1_000_000 + place.offset_ms
    if place.due and place.due[0][0] <= now_ms:  # none due here: looked for, as every call looks
        pass
    rules: list[Any] = []
    notes: list[Any] = []
    operation = _ROUTES.get((method, path))
    site_name = user_name = None
    try:
        if operation is None:
            raise Refused(404, f"No resource at {path}.")
        known = smallest_rest._TOKENS.get(authorization.removeprefix(b"Bearer ").decode("latin-1"))
        if known is None:
            raise Refused(401, "The request requires a valid access token set in the Authorization request header.")
        site_name, user_name = known[0]["siteName"], known[1]["webExId"]
        if picked(place.faults, operation) is not None or picked(place.stubs, operation) is not None:
            raise Refused(500, "no fault or stub is set here")  # looked for, as every call looks
        if not content_type.startswith(b"application/json"):
            raise Refused(415, "Content-Type must be application/json")
        try:
            sent = smallest_rest._DECODER.decode(body)
        except msgspec.ValidationError as error:
            raise Refused(400, str(error)) from None
        except msgspec.DecodeError:
            raise Refused(400, "The request body is not valid JSON") from None
        meeting, rules, notes = created(place, sent, *known, now=now_ms / 1000)
        status, answered = 200, smallest_rest._ENCODER.encode(meeting)
    except Refused as refused:
        status = refused.status
        answered = smallest_rest._ENCODER.encode({"message": refused.message,
                                                  "errors": [{"description": refused.message}],
                                                  "trackingId": tracking_id})
    place.journal.append((time.time(), place.name, method, path, operation, site_name, user_name, status,
                          round((time.perf_counter() - started) * 1000, 3), smallest_rest._masked(body),
                          smallest_rest._masked(answered), marshal.dumps(tuple(notes)), marshal.dumps(tuple(rules)),
                          now_ms / 1000))
    if status == 200 and place.state_file is not None:  # no state file here: asked, as every change asks
        pass
    return status, answered, tracking_id


async def serve(scope: dict[str, Any], receive: Any, send: Any, found: tuple[Tenant, str]) -> None:
    """Answer a REST call in ASGI, with the real service's headers."""
    body = await smallest.whole_body(receive)
    headers = dict(scope["headers"])
    status, answered, tracking_id = answer(found[0], scope["method"], found[1], body,
                                           headers.get(b"authorization", b""), headers.get(b"content-type", b""))
    await send({"type": "http.response.start", "status": status,
                "headers": [*_HEADERS, (b"trackingid", tracking_id.encode()),
                            (b"content-length", str(len(answered)).encode())]})
    await send({"type": "http.response.body", "body": answered})
