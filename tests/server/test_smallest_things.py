"""The smallest things that could work (benchmarks/smallest.py and smallest_rest.py), which the speed goals are
argued from, answer what the mock answers: the same elements, the same JSON fields of the same types. A smaller
answer would make them look faster than any faithful mock could be."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import httpx
from apikit import make_app
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import smallest
import smallest_rest
from wrkrun import REST_TOKEN, rest_body, rest_headers, seed_request


def _mock_answers(app: Any) -> tuple[bytes, httpx.Response]:
    async def both() -> tuple[bytes, httpx.Response]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as client:
            xml = await client.post("/WBXService/XMLService", content=seed_request(),
                                    headers={"Content-Type": "text/xml"})
            rest = await client.post("/v1/meetings", content=rest_body("same shape"), headers=rest_headers())
            return xml.content, rest
    return asyncio.run(both())


def _shape(value: Any) -> Any:
    """The JSON's field names and value types, nested."""
    if isinstance(value, dict):
        return {name: _shape(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return type(value).__name__


def _tags(answer: bytes) -> list[str]:
    return [element.tag for element in etree.fromstring(answer).iter() if isinstance(element.tag, str)]


def test_the_smallest_rest_create_answers_every_field_the_mock_answers():
    _, mock = _mock_answers(make_app())
    status, answered, tracking_id = smallest_rest.answer(rest_body("same shape"), f"Bearer {REST_TOKEN}".encode(),
                                                         b"application/json")
    assert mock.status_code == status == 200
    assert mock.headers["TrackingID"].startswith("ROUTER_") and tracking_id.startswith("ROUTER_")
    assert _shape(httpx.Response(200, content=answered).json()) == _shape(mock.json())


def test_the_smallest_rest_create_refuses_as_the_api_does():
    for body, token, status in ((rest_body(), "nobody", 401), (b'{"title": ""}', REST_TOKEN, 400),
                                (rest_body().replace(b'"title": "REST meeting"', b'"title": "' + b"x" * 129 + b'"'),
                                 REST_TOKEN, 400)):
        answered_status, answered, tracking_id = smallest_rest.answer(body, f"Bearer {token}".encode(),
                                                                      b"application/json")
        error = httpx.Response(answered_status, content=answered).json()
        assert answered_status == status and error["trackingId"] == tracking_id and error["errors"]


def test_the_smallest_create_meeting_answers_the_elements_the_mock_answers():
    mock, _ = _mock_answers(make_app())
    assert _tags(smallest.answer(seed_request())) == _tags(mock)
