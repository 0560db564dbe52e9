"""``SchemaModel.to_data`` reads a validated payload as it did field by field from the schema model: the same data and
the same notes, with its reading of each type worked out once (mockserver/xml/schema.py)."""

from __future__ import annotations

from typing import Any

from fuzzkit import fuzz_settings, mutated_requests, valid_requests
from hypothesis import assume, given
from webex import create_meeting, sample

from mockserver.base.errors import WebexError
from mockserver.base.fidelity import Notes
from mockserver.xml import decoding, intake, schema


def _read_as_before(model: schema.SchemaModel, element: Any, type_name: str, notes: Notes,
                    path: str = "bodyContent") -> dict[str, Any]:
    """``to_data`` as it was: each field's spec looked up in the model, each simple value through ``_convert``."""
    fields = model.types[type_name]
    data: dict[str, Any] = {}
    for child in element:
        tag = child.tag
        spec = fields[tag]
        if spec.complex:
            value: Any = _read_as_before(model, child, spec.type, notes, f"{path}/{tag}")
        else:
            value = schema._convert(child.text or "", spec.kind)
            if spec.undocumented and value in spec.undocumented:
                notes.accommodate("undocumented-value", f"{path}/{tag}",
                                  f"{tag} '{value}' at {path}/{tag} is not a documented value; "
                                  "accepted, as shipped clients send it")
        if spec.repeated:
            data.setdefault(tag, []).append(value)
        else:
            data[tag] = value
    return data


def _both_ways(body: bytes) -> None:
    requests = schema.shared()
    try:
        call = intake.read_document(decoding.document_text(body, "text/xml", Notes()))
        requests.drop_empty(call.message, Notes())
        requests.check(call.message)
    except WebexError:
        assume(False)  # refused before it is read: nothing to compare
        return
    now, before = Notes(), Notes()
    assert requests.model.to_data(call.payload, call.operation, now) == \
        _read_as_before(requests.model, call.payload, call.operation, before)
    assert now.items == before.items


def test_the_seed_and_the_kits_requests_read_as_before():
    for body in (sample("seed-createmeeting-request.xml"), create_meeting().encode(),
                 create_meeting("<metaData><confName> a  b </confName><meetingType>105</meetingType></metaData>"
                                "<enableOptions><chat> TRUE </chat></enableOptions>").encode()):
        _both_ways(body)


@fuzz_settings(300)
@given(valid_requests())
def test_valid_requests_read_as_before(request):
    _both_ways(request.body)


@fuzz_settings(300)
@given(mutated_requests())
def test_mutated_requests_read_as_before(request):
    _both_ways(request.body)
