"""Every declared operation is complete: service entry, request element, response type, XSDs, its row in
docs/operations.md (the implementation-coverage check: adding an operation is its XSDs, one declared handler, its
errors, its docs row and its tests -- and this test says which is missing; docs/architecture.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from repo import ROOT

from mockserver.resources import schema_path
from mockserver.xml import render
from mockserver.xml.namespaces import NS, SERVICES
from mockserver.xml.operations import OPERATIONS, WEBEX_OPERATIONS
from mockserver.xml.schema import RequestSchema

XS = "{http://www.w3.org/2001/XMLSchema}"
OPERATIONS_PAGE = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
REQUESTS = RequestSchema()


def _included(path: Path) -> set[str]:
    root = etree.parse(str(path)).getroot()
    return {node.get("schemaLocation") for node in root if node.tag in (f"{XS}include", f"{XS}import")}


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_declared_operation_is_complete(name):
    op = OPERATIONS[name]
    assert op.qualified == name and name in WEBEX_OPERATIONS
    assert op.service in SERVICES, f"{name}: no entry in namespaces.SERVICES"
    request_xsd = schema_path("request") / f"{op.service}.xsd"
    assert request_xsd.exists(), f"{name}: no {request_xsd.name} in schemas/request"
    assert request_xsd.name in _included(schema_path("request") / "envelope.xsd")
    globals_ = {e.get("name") for e in etree.parse(str(request_xsd)).getroot().findall(f"{XS}element")}
    assert op.request_element in globals_, f"{name}: no global element {op.request_element} in {request_xsd.name}"
    assert op.request_element in REQUESTS.operations()
    prefix, _, type_name = op.response_type.partition(":")
    assert (NS[prefix], type_name) in render.model().types, f"{name}: no response type {op.response_type}"
    assert f"`{name}`" in OPERATIONS_PAGE, f"{name}: no row in docs/operations.md"


def test_every_service_answers_with_declared_namespaces():
    for service in SERVICES.values():
        assert service.declares[:2] == ("serv", "com") and service.prefix in service.declares
        assert all(prefix in NS for prefix in service.declares)


def test_mutating_operations_are_the_ones_that_change_state():
    assert {name for name, op in OPERATIONS.items() if op.mutates} == {
        "meeting.CreateMeeting", "meeting.SetMeeting", "meeting.DelMeeting", "user.AuthenticateUser",
        "user.CreateUser", "user.SetUser", "user.DelUser",
        "attendee.CreateMeetingAttendee", "attendee.DelMeetingAttendee", "attendee.RegisterMeetingAttendee",
        "ep.DelSession", "ep.DelRecording"}
