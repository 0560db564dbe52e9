"""The journal holds each call as plain tuples the garbage collector stops tracking: held as objects, a full
journal of CreateMeetings (about 34 rules each) made every full collection walk ~45 objects per call. The rules every
call fires the same (the fixed defaults, a site template's) are kept as their numbers."""

from __future__ import annotations

import gc
import marshal
import time

from apikit import make_app
from webex import sample

from mockserver.controls.journal import _RULES, Journal
from mockserver.domain import explain
from mockserver.domain.explain import RuleFired
from mockserver.domain.store import Store

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
    app.state.service.schema.explainer()  # the app loads xmlschema in a thread: wait for it, its objects are not ours
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


def test_what_is_recorded_reads_back_field_by_field():
    app = make_app(random_seed=6)
    outcome = app.state.service.handle(BODY, "text/xml", app.state.tenancy.get().store)
    journal = Journal()
    held = journal.record(namespace="ns1", request=outcome.request_text or "", response=outcome.body,
                          started=time.perf_counter(), payload=outcome.payload, latency_ms=1.5, http_status=200,
                          operation=outcome.operation, site=outcome.site, user=outcome.user, result=outcome.result,
                          exception_id="000000", reason="why", meeting_key=outcome.meeting_key, fault="f1",
                          notes=list(outcome.notes), rules=list(outcome.rules), stub="s1")
    entry = journal.entry(held)
    assert journal.entries() == [entry]
    assert (entry.namespace, entry.operation, entry.site, entry.user, entry.result, entry.exception_id, entry.reason,
            entry.meeting_key, entry.http_status, entry.fault, entry.stub) == (
        "ns1", "meeting.CreateMeeting", "acme", "hostid@acme.com", "SUCCESS", "000000", "why", outcome.meeting_key,
        200, "f1", "s1")
    assert entry.latency_ms >= 1.5 and entry.notes == outcome.notes and entry.rules == outcome.rules
    assert entry.payload["accessControl"]["meetingPassword"] == "******"  # masked as it was kept
    assert entry.payload["metaData"] == outcome.payload["metaData"]
    assert "passw0rd" not in entry.request and "pass123" not in entry.response
    assert entry.size > len(entry.request) + len(entry.response)


def test_the_rules_every_call_fires_are_kept_as_numbers_and_read_back_whole():
    # the fixed defaults and the site template's record are made once and fired by every CreateMeeting: an entry
    # held them as their text (about 3.5 KB of every entry, the same every call)
    app = make_app(random_seed=7)
    store, journal = app.state.tenancy.get().store, Journal()
    outcome = app.state.service.handle(BODY, "text/xml", store)
    held = journal.record(namespace="default", request=outcome.request_text or "", response=outcome.body,
                          started=time.perf_counter(), payload=outcome.payload, latency_ms=0.0,
                          operation=outcome.operation, site=outcome.site, user=outcome.user, result=outcome.result,
                          exception_id=None, reason=None, meeting_key=outcome.meeting_key, rules=list(outcome.rules))
    kept = held[_RULES]
    assert len(outcome.rules) >= 25
    as_text = len(marshal.dumps(tuple(map(tuple, outcome.rules))))  # how an entry held them before (about 3.5 KB)
    assert len(kept) * 3 < as_text, (len(kept), as_text)  # each shared record a number; the few made now as text
    assert journal.entry(held).rules == list(outcome.rules)
    assert all(type(rule) is RuleFired for rule in journal.entry(held).rules)


def test_packed_rules_keep_a_record_equal_to_a_shared_one_but_made_anew_as_its_text():
    planned = explain.Defaults("schedule", (("duration", "60"), ("openTime", "0"))).records
    anew = RuleFired(*planned[0])  # equal, not the same object: not known as shared
    mixed = [planned[1], anew, explain.record("host", "schedule/hostWebExID", "a", "b", "host: stored b")]
    kept = explain.packed(mixed)
    assert explain.unpacked(kept) == mixed
    assert explain.unpacked(kept)[0] is planned[1]
    assert explain.unpacked(explain.packed([])) == []
