"""Indico's WebEx plugin (Indico v1.2.x, ``MaKaC/plugins/Collaboration/WebEx``), its requests as it writes them and
its answers read as it reads them (``xml.dom.minidom``, ``getElementsByTagName(...)[0].firstChild``, no guard), in
and out of process (reference §37): CreateMeeting with telephonySupport CALLIN, GetMeeting (the call-in numbers),
site.LstTimeZone (the GMT offset), GetjoinurlMeeting, SetMeeting, GethosturlMeeting, DelMeeting. No Content-Type,
siteID and partnerID in place of siteName, booleans and dates as Indico sends them."""

from __future__ import annotations

import xml.dom.minidom

SECURITY = ("<header>\n  <securityContext>\n    <webExID>hostid@acme.com</webExID>\n    <password>passw0rd</password>\n"
            "    <siteID>690319</siteID>\n    <partnerID>g0webx!</partnerID>\n  </securityContext>\n</header>\n")
ROOT = ('<?xml version="1.0" encoding="UTF-8"?>\n<serv:message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:serv="http://www.webex.com/schemas/2002/06/service" >\n')
#: _checkStatus and deleteBooking: ISO-8859-1, and no xmlns:serv for the serv: root
BARE_ROOT = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n'
             '<serv:message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n')
BINDING = "java:com.webex.service.binding."

PARTICIPANTS = ("<participants><attendees>\n<attendee>\n  <person>\n    <firstName>Ada</firstName>\n"
                "    <lastName>Lovelace</lastName>\n    <email>ada@example.org</email>\n  </person>\n</attendee>\n"
                "</attendees></participants>\n")


def booking(kind: str, key: str | None = None, start: str = "12/01/2026 10:00") -> str:
    """CreateMeeting (``kind`` CreateMeeting) or SetMeeting, as WebExOperations writes them."""
    keyed = f"<meetingkey>{key}</meetingkey>\n    " if key else ""
    return (ROOT + SECURITY + "<body>\n  <bodyContent xsi:type=\"" + BINDING + "meeting." + kind + "\" "
            'xmlns:meet="http://www.webex.com/schemas/2002/06/service/meeting" >\n    ' + keyed +
            "<accessControl>\n      <meetingPassword>Indico123</meetingPassword>\n    </accessControl>\n"
            "    <metaData>\n      <confName>Indico event</confName>\n      <agenda>Talks</agenda>\n"
            "    </metaData>\n    " + PARTICIPANTS +
            "    <enableOptions>\n      <chat>true</chat>\n      <poll>true</poll>\n"
            "      <audioVideo>true</audioVideo>\n    </enableOptions>\n"
            "    <schedule>\n      <startDate>" + start + ":00</startDate>\n"
            "      <joinTeleconfBeforeHost>false</joinTeleconfBeforeHost>\n      <duration>90</duration>\n"
            "      <timeZoneID>20</timeZoneID><!--Zone 20 is Greenwich GMT/UTC-->\n    </schedule>\n"
            "    <telephony>\n      <telephonySupport>CALLIN</telephonySupport>\n    </telephony>\n"
            "  </bodyContent>\n</body>\n</serv:message>\n\n")


def call(root: str, operation: str, inner: str) -> str:
    return (root + SECURITY + f'<body>\n  <bodyContent xsi:type="{operation}" >\n    {inner}\n  </bodyContent>\n'
            "</body>\n</serv:message>\n")


def post(api, body: str):
    """Sent as Indico's httplib sends it (no Content-Type); SUCCESS asserted, the DOM Indico reads returned."""
    answer = api.post(body, content_type=None)
    dom = xml.dom.minidom.parseString(answer.body)
    assert first(dom, "serv:result") == "SUCCESS", answer.body.decode()
    return dom


def first(dom, tag: str) -> str:
    return dom.getElementsByTagName(tag)[0].firstChild.toxml()


def test_indico_booking_flow(api):
    created = post(api, booking("CreateMeeting"))
    key = first(created, "meet:meetingkey")
    assert first(created, "serv:attendee").startswith("https://acme.webex.com/")

    status = post(api, call(BARE_ROOT, BINDING + "meeting.GetMeeting", f"<meetingKey>{key}</meetingKey>"))
    phone_free, phone_toll = first(status, "serv:tollFreeNum"), first(status, "serv:tollNum")
    assert (phone_toll, phone_free) == ("+1-415-655-0001", "+1-855-555-0100")
    assert first(status, "meet:startDate") == "12/01/2026 10:00:00"
    tz_id = first(status, "meet:timeZoneID")
    assert tz_id == "20"

    zone = post(api, call(ROOT, "site.LstTimeZone", f"<timeZoneID>{tz_id}</timeZoneID>\n    "
                                                    "<date>12/01/2026 10:00:00</date>"))
    assert int(first(zone, "ns1:gmtOffset")) == 0  # minutes: zone 20 is GMT

    join = post(api, call(ROOT, BINDING + "meeting.GetjoinurlMeeting",
                          f"<sessionKey>{key}</sessionKey>\n    <meetingPW>Indico123</meetingPW>"))
    assert f"MK={key}" in first(join, "meet:joinMeetingURL").replace("&amp;", "&")

    post(api, booking("SetMeeting", key, start="12/01/2026 11:00"))
    moved = post(api, call(BARE_ROOT, BINDING + "meeting.GetMeeting", f"<meetingKey>{key}</meetingKey>"))
    assert first(moved, "meet:startDate") == "12/01/2026 11:00:00"
    assert first(moved, "serv:tollNum") == phone_toll  # still CALLIN: the same numbers

    host = post(api, call(ROOT, BINDING + "meeting.GethosturlMeeting", f"<sessionKey>{key}</sessionKey>"))
    assert "AT=LI" in first(host, "meet:hostMeetingURL")

    post(api, call(BARE_ROOT, BINDING + "meeting.DelMeeting", f"<meetingKey>{key}</meetingKey>"))
    gone = api.post(call(BARE_ROOT, BINDING + "meeting.GetMeeting", f"<meetingKey>{key}</meetingKey>"),
                    content_type=None)
    assert gone.exception_id == "060001"
