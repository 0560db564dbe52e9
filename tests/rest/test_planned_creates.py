"""Planned creates (mockserver.domain.plans): a REST create of a kind made before copies what the meeting rules made
then. Two mocks of the same seed take the same corpus of creates and settings changes, one planning and one running
the rules every time: their answers, journals and states, and every meeting read back over XML (GetMeeting) and
REST, must be the same, byte for byte. (The whole suite also runs
with plans.VERIFY on: every planned create is made the rules' way too, and compared; tests/conftest.py.)"""

from __future__ import annotations

import dataclasses
import marshal
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import pytest
from apikit import Api, make_app
from meetingkit import ADMIN, BODY
from plankit import frozen_mock, kept, send
from restkit import ADMIN_TOKEN, HOST_TOKEN, iso
from webex import message

from mockserver.domain import plans, rules
from mockserver.rest import planned as kept_answers

START = datetime(2027, 1, 12, 17, 0, tzinfo=UTC)
#: a Los Angeles start in the hour its clocks fall back (the second 01:30, PST): never planned
FALL_BACK_SECOND = datetime(2027, 11, 7, 9, 30, tzinfo=UTC)
FALL_BACK_FIRST = datetime(2027, 11, 7, 8, 30, tzinfo=UTC)
SPRING_FORWARD = datetime(2027, 3, 14, 10, 0, tzinfo=UTC)


def body(title: str = "Weekly", start: datetime = START, minutes: int = 30, **more: Any) -> dict[str, Any]:
    return {"title": title, "start": iso(start), "end": iso(start + timedelta(minutes=minutes)), **more}


#: (token, body) or ("settings", changes): each create of a kind is sent again with other titles, starts, passwords
#: and agendas, so the second and later ones are planned
KINDS: list[tuple[str, dict[str, Any]]] = [
    (HOST_TOKEN, body()),
    (HOST_TOKEN, body(minutes=60, agenda="")),
    (HOST_TOKEN, body(agenda="Plan <b>x</b> & \"y\"", password="Secr3t!")),
    (HOST_TOKEN, body(password="")),
    (HOST_TOKEN, body(timezone="America/Los_Angeles")),
    (HOST_TOKEN, body(timezone="Asia/Kathmandu", minutes=1439)),
    (HOST_TOKEN, body(timezone="Australia/Lord_Howe")),
    (HOST_TOKEN, body(start=FALL_BACK_SECOND, timezone="America/Los_Angeles")),
    (HOST_TOKEN, body(start=FALL_BACK_FIRST, timezone="America/Los_Angeles")),
    (HOST_TOKEN, body(start=SPRING_FORWARD, timezone="America/Los_Angeles")),
    (HOST_TOKEN, body(enabledJoinBeforeHost=True, joinBeforeHostMinutes=10, enableConnectAudioBeforeHost=True)),
    (HOST_TOKEN, body(enabledAutoRecordMeeting=True, excludePassword=True, sessionTypeId=1)),
    (HOST_TOKEN, body(audioConnectionOptions={"audioConnectionType": "webexAudio", "enabledTollFreeCallIn": True,
                                              "enabledGlobalCallIn": True, "entryAndExitTone": "announceName"})),
    (HOST_TOKEN, body(publicMeeting=True, reminderTime=15)),
    (HOST_TOKEN, body(title="   ")),
    (ADMIN_TOKEN, body(hostEmail="alice@acme.com")),
    (ADMIN_TOKEN, body(hostEmail="admin@acme.com", siteUrl="acme.webex.com")),
    ("settings", {"nbrAutoRecord": True}),
    (HOST_TOKEN, body()),
    ("settings", {"meetingPasswordRequired": True, "maxDuration": 45}),
    (HOST_TOKEN, body(password="")),
    (HOST_TOKEN, body(minutes=60)),
    (HOST_TOKEN, body(minutes=40)),
    ("settings", {"defaultEnableOptions": {"chat": True, "supportE2E": True}}),
    (HOST_TOKEN, body(enabledJoinBeforeHost=True)),
    (ADMIN_TOKEN, body(hostEmail="alice@acme.com", timezone="Europe/Dublin")),
]
#: what each later create of a kind changes (the title, the start, and a sent password and agenda)
VARIANTS = [
    {"title": "Ünïcödé ☃ again"},
    {"title": 'quote " and \\ backslash <password>x</password>', "shift": 1},
    {"title": "T" * 128, "shift": 3, "seconds": True},
]


def corpus() -> list[tuple[str, dict[str, Any]]]:
    sent: list[tuple[str, dict[str, Any]]] = []
    for token, first in KINDS:
        sent.append((token, first))
        if token == "settings":
            continue
        for variant in VARIANTS:
            again = dict(first, title=variant["title"])
            start = datetime.fromisoformat(first["start"]) + timedelta(days=variant.get("shift", 0))
            end = datetime.fromisoformat(first["end"]) + timedelta(days=variant.get("shift", 0))
            again["start"] = iso(start + timedelta(seconds=20 if variant.get("seconds") else 0))
            again["end"] = iso(end)
            if "password" in first and first["password"]:
                again["password"] = f"{first['password']}{variant.get('shift', 0)}"
            if "agenda" in first:
                again["agenda"] = first["agenda"] + variant["title"][:10]
            sent.append((token, again))
    return sent


def run(planning: bool, monkeypatch: pytest.MonkeyPatch,
        cut: bool = True) -> tuple[list[Any], list[Any], dict[str, Any], int]:
    """The corpus through a fresh mock: (answers, journal, state, planned creates); ``cut``: a kind's answer is
    kept cut where a meeting's own values go (else it is made whole from the kind's)."""
    planned = [0]
    made = plans.made

    def counted(*args: Any, **kwargs: Any) -> Any:
        planned[0] += 1
        return made(*args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(plans, "made", counted)
        if not planning:
            patched.setattr(plans, "kind", lambda *args: None)
        if not cut:
            patched.setattr(kept_answers, "_cut", lambda *args: None)
        api = frozen_mock()
        answers: list[Any] = []

        def create(token: str, sent: Any) -> None:
            response = api.rest("POST", "/meetings", token=token, json=sent)
            shown = response.json()
            shown.pop("trackingId", None)  # a failure's: drawn afresh for every answer
            answers.append((response.status_code, shown))

        send(api, corpus(), create)
        for status, shown in list(answers):  # each meeting read back over both faces
            if status == 200:
                got = api.post(message("meeting.GetMeeting", f"<meetingKey>{shown['meetingNumber']}</meetingKey>",
                                       user=ADMIN))  # the site admin reads every host's
                answers.append((got.ok().text(BODY + "meet:metaData/meet:confName"), got.body.decode()))
                answers.append((200, api.rest("GET", f"/meetings/{shown['id']}", token=ADMIN_TOKEN).json()))
        journal, state = kept(api)
    return answers, journal, state, planned[0]


@pytest.mark.parametrize("cut", [True, False], ids=["answers-cut", "answers-made-whole"])
def test_planned_creates_answer_journal_and_store_what_the_rules_do(monkeypatch, cut):
    planned_answers, planned_journal, planned_state, planned = run(True, monkeypatch, cut)
    ruled_answers, ruled_journal, ruled_state, never = run(False, monkeypatch)
    assert never == 0
    assert planned >= 40, planned  # most creates after the first of their kind
    creates = planned_answers[:len(corpus()) - sum(token == "settings" for token, _ in KINDS)]
    successes = sum(status == 200 for status, _ in creates)
    assert successes >= 70 and len(creates) - successes >= 4, creates  # refusals are in the corpus
    assert len(planned_answers) == len(creates) + 2 * successes  # every meeting read over XML and REST
    for number, (one, other) in enumerate(zip(planned_answers, ruled_answers, strict=True)):
        assert msgspec.json.encode(one) == msgspec.json.encode(other), (number, one, other)
    assert len(planned_journal) == len(ruled_journal)
    for one, other in zip(planned_journal, ruled_journal, strict=True):
        assert msgspec.json.encode(one) == msgspec.json.encode(other), (one, other)
    assert msgspec.json.encode(planned_state) == msgspec.json.encode(ruled_state)


def test_a_planned_create_runs_no_rule_and_a_changed_plan_is_caught(api, monkeypatch):
    first = api.rest("POST", "/meetings", json=body())
    assert first.status_code == 200, first.text
    (plan,) = api.store.plans.values()
    ran = []
    monkeypatch.setattr(rules, "new_meeting", lambda *args, **kwargs: ran.append(args) or (_ for _ in ()).throw(
        AssertionError("the rules ran")))
    monkeypatch.setattr(plans, "VERIFY", False)
    second = api.rest("POST", "/meetings", json=body(title="Second"))
    assert second.status_code == 200 and second.json()["title"] == "Second" and ran == []
    assert len(api.store.plans) == 1
    monkeypatch.undo()
    monkeypatch.setattr(plans, "VERIFY", True)
    plan.extension["schedule"] = {**plan.extension["schedule"], "openTime": "900"}  # a plan that lies
    with pytest.raises(AssertionError, match="differs from the rules'"):
        plans.made(api.store, plan, *_fields(api))


@pytest.mark.parametrize("lie", ["plain", "masked", "whole"])
def test_a_planned_answer_that_lies_is_caught(monkeypatch, lie):
    """The answer a kind keeps, cut or whole, is checked against the shape's (plans.VERIFY): an answer kept wrong,
    or its journal's copy (secrets masked) kept wrong, raises (in process: the check raises in the server)."""
    api = Api("asgi", make_app(), "http://localhost")
    first = api.rest("POST", "/meetings", json=body())
    assert first.status_code == 200, first.text
    assert first.json()["password"] and "******" not in first.text
    (plan,) = api.store.plans.values()
    template = plan.face
    assert isinstance(template, kept_answers.Template) and template.ordered is not None
    lying = {"plain": dataclasses.replace(template, plain=template.plain.replace(b'"state":', b'"State":')),
             "masked": dataclasses.replace(template, masked=template.masked.replace(b'"state":', b'"State":')),
             "whole": dataclasses.replace(template, ordered=None, shown=marshal.dumps(
                 {**marshal.loads(template.shown), "publicMeeting": True}))}[lie]
    monkeypatch.setattr(api.store, "plans", {key: dataclasses.replace(plan, face=lying)
                                             for key in api.store.plans})
    with pytest.raises(AssertionError, match="answer differs from its shape"):
        api.rest("POST", "/meetings", json=body(title="Second"))
    api.close()


def _fields(api: Api) -> tuple[Any, ...]:
    from mockserver.base.fidelity import Notes
    from mockserver.domain.explain import Fired
    from mockserver.domain.xmlblocks import Options

    site = api.store.sites["acme"]
    host = site.user("hostid@acme.com")
    return (site, host, host, "Third", int(START.timestamp()), "UTC", 30,
            Options(password="Pw123456", telephony_support="CALLIN"), 0, Notes(), Fired())
