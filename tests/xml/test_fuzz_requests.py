"""Property tests: valid CreateMeeting requests from the XSDs, then mutated (tests/kits/fuzzkit.py).

Properties, for every request: never an internal error, never a traceback; the answer is
well-formed and valid against schemas/response; a FAILURE changes nothing in the store; a
CreateMeeting SUCCESS stores exactly one meeting, readable by GetMeeting. A valid request
succeeds unless a documented rule refuses it.

CI runs the default number of examples (derandomized); ``scripts/fuzz.sh`` runs 100,000.
"""

from __future__ import annotations

import pytest
from apikit import make_app
from fuzzkit import RULE_REFUSALS, check, fuzz_settings, mutated_requests, valid_requests
from hostilekit import asgi_post
from hypothesis import event, given
from lxml import etree

from mockserver.xml.schema import ResponseSchema

RESPONSES = ResponseSchema()


@pytest.mark.slow
@fuzz_settings(300)
@given(valid_requests())
def test_valid_create_meeting_succeeds_and_is_visible(request):
    result, exception_id = check(request)
    event(f"{result} {exception_id or ''}")
    assert result == "SUCCESS" or exception_id in RULE_REFUSALS, (result, exception_id)


@pytest.mark.slow
@fuzz_settings(1000)
@given(mutated_requests())
def test_mutated_requests_never_break_the_mock(request):
    result, exception_id = check(request)
    event(f"{result} {exception_id or ''}")


APP = make_app()


@fuzz_settings(100)
@given(mutated_requests())
def test_mutated_requests_through_the_app_are_always_http_200(request):
    journal = APP.state.tenancy.get().journal
    before = len(journal.entries())
    headers = {"Content-Length": str(len(request.body))}
    if request.content_type is not None:
        headers["Content-Type"] = request.content_type
    status, headers, body, _ = asgi_post(APP, [request.body], headers)
    assert status == 200 and headers[b"content-type"] == b"text/xml;charset=UTF-8", (status, body)
    assert not RESPONSES.errors(body)
    assert etree.fromstring(body) is not None
    assert len(journal.entries()) == before + 1
