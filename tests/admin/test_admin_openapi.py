"""schemas/admin-openapi.json: a valid OpenAPI 3.1 document that matches the app route for route,
whose schemas match the server's data classes, and whose request schemas accept and refuse what the
server accepts and refuses."""

from __future__ import annotations

import dataclasses

import httpx
import pytest
from adminkit import DOC, Admin, check, component, request_schema, template_of
from apikit import Api, make_app
from jsonschema import Draft202012Validator

from mockserver.controls.faults import ACTIONS, FaultRule
from mockserver.controls.journal import JournalEntry
from mockserver.controls.stubs import StubRule
from mockserver.controls.tenancy import _VALID
from mockserver.domain.explain import RuleFired
from mockserver.domain.records import Meeting, Ticket
from mockserver.domain.sites import Site, SiteSettings, User

METHODS = {"get", "put", "post", "delete", "patch"}
#: need no token: health and ready, and the page's static files and login form (mockserver/page)
PUBLIC_PATHS = ("/_mock/health", "/_mock/ready", "/_mock/static/{name}", "/_mock/login", "/_mock/logout")


def test_document_is_valid_openapi_3_1():
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(DOC)
    assert DOC["openapi"].startswith("3.1.")
    for schema in DOC["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_every_admin_route_is_documented_and_every_documented_path_exists():
    app = make_app()
    served = {(route.path.replace("{key:int}", "{key}"), method.lower())
              for route in app.routes if route.path.startswith("/_mock/")
              for method in route.methods if method != "HEAD"}
    documented = {(path, method) for path, item in DOC["paths"].items() for method in item if method in METHODS}
    assert served - documented == set(), "served but not documented"
    assert documented - served == set(), "documented but not served"
    assert all(path.startswith("/_mock/") for path in DOC["paths"])


def test_operations_document_their_errors_and_security():
    for path, item in DOC["paths"].items():
        shared = [p["$ref"] for p in item.get("parameters", [])]
        for method, operation in ((m, o) for m, o in item.items() if m in METHODS):
            where = f"{method.upper()} {path}"
            public = operation.get("security") == []
            assert public == (path in PUBLIC_PATHS), where
            assert ("401" in operation["responses"]) != public, where
            parameters = shared + [p.get("$ref", p.get("name")) for p in operation.get("parameters", [])]
            if "#/components/parameters/NamespaceHeader" in parameters:
                assert "#/components/parameters/NamespaceQuery" in parameters, where
                assert "400" in operation["responses"], where
            if "{" in path:
                assert "404" in operation["responses"], where
            assert operation["operationId"] and operation["summary"], where


def test_security_schemes_are_bearer_and_the_token_header():
    schemes = DOC["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http", "scheme": "bearer"}
    assert (schemes["adminToken"]["in"], schemes["adminToken"]["name"]) == ("header", "X-Mock-Admin-Token")
    assert DOC["components"]["parameters"]["NamespaceHeader"]["name"] == "X-Mock-Namespace"


@pytest.mark.parametrize("schema, cls, internal", [
    ("SiteSettings", SiteSettings, ()), ("User", User, ()), ("UserInput", User, ()), ("Site", Site, ()),
    ("SiteInput", Site, ()), ("MeetingRecord", Meeting, ()), ("Ticket", Ticket, ()),
    ("FaultRule", FaultRule, ()), ("FaultRuleInput", FaultRule, ("id", "matched", "fired")),
    ("JournalEntry", JournalEntry, ("size",)), ("RuleFired", RuleFired, ()), ("Stub", StubRule, ()),
    ("StubInput", StubRule, ("id", "matched", "hits")),
])
def test_schemas_have_the_fields_of_the_data_classes(schema, cls, internal):
    names = cls._fields if hasattr(cls, "_fields") else [f.name for f in dataclasses.fields(cls)]
    fields = set(names) - set(internal)
    assert set(DOC["components"]["schemas"][schema]["properties"]) == fields


def test_the_meeting_schemas_have_the_models_fields():
    """The admin API's view shows the XML blocks (``data``) in place of the XML extension; an import takes the
    model, or the XML blocks as version 1 documents held them."""
    schemas = DOC["components"]["schemas"]
    model = [f.name for f in dataclasses.fields(Meeting)]
    assert list(schemas["Meeting"]["properties"]) == [name for name in model if name != "xml"] + ["data"]
    assert list(Meeting.from_dict({"key": 1, "site": "s", "host": "h", "uuid": "u", "mtid": "m", "guest_token": "g",
                                   "host_key": "1", "event_id": 1, "data": {}}).view()) == \
        list(schemas["Meeting"]["properties"])
    model_input, v1_input = schemas["MeetingInput"]["oneOf"]
    assert list(model_input["properties"]) == model
    assert set(v1_input["properties"]) == set(model) - {"title", "zone", "duration", "xml", "rest"} | {"data"}


def test_enums_and_patterns_match_the_code():
    assert DOC["components"]["schemas"]["FaultAction"]["enum"] == list(ACTIONS)
    assert DOC["components"]["parameters"]["NamespaceHeader"]["schema"]["pattern"] == f"^{_VALID.pattern}$"


def test_the_checker_refuses_what_the_document_does_not_allow():
    def answer(method: str, path: str, status: int, body, content_type="application/json") -> httpx.Response:
        request = httpx.Request(method, f"http://mock{path}")
        if content_type == "application/json":
            return httpx.Response(status, json=body, request=request)
        return httpx.Response(status, text=body, headers={"content-type": content_type}, request=request)

    check(answer("GET", "/_mock/health", 200, {"status": "ok"}))
    check(answer("GET", "/_mock/sites/acme/meetings/12", 404, {"error": "no meeting"}))
    for wrong in (
        answer("GET", "/_mock/health", 200, {"status": "fine"}),                 # not the const
        answer("GET", "/_mock/health", 200, {"status": "ok", "extra": 1}),       # additionalProperties
        answer("GET", "/_mock/health", 401, {"error": "x"}),                     # health is public: no 401
        answer("GET", "/_mock/sites", 200, {"sites": [{"siteName": "a"}]}),      # required fields
        answer("GET", "/_mock/sites/acme/users", 200, {"users": [{**_user(), "password": "passw0rd"}]}),
        answer("GET", "/_mock/sites/acme", 404, {"message": "no"}),              # not the error shape
        answer("GET", "/_mock/sites", 200, "<html/>", "text/html"),              # not the documented type
        answer("PATCH", "/_mock/journal", 200, {}),                              # not a documented method
    ):
        with pytest.raises(AssertionError):
            check(wrong)


def _user(**more) -> dict:
    return {"webExId": "u", "password": "******", "email": "u@x", "firstName": "", "lastName": "", "timeZoneID": 4,
            "siteAdmin": False, "meetingTypes": [1], "active": True, "accessTokens": [], **more}


def test_template_of_maps_concrete_paths():
    assert template_of("/_mock/sites/acme/users/bob@x") == "/_mock/sites/{site}/users/{user}"
    assert template_of("/_mock/sites/acme") == "/_mock/sites/{site}"
    assert template_of("/_mock/faults/fault-3") == "/_mock/faults/{fault_id}"
    with pytest.raises(AssertionError):
        template_of("/_mock/nothing/here/at/all")


# -- request schemas agree with the server -------------------------------------------------------------------

USER = {"webExId": "bob@acme.com", "password": "x", "email": "bob@acme.com"}
SITE = {"siteName": "new", "siteID": 1, "partnerID": "p"}
BODIES = [
    ("post", "/_mock/seed", "/_mock/seed", {"seed": 1}),
    ("post", "/_mock/seed", "/_mock/seed", {"seed": "1"}),
    ("post", "/_mock/seed", "/_mock/seed", {"seed": True}),
    ("post", "/_mock/seed", "/_mock/seed", {}),
    ("post", "/_mock/sites", "/_mock/sites", SITE),
    ("post", "/_mock/sites", "/_mock/sites", {**SITE, "users": [USER], "settings": {"maxDuration": 5}}),
    ("post", "/_mock/sites", "/_mock/sites", {**SITE, "siteID": "1"}),
    ("post", "/_mock/sites", "/_mock/sites", {**SITE, "siteName": ""}),
    ("post", "/_mock/sites", "/_mock/sites", {**SITE, "settings": {"colour": 1}}),
    ("post", "/_mock/sites", "/_mock/sites", {**SITE, "users": [{"webExId": "x"}]}),
    ("patch", "/_mock/sites/{site}/settings", "/_mock/sites/acme/settings", {"nbrAutoRecord": True}),
    ("patch", "/_mock/sites/{site}/settings", "/_mock/sites/acme/settings", {}),
    ("patch", "/_mock/sites/{site}/settings", "/_mock/sites/acme/settings", {"nbrAutoRecord": 1}),
    ("patch", "/_mock/sites/{site}/settings", "/_mock/sites/acme/settings", {"maxDuration": 1.5}),
    ("patch", "/_mock/sites/{site}/settings", "/_mock/sites/acme/settings", {"defaultEnableOptions": {"a": "b"}}),
    ("patch", "/_mock/sites/{site}/settings", "/_mock/sites/acme/settings", {"ticketLifetime": 0}),
    ("patch", "/_mock/sites/{site}/settings", "/_mock/sites/acme/settings", {"ticketLifetime": -5}),
    ("patch", "/_mock/sites/{site}/settings", "/_mock/sites/acme/settings", {"maxDuration": 0}),
    ("patch", "/_mock/sites/{site}/settings", "/_mock/sites/acme/settings", {"era": "api42", "suspended": True}),
    ("patch", "/_mock/sites/{site}/settings", "/_mock/sites/acme/settings", {"era": "api99"}),
    ("post", "/_mock/sites/{site}/users", "/_mock/sites/acme/users", USER),
    ("post", "/_mock/sites/{site}/users", "/_mock/sites/acme/users", {**USER, "accessTokens": ["t"], "active": False}),
    ("post", "/_mock/sites/{site}/users", "/_mock/sites/acme/users", {**USER, "webExId": ""}),
    ("post", "/_mock/sites/{site}/users", "/_mock/sites/acme/users", {**USER, "siteAdmin": "yes"}),
    ("post", "/_mock/sites/{site}/users", "/_mock/sites/acme/users", {"webExId": "x", "password": "y"}),
    ("post", "/_mock/faults", "/_mock/faults", {"action": "drop"}),
    ("post", "/_mock/faults", "/_mock/faults", {"action": "failure", "nth": 3, "times": None, "probability": 0}),
    ("post", "/_mock/faults", "/_mock/faults", {"action": "http_error", "status": 500, "user": None}),
    ("post", "/_mock/faults", "/_mock/faults", {"action": "nope"}),
    ("post", "/_mock/faults", "/_mock/faults", {"action": "http_error", "status": 200}),
    ("post", "/_mock/faults", "/_mock/faults", {"action": "failure", "status": 200}),
    ("post", "/_mock/faults", "/_mock/faults", {"action": "failure", "nth": 0}),
    ("post", "/_mock/faults", "/_mock/faults", {"action": "failure", "probability": 2}),
    ("post", "/_mock/faults", "/_mock/faults", {"action": "failure", "exception_id": "12"}),
    ("post", "/_mock/faults", "/_mock/faults", {"action": "delay", "delay_ms": -1}),
    ("post", "/_mock/faults", "/_mock/faults", {"action": "failure", "fired": 3}),
    ("post", "/_mock/stubs", "/_mock/stubs", {"operation": "GetUser", "bodyContent": "<use:firstName/>"}),
    ("post", "/_mock/stubs", "/_mock/stubs", {"operation": "GetUser", "bodyContent": "<x/>", "body": None,
                                              "where": {"webExId": "a"}, "nth": 2, "times": 1, "run_operation": True}),
    ("post", "/_mock/stubs", "/_mock/stubs", {"bodyContent": "<x/>"}),
    ("post", "/_mock/stubs", "/_mock/stubs", {"operation": "GetUser"}),
    ("post", "/_mock/stubs", "/_mock/stubs", {"operation": "GetUser", "bodyContent": "<x/>", "body": "<x/>"}),
    ("post", "/_mock/stubs", "/_mock/stubs", {"operation": "GetUser", "bodyContent": "<x/>", "nth": 0}),
    ("post", "/_mock/stubs", "/_mock/stubs", {"operation": "GetUser", "bodyContent": "<x/>", "where": {"a": 1}}),
    ("post", "/_mock/stubs", "/_mock/stubs", {"operation": "GetUser", "bodyContent": "<x/>", "hits": 3}),
    ("put", "/_mock/state", "/_mock/state", {"format": "webex-mockserver-state", "version": 1, "namespaces": {}}),
    ("put", "/_mock/state", "/_mock/state", {"format": "webex-mockserver-state", "version": 1,
                                             "namespaces": {"n": {"sites": [SITE]}}}),
    ("put", "/_mock/state", "/_mock/state", {"format": "webex-mockserver-state", "version": 4, "namespaces": {}}),
    ("put", "/_mock/state", "/_mock/state", {"format": "webex-mockserver-state", "version": 1,
                                             "namespaces": {"bad name": {}}}),
    ("put", "/_mock/state", "/_mock/state", {"format": "webex-mockserver-state", "version": 1,
                                             "namespaces": {"n": {"usedKeys": ["1"]}}}),
]


@pytest.mark.parametrize("method, template, path, body", BODIES)
def test_request_schemas_accept_and_refuse_what_the_server_does(http_server, method, template, path, body):
    api = Api("asgi", make_app(), http_server.url)
    try:
        status = Admin(api).client.request(method.upper(), path, json=body).status_code
    finally:
        api.close()
    assert status in (200, 201, 400)
    documented_ok = request_schema(method, template).is_valid(body)
    verdict = "accepts" if documented_ok else "refuses"
    assert documented_ok == (status != 400), f"server said {status}, the document {verdict}"


def test_exported_state_is_a_valid_import_document(http_server):
    api = Api("asgi", make_app(), http_server.url)
    try:
        exported = Admin(api).get("/_mock/state?scope=all")
    finally:
        api.close()
    assert component("StateImport").is_valid(exported)
    assert component("StateDocument").is_valid(exported)
