"""What a REST meeting has that no XML element holds (``allowAnyUserToBeCoHost``, ``publicMeeting``,
``reminderTime``, the mute settings) is kept by the meeting's REST extension, through updates, patches and a
restart on the state file; ``excludePassword`` is XML's ``attendeeOptions/excludePassword`` (docs/rest.md)."""

from __future__ import annotations

from meetingkit import content, read, value
from meetingkit import create as create_xml
from restkit import create
from statekit import opened

SET = {"allowAnyUserToBeCoHost": True, "publicMeeting": True, "reminderTime": 15, "excludePassword": True}
DEFAULTS = {"allowAnyUserToBeCoHost": False, "publicMeeting": False, "reminderTime": 0, "excludePassword": False}


def _fields(shown: dict) -> dict:
    return {name: shown[name] for name in SET}


def test_the_fields_are_answered_as_sent_and_read_again(api):
    made = create(api, title="Kept", **SET)
    assert _fields(made) == SET
    assert _fields(api.rest("GET", f"/meetings/{made['id']}").json()) == SET


def test_a_patch_changes_what_it_sends_and_keeps_the_rest(api):
    made = create(api, title="Patched", **SET)
    patched = api.rest("PATCH", f"/meetings/{made['id']}", json={"publicMeeting": False, "reminderTime": 30})
    assert patched.status_code == 200, patched.text
    assert _fields(patched.json()) == {**SET, "publicMeeting": False, "reminderTime": 30}


def test_a_put_of_the_object_as_read_keeps_them(api):
    made = create(api, title="Put back", **SET)
    whole = api.rest("GET", f"/meetings/{made['id']}").json()
    assert _fields(api.rest("PUT", f"/meetings/{made['id']}", json=whole).json()) == SET


def test_exclude_password_is_the_xml_attendee_option_both_ways(api):
    made = create(api, title="No password in mails", excludePassword=True)
    assert value(read(api, int(made["meetingNumber"])), "meet:attendeeOptions/meet:excludePassword") == "true"
    key = create_xml(api, content("XML", "01/15/2030 10:00:00", schedule="<timeZoneID>4</timeZoneID>",
                                  extra="<attendeeOptions><excludePassword>true</excludePassword></attendeeOptions>"))
    (shown,) = api.rest("GET", f"/meetings?meetingNumber={key}").json()["items"]
    assert shown["excludePassword"] is True


def test_a_meeting_made_over_xml_reads_the_defaults(api):
    key = create_xml(api, content("XML made", "01/15/2030 10:00:00", schedule="<timeZoneID>4</timeZoneID>"))
    (shown,) = api.rest("GET", f"/meetings?meetingNumber={key}").json()["items"]
    assert _fields(shown) == DEFAULTS


def test_they_survive_a_restart_with_the_state_file(tmp_path):
    path = tmp_path / "state.db"
    api, _ = opened(path)
    made = create(api, title="Restarted", **SET, audioConnectionOptions={"muteAttendeeUponEntry": True})
    api.app.state.state_file.close()
    api, _ = opened(path)
    again = api.rest("GET", f"/meetings/{made['id']}").json()
    assert _fields(again) == SET and again["audioConnectionOptions"]["muteAttendeeUponEntry"] is True
