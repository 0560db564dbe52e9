"""tests/rest/data/spec-facts.json, our table of the Webex REST spec's facts (see the README beside it), is well formed:
every schema a field, an array item or an operation names is in the table, every required field is a field, every
enum is a non-empty list of distinct strings, and the table holds exactly the operations the REST face will serve.
A later step checks the mock's own REST models against it; this test checks only the table."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

TABLE_PATH = Path(__file__).parent / "data" / "spec-facts.json"
TABLE: dict[str, Any] = json.loads(TABLE_PATH.read_text(encoding="utf-8"))
SCHEMAS: dict[str, dict[str, Any]] = TABLE["schemas"]
OPERATIONS: dict[str, dict[str, Any]] = TABLE["operations"]

TYPES = {"string", "integer", "boolean", "number", "array", "object"}
FIELD_KEYS = {"type", "enum", "default", "ref", "items", "itemEnum", "maxLength", "itemMaxLength", "maxItems",
              "minimum", "maximum", "allowed", "format", "readOnly"}
PARAMETER_KEYS = {"type", "enum", "default", "required", "maximum", "maxItems"}
OPERATION_KEYS = {"operationId", "path", "query", "headers", "statuses", "request", "requestContentType", "response",
                  "responseHeaders", "errorBodies", "contentTypes"}
FORMATS = {"iso8601", "iana-timezone"}

#: the operations the REST face will serve (and nothing else: recordings and people administration stay out)
SERVED = {
    "GET /meetings", "POST /meetings",
    "GET /meetings/{meetingId}", "PUT /meetings/{meetingId}", "PATCH /meetings/{meetingId}",
    "DELETE /meetings/{meetingId}",
    "GET /meetingInvitees", "POST /meetingInvitees", "POST /meetingInvitees/bulkInsert",
    "GET /meetingInvitees/{meetingInviteeId}", "PUT /meetingInvitees/{meetingInviteeId}",
    "DELETE /meetingInvitees/{meetingInviteeId}",
    "GET /meetings/templates", "GET /meetings/templates/{templateId}",
    "GET /meetings/sessionTypes", "GET /meetings/sessionTypes/{sessionTypeId}",
    "GET /people", "GET /people/{personId}", "GET /people/me",
}


def fields() -> list[tuple[str, str, dict[str, Any]]]:
    return [(schema, name, field) for schema, body in SCHEMAS.items() for name, field in body["fields"].items()]


def is_string_list(value: Any) -> bool:
    return (isinstance(value, list) and bool(value) and all(isinstance(item, str) and item for item in value)
            and len(set(value)) == len(value))


def test_the_table_says_where_its_facts_come_from():
    assert "webex/webex-openapi-specs" in TABLE["source"] and "CC BY 4.0" in TABLE["source"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", TABLE["snapshot"])
    assert set(TABLE) == {"source", "snapshot", "conventions", "schemas", "operations"}


def test_the_table_holds_exactly_the_served_operations():
    assert set(OPERATIONS) == SERVED


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_schema_has_fields_and_only_known_required_ones(name: str):
    schema = SCHEMAS[name]
    assert set(schema) <= {"required", "fields", "inline"}
    assert isinstance(schema["fields"], dict) and schema["fields"], name
    assert isinstance(schema["required"], list) and len(set(schema["required"])) == len(schema["required"])
    assert set(schema["required"]) <= set(schema["fields"]), name
    assert schema.get("inline", True) is True


def test_every_field_is_well_formed():
    problems = []
    for schema, name, field in fields():
        where = f"{schema}.{name}"
        if not set(field) <= FIELD_KEYS or field.get("type") not in TYPES:
            problems.append(f"{where}: keys or type {field}")
        if "ref" in field and (field["type"] != "object" or field["ref"] not in SCHEMAS):
            problems.append(f"{where}: ref {field['ref']!r} is not an object schema of the table")
        if field["type"] == "array" and field.get("items") not in TYPES | set(SCHEMAS):
            problems.append(f"{where}: items {field.get('items')!r} is neither a type nor a schema of the table")
        if "items" in field and field["type"] != "array":
            problems.append(f"{where}: items on a {field['type']}")
        for key in ("enum", "itemEnum"):
            if key in field and not is_string_list(field[key]):
                problems.append(f"{where}: {key} is not a non-empty list of distinct strings")
        for key in ("maxLength", "itemMaxLength", "maxItems"):
            if key in field and not (isinstance(field[key], int) and field[key] > 0):
                problems.append(f"{where}: {key} {field[key]!r}")
        if "format" in field and field["format"] not in FORMATS:
            problems.append(f"{where}: format {field['format']!r}")
        if "minimum" in field and "maximum" in field and not field["minimum"] <= field["maximum"]:
            problems.append(f"{where}: minimum above maximum")
        if "allowed" in field:
            allowed = field["allowed"]
            if not (isinstance(allowed, dict) and allowed
                    and all(isinstance(values, list) and values for values in allowed.values())):
                problems.append(f"{where}: allowed {allowed!r}")
        if "enum" in field and "default" in field and field["default"] not in field["enum"]:
            problems.append(f"{where}: default outside the enum")
    assert problems == []


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_every_operation_is_well_formed(label: str):
    operation = OPERATIONS[label]
    method, path = label.split(" ", 1)
    assert method in {"GET", "POST", "PUT", "PATCH", "DELETE"} and path.startswith("/")
    assert set(operation) <= OPERATION_KEYS and operation["operationId"]
    assert set(operation.get("path", {})) == set(re.findall(r"\{(\w+)\}", path))
    for where in ("path", "query", "headers"):
        for name, parameter in operation.get(where, {}).items():
            assert set(parameter) <= PARAMETER_KEYS and parameter["type"] in TYPES, (name, parameter)
            if "enum" in parameter:
                assert is_string_list(parameter["enum"]), name
            if where == "path":
                assert parameter.get("required") is True, name
    statuses = operation["statuses"]
    assert statuses == sorted(set(statuses)) and all(isinstance(code, int) and 100 <= code <= 599 for code in statuses)
    assert [code for code in statuses if code < 300] in ([200], [204])
    for key in ("request", "response"):
        if key in operation:
            assert operation[key] in SCHEMAS, (key, operation[key])
    assert ("request" in operation) == ("requestContentType" in operation)
    assert ("response" in operation) == bool(operation["contentTypes"])
    for code, schema in operation.get("errorBodies", {}).items():
        assert int(code) in statuses and int(code) >= 400 and schema in SCHEMAS, code


def test_every_schema_is_reached_from_an_operation():
    reached: set[str] = set()
    todo = [name for operation in OPERATIONS.values()
            for name in (operation.get("request"), operation.get("response"),
                         *operation.get("errorBodies", {}).values())
            if name]
    while todo:
        name = todo.pop()
        if name in reached:
            continue
        reached.add(name)
        for field in SCHEMAS[name]["fields"].values():
            todo += [target for target in (field.get("ref"), field.get("items")) if target in SCHEMAS]
    assert reached == set(SCHEMAS)


def test_the_facts_the_mock_leans_on_are_in_the_table():
    """A few facts docs/webex-reference.md §31 restates; if a regenerated table loses one, the reference is stale."""
    listing = OPERATIONS["GET /meetings"]
    assert listing["query"]["max"] == {"type": "number", "default": 10, "maximum": 100}
    assert listing["responseHeaders"] == ["Link"]
    assert OPERATIONS["PATCH /meetings/{meetingId}"]["requestContentType"] == "application/json-patch+json"
    assert OPERATIONS["POST /meetingInvitees"]["errorBodies"] == {"409": "ErrorBody"}
    assert SCHEMAS["CreateInviteesObject"]["fields"]["items"]["maxItems"] == 100
    create = SCHEMAS["CreateMeetingObject"]
    assert create["required"] == ["title", "start", "end"]
    assert create["fields"]["title"]["maxLength"] == 128 and create["fields"]["agenda"]["maxLength"] == 1300
    assert create["fields"]["joinBeforeHostMinutes"]["allowed"] == {"meeting": [0, 5, 10, 15],
                                                                     "webinar": [0, 15, 30, 45, 60]}
    assert set(SCHEMAS["ErrorBody"]["fields"]) == {"message", "errors", "trackingId"}
