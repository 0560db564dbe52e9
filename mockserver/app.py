"""The ASGI application: ``create_app()`` and its routes."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .config import API_PATH, Config
from .errors import InvalidRequest
from .envelope import failure
from .service import XMLService
from .sites import load_seed
from .store import Store

#: what the real service sends with every answer (reference 1)
ANSWER_HEADERS = {
    "Content-Type": "text/xml;charset=UTF-8",
    "Cache-Control": "no-cache",
    "Pragma": "no-cache",
    "Expires": "Thu, 01 Jan 1970 00:00:00 GMT",
}


class BodyTooLarge(Exception):
    pass


async def _read_body(request: Request, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(config: Config | None = None, store: Store | None = None) -> Starlette:
    config = config or Config()
    if store is None:
        store = Store.from_sites(load_seed(config.seed_file), seed=config.random_seed)
    service = XMLService(store)

    async def xml_service(request: Request) -> Response:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > config.max_body_bytes:
            return Response(f"Request body larger than {config.max_body_bytes} bytes\n", status_code=413,
                            media_type="text/plain")
        try:
            body = await _read_body(request, config.max_body_bytes)
        except BodyTooLarge:
            error = InvalidRequest(f"Invalid request: body larger than {config.max_body_bytes} bytes")
            return Response(failure("", error), headers=ANSWER_HEADERS)
        outcome = service.handle(body, request.headers.get("content-type"))
        return Response(outcome.body, headers=ANSWER_HEADERS)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    app = Starlette(routes=[
        Route(API_PATH, xml_service, methods=["POST"]),
        Route("/_mock/health", health, methods=["GET"]),
        Route("/_mock/ready", health, methods=["GET"]),
    ])
    app.state.config = config
    app.state.store = store
    app.state.service = service
    return app
