"""The mock's own models of what the REST face reads and answers (mockserver/rest/models.py, answers.py) agree
with the table of the spec's facts (tests/rest/data/spec-facts.json): every field a model has is a field of the
spec schema it stands for, of the same type (an enumeration within the spec's values), every field the spec
requires in an answer is one the mock always answers, and every field the mock requires of a request the spec
requires too. Every answer of the suite is read into its model (tests/kits/apikit.py, ``Api.rest``)."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import msgspec.inspect as mi
import pytest

from mockserver.rest import answers, models
from mockserver.rest.routes import ROUTES

#: the spec's facts: the meetings table, and the time issue's (recordings, webhooks: tests/rest/data/time-facts.json)
TABLES = [json.loads((Path(__file__).parent / "data" / name).read_text()) for name in ("spec-facts.json",
                                                                                        "time-facts.json")]
FACTS = {name: schema for table in TABLES for name, schema in table["schemas"].items()}
OPERATIONS = {name: operation for table in TABLES for name, operation in table["operations"].items()}
MODELS = [(model, name, True) for model, name in answers.SPEC.items()] + \
    [(model, name, False) for model, name in models.SPEC.items()]


def _kind(info: mi.Type, spec: dict) -> str | None:
    """Why the mock's type ``info`` is not the spec's field ``spec``, or None."""
    if isinstance(info, mi.UnionType):  # a request field that may be null (PATCH)
        kept = [t for t in info.types if not isinstance(t, mi.NoneType)]
        return _kind(kept[0], spec) if len(kept) == 1 else f"a union {info}"
    simple = {mi.StrType: "string", mi.IntType: "number", mi.BoolType: "boolean", mi.DictType: "object"}
    for kind, name in simple.items():
        if isinstance(info, kind):
            return None if spec["type"] == name else f"{name}, the spec says {spec['type']}"
    if isinstance(info, mi.LiteralType):
        outside = set(info.values) - set(spec.get("enum", ()))
        return f"values {sorted(outside)} the spec's enum lacks" if spec["type"] != "string" or outside else None
    if isinstance(info, mi.ListType):
        if spec["type"] != "array":
            return f"an array, the spec says {spec['type']}"
        item = info.item_type
        if isinstance(item, mi.StructType):
            return None if spec.get("items") == _spec_name(item.cls) else f"items {item.cls.__name__}"
        return _kind(item, {"type": spec.get("items")})
    if isinstance(info, mi.StructType):
        return None if spec.get("ref") == _spec_name(info.cls) or spec["type"] == "object" else "another object"
    return f"an unexpected type {info}"


def _spec_name(cls: type) -> str:
    return answers.SPEC.get(cls) or models.SPEC[cls]


@pytest.mark.parametrize("model, name, answered", MODELS, ids=[m.__name__ for m, _, _ in MODELS])
def test_a_model_is_the_spec_schema_it_stands_for(model, name, answered):
    spec = FACTS[name]
    info = mi.type_info(model)
    assert isinstance(info, mi.StructType)
    ours = {field.encode_name: field for field in info.fields}
    unknown = sorted(set(ours) - set(spec["fields"]))
    assert not unknown, f"{model.__name__}: fields the spec's {name} does not have: {unknown}"
    wrong = {n: why for n, f in ours.items() if (why := _kind(f.type, spec["fields"][n])) is not None}
    assert not wrong, f"{model.__name__} vs {name}: {wrong}"
    required = {n for n, f in ours.items() if f.required}
    if answered:
        assert set(spec["required"]) <= required, f"{name} requires {sorted(set(spec['required']) - required)}"
    else:
        assert required <= set(spec["required"]), f"{model.__name__} requires more than {name}"


def test_every_operation_has_its_models_and_is_in_the_table():
    operations = OPERATIONS
    for route in ROUTES:
        if route.name == "PUT /meetingInvitees/bulkInsert":  # an SDK's method, answered as POST (docs/rest.md)
            continue
        assert route.name in operations, route.name
        assert (route.request is None) == (route.method in ("GET", "DELETE")), route.name
        assert (route.answer is None) == (route.method == "DELETE"), route.name


def test_a_struct_refuses_an_answer_field_it_does_not_know():
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(b'{"id": "i", "email": "e", "displayName": "d", "coHost": false, "meetingId": "m", '
                            b'"panelist": false, "extra": 1}', type=answers.InviteeOut)


def test_the_openapi_document_describes_every_operation_from_the_models(api):
    from openapi_spec_validator import validate

    response = api.rest("GET", "/openapi.json", token=None)
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert {(method.upper(), path) for path, item in document["paths"].items() for method in item} == \
        {(route.method, route.template) for route in ROUTES}
    meeting = document["components"]["schemas"]["MeetingOut"]
    assert sorted(meeting["properties"]["meetingType"]["enum"]) == ["meeting", "meetingSeries", "scheduledMeeting"]
    assert set(meeting["required"]) >= set(FACTS["MeetingSeriesObject"]["required"])
