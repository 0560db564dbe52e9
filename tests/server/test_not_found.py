"""A request to a path the mock does not serve is answered 404 with a text naming the API's paths and the admin
API (a newcomer's misspelled path, wrong case, or the server's root), in-process and over real HTTP; a wrong
method on a real path stays 405."""

from __future__ import annotations

import pytest

from mockserver import API_PATH
from mockserver.fixture.local import MockServer


@pytest.fixture(scope="module")
def server():
    with MockServer() as running:
        yield running


@pytest.fixture(params=["in-process", "http"])
def client(request, server):
    mock = server.mock()
    yield mock.client(in_process=request.param == "in-process")
    mock.close()


@pytest.mark.parametrize("method, path", [
    ("POST", "/WBXService/XMLservice"), ("GET", "/"), ("POST", "/"), ("POST", "/WBXService"),
    ("POST", "/ns/team-a/WBXService/XMLService/extra"), ("GET", "/_mock/no-such-thing"),
])
def test_a_wrong_path_is_a_404_naming_the_api_and_the_admin_api(client, method, path):
    answer = client.request(method, path, content=b"<message/>" if method == "POST" else None)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/plain")
    text = answer.text
    assert f"webex-mockserver serves nothing at {method} {path}" in text
    assert f"POST {API_PATH}" in text
    assert f"POST /ns/{{namespace}}{API_PATH}" in text
    assert "/_mock/" in text and "/_mock/openapi.json" in text


@pytest.mark.parametrize("path, meant", [
    ("/WBXService/XMLservice", API_PATH), ("/wbxservice/xmlservice", API_PATH),
    ("/ns/team-a/wbxservice/XMLService", f"/ns/{{namespace}}{API_PATH}"),
])
def test_the_api_path_in_the_wrong_case_is_named(client, path, meant):
    answer = client.post(path, content=b"<message/>")
    assert answer.status_code == 404
    assert f"(paths are case-sensitive: the API is {meant})" in answer.text


def test_what_is_echoed_of_the_path_is_printable_and_short(client):
    answer = client.get("/caf%C3%A9" + "x" * 500)
    assert answer.status_code == 404
    first = answer.text.splitlines()[0]
    assert "GET /caf?xxx" in first and first.endswith("...") and len(first) < 300


@pytest.mark.parametrize("path", [API_PATH, f"/ns/team-a{API_PATH}"])
def test_a_wrong_method_on_the_api_path_is_still_405(client, path):
    assert client.get(path).status_code == 405
    assert client.post(path, content=b"<message/>").status_code == 200
