"""The fast path (mockserver/xml/fastintake.py) answers exactly as the tolerant path does (issue 25, item 1).

Every request of the corpora below -- the samples, the kits' builders, the hostile and broken inputs, hand-made
edge cases of each condition the fast path tests, and the fuzz corpus -- is handled twice, by a service on the
fast path and by one forced onto the tolerant path, each on a fresh store with the same seed and a frozen clock:
every field of the Outcome but the latency, and the store afterwards, must be the same. A subset goes through the
real app both ways, and the journal entries must be the same. And the fast path must be taken where it should
(else these comparisons would compare the tolerant path with itself) and left where it must.
"""

from __future__ import annotations

import dataclasses
import urllib.parse

import pytest
from apikit import make_app
from fuzzkit import fresh_store, fuzz_settings, mutated_requests, snapshot, valid_requests
from hostilekit import DECLARATION, START, asgi_post, attacks, over_limits, with_topic
from hypothesis import given
from meetingkit import content, delete, get, hosturl, joinurl, lst, set_
from webex import create_meeting, message, sample, security

from mockserver.base.fidelity import DOCUMENTED, LENIENT, Notes
from mockserver.domain.clock import MockClock
from mockserver.xml import fastintake, intake
from mockserver.xml.service import XMLService

FAST = XMLService()
TOLERANT = XMLService(fast=False)
#: 2027-01-15 08:00:00 UTC, a frozen clock for both runs (the outcome holds the call's instant)
FROZEN_MS = 1_800_000_000_000
SEED = sample("seed-createmeeting-request.xml")
XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
SERV = 'xmlns:serv="http://www.webex.com/schemas/2002/06/service"'
TYPE = 'xsi:type="java:com.webex.service.binding.meeting.CreateMeeting"'
CREATE = content()


def envelope(inner: str, *, root: str = "serv:message", declarations: str = XSI, head: str | None = None,
             body: str = "body", content_tag: str = "bodyContent", attributes: str = TYPE, prolog: str = DECLARATION,
             header: str = "header") -> str:
    """A CreateMeeting whose every part can be changed."""
    head = security() if head is None else head
    return (f"{prolog}<{root} {declarations}><{header}>{head}</{header}><{body}><{content_tag} {attributes}>{inner}"
            f"</{content_tag}></{body}></{root}>")


def form(document: str) -> tuple[bytes, str]:
    return ("XML=" + urllib.parse.quote_plus(document)).encode("ascii"), "application/x-www-form-urlencoded"


#: requests the fast path must read, each as (body, content type)
TAKEN: dict[str, tuple[bytes, str | None]] = {
    "seed sample": (SEED, "text/xml"),
    "kit CreateMeeting": (create_meeting().encode(), "text/xml"),
    "unprefixed message": (create_meeting(root="message").encode(), "text/xml"),
    "no declaration": (create_meeting(declaration="").encode(), None),
    "serv declared": (envelope(CREATE, declarations=f"{XSI} {SERV}").encode(), "text/xml"),
    "serv envelope": (envelope(CREATE, header="serv:header", body="serv:body", content_tag="serv:bodyContent")
                      .encode(), "text/xml"),
    "other WebEx prefix, declared": (envelope(CREATE, root="m:message", declarations=f'{XSI} xmlns:m='
                                              '"http://www.webex.com/schemas/2002/06/service/meeting"').encode(), None),
    "schemaLocation on the root": (envelope(CREATE, declarations=f'{XSI} xsi:schemaLocation="a b"').encode(), None),
    "ISO-8859-1 declared, ASCII sent": (create_meeting(declaration='<?xml version="1.0" encoding="ISO-8859-1"?>')
                                        .encode(), "text/xml"),
    "UTF-8 text": (create_meeting(content("Zoë ☃ ünïcode")).encode(), "text/xml"),
    "comment and CDATA inside": (create_meeting(content("<![CDATA[a <b> & c]]><!-- x -->d")).encode(), None),
    "GetMeeting": (get(123).encode(), "text/xml"),
    "DelMeeting": (delete(123).encode(), "text/xml"),
    "SetMeeting": (set_("<meetingkey>1</meetingkey><metaData><confName>x</confName></metaData>").encode(), None),
    "LstsummaryMeeting": (lst("<listControl><maximumNum>5</maximumNum></listControl>").encode(), None),
    "short operation name": (message("meeting.GetMeeting", "<meetingKey>1</meetingKey>")
                             .replace("java:com.webex.service.binding.", "").encode(), None),
    "wrong password": (create_meeting(password="nope").encode(), None),
    "unknown site": (create_meeting(site="nosuch").encode(), None),
    "session ticket": (create_meeting(password=None, ticket="abc").encode(), None),
    "empty payload": (message("ep.GetAPIVersion").encode(), None),
    "self-closed payload": (message("ep.GetAPIVersion").replace("></bodyContent>", "/>").encode(), None),
    "many '=' in a text": (create_meeting(content("a=b" * 40)).encode(), None),
    "a few attributes on the root": (envelope(CREATE, declarations=" ".join([XSI] + [f'a{i}="1"' for i in range(20)]))
                                     .encode(), None),
}

#: requests the fast path must leave to the tolerant path
LEFT: dict[str, tuple[bytes, str | None]] = {
    "empty element in the payload": (create_meeting(content(meta="<agenda/>")).encode(), None),
    "whitespace-only element": (create_meeting(content(meta="<agenda> \n </agenda>")).encode(), None),
    "no-break-space-only element": (create_meeting(content(meta="<agenda>\u00a0</agenda>")).encode(), None),
    "white space by character reference": (create_meeting(content(meta="<agenda>&#32;</agenda>")).encode(), None),
    "empty CDATA": (create_meeting(content(meta="<agenda><![CDATA[]]></agenda>")).encode(), None),
    "comment only": (create_meeting(content(meta="<agenda><!-- c --></agenda>")).encode(), None),
    "empty element in the header": (create_meeting(site="", extra="<siteID></siteID><siteName>acme</siteName>")
                                    .encode(), None),
    "form": form(create_meeting()),
    "UTF-16": (b"\xff\xfe" + create_meeting().replace("UTF-8", "UTF-16").encode("utf-16-le"), None),
    "UTF-8 BOM": (b"\xef\xbb\xbf" + create_meeting().encode(), None),
    "ISO-8859-1 declared, Latin-1 sent": (create_meeting(content("Café"), declaration='<?xml version="1.0" '
                                                         'encoding="ISO-8859-1"?>').encode("latin-1"), None),
    "namespace that is no URI": (envelope(CREATE, declarations=f'{XSI} xmlns:schemaLocation="URI URI/x.xsd"')
                                 .encode(), None),
    "white space before the declaration": (b"\n  " + create_meeting().encode(), None),
    "comment before the root": (envelope(CREATE, prolog=DECLARATION + "<!-- c -->").encode(), None),
    "DOCTYPE": (with_topic("x", "<!DOCTYPE message>\n").encode(), None),
    "DOCTYPE inside CDATA": (create_meeting(content("<![CDATA[<!DOCTYPE x>]]>")).encode(), None),
    "attribute in the payload": (create_meeting(content().replace("<metaData>", '<metaData a="1">')).encode(), None),
    "xsi:nil in the payload": (create_meeting(content(meta='<agenda xsi:nil="true">x</agenda>')).encode(), None),
    "xsi:type in the payload": (create_meeting(content(meta='<agenda xsi:type="xs:string">x</agenda>')).encode(),
                                None),
    "prefixed payload": (envelope(CREATE.replace("<confName>", "<serv:confName>")
                                  .replace("</confName>", "</serv:confName>")).encode(), None),
    "undeclared meet prefix": (envelope(CREATE, content_tag="meet:bodyContent").encode(), None),
    "undeclared xsi": (envelope(CREATE, declarations="").encode(), None),
    "foreign root": (envelope(CREATE, root="x:message", declarations=f'{XSI} xmlns:x="urn:x"').encode(), None),
    "foreign header element": (create_meeting(extra='<x:y xmlns:x="urn:x">1</x:y>').encode(), None),
    "text in message": (create_meeting().replace("<header>", "junk<header>").encode(), None),
    "body before header": (f"{DECLARATION}<serv:message {XSI}><body><bodyContent {TYPE}>{CREATE}</bodyContent>"
                           f"</body><header>{security()}</header></serv:message>".encode(), None),
    "malformed header": (create_meeting().replace("<header>", "<h>").encode(), None),
    "unknown operation": (message("meeting.CreateMeting", CREATE).encode(), None),
    "WebEx operation not served": (message("meeting.auo.CreateTeleconferenceSession", CREATE).encode(), None),
    "no xsi:type": (envelope(CREATE, attributes="").encode(), None),
    "invalid payload": (create_meeting(content(meta="<nosuch>1</nosuch>")).encode(), None),
    "33 attributes on the root": (envelope(CREATE, declarations=" ".join([XSI] + [f'a{i}="1"' for i in range(33)]))
                                  .encode(), None),
    "over MAX_TEXT": (create_meeting(content("x" * (intake.MAX_TEXT + 1))).encode(), None),
    "NUL": (create_meeting(content("a\x00b")).encode(), None),
    "invalid UTF-8": (create_meeting(content("Bro\xe9ken")).encode("latin-1"), None),
    "truncated": (create_meeting().encode()[:-10], None),
}


def corpus() -> dict[str, tuple[bytes, str | None]]:
    """Every request of this module: the taken and left ones, the kits' builders, the hostile and broken inputs."""
    requests = {**TAKEN, **LEFT}
    for cut in range(0, len(SEED), 97):
        requests[f"seed cut at {cut}"] = (SEED[:cut], "text/xml")
    for name, body in {**attacks("file:///nonexistent/canary", "http://127.0.0.1:9/evil.dtd"), **over_limits()}.items():
        requests[f"hostile: {name}"] = (body.encode(), "text/xml")
    builders = {"GetMeeting huge": get(99999999999999999999), "joinurl": joinurl("<meetingKey>1</meetingKey>"),
                "hosturl": hosturl("<sessionKey>1</sessionKey>"), "bad date": with_topic("x").replace(
                    "12/01/2026 10:00:00", "02/30/2026 25:61:00"),
                "siteID": create_meeting(site="", extra="<siteID>690319</siteID><partnerID>p</partnerID>"),
                "email": create_meeting(user="", extra="<email>hostid@acme.com</email>"),
                "topic with markup": with_topic("a &amp; b &lt; c"), "start only": message(
                    "meeting.CreateMeeting", f"<metaData><confName>x</confName></metaData>{START}")}
    requests.update({f"kit: {name}": (body.encode(), "text/xml") for name, body in builders.items()})
    return requests


CORPUS = corpus()


def handled(service: XMLService, body: bytes, content_type: str | None, fidelity: str = LENIENT):
    store = fresh_store()
    store.clock = MockClock(frozen_ms=FROZEN_MS)
    outcome = service.handle(body, content_type, store, fidelity=fidelity)
    return outcome, snapshot(store)


def assert_same(body: bytes, content_type: str | None, fidelity: str = LENIENT) -> None:
    (fast, fast_store), (tolerant, tolerant_store) = (handled(s, body, content_type, fidelity)
                                                      for s in (FAST, TOLERANT))
    for field in dataclasses.fields(fast):
        if field.name not in ("latency_ms", "fired"):  # the collector's rules are ``rules``, compared
            assert getattr(fast, field.name) == getattr(tolerant, field.name), field.name
    assert fast_store == tolerant_store


@pytest.mark.parametrize("fidelity", [LENIENT, DOCUMENTED])
@pytest.mark.parametrize("name", list(CORPUS))
def test_both_paths_answer_the_same(name, fidelity):
    assert_same(*CORPUS[name], fidelity=fidelity)


@pytest.mark.parametrize("name", list(TAKEN))
def test_the_fast_path_is_taken(name):
    body, _ = TAKEN[name]
    assert FAST.fast is not None and FAST.fast.read(body, Notes()) is not None


@pytest.mark.parametrize("name", list(LEFT))
def test_the_fast_path_is_left(name):
    body, _ = LEFT[name]
    assert FAST.fast is not None and FAST.fast.read(body, Notes()) is None


def test_the_fast_path_is_on_by_default_and_can_be_forced_off():
    assert make_app().state.service.fast is not None
    assert TOLERANT.fast is None


def test_the_fast_path_reads_what_the_tolerant_path_reads():
    notes = Notes()
    read = FAST.fast.read(SEED, notes) if FAST.fast is not None else None
    assert read is not None
    text, call = read
    assert text == SEED.decode("utf-8") and call.validated and notes.items == []
    tolerant = intake.read(SEED, "text/xml")
    assert (call.service, call.operation, call.xsi_type, call.credentials) == (
        tolerant.service, tolerant.operation, tolerant.xsi_type, tolerant.credentials)
    assert FAST.schema.model.to_data(call.payload, call.operation) == TOLERANT.schema.model.to_data(
        tolerant.payload, tolerant.operation)


def test_the_xsd_allows_no_request_deeper_than_the_depth_limit():
    """So the fast path need not look for the depth limit (it would, were this no longer true)."""
    assert fastintake.deepest(FAST.schema) <= intake.MAX_DEPTH
    assert FAST.fast is not None and not FAST.fast.deep


@fuzz_settings(200)
@given(valid_requests())
def test_valid_fuzz_requests_answer_the_same(request):
    assert_same(request.body, request.content_type)


@pytest.mark.slow
@fuzz_settings(600)
@given(mutated_requests())
def test_mutated_fuzz_requests_answer_the_same(request):
    assert_same(request.body, request.content_type)


# -- through the app: the journal entries ------------------------------------------------------------

def _journal(fast: bool, requests: list[tuple[bytes, str | None]]) -> list[dict]:
    app = make_app(clock_start="2027-01-15T08:00:00Z", clock_frozen=True)
    app.state.service = XMLService(fast=fast)
    bodies = []
    for body, content_type in requests:
        headers = {"Content-Length": str(len(body))} | ({"Content-Type": content_type} if content_type else {})
        status, _, answer, _ = asgi_post(app, [body], headers)
        assert status == 200
        bodies.append(answer)
    entries = [entry.to_dict() for entry in app.state.tenancy.get().journal.entries()]
    for entry in entries:
        for varying in ("id", "latency_ms", "time"):  # ids count on from the last app's
            entry.pop(varying, None)
    return [*entries, bodies]


def test_the_journal_records_the_same():
    requests = [CORPUS[name] for name in list(TAKEN) + list(LEFT)]
    assert _journal(True, requests) == _journal(False, requests)
