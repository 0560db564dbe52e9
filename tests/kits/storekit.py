"""A store with many meetings, built directly (no HTTP, no XML), and counters of the work a call does on it.

For the stall tests (tests/hardening/test_stalls_*.py) and ``benchmarks/bench_hostile.py``: a listing or an admin
read must cost what it shows, so the tests count the meetings a call decodes (``Meeting.from_held`` and the
``Meeting.data`` decodes), never seconds.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from mockserver.domain import records, rules
from mockserver.domain.records import Meeting
from mockserver.domain.sites import User
from mockserver.domain.store import Store

HOSTS = ("hostid@acme.com", "alice@acme.com", "admin@acme.com")
BEGIN = datetime(2027, 1, 1, 8, 0, 0)
#: the first contactID fill_store gives an attendee
CONTACT = 500_000_000


def fill_store(store: Store, count: int, site: str = "acme", seed: int = 7, attendees: int = 1) -> list[int]:
    """Add ``count`` meetings to ``site``: hosts taking turns, random topics ("Meeting 123456"), starts spread
    over about 20 days in random order, ``attendees`` attendees each (contactIDs of their own, e-mail
    ``guest<n>@example.com``); returns their keys, in the order added."""
    where = store.sites[site]
    template, _ = rules.new_meeting(
        {"metaData": {"confName": "t"}, "schedule": {"startDate": BEGIN.strftime(rules.DATE_FORMAT)}},
        where, where.user(HOSTS[0]), lambda: 1, store.now_ms())
    rng = random.Random(seed)
    keys = []
    for number in rng.sample(range(count), count):
        data = dict(template)
        data["metaData"] = dict(template["metaData"], confName=f"Meeting {rng.randrange(10**6):06d}")
        start = BEGIN + timedelta(minutes=30 * (number * 1000 // count) + number % 30)
        host = HOSTS[number % len(HOSTS)]
        data["schedule"] = dict(template["schedule"], startDate=start.strftime(rules.DATE_FORMAT),
                                hostWebExID=host, duration=str(30 + number % 90))
        data["participants"] = {"attendees": {"attendee": [
            {"person": {"email": f"guest{n}@example.com"}, "contactID": str(CONTACT + number * attendees + n),
             "joinStatus": "INVITE"} for n in range(attendees)]}}
        key = store.new_meeting_key()
        store.put_meeting(Meeting.from_blocks(copy.copy(data), key=key, site=site, host=host, uuid=f"{key:033x}",
                                              mtid="m0", guest_token="g", host_key="1", event_id=1,
                                              created_ms=number))
        keys.append(key)
    return keys


def add_users(store: Store, count: int, site: str = "acme") -> None:
    """``count`` more users on ``site`` (user00000@acme.com …)."""
    where = store.sites[site]
    for number in range(count):
        name = f"user{number:05d}@{site}.com"
        store.add_user(where, User(webExId=name, password="passw0rd", email=name, firstName=f"F{number % 97}",
                                   lastName=f"L{number % 89}"))


@dataclass
class Work:
    """What calls did while counted: meetings made from their held tuples, and meetings' data decoded (in all,
    and while the store's lock was held)."""

    made: int = 0
    decoded: int = 0
    made_locked: int = 0
    decoded_locked: int = 0


@contextmanager
def counting(monkeypatch, store: Store | None = None) -> Iterator[Work]:
    """Count ``Meeting.from_held`` calls and ``Meeting.data`` decodes until the block ends (and those made while
    ``store``'s lock was held by the thread making them)."""
    work = Work()
    from_held, decode = Meeting.from_held.__func__, records._decode  # type: ignore[attr-defined]

    def locked() -> bool:
        return store is not None and store.lock._is_owned()

    def counted_from_held(cls, held):
        work.made += 1
        work.made_locked += locked()
        return from_held(cls, held)

    def counted_decode(held):
        work.decoded += 1
        work.decoded_locked += locked()
        return decode(held)

    with monkeypatch.context() as patch:
        patch.setattr(Meeting, "from_held", classmethod(counted_from_held))
        patch.setattr(records, "_decode", counted_decode)
        yield work
