"""Listings and attendee look-ups cost what they show (issue 20, item 6; docs/security.md "Measured cost of the
worst requests").

Each test fills a site directly in the store (tests/kits/storekit.py) and counts the work one call does -- the
meetings it makes from their held tuples and the meetings' data it decodes -- never seconds, so a loaded machine
cannot flip them. Before the fix, these calls decoded every meeting of the site (or every candidate).
"""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime

import pytest
from attendeekit import lst_sessions, remove_by_id
from meetingkit import ADMIN, BODY, create, listed_keys, lst
from storekit import counting, fill_store
from webex import message

#: more than mockserver.base.chunked.CHUNK, so that sorts go through the chunked path
MEETINGS = 2500


@pytest.fixture
def big(asgi_api):
    """(the in-process api, the keys of MEETINGS meetings on acme, one attendee each)."""
    return asgi_api, fill_store(asgi_api.store, MEETINGS)


def _attendee_of(api, key: int) -> str:
    return api.store.get_meeting("acme", key).data["participants"]["attendees"]["attendee"][0]["contactID"]


def test_del_meeting_attendee_by_an_unknown_id_decodes_no_meeting(big, monkeypatch):
    api, _ = big
    with counting(monkeypatch) as work:
        answer = api.post(remove_by_id(999_999_999, user=ADMIN))
    assert answer.exception_id == "000015"
    assert (work.made, work.decoded) == (0, 0)


def test_del_meeting_attendee_by_id_decodes_only_its_meeting(big, monkeypatch):
    api, keys = big
    attendee = _attendee_of(api, keys[7])
    with counting(monkeypatch) as work:
        api.post(remove_by_id(int(attendee), user=ADMIN)).ok()
    assert work.decoded <= 4 and work.made <= 4, work  # found, checked, changed, stored: never the site
    assert api.store.get_meeting("acme", keys[7]).data["participants"]["attendees"]["attendee"] == []
    assert api.post(remove_by_id(int(attendee), user=ADMIN)).exception_id == "000015"  # the index followed


EVERYTHING = "<listControl><maximumNum>100000</maximumNum></listControl>"
#: name -> (request, the most meetings its answer may show: what it may make and decode)
LISTINGS = {
    "LstsummaryMeeting maximumNum=100000": (lst(EVERYTHING, user=ADMIN), 500),
    "LstsummarySession maximumNum=100000": (lst_sessions(EVERYTHING, user=ADMIN), 500),
    "LstsummaryMeeting dateScope endDateStart": (
        lst("<dateScope><endDateStart>01/05/2027 00:00:00</endDateStart></dateScope>", user=ADMIN), 10),
    "LstsummaryMeeting dateScope start and end, a host's own": (
        lst("<dateScope><startDateStart>01/02/2027 00:00:00</startDateStart><endDateEnd>01/09/2027 00:00:00"
            "</endDateEnd></dateScope>"), 10),
    "LstsummaryMeeting listMethod OR": (
        lst("<listControl><listMethod>OR</listMethod></listControl><hostWebExID>alice@acme.com</hostWebExID>"
            "<dateScope><startDateStart>01/05/2027 00:00:00</startDateStart></dateScope>", user=ADMIN), 10),
    "LstsummaryMeeting orderBy CONFNAME": (lst("<order><orderBy>CONFNAME</orderBy></order>", user=ADMIN), 10),
    "LstsummaryMeeting orderBy HOSTWEBEXID DESC, a deep page": (
        lst("<listControl><startFrom>1000</startFrom><maximumNum>500</maximumNum></listControl>"
            "<order><orderBy>HOSTWEBEXID</orderBy><orderAD>DESC</orderAD></order>", user=ADMIN), 500),
    "LstsummaryMeeting orderBy HOSTNAME, TRACKINGCODE1": (
        lst("<order><orderBy>HOSTNAME</orderBy><orderBy>TRACKINGCODE1</orderBy></order>", user=ADMIN), 10),
    "LstsummarySession confName and sessionTypes": (
        lst_sessions("<confName>Meeting 1</confName><sessionTypes><sessionType>1</sessionType></sessionTypes>",
                     user=ADMIN), 10),
}


@pytest.mark.parametrize("name", list(LISTINGS))
def test_a_listing_decodes_only_the_meetings_it_shows(big, monkeypatch, name):
    api, _ = big
    request, shown = LISTINGS[name]
    with counting(monkeypatch, api.store) as work:
        api.post(request).ok()
    assert work.decoded <= shown and work.made <= shown, work  # before: every meeting of the site (or candidate)
    assert work.decoded_locked == 0 and work.made_locked <= shown, work  # never a walk under the store's lock


def test_an_order_after_a_change_decodes_only_the_page(big, monkeypatch):
    api, _ = big
    confname = lst("<order><orderBy>CONFNAME</orderBy><orderAD>DESC</orderAD></order>", user=ADMIN)
    api.post(confname).ok()
    create(api)
    with counting(monkeypatch, api.store) as work:
        answer = api.post(confname).ok()
    assert work.decoded <= 10 and work.made <= 10, work
    everything = sorted(api.store.site_meetings("acme"), key=lambda m: (m.start_ts, m.key))
    expected = sorted(everything, key=lambda m: m.title.casefold(), reverse=True)  # stable: ties by start
    assert listed_keys(answer) == [m.key for m in expected[:10]]


def test_filters_and_orders_answer_as_a_walk_of_every_meeting_would(big):
    """The indexes give the answers decoding every meeting gives (the end instant, topic prefix, meeting type)."""
    api, _ = big
    answer = api.post(lst_sessions("<confName>meeting 12</confName><dateScope><endDateStart>01/10/2027 00:00:00"
                                   "</endDateStart></dateScope><listControl><maximumNum>500</maximumNum>"
                                   "</listControl><order><orderBy>HOSTWEBEXID</orderBy><orderAD>DESC</orderAD>"
                                   "</order>", user=ADMIN)).ok()
    bound = datetime(2027, 1, 10, tzinfo=UTC).timestamp()
    everything = sorted(api.store.site_meetings("acme"), key=lambda m: (m.start_ts, m.key))
    found = [m for m in everything if m.data["metaData"]["confName"].lower().startswith("meeting 12")
             and m.start_ts + int(m.data["schedule"]["duration"]) * 60 >= bound]
    found.sort(key=lambda m: m.host.lower(), reverse=True)
    assert [int(k.text) for k in answer.all(BODY + "ep:session/ep:sessionKey")] == [m.key for m in found]


@pytest.mark.parametrize("listing", [lst(user=ADMIN), lst_sessions(user=ADMIN),
                                     message("user.LstsummaryUser", user=ADMIN)],
                         ids=["LstsummaryMeeting", "LstsummarySession", "LstsummaryUser"])
def test_listings_run_off_the_event_loop_whatever_their_size(asgi_api, listing):
    seen, handle = [], asgi_api.app.state.service.handle

    def recording(*args, **kwargs):
        outcome = handle(*args, **kwargs)
        seen.append((threading.current_thread(), outcome.elsewhere))
        return outcome
    asgi_api.app.state.service.handle = recording
    create(asgi_api)
    asgi_api.post(listing).ok()
    (create_thread, _), (asked_inline, elsewhere), (listed_in, _) = seen
    assert asked_inline is create_thread and elsewhere  # read on the loop, not run there
    assert listed_in is not create_thread


END_SCOPES = [
    "<endDateStart>01/05/2027 00:00:00</endDateStart>",
    "<endDateEnd>01/05/2027 00:00:00</endDateEnd>",
    "<startDateStart>01/03/2027 00:00:00</startDateStart><endDateEnd>01/03/2027 12:00:00</endDateEnd>",
    "<startDateEnd>01/09/2027 00:00:00</startDateEnd><endDateStart>01/08/2027 23:00:00</endDateStart>",
    "<endDateStart>01/06/2027 10:00:00</endDateStart><endDateEnd>01/06/2027 11:00:00</endDateEnd>",
]


@pytest.mark.parametrize("descending", [False, True], ids=["ASC", "DESC"])
@pytest.mark.parametrize("scope", END_SCOPES)
def test_an_end_date_range_answers_as_a_walk_of_every_meeting_would(big, scope, descending):
    """End-date bounds are start-date bounds give or take the site's shortest and longest meeting: only the
    meetings near a bound are checked, and the page is the one checking every meeting gives."""
    api, _ = big
    api.store.put_meeting(api.store.get_meeting("acme", big[1][0]).replaced(data={  # one that lasts 0 minutes
        **api.store.get_meeting("acme", big[1][0]).data, "schedule": {
            **api.store.get_meeting("acme", big[1][0]).data["schedule"], "duration": "0"}}))
    order = "<order><orderBy>STARTTIME</orderBy><orderAD>DESC</orderAD></order>" if descending else ""
    answer = api.post(lst(f"<dateScope><timeZoneID>21</timeZoneID>{scope}</dateScope><listControl><startFrom>3"
                          f"</startFrom><maximumNum>500</maximumNum></listControl>{order}", user=ADMIN))
    bounds = {name: datetime.strptime(value, "%m/%d/%Y %H:%M:%S").replace(tzinfo=UTC).timestamp()
              for name, value in re.findall(r"<(\w+)>([^<]+)</\1>", scope)}

    def inside(meeting) -> bool:
        end = meeting.start_ts + int(meeting.data["schedule"]["duration"]) * 60
        return (bounds.get("startDateStart", -1e12) <= meeting.start_ts <= bounds.get("startDateEnd", 1e12)
                and bounds.get("endDateStart", -1e12) <= end <= bounds.get("endDateEnd", 1e12))
    everything = sorted(api.store.site_meetings("acme"), key=lambda m: (m.start_ts, m.key), reverse=descending)
    found = [m.key for m in everything if inside(m)]
    if len(found) < 3:
        assert answer.exception_id == "000015"
        return
    assert listed_keys(answer.ok()) == found[2:502]
    assert int(answer.text(BODY + "meet:matchingRecords/serv:total")) == len(found)
