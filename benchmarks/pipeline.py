"""The ceiling: only the steps every CreateMeeting answer needs, on the mock's own code, served like the floor.

And the REST create's (``POST /v1/meetings``, :func:`rest_answer`): read the JSON body into the mock's own request
model (msgspec), check it as the REST face does (title, start and end, zone, options), and answer the meeting as
the REST face shapes it, encoded by msgspec; no token, rules, XML blocks, store, journal, notes, faults or stubs.

Decode the body, parse it hardened and normalise it (``intake``), check it against the request XSDs, convert it
to data, and render a createMeetingResponse envelope. No authentication, rules, store, journal, notes, faults or
stubs. ``bench_http.py`` serves it beside the floor and the mock (``python benchmarks/pipeline.py --port P``,
1 uvicorn worker, httptools, no access log), and ``bench_intake.py`` times :func:`answer` in-process: what the
mock cannot go below while it validates each request with lxml against the XSDs.
"""

from __future__ import annotations

import argparse
import itertools

import msgspec
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.domain import xmlblocks
from mockserver.domain.explain import Fired
from mockserver.rest import checks, shapes
from mockserver.rest.calls import Call
from mockserver.rest.models import MeetingIn
from mockserver.xml import decoding, envelope, intake, render
from mockserver.xml.schema import RequestSchema

_schema = RequestSchema()
_keys = itertools.count(10**10)
_SITE_URL = "https://acme.webex.com/acme/j.php?MTID=m"


def answer(body: bytes) -> bytes:
    """The createMeetingResponse to a CreateMeeting ``body``, after only the steps any answer needs."""
    call = intake.read_document(decoding.document_text(body, "text/xml"))
    _schema.check(call.message)
    payload = _schema.model.to_data(call.payload, call.operation)
    key = next(_keys)
    inner = render.content("meet:createMeetingResponse", {
        "meetingkey": key, "meetingUUID": f"{key:033x}",
        "meetingPassword": payload.get("accessControl", {}).get("meetingPassword"),
        "iCalendarURL": {"host": f"{_SITE_URL}{key:032x}", "attendee": f"{_SITE_URL}{key + 1:032x}"},
        "guestToken": f"{key:032x}"})
    return envelope.success("meeting", "meet:createMeetingResponse", inner)


_decode_meeting = msgspec.json.Decoder(MeetingIn).decode
_encode = msgspec.json.Encoder().encode
_SITE_URL_REST = "acme.webex.com"
_HOST = "hostid@acme.com"


class _Checked:
    """What the REST checks read of a call: the time (0: any start passes) and where the rules they fire go."""

    def __init__(self) -> None:
        self.now_ms = 0
        self.fired = Fired()


def rest_answer(body: bytes) -> bytes:
    """The answer to a REST create ``body``, after only the steps any REST answer needs."""
    sent = _decode_meeting(body)
    call: Call = _Checked()  # type: ignore[assignment]
    zone = checks.zone(sent.timezone or None, _User())  # type: ignore[arg-type]
    title, start, minutes = checks.checked(call, sent.title, sent.start, sent.end, zone)
    options = xmlblocks.Options(agenda=sent.agenda or "", password=sent.password or "Abcdef12")
    key = next(_keys)
    return _encode({
        "id": f"{key:032x}", "meetingNumber": str(key), "title": title, "agenda": options.agenda,
        "password": options.password, "meetingType": "meetingSeries", "state": "active", "timezone": zone,
        "start": shapes.instant(start, zone), "end": shapes.instant(start + minutes * 60, zone),
        "hostEmail": _HOST, "siteUrl": _SITE_URL_REST, "sipAddress": f"{key}@{_SITE_URL_REST}",
        "webLink": f"https://{_SITE_URL_REST}/acme/j.php?MTID=m{key:032x}", "joinBeforeHostMinutes": 0,
        "enabledAutoRecordMeeting": False, "enabledJoinBeforeHost": False, "scheduledType": "meeting",
        "telephony": {"accessCode": str(key), "callInNumbers": [], "links": []}})


class _User:
    timeZoneID = "4"


def pipeline_app() -> Starlette:
    async def endpoint(request: Request) -> Response:
        return Response(answer(await request.body()), media_type="text/xml;charset=UTF-8")

    async def rest_endpoint(request: Request) -> Response:
        return Response(rest_answer(await request.body()), media_type="application/json;charset=UTF-8")

    return Starlette(routes=[Route("/WBXService/XMLService", endpoint, methods=["POST"]),
                             Route("/v1/meetings", rest_endpoint, methods=["POST"])])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(pipeline_app(), host="127.0.0.1", port=args.port, http="httptools", access_log=False,
                log_level="warning", server_header=False)


if __name__ == "__main__":
    main()
