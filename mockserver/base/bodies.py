"""Reading a request body no further than a limit (the WebEx API's and the admin API's)."""

from __future__ import annotations

from starlette.requests import ClientDisconnect
from starlette.types import Receive


class BodyTooLarge(Exception):
    pass


async def read_limited(receive: Receive, limit: int) -> bytes:
    """The whole body, read from an ASGI ``receive`` (a Starlette request's ``request.receive``);
    :class:`BodyTooLarge` as soon as it passes ``limit`` bytes (nothing more is read), ClientDisconnect if the
    client goes away first."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)
