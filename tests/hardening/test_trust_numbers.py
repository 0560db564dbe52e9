"""Numbers no int() should see (issue 20, item 15): more than 4,300 digits, or out of a Java long, in the XML
listings' paging and in admin paths and queries, and maximumNum over the documented 500 (docs/security.md).

Python refuses to convert a string of more than 4,300 digits to an int; each such value must get the answer a
too-large number gets -- 999999 naming the element, a 400 or 404 naming the parameter -- never "Internal error"
or a 500."""

from __future__ import annotations

import pytest
from attendeekit import invite, lst_attendees, lst_sessions
from meetingkit import ADMIN, BODY, create, lst, value
from storekit import fill_store
from webex import message

MAXIMUM_NUM = 500  # the documented maximum (docs/webex-reference.md)

HUGE = "9" * 5000
JAVA_LONG = "9223372036854775808"  # 2^63: one past the largest long

LISTINGS = {
    "LstsummaryMeeting": lambda control, key: lst(control, user=ADMIN),
    "LstsummarySession": lambda control, key: lst_sessions(control, user=ADMIN),
    "LstsummaryUser": lambda control, key: message("user.LstsummaryUser", control, user=ADMIN),
    "LstMeetingType": lambda control, key: message("meetingtype.LstMeetingType", control, user=ADMIN),
    "LstMeetingAttendee": lambda control, key: lst_attendees(key, control, user=ADMIN),
}


@pytest.mark.parametrize("number", [HUGE, JAVA_LONG, "-" + HUGE], ids=["5000 digits", "2^63", "-5000 digits"])
@pytest.mark.parametrize("name", ["maximumNum", "startFrom"])
@pytest.mark.parametrize("operation", list(LISTINGS))
def test_paging_numbers_out_of_a_long_are_refused_naming_the_element(api, operation, name, number):
    key = create(api)
    api.post(invite(key, "guest@example.com")).ok()
    answer = api.post(LISTINGS[operation](f"<listControl><{name}>{number}</{name}></listControl>", key))
    assert answer.result == "FAILURE" and answer.exception_id == "999999", answer.reason
    assert answer.reason.startswith(f"Invalid request: bodyContent/listControl/{name}: value must be -2^63"), \
        answer.reason
    assert len(answer.reason) < 200


def test_the_largest_long_is_a_number_like_any_other(api):
    create(api)
    answer = api.post(lst(f"<listControl><startFrom>{int(JAVA_LONG) - 1}</startFrom></listControl>", user=ADMIN))
    assert answer.exception_id == "000015"  # a page past the end, as for any startFrom past the last meeting


def test_maximum_num_over_500_answers_500_with_a_note(asgi_api):
    fill_store(asgi_api.store, MAXIMUM_NUM + 20)
    answer = asgi_api.post(lst("<listControl><maximumNum>100000</maximumNum></listControl>", user=ADMIN)).ok()
    base = "meet:matchingRecords/serv:"
    assert [int(value(answer, base + n)) for n in ("total", "returned")] == [MAXIMUM_NUM + 20, MAXIMUM_NUM]
    assert len(answer.all(BODY + "meet:meeting")) == MAXIMUM_NUM
    notes = [n for n in asgi_api.app.state.tenancy.get().journal.entries()[-1].notes
             if n.element == "bodyContent/listControl/maximumNum"]
    assert [n.kind for n in notes] == ["assumed"] and "documented maximum of 500" in notes[0].text


ADMIN_PATHS = [f"/_mock/sites/acme/meetings/{HUGE}", f"/_mock/page/sites/acme/meetings/{HUGE}"]
JOURNAL_QUERIES = ["limit", "before", "after", "meetingKey"]


@pytest.mark.parametrize("path", ADMIN_PATHS, ids=["admin meeting", "page meeting"])
def test_a_5000_digit_meeting_key_in_a_path_is_no_meeting(api, path):
    answer = api._client.get(path)
    assert answer.status_code == 404 and answer.json()["error"].startswith("no meeting 999")
    assert len(answer.text) < 200


@pytest.mark.parametrize("name", JOURNAL_QUERIES)
@pytest.mark.parametrize("number", [HUGE, "-" + HUGE, "1" * 20])
def test_journal_numbers_of_too_many_digits_are_a_400_naming_them(api, name, number):
    answer = api._client.get("/_mock/journal", params={name: number})
    assert answer.status_code == 400
    assert answer.json()["error"].startswith(f"{name} must have at most 19 digits"), answer.text
