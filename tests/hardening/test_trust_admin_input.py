"""Hostile admin input: JSON bodies nested too deeply, bodies too large, text no answer can carry.

* A JSON body nested deeper than 64 levels is a 400 naming the limit (never a RecursionError, a 500 or a
  traceback), at any depth.
* A JSON body of more than 4,000,000 values is a 400 naming the limit, refused before it is parsed (no memory);
  checking an accepted one holds a few words a level, nothing a value; a large body is parsed off the event loop.
* The 64 MiB admin body limit is checked before the body is read: a declared Content-Length over it is a 413
  at once; a chunked body is read no further than the limit.
* Text that would break later answers is refused, naming the field: lone surrogates and control characters
  (but tab and newline) in a fault's reason; lone surrogates and XML-illegal characters anywhere.
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys

import pytest
from adminkit import admin, create  # noqa: F401  (fixture)
from apikit import make_app
from hostilekit import asgi_post
from webex import message

from mockserver.admin import api as admin_module
from mockserver.base.jsondoc import (
    MAX_JSON_DEPTH,
    MAX_JSON_VALUES,
    DocumentError,
    _plainly_fine,
    check_tree,
    load_json,
    upper_bound_of_values,
)
from mockserver.controls.faults import FaultSet
from mockserver.faces import check_fault

GET_USER = message("user.GetUser", "<webExId>hostid@acme.com</webExId>")
JSON = {"Content-Type": "application/json"}
FAULTS = "/_mock/faults"


def nested(depth: int, inner: str = "") -> str:
    """A JSON value ``depth`` levels deep (a list at every level)."""
    return "[" * depth + inner + "]" * depth


def fault(reason: str) -> bytes:
    """A fault rule as raw JSON text (escapes kept: a lone surrogate cannot be sent any other way)."""
    return b'{"action": "failure", "exception_id": "060001", "reason": "' + reason.encode("ascii") + b'"}'


# -- depth ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [MAX_JSON_DEPTH + 1, 100_000])
def test_deeply_nested_bodies_are_400(admin, levels):
    """Bodies whose innermost list is ``levels`` deep (the outermost object is level 1)."""
    state = '{"format": "webex-mockserver-state", "version": 1, "namespaces": {"default": {"sites": ' \
            + nested(levels - 3) + "}}}"
    bodies = [("PUT", "/_mock/state", state),
              ("POST", "/_mock/faults", '{"action": "failure", "reason": ' + nested(levels - 1) + "}"),
              ("POST", "/_mock/sites", '{"siteName": "x", "users": ' + nested(levels - 1) + "}")]
    for method, path, body in bodies:
        message_ = admin.error(method, path, 400, content=body.encode(), headers=JSON)
        assert message_.startswith(f"request body is nested deeper than {MAX_JSON_DEPTH} levels"), message_
    assert admin.get("/_mock/faults")["faults"] == []


def test_nesting_within_the_limit_is_read(admin):
    state = admin.get("/_mock/state")
    state["namespaces"]["default"]["meetings"] = json.loads(nested(MAX_JSON_DEPTH - 3))  # innermost at depth 64
    assert "meeting must be a JSON object" in admin.error("PUT", "/_mock/state", 400, json=state)


# -- width -------------------------------------------------------------------------------------------------------------


def wide(values: int) -> bytes:
    """A JSON array of ``values - 1`` zeros (the array is a value too)."""
    return b"[" + b"0," * (values - 2) + b"0]"


#: run in a fresh process, where no other thread allocates while tracemalloc watches: prints the peak
PEAK = """
import json, sys, tracemalloc
from mockserver.base.jsondoc import MAX_JSON_VALUES, DocumentError, check_tree, load_json
def wide(values):
    return b"[" + b"0," * (values - 2) + b"0]"
{setup}
tracemalloc.start()
{work}
print(tracemalloc.get_traced_memory()[1])
"""


def peak_of(work: str, setup: str = "") -> int:
    """The most bytes Python held at once while ``work`` (Python statements) ran, in a fresh process."""
    code = PEAK.format(setup=setup, work=work)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


def test_a_body_of_too_many_values_is_refused_before_it_is_parsed(admin):
    raw = wide(MAX_JSON_VALUES + 1)  # 8 MB; 2.4 GB held (and minutes) when it was parsed and walked
    refuse = """
try:
    load_json(raw, "request body", max_values=MAX_JSON_VALUES)
except DocumentError:
    pass
else:
    raise SystemExit("accepted")
"""
    assert peak_of(refuse, "raw = wide(MAX_JSON_VALUES + 1)") < 64 * 1024  # nothing made of the document
    message_ = admin.error("PUT", "/_mock/state", 400, content=raw, headers=JSON)
    assert message_.startswith(f"request body holds more than {MAX_JSON_VALUES} JSON values"), message_
    assert load_json(wide(1000), "request body", max_values=1000) == [0] * 999  # the bound is exact here
    with pytest.raises(DocumentError, match="holds more than 999 JSON values"):
        load_json(wide(1000), "request body", max_values=999)


def test_checking_a_wide_document_holds_nothing_per_value():
    setup = "data = json.loads(wide(200_001)); document = {'a': [{'b': data}], 'c': list(data)}"
    # every value once: the document, a, its object, b and its zeros, c and its zeros
    work = "assert check_tree(document, 'x') == 1 + 1 + 1 + 1 + 200_000 + 1 + 200_000"
    assert peak_of(work, setup) < 64 * 1024  # was 78 bytes a value (31 MB)


def test_a_real_state_export_of_64_mib_fits_the_value_bound(admin, api):
    for name in ("One", "Two"):
        admin.post("/_mock/sites/acme/users", 201, json={"webExId": name, "password": "p", "email": f"{name}@x"})
    exports = []
    for _ in range(2):
        create(api, extra="<participants><attendees><attendee><person><name>Ann</name><email>ann@x.example</email>"
                          "</person></attendee></attendees></participants>")
        exports.append(json.dumps(admin.get("/_mock/state")).encode())
    meeting_bytes = len(exports[1]) - len(exports[0])
    meeting_values = upper_bound_of_values(exports[1]) - upper_bound_of_values(exports[0])
    assert admin_module.MAX_BODY_BYTES // meeting_bytes * meeting_values < MAX_JSON_VALUES / 1.3


def test_a_large_admin_body_is_parsed_off_the_event_loop(admin, monkeypatch):
    on_the_loop = []

    def watched(*args, **kwargs):
        try:
            asyncio.get_running_loop()
            on_the_loop.append(True)
        except RuntimeError:
            on_the_loop.append(False)
        return load_json(*args, **kwargs)
    monkeypatch.setattr(admin_module, "load_json", watched)
    admin.post("/_mock/faults", 201, json={"action": "failure", "reason": "x" * (admin_module.INLINE_BODY_BYTES + 1)})
    admin.post("/_mock/faults", 201, json={"action": "failure"})
    assert on_the_loop == [False, True]


# -- size --------------------------------------------------------------------------------------------------------------


def test_declared_admin_body_over_the_limit_is_413_unread(monkeypatch):
    monkeypatch.setattr(admin_module, "MAX_BODY_BYTES", 1024)
    status, _, body, unread = asgi_post(make_app(), [b" " * 600] * 4, {**JSON, "Content-Length": "2400"}, FAULTS)
    assert status == 413 and json.loads(body) == {"error": "admin request body larger than 1024 bytes"}
    assert unread == 4, "nothing is read when the declared length is over the limit"


def test_chunked_admin_body_over_the_limit_is_413_read_no_further(monkeypatch):
    monkeypatch.setattr(admin_module, "MAX_BODY_BYTES", 1024)
    status, _, body, unread = asgi_post(make_app(), [b" " * 600] * 4, JSON, FAULTS)
    assert status == 413 and json.loads(body) == {"error": "admin request body larger than 1024 bytes"}
    assert unread == 2, "reading stops at the chunk that crosses the limit"
    status, _, _, _ = asgi_post(make_app(), [b" " * 500, b'{"action": "drop"}'], JSON, FAULTS)
    assert status == 201


def test_413_comes_before_a_64_mib_admin_body_is_sent(http_server):
    """Only the headers and 3 bytes of a 100 MB body are sent; the 413 comes anyway."""
    http_server.switch.target = make_app()
    with socket.create_connection(("127.0.0.1", http_server.port), timeout=10) as sock:
        sock.sendall(b"PUT /_mock/state HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100000000\r\n\r\n{\"f")
        head = sock.recv(4096)
    assert head.startswith(b"HTTP/1.1 413 "), head
    assert b"admin request body larger than 67108864 bytes" in head


# -- text --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason, shown", [
    ("down \\ud800 now", "U+D800"),
    ("\\udfff", "U+DFFF"),
    ("bell \\u0007", "U+0007"),
    ("nul \\u0000", "U+0000"),
    ("carriage \\r return", "U+000D"),
    ("delete \\u007f", "U+007F"),
    ("c1 \\u0085", "U+0085"),
])
def test_fault_reason_that_would_break_answers_is_400(admin, api, reason, shown):
    refused = admin.error("POST", "/_mock/faults", 400, content=fault(reason), headers=JSON)
    assert "'reason'" in refused or "field reason" in refused, refused
    assert shown in refused
    assert admin.get("/_mock/faults")["faults"] == []
    api.post(GET_USER).ok()  # the next answers are whole


def test_fault_reason_with_tab_and_newline_is_kept(admin, api):
    admin.post("/_mock/faults", 201, content=fault("line one\\n\\tline two, caf\\u00e9"), headers=JSON)
    answer = api.post(GET_USER)
    assert (answer.exception_id, answer.reason) == ("060001", "line one\n\tline two, café")


def test_fault_set_refuses_such_a_reason_from_python_too():
    with pytest.raises(ValueError, match=r"fault field 'reason'.*U\+0001"):
        FaultSet().add(check_fault, action="failure", reason="bad \x01")


@pytest.mark.parametrize("path, body, field", [
    ("/_mock/sites", b'{"siteName": "s\\ud83d", "siteID": 1, "partnerID": "p"}', "siteName"),
    ("/_mock/sites/acme/users", b'{"webExId": "u", "password": "p", "email": "e", "firstName": "\\u0001"}',
     "firstName"),
    ("/_mock/sites/acme/users", b'{"webExId": "u", "password": "p", "email": "e", "\\ud800": 1}', r"\ud800"),
])
def test_text_no_answer_can_carry_is_400_anywhere(admin, api, path, body, field):
    refused = admin.error("POST", path, 400, content=body, headers=JSON)
    assert refused.startswith("request body: field ") and "U+" in refused
    assert f"field {field}: " in refused, refused
    api.post(GET_USER).ok()
    assert [s["siteName"] for s in admin.get("/_mock/sites")["sites"]] == ["acme", "globex"]


_TEXTS = [b'{"title":"plain"}', b'{"title":"a\\u0001b"}', b'{"t":"\\ud800"}', b'{"t":"\\uFFFE"}',
          '{"t":"\ufffe"}'.encode(), b'{"t":"caf\xc3\xa9"}', '{"t":"x"}'.encode("utf-16"),
          '{"t":"\\u0000"}'.encode("utf-16-le"), b"[" * 64 + b"]" * 64, b"[" * 65 + b"]" * 65,
          b'{"a":[{"b":[{"c":"\\u001f"}]}]}', b'{"k\\u0002":1}', b'"\\u0003"', b'{"ok":"tab\\tnl\\n"}',
          b'{"s":"[[[[{{{{"}', b'[' + b'{"a":' * 63 + b'1' + b'}' * 63 + b']']


@pytest.mark.parametrize("raw", _TEXTS + [text.decode("utf-8", "replace") for text in _TEXTS])
def test_a_document_read_without_its_walk_is_one_the_walk_passes(raw):
    """load_json skips the walk of a plain document (ASCII, no escape of a character, few brackets): every
    document the walk refuses is still refused, and one it skips passes the walk."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return
    try:
        check_tree(data, "the body")
    except DocumentError as walked:
        with pytest.raises(DocumentError) as refused:
            load_json(raw, "the body")
        assert str(refused.value) == str(walked)
        assert not _plainly_fine(raw)
    else:
        assert load_json(raw, "the body") == data
