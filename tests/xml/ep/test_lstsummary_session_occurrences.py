"""LstsummarySession with ``recurrence`` true lists every occurrence of a series as a session of its own, with
isException, isNextUpcomingInstance and seriesMeetingKey (XML API 7.4.0 / 8.0 SP11 release notes; docs/time.md,
"Recurring meetings over XML"), on a frozen clock, over HTTP and in process."""

from __future__ import annotations

from attendeekit import lst_sessions, session_keys, session_records
from meetingkit import BODY, content, create, local_names

WEEKLY = ("<repeat><repeatType>WEEKLY</repeatType><afterMeetingNumber>6</afterMeetingNumber>"
          "<dayInWeek><day>MONDAY</day><day>WEDNESDAY</day></dayInWeek></repeat>")
#: 4 to 17 January 2027 in GMT (London is GMT in January: zone 21)
TWO_WEEKS = ("<dateScope><startDateStart>01/04/2027 00:00:00</startDateStart>"
             "<startDateEnd>01/17/2027 23:59:59</startDateEnd><timeZoneID>21</timeZoneID></dateScope>")


def frozen(api, at: str = "2027-01-04T09:00:00Z") -> None:
    assert api.admin("PUT", "/_mock/clock", json={"freeze": at}).status_code == 200


def weekly(api) -> int:
    return create(api, content("Weekly", "01/04/2027 10:00:00", extra=WEEKLY,
                               schedule="<timeZoneID>21</timeZoneID><duration>30</duration>"))


def sessions(answer, name: str) -> list[str | None]:
    return [node.findtext(f"{{*}}{name}") for node in answer.all(BODY + "ep:session")]


def test_recurrence_true_lists_each_occurrence_with_its_start_and_the_next_one_marked(api):
    frozen(api)
    key = weekly(api)
    single = create(api, content("Once", "01/05/2027 12:00:00", schedule="<timeZoneID>21</timeZoneID>"))
    answer = api.post(lst_sessions(TWO_WEEKS + "<recurrence>true</recurrence>")).ok()
    assert session_records(answer) == (5, 5, 1)
    assert session_keys(answer) == [key, single, key, key, key]
    assert sessions(answer, "startTime") == ["01/04/2027 10:00:00", "01/05/2027 12:00:00", "01/06/2027 10:00:00",
                                             "01/11/2027 10:00:00", "01/13/2027 10:00:00"]
    assert sessions(answer, "isNextUpcomingInstance") == ["true", "true", "false", "false", "false"]
    assert sessions(answer, "isException") == ["false"] * 5
    assert sessions(answer, "seriesMeetingKey") == [None] * 5
    assert sessions(answer, "isRecurring") == ["true", "false", "true", "true", "true"]
    first = answer.all(BODY + "ep:session")[0]
    assert local_names(first)[-3:] == ["isAudioOnly", "isException", "isNextUpcomingInstance"]
    notes = api.app.state.tenancy.get().journal.entries()[-1].notes
    assert ("assumed-answer", "session/isException") in [(n.code, n.element) for n in notes]


def test_without_recurrence_a_series_is_listed_once(api):
    frozen(api)
    key = weekly(api)
    answer = api.post(lst_sessions(TWO_WEEKS)).ok()
    assert session_keys(answer) == [key]
    assert sessions(answer, "isException") == [None]


def test_paging_and_descending_order_apply_to_the_occurrences(api):
    frozen(api)
    weekly(api)
    body = ("<listControl><startFrom>2</startFrom><maximumNum>2</maximumNum></listControl>"
        "<order><orderBy>STARTTIME</orderBy><orderAD>DESC</orderAD></order>" + TWO_WEEKS +
        "<recurrence>true</recurrence>")
    answer = api.post(lst_sessions(body)).ok()
    assert session_records(answer) == (4, 2, 2)
    assert sessions(answer, "startTime") == ["01/11/2027 10:00:00", "01/06/2027 10:00:00"]


def test_an_occurrence_changed_over_rest_is_an_exception_of_its_series(api):
    frozen(api)
    key = weekly(api)
    week = {"from": "2027-01-04T00:00:00Z", "to": "2027-01-11T00:00:00Z"}
    series = next(item["id"] for item in api.rest("GET", "/meetings", params=week).json()["items"]
                  if item["meetingNumber"] == str(key))
    second = api.rest("GET", "/meetings", params={"meetingSeriesId": series, **week}).json()["items"][1]["id"]
    moved = api.rest("PATCH", f"/meetings/{second}", json={"title": "Moved", "start": "2027-01-07T15:00:00Z",
                                                             "end": "2027-01-07T15:45:00Z"})
    assert moved.status_code == 200, moved.text
    answer = api.post(lst_sessions(TWO_WEEKS + "<recurrence>true</recurrence>")).ok()
    assert sessions(answer, "startTime")[:3] == ["01/04/2027 10:00:00", "01/07/2027 15:00:00", "01/11/2027 10:00:00"]
    assert sessions(answer, "confName")[:3] == ["Weekly", "Moved", "Weekly"]
    assert sessions(answer, "duration")[:3] == ["30", "45", "30"]
    assert sessions(answer, "isException")[:3] == ["false", "true", "false"]
    assert sessions(answer, "seriesMeetingKey")[:3] == [None, str(key), None]


def test_a_window_with_no_occurrence_is_an_empty_success(api):
    """No longer 000015: an empty SUCCESS, as any LstsummarySession that matches nothing (reference §38)."""
    frozen(api)
    weekly(api)
    scope = ("<dateScope><startDateStart>03/01/2027 00:00:00</startDateStart>"
             "<startDateEnd>03/31/2027 00:00:00</startDateEnd></dateScope><recurrence>true</recurrence>")
    answer = api.post(lst_sessions(scope)).ok()
    assert answer.all(BODY + "ep:session") == []
    assert answer.text(BODY + "ep:matchingRecords/serv:returned") == "0"


def test_a_series_that_started_before_the_window_lists_its_occurrences_in_it(api):
    frozen(api)
    key = weekly(api)
    later = create(api, content("Later", "01/12/2027 09:00:00", schedule="<timeZoneID>21</timeZoneID>"))
    before = create(api, content("Before", "01/05/2027 09:00:00", schedule="<timeZoneID>21</timeZoneID>"))
    second_week = ("<dateScope><startDateStart>01/11/2027 00:00:00</startDateStart><startDateEnd>01/17/2027 23:59:59"
                   "</startDateEnd><timeZoneID>21</timeZoneID></dateScope><recurrence>true</recurrence>")
    answer = api.post(lst_sessions(second_week)).ok()
    assert session_keys(answer) == [key, later, key]
    assert before not in session_keys(answer)
    assert sessions(answer, "startTime") == ["01/11/2027 10:00:00", "01/12/2027 09:00:00", "01/13/2027 10:00:00"]
