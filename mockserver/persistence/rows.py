"""Writing the state database's rows (inside :meth:`Database.transaction`), and reading from memory the rows a
namespace's noted changes touched.

A meeting is two kinds of row: the meeting without its attendees (its attendee list left empty) and one row per
attendee. Writing a meeting writes its row only when it changed, and makes its attendee rows what memory holds by
keeping the rows that still match in order, deleting the others and appending the new ones: adding an attendee
writes one row, whatever the meeting held already.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from typing import Any

from ..domain.attendees import attendee_list
from ..domain.changes import CLOCK, HAPPENINGS, RECORDINGS, WEBHOOKS, Changes
from ..domain.clock import MockClock
from ..domain.store import Store
from .database import BLOB_TABLES, TABLES, Data, Rows, dumps


def write_namespace(conn: sqlite3.Connection, name: str, data: Data | None) -> None:
    """Replace a namespace's rows by ``data`` (a state document's namespace), or delete them (None)."""
    for table in TABLES:
        column = "name" if table == "namespaces" else "namespace"
        conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (name,))
    if data is None:
        return
    conn.execute("INSERT INTO namespaces VALUES (?)", (name,))
    users = {site["siteName"].lower(): site.get("users", []) for site in data["sites"]}
    _put_sites(conn, name, data["sites"], users)
    attendees: list[AttendeeRow] = []
    conn.executemany("INSERT INTO meetings VALUES (?, ?, ?, ?, ?)",
                     (_meeting_row(name, meeting, attendees) for meeting in data["meetings"]))
    conn.executemany("INSERT INTO attendees VALUES (?, ?, ?, ?)", attendees)
    conn.executemany("INSERT OR IGNORE INTO used_keys VALUES (?, ?)", ((name, key) for key in data["usedKeys"]))
    _put_tickets(conn, name, data["tickets"])
    for table, part in zip(BLOB_TABLES, ("clock", "happenings", "recordings", "webhooks"), strict=True):
        if data.get(part) is not None:
            _put_blob(conn, table, name, data[part])


def write_rows(conn: sqlite3.Connection, name: str, rows: Rows) -> None:
    """Write one namespace's changed rows."""
    if rows.sites is not None:
        conn.execute("DELETE FROM sites WHERE namespace = ?", (name,))
        for site in rows.site_users:
            conn.execute("DELETE FROM users WHERE namespace = ? AND site = ?", (name, site))
        _put_sites(conn, name, rows.sites, rows.site_users)
    for (site, user), data in rows.users.items():
        if data is None:
            conn.execute("DELETE FROM users WHERE namespace = ? AND site = ? AND user = ?", (name, site, user))
        else:
            conn.execute("INSERT INTO users VALUES (?, ?, ?, ?) ON CONFLICT (namespace, site, user) "
                         "DO UPDATE SET data = excluded.data", (name, site, user, dumps(data)))
    for (site, key), meeting in rows.meetings.items():
        if meeting is None:
            conn.execute("DELETE FROM meetings WHERE namespace = ? AND site = ? AND key = ?", (name, site, key))
            conn.execute("DELETE FROM attendees WHERE namespace = ? AND site = ? AND key = ?", (name, site, key))
        else:
            _put_meeting(conn, name, meeting)
    conn.executemany("INSERT OR IGNORE INTO used_keys VALUES (?, ?)", ((name, k) for k in rows.used_keys))
    if rows.all_tickets is not None:
        conn.execute("DELETE FROM tickets WHERE namespace = ?", (name,))
        _put_tickets(conn, name, rows.all_tickets)
    for value, ticket in rows.tickets.items():
        if ticket is None:
            conn.execute("DELETE FROM tickets WHERE namespace = ? AND value = ?", (name, value))
        else:
            conn.execute("INSERT INTO tickets VALUES (?, ?, ?) ON CONFLICT (namespace, value) "
                         "DO UPDATE SET data = excluded.data", (name, value, dumps(ticket)))
    for table, part in zip(BLOB_TABLES, (rows.clock, rows.happenings, rows.recordings, rows.webhooks), strict=True):
        if part is not None:
            _put_blob(conn, table, name, part)


def _put_blob(conn: sqlite3.Connection, table: str, name: str, data: Data) -> None:
    """A namespace's row of one of :data:`BLOB_TABLES` (its clock, happenings, recordings or webhooks)."""
    conn.execute(f"INSERT INTO {table} VALUES (?, ?) ON CONFLICT (namespace) DO UPDATE SET data = excluded.data",
                 (name, dumps(data)))


def _put_meeting(conn: sqlite3.Connection, name: str, meeting: Data) -> None:
    """A meeting's row (written only if it changed) and its attendee rows (only the ones that changed)."""
    attendees: list[AttendeeRow] = []
    row = _meeting_row(name, meeting, attendees)
    conn.execute("INSERT INTO meetings VALUES (?, ?, ?, ?, ?) ON CONFLICT (namespace, site, key) DO UPDATE SET "
                 "start_ts = excluded.start_ts, data = excluded.data "
                 "WHERE start_ts != excluded.start_ts OR data != excluded.data", row)
    wanted = [text for *_, text in attendees]
    kept, gone = 0, []
    for rowid, text in conn.execute("SELECT rowid, data FROM attendees WHERE namespace = ? AND site = ? AND key = ? "
                                    "ORDER BY rowid", row[:3]):
        if kept < len(wanted) and text == wanted[kept]:
            kept += 1
        else:
            gone.append((rowid,))
    conn.executemany("DELETE FROM attendees WHERE rowid = ?", gone)
    conn.executemany("INSERT INTO attendees VALUES (?, ?, ?, ?)", attendees[kept:])


AttendeeRow = tuple[str, str, int, str]


def _meeting_row(name: str, meeting: Data, attendees: list[AttendeeRow]) -> tuple[str, str, int, int, str]:
    """A meeting's row, its attendees left out (appended to ``attendees`` as rows). ``meeting`` is changed."""
    site, key = meeting["site"], meeting["key"]
    found = attendee_list(meeting.get("xml") or {})
    if found:
        attendees.extend((name, site, key, dumps(attendee)) for attendee in found)
        found.clear()
    return name, site, key, int(meeting.get("start_ts") or 0), dumps(meeting)


def _put_sites(conn: sqlite3.Connection, name: str, sites: list[Data], users: dict[str, list[Data]]) -> None:
    """Insert every site (without its users) and the users given for some of them."""
    conn.executemany("INSERT INTO sites VALUES (?, ?, ?)", (
        (name, site["siteName"].lower(), dumps({k: v for k, v in site.items() if k != "users"})) for site in sites))
    conn.executemany("INSERT INTO users VALUES (?, ?, ?, ?)", (
        (name, site, user["webExId"].lower(), dumps(user)) for site, listed in users.items() for user in listed))


def _put_tickets(conn: sqlite3.Connection, name: str, tickets: list[Data]) -> None:
    conn.executemany("INSERT INTO tickets VALUES (?, ?, ?)",
                     ((name, ticket["value"], dumps(ticket)) for ticket in tickets))


def changed_rows(store: Store, changes: Changes) -> Rows:
    """The rows a store's noted changes touched, as memory has them now (read under the store's lock)."""
    with store.lock:
        taken = changes.take()
        rows = Rows(used_keys=taken.used_keys)
        for site, key in taken.meetings:
            meeting = store.get_meeting(site, key)
            rows.meetings[(site, key)] = meeting.to_dict() if meeting is not None else None
            if meeting is not None:
                rows.used_keys.add(key)
        for site_key, user_key in taken.users:
            holder = store.sites.get(site_key)
            user = holder.users.get(user_key) if holder is not None else None
            rows.users[(site_key, user_key)] = plain(user) if user is not None else None
        if taken.sites:
            rows.sites = [site.to_dict() for site in store.all_sites()]
            rows.site_users = {key: [plain(u) for u in store.sites[key].users.values()]
                               if key in store.sites else [] for key in taken.sites}
        if taken.all_tickets:
            rows.all_tickets = [plain(t) for t in store.tickets.values()]
        for value in taken.tickets:
            ticket = store.ticket(value)
            rows.tickets[value] = plain(ticket) if ticket is not None else None
        if CLOCK in taken.parts and isinstance(store.clock, MockClock):
            rows.clock = store.clock.state()
        if HAPPENINGS in taken.parts:
            rows.happenings = store.happenings.state()
        if RECORDINGS in taken.parts:
            rows.recordings = store.recordings.state()
        if WEBHOOKS in taken.parts:
            rows.webhooks = store.webhooks.state()
        return rows


def plain(record: Any) -> Data:
    data: Data = dataclasses.asdict(record)
    return data
