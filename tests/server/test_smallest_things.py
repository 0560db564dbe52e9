"""The smallest things that could work (benchmarks/smallest.py and smallest_rest.py), which the speed goals are
argued from, answer what the mock answers: the same elements, the same JSON fields of the same types. A smaller
answer would make them look faster than any faithful mock could be."""

from __future__ import annotations

import asyncio
import marshal
import sys
from pathlib import Path
from typing import Any

import httpx
from apikit import make_app
from lxml import etree

from mockserver.endpoint import ANSWER_HEADERS

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import featured
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


def test_the_featured_create_meeting_answers_the_elements_the_mock_answers_with_the_mock_headers():
    mock, _ = _mock_answers(make_app())
    place = featured.tenant("/ns/featured-elements/WBXService/XMLService")
    assert place is not None
    assert _tags(featured.answer(place, seed_request())) == _tags(mock)
    header_names = {name.decode() for name, _ in featured._HEADERS}
    assert {name.lower() for name in ANSWER_HEADERS} == header_names


def test_the_featured_create_meeting_pays_for_each_feature():
    """Each feature is there to be paid for: ids drawn per meeting, the notes and rules kept, secrets masked."""
    place = featured.tenant("/ns/featured-pays/WBXService/XMLService")
    other = featured.tenant("/ns/featured-other/WBXService/XMLService")
    assert place is not None and other is not None and place is not other
    assert featured.tenant("/somewhere/else") is None
    first, second = (featured.answer(place, seed_request()) for _ in range(2))
    keys = [etree.fromstring(answer).findtext(".//{*}meetingkey") for answer in (first, second)]
    assert keys[0] != keys[1] and len(place.meetings) == 2 and not other.meetings
    entry = place.journal[-1]
    request, answer, notes, rules = entry[10], entry[11], marshal.loads(entry[12]), marshal.loads(entry[13])
    assert b"passw0rd" not in request and b"pass123" not in answer and b"******" in request and b"******" in answer
    assert [note[1] for note in notes] == ["bodyContent/schedule/openTime",
                                           "bodyContent/schedule/joinTeleconfBeforeHost"]
    assert {rule[0] for rule in rules} >= {"default", "e2ee", "host", "attendee-default", "time-zone"}
    assert featured.answer(place, b"<message/>") == smallest._FAILURE
