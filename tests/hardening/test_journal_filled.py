"""What the journal skips for an answer it knows masked already, and keeps once for the calls that share it: the
masking leaves a text without ``<`` and ``=`` as it is (so it is not searched), an inert text stays inert among
other inert JSON values (so a planned REST create's masked answer is held as its form and values, filled when read),
and the notes of many calls are held as one bytes object. Each shortcut is checked against the masking it skips,
over generated texts full of secret tags and URL parameters; a planned create whose values are not inert takes the
masking as before."""

from __future__ import annotations

import json
import marshal

import pytest
from apikit import Api, make_app
from hypothesis import given, settings
from hypothesis import strategies as st
from test_secrets_masked_fast import AROUND, DOCUMENTS, _masked_before

from mockserver.base import redact
from mockserver.base.fidelity import Note
from mockserver.controls import journalform
from mockserver.controls.journal import Journal
from mockserver.controls.tenancy import DEFAULT

TEXTS = st.one_of(DOCUMENTS, st.text(max_size=120), st.lists(AROUND, max_size=8).map("".join))


@settings(max_examples=3000, deadline=None, database=None, derandomize=True)
@given(TEXTS)
def test_a_text_the_masking_is_not_searched_for_is_one_it_leaves_as_it_is(text):
    if redact.unchanged(text):  # the masking takes the shortcut: the masking before it (the oracle) agrees
        assert _masked_before(text) == text
    assert journalform.body(text) == journalform.kept(_masked_before(text))


JSON_VALUES = st.one_of(TEXTS, st.integers(), st.none(), st.booleans()).map(
    lambda value: json.dumps(value, ensure_ascii=False).encode())


@settings(max_examples=3000, deadline=None, database=None, derandomize=True)
@given(st.lists(JSON_VALUES, min_size=1, max_size=6), st.lists(TEXTS, max_size=6))
def test_inert_json_values_between_inert_pieces_are_left_as_they_are(values, keys):
    """A masked answer's pieces (JSON between its values) and its values, all inert: the whole is left as it is
    by the journal's masking, which is what lets a planned answer be held filled."""
    names = [json.dumps(key, ensure_ascii=False).encode() for key in keys] + [b'"k"'] * len(values)
    pieces = [b"{" + names[0] + b":", *(b"," + name + b":" for name in names[1:len(values)]), b"}"]
    whole = b"".join(piece + value for piece, value in zip(pieces, [*values, b""], strict=True))
    if all(map(redact.inert, pieces)) and all(map(redact.inert, values)):
        assert redact.xml_text(whole.decode()) == whole.decode()
    for value in values:
        if redact.inert(value):
            assert redact.xml_text(value.decode()) == value.decode()


@pytest.mark.parametrize("text", [b'"<PW>x</PW>"', b'"https://h/j.php?MTID=1&PW=x"', b'"a?Password=1"',
                                  b'"ticket=1"', "\"pa\u017f\u017fword=1\"".encode(), "\"é\"".encode()])
def test_what_is_not_inert(text):
    assert not redact.inert(text)


def test_a_filled_text_reads_as_the_text_and_weighs_at_least_as_much():
    held = journalform.filled(b'{"a":%s,"b":%s}', (b'"x"', b'"y%s"'))
    assert journalform.filled_text(held) == b'{"a":"x","b":"y%s"}'
    assert journalform.shown(held) == '{"a":"x","b":"y%s"}'
    assert journalform.held_length(held) >= len(journalform.filled_text(held))


def test_the_journal_holds_a_filled_answer_and_the_same_notes_once():
    journal = Journal()
    notes = [Note("assumed-default", "assumed", "password", "no password sent")]
    for number in range(2):
        journal.record(namespace="default", request="POST /meetings\n{}", started=0.0, latency_ms=0.0,
                       response=journalform.filled(b'{"n":%s}', (str(number).encode(),)), operation="x",
                       site=None, user=None, result="SUCCESS", exception_id=None, reason=None, meeting_key=None,
                       notes=list(notes))
    first, second = journal._entries
    assert first[16] is second[16] and marshal.loads(first[16]) == (tuple(notes[0]),)
    assert [entry.response for entry in journal.entries()] == ['{"n":0}', '{"n":1}']
    assert [entry.notes for entry in journal.entries()] == [notes, notes]
    assert first[-1] >= len('{"n":0}') + len(first[16])  # its size counts what it holds


def test_notes_of_a_value_that_cannot_be_hashed_are_held_all_the_same():
    journal = Journal()
    journal.record(namespace="default", request="x", response=b"y", started=0.0, latency_ms=0.0, operation="x",
                   site=None, user=None, result="SUCCESS", exception_id=None, reason=None, meeting_key=None,
                   notes=[Note("c", "assumed", "e", ["not", "hashable"])])  # type: ignore[arg-type]
    assert marshal.loads(journal._entries[0][16]) == (("c", "assumed", "e", ["not", "hashable"]),)


@pytest.mark.parametrize("title", ["Weekly <PW>S3cr3tValue</PW>", "Weekly https://h/j?MTID=1&pw=S3cr3tValue",
                                   "Wéékly", "Weekly"])
def test_a_planned_create_is_held_filled_only_when_the_masking_would_leave_it(title):
    api = Api("asgi", make_app(), "http://localhost")
    sent = {"start": "2030-01-08T17:00:00Z", "end": "2030-01-08T17:30:00Z"}
    for made in ("First", title):  # the second is planned: made from the first's plan
        assert api.rest("POST", "/meetings", json={**sent, "title": made}).status_code == 200
    journal = api.app.state.tenancy.existing(DEFAULT).journal
    held = journal._entries[-1][13]
    assert isinstance(held, tuple) == (title == "Weekly"), held
    shown = journal.entries()[-1].response
    assert "S3cr3tValue" not in shown and json.loads(shown)["password"] == redact.MASK
    assert shown == journalform.body(journalform.shown(held)).decode()
    api.close()


def test_a_planned_answer_longer_than_the_journal_keeps_is_clipped_not_held_filled(monkeypatch):
    api = Api("asgi", make_app(), "http://localhost")
    sent = {"start": "2030-01-08T17:00:00Z", "end": "2030-01-08T17:30:00Z"}
    assert api.rest("POST", "/meetings", json={**sent, "title": "First"}).status_code == 200
    monkeypatch.setattr(journalform, "BODY_LIMIT", 200)
    assert api.rest("POST", "/meetings", json={**sent, "title": "Second"}).status_code == 200
    journal = api.app.state.tenancy.existing(DEFAULT).journal
    assert isinstance(journal._entries[-1][13], bytes)
    assert journal.entries()[-1].response.endswith("characters not kept)")
    api.close()
