"""Runs-as-scheduled mode on a running clock: a daemon thread looks at every namespace in memory once a second
and raises the ``started`` and ``ended`` webhooks the clock made happen (:func:`mockserver.domain.starting.
catch_up`), so a demo's receiver hears of a meeting starting without any call to the mock. Started the first time
a namespace turns the mode on (or at launch with ``--meetings-run-as-scheduled``); a call, a clock change and a
read of the deliveries look too, so a test never waits for it."""

from __future__ import annotations

import logging
import threading
import time

from .controls.tenancy import Tenancy
from .domain.starting import catch_up

PERIOD_S = 1.0
_log = logging.getLogger("mockserver.ticker")


class Ticker:
    def __init__(self, tenancy: Tenancy, period_s: float = PERIOD_S) -> None:
        self._tenancy = tenancy
        self._period_s = period_s
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start looking (once; later calls do nothing)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="webex-mockserver-ticker", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            time.sleep(self._period_s)
            for tenant in self._tenancy.in_memory():
                store = tenant.store
                if store.happenings.run_as_scheduled:
                    try:
                        catch_up(store, store.now_ms())
                    except Exception:  # a look that failed must not end the looking
                        _log.exception("runs-as-scheduled: raising what the clock made happen failed")
