"""Request bytes -> a :class:`Call` (operation, credentials, normalised payload), or a WebEx error.

Accepts what the real service accepts (reference 1, 2.3, 10.1): ``serv:message``
without ``xmlns:serv``, an unprefixed ``<message>``, payload qualified or not and
in any order, UTF-8 or ISO-8859-1 declarations (or none), whitespace before the
declaration, comments, form-encoded bodies. Normalisation strips every prefix so
that ``schemas/request`` can validate a single, unqualified shape.

Parsing is hardened: no DTDs, no entities, no network, bounded depth and size.
"""

from __future__ import annotations

import codecs
import re
import threading
import urllib.parse
from dataclasses import dataclass

from lxml import etree

from .errors import ForwardFailed, InvalidRequest, MalformedRequest, UnknownOperation
from .namespaces import NS, WEBEX_NS_PREFIX

XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
BINDING = "com.webex.service.binding."
MAX_DEPTH = 40
MAX_ELEMENTS = 20_000
# header/body children start at depth 2
_TOO_DEEP = etree.XPath("boolean(." + "/*" * (MAX_DEPTH - 2) + ")")

_DECLARATION = re.compile(rb"^\s*<\?xml\s[^>]*?\?>", re.S)
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_OPERATION_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_DECLARATION_TEXT = re.compile(r"^\s*<\?xml\s[^>]*?\?>", re.S)

# The WebEx prefixes are pre-declared around the document, so a root written as
# <serv:message> without xmlns:serv (Cisco's own samples) parses. xsi is NOT
# pre-declared: the real service refuses an undeclared xsi (reference 2.3).
_WRAPPER_NAME = "webex-mockserver-document"
_WRAPPER_OPEN = "<%s %s>" % (
    _WRAPPER_NAME,
    " ".join(f'xmlns:{p}="{u}"' for p, u in NS.items() if p != "xsi"),
)
_WRAPPER_CLOSE = f"</{_WRAPPER_NAME}>"


@dataclass(frozen=True)
class Credentials:
    webex_id: str | None = None
    password: str | None = None
    site_id: str | None = None
    site_name: str | None = None
    partner_id: str | None = None
    email: str | None = None
    session_ticket: str | None = None


@dataclass
class Call:
    service: str                 # "meeting", "user", "site", "ep", ...
    operation: str               # "CreateMeeting"
    xsi_type: str                # as sent
    credentials: Credentials
    message: etree._Element      # normalised <message> (what the request XSD validates)
    payload: etree._Element      # the <CreateMeeting> element inside it


_parsers = threading.local()


def _parser() -> etree.XMLParser:
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
            huge_tree=False, remove_comments=True, remove_pis=True, collect_ids=False,
        )
        _parsers.parser = parser
    return parser


def extract_xml(body: bytes, content_type: str | None) -> bytes:
    """The XML document in a request body: raw, or in the ``XML=`` field of a form."""
    stripped = body.lstrip()
    is_form = "x-www-form-urlencoded" in (content_type or "").lower()
    if stripped[:4].upper() == b"XML=" or (is_form and not stripped.startswith((b"<", codecs.BOM_UTF8))):
        # percent-decode to the original bytes so the XML declaration still rules
        fields = urllib.parse.parse_qs(body.decode("latin-1"), keep_blank_values=True, encoding="latin-1")
        for name, values in fields.items():
            if name.strip().upper() == "XML" and values:
                return values[0].encode("latin-1")
        raise MalformedRequest("Fail to forward request:form body has no XML field")
    return body


def decode(document: bytes) -> str:
    """Bytes -> text, honouring a BOM or the XML declaration's encoding (default UTF-8)."""
    if not document.strip():
        raise MalformedRequest("Fail to forward request:empty request body")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if document.startswith(bom):
            return _decode(document[len(bom):], encoding)
    declaration = _DECLARATION.match(document)
    encoding = "utf-8"
    if declaration:
        named = _ENCODING.search(declaration.group(0))
        if named:
            encoding = named.group(1).decode("ascii")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise MalformedRequest(f"Fail to forward request:unsupported encoding '{encoding}'") from None
    return _decode(document, encoding)


def _decode(document: bytes, encoding: str) -> str:
    try:
        text = document.decode(encoding)
    except UnicodeDecodeError as exc:
        raise MalformedRequest(
            f"Fail to forward request:invalid {encoding.upper()} byte sequence at offset {exc.start}") from None
    return _DECLARATION_TEXT.sub("", text, count=1)


def parse(text: str) -> etree._Element:
    """Text (declaration removed) -> the document's root element."""
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise MalformedRequest("Fail to forward request:DTDs and entity declarations are not accepted")
    if "\x00" in text:
        raise MalformedRequest("Fail to forward request:NUL character in request")
    try:
        wrapper = etree.fromstring((_WRAPPER_OPEN + text + _WRAPPER_CLOSE).encode("utf-8", "surrogatepass"), _parser())
    except etree.XMLSyntaxError as exc:
        message = str(exc.msg if hasattr(exc, "msg") else exc)
        if "Namespace prefix xsi" in message:
            raise ForwardFailed() from None
        raise MalformedRequest(f"Fail to forward request:XML is not well-formed: {_syntax(exc)}") from None
    roots = [child for child in wrapper if isinstance(child.tag, str)]
    if len(roots) != 1 or (wrapper.text or "").strip() or any((c.tail or "").strip() for c in wrapper):
        raise MalformedRequest("Fail to forward request:XML is not well-formed: expected exactly one root element")
    return roots[0]


def _syntax(exc: etree.XMLSyntaxError) -> str:
    message = (getattr(exc, "msg", None) or str(exc)).split(" (<string>")[0]
    message = message.replace(_WRAPPER_NAME, "document")
    # the wrapper adds no line breaks, so lxml's line numbers are the client's
    return message


def read(body: bytes, content_type: str | None) -> Call:
    root = parse(decode(extract_xml(body, content_type)))
    if _local(root) != "message" or not _webex_or_none(root):
        raise MalformedRequest(
            f"Fail to forward request:root element must be serv:message, found '{_local(root)}'")
    header = _only_child(root, "header", required=True)
    body_el = _only_child(root, "body", required=True)
    contents = [c for c in body_el if isinstance(c.tag, str)]
    if len(contents) != 1 or _local(contents[0]) != "bodyContent":
        raise MalformedRequest("Fail to forward request:body must hold exactly one bodyContent")
    content = contents[0]
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
    return Call(service, operation, xsi_type, _credentials(new_header), message, payload)


def split_type(xsi_type: str) -> tuple[str, str]:
    """``java:com.webex.service.binding.meeting.CreateMeeting`` -> (``meeting``, ``CreateMeeting``)."""
    name = xsi_type.strip()
    if name.startswith("java:"):
        name = name[5:]
    if not name.startswith(BINDING) or "." not in name[len(BINDING):]:
        return "", name
    service, _, operation = name[len(BINDING):].rpartition(".")
    return service, operation


def _normalise(element: etree._Element) -> etree._Element:
    """Rename ``element`` and its descendants in place to local names and drop attributes.

    Elements from a foreign namespace are refused; depth and size are bounded."""
    count = 0
    for node in element.iter(etree.Element):
        count += 1
        tag = node.tag
        if tag[0] == "{":
            namespace, _, local = tag[1:].partition("}")
            if not namespace.startswith(WEBEX_NS_PREFIX):
                raise InvalidRequest(f"Invalid request: element '{local}' is in an unknown namespace '{namespace}'")
            node.tag = local
        if node.keys():
            node.attrib.clear()
    if count > MAX_ELEMENTS:
        raise InvalidRequest(f"Invalid request: more than {MAX_ELEMENTS} elements")
    if _TOO_DEEP(element):
        raise InvalidRequest(f"Invalid request: elements are nested more than {MAX_DEPTH} levels deep")
    return element


def _credentials(header: etree._Element) -> Credentials:
    context = header.find("securityContext")
    if context is None:
        return Credentials()

    def text(name: str) -> str | None:
        node = context.find(name)
        return None if node is None or node.text is None else node.text.strip()

    return Credentials(
        webex_id=text("webExID"), password=text("password"), site_id=text("siteID"),
        site_name=text("siteName"), partner_id=text("partnerID"), email=text("email"),
        session_ticket=text("sessionTicket"),
    )


def _only_child(parent: etree._Element, name: str, required: bool) -> etree._Element | None:
    found = [c for c in parent if isinstance(c.tag, str) and _local(c) == name]
    if len(found) > 1 or (required and not found):
        raise MalformedRequest(f"Fail to forward request:message must hold exactly one {name}")
    return found[0] if found else None


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _webex_or_none(element: etree._Element) -> bool:
    namespace = etree.QName(element).namespace
    return namespace is None or namespace.startswith(WEBEX_NS_PREFIX)
