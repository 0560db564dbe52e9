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


def test_tracking_ids_are_upper_case_version_4_uuids_never_repeated():
    import uuid

    drawn = [endpoint.new_tracking_id() for _ in range(2000)]
    assert len(set(drawn)) == len(drawn)
    for tracking in drawn[:3] + drawn[-3:]:
        assert tracking.startswith("ROUTER_") and len(tracking) == 43 and tracking == tracking.upper()
        named = uuid.UUID(tracking.removeprefix("ROUTER_"))
        assert named.version == 4 and named.variant == uuid.RFC_4122


def test_a_forked_child_draws_tracking_ids_of_its_own():
    import os

    parent = endpoint.new_tracking_id()
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child process
        try:
            os.write(writing, endpoint.new_tracking_id().encode())
        finally:
            os._exit(0)
    os.close(writing)
    with os.fdopen(reading, "rb") as pipe:
        theirs = pipe.read().decode()
    os.waitpid(child, 0)
    # the parent's next id and the child's first differ in their drawn part, not only in the count
    assert theirs.startswith("ROUTER_") and theirs[:31] != parent[:31]
