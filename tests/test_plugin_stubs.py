"""Stubs and rule explanations through the pytest plugin: ``webex_mock.stub()``, ``.clear_stubs()``, and the stub
and rules a call's journal entry carries (README "Canned answers (stubs)", "Rules")."""

from __future__ import annotations

import pytest
from lxml import etree
from webex import create_meeting, message

from mockserver.xml.namespaces import NS

KEY = "<meet:meetingkey>42</meet:meetingkey>"


def meeting_key(answer) -> str | None:
    return etree.fromstring(answer.content).findtext("serv:body/serv:bodyContent/meet:meetingkey",
                                                     namespaces={"serv": NS["serv"], "meet": NS["meet"]})


def test_stub_answers_and_the_call_says_so(webex_mock):
    stub = webex_mock.stub("CreateMeeting", body_content=KEY, where={"metaData/confName": "Standup"}, times=1)
    assert meeting_key(webex_mock.post(create_meeting())) == "42"
    assert meeting_key(webex_mock.post(create_meeting())) != "42"  # times=1
    assert stub.hits == 1 and stub.id.startswith("stub-")
    first, second = webex_mock.calls("CreateMeeting")
    assert (first.stub, first.rules, second.stub) == (stub.id, [], None)
    assert "default" in {rule.rule for rule in second.rules}
    assert webex_mock.meetings() and len(webex_mock.meetings()) == 1


def test_run_operation_and_clear_stubs(webex_mock):
    webex_mock.stub("CreateMeeting", body_content=KEY, run_operation=True)
    assert meeting_key(webex_mock.post(create_meeting(), in_process=True)) == "42"
    assert len(webex_mock.meetings()) == 1 and webex_mock.calls()[0].rules
    webex_mock.clear_stubs()
    assert meeting_key(webex_mock.post(create_meeting())) != "42"


def test_where_matches_a_payload_value(webex_mock):
    webex_mock.stub("GetUser", body_content="<use:firstName>Stubbed</use:firstName>",
                    where={"webExId": "hostid@acme.com"})
    answer = webex_mock.post(message("user.GetUser", "<webExId>hostid@acme.com</webExId>"))
    assert b"<use:firstName>Stubbed</use:firstName>" in answer.content


def test_a_bad_stub_raises(webex_mock):
    with pytest.raises(ValueError, match="bodyContent is not well-formed XML"):
        webex_mock.stub("CreateMeeting", body_content="<meet:meetingkey>")
    with pytest.raises(ValueError, match="give either body"):
        webex_mock.stub("CreateMeeting")
