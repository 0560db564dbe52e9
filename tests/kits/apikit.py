"""The test client for API tests: :class:`Api` posts XML to a mock, in-process (ASGI) or over
real HTTP, and validates every answer against ``schemas/response``; :class:`Answer` reads it.

Shared by tests/conftest.py (whose fixtures build these) and the test modules and kits that
build their own mock with :func:`make_app`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import httpx
import msgspec
from lxml import etree

from mockserver import API_PATH, Config, create_app
from mockserver.controls.faults import DROPPED, DroppedConnection
from mockserver.rest import answers
from mockserver.rest.routes import match
from mockserver.xml.namespaces import NS as XML_NAMESPACES
from mockserver.xml.schema import ResponseSchema

NS = {prefix: uri for prefix, uri in XML_NAMESPACES.items() if prefix != "xsi"}

RESPONSE_SCHEMA = ResponseSchema()

@dataclass
class Answer:
    status: int
    headers: httpx.Headers
    body: bytes
    root: etree._Element = field(init=False)

    def __post_init__(self) -> None:
        self.root = etree.fromstring(self.body)

    def text(self, path: str) -> str | None:
        node = self.root.find(path, NS)
        return None if node is None else (node.text or "")

    def all(self, path: str) -> list[etree._Element]:
        return self.root.findall(path, NS)

    @property
    def result(self) -> str | None:
        return self.text("serv:header/serv:response/serv:result")

    @property
    def reason(self) -> str | None:
        return self.text("serv:header/serv:response/serv:reason")

    @property
    def exception_id(self) -> str | None:
        return self.text("serv:header/serv:response/serv:exceptionID")

    @property
    def content(self) -> etree._Element:
        return self.root.find("serv:body/serv:bodyContent", NS)

    def ok(self) -> Answer:
        assert self.result == "SUCCESS", f"expected SUCCESS, got {self.exception_id}: {self.reason}"
        return self


class Switch:
    """An ASGI app whose target is swapped per test, so one uvicorn server serves them all."""

    def __init__(self) -> None:
        self.target = None

    async def __call__(self, scope, receive, send):
        await self.target(scope, receive, send)


class Api:
    """Posts XML to a fresh mock, in-process or over HTTP, and validates every answer."""

    def __init__(self, mode: str, app, url: str) -> None:
        self.mode, self.app, self.url = mode, app, url
        app.state.tenancy.get()  # the default namespace exists from the start, as in a served app
        if mode == "asgi":
            # localhost: a name the admin API answers to
            self._client = httpx.Client(transport=_SyncASGI(app), base_url="http://localhost")
        else:
            self._client = httpx.Client(base_url=url.split(API_PATH)[0], timeout=30)

    @property
    def store(self):
        """The default namespace's state (a reset replaces it, so it is looked up each time)."""
        return self.app.state.tenancy.get().store

    def post_raw(self, body: bytes | str, content_type: str | None = "text/xml",
                 headers: dict | None = None) -> httpx.Response:
        data = body.encode("utf-8") if isinstance(body, str) else body
        sent = dict(headers or {})
        if content_type is not None:
            sent["Content-Type"] = content_type
        return self._client.post(API_PATH, content=data, headers=sent)

    def post(self, body: bytes | str, content_type: str | None = "text/xml", **kw) -> Answer:
        response = self.post_raw(body, content_type, **kw)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "text/xml;charset=UTF-8"
        errors = RESPONSE_SCHEMA.errors(response.content)
        assert not errors, f"answer breaks the response XSD: {errors}\n{response.text}"
        return Answer(response.status_code, response.headers, response.content)

    def rest(self, method: str, path: str, token: str | None = "acme-hostid-access-token", stubbed: bool = False,
             **kw) -> httpx.Response:
        """A REST call (``path`` under ``/v1``) with a bearer token (None: without one). Every answer carries a
        TrackingID header, a failure's body is the documented error body naming the same trackingId, and any other
        answer is read into its operation's model (unless a test's stub answers it: ``stubbed``)."""
        headers = dict(kw.pop("headers", None) or {})
        if token is not None:
            headers.setdefault("Authorization", f"Bearer {token}")
        response = self._client.request(method, "/v1" + path, headers=headers, **kw)
        tracking = response.headers.get("trackingid", "")
        assert tracking.startswith("ROUTER_"), response.headers
        if response.status_code >= 400:
            body = msgspec.json.decode(response.content, type=answers.ErrorOut)  # the mock's own schema, strictly
            assert body.tracking_id == tracking and body.errors, body
        elif response.content and path != "/openapi.json" and not stubbed:  # read into its operation's model
            routed = match(method, path.split("?", 1)[0])
            assert not isinstance(routed, list) and routed[0].answer is not None, (method, path)
            assert response.headers["content-type"] == "application/json;charset=UTF-8"
            msgspec.json.decode(response.content, type=routed[0].answer)
        return response

    def admin(self, method: str, path: str, **kw) -> httpx.Response:
        """An admin API call (``/_mock/...``) on this mock."""
        return self._client.request(method, path, **kw)

    def close(self) -> None:
        self._client.close()


class _SyncASGI(httpx.BaseTransport):
    """Drive the ASGI app in-process from synchronous tests (no socket)."""

    def __init__(self, app) -> None:
        self._transport = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def run():
            body = request.read()
            async_request = httpx.Request(request.method, request.url, headers=request.headers, content=body)
            try:
                response = await self._transport.handle_async_request(async_request)
            except DroppedConnection:  # fault 'drop': raise what httpx raises over the network
                raise httpx.RemoteProtocolError(DROPPED, request=request) from None
            content = b"".join([chunk async for chunk in response.stream])
            return httpx.Response(response.status_code, headers=response.headers, content=content)
        return asyncio.run(run())


def make_app(**config):
    config.setdefault("random_seed", 1234)
    return create_app(Config(**config))
