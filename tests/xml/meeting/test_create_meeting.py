"""The documented rules and defaults (reference 3.1, 12), seen in the stored meeting."""

import pytest
from webex import create_meeting, sample

START = "<schedule><startDate>12/01/2026 10:00:00</startDate>{extra}</schedule>"


def create(api, options="", schedule="", more="", site="acme", user="hostid@acme.com"):
    content = (f"<metaData><confName>R</confName></metaData>{more}"
               f"<enableOptions>{options}</enableOptions>" + START.format(extra=schedule))
    answer = api.post(create_meeting(content, site=site, user=user))
    return answer


def stored(api, answer, site="acme"):
    answer.ok()
    return api.store.get_meeting(site, int(answer.text("serv:body/serv:bodyContent/meet:meetingkey"))).data


def test_e2ee_disables_recording_jbh_and_remote_computer_silently(api):
    data = stored(api, create(api, "<supportE2E>TRUE</supportE2E><autoRecord>TRUE</autoRecord>"
                                   "<supportRemoteComputer>true</supportRemoteComputer>",
                              "<openTime>900</openTime><joinTeleconfBeforeHost>true</joinTeleconfBeforeHost>"))
    assert data["enableOptions"]["supportE2E"] == "true"
    assert data["enableOptions"]["autoRecord"] == "false"
    assert data["enableOptions"]["supportRemoteComputer"] == "false"
    assert data["schedule"]["openTime"] == "0"
    assert data["schedule"]["joinTeleconfBeforeHost"] == "false"


def test_seed_sample_is_stored_with_e2ee_rules(api):
    answer = api.post(sample("seed-createmeeting-request.xml"))
    data = stored(api, answer)
    assert (data["enableOptions"]["autoRecord"], data["schedule"]["openTime"],
            data["schedule"]["joinTeleconfBeforeHost"]) == ("false", "0", "false")
    assert data["schedule"]["duration"] == "20" and data["schedule"]["timeZoneID"] == "4"


def test_without_e2ee_jbh_and_open_time_are_kept(api):
    data = stored(api, create(api, "<autoRecord>TRUE</autoRecord><supportRemoteComputer>TRUE</supportRemoteComputer>",
                              "<openTime>900</openTime><joinTeleconfBeforeHost>TRUE</joinTeleconfBeforeHost>"))
    assert data["schedule"]["openTime"] == "900"
    assert data["schedule"]["joinTeleconfBeforeHost"] == "true"
    assert data["enableOptions"]["autoRecord"] == "true"
    assert data["enableOptions"]["supportRemoteComputer"] == "true"


def test_site_nbr_auto_record_overrides_auto_record_false(api):
    api.store.sites["acme"].settings.nbrAutoRecord = True
    data = stored(api, create(api, "<autoRecord>FALSE</autoRecord>"))
    assert data["enableOptions"]["autoRecord"] == "true"


def test_e2ee_wins_over_site_nbr_auto_record(api):
    api.store.sites["acme"].settings.nbrAutoRecord = True
    data = stored(api, create(api, "<supportE2E>true</supportE2E><autoRecord>TRUE</autoRecord>"))
    assert data["enableOptions"]["autoRecord"] == "false"


def test_auto_record_kept_when_site_nbr_off(api):
    assert stored(api, create(api, "<autoRecord>FALSE</autoRecord>"))["enableOptions"]["autoRecord"] == "false"
    assert stored(api, create(api, "<autoRecord>true</autoRecord>"))["enableOptions"]["autoRecord"] == "true"


def test_password_required_site_refuses_create_without_password(api):
    before = len(api.store.site_meetings("globex"))
    answer = create(api, site="globex", user="host@globex.com")
    assert (answer.result, answer.exception_id, answer.reason) == (
        "FAILURE", "060026", "Meeting password must not be null")
    assert b"<serv:bodyContent/>" in answer.body
    assert len(api.store.site_meetings("globex")) == before
    ok = create(api, site="globex", user="host@globex.com",
                more="<accessControl><meetingPassword>S3cret</meetingPassword></accessControl>")
    assert ok.text("serv:body/serv:bodyContent/meet:meetingPassword") == "S3cret"


def test_empty_password_counts_as_null(api):
    answer = create(api, site="globex", user="host@globex.com",
                    more="<accessControl><meetingPassword></meetingPassword></accessControl>")
    assert answer.exception_id == "060026"


def test_defaults_for_omitted_values(api):
    data = stored(api, create(api))
    assert data["schedule"]["duration"] == "60"
    assert data["schedule"]["timeZoneID"] == "4"                         # the host's time zone
    assert data["schedule"]["timeZone"] == "GMT-08:00, Pacific (San Jose)"
    assert data["metaData"]["meetingType"] == "1"                        # the site's default type
    assert data["accessControl"]["listToPublic"] == "true"               # listStatus PUBLIC
    assert data["schedule"]["hostWebExID"] == "hostid@acme.com"
    assert data["repeat"]["repeatType"] == "NO_REPEAT"
    assert data["telephony"]["telephonySupport"] == "NONE"
    assert data["enableOptions"]["chat"] == "true"                      # from the site template


def test_default_time_zone_is_the_hosts(api):
    data = stored(api, create(api, user="alice@acme.com"))
    assert data["schedule"]["timeZoneID"] == "11"
    assert data["schedule"]["timeZone"] == "GMT-05:00, Eastern (New York)"


def test_site_default_meeting_type(api):
    data = stored(api, create(api, site="globex", user="host@globex.com",
                              more="<accessControl><meetingPassword>p</meetingPassword></accessControl>"),
                  site="globex")
    assert data["metaData"]["meetingType"] == "3"


def test_deprecated_time_zone_ids_are_mapped(api):
    data = stored(api, create(api, schedule="<timeZoneID>24</timeZoneID>"))
    assert data["schedule"]["timeZoneID"] == "23"


def test_duration_above_site_maximum(api):
    answer = create(api, schedule="<duration>1441</duration>")
    assert answer.exception_id == "060017" and "1440" in answer.reason


@pytest.mark.parametrize("who,expected", [("admin@acme.com", "SUCCESS")])
def test_site_admin_schedules_for_another_host(api, who, expected):
    answer = create(api, schedule="<hostWebExID>alice@acme.com</hostWebExID>", user=who)
    assert stored(api, answer)["schedule"]["hostWebExID"] == "alice@acme.com"


def test_plain_host_cannot_schedule_for_another(api):
    assert create(api, schedule="<hostWebExID>alice@acme.com</hostWebExID>").exception_id == "060021"
    assert create(api, schedule="<hostWebExID>nobody@acme.com</hostWebExID>").exception_id == "060019"
