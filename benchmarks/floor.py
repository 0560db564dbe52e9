"""The floor: bare Starlette on uvicorn answering a fixed body, with the mock's uvicorn settings (1 worker, default
loop, httptools, no access log, log level warning). ``python benchmarks/floor.py --port P --body FILE``."""

from __future__ import annotations

import argparse
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def floor_app(body: bytes) -> Starlette:
    async def answer(request: Request) -> Response:
        await request.body()  # read the request like the mock does
        return Response(body, media_type="text/xml;charset=UTF-8")

    return Starlette(routes=[Route("/WBXService/XMLService", answer, methods=["POST"])])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--body", required=True, help="file holding the fixed answer")
    args = parser.parse_args()
    app = floor_app(Path(args.body).read_bytes())
    uvicorn.run(app, host="127.0.0.1", port=args.port, http="httptools", access_log=False, log_level="warning",
                server_header=False)


if __name__ == "__main__":
    main()
