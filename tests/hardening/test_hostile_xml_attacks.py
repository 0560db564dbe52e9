"""XML attacks are inert (issue 5, item 1): no file is read, no network is touched, the answer is a
well-formed FAILURE envelope, fast, and memory stays bounded.

Every test proves its payload is live: the same bytes, given to a parser without our protections,
leak the canary file or hit the listener. So each test fails if the protection it covers is removed.
"""

from __future__ import annotations

import logging
import urllib.parse

import pytest
from adminkit import Admin
from hostilekit import Listener, attacks, billion_laughs, cost, quadratic_blowup, unsafe_lxml, unsafe_sax, with_topic
from lxml import etree

from mockserver.xml import intake

SECRET = "CANARY-4b1d-not-for-your-eyes"
LISTENER_SECRET = "LISTENER-WAS-READ"
NO_DTD = "Fail to forward request:DTDs and entity declarations are not accepted"
NAMES = list(attacks("file:///canary", "http://127.0.0.1:1/x"))
#: the protection that answers each attack (its reason): removing it changes the answer
REASONS = dict.fromkeys(NAMES, NO_DTD) | {
    "XInclude": "Invalid request: element 'include' is in an unknown namespace 'http://www.w3.org/2001/XInclude'"}


@pytest.fixture(scope="module")
def listener():
    with Listener() as server:
        yield server


@pytest.fixture
def canary(tmp_path) -> str:
    path = tmp_path / "canary.txt"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path.as_uri()


def meetings(store) -> int:
    return sum(len(store.site_meetings(site)) for site in store.sites)


def live(name: str, payload: str, listener) -> bool:
    """Whether ``payload`` does harm to a parser without our protections (the test's own proof)."""
    listener.hits.clear()
    if name in ("external entity (file)", "XInclude"):
        return SECRET in unsafe_lxml(payload)
    if name == "external entity (http)":
        unsafe_sax(payload)
        return bool(listener.hits)
    if name in ("parameter entity", "external DTD"):
        return LISTENER_SECRET in unsafe_sax(payload) and bool(listener.hits)
    if name == "billion laughs":  # each level multiplies by ten: 10 levels are 10^9 "lol"s
        return unsafe_lxml(billion_laughs(levels=4)).count("lol") == 1000
    return len(unsafe_lxml(quadratic_blowup(size=1000, references=100))) > 100 * 1000


@pytest.mark.parametrize("name", NAMES)
def test_attack_is_inert(api, name, canary, listener, caplog):
    caplog.set_level(logging.DEBUG)  # request and answer bodies are logged at debug level
    payload = attacks(canary, listener.url)[name]
    listener.hits.clear()
    before = meetings(api.store)

    answer = api.post(payload)  # asserts HTTP 200, text/xml, valid against the response XSD

    assert answer.result == "FAILURE" and answer.reason == REASONS[name]
    journal = Admin(api).get("/_mock/journal")
    assert journal["entries"][-1]["result"] == "FAILURE"
    for seen in (answer.body.decode(), str(journal), caplog.text):
        assert SECRET not in seen and LISTENER_SECRET not in seen
    assert listener.hits == []
    assert meetings(api.store) == before
    assert live(name, payload, listener), "the payload should be harmful to an unprotected parser"


@pytest.mark.parametrize("wrapping", ["utf-16 bom", "utf-8 bom", "form field", "latin-1", "comment first"])
def test_external_entity_in_any_encoding_is_refused(api, wrapping, canary, listener):
    payload = attacks(canary, listener.url)["external entity (file)"]
    if wrapping == "utf-16 bom":
        body, content_type = b"\xff\xfe" + payload.replace("UTF-8", "UTF-16").encode("utf-16-le"), "text/xml"
    elif wrapping == "utf-8 bom":
        body, content_type = b"\xef\xbb\xbf" + payload.encode(), "text/xml"
    elif wrapping == "form field":
        body, content_type = ("XML=" + urllib.parse.quote_plus(payload)).encode(), "application/x-www-form-urlencoded"
    elif wrapping == "latin-1":
        body, content_type = payload.replace("UTF-8", "ISO-8859-1").encode("latin-1"), "text/xml"
    else:
        body, content_type = payload.replace("<!DOCTYPE", "<!-- x --><!DOCTYPE").encode(), "text/xml"
    answer = api.post(body, content_type=content_type)
    assert answer.reason == NO_DTD
    assert SECRET not in answer.body.decode()


@pytest.mark.parametrize("where", ["root", "header"])
def test_xinclude_anywhere_is_refused(api, where, canary):
    include = f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{canary}" parse="text"/>'
    body = with_topic("Topic")
    body = body.replace("<header>", "<header>" + include) if where == "header" else body.replace(
        "<body>", include + "<body>")
    answer = api.post(body)
    assert answer.result == "FAILURE" and "include" in answer.reason
    assert SECRET not in answer.body.decode()
    assert SECRET in unsafe_lxml(body)


@pytest.mark.parametrize("name", NAMES)
def test_parser_itself_is_inert(name, canary, listener):
    """Defence in depth: intake's parser alone, without the DOCTYPE refusal before it, reads nothing."""
    listener.hits.clear()
    payload = attacks(canary, listener.url)[name].split("?>", 1)[1].encode()
    try:
        text = etree.tostring(etree.fromstring(payload, intake.parser()), encoding="unicode")
    except Exception as exc:  # a refusal is inert too
        text = str(exc)
    assert SECRET not in text and LISTENER_SECRET not in text
    assert "lol" * 1000 not in text and "x" * 100_000 not in text
    assert listener.hits == []


@pytest.mark.parametrize("name", NAMES)
def test_attack_is_answered_fast_in_bounded_memory(name, canary, listener):
    body = attacks(canary, listener.url)[name].encode()
    seconds, peak, result = cost(body)
    assert result == "FAILURE"
    assert seconds < 1.0, f"{name}: {seconds * 1000:.1f} ms"  # measured: well under 1 ms (see scripts/hostile_costs.py)
    assert peak < 4 * len(body) + 1024 * 1024, f"{name}: peak {peak} bytes for a {len(body)}-byte request"


@pytest.mark.parametrize("pointer", ["schemaLocation", "noNamespaceSchemaLocation", "stylesheet"])
def test_schema_and_stylesheet_pointers_are_never_fetched(api, pointer, listener):
    """Clients may name a schema or a stylesheet; the request is served, the URL never fetched."""
    listener.hits.clear()
    body = with_topic("Pointers")
    if pointer == "stylesheet":
        body = body.replace("<message", f'<?xml-stylesheet type="text/xsl" href="{listener.url}"?><message', 1)
    else:
        value = f"http://www.webex.com/schemas/2002/06/service {listener.url}" if pointer == "schemaLocation" \
            else listener.url
        body = body.replace("<message ", f'<message xsi:{pointer}="{value}" ', 1)
    api.post(body).ok()
    assert listener.hits == []


@pytest.mark.parametrize("spelling", ["<!doctype message>", "<!DocType message>", "&#x3C;!DOCTYPE message>"])
def test_doctype_spellings(api, spelling):
    """XML knows only '<!DOCTYPE': other spellings are malformed, and an escaped one is plain text."""
    answer = api.post(with_topic("x").replace("<message", spelling + "<message", 1))
    assert answer.result == "FAILURE" and answer.exception_id == "000000"
