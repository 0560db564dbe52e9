"""The store's per-site indexes beside the start-time ones (mockserver/domain/meetingindex.py) follow every put and
delete: facts, attendees (one contactID in many meetings too) and keys in order."""

from __future__ import annotations

from mockserver.domain import rules
from mockserver.domain.meetingindex import attendee_ids, tracking_code
from mockserver.domain.records import Meeting
from mockserver.domain.sites import load_seed
from mockserver.domain.store import Store


def _meeting(key: int, *contacts: str, duration: str = "60", tracking: dict | None = None) -> Meeting:
    site = load_seed()[0]
    data, _ = rules.new_meeting({"metaData": {"confName": f"m{key}", "meetingType": "3"},
                                 "schedule": {"startDate": "01/01/2027 10:00:00", "duration": "60"}},
                                site, site.user("hostid@acme.com"), lambda: 1, 0)  # a whole meeting, as stored
    data["schedule"]["duration"] = duration
    data["participants"] = {"attendees": {"attendee": [{"contactID": c} for c in contacts]}}
    data["tracking"] = tracking or {}
    return Meeting.from_blocks(data, key=key, site="acme", host="hostid@acme.com", uuid="u", mtid="m",
                               guest_token="g", host_key="1", event_id=1)


def test_indexes_follow_puts_and_deletes():
    store = Store.from_sites(load_seed())
    index = store.indexes
    for key in (300, 100, 200):
        store.put_meeting(_meeting(key, "7", f"{key}1"))
    assert index.with_attendee("acme", "7") == (100, 200, 300)
    assert index.with_attendee("acme", "1001") == (100,)
    assert list(index.in_key_order("acme")) == [(100, 0), (200, 0), (300, 0)]
    facts = index.site_facts("acme")[100]
    assert facts[0] == store.get_meeting("acme", 100).start_ts + 3600 and facts[1] == 3

    store.delete_meeting("acme", 200)
    changed = _meeting(300, "8", duration="x", tracking={"trackingCode2": "AbC"})
    store.put_meeting(store.get_meeting("acme", 300).replaced(data=changed.data))
    assert index.with_attendee("acme", "7") == (100,)
    assert index.with_attendee("acme", "8") == (300,)
    assert index.with_attendee("acme", "2001") == ()
    assert list(index.in_key_order("acme")) == [(100, 0), (300, 0)]
    facts = index.site_facts("acme")[300]
    assert facts[0] == store.get_meeting("acme", 300).start_ts and facts[1] == 3  # a duration "x" counts as 0
    assert (tracking_code(facts, "trackingCode2"), tracking_code(facts, "trackingCode1")) == ("abc", "")
    assert attendee_ids(facts) == ["8"]
    store.remove_site("acme")
    assert index.with_attendee("acme", "7") == () and list(index.in_key_order("acme")) == []
    assert index.site_facts("acme") == {}
