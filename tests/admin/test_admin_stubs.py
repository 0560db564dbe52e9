"""Canned answers through the admin API (docs/faults-and-stubs.md): add, list, remove; what matches; the
answer a stub gives and what the journal says of it; run_operation; precedence with faults -- in-process and over
real HTTP."""

from __future__ import annotations

import pytest
from adminkit import admin, create_answer, ns  # noqa: F401  (admin: a fixture)
from apikit import Api, make_app
from lxml import etree
from meetingkit import ALICE, content
from webex import create_meeting, message

from mockserver.controls import faults as faults_module
from mockserver.controls import stubs as stubs_module
from mockserver.controls.faults import FaultSet
from mockserver.controls.matching import MAX_RULES
from mockserver.controls.stubs import MAX_STUB_BODY_BYTES
from mockserver.faces import check_fault, check_stub
from mockserver.xml import stubs as xml_stubs
from mockserver.xml.namespaces import NS

KEY = "<meet:meetingkey>42</meet:meetingkey><meet:meetingUUID>stubbed</meet:meetingUUID>"
FAILURE = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           f'<serv:message xmlns:serv="{NS["serv"]}"><serv:header><serv:response><serv:result>FAILURE</serv:result>'
           "<serv:reason>Sorry, no record found</serv:reason><serv:gsbStatus>PRIMARY</serv:gsbStatus>"
           "<serv:exceptionID>000015</serv:exceptionID></serv:response></serv:header><serv:body><serv:bodyContent/>"
           "</serv:body></serv:message>")


def stub(admin, namespace: str = "default", **spec) -> dict:
    return admin.post("/_mock/stubs", 201, json=spec, **ns(namespace))


def last(admin) -> dict:
    return admin.get("/_mock/journal")["entries"][-1]


def stored(admin) -> int:
    return len(admin.get("/_mock/sites/acme/meetings")["meetings"])


def answer_of(api, body: str, **kw) -> etree._Element:
    response = api.post_raw(body, **kw)
    assert response.status_code == 200
    return etree.fromstring(response.content)


def text(root: etree._Element, path: str) -> str | None:
    return root.findtext(path, namespaces={k: v for k, v in NS.items() if k != "xsi"})


# -- add, list, remove ----------------------------------------------------------------------------------------


def test_add_list_and_remove_stubs(admin):
    first = stub(admin, operation="CreateMeeting", bodyContent=KEY)
    assert first["id"].startswith("stub-") and (first["hits"], first["matched"]) == (0, 0)
    assert (first["operation"], first["bodyContent"], first["body"], first["run_operation"]) == \
        ("CreateMeeting", KEY, None, False)
    second = stub(admin, operation="meeting.GetMeeting", body=FAILURE, site="acme", where={"meetingKey": "1"})
    assert [s["id"] for s in admin.get("/_mock/stubs")["stubs"]] == [first["id"], second["id"]]
    assert admin.delete(f"/_mock/stubs/{first['id']}") == {"deleted": first["id"]}
    assert admin.error("DELETE", f"/_mock/stubs/{first['id']}", 404) == f"no stub {first['id']!r}"
    assert admin.delete("/_mock/stubs") == {"cleared": True}
    assert admin.get("/_mock/stubs") == {"stubs": []}


def test_stubs_belong_to_one_namespace_and_a_reset_clears_them(admin, api):
    made = stub(admin, "other", operation="CreateMeeting", bodyContent=KEY)
    assert admin.get("/_mock/stubs")["stubs"] == []
    admin.error("DELETE", f"/_mock/stubs/{made['id']}", 404)
    assert text(answer_of(api, create_meeting()), "serv:body/serv:bodyContent/meet:meetingUUID") != "stubbed"
    admin.post("/_mock/reset?namespace=other")
    assert admin.get("/_mock/stubs", **ns("other"))["stubs"] == []


@pytest.mark.parametrize("spec, message", [
    ({"bodyContent": KEY}, "stub is missing operation"),
    ({"operation": "CreateTeleconferenceSession", "bodyContent": KEY}, "is not an operation webex-mockserver"),
    ({"operation": "CreateMeeting"}, "give either body (a full envelope) or bodyContent"),
    ({"operation": "CreateMeeting", "body": FAILURE, "bodyContent": KEY}, "give either body"),
    ({"operation": "CreateMeeting", "bodyContent": "<meet:meetingkey>1"}, "bodyContent is not well-formed XML"),
    ({"operation": "CreateMeeting", "bodyContent": "<x:a/>"}, "Namespace prefix x on a is not defined"),
    ({"operation": "CreateMeeting", "bodyContent": "<a>&xxe;</a>"}, "Entity 'xxe' not defined"),
    ({"operation": "CreateMeeting", "body": '<!DOCTYPE m [<!ENTITY a "b">]><m>&a;</m>'}, "must not hold a DOCTYPE"),
    ({"operation": "CreateMeeting", "body": "<serv:message xmlns:serv='x'/>"}, "body must be a WebEx envelope"),
    ({"operation": "CreateMeeting", "body": '<?xml version="1.0" encoding="ISO-8859-1"?>' + FAILURE[39:]},
     "declare encoding UTF-8 or none"),
    ({"operation": "CreateMeeting", "bodyContent": KEY, "nth": 0}, "nth counts matching calls from 1"),
    ({"operation": "CreateMeeting", "bodyContent": KEY, "times": -1}, "times must not be negative"),
    ({"operation": "CreateMeeting", "bodyContent": KEY, "where": {"metaData/confName": 5}},
     "stub field 'where' must be dict[str, str] | None"),
    ({"operation": "CreateMeeting", "bodyContent": KEY, "where": {"/": "x"}}, "every path names a payload element"),
    ({"operation": "CreateMeeting", "bodyContent": KEY, "hits": 2}, "unknown stub field(s): hits"),
    ({"operation": "CreateMeeting", "body_content": KEY},  # the fixture's other spelling: the API says which it takes
     "unknown stub field(s): body_content; known: body, bodyContent, nth, operation, run_operation, site, status, "
     "times, user, where"),
])
def test_invalid_stub_is_400_and_adds_nothing(admin, spec, message):
    assert message in admin.error("POST", "/_mock/stubs", 400, json=spec)
    assert admin.get("/_mock/stubs")["stubs"] == []


# -- the answer ---------------------------------------------------------------------------------------------------


def test_body_content_is_answered_in_the_services_success_envelope(admin, api):
    made = stub(admin, operation="CreateMeeting", bodyContent=KEY)
    response = api.post_raw(create_meeting())
    assert response.content.decode().startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service" '
        'xmlns:com="http://www.webex.com/schemas/2002/06/common" '
        'xmlns:meet="http://www.webex.com/schemas/2002/06/service/meeting" '
        'xmlns:att="http://www.webex.com/schemas/2002/06/service/attendee">')
    assert ('<serv:bodyContent xsi:type="meet:createMeetingResponse" '
            f'xmlns:xsi="{NS["xsi"]}">{KEY}</serv:bodyContent>').encode() in response.content
    assert stored(admin) == 0  # the operation did not run
    entry = last(admin)
    assert (entry["stub"], entry["result"], entry["rules"]) == (made["id"], "SUCCESS", [])
    assert entry["reason"] == f"stub {made['id']} answered; the operation did not run"
    assert admin.get("/_mock/stubs")["stubs"][0]["hits"] == 1


def test_a_full_envelope_is_answered_as_written_and_journaled_with_its_result(admin, api):
    stub(admin, operation="GetMeeting", body=FAILURE)
    response = api.post_raw(message("meeting.GetMeeting", "<meetingKey>1</meetingKey>"))
    assert response.content == FAILURE.encode()
    entry = last(admin)
    assert (entry["result"], entry["exception_id"]) == ("FAILURE", "000015")
    assert entry["reason"].startswith("Sorry, no record found (stub ")


def test_the_answer_is_journaled_redacted(admin, api):
    stub(admin, operation="CreateMeeting", bodyContent=KEY + "<meet:meetingPassword>s3cret</meet:meetingPassword>")
    assert b"s3cret" in api.post_raw(create_meeting()).content  # the client gets what the stub says
    assert "s3cret" not in last(admin)["response"]


# -- what matches ------------------------------------------------------------------------------------------------


def test_where_nth_and_times_choose_the_calls(admin, api):
    made = stub(admin, operation="CreateMeeting", bodyContent=KEY, where={"metaData/confName": "Stubbed"}, nth=2)
    uuid = "serv:body/serv:bodyContent/meet:meetingUUID"
    assert text(answer_of(api, create_meeting(content("Stubbed"))), uuid) != "stubbed"  # 1st matching call
    assert text(answer_of(api, create_meeting(content("Other"))), uuid) != "stubbed"    # not matching
    assert text(answer_of(api, create_meeting(content("Stubbed"))), uuid) == "stubbed"  # the 2nd
    assert text(answer_of(api, create_meeting(content("Stubbed"))), uuid) != "stubbed"
    listed = admin.get("/_mock/stubs")["stubs"][0]
    assert (listed["id"], listed["matched"], listed["hits"]) == (made["id"], 3, 1)


def test_site_user_and_times(admin, api):
    stub(admin, operation="CreateMeeting", bodyContent=KEY, user=ALICE, times=1)
    uuid = "serv:body/serv:bodyContent/meet:meetingUUID"
    assert text(answer_of(api, create_meeting()), uuid) != "stubbed"                 # the host, not alice
    assert text(answer_of(api, create_meeting(user=ALICE)), uuid) == "stubbed"
    assert text(answer_of(api, create_meeting(user=ALICE)), uuid) != "stubbed"       # times=1 spent


def test_a_call_the_mock_would_refuse_is_refused_not_stubbed(admin, api):
    stub(admin, operation="CreateMeeting", bodyContent=KEY)
    assert create_answer(api, password="wrong").result == "FAILURE"
    assert last(admin)["stub"] is None
    assert admin.get("/_mock/stubs")["stubs"][0]["matched"] == 0


# -- run_operation ------------------------------------------------------------------------------------------------


def test_run_operation_stores_the_change_then_answers_the_stub(admin, api):
    made = stub(admin, operation="CreateMeeting", body=FAILURE, run_operation=True)
    body = create_meeting(content(extra="<enableOptions><supportE2E>true</supportE2E>"
                                        "<autoRecord>true</autoRecord></enableOptions>"))
    assert api.post_raw(body).content == FAILURE.encode()
    assert stored(admin) == 1  # the real CreateMeeting ran
    entry = last(admin)
    assert (entry["stub"], entry["result"], entry["exception_id"]) == (made["id"], "FAILURE", "000015")
    assert entry["reason"].endswith(f"(stub {made['id']} answered; the operation ran first: SUCCESS)")
    assert "e2ee" in {rule["rule"] for rule in entry["rules"]}


def test_run_operation_tells_a_real_failure_in_the_reason(admin, api):
    made = stub(admin, operation="GetMeeting", bodyContent="<meet:status>INPROGRESS</meet:status>",
                run_operation=True)
    root = answer_of(api, message("meeting.GetMeeting", "<meetingKey>999</meetingKey>"))
    assert text(root, "serv:header/serv:response/serv:result") == "SUCCESS"
    assert last(admin)["reason"] == (f"stub {made['id']} answered; the operation ran first: FAILURE 060001 "
                                     "Corresponding Meeting not found")


# -- precedence with faults ---------------------------------------------------------------------------------------


def test_a_fault_that_refuses_the_call_answers_before_any_stub(admin, api):
    stub(admin, operation="CreateMeeting", bodyContent=KEY)
    fault = admin.post("/_mock/faults", 201, json={"action": "failure", "operation": "CreateMeeting",
                                                   "exception_id": "000035", "times": 1})
    assert create_answer(api).exception_id == "000035"
    entry = last(admin)
    assert (entry["fault"], entry["stub"]) == (fault["id"], None)
    assert admin.get("/_mock/stubs")["stubs"][0]["matched"] == 0  # the stub never saw the call
    assert text(answer_of(api, create_meeting()), "serv:body/serv:bodyContent/meet:meetingUUID") == "stubbed"


def test_a_fault_that_lets_the_call_through_shapes_the_stubs_answer(admin, api):
    made = stub(admin, operation="CreateMeeting", bodyContent=KEY)
    fault = admin.post("/_mock/faults", 201, json={"action": "gsb_backup"})
    root = answer_of(api, create_meeting())
    assert text(root, "serv:header/serv:response/serv:gsbStatus") == "BACKUP"
    assert text(root, "serv:body/serv:bodyContent/meet:meetingUUID") == "stubbed"
    entry = last(admin)
    assert (entry["fault"], entry["stub"]) == (fault["id"], made["id"])


def test_run_operation_saves_its_change_to_the_state_file_though_the_stub_answers_failure(tmp_path, http_server):
    path = str(tmp_path / "state.json")
    first = Api("asgi", make_app(state_file=path), http_server.url)
    try:
        first.app.state.tenancy.get().stubs.add(check_stub, operation="CreateMeeting", body=FAILURE, run_operation=True)
        assert first.post_raw(create_meeting()).content == FAILURE.encode()
    finally:
        first.app.state.state_file.close()
        first.close()
    again = Api("asgi", make_app(state_file=path), http_server.url)
    try:
        assert len(again.store.site_meetings("acme")) == 1
    finally:
        again.app.state.state_file.close()
        again.close()


# -- what stubs cost a call ----------------------------------------------------------------------------------------


def counting(monkeypatch, module, name: str) -> list[int]:
    """Count the calls of ``module.name`` from now on (in this process: the in-process and the threaded server)."""
    calls = [0]
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls[0] += 1
        return original(*args, **kwargs)
    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.mark.parametrize("answer", [{"body": FAILURE}, {"bodyContent": "<meet:status>INPROGRESS</meet:status>"}])
def test_a_stubs_answer_is_parsed_once_when_it_is_added_not_on_each_call(admin, api, monkeypatch, answer):
    parses = counting(monkeypatch, xml_stubs, "_parse")
    stub(admin, operation="GetMeeting", **answer)
    for _ in range(5):
        api.post_raw(message("meeting.GetMeeting", "<meetingKey>1</meetingKey>"))
    assert parses == [1]  # was 1 + 5: each call parsed the answer again (a 46 MiB body: 2.2 s a call)
    assert last(admin)["stub"] is not None


def test_a_call_examines_only_the_stubs_and_faults_that_may_cover_its_operation(admin, api, monkeypatch):
    tenant = api.app.state.tenancy.get()
    for n in range(300):  # rules of other operations
        tenant.stubs.add(check_stub, operation="GetMeeting", bodyContent=KEY, where={"meetingKey": str(n)})
        tenant.faults.add(check_fault, action="failure", operation="GetUser", exception_id="000035")
    tenant.stubs.add(check_stub, operation="meeting.CreateMeeting", bodyContent=KEY, where={"metaData/confName": "x"})
    tenant.faults.add(check_fault, action="failure", times=0)  # any operation: examined, never fires
    stubs_examined = counting(monkeypatch, stubs_module, "covers")
    faults_examined = counting(monkeypatch, faults_module, "covers")
    assert create_answer(api).result == "SUCCESS"
    assert (stubs_examined, faults_examined) == ([1], [1])  # was [301], [301]: every rule of the namespace
    assert api.post_raw(message("meeting.GetMeeting", "<meetingKey>299</meetingKey>")).status_code == 200
    assert stubs_examined == [1 + 300]


def test_rules_naming_any_operation_keep_their_place_among_the_others():
    faults = FaultSet()
    first = faults.add(check_fault, action="failure", exception_id="000001")
    faults.add(check_fault, action="failure", operation="CreateMeeting", exception_id="000002")
    assert faults.pick("meeting.CreateMeeting", None, None) is first
    faults.remove(first.id)
    named = faults.pick("meeting.CreateMeeting", None, None)
    last_any = faults.add(check_fault, action="failure", exception_id="000003")
    assert named.exception_id == "000002" and faults.pick("meeting.CreateMeeting", None, None) is named
    assert faults.pick("user.GetUser", None, None) is last_any and faults.pick(None, None, None) is last_any


def test_a_namespace_holds_at_most_max_rules_stubs_and_faults(admin, api):
    tenant = api.app.state.tenancy.get()
    for _ in range(MAX_RULES - 1):
        tenant.stubs.add(check_stub, operation="GetMeeting", bodyContent=KEY)
        tenant.faults.add(check_fault, action="delay")
    stub(admin, operation="GetMeeting", bodyContent=KEY)
    admin.post("/_mock/faults", 201, json={"action": "delay"})
    refused = admin.error("POST", "/_mock/stubs", 400, json={"operation": "GetMeeting", "bodyContent": KEY})
    assert refused == (f"invalid stub: this namespace already holds {MAX_RULES} stubs, the most it may hold "
                       "(controls.matching.MAX_RULES): remove some first")
    assert f"already holds {MAX_RULES} faults" in admin.error("POST", "/_mock/faults", 400, json={"action": "delay"})
    assert len(admin.get("/_mock/stubs")["stubs"]) == MAX_RULES
    stub(admin, "other", operation="GetMeeting", bodyContent=KEY)  # another namespace has its own room


def failure_of(size: int) -> str:
    """A FAILURE envelope of ``size`` bytes."""
    return FAILURE.replace("no record found", "x" * (size - len(FAILURE) + len("no record found")))


def status_of(size: int) -> str:
    """A bodyContent of ``size`` bytes, two a character (so fewer characters than bytes)."""
    return "<meet:status>" + "é" * ((size - 27) // 2) + "x" * ((size - 27) % 2) + "</meet:status>"


@pytest.mark.parametrize("field, make", [("body", failure_of), ("bodyContent", status_of)])
def test_a_stub_answer_over_the_size_bound_is_400_naming_it(admin, field, make):
    over = make(MAX_STUB_BODY_BYTES + 1)
    assert len(over.encode()) == MAX_STUB_BODY_BYTES + 1
    refused = admin.error("POST", "/_mock/stubs", 400, json={"operation": "GetMeeting", field: over})
    assert refused == (f"invalid stub: {field} is larger than {MAX_STUB_BODY_BYTES} bytes (UTF-8), the most a stub "
                       "may answer (controls.stubs.MAX_STUB_BODY_BYTES)")
    assert admin.get("/_mock/stubs")["stubs"] == []
    stub(admin, operation="GetMeeting", **{field: make(MAX_STUB_BODY_BYTES)})
