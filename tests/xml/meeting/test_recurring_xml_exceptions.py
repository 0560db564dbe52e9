"""One occurrence of a series changed over XML, against the whole series (docs/time.md, "Recurring meetings over
XML"): CreateMeeting with ``repeat/isException`` and ``seriesMeetingKey`` makes an exception under a key of its
own; GetMeeting, SetMeeting and DelMeeting with that key act on the one occurrence, the series' key on the whole
series; both faces see the same occurrences. Over HTTP and in process, on a frozen clock."""

from __future__ import annotations

from apikit import Api, make_app
from attendeekit import lst_sessions
from meetingkit import BODY, content, create, delete, fails, get, read, set_, value
from webex import create_meeting

WEEKLY = ("<repeat><repeatType>WEEKLY</repeatType><afterMeetingNumber>4</afterMeetingNumber>"
          "<dayInWeek><day>MONDAY</day><day>WEDNESDAY</day></dayInWeek></repeat>")
WEEK = {"from": "2027-01-04T00:00:00Z", "to": "2027-01-11T00:00:00Z"}
LONDON = "<timeZoneID>21</timeZoneID>"  # GMT in January


def series(api) -> int:
    assert api.admin("PUT", "/_mock/clock", json={"freeze": "2027-01-03T09:00:00Z"}).status_code == 200
    return create(api, content("Weekly", "01/04/2027 10:00:00", extra=WEEKLY,
                               schedule=f"{LONDON}<duration>30</duration>"))


def exception_of(key: int, start: str, name: str = "Moved", schedule: str = "") -> str:
    repeat = f"<repeat><isException>true</isException><seriesMeetingKey>{key}</seriesMeetingKey></repeat>"
    return create_meeting(content(name, start, extra=repeat, schedule=LONDON + schedule))


def occurrences(api, key: int) -> list[tuple[str, str, str, bool]]:
    listed = api.rest("GET", "/meetings", params=WEEK).json()["items"]
    series_id = next(item["id"] for item in listed if item["meetingNumber"] == str(key))
    found = api.rest("GET", "/meetings", params={"meetingSeriesId": series_id, **WEEK})
    assert found.status_code == 200, found.text
    return [(item["title"], item["start"], item["end"], item["isModified"]) for item in found.json()["items"]]


def test_an_exception_made_over_xml_changes_one_occurrence_under_a_key_of_its_own(api):
    key = series(api)
    answer = api.post(exception_of(key, "01/06/2027 14:00:00", schedule="<duration>45</duration>")).ok()
    own = int(answer.text(BODY + "meet:meetingkey"))
    assert own != key
    assert occurrences(api, key) == [
        ("Weekly", "2027-01-04T10:00:00Z", "2027-01-04T10:30:00Z", False),
        ("Moved", "2027-01-06T14:00:00Z", "2027-01-06T14:45:00Z", True)]
    shown = read(api, own)
    assert (value(shown, "meet:meetingkey"), value(shown, "meet:metaData/meet:confName"),
            value(shown, "meet:schedule/meet:startDate"), value(shown, "meet:schedule/meet:duration")) == \
        (str(own), "Moved", "01/06/2027 14:00:00", "45")
    assert (value(shown, "meet:repeat/meet:repeatType"), value(shown, "meet:repeat/meet:isException"),
            value(shown, "meet:repeat/meet:seriesMeetingKey")) == ("NO_REPEAT", "true", str(key))
    whole = read(api, key)
    assert value(whole, "meet:metaData/meet:confName") == "Weekly"
    assert value(whole, "meet:repeat/meet:hasException") == "true"
    listed = api.post(lst_sessions("<recurrence>true</recurrence><dateScope><startDateStart>01/04/2027 00:00:00"
                                   "</startDateStart><startDateEnd>01/10/2027 00:00:00</startDateEnd>"
                                   "</dateScope>")).ok()
    rows = [(n.findtext("{*}sessionKey"), n.findtext("{*}isException"), n.findtext("{*}seriesMeetingKey"))
            for n in listed.all(BODY + "ep:session")]
    assert rows == [(str(key), "false", None), (str(own), "true", str(key))]


def test_set_meeting_with_the_exceptions_key_changes_only_it_and_the_series_key_changes_the_rest(api):
    key = series(api)
    own = int(api.post(exception_of(key, "01/06/2027 10:00:00")).ok().text(BODY + "meet:meetingkey"))
    api.post(set_(f"<meetingkey>{own}</meetingkey><metaData><confName>Moved again</confName></metaData>"
                  "<schedule><startDate>01/07/2027 11:00:00</startDate></schedule>")).ok()
    api.post(set_(f"<meetingkey>{key}</meetingkey><metaData><confName>Renamed</confName></metaData>")).ok()
    assert occurrences(api, key) == [
        ("Renamed", "2027-01-04T10:00:00Z", "2027-01-04T10:30:00Z", False),
        ("Moved again", "2027-01-07T11:00:00Z", "2027-01-07T11:30:00Z", True)]
    assert value(read(api, own), "meet:metaData/meet:confName") == "Moved again"


def test_del_meeting_with_the_exceptions_key_deletes_only_that_occurrence(api):
    key = series(api)
    own = int(api.post(exception_of(key, "01/06/2027 10:00:00")).ok().text(BODY + "meet:meetingkey"))
    api.post(delete(own)).ok()
    assert [row[1] for row in occurrences(api, key)] == ["2027-01-04T10:00:00Z"]
    fails(api.post(get(own)), "060001")
    assert value(read(api, key), "meet:metaData/meet:confName") == "Weekly"


def test_changing_the_series_rule_drops_its_exceptions_and_their_keys(api):
    key = series(api)
    own = int(api.post(exception_of(key, "01/06/2027 10:00:00")).ok().text(BODY + "meet:meetingkey"))
    api.post(set_(f"<meetingkey>{key}</meetingkey><schedule><duration>60</duration></schedule>")).ok()
    assert [row[0] for row in occurrences(api, key)] == ["Weekly", "Weekly"]
    fails(api.post(get(own)), "060001")


def test_is_exception_naming_no_recurring_meeting_makes_a_meeting_of_its_own_noted(api):
    key = series(api)
    once = create(api, content("Once", "01/05/2027 10:00:00", schedule=LONDON))
    for body in (exception_of(once, "01/05/2027 11:00:00"),  # a meeting that does not repeat
                 exception_of(999_999_999 if key != 999_999_999 else 999_999_998, "01/06/2027 10:00:00"),  # none
                 create_meeting(content("X", "01/06/2027 10:00:00",  # no key at all
                                        extra="<repeat><isException>true</isException></repeat>"))):
        made = int(api.post(body).ok().text(BODY + "meet:meetingkey"))
        assert made not in (key, once)
        assert value(read(api, made), "meet:repeat/meet:repeatType") == "NO_REPEAT"
        notes = api.app.state.tenancy.get().journal.entries()[-2].notes
        assert ("assumed-rule", "bodyContent/repeat/seriesMeetingKey") in [(n.code, n.element) for n in notes]
    assert [row[0] for row in occurrences(api, key)] == ["Weekly", "Weekly"]  # the series untouched


def test_an_exception_of_another_hosts_series_is_refused(api):
    key = series(api)
    refused = api.post(create_meeting(content("Moved", "01/06/2027 10:00:00", schedule=LONDON, extra=(
        f"<repeat><isException>true</isException><seriesMeetingKey>{key}</seriesMeetingKey></repeat>")),
        user="alice@acme.com"))
    assert refused.exception_id == "000001"
    assert [row[0] for row in occurrences(api, key)] == ["Weekly", "Weekly"]  # nothing half-made


def test_an_exception_and_its_key_survive_a_restart_with_the_state_file(tmp_path):
    path = tmp_path / "state.db"
    api = Api("asgi", make_app(state_file=str(path)), "")
    key = series(api)
    own = int(api.post(exception_of(key, "01/06/2027 10:00:00")).ok().text(BODY + "meet:meetingkey"))
    api.app.state.state_file.close()
    api = Api("asgi", make_app(state_file=str(path)), "")
    assert value(read(api, own), "meet:repeat/meet:seriesMeetingKey") == str(key)
    created = create(api, content("Next", "01/08/2027 10:00:00"))
    assert created not in (key, own)  # the exception's key is never issued again
    api.app.state.state_file.close()
