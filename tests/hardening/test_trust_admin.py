"""The admin API refuses what a browser page on another site could send it: a cross-origin request (Origin of
another site), a request under a foreign Host name (DNS rebinding), a body that is not declared JSON. The WebEx
API itself stays open to any Host and any Origin: real clients reach it by any name."""

from __future__ import annotations

import pytest
from adminkit import (
    DOC,
    create,
    mocks,  # noqa: F401  (fixtures)
)

from mockserver.cli import flag_values, parse_args
from mockserver.config import resolve

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
