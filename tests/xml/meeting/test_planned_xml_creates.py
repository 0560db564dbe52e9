"""Planned XML creates (mockserver.domain.xmlplans): a CreateMeeting of a kind made before copies what the meeting
rules made then. Two mocks of the same seed take the same corpus of creates and settings changes, one planning and
one running the rules every time: their answers, journals and states, and every meeting read back over XML
(GetMeeting, LstMeetingAttendee) and REST, must be the same, byte for byte. (The whole suite also runs with
plans.VERIFY on: every planned create is made the rules' way too, and compared; tests/conftest.py.)"""

from __future__ import annotations

import dataclasses
import marshal
from datetime import datetime, timedelta
from typing import Any

import msgspec
import pytest
from apikit import Api, make_app
from meetingkit import ADMIN, BODY
from plankit import frozen_mock, kept, send
from restkit import ADMIN_TOKEN
from webex import message

from mockserver.base.fidelity import Notes
from mockserver.domain import meetings, plans, rules, xmlplans
from mockserver.domain.compact import MARSHAL_VERSION
from mockserver.domain.explain import Fired

START = datetime(2027, 1, 12, 17, 0)
#: Los Angeles wall-clock times its clocks repeat (fall back) and skip (spring forward): never planned
FALL_BACK = datetime(2027, 11, 7, 1, 30)
SPRING_FORWARD = datetime(2027, 3, 14, 2, 30)
ATTENDEES = ("<participants><attendees>"
             "<attendee><person><name>Ann</name><email>ann@example.com</email></person></attendee>"
             "<attendee><person><name>Bob</name><email>bob@example.com</email></person>"
             "<contactID>123456789</contactID></attendee>"
             "<attendee><person><name>Cy</name><email>cy@example.com</email></person><role>PRESENTER</role>"
             "</attendee></attendees></participants>")


def create(title: str = "Weekly", start: datetime | str = START, minutes: int | str | None = 30,
           password: str | None = None, agenda: str | None = None, zone: str | None = None, extra: str = "",
           schedule: str = "", meta: str = "") -> str:
    """A CreateMeeting's content: blocks in the XSD's order, the varying values where the kind's are."""
    text = start if isinstance(start, str) else start.strftime("%m/%d/%Y %H:%M:%S")
    access = f"<accessControl><meetingPassword>{password}</meetingPassword></accessControl>" \
        if password is not None else ""
    shown_agenda = f"<agenda>{agenda}</agenda>" if agenda is not None else ""
    length = f"<duration>{minutes}</duration>" if minutes is not None else ""
    zone_id = f"<timeZoneID>{zone}</timeZoneID>" if zone is not None else ""
    participants, rest = (extra, "") if extra.startswith("<participants>") else ("", extra)
    options, rest = (rest, "") if rest.startswith("<enableOptions>") else ("", rest)
    return (f"{access}<metaData><confName>{title}</confName>{meta}{shown_agenda}</metaData>{participants}{options}"
            f"<schedule><startDate>{text}</startDate>{schedule}{length}{zone_id}</schedule>{rest}")


#: (user, content) or ("settings", changes): each create of a kind is sent again with other titles, starts,
#: durations, passwords and agendas, so the third and later ones are planned (the second learns the plan)
KINDS: list[tuple[str, Any]] = [
    ("hostid@acme.com", {}),
    ("hostid@acme.com", {"minutes": None}),
    ("hostid@acme.com", {"password": "Secr3t!", "agenda": "Plan &lt;b&gt;x&lt;/b&gt; &amp; \"y\""}),
    ("hostid@acme.com", {"password": "", "agenda": ""}),
    ("hostid@acme.com", {"extra": ATTENDEES}),
    ("hostid@acme.com", {"extra": "<participants><maxUserNumber>8</maxUserNumber></participants>"}),
    ("hostid@acme.com", {"zone": "4"}),
    ("hostid@acme.com", {"zone": "4", "start": FALL_BACK}),
    ("hostid@acme.com", {"zone": "4", "start": SPRING_FORWARD}),
    ("hostid@acme.com", {"zone": "20", "minutes": 1439}),
    ("hostid@acme.com", {"start": "1/12/2027 17:00"}),  # not as the rules store it: never planned
    ("hostid@acme.com", {"start": "01/12/2207 17:00:00"}),  # out of range: refused
    ("hostid@acme.com", {"extra": "<enableOptions><chat>true</chat><supportE2E>TRUE</supportE2E>"
                                  "<autoRecord>TRUE</autoRecord></enableOptions>",
                         "schedule": "<openTime>900</openTime><joinTeleconfBeforeHost>true</joinTeleconfBeforeHost>"}),
    ("hostid@acme.com", {"meta": "<meetingType>-1</meetingType>",
                         "extra": "<telephony><telephonySupport>CALLIN</telephonySupport></telephony>"}),
    ("hostid@acme.com", {"title": "   "}),
    ("hostid@acme.com", {"minutes": "045"}),  # a duration not written as the rules store it: never planned
    (ADMIN, {"schedule": "<hostWebExID>alice@acme.com</hostWebExID>"}),
    (ADMIN, {"schedule": "<hostWebExID>nobody@acme.com</hostWebExID>"}),
    ("settings", {"nbrAutoRecord": True}),
    ("hostid@acme.com", {}),
    ("settings", {"meetingPasswordRequired": True, "maxDuration": 45}),
    ("hostid@acme.com", {"password": ""}),
    ("hostid@acme.com", {"password": "Pw1", "minutes": 40}),
    ("settings", {"defaultEnableOptions": {"chat": True, "supportE2E": True}}),
    ("hostid@acme.com", {"password": "Pw1", "extra": ATTENDEES}),
]
#: what each later create of a kind changes: the title, the start (in days), the duration, and a sent password and
#: agenda; the last one's duration is over the site's maximum after the settings change
VARIANTS = [
    {"title": "Ünïcödé ☃ again", "days": 0, "minutes": 35},
    {"title": "quote \" and &amp; &lt;password&gt;x&lt;/password&gt;", "days": 1, "minutes": 20},
    {"title": "T" * 200, "days": 3, "minutes": 50},
]


def corpus() -> list[tuple[str, Any]]:
    sent: list[tuple[str, Any]] = []
    for user, first in KINDS:
        if user == "settings":
            sent.append((user, first))
            continue
        sent.append((user, create(**first)))
        for variant in VARIANTS:
            again = dict(first, title=variant["title"])
            start = first.get("start", START)
            if isinstance(start, datetime):
                again["start"] = start + timedelta(days=variant["days"])
            if isinstance(first.get("minutes", 30), int) and first.get("minutes", 30) < 1439:
                again["minutes"] = variant["minutes"]
            if first.get("password"):
                again["password"] = f"{first['password']}{variant['days']}"
            if "agenda" in first:
                again["agenda"] = first["agenda"] + variant["title"][:10]
            sent.append((user, create(**again)))
    return sent


def run(planning: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], list[Any], dict[str, Any], int]:
    """The corpus through a fresh mock: (answers, journal, state, planned creates)."""
    planned = [0]
    made = xmlplans.made

    def counted(*args: Any, **kwargs: Any) -> Any:
        answer = made(*args, **kwargs)
        planned[0] += answer is not None
        return answer

    with monkeypatch.context() as patched:
        patched.setattr(xmlplans, "made", counted)
        if not planning:
            patched.setattr(xmlplans, "kind", lambda *args: None)
        api = frozen_mock()
        answers: list[Any] = []
        keys: list[str] = []

        def create(user: str, sent: Any) -> None:
            answer = api.post(message("meeting.CreateMeeting", sent, user=user))
            answers.append(answer.body.decode())
            if answer.result == "SUCCESS":
                keys.append(answer.text(BODY + "meet:meetingkey"))

        send(api, corpus(), create)
        for key in keys:  # each meeting read back over both faces
            for operation in ("meeting.GetMeeting", "attendee.LstMeetingAttendee"):
                answers.append(api.post(message(operation, f"<meetingKey>{key}</meetingKey>", user=ADMIN)
                                        ).body.decode())
            listed = api.rest("GET", "/meetings", token=ADMIN_TOKEN, params={"meetingNumber": key})
            answers.append(listed.json()["items"] if listed.status_code == 200 else listed.status_code)
        journal, state = kept(api)
    return answers, journal, state, planned[0]


def test_planned_xml_creates_answer_journal_and_store_what_the_rules_do(monkeypatch):
    planned_answers, planned_journal, planned_state, planned = run(True, monkeypatch)
    ruled_answers, ruled_journal, ruled_state, never = run(False, monkeypatch)
    assert never == 0
    assert planned >= 35, planned  # most creates after the second of their kind (the first only remembered)
    creates = len(corpus()) - sum(user == "settings" for user, _ in KINDS)
    successes = sum('<serv:result>SUCCESS' in answer for answer in planned_answers[:creates])
    assert successes >= 70 and creates - successes >= 8, (successes, creates)  # refusals are in the corpus
    assert len(planned_answers) == creates + 3 * successes  # every meeting read over XML twice and REST
    for number, (one, other) in enumerate(zip(planned_answers, ruled_answers, strict=True)):
        assert one == other, (number, one, other)
    assert len(planned_journal) == len(ruled_journal)
    for one, other in zip(planned_journal, ruled_journal, strict=True):
        assert msgspec.json.encode(one) == msgspec.json.encode(other), (one, other)
    assert msgspec.json.encode(planned_state) == msgspec.json.encode(ruled_state)


def test_a_kind_is_planned_when_it_is_met_again(api):
    """Learning a plan costs more than a create: a kind met once is only remembered, so creates each of a kind of
    their own (their attendees differ) learn no plan."""
    for number in range(3):
        api.post(message("meeting.CreateMeeting", create(extra=ATTENDEES.replace("ann@", f"ann{number}@")))).ok()
    assert api.store.plans == {} and len(api.store.kinds_seen) == 3
    api.post(message("meeting.CreateMeeting", create(title="Again", extra=ATTENDEES.replace("ann@", "ann1@")))).ok()
    assert [type(plan) for plan in api.store.plans.values()] == [xmlplans.XmlPlan]
    assert len(api.store.kinds_seen) == 2


def test_a_planned_xml_create_runs_no_rule_and_draws_new_contact_ids(api, monkeypatch):
    api.post(message("meeting.CreateMeeting", create(title="Zeroth", extra=ATTENDEES))).ok()
    first = api.post(message("meeting.CreateMeeting", create(extra=ATTENDEES))).ok()
    (plan,) = api.store.plans.values()
    assert isinstance(plan, xmlplans.XmlPlan) and len(plan.drawn) == 2  # Ann's and Cy's: Bob sent his
    monkeypatch.setattr(rules, "new_meeting", lambda *args, **kwargs: (_ for _ in ()).throw(
        AssertionError("the rules ran")))
    monkeypatch.setattr(plans, "VERIFY", False)
    second = api.post(message("meeting.CreateMeeting", create(title="Second", extra=ATTENDEES))).ok()
    monkeypatch.undo()
    keys = [int(answer.text(BODY + "meet:meetingkey")) for answer in (first, second)]
    attendees = [api.store.get_meeting("acme", key).data["participants"]["attendees"]["attendee"] for key in keys]
    ids = [[person["contactID"] for person in listed] for listed in attendees]
    assert ids[0][1] == ids[1][1] == "123456789" and ids[0][0] != ids[1][0] and ids[0][2] != ids[1][2], ids
    assert [[person["meetingKey"] for person in listed] for listed in attendees] == [[str(key)] * 3 for key in keys]
    assert api.store.get_meeting("acme", keys[1]).title == "Second" and len(api.store.plans) == 1


def test_a_planned_xml_meeting_that_lies_is_caught(monkeypatch):
    api = Api("asgi", make_app(), "http://localhost")
    payloads: list[dict[str, Any]] = []
    kind = xmlplans.kind
    monkeypatch.setattr(xmlplans, "kind", lambda payload, *args: payloads.append(payload) or kind(payload, *args))
    for _ in range(2):  # learned when met again
        api.post(message("meeting.CreateMeeting", create(extra=ATTENDEES))).ok()
    (plan,) = api.store.plans.values()
    assert isinstance(plan, xmlplans.XmlPlan)
    extension = {**plan.extension, "schedule": {**plan.extension["schedule"], "openTime": "900"}}
    lying = dataclasses.replace(plan, extension=extension, fixed=None, blocks=tuple(
        marshal.dumps(block, MARSHAL_VERSION) for block in extension.values()))
    site = api.store.sites["acme"]
    host = site.user("hostid@acme.com")
    kind = xmlplans.kind(payloads[0], site, host)
    assert kind is not None
    fields = (site, host, payloads[0], kind[1], meetings.contact_ids(api.store), 0)
    assert xmlplans.made(api.store, plan, *fields, Notes(), Fired()) is not None  # the plan as learned
    with pytest.raises(AssertionError, match="differs from the rules'"):
        xmlplans.made(api.store, lying, *fields, Notes(), Fired())
    api.close()


@pytest.mark.parametrize("content", [
    create(start=FALL_BACK, zone="4"), create(start="1/12/2027 17:00"), create(minutes="045"),
    create(extra="<repeat><repeatType>DAILY</repeatType></repeat>"),
], ids=["a-repeated-hour", "a-start-written-otherwise", "a-duration-written-otherwise", "a-series"])
def test_what_is_never_planned(api, monkeypatch, content):
    made = xmlplans.made
    planned: list[Any] = []
    monkeypatch.setattr(xmlplans, "made", lambda *args: planned.append(made(*args)) or planned[-1])
    for _ in range(3):
        api.post(message("meeting.CreateMeeting", content)).ok()
    assert planned == [None] * len(planned)  # the rules made every one
