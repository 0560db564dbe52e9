"""A lean HTTP/1.1 load client for tests that send thousands of requests over real sockets.

httpx spends about a millisecond of Python per request (and, without sniffio installed, httpcore tries to
import it on every request); when the client shares the process (and the GIL) with the server under test,
that dominated the 10,000-creates test. This client keeps ``connections`` keep-alive connections busy and
reads each answer by its Content-Length: all a test of the server needs, at a few microseconds a request.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Reply:
    status_code: int
    headers: dict[str, str]
    content: bytes


async def post_many(url: str, body: bytes, count: int, connections: int = 64,
                    content_type: str = "text/xml") -> list[Reply]:
    """POST ``body`` to ``url`` ``count`` times, ``connections`` requests in flight; the replies in order."""
    target = urlsplit(url)
    request = (f"POST {target.path or '/'} HTTP/1.1\r\nHost: {target.netloc}\r\nContent-Type: {content_type}\r\n"
               f"Content-Length: {len(body)}\r\n\r\n").encode("ascii") + body
    replies: list[Reply | None] = [None] * count
    next_index = iter(range(count))

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(target.hostname, target.port)
        try:
            for index in next_index:
                writer.write(request)
                replies[index] = await _read_reply(reader)
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(min(connections, count))))
    assert all(reply is not None for reply in replies)
    return [reply for reply in replies if reply is not None]


async def _read_reply(reader: asyncio.StreamReader) -> Reply:
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
    status_line, *lines = head[:-4].split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    assert "chunked" not in headers.get("transfer-encoding", ""), "answers carry a Content-Length"
    content = await reader.readexactly(int(headers.get("content-length", "0")))
    return Reply(int(status_line.split(" ")[1]), headers, content)
