"""The store's per-site indexes beside the start-time ones (mockserver/domain/meetingindex.py) follow every put and
delete: facts, attendees (one contactID in many meetings too) and keys in order."""

from __future__ import annotations

from mockserver.domain import rules
from mockserver.domain.meetingindex import SEP, SEP2, attendee_ids, tracking_code
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


def _facts_through_the_join(meeting: Meeting) -> tuple:
    """facts_of as it read them before it skipped the join: from the whole XML view, placeholders filled."""
    data = meeting.data
    schedule, meta = data.get("schedule") or {}, data.get("metaData") or {}

    def number(value, default=0):
        try:
            return int(str(value)) if len(str(value)) <= 19 else default
        except ValueError:
            return default
    tracking = SEP.join(f"{name}{SEP2}{str(value).casefold()}" for name, value in (data.get("tracking") or {}).items())
    attendees = ((data.get("participants") or {}).get("attendees") or {}).get("attendee", [])
    ids = SEP.join(str(a.get("contactID")) for a in attendees if isinstance(a, dict))
    return meeting.start_ts + number(schedule.get("duration", "0")) * 60, number(meta.get("meetingType"), -1), \
        tracking, ids


def test_facts_read_from_the_blocks_as_held_are_those_of_the_whole_view():
    """facts_of reads a meeting's blocks without filling their placeholders: the duration, the one placeholder it
    reads, is the core's; every other fact is what the filled view gives, for a meeting just made and one read back,
    whatever its duration text."""
    from mockserver.domain import meetingindex
    store = Store.from_sites(load_seed())
    for key, duration in enumerate(("60", "030", "x", "-5", "99999999999999999999", "", "1440"), start=500):
        made = _meeting(key, "7", "8", duration=duration, tracking={"trackingCode1": "Dept", "trackingCode3": "Ü"})
        store.put_meeting(made)
        for meeting in (made, store.get_meeting("acme", key)):
            assert meetingindex.facts_of(meeting) == _facts_through_the_join(meeting), duration
    no_schedule = Meeting(key=600, site="acme", host="hostid@acme.com", uuid="u", mtid="m", guest_token="g",
                          host_key="1", event_id=1, title="t", start_ts=60, zone="UTC", duration=30,
                          xml={"metaData": {"meetingType": "2"}})
    assert meetingindex.facts_of(no_schedule) == _facts_through_the_join(no_schedule) == (60, 2, "", "")
