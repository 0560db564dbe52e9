"""A journal entry whose payload is read back from its masked request (issue 25, item 4) is the entry the journal
kept before, field for field: for the XML test corpus (Cisco's sample, the fuzz kit's valid and mutated requests,
requests built to hide secrets every way), the entry recorded with the XML face's reader equals the one recorded
with the payload marshalled. And the seed request is kept the short way: no payload held."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from fuzzkit import SERVICE, Node, envelope, fresh_store, fuzz_settings, mutated_requests, render, valid_requests
from hypothesis import event, given
from hypothesis import strategies as st
from webex import create_meeting, message, sample

from mockserver.controls import journalform
from mockserver.controls.journal import Journal, JournalEntry
from mockserver.xml import journaled

PAYLOAD = list(JournalEntry.__dataclass_fields__).index("payload")


def _recorded(body: bytes, content_type: str | None = "text/xml") -> tuple[JournalEntry, JournalEntry, tuple]:
    """The call's entry as kept with its payload marshalled, as kept with the reader, and the latter as held."""
    outcome = SERVICE.handle(body, content_type, fresh_store())
    facts: dict[str, Any] = {
        "namespace": "n", "request": outcome.request_text if outcome.request_text is not None else body,
        "response": outcome.body, "payload": outcome.payload, "latency_ms": 0.0, "started": time.perf_counter(),
        "operation": outcome.operation, "site": outcome.site, "user": outcome.user, "result": outcome.result,
        "exception_id": outcome.exception_id, "reason": outcome.reason, "meeting_key": outcome.meeting_key,
        "notes": outcome.notes, "rules": outcome.rules, "undecoded": not outcome.request_decoded}
    journal = Journal()
    marshalled = journal.entry(journal.record(**facts))
    held = journal.record(**facts, payload_from=journaled.payload)
    return marshalled, journal.entry(held), held


def _same(body: bytes, content_type: str | None = "text/xml") -> bool:
    """Whether the two entries are the same (but for id, time and latency); True when the payload was read back."""
    marshalled, read, held = _recorded(body, content_type)
    assert dataclasses.replace(read, id=marshalled.id, time=marshalled.time,
                               latency_ms=marshalled.latency_ms) == marshalled
    return isinstance(held[PAYLOAD], int)


def test_the_seed_request_keeps_no_payload():
    marshalled, read, held = _recorded(sample("seed-createmeeting-request.xml"))
    assert isinstance(held[PAYLOAD], int)  # a reader's number: no marshalled copy
    assert read.payload == marshalled.payload and read.payload["accessControl"]["meetingPassword"] == "******"
    assert read.size < marshalled.size


def test_a_payload_read_back_is_the_payload_kept():
    assert _same(sample("seed-createmeeting-request.xml"))
    assert _same(create_meeting().encode())
    assert _same(message("user.GetUser", "<webExId>hostid@acme.com</webExId>").encode())
    assert not _same(create_meeting("<metaData><confName>x</confName><agenda><![CDATA[<password>p</password>]]>"
                                    "</agenda></metaData>").encode())  # kept marshalled: CDATA
    assert not _same(create_meeting("<metaData><confName>x</confName><agenda>https://x/j.php?MTID=1&amp;PW=p"
                                    "</agenda></metaData>").encode())  # kept marshalled: a URL parameter masked


@fuzz_settings(200)
@given(valid_requests())
def test_valid_requests(request):
    event("payload read back" if _same(request.body, request.content_type) else "payload kept")


@fuzz_settings(300)
@given(mutated_requests())
def test_mutated_requests(request):
    event("payload read back" if _same(request.body, request.content_type) else "payload kept")


#: what may hide a secret (plain values four times as often, so that both ways of keeping are tried)
HIDDEN = st.sampled_from(["p4ss", " p ", "a&amp;b", "&#65;", "é€😀", "x" * 40] * 4 + [
    "p4ss", "", " ", "\n", " p ", "&#32;", "&#65;", "a&amp;b", "&lt;x&gt;", "<![CDATA[p]]>", "<![CDATA[]]>",
    "<![CDATA[ ]]>", "<!-- c -->", "p<!-- c -->q", "<?pi x?>p", "é€😀", "?PW=1", "https://x/j.php?MTID=1&amp;PW=2"])
#: the seed user's password, sent so that it still authenticates
PASSWORDS = st.sampled_from(["passw0rd"] * 6 + [" passw0rd\n", "<![CDATA[passw0rd]]>", "&#112;assw0rd",
                                               "<!-- c -->passw0rd", "passw0rd<?pi x?>"])
TAGS = st.sampled_from(["meetingPassword", "meet:meetingPassword", "meetingPassword a='1'", 'meetingPassword a=">"',
                        "meetingPassword\n", "meetingPassword xmlns='http://www.webex.com/schemas/2002/06/service'"])
AGENDAS = st.sampled_from(["Test"] * 6 + ["<![CDATA[<password>p</password>]]>", "&lt;password&gt;p&lt;/password&gt;",
                           "https://x/j.php?MTID=1&amp;PW=2", "a<!-- <password>p</password> -->b", "  x  ",
                           "<?pi <meetingPW>p</meetingPW>?>x"])


@fuzz_settings(300)
@given(HIDDEN, PASSWORDS, TAGS, AGENDAS, st.booleans())
def test_requests_that_hide_secrets(meeting_password, password, tag, agenda, repeated):
    """A meeting password and the securityContext's password in every form, beside agendas that look like them."""
    name = tag.split()[0]
    control = Node("accessControl", [Node("#markup", text=f"<{tag}>{meeting_password}</{name}>")]
                   + ([Node("#markup", text=f"<{tag}>{meeting_password}</{name}>")] if repeated else []))
    data = Node("metaData", [Node("confName", text="Standup"), Node("#markup", text=f"<agenda>{agenda}</agenda>")])
    start = Node("schedule", [Node("startDate", text="12/01/2026 10:00:00")])
    document = envelope([data, control, start])
    context = next(node for _, node in document.walk() if node.name == "securityContext")
    context.children = [*(context.children or [])[:2], Node("#markup", text=f"<password>{password}</password>")]
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n' + render(document)).encode()
    event(SERVICE.handle(body, "text/xml", fresh_store()).result)
    event("payload read back" if _same(body) else "payload kept")


def test_an_entry_read_again_does_not_read_its_request_again(monkeypatch):
    _, first, held = _recorded(sample("seed-createmeeting-request.xml"))
    reads: list[str] = []
    reader = journaled.payload

    def counting(request: str) -> dict[str, Any]:
        reads.append(request)
        return reader(request)

    readers = list(journalform.READERS)
    readers[held[PAYLOAD]] = counting
    monkeypatch.setattr(journalform, "READERS", readers)
    again, third = Journal.entry(held), Journal.entry(held)
    assert again.payload == third.payload == first.payload
    assert again.payload is not third.payload  # each read a copy of its own: changing one changes nothing kept
    again.payload["metaData"]["confName"] = "changed"
    assert Journal.entry(held).payload == first.payload
    assert reads == []  # remembered since the first read
