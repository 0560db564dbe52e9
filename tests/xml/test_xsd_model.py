"""The one XSD model (mockserver/xsd.py) and its three views: request reading (SchemaModel), answer
rendering (ResponseModel) and the fuzz tests' specs (tests/kits/fuzzkit.py)."""

from __future__ import annotations

from fuzzkit import MODEL, SPECS

from mockserver.xml import render
from mockserver.xml.namespaces import NS
from mockserver.xml.schema import Field
from mockserver.xml.xsd import Simple, XsdModel

REQUEST = MODEL.xsd.types


def test_request_metadata_fields_in_order_with_their_kinds():
    particles = REQUEST[("", "metaData")]
    assert [p.name for p in particles] == ["confName", "meetingType", "agenda", "greeting", "location", "invitation",
                                           "setNonMTOptions", "sessionTemplate", "isInternal"]
    by_name = {p.name: p for p in particles}
    assert by_name["confName"].simple == Simple("string", "xs:string")
    assert by_name["agenda"].simple == Simple("string", "xs:string", max_length=2500)
    assert by_name["meetingType"].simple == Simple("token", "xs:long")
    assert by_name["setNonMTOptions"].simple == Simple("bool", "xs:token", named="wbool")
    assert by_name["sessionTemplate"].type == ("", "sessionTemplate") and by_name["sessionTemplate"].simple is None
    assert all(p.min_occurs == 0 and p.max_occurs == 1 and not p.repeated for p in particles)
    assert all(p.namespace == "" and p.tag == p.name for p in particles)  # requests are unqualified


def test_request_view_of_create_meeting():
    assert MODEL.types["CreateMeeting"]["metaData"] == Field("metaData", complex=True, repeated=False)
    fields = MODEL.types["metaData"]
    assert {name: f.kind for name, f in fields.items() if not f.complex} == {
        "confName": "string", "meetingType": "token", "agenda": "string", "greeting": "string",
        "location": "string", "invitation": "string", "setNonMTOptions": "bool", "isInternal": "bool"}


def test_named_simple_types_along_the_restriction_chain():
    by_name = {p.name: p for p in REQUEST[("", "schedule")]}
    assert by_name["startDate"].simple == Simple("token", "xs:token", named="wdate")
    assert by_name["openTime"].simple == Simple("token", "xs:long", named="nonNegativeLong", low=0)


def test_enumeration_with_undocumented_values_and_repetition_from_the_enclosing_choice():
    order_by, order_ad = REQUEST[("", "order")]
    assert order_by.simple is not None and order_by.simple.enumeration[:3] == ("HOSTWEBEXID", "CONFNAME", "STARTTIME")
    assert order_by.simple.undocumented == {"HOSTNAME", "STATUS"}
    assert {"HOSTNAME", "STATUS"} <= set(order_by.simple.enumeration)
    assert order_ad.simple is not None and order_ad.simple.undocumented == frozenset()
    # each element is 1..1 inside <xs:choice maxOccurs="6">
    assert (order_by.min_occurs, order_by.max_occurs, order_by.repeated) == (1, 6, True)
    assert MODEL.types["order"]["orderBy"].undocumented == {"HOSTNAME", "STATUS"}


def test_anonymous_types_are_keyed_by_their_owner_path():
    header, body = REQUEST[("", "message")]
    assert (header.name, header.type, body.type) == ("header", ("", "message/header"), ("", "message/body"))
    assert [p.type for p in REQUEST[("", "message/header")]] == [("", "securityContext")]


def test_response_get_meeting_children_and_tags():
    children = render.model().types[(NS["meet"], "getMeetingResponse")]
    assert [(c.name, c.tag) for c in children[:7]] == [
        ("accessControl", "meet:accessControl"), ("metaData", "meet:metaData"), ("participants", "meet:participants"),
        ("enableOptions", "meet:enableOptions"), ("schedule", "meet:schedule"), ("telephony", "meet:telephony"),
        ("tracking", "meet:tracking")]
    assert children[0].type == (NS["meet"], "accessControlType")
    assert children[6].type == (NS["com"], "trackingType")  # a com: type held by a meet: element


def test_response_extension_puts_the_base_children_first():
    types = render.model().types
    base = types[(NS["att"], "attendeeType")]
    extended = types[(NS["att"], "attendeeInstanceType")]
    assert extended[:len(base)] == base
    assert [c.name for c in extended[len(base):]] == ["attendeeId", "confID", "status", "registerID"]
    assert extended[0].tag == "att:person" and extended[0].type == (NS["com"], "personType")


def test_a_small_schema_read_from_scratch(tmp_path):
    (tmp_path / "one.xsd").write_text(f"""<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:meet="{NS['meet']}"
           targetNamespace="{NS['meet']}" elementFormDefault="qualified">
  <xs:simpleType name="small"><xs:restriction base="xs:int"><xs:maxInclusive value="9"/></xs:restriction>
  </xs:simpleType>
  <xs:complexType name="base"><xs:sequence><xs:element name="first" type="xs:string"/></xs:sequence></xs:complexType>
  <xs:complexType name="derived">
    <xs:complexContent><xs:extension base="meet:base">
      <xs:sequence maxOccurs="unbounded">
        <xs:element name="count" type="meet:small" minOccurs="0"/>
        <xs:element name="box"><xs:complexType><xs:all><xs:element name="x" type="meet:base"/></xs:all>
        </xs:complexType></xs:element>
      </xs:sequence>
    </xs:extension></xs:complexContent>
  </xs:complexType>
</xs:schema>""", encoding="utf-8")
    model = XsdModel(tmp_path)
    first, count, box = model.types[(NS["meet"], "derived")]
    assert (first.tag, first.repeated, first.simple) == ("meet:first", False, Simple("string", "xs:string"))
    assert (count.min_occurs, count.max_occurs, count.repeated) == (0, None, True)
    assert count.simple == Simple("token", "xs:int", named="small", high=9)
    assert box.type == (NS["meet"], "derived/box") and box.repeated
    assert model.types[(NS["meet"], "derived/box")][0].type == (NS["meet"], "base")


def test_request_view_and_fuzz_specs_agree_on_every_field():
    fields = {(owner, name): field for owner, by_name in MODEL.types.items() for name, field in by_name.items()}
    assert fields.keys() == SPECS.keys()
    for key, field in fields.items():
        spec = SPECS[key]
        assert field.complex == (spec.base == "complex"), key
        assert (field.kind == "bool") == (spec.named == "wbool"), key
        assert (field.kind == "string") == (spec.base == "xs:string" and spec.named != "wbool"), key
        assert field.undocumented <= set(spec.enumeration), key
        assert field.type == (spec.named or spec.base) or field.complex, key
