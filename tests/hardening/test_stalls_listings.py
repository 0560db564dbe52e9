"""Listings and attendee look-ups cost what they show (issue 20, item 6; docs/security.md "Measured cost of the
worst requests").

Each test fills a site directly in the store (tests/kits/storekit.py) and counts the work one call does -- the
meetings it makes from their held tuples and the meetings' data it decodes -- never seconds, so a loaded machine
cannot flip them. Before the fix, these calls decoded every meeting of the site (or every candidate).
"""

from __future__ import annotations

import pytest
from attendeekit import remove_by_id
from meetingkit import ADMIN
from storekit import counting, fill_store

MEETINGS = 2000


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
