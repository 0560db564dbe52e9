"""Fidelity: what shipped clients send is accepted with a note (lenient) or refused with that note (documented);
every ASSUMED choice an answer relies on is noted (docs/fidelity.md)."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from meetingkit import BODY, content, create, listed_keys, lst, read, value, values
from repo import ROOT
from webex import create_meeting, message, sample, security

from mockserver.base.fidelity import CATALOGUE, KINDS
from mockserver.faces import check_fault


@dataclass(frozen=True)
class Shape:
    """One request shape a shipped client sends beyond the documentation."""

    name: str
    body: Callable[[], str]
    note: str                                  # the note's text, exactly
    content_type: str = "text/xml"
    setup: Callable[[object], None] = lambda api: None


def _form(xml: str) -> str:
    return "XML=" + urllib.parse.quote(xml, safe="")


def _one_meeting(api) -> None:
    create(api)


SHAPES = [
    Shape("empty siteID and partnerID beside siteName",
          lambda: create_meeting(context=security(extra="<siteID/><partnerID></partnerID>")),
          "empty <siteID/> in securityContext treated as not sent; siteName given"),
    Shape("empty startFrom", lambda: lst("<listControl><startFrom/><maximumNum>5</maximumNum></listControl>"),
          "empty <startFrom/> at bodyContent/listControl/startFrom treated as not sent", setup=_one_meeting),
    Shape("empty dateScope", lambda: lst("<dateScope></dateScope>"),
          "empty <dateScope/> at bodyContent/dateScope treated as not sent", setup=_one_meeting),
    Shape("empty enableOptions", lambda: create_meeting(content(extra="<enableOptions></enableOptions>")),
          "empty <enableOptions/> at bodyContent/enableOptions treated as not sent"),
    Shape("empty agenda", lambda: create_meeting(content(meta="<agenda/>")),
          "empty <agenda/> at bodyContent/metaData/agenda treated as not sent"),
    Shape("whitespace-only extTelephonyDescription",
          lambda: create_meeting(content(extra="<telephony><telephonySupport>CALLIN</telephonySupport>"
                                                "<extTelephonyDescription> \n\t </extTelephonyDescription>"
                                                "</telephony>")),
          "empty <extTelephonyDescription/> at bodyContent/telephony/extTelephonyDescription treated as not sent"),
    Shape("namespace declaration that is not a URI",
          lambda: create_meeting().replace("<serv:message ",
                                           '<serv:message xmlns:schemaLocation="URI URI/service.xsd" '),
          'namespace declaration xmlns:schemaLocation="URI URI/service.xsd" is not a valid URI; accepted, as '
          "libxml2 only warns about it"),
    Shape("unprefixed message", lambda: create_meeting(root="message"),
          "root <message> is in no namespace; read as serv:message"),
    Shape("XML in a form field", lambda: _form(create_meeting()),
          "request XML read from a form field XML= (the documentation posts the XML document itself)",
          content_type="application/x-www-form-urlencoded"),
    Shape("orderBy HOSTNAME", lambda: lst("<order><orderBy>HOSTNAME</orderBy><orderAD>ASC</orderAD></order>"),
          "orderBy 'HOSTNAME' at bodyContent/order/orderBy is not a documented value; accepted, as shipped clients "
          "send it", setup=_one_meeting),
    Shape("orderBy STATUS", lambda: lst("<order><orderBy>STATUS</orderBy></order>"),
          "orderBy 'STATUS' at bodyContent/order/orderBy is not a documented value; accepted, as shipped clients "
          "send it", setup=_one_meeting),
]


def mode(api, name: str) -> None:
    api.app.state.tenancy.get().fidelity = name


def last_call(api, operation: str | None = None):
    return api.app.state.tenancy.get().journal.entries(operation=operation)[-1]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.name)
def test_lenient_accepts_with_a_note(api, shape):
    shape.setup(api)
    api.post(shape.body(), content_type=shape.content_type).ok()
    notes = last_call(api).notes
    assert shape.note in [n.text for n in notes if n.kind == "accommodated"], notes


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.name)
def test_documented_refuses_with_the_note_as_reason(api, shape):
    shape.setup(api)
    mode(api, "documented")
    before = sorted(m.key for site in ("acme", "globex") for m in api.store.site_meetings(site))
    answer = api.post(shape.body(), content_type=shape.content_type)
    assert (answer.result, answer.exception_id, answer.reason) == ("FAILURE", "999999", shape.note)
    assert sorted(m.key for site in ("acme", "globex") for m in api.store.site_meetings(site)) == before
    assert last_call(api).operation is not None  # the journal still says what was refused


def test_cisco_sample_needs_no_accommodation(api):
    """Cisco's own sample (no xmlns:serv, TRUE, children out of XSD order) is documented: no refusal, no note."""
    mode(api, "documented")
    api.post(sample("seed-createmeeting-request.xml")).ok()
    assert [n for n in last_call(api).notes if n.kind == "accommodated"] == []


def test_empty_elements_take_their_defaults(api):
    key = create(api, content(meta="<agenda/><meetingType></meetingType>",
                              extra="<enableOptions></enableOptions><participants><maxUserNumber> </maxUserNumber>"
                                    "</participants>"))
    meeting = read(api, key)
    assert value(meeting, "meet:metaData/meet:meetingType") == "1"           # the site default
    assert value(meeting, "meet:participants/meet:maxUserNumber") == "4"
    assert value(meeting, "meet:enableOptions/meet:chat") == "true"          # the site template
    assert "agenda" not in last_call(api, "CreateMeeting").payload["metaData"]


def test_empty_start_from_is_the_first_page(api):
    keys = [create(api, content(start=f"12/0{day}/2026 10:00:00")) for day in (1, 2)]
    answer = api.post(lst("<listControl><startFrom></startFrom><maximumNum>1</maximumNum></listControl>")).ok()
    assert listed_keys(answer) == keys[:1]
    assert value(answer, "meet:matchingRecords/serv:startFrom") == "1"


def test_empty_required_element_is_missing(api):
    answer = api.post(message("user.GetUser", "<webExId>  </webExId>"))
    assert (answer.exception_id, answer.result) == ("999999", "FAILURE")
    assert "webExId" in answer.reason


def test_empty_site_name_beside_site_id_and_partner(api):
    site = api.store.site_by_name("acme")
    context = (f"<securityContext><siteName/><siteID>{site.siteID}</siteID><partnerID>{site.partnerID}</partnerID>"
               "<webExID>hostid@acme.com</webExID><password>passw0rd</password></securityContext>")
    api.post(create_meeting(context=context)).ok()
    assert "empty <siteName/> in securityContext treated as not sent" in [n.text for n in last_call(api).notes]


def test_empty_password_beside_a_ticket_uses_the_ticket(api):
    answer = api.post(message("user.AuthenticateUser")).ok()
    ticket = answer.text(BODY + "use:sessionTicket")
    api.post(create_meeting(context=security(password="", ticket=ticket))).ok()


def test_start_date_is_optional_and_means_now(api):
    api.store.clock = lambda: 1_800_000_000.0      # 2027-01-15 08:00:00 UTC
    key = create(api, "<metaData><confName>Now</confName></metaData><schedule><timeZoneID>4</timeZoneID></schedule>")
    meeting = read(api, key)
    assert value(meeting, "meet:schedule/meet:startDate") == "01/15/2027 00:00:00"   # zone 4: GMT-08:00
    notes = last_call(api, "CreateMeeting").notes
    assert any(n.kind == "assumed" and n.element == "bodyContent/schedule/startDate" for n in notes), notes


def test_empty_start_date_means_now_too_and_documented_mode_refuses_only_the_empty_element(api):
    api.store.clock = lambda: 1_800_000_000.0
    body = content(start="")
    key = create(api, body)
    assert value(read(api, key), "meet:schedule/meet:startDate") == "01/15/2027 00:00:00"
    mode(api, "documented")
    answer = api.post(create_meeting(body))
    assert answer.reason == "empty <startDate/> at bodyContent/schedule/startDate treated as not sent"
    create(api, "<metaData><confName>Now</confName></metaData>")   # simply not sending it is documented


def test_duration_zero_is_kept(api):
    key = create(api, content(schedule="<duration>0</duration>"))
    assert value(read(api, key), "meet:schedule/meet:duration") == "0"


def test_order_by_host_name_and_status(api):
    admin = {"user": "admin@acme.com"}
    first = create(api, content(name="by Host", start="12/01/2026 10:00:00"))                     # Host Acme
    second = create(api, content(name="by Alice", start="12/02/2026 10:00:00"), user="alice@acme.com")  # Alice Acme
    third = create(api, content(name="by Admin", start="12/03/2026 10:00:00"), **admin)         # Site Admin
    by_name = api.post(lst("<order><orderBy>HOSTNAME</orderBy><orderAD>ASC</orderAD></order>", **admin)).ok()
    assert listed_keys(by_name) == [second, first, third]
    notes = [n.text for n in last_call(api).notes]
    assert any("HOSTNAME sorts by the host's first and last name" in n for n in notes), notes
    # STATUS: every meeting is NOT_INPROGRESS, so the start order stands (grouped orderBy before orderAD)
    by_status = api.post(lst("<order><orderBy>STATUS</orderBy><orderBy>CONFNAME</orderBy><orderAD>DESC</orderAD>"
                             "<orderAD>ASC</orderAD></order>", **admin)).ok()
    assert listed_keys(by_status) == [third, second, first]   # STATUS ties, then confName ascending


def test_undocumented_values_nobody_sends_stay_refused(api):
    answer = api.post(lst("<order><orderBy>HOSTEMAIL</orderBy></order>"))
    assert (answer.result, answer.exception_id) == ("FAILURE", "999999")
    assert "orderBy" in answer.reason


def test_assumed_exception_ids_are_noted(api):
    answer = api.post(create_meeting(site="nosuchsite"))
    assert (answer.exception_id, answer.reason) == ("010000", "Failed to get SiteUrl from server")
    notes = last_call(api).notes
    assert [n.code for n in notes] == ["assumed-exception"] and "010000" in notes[0].text
    api.post(create_meeting(content(extra="<bogus/>")))   # 999999: our choice too
    assert [n.code for n in last_call(api).notes] == ["assumed-exception"]
    api.post(message("meeting.GetMeeting", "<meetingKey>1</meetingKey>"))  # 060001 is real: no note
    assert last_call(api).notes == []


def test_fault_failures_are_not_noted_as_our_choice(api):
    api.app.state.tenancy.get().faults.add(check_fault, action="failure", operation="CreateMeeting",
                                           exception_id="060026", reason="chosen by the test")
    assert api.post(create_meeting()).exception_id == "060026"
    assert last_call(api).notes == []


def test_e2ee_readings_are_noted(api):
    api.store.site_by_name("acme").settings.nbrAutoRecord = True
    key = create(api, content(schedule="<openTime>900</openTime><joinTeleconfBeforeHost>true</joinTeleconfBeforeHost>",
                              extra="<enableOptions><supportE2E>true</supportE2E></enableOptions>"))
    elements = {n.element for n in last_call(api).notes if n.code == "assumed-rule"}
    assert elements == {"bodyContent/enableOptions/autoRecord", "bodyContent/schedule/openTime",
                        "bodyContent/schedule/joinTeleconfBeforeHost"}
    assert values(read(api, key), "enableOptions", "autoRecord") == {"autoRecord": "false"}


def test_answers_built_on_assumed_values_say_so(api):
    key = create(api)
    # GetUser: a second note since it answers a Personal Room made up from the user (reference 36)
    for body, elements in ((message("user.GetUser", "<webExId>hostid@acme.com</webExId>"),
                            ["getUserResponse", "personalMeetingRoom"]),
                           (message("site.GetSite"), ["siteInstance"]),
                           (message("meeting.GethosturlMeeting", f"<meetingKey>{key}</meetingKey>"),
                            ["hostMeetingURL"]),
                           (message("meeting.GetMeeting", f"<meetingKey>{key}</meetingKey>"), ["meetingLink"])):
        api.post(body).ok()
        assert [n.element for n in last_call(api).notes if n.code == "assumed-answer"] == elements


def test_every_note_code_is_in_the_catalogue_and_the_docs():
    from mockserver.base.fidelity import catalogue_markdown
    fidelity_page = (ROOT / "docs" / "fidelity.md").read_text(encoding="utf-8")
    assert catalogue_markdown() in fidelity_page
    assert {k.kind for k in CATALOGUE} == {"accommodated", "assumed"}
    source = "".join(p.read_text() for p in (ROOT / "mockserver")
                     .rglob("*.py"))
    for code in KINDS:
        assert f'"{code}"' in source.replace(f'Kind("{code}"', ""), f"note {code} is never raised"
