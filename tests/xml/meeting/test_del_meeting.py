"""DelMeeting: cancellation iCalendarURL (reference 6); the key is gone for good."""

from __future__ import annotations

import re

from meetingkit import ADMIN, ALICE, content, create, delete, fails, get, hosturl, joinurl, lst, read, set_, value


def test_delete_answers_cancellation_links(api):
    key = create(api, content(name="Q&amp;A", start="12/01/2026 10:00:00", schedule="<duration>90</duration>"))
    event_id = value(read(api, key), "meet:eventID")
    answer = api.post(delete(key)).ok()
    assert answer.content.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "meet:delMeetingResponse"
    host = value(answer, "meet:iCalendarURL/serv:host")
    attendee = value(answer, "meet:iCalendarURL/serv:attendee")
    assert re.fullmatch(rf"https://acme\.webex\.com/acme/j\.php\?ED={event_id}&UID=[0-9A-F]{{8}}&LD=1&RD=2&ST=1"
                        r"&CN=51:26:41&STI=2026-12-01-10-00-00&ETI=2026-12-01-11-30-00&TD=4&ICS=CMC", host)
    assert attendee == host[:-len("CMC")] + "MC"
    assert "&amp;ICS=CMC</serv:host>" in answer.body.decode()


def test_deleted_key_is_gone_for_every_later_call(api):
    key = create(api)
    api.post(delete(key)).ok()
    for request in (get(key), delete(key), set_(f"<meetingkey>{key}</meetingkey>"),
                    joinurl(f"<sessionKey>{key}</sessionKey>"), hosturl(f"<meetingKey>{key}</meetingKey>")):
        fails(api.post(request), "060001")
    fails(api.post(lst(f"<meetingKey>{key}</meetingKey>")), "000015")
    assert key in api.store.used_keys
    assert create(api) != key


def test_other_host_cannot_delete_but_admin_can(api):
    key = create(api)
    fails(api.post(delete(key, user=ALICE)), "000001")
    read(api, key)
    api.post(delete(key, user=ADMIN)).ok()
    fails(api.post(get(key)), "060001")


def test_unknown_key(api):
    answer = api.post(delete(987654321))
    fails(answer, "060001")
    assert answer.reason == "Corresponding Meeting not found"
