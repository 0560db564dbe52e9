"""Answers rendered from the precompiled templates are byte for byte the particle walk's (mockserver/xml/template.py,
render.py): every operation's real answers through the app, and random data for every complex response type.

Every XML test compares the two on each answer it makes (tests/xml/conftest.py); here, one scenario makes every
operation answer SUCCESS -- markup characters and non-ASCII in text, empty strings, attendees, a recurring series,
lists, recordings, users -- and checks that each operation's answer went through that comparison.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from attendeekit import del_session, invite, lst_attendees, lst_sessions, person, remove_by_email
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from meetingkit import BODY, content, create, get, hosturl, joinurl, lst, set_
from restkit import iso
from webex import message

from mockserver.domain import meetings
from mockserver.xml import envelope, render
from mockserver.xml.envelope import leaf
from mockserver.xml.namespaces import NS, SERVICES
from mockserver.xml.operations import OPERATIONS
from mockserver.xml.render import ResponseModel
from mockserver.xml.template import text

ADMIN = {"user": "admin@acme.com"}
MARKUP = "R&D <Q4> \"plan\" 'draft' — Zürich 会議 ✓ &amp; ]]>"
START = datetime(2030, 1, 15, 10, 0, tzinfo=UTC)
WEEKLY = ("<repeat><repeatType>WEEKLY</repeatType><interval>1</interval><afterMeetingNumber>3</afterMeetingNumber>"
          "<dayInWeek><day>MONDAY</day><day>WEDNESDAY</day></dayInWeek></repeat>")
ATTENDEES = ("<participants><attendees><attendee><person><name>Kirk &amp; Spock &lt;Bridge&gt;</name>"
             "<email>jk@example.com</email></person></attendee><attendee><person><name>Zoë Ünal</name>"
             "<email>zu@example.com</email></person></attendee></attendees></participants>")
NEW_USER = ("<firstName>Bob &amp; Co</firstName><lastName>Büilder &lt;x&gt;</lastName><webExId>bob@acme.com</webExId>"
            "<email>bob@acme.com</email><password>B0b-Secret</password><privilege><host>true</host></privilege>"
            "<active>ACTIVATED</active>")
ESCAPED = "R&amp;D &lt;Q4&gt; &quot;plan&quot; &apos;draft&apos; — Zürich 会議 ✓ &amp;amp; ]]&gt;"


@pytest.fixture
def answered(monkeypatch):
    """The response types rendered (the conftest's comparison wraps whatever this wraps)."""
    seen: set[str] = set()
    compared = ResponseModel.content

    def noting(self: ResponseModel, response_type: str, data: dict) -> str:
        seen.add(response_type)
        return compared(self, response_type, data)

    monkeypatch.setattr(ResponseModel, "content", noting)
    return seen


def test_every_operation_answers_the_same_from_templates_and_tree(asgi_api, answered):
    api = asgi_api
    post = lambda body: api.post(body).ok()  # noqa: E731
    post(message("ep.GetAPIVersion"))
    api.admin("PUT", "/_mock/clock", json={"freeze": iso(START - timedelta(days=1))})
    special = content(ESCAPED, "01/15/2030 10:00:00", extra=ATTENDEES,
                      meta=f"<agenda>{ESCAPED}</agenda><location></location>")
    key = create(api, special)
    series = create(api, content("Weekly", "01/14/2030 10:00:00", extra=WEEKLY, schedule="<duration>30</duration>"))
    registered = create(api, content("Registered", "01/15/2030 12:00:00",
                                     extra="<attendeeOptions><registration>TRUE</registration></attendeeOptions>"))
    meeting = post(get(key))
    assert meeting.text(BODY + "meet:metaData/meet:confName") == MARKUP
    post(get(series))
    post(set_(f"<meetingkey>{key}</meetingkey><metaData><agenda>{ESCAPED} again</agenda></metaData>"))
    post(lst("<listControl><startFrom>1</startFrom><maximumNum>10</maximumNum></listControl>"))
    post(joinurl(f"<attendeeName>Zoë &amp; co</attendeeName><sessionKey>{key}</sessionKey>"))
    post(hosturl(f"<sessionKey>{key}</sessionKey>"))
    post(invite(key, "new@example.com", "Ünïcode &lt;name&gt;"))
    post(lst_attendees(key))
    post(message("attendee.RegisterMeetingAttendee",
                 f"<attendees>{person('reg@example.com', 'Reg &amp; Co')}<sessionKey>{registered}</sessionKey>"
                 "</attendees>"))
    post(remove_by_email(key, "new@example.com"))
    post(message("ep.GetSessionInfo", f"<sessionKey>{key}</sessionKey>"))
    post(lst_sessions())
    post(lst_sessions("<recurrence>true</recurrence>"))
    recorded = api.rest("POST", "/meetings", json={
        "title": "Recorded <&>", "start": iso(START), "end": iso(START + timedelta(minutes=30)),
        "enabledAutoRecordMeeting": True}).json()
    stored = api.store.get_meeting("acme", int(recorded["meetingNumber"]))
    started = int(START.timestamp()) * 1000
    recording = meetings.recording_left(api.store, stored, started, started + 40 * 60_000)
    api.admin("PUT", "/_mock/clock", json={"freeze": iso(START + timedelta(hours=2))})
    post(message("ep.LstRecording", "<createTimeScope><createTimeStart>01/15/2030 00:00:00</createTimeStart>"
                 "<createTimeEnd>01/16/2030 00:00:00</createTimeEnd></createTimeScope>"
                 "<returnSessionDetails>true</returnSessionDetails>"))
    post(message("ep.DelRecording", f"<recordingID>{recording.number}</recordingID>"))
    post(message("meetingtype.LstMeetingType"))
    post(message("meetingtype.GetMeetingType", "<meetingTypeID>214</meetingTypeID>"))
    post(message("site.GetSite"))
    post(message("site.LstTimeZone"))
    post(message("user.AuthenticateUser"))
    post(message("user.CreateUser", NEW_USER, **ADMIN))
    post(message("user.GetUser", "<webExId>bob@acme.com</webExId>", **ADMIN))
    post(message("user.SetUser", "<webExId>bob@acme.com</webExId><lastName>SSé &amp; &lt;&gt;</lastName>", **ADMIN))
    post(message("user.LstsummaryUser", "", **ADMIN))
    post(message("user.GetLoginTicket"))
    post(message("user.GetloginurlUser", "<webExID>hostid@acme.com</webExID>"))
    post(message("user.GetlogouturlUser", "<webExID>hostid@acme.com</webExID>"))
    post(message("user.DelUser", "<webExId>bob@acme.com</webExId>", **ADMIN))
    post(del_session(series))
    post(message("meeting.DelMeeting", f"<meetingKey>{key}</meetingKey>"))
    assert answered == {op.response_type for op in OPERATIONS.values()}


# -- random data through every complex type --------------------------------------------------------------

MODEL = render.model()
SIMPLE = st.one_of(st.text(alphabet=st.sampled_from("ab <>&\"'é会✓\n\t]"), max_size=12), st.booleans(),
                   st.integers(-5, 10**12), st.none(), st.just(""), st.floats(-1e6, 1e6))


def values(key, depth: int):
    """A data dict for the type ``key``: a random subset of its keys (and an undeclared one), each a simple value,
    a dict or a list of either as the particle wants, or None."""
    fields = {}
    for particle in MODEL.types[key]:
        if particle.type is None or depth == 0:
            one = SIMPLE if particle.type is None else st.just({})
        else:
            one = st.deferred(lambda p=particle: values(p.type, depth - 1))
        fields[particle.name] = st.one_of(st.none(), one, st.lists(one, max_size=3))
    return st.fixed_dictionaries({}, optional={**fields, "notDeclared": SIMPLE})


@pytest.mark.parametrize("key", sorted(MODEL.types), ids=lambda key: key[1])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_template_renders_random_data_as_the_tree(key, data):
    drawn = data.draw(values(key, 2))
    assert MODEL.render(key, drawn) == MODEL.tree_render(key, drawn)


@given(SIMPLE)
def test_the_slot_escapes_as_the_tree_leaf(value):
    assert leaf("a", value) == ("" if value is None else f"<a>{text(value)}</a>")


@pytest.mark.parametrize("name", sorted(OPERATIONS))
@pytest.mark.parametrize("gsb_status", ["PRIMARY", "BACKUP"])
def test_the_success_envelope_is_the_one_written_out(name, gsb_status):
    """The precomputed SUCCESS envelope against the one written out in full, as it was before the fast path."""
    op, inner = OPERATIONS[name], f"<x>{ESCAPED}</x>"
    declares = " ".join(f'xmlns:{prefix}="{NS[prefix]}"' for prefix in SERVICES[op.service].declares)
    written = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               f"<serv:message {declares}><serv:header><serv:response><serv:result>SUCCESS</serv:result>"
               f"<serv:gsbStatus>{gsb_status}</serv:gsbStatus></serv:response></serv:header>"
               f'<serv:body><serv:bodyContent xsi:type="{op.response_type}" xmlns:xsi="{NS["xsi"]}">{inner}'
               "</serv:bodyContent></serv:body></serv:message>")
    assert envelope.success(op.service, op.response_type, inner, gsb_status) == written.encode()
