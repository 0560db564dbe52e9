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
import featured_rest
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


def _featured_rest(path: str, body: bytes, token: str = REST_TOKEN) -> tuple[int, Any, str, featured_rest.Tenant]:
    found = featured_rest.tenant(path)
    assert found is not None
    status, answered, tracking_id = featured_rest.answer(found[0], "POST", found[1], body,
                                                         f"Bearer {token}".encode(), b"application/json")
    return status, httpx.Response(status, content=answered).json(), tracking_id, found[0]


def test_the_featured_rest_create_answers_every_field_the_mock_answers_through_its_app():
    _, mock = _mock_answers(make_app())

    async def create() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=featured.app),
                                     base_url="http://127.0.0.1") as client:
            return await client.post("/ns/featured-rest-app/v1/meetings", content=rest_body("same shape"),
                                     headers=rest_headers())
    answered = asyncio.run(create())
    assert answered.status_code == mock.status_code == 200
    assert answered.headers["TrackingID"].startswith("ROUTER_") and len(answered.headers["TrackingID"]) == 43
    assert answered.headers["Content-Type"] == mock.headers["Content-Type"]
    assert _shape(answered.json()) == _shape(mock.json())


def test_the_featured_rest_create_pays_for_each_feature():
    """Ids drawn per meeting in each namespace, the meeting stored and indexed there, the notes and the rules kept,
    the passwords masked in the journal, refusals in the REST error shape."""
    status, first, _, place = _featured_rest("/ns/featured-rest-pays/v1/meetings", rest_body("one"))
    _, second, _, same = _featured_rest("/ns/featured-rest-pays/v1/meetings", rest_body("two"))
    _, _, _, other = _featured_rest("/ns/featured-rest-other/v1/meetings", rest_body("three"))
    assert status == 200 and same is place and other is not place
    assert featured_rest.tenant("/ns/featured-rest-pays/elsewhere") is None
    assert first["id"] != second["id"] and first["meetingNumber"] != second["meetingNumber"]
    assert first["id"] in place.by_id and first["id"] not in other.by_id and len(place.meetings) == 2
    assert first["sipAddress"] == f"{first['meetingNumber']}@{first['siteUrl']}"
    entry = place.journal[-1]
    request, answer, notes, rules = entry[9], entry[10], marshal.loads(entry[11]), marshal.loads(entry[12])
    assert second["password"].encode() not in answer and b'"password":"******"' in answer
    assert [note[1] for note in notes] == ["audioConnectionOptions", "password"]
    assert {rule[0] for rule in rules} >= {"default", "host", "time-zone"} and len(rules) > 30
    assert request == rest_body("two")  # no password sent: nothing to mask
    refused, error, tracking_id, _ = _featured_rest("/v1/meetings", rest_body(), token="nobody")
    assert refused == 401 and error["trackingId"] == tracking_id and error["errors"]
    assert _featured_rest("/v1/meetings", b'{"title": ""}')[0] == 400
    found = featured_rest.tenant("/v1/people/me")
    assert found is not None and featured_rest.answer(found[0], "GET", found[1], b"", b"", b"")[0] == 404
