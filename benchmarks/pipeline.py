"""The ceiling: only the steps every CreateMeeting answer needs, on the mock's own code, served like the floor.

Decode the body, parse it hardened and normalise it (``intake``), check it against the request XSDs, convert it
to data, and render a createMeetingResponse envelope. No authentication, rules, store, journal, notes, faults or
stubs. ``bench_http.py`` serves it beside the floor and the mock (``python benchmarks/pipeline.py --port P``,
1 uvicorn worker, httptools, no access log), and ``bench_intake.py`` times :func:`answer` in-process: what the
mock cannot go below while it validates each request with lxml against the XSDs.
"""

from __future__ import annotations

import argparse
import itertools

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

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


def pipeline_app() -> Starlette:
    async def endpoint(request: Request) -> Response:
        return Response(answer(await request.body()), media_type="text/xml;charset=UTF-8")

    return Starlette(routes=[Route("/WBXService/XMLService", endpoint, methods=["POST"])])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(pipeline_app(), host="127.0.0.1", port=args.port, http="httptools", access_log=False,
                log_level="warning", server_header=False)


if __name__ == "__main__":
    main()
