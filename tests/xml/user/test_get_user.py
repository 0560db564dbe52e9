"""GetUser (reference 9): the profile real flows read, who may read it, and its errors."""

from __future__ import annotations

from datetime import UTC, datetime

from lxml import etree
from webex import message

from mockserver.domain.timezones import DEPRECATED, LABELS, with_dst

JANUARY = datetime(2026, 1, 15, 12, 0, tzinfo=UTC).timestamp()
JULY = datetime(2026, 7, 15, 12, 0, tzinfo=UTC).timestamp()
#: the body's children in order; GetUser now answers the later capture's tree (reference 36), whose full table
#: per block is in test_get_user_tree.py: this order lost title, description, company, schedulingPermission and
#: mpProfileNumber (the later capture has none) and gained personalUrl, defaultCallIn, videoSystems,
#: personalMeetingRoom, webACDPrefs and eventCenter
ORDER = ["firstName", "lastName", "categoryId", "webExId", "address", "phones", "email", "password", "personalUrl",
         "expirationDate", "commOptions", "meetingTypes", "options", "timeZoneID", "timeZone", "timeZoneWithDST",
         "tracking", "service", "privilege", "language", "locale", "active", "defaultCallIn", "supportedServices",
         "myWebEx", "personalTeleconf", "videoSystems", "personalMeetingRoom", "sessionOptions", "supportCenter",
         "security", "languageID", "webACDPrefs", "registrationDate", "visitCount", "userId", "eventCenter",
         "passwordExpires", "passwordDaysLeft"]


def get_user(api, who: str, **kw):
    return api.post(message("user.GetUser", f"<webExId>{who}</webExId>", **kw))


def field(answer, path: str) -> str | None:
    return answer.text("serv:body/serv:bodyContent/" + path)


def test_self_profile_in_real_order(api):
    api.store.clock = lambda: JANUARY
    answer = get_user(api, "hostid@acme.com").ok()
    assert [etree.QName(c).localname for c in answer.content] == ORDER
    assert b'xsi:type="use:getUserResponse"' in answer.body
    expected = {
        "use:firstName": "Host", "use:lastName": "Acme", "use:webExId": "hostid@acme.com",
        "use:address/com:addressType": "PERSONAL", "use:email": "hostid@acme.com", "use:password": "******",
        "use:expirationDate": "12/31/2049 23:59:59", "use:timeZoneID": "4",
        "use:timeZone": "GMT-08:00, Pacific (San Jose)",
        "use:timeZoneWithDST": "San Francisco (Pacific Standard Time, GMT-08:00)",
        "use:privilege/use:host": "true", "use:privilege/use:siteAdmin": "false", "use:active": "ACTIVATED",
        "use:passwordExpires": "false",
    }
    assert {path: field(answer, path) for path in expected} == expected
    assert [t.text for t in answer.all("serv:body/serv:bodyContent/use:meetingTypes/use:meetingType")] == [
        "1", "3", "214"]


def test_documented_values_of_the_capture(api):
    answer = get_user(api, "hostid@acme.com").ok()
    expected = {
        "use:service": "FREE_OFFICE", "use:registrationDate": "01/01/1970 00:00:01",
        "use:sessionOptions/use:defaultServiceType": "MeetingCenter", "use:language": "ENGLISH",
        "use:locale": "U.S.", "use:languageID": "1", "use:visitCount": "0", "use:passwordDaysLeft": "0",
        "use:supportedServices/use:meetingCenter": "true", "use:myWebEx/use:additionalRecordingStorage": "0",
        "use:supportCenter/use:serviceDesk/use:enable": "false",
        # false, no longer true: the later capture (reference 36) answers every option false, as the XSD's default
        "use:options/use:firstNameVisible": "false",
    }
    assert {path: field(answer, path) for path in expected} == expected


def test_session_options_follow_the_site(api):
    acme = api.store.site_by_name("acme")
    acme.settings.defaultMeetingType = 214
    acme.settings.defaultEnableOptions.update(autoDeleteAfterMeetingEnd=True, displayQuickStartHost=False)
    answer = get_user(api, "hostid@acme.com").ok()
    assert values_of(answer, "use:sessionOptions") == {
        "defaultSessionType": "214", "defaultServiceType": "MeetingCenter", "autoDeleteAfterMeetingEnd": "true",
        "displayQuickStartHost": "false", "displayQuickStartAttendees": "false"}


def test_stored_names_drive_their_elements(api):
    user = api.store.site_by_name("acme").users["hostid@acme.com"]
    user.firstName, user.lastName, user.email, user.meetingTypes = "Renamed", "Person", "r@acme.com", [214]
    answer = get_user(api, "hostid@acme.com").ok()
    assert (field(answer, "use:firstName"), field(answer, "use:lastName"), field(answer, "use:email")) == (
        "Renamed", "Person", "r@acme.com")
    assert [t.text for t in answer.all("serv:body/serv:bodyContent/use:meetingTypes/use:meetingType")] == ["214"]


def values_of(answer, path: str) -> dict[str, str]:
    (element,) = answer.all("serv:body/serv:bodyContent/" + path)
    return {etree.QName(c).localname: c.text for c in element}


def test_first_meeting_type_is_what_the_cisco_sample_reads(api):
    answer = get_user(api, "hostid@acme.com").ok()
    first = answer.root.find("{*}body/{*}bodyContent/{*}meetingTypes")[0].text  # as sampleFlow.py reads it
    assert first == "1"


def test_password_is_never_returned(api):
    answer = get_user(api, "admin@acme.com", user="admin@acme.com").ok()
    assert b"passw0rd" not in answer.body and field(answer, "use:password") == "******"


def test_time_zone_with_dst_follows_the_clock(api):
    api.store.clock = lambda: JULY
    own = get_user(api, "hostid@acme.com").ok()
    assert field(own, "use:timeZone") == "GMT-08:00, Pacific (San Jose)"
    assert field(own, "use:timeZoneWithDST") == "San Francisco (Pacific Daylight Time, GMT-07:00)"
    alice = get_user(api, "alice@acme.com", user="admin@acme.com").ok()
    assert field(alice, "use:timeZone") == "GMT-05:00, Eastern (New York)"
    assert field(alice, "use:timeZoneWithDST") == "New York (Eastern Daylight Time, GMT-04:00)"


def test_dst_label_for_every_zone():
    for zone in list(LABELS) + list(DEPRECATED):
        for instant in (JANUARY, JULY):
            text = with_dst(zone, int(instant * 1000))
            assert text.endswith(")") and ", GMT" in text and " Time, " in text, (zone, text)
    assert with_dst(25, int(JULY * 1000)) == "Berlin (Europe Summer Time, GMT+02:00)"  # the real July sample
    assert with_dst(55, int(JANUARY * 1000)) == "Sydney (Australia Eastern Daylight Time, GMT+11:00)"
    assert with_dst(999, int(JANUARY * 1000)) == with_dst(4, int(JANUARY * 1000))


def test_plain_host_cannot_read_another_user(api):
    answer = get_user(api, "alice@acme.com")
    assert (answer.result, answer.exception_id, answer.reason) == (
        "FAILURE", "000001", "Access denied, additional privileges are required")
    assert b"Alice" not in answer.body
    assert b'xmlns:use="http://www.webex.com/schemas/2002/06/service/user"><serv:header>' in answer.body


def test_site_admin_reads_anyone(api):
    alice = get_user(api, "alice@acme.com", user="admin@acme.com").ok()
    assert (field(alice, "use:firstName"), field(alice, "use:timeZoneID")) == ("Alice", "11")
    assert [t.text for t in alice.all("serv:body/serv:bodyContent/use:meetingTypes/use:meetingType")] == ["1", "3"]
    assert field(alice, "use:privilege/use:siteAdmin") == "false"
    admin = get_user(api, "admin@acme.com", user="admin@acme.com").ok()
    assert field(admin, "use:privilege/use:siteAdmin") == "true"


def test_unknown_user(api):
    for caller in ("admin@acme.com", "hostid@acme.com"):
        answer = get_user(api, "ghost@acme.com", user=caller)
        assert answer.exception_id == "030001" and "ghost@acme.com" in answer.reason, caller


def test_user_of_another_site_is_unknown(api):
    assert get_user(api, "host@globex.com", user="admin@acme.com").exception_id == "030001"


def test_lookup_ignores_case_and_answers_the_stored_spelling(api):
    answer = get_user(api, " HostID@ACME.com ").ok()
    assert field(answer, "use:webExId") == "hostid@acme.com"


def test_webexid_capital_d_or_missing_is_a_schema_error(api):
    for content in ("<webExID>hostid@acme.com</webExID>", ""):
        answer = api.post(message("user.GetUser", content))
        assert answer.exception_id == "999999" and "webExId" in answer.reason, content


def test_deactivated_user_and_stable_user_id(api):
    api.store.site_by_name("acme").users["alice@acme.com"].active = False
    first = get_user(api, "alice@acme.com", user="admin@acme.com").ok()
    assert field(first, "use:active") == "DEACTIVATED"
    user_id = field(first, "use:userId")
    assert user_id and len(user_id) == 9 and user_id.isdigit()
    assert field(get_user(api, "alice@acme.com", user="admin@acme.com"), "use:userId") == user_id
    assert field(get_user(api, "hostid@acme.com"), "use:userId") != user_id


def test_site_id_and_partner_id(api):
    context = ("<securityContext><siteID>690319</siteID><partnerID>g0webx!</partnerID>"
               "<webExID>hostid@acme.com</webExID><password>passw0rd</password></securityContext>")
    answer = api.post(message("user.GetUser", "<webExId>hostid@acme.com</webExId>", context=context)).ok()
    assert field(answer, "use:email") == "hostid@acme.com"
