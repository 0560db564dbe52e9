"""The journal holds each call as plain tuples the garbage collector stops tracking: held as objects, a full
journal of CreateMeetings (about 34 rules each) made every full collection walk ~45 objects per call."""

from __future__ import annotations

import gc
import time

from apikit import make_app
from webex import sample

from mockserver.journal import Journal
from mockserver.store import Store

BODY = sample("seed-createmeeting-request.xml")


def _journal_one(app, store: Store, journal: Journal) -> None:
    outcome = app.state.service.handle(BODY, "text/xml", store)
    journal.record(namespace="default", request=outcome.request_text or "", response=outcome.body,
                   started=time.perf_counter(), payload=outcome.payload, latency_ms=0.0,
                   operation=outcome.operation, site=outcome.site, user=outcome.user, result=outcome.result,
                   exception_id=None, reason=None, meeting_key=outcome.meeting_key, notes=list(outcome.notes),
                   rules=list(outcome.rules))


def test_journaled_calls_add_no_tracked_objects():
    app = make_app(random_seed=5)
    store, journal = app.state.tenancy.get().store, Journal()
    for _ in range(320):  # warm up caches, imports, what the app builds on first use
        _journal_one(app, store, journal)
    gc.collect()
    before = len(gc.get_objects())
    for _ in range(300):
        _journal_one(app, store, journal)
    gc.collect()
    assert len(journal) == 620
    assert journal.entries()[-1].rules  # what is kept still reads back whole
    assert len(gc.get_objects()) - before < 300  # was about 45 a call: each rule and note an object, lists, dicts
