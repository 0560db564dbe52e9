"""Trust, round 2 (issue 20): what the state file costs stays bounded, counted in work, never in seconds.

* A meeting holds at most 1,000 attendees (the documented default of ``maxInviteesNumberForMC``), and adding one
  writes one attendee row, whatever the meeting holds already (a schema change: an older database still opens).
* A meeting loaded from the file is held as compactly as one created by a call, and loading never holds every
  meeting's JSON at once.
* The write-ahead log stays bounded under a stream of commits, is emptied at start; expired tickets leave the file.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import sqlite3
import sys
import tracemalloc
from pathlib import Path

from adminkit import Admin, create
from apikit import Api, make_app
from attendeekit import invite, meeting_emails
from statekit import count_rows
from webex import create_meeting, message, sample

from mockserver.controls.tenancy import Tenancy
from mockserver.domain.attendees import MAX_ATTENDEES
from mockserver.domain.records import Meeting
from mockserver.domain.sites import load_seed_dicts
from mockserver.persistence.database import WAL_SIZE_LIMIT
from mockserver.persistence.statefile import StateFile

SAMPLES = Path(__file__).parents[1] / "samples"


def backed(path) -> Api:
    return Api("asgi", make_app(state_file=str(path)), "")


def fill_attendees(api: Api, key: int, count: int) -> None:
    """Give meeting ``key`` ``count`` attendees, straight in the store (committed)."""
    def change(old: Meeting) -> Meeting:
        data = old.data
        listed = data["participants"]["attendees"]["attendee"]
        listed.extend({"person": {"email": f"guest{n}@example.com", "type": "VISITOR"},
                       "contactID": str(300_000_000 + n), "joinStatus": "INVITE", "language": "ENGLISH",
                       "role": "ATTENDEE", "languageID": "1", "meetingKey": str(key)}
                      for n in range(len(listed), count))
        return old.replaced(data=data)
    api.store.update_meeting("acme", key, change)
    api.app.state.tenancy.on_change()


# -- 9. attendees: bounded, and an add is one row -----------------------------------------------------------------


def test_a_meeting_holds_at_most_the_documented_number_of_attendees(tmp_path):
    api = backed(tmp_path / "state.db")
    key = create(api)
    fill_attendees(api, key, MAX_ATTENDEES - 1)
    api.post(invite(key, "last@example.com")).ok()
    refused = api.post(invite(key, "one-more@example.com"))
    assert (refused.result, refused.exception_id) == ("FAILURE", "060036")
    assert refused.reason == ("The number of invitees exceeds the maximum of the meeting: 1001 attendees, at most "
                              "1000 a meeting")
    assert len(api.store.get_meeting("acme", key).data["participants"]["attendees"]["attendee"]) == MAX_ATTENDEES
    people = "".join(f"<attendee><person><email>p{n}@example.com</email></person></attendee>" for n in range(1001))
    big = create_meeting(f"<metaData><confName>Big</confName></metaData><participants><attendees>{people}"
                         "</attendees></participants>")
    assert api.post(big).exception_id == "060036"
    api.app.state.state_file.close()


def _bytes_of_one_add(api: Api, key: int, email: str) -> int:
    """The bytes of the statements the state file runs for one CreateMeetingAttendee (values included)."""
    written: list[int] = []
    conn = api.app.state.state_file.db.conn
    conn.set_trace_callback(lambda statement: written.append(len(statement)))
    try:
        api.post(invite(key, email)).ok()
    finally:
        conn.set_trace_callback(None)
    return sum(written)


def test_adding_an_attendee_writes_as_much_at_1000_attendees_as_at_10(tmp_path):
    api = backed(tmp_path / "state.db")
    few, many = create(api, name="Few"), create(api, name="Many")
    fill_attendees(api, few, 10)
    fill_attendees(api, many, MAX_ATTENDEES - 2)
    at_few, at_many = _bytes_of_one_add(api, few, "new@example.com"), _bytes_of_one_add(api, many, "new@example.com")
    assert at_many < at_few + 1024, (at_few, at_many)  # was 45x: the whole meeting rewritten with every attendee
    # and the file holds what memory holds
    api.app.state.state_file.close()
    again = backed(tmp_path / "state.db")
    emails = meeting_emails(again.post(message("meeting.GetMeeting", f"<meetingKey>{many}</meetingKey>")).ok())
    assert len(emails) == MAX_ATTENDEES - 1 and emails[-1] == "new@example.com" and emails[0] == "guest0@example.com"
    again.post(message("attendee.DelMeetingAttendee", f"<attendeeEmail><email>guest5@example.com</email>"
                                                      f"<sessionKey>{many}</sessionKey></attendeeEmail>")).ok()
    assert count_rows(tmp_path / "state.db", "attendees") == 11 + MAX_ATTENDEES - 2
    again.app.state.state_file.close()
    third = backed(tmp_path / "state.db")
    emails = meeting_emails(third.post(message("meeting.GetMeeting", f"<meetingKey>{many}</meetingKey>")).ok())
    assert len(emails) == MAX_ATTENDEES - 2 and "guest5@example.com" not in emails and emails[5] == "guest6@example.com"
    third.app.state.state_file.close()


def test_a_database_written_before_attendee_rows_opens_and_keeps_its_attendees(tmp_path):
    path = tmp_path / "state.db"
    with sqlite3.connect(path) as conn:  # written by the server as it was (one row a meeting, attendees inside)
        conn.executescript((SAMPLES / "state-before-attendee-rows.sql").read_text())
    conn.close()
    key = 52287499831
    api = backed(path)
    get = message("meeting.GetMeeting", f"<meetingKey>{key}</meetingKey>")
    assert meeting_emails(api.post(get).ok()) == ["ann@example.com", "bob@example.com"]
    api.post(invite(key, "carol@example.com")).ok()
    assert count_rows(path, "attendees") == 3
    api.app.state.state_file.close()
    again = backed(path)
    assert meeting_emails(again.post(get).ok()) == ["ann@example.com", "bob@example.com", "carol@example.com"]
    again.app.state.state_file.close()


# -- 13. a loaded meeting is as compact as a created one ----------------------------------------------------------


def _held_bytes(store) -> float:
    """Bytes the store's meeting records hold, per meeting (each object counted once: shared names are free)."""
    seen: dict[int, int] = {}
    held = [record for by_key in store.meetings.values() for record in by_key.values()]
    for record in held:
        seen[id(record)] = sys.getsizeof(record)
        for part in record:
            seen.setdefault(id(part), sys.getsizeof(part))
    return sum(seen.values()) / len(held)


def test_a_meeting_loaded_from_the_file_is_held_as_compactly_as_one_created_by_a_call(tmp_path):
    path = tmp_path / "state.db"
    api = backed(path)
    service, store = api.app.state.service, api.store
    for _ in range(300):
        service.handle(sample("seed-createmeeting-request.xml"), "text/xml", store)
    api.app.state.tenancy.on_change()
    live = _held_bytes(store)
    api.app.state.state_file.close()
    tenancy = Tenancy(load_seed_dicts(None))
    gc.collect()
    tracked = len(gc.get_objects())
    tracemalloc.start()
    try:
        state_file = StateFile(path)
        state_file.load(tenancy)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    state_file.close()
    loaded_store = tenancy.get().store
    loaded = _held_bytes(loaded_store)
    gc.collect()
    assert loaded < 1.1 * live, (live, loaded)  # was 1.5x: each loaded meeting deflated against another form
    assert peak / 300 < 3 * live, (peak / 300, live)  # was 18x: every meeting's JSON read at once
    assert (len(gc.get_objects()) - tracked) / 300 < 0.5  # no object the collector tracks per meeting


# -- 14. the write-ahead log and the tickets -----------------------------------------------------------------------


def test_the_write_ahead_log_stays_bounded_under_a_stream_of_commits(tmp_path):
    path = tmp_path / "state.db"
    api = backed(path)
    body, service, tenancy = message("user.AuthenticateUser").encode(), api.app.state.service, api.app.state.tenancy
    wal, largest = Path(f"{path}-wal"), 0
    for n in range(3000):
        service.handle(body, "text/xml", api.store)
        tenancy.on_change()
        if n % 100 == 99:
            largest = max(largest, wal.stat().st_size)
    assert count_rows(path, "tickets") == 3000
    assert largest < 2 * WAL_SIZE_LIMIT, largest  # was 60 MB (and 206 MB after 30,000)
    api.app.state.state_file.close()


def test_a_left_write_ahead_log_is_emptied_at_start_and_expired_tickets_leave_the_file(tmp_path):
    path = tmp_path / "state.db"
    api = backed(path)
    Admin(api).patch("/_mock/sites/acme/settings", json={"ticketLifetime": 1})
    for _ in range(5):
        api.post(message("user.AuthenticateUser")).ok()
    api.app.state.state_file.close()
    writer = sqlite3.connect(path, isolation_level=None)  # a server killed with its log full: copied while open
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    for created in range(1000, 1150):  # many commits; the last leaves the tickets expired long ago
        for value, data in writer.execute("SELECT value, data FROM tickets").fetchall():
            writer.execute("UPDATE tickets SET data = ? WHERE value = ?", (json.dumps({**json.loads(data),
                                                                                     "created_ms": created}), value))
    copy = tmp_path / "copy.db"
    shutil.copy(path, copy)
    shutil.copy(f"{path}-wal", f"{copy}-wal")
    writer.close()
    left = os.path.getsize(f"{copy}-wal")
    assert left > 1_000_000 and count_rows(copy, "tickets") == 5
    again = backed(copy)
    assert os.path.getsize(f"{copy}-wal") < 64 * 1024, left  # was kept whole (206 MB after 30,000 sign-ins)
    assert count_rows(copy, "tickets") == 0 and again.store.tickets == {}  # were kept until memory swept them
    again.app.state.state_file.close()
