"""The fast path for a well-formed request: the body's bytes parsed once, validated once, read from the tree.

:func:`read` answers only requests for which it gives exactly what the tolerant path (:mod:`.decoding`,
:mod:`.intake`, then :meth:`RequestSchema.drop_empty` and :meth:`RequestSchema.check`) gives: the same
:class:`~.intake.Call` (operation, credentials, payload), the same fidelity notes, the same request text. For
anything else it returns ``None``, and the caller takes the tolerant path, which answers (or refuses) it as
before. When in doubt it returns ``None``: a request it leaves alone costs a few microseconds more, one it reads
differently would be a wrong answer.

What it takes: a body that starts with ``<`` (no BOM, no form, nothing before the declaration), in UTF-8 (or
declared US-ASCII or ISO-8859-1 and all ASCII), of at most :data:`~.intake.MAX_TEXT` bytes, with no NUL and no
DTD; a root ``message`` (unprefixed, or any WebEx prefix: an undeclared one is declared by splicing the root start
tag, as the tolerant path's wrapper does) holding ``header`` then ``body`` then one ``bodyContent`` whose
``xsi:type`` names an operation the mock serves; a payload with no attributes and no element sent empty; and the
whole valid against the request XSD once the envelope's few tags are renamed in place. Why each condition
keeps the answers the same is said where it is checked.
"""

from __future__ import annotations

import re

from lxml import etree

from ..base.errors import InvalidRequest
from ..base.fidelity import Notes
from . import decoding, intake
from .namespaces import NS, WEBEX_NS_PREFIX
from .operations import OPERATIONS
from .schema import RequestSchema

#: encodings a declaration may name for a body read as UTF-8: UTF-8 itself, and for an all-ASCII body those that
#: read ASCII bytes as ASCII (the tolerant path decodes with the named codec, then parses UTF-8: the same text)
_UTF8 = frozenset({"utf-8", "utf8"})
_ASCII = frozenset({"us-ascii", "ascii", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin-1", "latin1"})
#: the root start tag: XML white space (only what XML allows there), '<' and a plain ASCII name
_ROOT = re.compile(rb"[ \t\r\n]*<([A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?)[ \t\r\n/>]")
#: the declaration the fast path splices into the root start tag for each WebEx prefix (never xsi: an undeclared
#: xsi is refused, reference 2.3)
_DECLARE = {prefix.encode(): f' xmlns:{prefix}="{uri}"'.encode() for prefix, uri in NS.items() if prefix != "xsi"}
_ANY_ATTRIBUTE = etree.XPath("boolean(descendant::*/@*)")


class FastIntake:
    """The fast path for one :class:`RequestSchema`."""

    def __init__(self, schema: RequestSchema) -> None:
        self.schema = schema
        #: whether a request the XSD accepts may still nest deeper than MAX_DEPTH (then depth is looked for)
        self.deep = deepest(schema) > intake.MAX_DEPTH

    def read(self, body: bytes, notes: Notes) -> tuple[str, intake.Call] | None:
        """The request's text (as :func:`decoding.document_text` gives it) and its validated
        :class:`~.intake.Call`; ``None`` when the tolerant path must read it. Adds a note only when it answers."""
        return read(body, self.schema, notes, self.deep)


def read(body: bytes, schema: RequestSchema, notes: Notes, deep: bool = True) -> tuple[str, intake.Call] | None:
    """:meth:`FastIntake.read`; ``deep``: look for the depth limit (see :func:`deepest`)."""
    document = _document(body)
    if document is None:
        return None
    text, spliced = document
    try:
        root = etree.fromstring(spliced, intake.parser())
    except etree.XMLSyntaxError:  # the tolerant path refuses it, or accommodates a namespace that is no URI
        return None
    unprefixed = root.tag == "message"
    call = _call(root, text, schema, deep)
    if call is None:
        return None
    if unprefixed:
        intake.note_unprefixed(notes)
    return text, call


def _document(body: bytes) -> tuple[str, bytes] | None:
    """(the text, the bytes lxml parses) of a body the fast path can read."""
    if body[:1] != b"<" or len(body) > intake.MAX_TEXT or b"\x00" in body:
        # no BOM, no form (a form's body never starts with '<': decoding._is_form), no white space before a
        # declaration; within MAX_TEXT bytes, so within every limit but depth (see deepest)
        return None
    if b"!" in body and (b"<!DOCTYPE" in body or b"<!ENTITY" in body):  # refused as the tolerant path refuses it
        return None
    declaration = decoding.DECLARATION.match(body)
    if declaration is not None:
        named = decoding.ENCODING.search(declaration.group(0))
        encoding = named.group(1).decode("ascii").lower() if named else "utf-8"
        if encoding not in _UTF8 and not (encoding in _ASCII and body.isascii()):
            return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    try:
        intake.check_start_tags(text)  # attributes and namespace declarations counted as the tolerant path counts
    except InvalidRequest:
        return None
    position = declaration.end() if declaration is not None else 0
    root = _ROOT.match(body, position)
    if root is None:  # a comment, PI or DOCTYPE before the root, or a name this test does not read
        return None
    start, name_end = root.start(1) - 1, root.end(1)
    prefix, colon, _ = root.group(1).partition(b":")
    if not colon or prefix not in _DECLARE:
        return text, body[start:] if start else body
    tag_end = body.find(b">", name_end)
    if b"xmlns:" + prefix in body[name_end:tag_end]:  # declared by the client (if not, lxml refuses: tolerant path)
        return text, body[start:]
    return text, body[start:name_end] + _DECLARE[prefix] + body[name_end:]


def _call(root: etree._Element, text: str, schema: RequestSchema, deep: bool) -> intake.Call | None:
    """The call in a parsed document, renamed in place to the normalised shape and validated; ``None`` when the
    tolerant path could read it differently."""
    tag = root.tag
    if not isinstance(tag, str) or intake.local_name(tag) != "message" or not intake.webex_or_none(tag):
        return None
    if len(root) != 2:  # exactly header then body (the tolerant path takes them in any order, and refuses strays)
        return None
    header, body = root[0], root[1]
    if intake.local_name(header.tag) != "header" or intake.local_name(body.tag) != "body" or len(body) != 1:
        return None
    content = body[0]
    if intake.local_name(content.tag) != "bodyContent" or not intake.webex_or_none(content.tag):
        return None
    xsi_type = content.get(intake.XSI_TYPE)
    if xsi_type is None:
        return None
    service, operation = intake.split_type(xsi_type)
    if f"{service}.{operation}" not in OPERATIONS or operation not in schema.operations():
        return None  # the tolerant path names what is wrong, in its order
    if (deep and intake.DEPTH_PATH(root)) or not _header_normalised(header):
        return None
    if not _payload_plain(content, text):
        return None
    for element, name in ((root, "message"), (header, "header"), (body, "body"), (content, operation)):
        element.tag = name  # the tolerant path builds these anew: no attribute, no namespace
        element.attrib.clear()
    if not schema.valid(root):  # the tolerant path explains it (or reads it otherwise: text in message, say)
        return None
    return intake.Call(service, operation, xsi_type, intake.credentials(header), root, content, validated=True)


def deepest(schema: RequestSchema) -> int:
    """The deepest a request the XSD accepts can nest (``<message>`` is level 1; :data:`intake.MAX_DEPTH` + 1 when
    a type holds itself): a ``securityContext`` field is level 4, an operation's element level 3.

    The limits the tolerant path checks hold for every request the fast path reads: one of at most MAX_TEXT bytes
    holds no text or attribute value longer than MAX_TEXT characters (no DTD: no entity expands) and fewer than
    MAX_TEXT / 4 elements (``<a/>``), below MAX_ELEMENTS; a request the XSD accepts nests no deeper than this."""
    model, known = schema.model, dict[str, int]()

    def levels(type_name: str, seen: frozenset[str]) -> int:
        if type_name in seen:
            return intake.MAX_DEPTH + 1
        if type_name not in known:
            fields = model.types.get(type_name, {}).values()
            known[type_name] = 1 + max((levels(f.type, seen | {type_name}) if f.complex else 1 for f in fields),
                                       default=0)
        return known[type_name]

    return max([2 + levels("securityContext", frozenset())]
               + [2 + levels(op, frozenset()) for op in schema.operations()])


def _header_normalised(header: etree._Element) -> bool:
    """The header's elements renamed as the tolerant path renames them (intake's normalise: a WebEx prefix
    dropped, attributes cleared); False for a foreign namespace (refused there) or an element sent empty (dropped
    and noted there: RequestSchema.drop_empty)."""
    for node in header.iterdescendants():
        tag = node.tag
        if not isinstance(tag, str):
            return False
        if tag[0] == "{":
            namespace, _, local = tag[1:].partition("}")
            if not namespace.startswith(WEBEX_NS_PREFIX):
                return False
            node.tag = local
        if node.keys():
            node.attrib.clear()
        if not len(node) and not (node.text or "").strip():
            return False
    return True


def _payload_plain(content: etree._Element, text: str) -> bool:
    """No attribute below ``bodyContent`` (the tolerant path drops them; the XSD would read an ``xsi:type`` or
    ``xsi:nil``), and no element sent empty (the tolerant path drops and notes it). The XSD refuses a prefixed
    element, so the payload is as the tolerant path normalises it. An attribute needs a '=': where none follows
    ``bodyContent`` in the text (its first mention, or earlier), none is looked for."""
    mention = text.find("bodyContent")  # found: the parser read a bodyContent element in this very text
    after = max(text.find(">", mention), 0) if mention >= 0 else 0
    if text.find("=", after) >= 0 and _ANY_ATTRIBUTE(content):
        return False
    for node in content.iterdescendants():
        sent = node.text
        if (sent is None or not sent.strip()) and not len(node):
            return False
    return True
