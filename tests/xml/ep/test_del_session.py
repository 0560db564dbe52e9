"""DelSession (reference §21): deletes a meeting as DelMeeting does; the key is gone for good."""

from __future__ import annotations

from attendeekit import del_session, type_of
from meetingkit import ADMIN, ALICE, create, delete, fails, get, lst, read
from webex import message


def test_deletes_the_meeting_with_an_empty_answer(api):
    key = create(api)
    answer = api.post(del_session(key)).ok()
    assert type_of(answer) == "ep:delSessionResponse" and len(answer.content) == 0
    assert b'xmlns:ep="http://www.webex.com/schemas/2002/06/service/ep" xmlns:meet=' in answer.body
    fails(api.post(get(key)), "060001")
    fails(api.post(lst(f"<meetingKey>{key}</meetingKey>")), "000015")


def test_deleted_or_unknown_key_is_060001_and_never_reused(api):
    key = create(api)
    api.post(delete(key)).ok()
    answer = api.post(del_session(key))
    fails(answer, "060001")
    assert answer.reason == "Corresponding Meeting not found"
    fails(api.post(del_session(987654321)), "060001")
    assert key in api.store.used_keys and create(api) != key


def test_only_the_host_or_a_site_admin(api):
    key = create(api)
    fails(api.post(del_session(key, user=ALICE)), "000001")
    read(api, key)
    api.post(del_session(key, user=ADMIN)).ok()
    fails(api.post(get(key)), "060001")


def test_session_key_is_required(api):
    fails(api.post(message("ep.DelSession", "<sendEmail>true</sendEmail>")), "999999")
