"""The store's draws: new meeting keys, ids and session tickets, from its one seeded generator (``--seed`` makes a
run repeatable), each under the store's lock."""

from __future__ import annotations

import base64
import random
import threading

from .changes import Changes
from .records import Ticket

KEY_LOW, KEY_HIGH = 100_000_000, 99_999_999_999  # 9 to 11 digits (reference 3.13)
#: a real sessionTicket is ~460 base64 characters starting "AAAB", ending "==" [REAL-edited, reference 14.6]:
#: bytes 00 00 01 encode as "AAAB", and 343 bytes (343 % 3 == 1) as 460 characters ending "=="
TICKET_PREFIX = b"\x00\x00\x01"
TICKET_BYTES = 343


class Draws:
    """What :class:`~.store.Store` draws; it holds these attributes."""

    lock: threading.RLock
    rng: random.Random
    used_keys: set[int]
    changes: Changes
    tickets: dict[str, Ticket]

    def new_meeting_key(self) -> int:
        with self.lock:
            while True:
                key = self.rng.randrange(KEY_LOW, KEY_HIGH + 1)
                if key not in self.used_keys:
                    self.used_keys.add(key)
                    self.changes.used((key,))
                    return key

    def meeting_ids(self) -> tuple[int, str, str, str, str, int, str]:
        """A new meeting's ids in one hold of the lock (each draw re-enters it), in the order they are always drawn:
        its key, UUID, MTID, guest token, host key, event id and attendees' MTID."""
        with self.lock:
            key, rng = self.new_meeting_key(), self.rng  # the draws below without entering the lock again
            return (key, _hex(rng, 33), "m" + _hex(rng, 32), _hex(rng, 32), _digits(rng, 6),
                    int(_digits(rng, 9)) + 1_000_000_000, "m" + _hex(rng, 32))

    def hex_and_digits(self, chars: int, count: int) -> tuple[str, str]:
        """:meth:`hex` then :meth:`digits`, in one hold of the lock."""
        with self.lock:
            return _hex(self.rng, chars), _digits(self.rng, count)

    def hex(self, chars: int) -> str:
        with self.lock:
            return _hex(self.rng, chars)

    def digits(self, count: int) -> str:
        with self.lock:
            return _digits(self.rng, count)

    def new_ticket_value(self) -> str:
        """A fresh ticket shaped like a real one: base64, "AAAB…==", with "+" and "/" in it."""
        with self.lock:
            while True:
                raw = TICKET_PREFIX + self.rng.randbytes(TICKET_BYTES - len(TICKET_PREFIX))
                value = base64.b64encode(raw).decode("ascii")
                if "+" in value and "/" in value and value not in self.tickets:
                    return value


def _hex(rng: random.Random, chars: int) -> str:
    return f"{rng.getrandbits(4 * chars):0{chars}x}"


def _digits(rng: random.Random, count: int) -> str:
    return f"{rng.randrange(10 ** count):0{count}d}"
