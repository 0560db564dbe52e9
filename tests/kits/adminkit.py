"""Helpers for the admin API tests (tests/admin/).

Every ``/_mock/`` answer a client built here receives is checked against
``schemas/admin-openapi.json`` before the test sees it: the status must be
documented for that method and path, the content type must be the documented
one, and a JSON body must fit the documented schema (``$ref`` resolved).
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
from apikit import Api, make_app
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from webex import create_meeting, message

from mockserver.resources import schema_path

DOC: dict[str, Any] = json.loads(schema_path("admin-openapi.json").read_text(encoding="utf-8"))
_BASE = "urn:webex-mockserver:admin-openapi"
_REGISTRY = Registry().with_resource(_BASE, Resource.from_contents(DOC, default_specification=DRAFT202012))
_PATTERNS = [(template, re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"))
             for template in DOC["paths"]]

BODY = "serv:body/serv:bodyContent/"


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def template_of(path: str) -> str:
    """The documented path template a concrete ``/_mock/`` path belongs to (literal paths first)."""
    if path in DOC["paths"]:
        return path
    found = [template for template, pattern in _PATTERNS if pattern.match(path)]
    assert found, f"{path} matches no documented path"
    return found[0]


def schema_validator(pointer: str) -> Draft202012Validator:
    """A validator for the schema at a JSON pointer into the document; its ``$ref`` s resolve in the document."""
    return Draft202012Validator({"$ref": f"{_BASE}#{pointer}"}, registry=_REGISTRY)


def component(name: str) -> Draft202012Validator:
    return schema_validator(f"/components/schemas/{name}")


def request_schema(method: str, template: str) -> Draft202012Validator:
    return schema_validator(f"/paths/{_escape(template)}/{method}/requestBody/content/application~1json/schema")


def check(response: httpx.Response) -> None:
    """Validate one admin answer: status documented, content type documented, JSON body fits its schema."""
    response.read()
    method = response.request.method.lower()
    template = template_of(response.request.url.path)
    operation = DOC["paths"][template].get(method)
    assert operation is not None, f"{method.upper()} {template} is not documented"
    status = str(response.status_code)
    assert status in operation["responses"], (
        f"{method.upper()} {template} answered {status}, documented: {sorted(operation['responses'])}: "
        f"{response.text[:300]}")
    pointer = f"/paths/{_escape(template)}/{method}/responses/{status}"
    documented = operation["responses"][status]
    if "$ref" in documented:
        pointer = documented["$ref"][1:]
        documented = DOC["components"]["responses"][pointer.rsplit("/", 1)[-1]]
    media = response.headers.get("content-type", "").split(";")[0].strip()
    assert media in documented["content"], f"{method.upper()} {template} {status}: content type {media!r}"
    if media == "application/json":
        body = response.json()
        validator = schema_validator(f"{pointer}/content/application~1json/schema")
        problems = [f"{'/'.join(map(str, e.absolute_path)) or '<body>'}: {e.message}"
                    for e in validator.iter_errors(body)]
        assert not problems, f"{method.upper()} {template} {status} breaks the document:\n" + "\n".join(problems)


def _hook(response: httpx.Response) -> None:
    if response.request.url.path.startswith("/_mock/"):
        check(response)


def watched(client: httpx.Client) -> httpx.Client:
    """The client, with every ``/_mock/`` answer checked against the document."""
    hooks = client.event_hooks
    hooks["response"] = [*hooks.get("response", []), _hook]
    client.event_hooks = hooks
    return client


class Admin:
    """The admin API of one mock, reached the way ``api`` reaches the WebEx API (in-process or real HTTP)."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.client = watched(api._client)

    def call(self, method: str, path: str, expect: int = 200, **kw: Any) -> Any:
        response = self.client.request(method, path, **kw)
        assert response.status_code == expect, f"{method} {path}: {response.status_code} {response.text[:500]}"
        return response.json() if response.headers.get("content-type", "").startswith("application/json") \
            else response.text

    def get(self, path: str, expect: int = 200, **kw: Any) -> Any:
        return self.call("GET", path, expect, **kw)

    def post(self, path: str, expect: int = 200, **kw: Any) -> Any:
        return self.call("POST", path, expect, **kw)

    def put(self, path: str, expect: int = 200, **kw: Any) -> Any:
        return self.call("PUT", path, expect, **kw)

    def patch(self, path: str, expect: int = 200, **kw: Any) -> Any:
        return self.call("PATCH", path, expect, **kw)

    def delete(self, path: str, expect: int = 200, **kw: Any) -> Any:
        return self.call("DELETE", path, expect, **kw)

    def error(self, method: str, path: str, expect: int, **kw: Any) -> str:
        """Call expecting an admin error; returns its message."""
        return self.call(method, path, expect, **kw)["error"]


class Mocks:
    """Builds mocks (optionally with a Config) in one mode; over HTTP the session server serves the latest."""

    def __init__(self, mode: str, http_server) -> None:
        self.mode, self.http_server = mode, http_server
        self._made: list[Api] = []

    def __call__(self, **config: Any) -> tuple[Api, Admin]:
        api = Api(self.mode, make_app(**config), self.http_server.url)
        self._made.append(api)
        self.serve(api)
        return api, Admin(api)

    def serve(self, api: Api) -> None:
        """Over HTTP: let the session server answer with this mock's app from now on."""
        if self.mode == "http":
            self.http_server.switch.target = api.app

    def close(self) -> None:
        for api in self._made:
            api.close()


@pytest.fixture
def admin(api) -> Admin:
    return Admin(api)


@pytest.fixture(params=["asgi", "http"])
def mocks(request, http_server):
    made = Mocks(request.param, http_server)
    yield made
    made.close()


# -- WebEx calls the admin tests make -----------------------------------------------------------


def ns(namespace: str) -> dict[str, dict[str, str]]:
    """``headers=`` for a call in a namespace."""
    return {"headers": {"X-Mock-Namespace": namespace}}


def create(api: Api, name: str = "Standup", headers: dict | None = None, extra: str = "", **kw) -> int:
    content = (f"<metaData><confName>{name}</confName></metaData>"
               f"<schedule><startDate>12/01/2026 10:00:00</startDate></schedule>{extra}")
    answer = api.post(create_meeting(content, **kw), headers=headers).ok()
    return int(answer.text(BODY + "meet:meetingkey"))


def create_answer(api: Api, headers: dict | None = None, **kw):
    return api.post(create_meeting(**kw), headers=headers)


def get_meeting(api: Api, key: int, headers: dict | None = None, **kw) -> httpx.Response:
    """The raw GetMeeting answer (bytes compared in the round-trip tests)."""
    response = api.post_raw(message("meeting.GetMeeting", f"<meetingKey>{key}</meetingKey>", **kw),
                            headers=headers)
    assert response.status_code == 200
    return response


def authenticate(api: Api, headers: dict | None = None, **kw) -> str:
    """A session ticket from AuthenticateUser."""
    answer = api.post(message("user.AuthenticateUser", **kw), headers=headers).ok()
    ticket = answer.text(BODY + "use:sessionTicket")
    assert ticket
    return ticket
