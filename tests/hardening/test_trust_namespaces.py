"""Namespaces cannot be exhausted: past ``max_namespaces`` the least recently used one is evicted from memory
(never ``default``; a state file keeps it: tests/persistence/test_state_writes_kept.py), so ``default`` and a new
namespace always work; an invalid namespace on the WebEx API is a WebEx FAILURE, as any other bad request."""

from __future__ import annotations

import pytest
from adminkit import Admin
from apikit import RESPONSE_SCHEMA, Answer, Api, make_app
from webex import create_meeting

from mockserver.config import Config
from mockserver.controls.tenancy import Tenancy
from mockserver.domain.sites import load_seed_dicts


def test_past_the_limit_the_least_recently_used_namespace_goes_never_default():
    tenancy = Tenancy(load_seed_dicts(None), max_namespaces=3)
    tenancy.get()
    tenancy.get("a")
    tenancy.get("b")
    tenancy.get("a")  # used again: "b" is now the least recently used
    tenancy.get("c")
    assert tenancy.names() == ["a", "c", "default"]
    for number in range(20):
        tenancy.get(f"n{number}")
    assert tenancy.names() == ["default", "n18", "n19"]


def test_the_limit_is_a_setting_with_a_default():
    assert Config().max_namespaces == 10_000
    assert make_app(max_namespaces=7).state.tenancy.max_namespaces == 7
    with pytest.raises(ValueError, match="max_namespaces"):
        Tenancy([], max_namespaces=1)


@pytest.mark.parametrize("mode", ["asgi", "http"])
def test_many_namespaces_never_lock_out_default_or_a_new_one(mode, http_server):
    app = make_app(max_namespaces=4)
    if mode == "http":
        http_server.switch.target = app
    api = Api(mode, app, http_server.url)
    try:
        for number in range(12):
            api.post(create_meeting(), headers={"X-Mock-Namespace": f"ns-{number}"}).ok()
            api.post(create_meeting()).ok()  # default, kept however many others come and go
        assert len(app.state.tenancy.names()) == 4
        assert len(api.store.site_meetings("acme")) == 12
    finally:
        api.close()


def _failure(response) -> Answer:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/xml;charset=UTF-8"
    assert not RESPONSE_SCHEMA.errors(response.content)
    answer = Answer(response.status_code, response.headers, response.content)
    assert (answer.result, answer.exception_id) == ("FAILURE", "999999")
    return answer


def test_an_invalid_namespace_on_the_webex_api_is_a_webex_failure(api):
    by_header = api.post_raw(create_meeting(), headers={"X-Mock-Namespace": "no spaces"})
    assert _failure(by_header).reason == (
        "Invalid request: invalid namespace 'no spaces': use 1-128 of A-Z a-z 0-9 _ . : -")
    by_path = api._client.post("/ns/bad!name/WBXService/XMLService", content=create_meeting().encode())
    assert "invalid namespace 'bad!name'" in _failure(by_path).reason
    huge = _failure(api.post_raw(create_meeting(), headers={"X-Mock-Namespace": "x" * 5000}))
    assert len(huge.reason) < 300


def test_an_invalid_namespace_on_the_admin_api_stays_a_json_400(api):
    assert Admin(api).error("GET", "/_mock/journal", 400, headers={"X-Mock-Namespace": "no spaces"}) \
        .startswith("invalid namespace 'no spaces'")
