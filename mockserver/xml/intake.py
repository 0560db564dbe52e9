"""Request bytes -> a :class:`Call` (operation, credentials, normalised payload), or a WebEx error.

Accepts what the real service accepts (reference 1, 2.3, 10.1): ``serv:message``
without ``xmlns:serv``, an unprefixed ``<message>``, payload qualified or not and
in any order, UTF-8 or ISO-8859-1 declarations (or none), whitespace before the
declaration, comments, form-encoded bodies. Normalisation strips every prefix so
that ``schemas/request`` can validate a single, unqualified shape.

Parsing is hardened (docs/security.md): no DTDs, no entities,
no XInclude, no network, and every request is bounded by the limits below. A
request over a limit is refused with a FAILURE naming the limit, never parsed
further.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import NoReturn

from lxml import etree

from ..base.errors import InvalidRequest, clip
from ..base.fidelity import Notes
from ..domain.auth import Credentials
from .decoding import document_text
from .errors import ForwardFailed, MalformedRequest, UnknownOperation
from .namespaces import NS, WEBEX_NS_PREFIX

XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
BINDING = "com.webex.service.binding."

# -- limits (the body size limit is Config.max_body_bytes, enforced by the app) --
#: levels of element nesting, <message> being level 1
MAX_DEPTH = 40
#: elements in one request
MAX_ELEMENTS = 20_000
#: attributes on one element (namespace declarations are not attributes)
MAX_ATTRIBUTES = 32
#: namespace declarations on one element
MAX_NAMESPACES = 32
#: characters in one element's text, or in one attribute value
MAX_TEXT = 64 * 1024

_TOO_DEEP = f"elements are nested more than {MAX_DEPTH} levels deep"
#: the limits checked on the parsed tree, each: whether the text could break it at all (a cheap test
#: that is never wrong: an element needs a '<', a text no longer than the document), an XPath from
#: the root selecting the first element or attribute that does, and the reason. Attributes and
#: namespace declarations are counted in the text, before parsing (check_start_tags).
_LIMITS = tuple((possible, etree.XPath(path), reason) for possible, path, reason in (
    (lambda text: text.count("<") > MAX_ELEMENTS,
     f"(descendant-or-self::*)[{MAX_ELEMENTS + 1}]", f"more than {MAX_ELEMENTS} elements"),
    # nesting deeper than MAX_DEPTH takes more than MAX_DEPTH start tags, and each has a '<' that starts no end tag
    (lambda text: text.count("<") - text.count("</") > MAX_DEPTH, "(self::*" + "/*" * MAX_DEPTH + ")[1]", _TOO_DEEP),
    (lambda text: len(text) > MAX_TEXT,
     f"(descendant::text()[string-length() > {MAX_TEXT}])[1]/..",
     f"element '{{element}}' has a text longer than {MAX_TEXT} characters"),
    (lambda text: len(text) > MAX_TEXT,
     f"(descendant-or-self::*/@*[string-length() > {MAX_TEXT}])[1]",
     f"attribute '{{attribute}}' of element '{{element}}' is longer than {MAX_TEXT} characters"),
))

#: the depth limit's XPath (the fast path looks for it only where the request XSD allows more than MAX_DEPTH)
DEPTH_PATH = _LIMITS[1][1]

_OPERATION_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_TAG_NAME = re.compile(r"[^\s/>!?]+")
_ATTRIBUTE = re.compile(r"""\s+([^\s=/>]+)\s*=\s*(?:"[^"]*"|'[^']*')""")
_FEWEST_TO_CHECK = min(MAX_ATTRIBUTES, MAX_NAMESPACES)
_DECLARATION_TEXT = re.compile(r"^\s*<\?xml\s[^>]*?\?>", re.S)
#: a namespace declaration in a start tag (values hold no '<' and no quote of their own kind)
_NAMESPACE_DECLARATION = re.compile(r"""\s(xmlns(?::[^\s=/>]+)?)\s*=\s*(["'])([^"'<]*)\2""")
#: what libxml2's URI parser rejects in a namespace value (spaces, controls, and these)
_URI_UNSAFE = re.compile(r"""[\s\x00-\x1f"<>\\^`{|}]+""")
_NOT_A_URI = "is not a valid URI"

# The WebEx prefixes are pre-declared around the document, so a root written as
# <serv:message> without xmlns:serv (Cisco's own samples) parses. xsi is NOT
# pre-declared: the real service refuses an undeclared xsi (reference 2.3).
_WRAPPER_NAME = "webex-mockserver-document"
_PREDECLARED = " ".join(f'xmlns:{p}="{u}"' for p, u in NS.items() if p != "xsi")
_WRAPPER_OPEN = f"<{_WRAPPER_NAME} {_PREDECLARED}>"
_WRAPPER_CLOSE = f"</{_WRAPPER_NAME}>"


@dataclass
class Call:
    service: str                 # "meeting", "user", "site", "ep", ...
    operation: str               # "CreateMeeting"
    xsi_type: str                # as sent
    credentials: Credentials
    message: etree._Element      # normalised <message> (what the request XSD validates)
    payload: etree._Element      # the <CreateMeeting> element inside it
    #: read by the fast path (mockserver.xml.fastintake): nothing sent empty, already valid against the request XSD
    validated: bool = False


_parsers = threading.local()


def parser() -> etree.XMLParser:
    """This thread's hardened parser (no DTD, no entities, no network; comments and PIs dropped)."""
    made = getattr(_parsers, "parser", None)
    if made is None:
        made = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
            huge_tree=False, remove_comments=True, remove_pis=True, collect_ids=False,
        )
        _parsers.parser = made
    return made


def parse(text: str, notes: Notes | None = None) -> etree._Element:
    """Text (its declaration, if any, already honoured by :func:`decode`) -> the document's root element,
    within every limit."""
    text = _DECLARATION_TEXT.sub("", text, count=1)
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise MalformedRequest("Fail to forward request:DTDs and entity declarations are not accepted")
    if "\x00" in text:
        raise MalformedRequest("Fail to forward request:NUL character in request")
    check_start_tags(text)
    wrapper, text = _parse_tolerant(text, notes if notes is not None else Notes())
    root = _only_root(wrapper)
    _check_limits(root, text)
    return root


def _parse_tolerant(text: str, notes: Notes) -> tuple[etree._Element, str]:
    """The wrapped document, and the text it was parsed from: namespace values that are no URI are
    percent-encoded first (see :func:`_tolerate_namespace_values`) if lxml refuses them."""
    try:
        return _parse_wrapped(text), text
    except etree.XMLSyntaxError as exc:
        if _NOT_A_URI not in _message(exc):
            _refuse_syntax(exc)
    text = _tolerate_namespace_values(text, notes)
    try:
        return _parse_wrapped(text), text
    except etree.XMLSyntaxError as again:
        _refuse_syntax(again)


def _only_root(wrapper: etree._Element) -> etree._Element:
    roots = [child for child in wrapper if isinstance(child.tag, str)]
    if len(roots) != 1 or (wrapper.text or "").strip() or any((c.tail or "").strip() for c in wrapper):
        raise MalformedRequest("Fail to forward request:XML is not well-formed: expected exactly one root element")
    return roots[0]


def _parse_wrapped(text: str) -> etree._Element:
    return etree.fromstring((_WRAPPER_OPEN + text + _WRAPPER_CLOSE).encode("utf-8", "surrogatepass"), parser())


def _message(exc: etree.XMLSyntaxError) -> str:
    return str(exc.msg if hasattr(exc, "msg") else exc)


def _tolerate_namespace_values(text: str, notes: Notes) -> str:
    """libxml2 only warns about a namespace URI that is not a valid URI (the real service accepts it);
    lxml refuses it. Each such value is percent-encoded where it breaks URI syntax, and noted."""
    def fix(match: re.Match[str]) -> str:
        name, quote, value = match.group(1), match.group(2), match.group(3)
        if _URI_UNSAFE.search(value) is None:
            return match.group(0)
        notes.accommodate("namespace-not-uri", name,
                          f"namespace declaration {name}=\"{clip(value, 60)}\" is not a valid URI; "
                          "accepted, as libxml2 only warns about it")
        return f"{match.group(0)[:match.start(3) - match.start(0)]}{_URI_UNSAFE.sub(_percent, value)}{quote}"
    return _NAMESPACE_DECLARATION.sub(fix, text)


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group(0).encode("utf-8"))


def _refuse_syntax(exc: etree.XMLSyntaxError) -> NoReturn:
    message = _message(exc)
    if "Namespace prefix xsi" in message:
        raise ForwardFailed() from None
    if "Excessive depth" in message:  # libxml2's own limit (256) met before ours
        raise InvalidRequest("Invalid request: " + _TOO_DEEP) from None
    raise MalformedRequest(f"Fail to forward request:XML is not well-formed: {_syntax(exc)}") from None


def _check_limits(root: etree._Element, text: str) -> None:
    for possible, first, reason in _LIMITS:
        found = first(root) if possible(text) else []
        if isinstance(found, list) and found:
            element, attribute = _located(found[0], root)
            raise InvalidRequest("Invalid request: " + reason.format(
                element=clip(_local(element)), attribute=clip(attribute)))


def _located(hit: object, root: etree._Element) -> tuple[etree._Element, str]:
    """A limit's first hit as (element, attribute name): an attribute hit names its element and itself."""
    if isinstance(hit, etree._ElementUnicodeResult):
        parent, name = hit.getparent(), hit.attrname
        if parent is not None and isinstance(name, str):
            return parent, name
    return (hit if isinstance(hit, etree._Element) else root), ""


def check_start_tags(text: str) -> None:
    """Attributes and namespace declarations per element, counted in the text before lxml parses it.

    A start tag lies between one '<' and the next (attribute values hold no '<'), and each of its
    attributes and declarations has a '='; so only a stretch with that many '=' is read. A tag-like
    text inside a comment or CDATA section counts too, which no real request notices."""
    if text.count("=") <= _FEWEST_TO_CHECK:
        return
    for stretch in text.split("<"):
        if stretch.count("=") > _FEWEST_TO_CHECK:
            _check_start_tag(stretch)


def _check_start_tag(stretch: str) -> None:
    name = _TAG_NAME.match(stretch)
    if name is None:  # an end tag, comment, CDATA section or processing instruction
        return
    counts = {True: 0, False: 0}  # namespace declaration or not -> how many so far
    position = name.end()
    while attribute := _ATTRIBUTE.match(stretch, position):
        position = attribute.end()
        declaration = attribute.group(1) == "xmlns" or attribute.group(1).startswith("xmlns:")
        counts[declaration] += 1
        if counts[True] > MAX_NAMESPACES or counts[False] > MAX_ATTRIBUTES:
            what = f"{MAX_NAMESPACES} namespace declarations" if declaration else f"{MAX_ATTRIBUTES} attributes"
            raise InvalidRequest(f"Invalid request: element '{clip(name.group(0).rpartition(':')[2])}' has "
                                 f"more than {what}")


def _syntax(exc: etree.XMLSyntaxError) -> str:
    message = (getattr(exc, "msg", None) or str(exc)).split(" (<string>")[0]
    message = message.replace(_WRAPPER_NAME, "document")
    # the wrapper adds no line breaks, so lxml's line numbers are the client's
    return message


def read(body: bytes, content_type: str | None, notes: Notes | None = None) -> Call:
    return read_document(document_text(body, content_type, notes), notes)


def read_document(text: str, notes: Notes | None = None) -> Call:
    """The :class:`Call` in a request's XML document (from :func:`document_text`)."""
    notes = notes if notes is not None else Notes()
    header, content = _header_and_content(parse(text, notes), notes)
    xsi_type = content.get(XSI_TYPE)
    if xsi_type is None:
        raise UnknownOperation("Fail to forward request:bodyContent has no xsi:type")
    service, operation = split_type(xsi_type)

    message = etree.Element("message")
    new_header = etree.SubElement(message, "header")
    for child in list(header):
        new_header.append(_normalise(child))
    new_body = etree.SubElement(message, "body")
    payload = _normalise(content)
    # an operation name that is no XML name cannot be a WebEx operation; dispatch refuses it
    payload.tag = operation if _OPERATION_NAME.fullmatch(operation) else "unknown"
    new_body.append(payload)
    return Call(service, operation, xsi_type, credentials(new_header), message, payload)


def _header_and_content(root: etree._Element, notes: Notes) -> tuple[etree._Element, etree._Element]:
    """The ``header`` and the ``body``'s one ``bodyContent`` of a ``serv:message`` root."""
    _check_root(root, notes)
    header = _only_child(root, "header")
    body_el = _only_child(root, "body")
    stray = next((c for c in root if isinstance(c.tag, str) and _local(c) not in ("header", "body")), None)
    if stray is not None:  # never read, but never silently dropped either (an xi:include, say)
        raise MalformedRequest(
            f"Fail to forward request:message may hold only header and body, found '{clip(_local(stray))}'")
    contents = [c for c in body_el if isinstance(c.tag, str)]
    if len(contents) != 1 or _local(contents[0]) != "bodyContent":
        raise MalformedRequest("Fail to forward request:body must hold exactly one bodyContent")
    return header, contents[0]


def _check_root(root: etree._Element, notes: Notes) -> None:
    if _local(root) != "message" or not webex_or_none(str(root.tag)):
        raise MalformedRequest(
            f"Fail to forward request:root element must be serv:message, found '{clip(_local(root))}'")
    if not str(root.tag).startswith("{"):
        note_unprefixed(notes)


def note_unprefixed(notes: Notes) -> None:
    notes.accommodate("unprefixed-message", "message", "root <message> is in no namespace; read as serv:message")


def split_type(xsi_type: str) -> tuple[str, str]:
    """``java:com.webex.service.binding.meeting.CreateMeeting`` -> (``meeting``, ``CreateMeeting``).

    The short form without ``java:com.webex.service.binding.`` (``site.LstTimeZone``) names the same
    operation: Cisco's own LstTimeZone sample sends it, and so do shipped clients for LstTimeZone and
    GetLoginTicket (reference §22, §29). A name without a service (``CreateMeeting``) has service ""."""
    name = xsi_type.strip()
    if name.startswith("java:"):
        name = name[5:]
    if name.startswith(BINDING):
        name = name[len(BINDING):]
    if "." not in name:
        return "", name
    service, _, operation = name.rpartition(".")
    return service, operation


def _normalise(element: etree._Element) -> etree._Element:
    """Rename ``element`` and its descendants in place to local names and drop attributes.

    Elements from a foreign namespace (XInclude's among them) are refused."""
    for node in element.iter(etree.Element):
        tag = node.tag
        if tag[0] == "{":
            namespace, _, local = tag[1:].partition("}")
            if not namespace.startswith(WEBEX_NS_PREFIX):
                raise InvalidRequest(f"Invalid request: element '{clip(local)}' is in an unknown namespace "
                                     f"'{clip(namespace)}'")
            node.tag = local
        if node.keys():
            node.attrib.clear()
    return element


#: securityContext element -> Credentials field
_CREDENTIAL_FIELDS = {"webExID": "webex_id", "password": "password", "siteID": "site_id", "siteName": "site_name",
                      "partnerID": "partner_id", "email": "email", "sessionTicket": "session_ticket"}


def credentials(header: etree._Element) -> Credentials:
    """The credentials of a normalised header (its securityContext's elements, renamed to local names)."""
    context = header.find("securityContext")
    if context is None:
        return Credentials()
    sent: dict[str, str | None] = {}
    for node in context:  # one pass; the first of a repeated element counts (validation refuses a repeat)
        name = _CREDENTIAL_FIELDS.get(node.tag) if isinstance(node.tag, str) else None
        if name is not None and name not in sent:  # an empty element is not sent (docs/fidelity.md)
            sent[name] = (node.text or "").strip() or None
    return Credentials(**sent)


def _only_child(parent: etree._Element, name: str) -> etree._Element:
    found = [c for c in parent if isinstance(c.tag, str) and _local(c) == name]
    if len(found) != 1:
        raise MalformedRequest(f"Fail to forward request:message must hold exactly one {name}")
    return found[0]


def _local(element: etree._Element) -> str:
    """An element's local name (its tag without the "{namespace}")."""
    return local_name(element.tag)


def local_name(tag: object) -> str:
    """A tag's local name (without the "{namespace}")."""
    return str(tag).rpartition("}")[2]


def webex_or_none(tag: str) -> bool:
    """Whether a tag is in no namespace or in a WebEx one."""
    return not tag.startswith("{") or tag.startswith("{" + WEBEX_NS_PREFIX)
