"""Bodies the mock cannot decode (issue 20, items 10 and 11): the journal stays readable whatever a body decodes to
(a lone surrogate of UTF-7), and no password of an undecodable body is readable, in any encoding, in the journal,
the page's view of it or the debug log."""

from __future__ import annotations

import json
import logging
import time

import pytest
from adminkit import Admin
from secretkit import UNDECODABLE, UNREAD, leaks
from webex import create_meeting

from mockserver import logs
from mockserver.base import redact
from mockserver.controls import journal as journal_module
from mockserver.xml import decoding

#: a UTF-7 body whose confName decodes to a lone surrogate (U+D800), which no UTF-8 text can hold
LONE_SURROGATE = (create_meeting().replace('encoding="UTF-8"', 'encoding="UTF-7"')
                  .replace("Standup", "Stand+2AA-up").encode("ascii"))


def _log_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    records = [r for r in caplog.records if r.name == "mockserver.requests"]
    assert records, "no request was logged"
    return [formatter.format(r) for r in records for formatter in (logs.JsonFormatter(), logs.TextFormatter())]


def test_a_lone_surrogate_leaves_the_journal_readable(api, caplog):
    caplog.set_level(logging.DEBUG, logger="mockserver.requests")
    assert api.post(LONE_SURROGATE, "text/xml").result == "FAILURE"
    api.post(create_meeting()).ok()  # the namespace goes on working
    admin = Admin(api)
    page = admin.get("/_mock/journal")  # the page and the remote fixture's calls() read this: never a 500
    first, second = page["entries"]
    assert "<confName>Stand\\ud800up</confName>" in first["request"]  # the surrogate, escaped
    assert second["result"] == "SUCCESS"
    lines = _log_lines(caplog)
    for line in lines:
        line.encode("utf-8")  # a log line is always UTF-8 text
    assert all("Stand\\" in line and "ud800up</confName>" in line for line in lines[:2])  # the first call's


def test_an_entry_that_cannot_be_rendered_is_shown_escaped(api):
    """Whatever an entry holds (here planted: text no UTF-8 encoder takes, bytes that are no UTF-8), the journal's
    reader renders it escaped: the page and the admin API never answer 500."""
    journal = api.app.state.tenancy.get().journal
    journal.record(namespace="default", request="<x/>", response=b"<y/>", operation="user.GetUser", site="acme",
                   user="u", result="SUCCESS", exception_id=None, reason=None, meeting_key=None, latency_ms=0.0,
                   started=time.perf_counter())
    held = list(journal._entries[-1])
    fields = journal_module._AT
    held[fields["site"]], held[fields["reason"]] = "ac\udc80me", "why \ud800"
    held[fields["request"]] = b"<x>\xff\xfe</x>"
    journal._entries[-1] = tuple(held)
    entry = Admin(api).get("/_mock/journal")["entries"][-1]
    assert entry["site"] == "ac\\udc80me" and entry["reason"] == "why \\ud800"
    assert entry["request"] == "<x>\\xff\\xfe</x>"


@pytest.mark.parametrize("name", [*UNDECODABLE, *UNREAD])
def test_no_password_of_an_undecodable_body_is_readable(api, caplog, name):
    caplog.set_level(logging.DEBUG, logger="mockserver.requests")
    body, content_type = UNDECODABLE.get(name) or UNREAD[name]
    answer = api.post(body, content_type)
    assert answer.result == "FAILURE" and answer.reason.startswith("Fail to forward request:")
    shown = Admin(api).client.get("/_mock/journal", headers={"Accept": "application/json"})  # as page.js asks
    assert shown.status_code == 200
    entry = shown.json()["entries"][-1]
    in_process = api.app.state.tenancy.get().journal.entries()[-1]
    assert entry["request"] == in_process.request
    texts = {"journal": shown.text, "journal, decoded": json.dumps(shown.json(), ensure_ascii=False),
             "entry": str(in_process.to_dict()), "log": "\n".join(_log_lines(caplog))}
    for where, text in texts.items():
        assert not leaks(text), (where, leaks(text), entry["request"][:2000])
    assert redact.MASK in entry["request"] or entry["request"].startswith("(")  # masked, or replaced entirely
    if name in UNDECODABLE:  # what the mock could read of these is shown, masked
        assert entry["request"].count(redact.MASK) == 2 and "<password>******</password>" in entry["request"]


@pytest.mark.parametrize("body, content_type", [
    (b"a=1&" * 262_144, "application/x-www-form-urlencoded"),  # 1 MiB: 262,144 fields, none of them XML
    (b"XML=" + b"%E9" * 349_000, "application/x-www-form-urlencoded"),
    (b"<x>" + b"\xff" * 1_000_000, "text/xml"),
], ids=["form of 262,144 fields", "form XML= of latin-1 bytes", "raw, invalid UTF-8"])
def test_what_is_read_of_an_undecodable_body_is_bounded(asgi_api, monkeypatch, body, content_type):
    """Whatever its size, at most 256 KiB of an undecodable body is read for the journal, in a few calls (never one
    per form field): counted in bytes and calls."""
    seen: list[int] = []
    for module, name in ((decoding, "_lenient"), (redact, "percent_decoded")):
        original = getattr(module, name)
        monkeypatch.setattr(module, name, lambda data, original=original: seen.append(len(data)) or original(data))
    assert asgi_api.post(body, content_type).result == "FAILURE"
    assert seen and len(seen) <= 2 and max(seen) <= decoding.READABLE_BYTES
    entry = asgi_api.app.state.tenancy.get().journal.entries()[-1]
    assert entry.request.endswith("bytes not read)") or entry.request.endswith("characters not kept)")
