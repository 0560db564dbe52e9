"""The admin API refuses what a browser page on another site could send it: a cross-origin request (Origin of
another site), a request under a foreign Host name (DNS rebinding), a body that is not declared JSON. The WebEx
API itself stays open to any Host and any Origin: real clients reach it by any name."""

from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit

import pytest
from adminkit import (
    DOC,
    create,
    mocks,  # noqa: F401  (fixtures)
)
from webex import create_meeting

from mockserver.cli import flag_values, parse_args
from mockserver.config import API_PATH, resolve

EVIL = "https://evil.example"


def test_a_cross_origin_reset_is_refused_and_changes_nothing(mocks):
    api, admin = mocks()
    create(api)
    message = admin.error("POST", "/_mock/reset", 403, content="x",
                          headers={"Origin": EVIL, "Content-Type": "text/plain"})
    assert "Origin" in message and "evil.example" in message
    assert len(api.store.site_meetings("acme")) == 1


@pytest.mark.parametrize("path", ["/_mock/state", "/_mock/", "/_mock/sites", "/_mock/journal", "/_mock/openapi.json"])
def test_a_foreign_host_gets_nothing_from_the_admin_api(mocks, path):
    api, admin = mocks()
    create(api, extra="<accessControl><meetingPassword>Sekret99</meetingPassword></accessControl>")
    response = admin.client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 403 and "Sekret99" not in response.text
    assert "evil.example" in response.json()["error"] and "--allowed-host" in response.json()["error"]


@pytest.mark.parametrize("host", ["localhost", "localhost:8800", "LocalHost:1", "127.0.0.1", "127.0.0.1:41234",
                                  "[::1]", "[::1]:8800"])
def test_loopback_names_with_any_port_are_answered(mocks, host):
    _, admin = mocks()
    assert admin.get("/_mock/namespaces", headers={"Host": host})["namespaces"]


@pytest.mark.parametrize("origin, expect", [
    ("http://localhost:8800", 200), ("http://LOCALHOST:8800", 200),
    ("http://localhost:9999", 403), ("https://localhost:8800", 403), ("null", 403), (EVIL, 403),
])
def test_only_the_servers_own_origin_may_call(mocks, origin, expect):
    _, admin = mocks()
    admin.call("POST", "/_mock/reset", expect, headers={"Host": "localhost:8800", "Origin": origin})


def test_configured_names_and_the_bound_host_are_answered(mocks):
    _, admin = mocks(allowed_hosts=["webex-mock:8800", "mock.internal"], host="10.1.2.3")
    for host in ("webex-mock:8800", "mock.internal", "mock.internal:1234", "10.1.2.3:8800", "localhost"):
        admin.get("/_mock/namespaces", headers={"Host": host})
    for host in ("webex-mock:9000", "webex-mock", "evil.example", "10.1.2.4:8800", ""):
        admin.error("GET", "/_mock/namespaces", 403, headers={"Host": host})


def test_a_wildcard_bind_is_no_name(mocks):
    _, admin = mocks(host="0.0.0.0")
    admin.error("GET", "/_mock/namespaces", 403, headers={"Host": "0.0.0.0:8800"})
    admin.error("GET", "/_mock/namespaces", 403, headers={"Host": "192.168.1.5:8800"})


def test_allowed_hosts_come_from_a_repeatable_flag_or_a_comma_list():
    flags = flag_values(parse_args(["--allowed-host", "webex-mock:8800", "--allowed-host", "a,b"]))
    assert resolve(flags, environ={}).allowed_hosts == ["webex-mock:8800", "a", "b"]


@pytest.mark.parametrize("content_type", ["text/plain", None, "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x"])
def test_a_json_body_needs_a_json_content_type(mocks, content_type):
    _, admin = mocks()
    headers = {"Content-Type": content_type} if content_type else {}
    message = admin.error("POST", "/_mock/seed", 415, content=b'{"seed": 1}', headers=headers)
    assert "application/json" in message


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8",
                                          "Application/JSON", "application/merge-patch+json"])
def test_json_content_types_are_accepted(mocks, content_type):
    _, admin = mocks()
    admin.post("/_mock/seed", content=b'{"seed": 1}', headers={"Content-Type": content_type})


def test_a_call_without_a_body_needs_no_content_type(mocks):
    _, admin = mocks()
    assert admin.post("/_mock/reset")["reset"] == "namespace"


def test_health_and_ready_answer_any_host(mocks):
    _, admin = mocks()
    assert admin.get("/_mock/health", headers={"Host": "10.0.0.7:8800"})["status"] == "ok"
    assert admin.get("/_mock/ready", headers={"Host": "10.0.0.7:8800", "Origin": EVIL})["status"] == "ready"


def test_the_webex_api_stays_open_to_any_host_and_origin(api):
    create(api, headers={"Host": "webex.internal.example:443", "Origin": EVIL})


def test_the_admin_document_names_the_refusals():
    for path, item in DOC["paths"].items():
        for method, operation in item.items():
            if method in ("get", "put", "post", "delete", "patch") and operation.get("security") != []:
                assert {"403", "415"} <= set(operation["responses"]), f"{method.upper()} {path}"



def _send_repeated(api, method: str, path: str, headers: list[tuple[str, str]], body: bytes = b"") -> tuple[int, str]:
    """(status, text) of a request carrying ``headers`` as given, repeats included (httpx refuses to send two Host
    headers over a socket, so over HTTP it goes raw)."""
    if api.mode == "asgi":
        response = api._client.request(method, path, headers=headers, content=body)
        return response.status_code, response.text
    parts = urlsplit(api.url)
    lines = "".join(f"{name}: {value}\r\n" for name, value in headers)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(f"{method} {path} HTTP/1.1\r\n{lines}Content-Length: {len(body)}\r\nConnection: close\r\n"
                     "\r\n".encode() + body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, text = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), text.decode()


@pytest.mark.parametrize("repeated", [[("Host", "localhost"), ("Host", "evil.example")],
                                      [("Host", "evil.example"), ("Host", "localhost")],
                                      [("Host", "localhost"), ("Host", "localhost")],
                                      [("Origin", "http://localhost"), ("Origin", EVIL)],
                                      [("Origin", EVIL), ("Origin", "http://localhost")]])
@pytest.mark.parametrize("method, path", [("POST", "/_mock/reset"), ("GET", "/_mock/state"),
                                          ("GET", "/_mock/static/page.css"), ("POST", "/_mock/login")])
def test_a_repeated_host_or_origin_is_400_on_the_admin_api_and_the_page(mocks, repeated, method, path):
    api, admin = mocks()
    create(api)
    headers = [("Host", "localhost")] if repeated[0][0] == "Origin" else []
    status, text = _send_repeated(api, method, path, headers + repeated)
    assert status == 400 and json.loads(text) == {"error": f"more than one {repeated[0][0]} header: send it once"}
    assert len(api.store.site_meetings("acme")) == 1  # the reset did not run


def test_a_repeated_host_is_400_on_the_webex_api_and_nothing_runs(api):
    headers = [("Host", "webex.example"), ("Host", "other.example"), ("Content-Type", "text/xml")]
    status, text = _send_repeated(api, "POST", API_PATH, headers, create_meeting().encode())
    assert (status, text) == (400, "Bad Request: more than one Host header\n")
    tenant = api.app.state.tenancy.get()
    assert tenant.store.site_meetings("acme") == [] and tenant.journal.entries() == []
    # one Host, or other headers repeated, are served as before
    create(api, headers=[("Host", "webex.example"), ("X-Extra", "1"), ("X-Extra", "2")])


def test_a_repeated_host_is_400_on_the_rest_api_and_nothing_runs(api):
    body = b'{"title": "t", "start": "2030-01-15T10:00:00Z", "end": "2030-01-15T10:30:00Z"}'
    headers = [("Host", "webex.example"), ("Host", "other.example"), ("Content-Type", "application/json"),
               ("Authorization", "Bearer acme-hostid-access-token")]
    status, text = _send_repeated(api, "POST", "/v1/meetings", headers, body)
    assert status == 400 and json.loads(text)["message"] == "more than one Host header: send it once"
    tenant = api.app.state.tenancy.get()
    assert tenant.store.site_meetings("acme") == [] and tenant.journal.entries() == []
