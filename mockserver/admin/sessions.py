"""The page's sessions and the login form's throttle.

A session is a random id (256 bits) the login form hands the browser in its cookie; the server keeps the SHA-256
of each live id with its expiry, so a copied cookie is worth nothing once its session ends: at logout, after
``SESSION_LIFETIME_S``, when the server restarts, or when ``MAX_SESSIONS`` newer ones have been opened (the oldest
goes first). Lookups go by the id's hash, so their timing tells nothing of a live id.

Wrong tokens are counted per client address: after ``LOGIN_FAILURES`` within ``LOGIN_WINDOW_S`` seconds, that
address's login attempts are answered 429 with ``Retry-After`` (not checked at all) until the oldest failure leaves
the window. At most ``MAX_THROTTLED_ADDRESSES`` addresses are remembered (the longest quiet one is forgotten first).
"""

from __future__ import annotations

import hashlib
import math
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

#: live sessions kept; opening one more ends the oldest
MAX_SESSIONS = 64
#: a session ends this many seconds after its login (the cookie's Max-Age says the same)
SESSION_LIFETIME_S = 8 * 3600
#: wrong tokens one client address may send within LOGIN_WINDOW_S before its logins get 429
LOGIN_FAILURES = 5
LOGIN_WINDOW_S = 60.0
#: client addresses whose failures are remembered
MAX_THROTTLED_ADDRESSES = 1024

Clock = Callable[[], float]


def _digest(session_id: str) -> bytes:
    return hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).digest()


class Sessions:
    """The page's live sessions: opened at login, ended at logout, expiry or eviction."""

    def __init__(self, clock: Clock = time.monotonic, limit: int = MAX_SESSIONS,
                 lifetime_s: float = SESSION_LIFETIME_S) -> None:
        self._clock, self._limit, self._lifetime = clock, limit, lifetime_s
        self._live: OrderedDict[bytes, float] = OrderedDict()  # hash of the id -> when it expires, oldest first
        self._lock = threading.Lock()

    def open(self) -> str:
        """A new session's id (what the cookie carries)."""
        session_id = secrets.token_hex(32)
        with self._lock:
            self._drop_expired()
            while len(self._live) >= self._limit:
                self._live.popitem(last=False)
            self._live[_digest(session_id)] = self._clock() + self._lifetime
        return session_id

    def valid(self, session_id: str) -> bool:
        with self._lock:
            expires = self._live.get(_digest(session_id))
            if expires is not None and expires <= self._clock():
                del self._live[_digest(session_id)]
                return False
            return expires is not None

    def close(self, session_id: str) -> None:
        with self._lock:
            self._live.pop(_digest(session_id), None)

    def __len__(self) -> int:
        with self._lock:
            self._drop_expired()
            return len(self._live)

    def _drop_expired(self) -> None:
        now = self._clock()
        while self._live and next(iter(self._live.values())) <= now:  # opened in order, so they expire in order
            self._live.popitem(last=False)


class LoginThrottle:
    """Wrong tokens per client address; past the limit, how long that address waits."""

    def __init__(self, clock: Clock = time.monotonic, failures: int = LOGIN_FAILURES,
                 window_s: float = LOGIN_WINDOW_S, addresses: int = MAX_THROTTLED_ADDRESSES) -> None:
        self._clock, self._failures, self._window, self._addresses = clock, failures, window_s, addresses
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()  # address -> times of its recent failures
        self._lock = threading.Lock()

    def wait_s(self, address: str) -> int:
        """Seconds ``address`` must wait before its next login is checked (0: it may try now)."""
        with self._lock:
            recent = self._recent(address)
            if recent is None or len(recent) < self._failures:
                return 0
            return max(1, math.ceil(recent[0] + self._window - self._clock()))

    def failed(self, address: str) -> None:
        with self._lock:
            recent = self._recent(address)
            if recent is None:
                while len(self._seen) >= self._addresses:
                    self._seen.popitem(last=False)
                recent = self._seen[address] = deque(maxlen=self._failures)
            recent.append(self._clock())
            self._seen.move_to_end(address)

    def _recent(self, address: str) -> deque[float] | None:
        recent = self._seen.get(address)
        if recent is None:
            return None
        cutoff = self._clock() - self._window
        while recent and recent[0] <= cutoff:
            recent.popleft()
        if not recent:
            del self._seen[address]
            return None
        return recent
