"""Rule explanations: each journal entry lists the rules that changed or filled in a stored value, with the value
before and after, a reason and the source -- only rules that fired (docs/operations.md "Rules"); in-process and over
HTTP."""

from __future__ import annotations

from adminkit import admin  # noqa: F401  (fixture)
from attendeekit import invite
from meetingkit import BODY, content, set_
from repo import ROOT
from webex import create_meeting

from mockserver.domain.explain import CATALOGUE, catalogue_markdown

E2EE = "<enableOptions><supportE2E>true</supportE2E><autoRecord>true</autoRecord></enableOptions>"


def fired(admin, operation: str = "CreateMeeting") -> list[dict]:
    """The rules of the last call of ``operation``, from the admin API's journal."""
    return admin.get(f"/_mock/journal?operation={operation}")["entries"][-1]["rules"]


def about(rules: list[dict], element: str) -> list[dict]:
    return [rule for rule in rules if rule["element"] == element]


def created(api, extra: str = "", schedule: str = "", meta: str = "") -> int:
    answer = api.post(create_meeting(content(extra=extra, schedule=schedule, meta=meta))).ok()
    return int(answer.text(BODY + "meet:meetingkey"))


def test_e2ee_records_what_it_switched_off(api, admin):
    created(api, E2EE, schedule="<openTime>900</openTime>")
    rules = fired(admin)
    assert about(rules, "enableOptions/autoRecord") == [{
        "rule": "e2ee", "element": "enableOptions/autoRecord", "before": "true", "after": "false",
        "reason": "E2EE on: autoRecord stored false", "source": "CreateMeeting/SetMeeting docs (reference §12, S11)"}]
    assert [(r["rule"], r["before"], r["after"]) for r in about(rules, "schedule/openTime")] == [("e2ee", "900", "0")]


def test_without_e2ee_nothing_about_recording_fires(api, admin):
    created(api, "<enableOptions><autoRecord>true</autoRecord></enableOptions>", schedule="<openTime>900</openTime>")
    rules = fired(admin)
    assert [r for r in rules if r["rule"] in ("e2ee", "nbr-auto-record")] == []
    assert about(rules, "enableOptions/autoRecord") == [] and about(rules, "schedule/openTime") == []


def test_e2ee_fires_only_for_values_it_changed(api, admin):
    created(api, "<enableOptions><supportE2E>true</supportE2E><autoRecord>false</autoRecord></enableOptions>")
    e2ee = [r["element"] for r in fired(admin) if r["rule"] == "e2ee"]
    assert "enableOptions/autoRecord" not in e2ee  # sent false, stored false: nothing to explain


def test_site_auto_record_fires_when_it_overrides_auto_record(api, admin):
    admin.patch("/_mock/sites/acme/settings", json={"nbrAutoRecord": True})
    created(api, "<enableOptions><autoRecord>false</autoRecord></enableOptions>")
    assert about(fired(admin), "enableOptions/autoRecord") == [{
        "rule": "nbr-auto-record", "element": "enableOptions/autoRecord", "before": "false", "after": "true",
        "reason": "site records all meetings: autoRecord stored true", "source": CATALOGUE["nbr-auto-record"][1]}]
    created(api, "<enableOptions><autoRecord>true</autoRecord></enableOptions>")
    assert about(fired(admin), "enableOptions/autoRecord") == []


def test_e2ee_wins_over_the_site_and_says_so(api, admin):
    admin.patch("/_mock/sites/acme/settings", json={"nbrAutoRecord": True})
    created(api, E2EE)
    assert [r["rule"] for r in about(fired(admin), "enableOptions/autoRecord")] == ["e2ee"]


def test_defaults_fire_for_what_was_left_out_only(api, admin):
    created(api)
    rules = fired(admin)
    assert about(rules, "participants/maxUserNumber") == [{
        "rule": "default", "element": "participants/maxUserNumber", "before": None, "after": "4",
        "reason": "default applied: maxUserNumber 4", "source": CATALOGUE["default"][1]}]
    assert [r["after"] for r in about(rules, "schedule/duration")] == ["60"]
    template = about(rules, "enableOptions")  # the site template: listed once, naming the flags it filled in
    assert [r["rule"] for r in template] == ["site-enable-options"] and "chat=true" in template[0]["after"]
    created(api, "<participants><maxUserNumber>10</maxUserNumber></participants>",
            schedule="<duration>30</duration>")
    rules = fired(admin)
    assert about(rules, "participants/maxUserNumber") == [] and about(rules, "schedule/duration") == []


def test_host_time_zone_and_date_format_explain_their_changes(api, admin):
    created(api, schedule="<timeZoneID>24</timeZoneID>")
    rules = fired(admin)
    zone = about(rules, "schedule/timeZoneID")
    assert [(r["rule"], r["before"], r["after"]) for r in zone] == [("time-zone", "24", "23")]
    assert "24 is deprecated" in zone[0]["reason"]
    assert [(r["rule"], r["before"]) for r in about(rules, "schedule/hostWebExID")] == [("host", None)]
    api.post(create_meeting(content(start="1/2/2027 9:05"))).ok()
    assert [(r["rule"], r["before"], r["after"]) for r in about(fired(admin), "schedule/startDate")] == \
        [("date-format", "1/2/2027 9:05", "01/02/2027 09:05:00")]


def test_set_meeting_fires_only_what_it_changes(api, admin):
    key = created(api, E2EE)
    api.post(set_(f"<meetingkey>{key}</meetingkey><metaData><confName>Renamed</confName></metaData>")).ok()
    assert fired(admin, "SetMeeting") == []  # the stored E2EE meeting already holds what the rules say
    api.post(set_(f"<meetingkey>{key}</meetingkey><enableOptions><autoRecord>true</autoRecord></enableOptions>"
                  "<status>INPROGRESS</status>")).ok()
    rules = fired(admin, "SetMeeting")
    assert [(r["rule"], r["element"], r["before"], r["after"]) for r in rules] == [
        ("not-stored", "status", "INPROGRESS", None), ("e2ee", "enableOptions/autoRecord", "true", "false")]


def test_a_refused_call_fires_no_rules(api, admin):
    admin.patch("/_mock/sites/acme/settings", json={"maxDuration": 30})
    answer = api.post(create_meeting(content(schedule="<duration>90</duration>")))
    assert answer.exception_id == "060017"
    entry = admin.get("/_mock/journal")["entries"][-1]
    assert (entry["result"], entry["rules"]) == ("FAILURE", [])


def test_attendee_defaults_on_create_meeting_attendee(api, admin):
    key = created(api)
    api.post(invite(key, "bob@example.com")).ok()
    rules = fired(admin, "CreateMeetingAttendee")
    assert {r["rule"] for r in rules} == {"attendee-default"}
    assert ("joinStatus", "INVITE") in [(r["element"], r["after"]) for r in rules]


def test_the_docs_rules_table_is_the_catalogue():
    operations_page = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert catalogue_markdown() in operations_page


def test_plugin_calls_carry_the_rules(webex_mock):
    webex_mock.post(create_meeting(content(extra=E2EE)))
    rules = webex_mock.calls()[0].rules
    e2ee = [rule for rule in rules if rule.rule == "e2ee" and rule.element == "enableOptions/autoRecord"]
    assert [(r.before, r.after, r.reason) for r in e2ee] == [("true", "false", "E2EE on: autoRecord stored false")]
    assert {rule.rule for rule in rules} <= set(CATALOGUE)
