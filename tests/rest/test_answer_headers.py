"""The headers of a REST answer (mockserver.rest.endpoint): a usual answer (JSON body, no headers of its own, not
cut short) is sent with its headers written out at once; they are the ones every other answer is sent with."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from mockserver.rest import endpoint
from mockserver.rest.calls import Answer

TRACKING = "ROUTER_0A1B2C3D-0000-4000-8000-000000000000"


def _sent(answer: Answer, encoded: bytes | None, usual: bool) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    async def run() -> None:
        if usual:
            await endpoint._send_answer(send, answer, TRACKING, False, encoded)
        else:  # as every answer with headers of its own is sent
            body = encoded if encoded is not None else endpoint._ENCODE(answer.body)
            await endpoint._send_raw(send, answer.status, {"TrackingID": TRACKING, **answer.headers,
                                                           "Content-Type": "application/json;charset=UTF-8"}, body)

    asyncio.run(run())
    return messages


@pytest.mark.parametrize("answer,encoded", [
    (Answer(200, {"id": "x", "title": "Ünï"}), None),
    (Answer(200, encoded=b'{"id":"y"}', masked=b'{"id":"y"}'), b'{"id":"y"}'),
    (Answer(201, {"items": []}), None),
])
def test_a_usual_answer_has_the_headers_every_answer_has(answer, encoded):
    usual = _sent(answer, encoded, True)
    written = _sent(answer, encoded, False)
    assert usual == written
    assert dict(usual[0]["headers"])[b"trackingid"] == TRACKING.encode()
    assert dict(usual[0]["headers"])[b"content-length"] == str(len(usual[1]["body"])).encode()
