"""A meeting's ``audioConnectionOptions`` over REST: read from its XML blocks, written to them on create, update and
patch (docs/rest.md, the mapping table; the XML-to-REST direction is in test_both_faces.py); the mute settings, which
no XML element holds, kept by the meeting's REST extension (tests/rest/test_rest_only_fields.py)."""

from __future__ import annotations

from meetingkit import read, value
from restkit import create, failure

DEFAULTS = {"audioConnectionType": "webexAudio", "enabledTollFreeCallIn": False, "enabledGlobalCallIn": False,
            "enabledAudienceCallBack": False, "entryAndExitTone": "beep", "allowHostToUnmuteParticipants": False,
            "allowAttendeeToUnmuteSelf": True, "muteAttendeeUponEntry": False}


def _telephony(api, key: int) -> dict[str, str | None]:
    answer = read(api, key)
    return {path.rpartition(":")[2]: value(answer, path) for path in (
        "meet:telephony/meet:telephonySupport", "meet:telephony/meet:tollFree", "meet:telephony/meet:intlLocalCallIn",
        "meet:schedule/meet:entryExitTone", "meet:enableOptions/meet:voip")}


def test_a_meeting_made_over_rest_has_webex_audio_and_the_spec_examples_settings(api):
    made = create(api, title="Default audio")
    assert made["audioConnectionOptions"] == DEFAULTS
    assert api.rest("GET", f"/meetings/{made['id']}").json()["audioConnectionOptions"] == DEFAULTS


def test_options_written_over_rest_read_over_xml_and_back(api):
    made = create(api, title="Audio", audioConnectionOptions={
        "audioConnectionType": "webexAudio", "enabledTollFreeCallIn": True, "enabledGlobalCallIn": True,
        "entryAndExitTone": "noTone"})
    assert _telephony(api, int(made["meetingNumber"])) == {
        "telephonySupport": "CALLIN", "tollFree": "true", "intlLocalCallIn": "true", "entryExitTone": "2",
        "voip": "true"}
    assert made["audioConnectionOptions"] == {**DEFAULTS, "enabledTollFreeCallIn": True, "enabledGlobalCallIn": True,
                                              "entryAndExitTone": "noTone"}


def test_voip_and_none_are_xml_none_audio_with_and_without_voip(api):
    voip = create(api, title="VoIP", audioConnectionOptions={"audioConnectionType": "VoIP"})
    assert voip["audioConnectionOptions"]["audioConnectionType"] == "VoIP" and voip["telephony"]["callInNumbers"] == []
    assert _telephony(api, int(voip["meetingNumber"]))["telephonySupport"] == "NONE"
    patched = api.rest("PATCH", f"/meetings/{voip['id']}", json={"audioConnectionOptions": {
        "audioConnectionType": "none"}})
    assert patched.status_code == 200, patched.text
    assert patched.json()["audioConnectionOptions"]["audioConnectionType"] == "none"
    assert _telephony(api, int(voip["meetingNumber"]))["voip"] == "false"


def test_audience_call_back_is_callback_audio(api):
    made = create(api, title="Call back", audioConnectionOptions={"enabledAudienceCallBack": True})
    assert made["audioConnectionOptions"]["enabledAudienceCallBack"] is True
    assert made["audioConnectionOptions"]["audioConnectionType"] == "webexAudio"
    assert _telephony(api, int(made["meetingNumber"]))["telephonySupport"] == "CALLBACK"


def test_a_put_of_the_object_as_read_keeps_the_options(api):
    made = create(api, title="Put", audioConnectionOptions={"audioConnectionType": "other",
                                                            "entryAndExitTone": "announceName"})
    whole = api.rest("GET", f"/meetings/{made['id']}").json()
    put = api.rest("PUT", f"/meetings/{made['id']}", json=whole)
    assert put.status_code == 200, put.text
    assert put.json()["audioConnectionOptions"] == made["audioConnectionOptions"]
    assert made["audioConnectionOptions"]["audioConnectionType"] == "other"


def test_mute_settings_are_kept_by_the_meeting_and_survive_a_patch_of_something_else(api):
    made = create(api, title="Mutes", audioConnectionOptions={"muteAttendeeUponEntry": True,
                                                              "allowAttendeeToUnmuteSelf": False})
    expected = {**DEFAULTS, "muteAttendeeUponEntry": True, "allowAttendeeToUnmuteSelf": False}
    assert made["audioConnectionOptions"] == expected
    patched = api.rest("PATCH", f"/meetings/{made['id']}", json={"title": "Mutes renamed"})
    assert patched.status_code == 200, patched.text
    assert api.rest("GET", f"/meetings/{made['id']}").json()["audioConnectionOptions"] == expected


def test_a_value_outside_the_spec_enumeration_is_refused_naming_the_field(api):
    answer = api.rest("POST", "/meetings", json={
        "title": "Bad", "start": "2031-01-15T10:00:00Z", "end": "2031-01-15T10:30:00Z",
        "audioConnectionOptions": {"entryAndExitTone": "siren"}})
    failure(answer, 400)
    assert "entryAndExitTone" in answer.json()["message"]
