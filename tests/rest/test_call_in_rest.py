"""Call-in numbers over REST (webex-reference.md §37): a meeting that shows the site's numbers over XML
(telephonySupport CALLIN or CALLBACK on the site's audio) shows the same ones in ``telephony.callInNumbers``, toll
first, with the site's labels; any other meeting, and one on a site without numbers, shows none."""

from __future__ import annotations

from meetingkit import content, read
from meetingkit import create as create_xml
from restkit import create

from mockserver.domain.sites import CallIn

ACME = [{"label": "Call-in toll number (US/Canada)", "callInNumber": "+1-415-655-0001", "tollType": "toll"},
        {"label": "Call-in toll-free number (US/Canada)", "callInNumber": "+1-855-555-0100", "tollType": "tollFree"}]


def shown(api, key: int) -> dict:
    (item,) = api.rest("GET", f"/meetings?meetingNumber={key}").json()["items"]
    got = api.rest("GET", f"/meetings/{item['id']}").json()
    assert got["telephony"] == item["telephony"]  # the list shows what GET shows
    return got


def test_a_call_in_meeting_shows_the_numbers_xml_shows(api):
    key = create_xml(api, content(start="01/15/2030 10:00:00",
                                  extra="<telephony><telephonySupport>CALLIN</telephonySupport></telephony>"))
    telephony = shown(api, key)["telephony"]
    assert telephony["callInNumbers"] == ACME
    assert telephony["accessCode"] == str(key)
    xml = read(api, key)
    assert [n.text for n in xml.content.iterfind("{*}telephony/{*}callInNum/*")] == [
        number["callInNumber"] for number in ACME]


def test_no_numbers_without_site_audio_or_without_site_numbers(api):
    plain = create_xml(api, content(start="01/15/2030 10:00:00"))
    assert shown(api, plain)["telephony"]["callInNumbers"] == []
    key = create_xml(api, content(start="01/16/2030 10:00:00",
                                  extra="<telephony><telephonySupport>CALLBACK</telephonySupport></telephony>"))
    assert shown(api, key)["telephony"]["callInNumbers"] == ACME
    api.store.site_by_name("acme").callIn = CallIn()
    assert shown(api, key)["telephony"]["callInNumbers"] == []


def test_a_meeting_made_over_rest_has_webex_audio_and_shows_the_site_numbers_on_both_faces(api):
    made = create(api, title="REST made")  # webexAudio: XML telephonySupport CALLIN (ASSUMED, noted)
    assert made["telephony"]["callInNumbers"] == ACME
    xml = read(api, int(made["meetingNumber"]))
    assert xml.content.findtext("{*}telephony/{*}telephonySupport") == "CALLIN"
    assert [n.text for n in xml.content.iterfind("{*}telephony/{*}callInNum/*")] == [
        number["callInNumber"] for number in ACME]
