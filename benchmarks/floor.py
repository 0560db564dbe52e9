"""The floor: bare Starlette on uvicorn answering a fixed body, with the mock's uvicorn settings (1 worker, default
loop, httptools, no access log, log level warning). ``python benchmarks/floor.py --port P --body FILE
[--rest-body FILE]``: ``--body`` answers ``POST /WBXService/XMLService`` (XML), ``--rest-body`` answers
``POST /v1/meetings`` (JSON)."""

from __future__ import annotations

import argparse
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def floor_app(body: bytes, rest_body: bytes | None = None) -> Starlette:
    async def answer(request: Request) -> Response:
        await request.body()  # read the request like the mock does
        return Response(body, media_type="text/xml;charset=UTF-8")

    async def rest_answer(request: Request) -> Response:
        await request.body()
        return Response(rest_body, media_type="application/json")

    routes = [Route("/WBXService/XMLService", answer, methods=["POST"])]
    if rest_body is not None:
        routes.append(Route("/v1/meetings", rest_answer, methods=["POST"]))
    return Starlette(routes=routes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--body", required=True, help="file holding the fixed XML answer")
    parser.add_argument("--rest-body", help="file holding the fixed JSON answer to POST /v1/meetings")
    args = parser.parse_args()
    app = floor_app(Path(args.body).read_bytes(), Path(args.rest_body).read_bytes() if args.rest_body else None)
    uvicorn.run(app, host="127.0.0.1", port=args.port, http="httptools", access_log=False, log_level="warning",
                server_header=False)


if __name__ == "__main__":
    main()
