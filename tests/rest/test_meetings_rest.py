"""The REST face's /v1/meetings, in process and over HTTP, on the store the XML API uses (issue 22)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from meetingkit import content, read, value
from meetingkit import create as create_xml
from restkit import ADMIN_TOKEN, SOON, create, failure, iso, meeting_body
from webex import message


def test_a_created_meeting_reads_back_the_same_over_rest_and_over_xml(api):
    made = create(api, title="Planning", agenda="Q3 goals", password="Secret12", timezone="America/Los_Angeles")
    assert len(made["id"]) == 32 and made["id"] == made["id"].lower()
    assert (made["title"], made["agenda"], made["password"]) == ("Planning", "Q3 goals", "Secret12")
    assert (made["meetingType"], made["state"], made["scheduledType"]) == ("meetingSeries", "active", "meeting")
    assert made["sipAddress"] == f"{made['meetingNumber']}@acme.webex.com" and made["siteUrl"] == "acme.webex.com"
    assert made["hostEmail"] == "hostid@acme.com" and made["timezone"] == "America/Los_Angeles"
    # GET answers the list's object: a series names itself in meetingSeriesId
    assert api.rest("GET", f"/meetings/{made['id']}").json() == {**made, "meetingSeriesId": made["id"]}
    answer = read(api, int(made["meetingNumber"]))  # the same meeting over XML
    local = datetime.fromisoformat(made["start"])
    assert value(answer, "meet:metaData/meet:confName") == "Planning"
    assert value(answer, "meet:metaData/meet:agenda") == "Q3 goals"
    assert value(answer, "meet:accessControl/meet:meetingPassword") == "Secret12"
    assert value(answer, "meet:schedule/meet:startDate") == local.strftime("%m/%d/%Y %H:%M:%S")
    assert value(answer, "meet:schedule/meet:timeZoneID") == "4"
    assert value(answer, "meet:schedule/meet:duration") == "30"


def test_a_meeting_made_over_xml_reads_over_rest(api):
    key = create_xml(api, content("From XML", "01/15/2030 10:00:00", schedule="<timeZoneID>4</timeZoneID>"
                                  "<duration>45</duration>"))
    listed = api.rest("GET", f"/meetings?meetingNumber={key}").json()["items"]
    assert [(m["title"], m["start"], m["end"], m["timezone"]) for m in listed] == [
        ("From XML", "2030-01-15T10:00:00-08:00", "2030-01-15T10:45:00-08:00", "America/Los_Angeles")]
    assert api.rest("GET", f"/meetings/{listed[0]['id']}").json() == listed[0]


def test_an_e2ee_meeting_made_over_xml_reads_over_rest_without_recording_or_join_before_host(api):
    key = create_xml(api, content("Secret", "01/15/2030 10:00:00", extra=(
        "<enableOptions><supportE2E>true</supportE2E><autoRecord>true</autoRecord></enableOptions>"),
        schedule="<openTime>15</openTime><joinTeleconfBeforeHost>true</joinTeleconfBeforeHost>"))
    (shown,) = api.rest("GET", f"/meetings?meetingNumber={key}").json()["items"]
    assert (shown["enabledAutoRecordMeeting"], shown["enabledJoinBeforeHost"], shown["joinBeforeHostMinutes"],
            shown["enableConnectAudioBeforeHost"]) == (False, False, 0, False)


def test_a_start_in_a_zone_with_dst_is_the_instant_the_wall_clock_names(api):
    winter = create(api, start=datetime(2030, 1, 15, 18, tzinfo=UTC), timezone="America/Los_Angeles")
    summer = create(api, start=datetime(2030, 7, 15, 17, tzinfo=UTC), timezone="America/Los_Angeles")
    assert (winter["start"], summer["start"]) == ("2030-01-15T10:00:00-08:00", "2030-07-15T10:00:00-07:00")
    for made in (winter, summer):
        assert value(read(api, int(made["meetingNumber"])), "meet:schedule/meet:startDate")[-8:] == "10:00:00"


def test_a_zone_the_xml_table_lacks_is_kept_and_shown_over_xml_in_one_with_its_offset(api):
    made = create(api, start=datetime(2030, 1, 15, 4, 15, tzinfo=UTC), timezone="Asia/Kathmandu")
    assert (made["timezone"], made["start"]) == ("Asia/Kathmandu", "2030-01-15T10:00:00+05:45")
    answer = read(api, int(made["meetingNumber"]))
    assert value(answer, "meet:schedule/meet:startDate") in ("01/15/2030 10:00:00", "01/15/2030 04:15:00")
    api.post(message("meeting.SetMeeting", f"<meetingkey>{made['meetingNumber']}</meetingkey>"
                     "<metaData><confName>Renamed</confName></metaData>")).ok()
    again = api.rest("GET", f"/meetings/{made['id']}").json()
    assert (again["title"], again["timezone"], again["start"]) == ("Renamed", "Asia/Kathmandu", made["start"])


@pytest.mark.parametrize("change, status, named", [
    ({"title": "x" * 129}, 400, "title"),
    ({"title": "   "}, 400, "title"),
    ({"agenda": "x" * 1301}, 400, "agenda"),
    ({"minutes": 9}, 400, "end"),
    ({"minutes": 24 * 60}, 400, "end"),
    ({"start": SOON - timedelta(days=60)}, 400, "start"),
    ({"joinBeforeHostMinutes": 7}, 400, "joinBeforeHostMinutes"),
    ({"timezone": "Mars/Olympus_Mons"}, 400, "timezone"),
    ({"title": 5}, 400, "title"),
    ({"enabledAutoRecordMeeting": "yes"}, 400, "enabledAutoRecordMeeting"),
    ({"hostEmail": "alice@acme.com"}, 403, "hostEmail"),
    ({"siteUrl": "globex.webex.com"}, 403, "siteUrl"),
])
def test_what_the_rest_api_refuses_is_refused_naming_the_field(api, change, status, named):
    change = dict(change)
    fields = {"minutes": change.pop("minutes", 30), "start": change.pop("start", SOON)}
    response = api.rest("POST", "/meetings", json=meeting_body(**fields, **change))
    assert named in response.json()["errors"][0]["description"] + failure(response, status)
    assert api.store.site_meetings("acme") == []  # nothing half-stored


def test_bodies_that_are_not_json_or_not_a_meeting_are_refused(api):
    assert "not JSON" in failure(api.rest("POST", "/meetings", content=b"{", headers={
        "Content-Type": "application/json"}), 400)
    assert failure(api.rest("POST", "/meetings", content=b"<x/>", headers={"Content-Type": "text/xml"}), 415)
    assert "start" in failure(api.rest("POST", "/meetings", json={"title": "t", "end": iso(SOON)}), 400)
    deep = b"[" * 100 + b"]" * 100
    assert "nested deeper" in failure(api.rest("POST", "/meetings", content=deep, headers={
        "Content-Type": "application/json"}), 400)


def test_tokens_decide_who_calls(api):
    assert failure(api.rest("GET", "/meetings", token=None), 401).startswith("The request requires a valid access")
    failure(api.rest("GET", "/meetings", token="nobody's token"), 401)
    failure(api.rest("GET", "/meetings", headers={"Authorization": "Basic eDp5"}, token=None), 401)
    made = create(api, token=ADMIN_TOKEN, hostEmail="alice@acme.com")
    assert made["hostEmail"] == "alice@acme.com"
    assert failure(api.rest("GET", f"/meetings/{made['id']}"), 403)  # the host may not manage alice's meeting
    window = f"from={iso(SOON - timedelta(days=1))}&to={iso(SOON + timedelta(days=1))}"
    listed = api.rest("GET", f"/meetings?hostEmail=alice@acme.com&{window}", token=ADMIN_TOKEN).json()["items"]
    assert [m["id"] for m in listed] == [made["id"]]
    assert api.rest("GET", f"/meetings?{window}").json()["items"] == []  # the host's own: none


def test_a_list_pages_with_link_headers_and_every_meeting_comes_once(api):
    made = {create(api, title=f"M{n}", start=SOON + timedelta(hours=n))["id"] for n in range(5)}
    seen, pages = [], 0
    url = f"/meetings?max=2&from={iso(SOON - timedelta(hours=1))}&to={iso(SOON + timedelta(days=1))}"
    while url:
        response = api.rest("GET", url)
        pages += 1
        seen += [m["id"] for m in response.json()["items"]]
        link = response.headers.get("link")
        url = link.split(";")[0].strip("<>").split("/v1", 1)[1] if link else ""
        assert link is None or link.endswith('; rel="next"')
    assert pages == 3 and sorted(seen) == sorted(made) and len(seen) == 5
    assert "max" in failure(api.rest("GET", "/meetings?max=101"), 400)
    far = create(api, title="Far", start=SOON + timedelta(days=20))
    assert far["id"] not in [m["id"] for m in api.rest("GET", "/meetings?max=100").json()["items"]]  # 7 days


@pytest.mark.parametrize("media", ["application/json-patch+json", "application/json"])
def test_patch_changes_what_it_sends_and_null_removes(api, media):
    made = create(api, agenda="old agenda")
    response = api.rest("PATCH", f"/meetings/{made['id']}", content=json.dumps({"title": "New", "agenda": None}),
                        headers={"Content-Type": media})
    assert response.status_code == 200, response.text
    changed = response.json()
    assert (changed["title"], changed["agenda"], changed["start"]) == ("New", "", made["start"])
    assert value(read(api, int(made["meetingNumber"])), "meet:metaData/meet:confName") == "New"


def test_put_takes_the_object_get_returned(api):
    made = create(api)
    made.update(title="Put title", state="ended", hostKey="000000")  # read-only fields are ignored
    response = api.rest("PUT", f"/meetings/{made['id']}", json=made)
    assert response.status_code == 200, response.text
    shown = response.json()
    assert (shown["title"], shown["state"], shown["hostKey"] == made["hostKey"]) == ("Put title", "active", False)
    assert shown["hostKey"] == api.rest("GET", f"/meetings/{made['id']}").json()["hostKey"] != "000000"


def test_delete_answers_204_and_both_faces_lose_the_meeting(api):
    made = create(api)
    deleted = api.rest("DELETE", f"/meetings/{made['id']}")
    assert (deleted.status_code, deleted.content) == (204, b"")
    failure(api.rest("GET", f"/meetings/{made['id']}"), 404)
    gone = api.post(message("meeting.GetMeeting", f"<meetingKey>{made['meetingNumber']}</meetingKey>"))
    assert (gone.result, gone.exception_id) == ("FAILURE", "060001")
    failure(api.rest("GET", "/meetings/" + "0" * 32), 404)
    failure(api.rest("GET", "/meetings/not-an-id"), 404)


def test_unknown_paths_and_methods_answer_the_documented_errors(api):
    assert failure(api.rest("GET", "/nothing/here"), 404) == "The requested resource could not be found."
    response = api.rest("PUT", "/people/me")
    failure(response, 405)
    assert response.headers["allow"] == "GET"


def test_people_me_and_by_email(api):
    me = api.rest("GET", "/people/me").json()
    assert me["emails"] == ["hostid@acme.com"] and me["displayName"] == "Host Acme"
    assert api.rest("GET", f"/people/{me['id']}").json() == me
    assert api.rest("GET", "/people?email=HOSTID@acme.com").json()["items"] == [me]
    assert api.rest("GET", "/people?email=nobody@acme.com").json()["items"] == []


def test_every_rest_call_is_journaled_with_its_operation_and_no_secret(api):
    made = create(api, password="Secret12")
    api.rest("GET", f"/meetings/{made['id']}")
    failure(api.rest("GET", "/meetings", token="wrong-token-1234"), 401)
    journal = api.app.state.tenancy.get().journal
    (created,) = journal.entries(operation="POST /meetings")
    assert (created.http_status, created.result, created.user, created.meeting_key) == (
        200, "SUCCESS", "hostid@acme.com", int(made["meetingNumber"]))
    assert [rule.rule for rule in created.rules if rule.rule == "default"]  # the WebEx rules ran
    (listed,) = journal.entries(operation="GET /meetings")
    assert (listed.http_status, listed.result, listed.user) == (401, "FAILURE", None)
    for entry in journal.entries():
        for text in (entry.request, entry.response, entry.reason or ""):
            assert "Secret12" not in text and "access-token" not in text and "wrong-token" not in text


def test_a_rest_token_becomes_an_xml_session_ticket_that_reads_a_rest_meeting(api):
    made = create(api, title="Migrating")
    answer = api.post(message("user.AuthenticateUser", "<accessToken>acme-hostid-access-token</accessToken>",
                              password=None)).ok()
    ticket = answer.text("serv:body/serv:bodyContent/use:sessionTicket")
    got = api.post(message("meeting.GetMeeting", f"<meetingKey>{made['meetingNumber']}</meetingKey>",
                           password=None, ticket=ticket)).ok()
    assert value(got, "meet:metaData/meet:confName") == "Migrating"


@pytest.mark.parametrize("open_time, minutes", [("0", 0), ("300", 5), ("900", 15), ("120", 0), ("3600", 15)])
def test_join_before_host_reads_xml_seconds_as_rest_minutes(api, open_time, minutes):
    key = create_xml(api, content("Early", "01/15/2030 10:00:00", schedule=f"<openTime>{open_time}</openTime>"))
    (shown,) = api.rest("GET", f"/meetings?meetingNumber={key}").json()["items"]
    assert (shown["enabledJoinBeforeHost"], shown["joinBeforeHostMinutes"]) == (open_time != "0", minutes)


def test_join_before_host_minutes_are_stored_as_xml_seconds(api):
    made = create(api, enabledJoinBeforeHost=True, joinBeforeHostMinutes=10)
    assert (made["enabledJoinBeforeHost"], made["joinBeforeHostMinutes"]) == (True, 10)
    assert value(read(api, int(made["meetingNumber"])), "meet:schedule/meet:openTime") == "600"


def test_the_docs_status_table_is_the_faces():
    from pathlib import Path

    from mockserver.rest.errors import STATUS
    text = (Path(__file__).parents[2] / "docs" / "rest.md").read_text()
    rows = re.findall(r"^\| `([A-Z_]+)` \| (\d{3}) \|$", text, re.M)
    assert {kind: int(status) for kind, status in rows} == {kind.name: status for kind, status in STATUS.items()}
    operations = (Path(__file__).parents[2] / "docs" / "operations.md").read_text()
    said = dict(re.findall(r"`([A-Z_]+)` (\d{3})", operations.split("The REST face answers each kind", 1)[1][:600]))
    assert said and all(STATUS[kind] == int(status) for kind_name, status in said.items()
                        for kind in STATUS if kind.name == kind_name)


def test_the_list_filters_of_a_series_of_one(api):
    made = create(api, title="Filtered")
    other = create(api, title="Other")
    window = f"from={iso(SOON - timedelta(hours=1))}&to={iso(SOON + timedelta(hours=2))}"

    def titles(query: str) -> list[str]:
        return [m["title"] for m in api.rest("GET", f"/meetings?{window}&{query}").json()["items"]]

    assert titles(f"meetingSeriesId={made['id']}") == ["Filtered"]
    from urllib.parse import quote
    assert titles(f"webLink={quote(other['webLink'], safe='')}") == ["Other"]
    assert sorted(titles("meetingType=meetingSeries&state=active&scheduledType=meeting")) == ["Filtered", "Other"]
    assert titles("state=ended") == [] and titles("scheduledType=webinar") == []
    assert "state" in failure(api.rest("GET", f"/meetings?{window}&state=sleeping"), 400)


def test_xml_values_rest_would_refuse_are_shown_as_stored_with_a_note(api):
    key = create_xml(api, content("T" * 200, "01/15/2030 10:00:00", schedule="<duration>5</duration>"))
    (shown,) = api.rest("GET", f"/meetings?meetingNumber={key}").json()["items"]
    assert len(shown["title"]) == 200 and shown["end"] == "2030-01-15T10:05:00-08:00"
    (entry,) = api.app.state.tenancy.get().journal.entries(operation="GET /meetings")
    (note,) = entry.notes
    assert note.code == "assumed-answer" and "title of 200 characters" in note.text and "5 minutes" in note.text


def test_a_filter_value_the_api_does_not_have_is_refused_whatever_the_list_holds(api):
    """Checked once, before the walk (it was checked per meeting, so a list with nothing in it answered 200)."""
    assert "meetingType" in failure(api.rest("GET", "/meetings?meetingType=weekly"), 400)


@pytest.mark.parametrize(("start", "zone"), [("9999-12-31T22:00:00Z", "Pacific/Kiritimati"),
                                             ("9999-12-31T06:00:00+05:00", "Etc/GMT-14"),
                                             ("9999-12-30T23:55:00Z", None)])
def test_a_start_no_zone_can_show_is_refused_naming_it(api, start, zone):
    """A start or end within a day of the dates Python holds would show in some zone as a date after year 9999: 400,
    naming the field (it was an internal error when the zone was one the XML table does not have)."""
    moment = datetime.fromisoformat(start)
    sent = {"title": "Far", "start": start, "end": (moment + timedelta(minutes=30)).isoformat(),
            **({"timezone": zone} if zone else {})}
    message_ = failure(api.rest("POST", "/meetings", json=sent), 400)
    assert message_.startswith(("start: ", "end: ")) and "out of range" in message_
    made = create(api, title="Near")
    moved = api.rest("PATCH", f"/meetings/{made['id']}", json={"start": sent["start"], "end": sent["end"]})
    assert "out of range" in failure(moved, 400)
    assert api.rest("GET", f"/meetings/{made['id']}").json()["start"] == made["start"]
