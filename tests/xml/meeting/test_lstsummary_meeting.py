"""LstsummaryMeeting: scope, filters, order, paging, errors (reference 7)."""

from __future__ import annotations

import pytest
from meetingkit import (
    ADMIN,
    ALICE,
    BODY,
    HOST,
    content,
    create,
    delete,
    fails,
    listed_keys,
    local_names,
    lst,
    records,
    set_,
    value,
)

SUMMARY = ["meetingKey", "meetingUUID", "confName", "meetingType", "hostWebExID", "otherHostWebExID", "timeZoneID",
           "timeZone", "status", "startDate", "duration", "listStatus", "hostJoined", "participantsJoined",
           "telePresence"]


@pytest.fixture
def five(api):
    """E, C, B, D, A in start-instant order; C, B, A are hostid's, D alice's, E the admin's."""
    keys = {
        "A": create(api, content("Bravo", "12/02/2026 09:00:00")),                        # 17:00Z Dec 2
        "B": create(api, content("alpha", "12/01/2026 10:00:00")),                        # 18:00Z Dec 1
        "C": create(api, content("Charlie", "12/01/2026 08:00:00", schedule="<timeZoneID>11</timeZoneID>",
                                 extra="<accessControl><listToPublic>false</listToPublic></accessControl>"
                                       "<tracking><trackingCode1>Z</trackingCode1></tracking>")),  # 13:00Z Dec 1
        "D": create(api, content("Delta", "12/01/2026 12:00:00"), user=ALICE),            # 17:00Z Dec 1 (ET host)
        "E": create(api, content("echo", "11/30/2026 23:00:00", schedule="<timeZoneID>21</timeZoneID>"),
                    user=ADMIN),                                                         # 23:00Z Nov 30
    }
    return keys


def names(keys: dict[str, int], answer) -> str:
    back = {key: name for name, key in keys.items()}
    return "".join(back[key] for key in listed_keys(answer))


def listing(api, keys, body: str = "", **kw) -> str:
    return names(keys, api.post(lst(body, **kw)).ok())


def control(start: int | None = None, maximum: int | None = None, method: str | None = None) -> str:
    parts = [f"<startFrom>{start}</startFrom>" if start is not None else "",
             f"<maximumNum>{maximum}</maximumNum>" if maximum is not None else "",
             f"<listMethod>{method}</listMethod>" if method else ""]
    return "<listControl>" + "".join(parts) + "</listControl>"


def test_a_host_sees_own_meetings_in_start_order(api, five):
    answer = api.post(lst()).ok()
    assert names(five, answer) == "CBA"
    assert records(answer) == (3, 3, 1)
    item = answer.all(BODY + "meet:meeting")[0]
    assert local_names(item) == SUMMARY
    assert value(answer, "meet:meeting/meet:listStatus") == "PRIVATE"
    assert value(answer, "meet:meeting/meet:otherHostWebExID") == HOST
    assert value(answer, "meet:meeting/meet:status") == "NOT_INPROGRESS"
    assert value(answer, "meet:meeting/meet:timeZoneID") == "11"
    assert [n.text for n in answer.all(BODY + "meet:meeting/meet:listStatus")] == ["PRIVATE", "PUBLIC", "PUBLIC"]


def test_admin_sees_every_host_or_the_one_named(api, five):
    assert listing(api, five, user=ADMIN) == "ECDBA"
    assert listing(api, five, "<hostWebExID>ALICE@acme.com</hostWebExID>", user=ADMIN) == "D"
    fails(api.post(lst("<hostWebExID>nobody@acme.com</hostWebExID>", user=ADMIN)), "000015")


def test_a_host_may_name_only_themself(api, five):
    assert listing(api, five, f"<hostWebExID>{HOST}</hostWebExID>") == "CBA"
    fails(api.post(lst(f"<hostWebExID>{ALICE}</hostWebExID>")), "000001")


@pytest.mark.parametrize("start, maximum, expected, numbers", [
    (2, 2, "CD", (5, 2, 2)), (5, 10, "A", (5, 1, 5)), (0, 1, "E", (5, 1, 1)), (None, None, "ECDBA", (5, 5, 1)),
])
def test_paging(api, five, start, maximum, expected, numbers):
    answer = api.post(lst(control(start, maximum), user=ADMIN)).ok()
    assert names(five, answer) == expected
    assert records(answer) == numbers


def test_past_the_end_and_bad_maximum(api, five):
    answer = api.post(lst(control(6, 10), user=ADMIN))
    fails(answer, "000015")
    assert answer.reason == "Sorry, no record found"
    fails(api.post(lst(control(1, 0), user=ADMIN)), "999999")


def test_nothing_to_list_is_no_record_found(api):
    answer = api.post(lst())
    fails(answer, "000015")
    assert answer.reason == "Sorry, no record found"


@pytest.mark.parametrize("order, expected", [
    ("<orderBy>CONFNAME</orderBy>", "BACDE"),
    ("<orderBy>CONFNAME</orderBy><orderAD>DESC</orderAD>", "EDCAB"),
    ("<orderBy>STARTTIME</orderBy><orderAD>DESC</orderAD>", "ABDCE"),
    ("<orderBy>TRACKINGCODE1</orderBy>", "EDBAC"),
    ("<orderBy>HOSTWEBEXID</orderBy><orderAD>ASC</orderAD><orderBy>CONFNAME</orderBy><orderAD>DESC</orderAD>",
     "EDCAB"),
    ("<orderBy>HOSTWEBEXID</orderBy><orderBy>CONFNAME</orderBy><orderAD>ASC</orderAD><orderAD>DESC</orderAD>",
     "EDCAB"),
    ("<orderBy>HOSTWEBEXID</orderBy><orderAD>DESC</orderAD><orderBy>STARTTIME</orderBy>", "CBADE"),
])
def test_order(api, five, order, expected):
    assert listing(api, five, f"<order>{order}</order>", user=ADMIN) == expected


def test_date_scope_read_in_its_time_zone(api, five):
    def scope(low: str, high: str, zone: str = "", kind: str = "start") -> str:
        return (f"<dateScope><{kind}DateStart>{low}</{kind}DateStart><{kind}DateEnd>{high}</{kind}DateEnd>"
                f"{zone}</dateScope>")

    eight = "12/01/2026 08:00:00"
    assert listing(api, five, scope(eight, eight, "<timeZoneID>11</timeZoneID>"), user=ADMIN) == "C"
    fails(api.post(lst(scope(eight, eight, "<timeZoneID>4</timeZoneID>"), user=ADMIN)), "000015")
    five_am = "12/01/2026 05:00:00"  # = 08:00 Eastern in the caller's (hostid's) Pacific zone
    assert listing(api, five, scope(five_am, five_am)) == "C"
    day = scope("12/01/2026 00:00:00", "12/01/2026 23:59:59", "<timeZoneID>21</timeZoneID>")
    assert listing(api, five, day, user=ADMIN) == "CDB"
    latest_first = "<order><orderBy>STARTTIME</orderBy><orderAD>DESC</orderAD></order>"
    assert listing(api, five, day + latest_first + control(2, 5), user=ADMIN) == "DC"
    ends = scope("12/01/2026 19:00:00", "12/01/2026 19:00:00", "<timeZoneID>21</timeZoneID>", kind="end")
    assert listing(api, five, ends, user=ADMIN) == "B"


def test_meeting_key_filter_and_list_method(api, five):
    assert listing(api, five, f"<meetingKey>{five['D']}</meetingKey>", user=ADMIN) == "D"
    fails(api.post(lst(f"<meetingKey>{five['D']}</meetingKey>")), "000015")
    either = f"<meetingKey>{five['E']}</meetingKey><hostWebExID>{ALICE}</hostWebExID>"
    assert listing(api, five, control(method="OR") + either, user=ADMIN) == "ED"
    fails(api.post(lst(control(method="AND") + either, user=ADMIN)), "000015")
    at_one = ("<dateScope><startDateStart>12/01/2026 13:00:00</startDateStart>"
              "<startDateEnd>12/01/2026 13:00:00</startDateEnd><timeZoneID>21</timeZoneID></dateScope>")
    assert listing(api, five, control(method="OR") + at_one + f"<meetingKey>{five['A']}</meetingKey>") == "CA"
    latest_first = "<order><orderBy>STARTTIME</orderBy><orderAD>DESC</orderAD></order>"
    assert listing(api, five, control(method="OR") + at_one + latest_first
                   + f"<meetingKey>{five['A']}</meetingKey>") == "AC"


def test_changes_are_seen_by_the_next_listing(api, five):
    by_name = "<order><orderBy>CONFNAME</orderBy></order>"
    assert listing(api, five, by_name) == "BAC"
    api.post(set_(f"<meetingkey>{five['B']}</meetingkey><metaData><confName>Zulu</confName></metaData>"
                  "<schedule><startDate>12/03/2026 10:00:00</startDate></schedule>")).ok()
    assert listing(api, five, by_name) == "ACB"
    assert listing(api, five) == "CAB"
    api.post(delete(five["A"])).ok()
    assert listing(api, five, by_name) == "CB"
    assert listing(api, five) == "CB"


def test_paging_through_many_meetings(asgi_api):
    api = asgi_api
    first = api.store.get_meeting("acme", create(api, content("m", "01/01/2027 00:00:00")))
    for number in range(1, 240):
        data = dict(first.data, schedule=dict(first.data["schedule"],
                                              startDate=f"01/{1 + number % 28:02d}/2027 {number % 24:02d}:00:00"),
                    metaData=dict(first.data["metaData"], confName=f"m{(number * 7919) % 240:03d}"))
        api.store.put_meeting(first.replaced(key=api.store.new_meeting_key(), data=data))
    expected = [m.key for m in sorted(api.store.site_meetings("acme"), key=lambda m: (m.start_ts, m.key))]
    for order, wanted in (("", expected), ("<order><orderAD>DESC</orderAD><orderBy>STARTTIME</orderBy></order>",
                                           expected[::-1])):
        seen: list[int] = []
        while len(seen) < len(expected):
            answer = api.post(lst(order + control(len(seen) + 1, 37))).ok()
            assert records(answer)[0] == 240
            seen += listed_keys(answer)
        assert seen == wanted
    by_name = api.post(lst("<order><orderBy>CONFNAME</orderBy></order>" + control(1, 300))).ok()
    confnames = [n.text for n in by_name.all(BODY + "meet:meeting/meet:confName")]
    assert confnames == sorted(confnames) and len(confnames) == 240
