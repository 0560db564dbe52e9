"""Hypothesis strategies and checks for the fuzz tests (tests/xml/test_fuzz_requests.py).

Valid CreateMeeting requests are generated from the request XSDs as the one XSD model
reads them (mockserver/xsd.py): which elements a type has, and whether each is complex
or repeated, from :class:`SchemaModel` (``RequestSchema().model``); enumerations,
ranges, lengths and ``minOccurs`` from the same model's particles. Mutations then break
them the way clients under test do: drop, duplicate, reorder, rename and retype
elements, change the operation, flip prefixes, namespaces and encodings, inject
markup, truncate and corrupt bytes.

``WEBEX_MOCK_FUZZ_EXAMPLES`` sets the examples per fuzz test (CI: the defaults in
the tests; ``scripts/fuzz.sh`` runs 100,000).
"""

from __future__ import annotations

import copy
import json
import os
import re
import urllib.parse
from dataclasses import dataclass, field
from datetime import datetime
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from lxml import etree

from mockserver.domain import timezones
from mockserver.domain.records import Meeting
from mockserver.domain.sites import load_seed
from mockserver.domain.store import Store
from mockserver.xml.operations import OPERATIONS
from mockserver.xml.schema import ResponseSchema
from mockserver.xml.service import XMLService
from mockserver.xml.xsd import Particle

XSI = "http://www.w3.org/2001/XMLSchema-instance"
WEBEX = "http://www.webex.com/schemas/2002/06/"
SERV, MEET, COM = WEBEX + "service", WEBEX + "service/meeting", WEBEX + "common"
BINDING = "java:com.webex.service.binding."
HAS_GET_MEETING = "meeting.GetMeeting" in OPERATIONS

SERVICE = XMLService()
MODEL = SERVICE.schema.model
RESPONSES = ResponseSchema()
SITES = load_seed()
USERS = [user for site in SITES for user in site.users] + ["nobody@acme.com", "HostID@ACME.com"]
INTERNAL_ERROR = "Internal error in webex-mockserver"


def examples(default: int) -> int:
    return int(os.environ.get("WEBEX_MOCK_FUZZ_EXAMPLES") or default)


def fuzz_settings(default: int) -> settings:
    """CI: ``default`` examples, derandomized (the same examples every run); long runs: random."""
    long_run = bool(os.environ.get("WEBEX_MOCK_FUZZ_EXAMPLES"))
    return settings(max_examples=examples(default), deadline=None, database=None, derandomize=not long_run,
                    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


# -- the XSD facts SchemaModel's fields do not carry, from the same model (mockserver/xsd.py) ----------

@dataclass(frozen=True)
class Spec:
    min_occurs: int
    base: str                                   # the built-in (xs:...) the restrictions end at, or "complex"
    named: str | None = None                    # the first named simple type met (wbool, wdate, ...)
    enumeration: tuple[str, ...] = ()
    low: int | None = None
    high: int | None = None
    max_length: int | None = None


def _spec(particle: Particle) -> Spec:
    simple = particle.simple
    if simple is None:
        return Spec(particle.min_occurs, "complex")
    return Spec(particle.min_occurs, simple.base, simple.named, simple.enumeration, simple.low, simple.high,
                simple.max_length)


#: (type name, element name) -> Spec, for every element of every request type
SPECS = {(owner, particle.name): _spec(particle)
         for (_, owner), particles in MODEL.xsd.types.items() for particle in particles}

# -- values -----------------------------------------------------------------------------------------

#: characters XML 1.0 allows (no surrogates, no other C0 controls, no U+FFFE/U+FFFF)
XML_CHAR = st.one_of(st.sampled_from("\t\n\r"), st.characters(
    min_codepoint=0x20, blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff"))
WORD = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E, blacklist_characters="<&>"), min_size=1,
               max_size=12)


def texts(max_size: int = 40, min_size: int = 0) -> st.SearchStrategy[str]:
    return st.text(XML_CHAR, min_size=min_size, max_size=max_size)


BOOLEANS = st.sampled_from(["true", "TRUE", "True", "false", "FALSE", "False", " true\n"])
DATES = st.builds(lambda moment, style: _date(moment, style),
                  st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31, 23, 59, 59)),
                  st.sampled_from(["padded", "unpadded", "no seconds"]))


def _date(moment: datetime, style: str) -> str:
    if style == "padded":
        return moment.strftime("%m/%d/%Y %H:%M:%S")
    if style == "unpadded":
        return f"{moment.month}/{moment.day}/{moment.year} {moment.hour}:{moment.minute}:{moment.second}"
    return moment.strftime("%m/%d/%Y %H:%M")


_INTEGERS = {"xs:long": (-2**63, 2**63 - 1), "xs:integer": (None, None), "xs:nonNegativeInteger": (0, None)}

#: values the rules (not the XSD) constrain, chosen so that most valid requests succeed
OVERRIDES = {
    ("metaData", "confName"): st.builds("".join, st.tuples(texts(8), WORD, texts(8))),
    ("schedule", "hostWebExID"): st.sampled_from(USERS),
    ("schedule", "timeZone"): st.sampled_from(sorted(timezones.LABELS.values())),
    ("schedule", "duration"): st.integers(0, 1500).map(str),
    ("repeat", "expirationDate"): st.one_of(DATES, st.just("none")),
}
#: optional in the XSD, required by the rules (reference 3.1)
FORCED = {("CreateMeeting", "metaData"), ("CreateMeeting", "schedule"), ("metaData", "confName"),
          ("schedule", "startDate")}
#: FAILUREs a schema-valid CreateMeeting may still get: documented rules
RULE_REFUSALS = {"060017", "060019", "060021"}


def values(owner: str, name: str) -> st.SearchStrategy[str]:
    if (owner, name) in OVERRIDES:
        return OVERRIDES[(owner, name)]
    spec = SPECS[(owner, name)]
    if spec.named == "wbool":
        return BOOLEANS
    if spec.named == "wdate":
        return DATES
    if spec.enumeration:
        return st.sampled_from(spec.enumeration)
    if spec.base in _INTEGERS:
        low, high = _INTEGERS[spec.base]
        low = spec.low if spec.low is not None else low
        high = spec.high if spec.high is not None else high
        near_zero = st.integers(-100 if low is None else max(low, -100), 1000 if high is None else min(high, 1000))
        return st.one_of(near_zero, st.integers(low, high)).map(str)
    return texts(max_size=min(spec.max_length or 40, 40))


# -- requests as small trees ------------------------------------------------------------------------

@dataclass
class Node:
    name: str
    children: list[Node] | None = None      # None: a leaf holding text
    text: str = ""
    prefix: str = ""                          # as written, e.g. "serv:"
    extra: str = ""                           # attributes and declarations as written, e.g. ' xsi:type="..."'

    def walk(self, parent: Node | None = None):
        yield parent, self
        for child in self.children or []:
            yield from child.walk(self)


@st.composite
def content(draw, type_name: str) -> list[Node]:
    """The children of a valid element of ``type_name``: the required ones and up to six optional ones, in any
    order (every type is xs:all, or one repeated child)."""
    fields = MODEL.types[type_name]
    required = [n for n in fields if SPECS[(type_name, n)].min_occurs > 0 or (type_name, n) in FORCED]
    optional = [n for n in fields if n not in required]
    chosen = required + (draw(st.lists(st.sampled_from(optional), unique=True, max_size=min(len(optional), 6)))
                         if optional else [])
    nodes = []
    for name in draw(st.permutations(chosen)):
        spec = fields[name]
        for _ in range(draw(st.integers(int(name in required), 3)) if spec.repeated else 1):
            nodes.append(Node(name, draw(_filled(content(spec.type), name in required))) if spec.complex
                         else Node(name, text=draw(_filled(values(type_name, name), name in required))))
    return nodes


def _filled(strategy: st.SearchStrategy, required: bool) -> st.SearchStrategy:
    """An empty element means "not sent" (docs/fidelity.md), so a required one is never drawn empty."""
    return strategy.filter(lambda drawn: bool(drawn.strip() if isinstance(drawn, str) else drawn)) if required \
        else strategy


def envelope(payload: list[Node], operation: str = "meeting.CreateMeeting", user: str = "hostid@acme.com",
             site: str = "acme") -> Node:
    """What real clients send (Cisco's samples): serv:message without xmlns:serv, unprefixed inside."""
    security = Node("securityContext", [Node("siteName", text=site), Node("webExID", text=user),
                                        Node("password", text="passw0rd")])
    body = Node("bodyContent", payload, extra=f' xsi:type="{BINDING}{operation}"')
    return Node("message", [Node("header", [security]), Node("body", [body])], prefix="serv:",
                extra=f' xmlns:xsi="{XSI}"')


@dataclass
class Request:
    body: bytes
    content_type: str | None
    mutations: list[str] = field(default_factory=list)
    conf_name: str | None = None       # the confName sent, for an unmutated request

    def __repr__(self) -> str:  # what hypothesis prints for a failing example
        return f"Request(mutations={self.mutations}, content_type={self.content_type!r}, body={self.body!r})"


VALID_MESSAGES = st.builds(envelope, content("CreateMeeting"),
                           user=st.sampled_from(["hostid@acme.com", "admin@acme.com", "alice@acme.com"]))


@st.composite
def valid_requests(draw) -> Request:
    message = draw(VALID_MESSAGES)
    conf = next(n for _, n in message.walk() if n.name == "confName").text
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n' + render(message)).encode("utf-8")
    return Request(body, "text/xml", conf_name=conf)


# -- mutations --------------------------------------------------------------------------------------

FIELD_NAMES = sorted({name for fields in MODEL.types.values() for name in fields} | set(MODEL.types))
ODD_VALUES = st.one_of(
    texts(), WORD, BOOLEANS, DATES,
    st.sampled_from(["", " ", "99999999999999999999", "-9223372036854775809", "9223372036854775807", "-1", "0",
                     "+5", "1e10", "NaN", "0x10", "٣", "²", "02/30/2026 25:61:00", "13/01/2026 10:00:00",
                     "12/31/9999 23:59:59", "01/01/0001 00:00:00", "1/1/2026", "none", "1", "yes", "null",
                     "x" * 3000, "€" * 200]),
    st.integers().map(str))
ODD_NAMES = st.one_of(st.sampled_from(FIELD_NAMES), st.from_regex(r"[A-Za-z_][A-Za-z0-9_.-]{0,12}", fullmatch=True),
                      st.sampled_from(["1abc", "a b", "x:y:z", "", "-", "\u00e9t\u00e9", "metadata", "CONFNAME"]))
PREFIXES = st.sampled_from(["", "serv:", "meet:", "com:", "att:", "use:", "x:", "zz:", "xsi:"])
OPERATIONS_SENT = st.one_of(
    st.sampled_from(["meeting.CreateMeeting", "meeting.SetMeeting", "meeting.GetMeeting", "meeting.DelMeeting",
                     "meeting.LstsummaryMeeting", "meeting.GetjoinurlMeeting", "meeting.GethosturlMeeting",
                     "user.GetUser", "site.GetSite", "ep.GetAPIVersion", "user.AuthenticateUser",
                     "meeting.LstMeeting", "meeting.CreateMeting", "meeting.createmeeting", "CreateMeeting",
                     "meeting.", ".", "meeting.auo.CreateTeleconferenceSession"]),
    WORD)
MARKUP = st.sampled_from([
    "<!-- c -->", "<?pi x?>", "<![CDATA[<x>&]]>", "&amp;", "&lt;", "&#65;", "&#x1F600;", "&#0;", "&#xD800;",
    "&undefined;", "&#x110000;", " \n\t ", "<x/>", "<bad", "</confName>", "]]>", "<xi:include "
    'xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/hostname" parse="text"/>'])


def _pick(draw, message: Node, want=lambda parent, node: parent is not None):
    """A node (and its parent) to mutate; payload leaves come first, as hypothesis favours early choices."""
    found = [(parent, node) for parent, node in message.walk() if want(parent, node)][::-1]
    return draw(st.sampled_from(found)) if found else (None, None)


def drop(draw, message):
    parent, node = _pick(draw, message)
    if parent is not None:
        parent.children.remove(node)


def duplicate(draw, message):
    parent, node = _pick(draw, message)
    if parent is not None:
        parent.children.insert(parent.children.index(node), copy.deepcopy(node))


def reorder(draw, message):
    _, node = _pick(draw, message, lambda p, n: n.children is not None and len(n.children) > 1)
    if node is not None:
        node.children[:] = draw(st.permutations(node.children))


def rename(draw, message):
    _, node = _pick(draw, message, lambda p, n: True)
    node.name = draw(ODD_NAMES)


def retype(draw, message):
    _, node = _pick(draw, message, lambda p, n: True)
    kind = draw(st.sampled_from(["value", "to complex", "to leaf"]))
    if kind == "to complex" or (kind == "value" and node.children is not None and draw(st.booleans())):
        node.children = [Node(draw(ODD_NAMES) or "x", text=draw(ODD_VALUES))]
    else:
        node.children, node.text = None, draw(ODD_VALUES)


def operation(draw, message):
    body = next((n for _, n in message.walk() if n.name == "bodyContent"), message)
    choice = draw(st.sampled_from(["type", "no type", "undeclared xsi", "meetingKey"]))
    if choice == "type":
        sent = draw(OPERATIONS_SENT)
        body.extra = f' xsi:type="{draw(st.sampled_from([BINDING, "", "java:", "com.webex.service.binding."]))}{sent}"'
    elif choice == "no type":
        body.extra = ""
    elif choice == "undeclared xsi":
        message.extra = ""
    else:
        key = draw(st.sampled_from([str(EXISTING_KEY), "-1", "0", "99999999999999999999"]))
        body.children = (body.children or []) + [Node("meetingKey", text=key)]


def prefix(draw, message):
    _, node = _pick(draw, message, lambda p, n: True)
    node.prefix = draw(PREFIXES)
    declaration = draw(st.sampled_from(["", ' xmlns:x="urn:other"', f' xmlns="{MEET}"', ' xmlns="urn:other"',
                                        f' xmlns:serv="{SERV}"', f' xmlns:meet="{COM}"', ' xmlns:x=""']))
    node.extra += declaration


def inject(draw, message):
    _, node = _pick(draw, message, lambda p, n: True)
    if node.children is None:
        node.children = [Node("#text", text=node.text)] if node.text else []
        node.text = ""
    node.children.insert(draw(st.integers(0, len(node.children))), Node("#markup", text=draw(MARKUP)))


def attributes(draw, message):
    _, node = _pick(draw, message, lambda p, n: True)
    node.extra += draw(st.sampled_from([' a="1"', " a='1' a='2'", ' xsi:nil="true"', ' xml:lang="en"',
                                        ' xsi:type="xs:string"', ' b="&lt;"', " c"]))


def security(draw, message):
    node = next((n for _, n in message.walk() if n.name == "securityContext"), None)
    if node is None or node.children is None:
        return
    node.children = [c for c in node.children if draw(st.booleans())] + draw(st.lists(st.builds(
        lambda name, text: Node(name, text=text),
        st.sampled_from(["siteName", "webExID", "password", "siteID", "partnerID", "email", "sessionTicket"]),
        st.one_of(ODD_VALUES, st.sampled_from(["acme", "globex", "690319", "g0webx!", "passw0rd"] + USERS))),
        max_size=2))


TREE_MUTATIONS = [drop, duplicate, reorder, rename, retype, operation, prefix, inject, attributes, security]


def render(node: Node) -> str:
    if node.name == "#text":
        return escape(node.text)
    if node.name == "#markup":
        return node.text
    inner = escape(node.text) if node.children is None else "".join(render(c) for c in node.children)
    return f"<{node.prefix}{node.name}{node.extra}>{inner}</{node.prefix}{node.name}>"


UTF8_DECLARATIONS = st.sampled_from(['<?xml version="1.0" encoding="UTF-8"?>\n', "", '<?xml version="1.0"?>',
                                     "\n  <?xml version='1.0' encoding='utf-8' ?>", '<?xml version="1.1"?>',
                                     '<?xml version="1.0" standalone="yes"?>'])
ENCODINGS = st.sampled_from(["utf-8"] * 12 + ["utf-8 bom", "latin-1", "utf-16-le bom", "utf-16-be bom", "utf-16 no bom",
                             "latin-1 declared, utf-8 sent", "utf-8 declared, latin-1 sent", "form", "cp1252",
                             "ascii", "odd charset declared"])
#: encoding names a client might declare: Python codecs that are no charset, charsets Python lacks, aliases
ODD_CHARSETS = st.sampled_from(["rot13", "base64", "hex", "zlib", "undefined", "idna", "punycode", "unicode_escape",
                                "raw_unicode_escape", "utf-7", "utf-32", "UTF-32LE", "cp037", "x-unknown", "UTF8",
                                "latin1", "utf_8_sig", "mbcs", "UTF-16BE", "charmap", ""])
CONTENT_TYPES = st.sampled_from(["text/xml", "application/xml", None, "text/xml; charset=ISO-8859-1",
                                 "application/x-www-form-urlencoded", "multipart/form-data", "text/xml charset=UTF-8"])


def encode(text: str, encoding: str, declaration: str) -> tuple[bytes, str | None]:
    """``text`` as bytes in ``encoding`` (see ENCODINGS), after ``declaration`` ("named": one naming the encoding)."""
    named = {"latin-1": "ISO-8859-1", "latin-1 declared, utf-8 sent": "ISO-8859-1", "cp1252": "windows-1252",
             "ascii": "US-ASCII", "utf-16-le bom": "UTF-16", "utf-16-be bom": "UTF-16",
             "utf-16 no bom": "UTF-16"}.get(encoding, "UTF-8")
    if declaration == "named":
        declaration = f'<?xml version="1.0" encoding="{named}"?>\n'
    document = declaration + text
    if encoding in ("latin-1", "utf-8 declared, latin-1 sent", "cp1252", "ascii"):
        codec = {"cp1252": "cp1252", "ascii": "ascii"}.get(encoding, "latin-1")
        return document.encode(codec, "xmlcharrefreplace"), "text/xml"
    if encoding.startswith("utf-16"):
        codec = "utf-16-be" if "-be" in encoding else "utf-16-le"
        bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[codec] if "no bom" not in encoding else b""
        return bom + document.encode(codec, "surrogatepass"), "text/xml"
    raw = document.encode("utf-8")
    if encoding == "utf-8 bom":
        return b"\xef\xbb\xbf" + raw, "text/xml"
    if encoding == "form":
        return ("XML=" + urllib.parse.quote_plus(raw)).encode("ascii"), "application/x-www-form-urlencoded"
    return raw, "text/xml"


@st.composite
def mutated_requests(draw) -> Request:
    message = draw(VALID_MESSAGES)
    labels = []
    for mutation in draw(st.lists(st.sampled_from(TREE_MUTATIONS), min_size=1, max_size=4)):
        mutation(draw, message)
        labels.append(mutation.__name__)
    encoding = draw(ENCODINGS)
    if encoding == "utf-8":
        declaration = draw(UTF8_DECLARATIONS)
    elif encoding == "odd charset declared":
        declaration = f'<?xml version="1.0" encoding="{draw(ODD_CHARSETS)}"?>'
    else:
        declaration = draw(st.sampled_from(["named", ""]))
    body, content_type = encode(render(message), encoding, declaration)
    labels.append(encoding)
    if draw(st.booleans()):
        content_type = draw(CONTENT_TYPES)
    damages = draw(st.lists(st.sampled_from(["truncate", "flip", "insert"]), max_size=2)) if draw(
        st.integers(0, 4)) == 0 else []
    for damage in damages:
        at = draw(st.integers(0, max(len(body) - 1, 0)))
        if damage == "truncate":
            body = body[:at]
        elif damage == "flip":
            body = body[:at] + bytes([draw(st.integers(0, 255))]) + body[at + 1:]
        else:
            body = body[:at] + draw(st.binary(min_size=1, max_size=8)) + body[at:]
        labels.append(damage)
    return Request(body, content_type, labels)


# -- running one request and checking what it did --------------------------------------------------

def _template() -> dict:
    store = Store.from_sites(SITES, seed=7)
    outcome = SERVICE.handle(render(envelope([Node("metaData", [Node("confName", text="Existing")]),
                                              Node("schedule", [Node("startDate", text="12/01/2026 10:00:00")])]))
                             .encode(), "text/xml", store)
    assert outcome.result == "SUCCESS", outcome.reason
    return store.get_meeting("acme", outcome.meeting_key).to_dict()


TEMPLATE = _template()
EXISTING_KEY = TEMPLATE["key"]


def fresh_store() -> Store:
    """The seed sites and one meeting (EXISTING_KEY, host hostid@acme.com) that mutations may name."""
    store = Store.from_sites(SITES, seed=11)
    store.put_meeting(Meeting.from_dict(TEMPLATE))
    return store


def snapshot(store: Store) -> dict[tuple[str, int], str]:
    return {(site, m.key): json.dumps(m.to_dict(), sort_keys=True, default=str)
            for site in store.sites for m in store.site_meetings(site)}


_MEETING_KEY = re.compile(rb"<meet:meetingkey>(\d+)</meet:meetingkey>")


def check(request: Request) -> tuple[str, str | None]:
    """Send ``request`` to a fresh store and assert the fuzz properties; returns (result, exceptionID)."""
    store = fresh_store()
    before = snapshot(store)
    outcome = SERVICE.handle(request.body, request.content_type, store)
    assert INTERNAL_ERROR not in (outcome.reason or ""), "the mock crashed (see its log)"
    assert b"Traceback" not in outcome.body
    _valid_answer(outcome.body)
    after = snapshot(store)
    if outcome.result == "FAILURE":
        assert after == before, f"a FAILURE ({outcome.exception_id} {outcome.reason}) changed the store"
    elif outcome.operation == "meeting.CreateMeeting":
        created = set(after) - set(before)
        key = int(_MEETING_KEY.search(outcome.body).group(1))
        assert len(created) == 1 and next(iter(created))[1] == key
        assert all(after[k] == before[k] for k in before), "CreateMeeting changed another meeting"
        site = next(iter(created))[0]
        _visible(store, site, key, request)
    return outcome.result, outcome.exception_id


def _valid_answer(body: bytes) -> None:
    errors = RESPONSES.errors(body)
    assert not errors, f"answer breaks the response XSD: {errors}\n{body.decode()}"


def _visible(store: Store, site: str, key: int, request: Request) -> None:
    stored = store.get_meeting(site, key)
    assert stored is not None
    conf = stored.data["metaData"]["confName"]
    if request.conf_name is not None:  # XML turns every CR LF and lone CR into LF
        assert conf == request.conf_name.replace("\r\n", "\n").replace("\r", "\n")
    if not HAS_GET_MEETING:
        return
    host = stored.host
    answer = SERVICE.handle(render(envelope([Node("meetingKey", text=str(key))], "meeting.GetMeeting", user=host,
                                            site=store.sites[site].siteName)).encode(), "text/xml", store)
    assert answer.result == "SUCCESS", f"GetMeeting {key}: {answer.exception_id} {answer.reason}"
    _valid_answer(answer.body)
    root = etree.fromstring(answer.body)
    found = root.find(f".//{{{MEET}}}meetingkey")
    assert found is not None and int(found.text) == key
    assert root.find(f".//{{{MEET}}}confName").text == conf
