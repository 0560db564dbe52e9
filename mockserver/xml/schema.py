"""The XSDs in ``schemas/``: request validation, typed reading, response checks.

The XSDs are the data; this module only loads them.

* Requests are validated with lxml (a few microseconds). Only when a request is
  invalid do we ask xmlschema (about 100x slower, much better messages) to
  explain the first violation.
* :class:`SchemaModel` is the request side of the one XSD model (:mod:`mockserver.xml.xsd`):
  for each element, whether it is complex, repeated, boolean or free text -- so a
  validated payload turns into plain data without a second, hand-written schema in code.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from lxml import etree

from ..base import redact
from ..base.errors import InvalidRequest, clip, near
from ..base.fidelity import Notes
from ..resources import schema_path
from .xsd import PARSER, Particle, XsdModel

if TYPE_CHECKING:
    import xmlschema

#: xmlschema takes about 0.1 ms per element and reads the whole request before its first error;
#: a larger invalid request is explained by lxml's (terser) message instead, to answer fast
EXPLAIN_MAX_ELEMENTS = 500
#: the longest explanation: quoted values are clipped, this bounds what lxml's messages add around them
MAX_REASON = 1000


@dataclass(frozen=True)
class Field:
    type: str          # complex type name, or the simple type (its first named type, else its built-in)
    complex: bool
    repeated: bool
    kind: str = "token"  # for simple fields: "bool", "string" (text kept), "token" (stripped)
    #: enumeration values the XSD marks <undocumented/>: accepted, with a fidelity note
    undocumented: frozenset[str] = frozenset()


@dataclass
class SchemaModel:
    """The request side of :class:`XsdModel`: for each type (requests carry no namespace), its fields by name."""

    xsd: XsdModel
    types: dict[str, dict[str, Field]]
    _readings: dict[str, dict[str, _Reading]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, directory: Path) -> SchemaModel:
        xsd = XsdModel(directory)
        return cls(xsd, {name: {p.name: _field(p) for p in particles} for (_, name), particles in xsd.types.items()})

    def to_data(self, element: etree._Element, type_name: str, notes: Notes | None = None,
                path: str = "bodyContent") -> dict[str, Any]:
        """A validated, normalised element as plain data: dicts, lists and strings."""
        reading = self._readings.get(type_name) or self._reading(type_name)
        data: dict[str, Any] = {}
        for child in element:
            tag = child.tag  # lxml makes a new string on each read of .tag: read once
            complex_type, kind, repeated, undocumented = reading[tag]
            if complex_type is not None:
                value: Any = self.to_data(child, complex_type, notes, f"{path}/{tag}")
            else:
                value = child.text or ""
                if kind != _STRING and not (kind == _TOKEN and value.isalnum()):
                    value = _convert(value, kind)
                if undocumented and value in undocumented and notes is not None:
                    notes.accommodate("undocumented-value", f"{path}/{tag}",
                                      f"{tag} '{value}' at {path}/{tag} is not a documented value; "
                                      "accepted, as shipped clients send it")
            if repeated:
                data.setdefault(tag, []).append(value)
            else:
                data[tag] = value
        return data

    def _reading(self, type_name: str) -> dict[str, _Reading]:
        """How :meth:`to_data` reads each field of a type (worked out once a type)."""
        reading = {name: (spec.type if spec.complex else None, spec.kind, spec.repeated,
                          spec.undocumented)
                   for name, spec in self.types[type_name].items()}
        self._readings[type_name] = reading
        return reading


#: a field as :meth:`SchemaModel.to_data` reads it: (its complex type, else None; its kind; repeated; its
#: undocumented values)
_Reading = tuple[str | None, str, bool, frozenset[str]]
_STRING, _TOKEN = "string", "token"


def _field(particle: Particle) -> Field:
    if particle.type is not None:
        return Field(particle.type[1], True, particle.repeated)
    simple = particle.simple
    assert simple is not None, f"{particle.name}: a simple element always has its facts"
    return Field(simple.named or simple.base, False, particle.repeated, simple.kind, simple.undocumented)


def _convert(text: str, kind: str) -> str:
    if kind == "string":
        return text
    if text.isalnum():  # most values: nothing to collapse (a fast test, no new string)
        return text.lower() if kind == "bool" else text
    text = " ".join(text.split())
    if kind == "bool":
        return text.lower()
    return text


class RequestSchema:
    """Validates normalised requests (see ``schemas/request/envelope.xsd``)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or schema_path("request")
        root = self.directory / "envelope.xsd"
        self._validator = etree.XMLSchema(etree.parse(str(root), PARSER))
        self.model = SchemaModel.load(self.directory)
        self._explainer: xmlschema.XMLSchema | None = None
        self._explainer_lock = threading.Lock()
        self._operations = frozenset(name for name in self.model.types if name[:1].isupper() and "." not in name)

    def operations(self) -> frozenset[str]:
        return self._operations

    def drop_empty(self, message: etree._Element, notes: Notes) -> None:
        """Remove the elements sent empty or white-space only, where the schema knows them: an empty
        element is not sent (shipped clients send them; docs/fidelity.md), so an optional one
        takes its default and a required one is reported missing. Innermost first: a block left empty
        goes too. Unknown elements stay, for validation to name."""
        if not _has_empty_element(message):
            return  # the usual request: nothing to drop, found without walking it in Python
        context = message.find("header/securityContext")
        if context is not None:
            self._drop(context, "securityContext", "securityContext", notes)
            if _is_empty(context):
                notes.accommodate("empty-element", "securityContext", "empty <securityContext/> treated as not sent")
                _remove(context)
        payload = message.find("body/*")
        if payload is not None and payload.tag in self.model.types:
            self._drop(payload, payload.tag, "bodyContent", notes)

    def _drop(self, element: etree._Element, type_name: str, path: str, notes: Notes) -> None:
        fields = self.model.types.get(type_name, {})
        for child in list(element):
            spec = fields.get(child.tag) if isinstance(child.tag, str) else None
            if spec is None:
                continue
            where = f"{path}/{child.tag}"
            if spec.complex:
                self._drop(child, spec.type, where, notes)
            if _is_empty(child):
                notes.accommodate("empty-element", where, _empty_note(child, where))
                element.remove(child)

    def valid(self, message: etree._Element) -> bool:
        """Whether a normalised request is valid (lxml only; :meth:`check` says why not)."""
        return bool(self._validator.validate(message))

    def check(self, message: etree._Element) -> None:
        """Raise :class:`InvalidRequest` naming the first violation, if any."""
        if self.valid(message):
            return
        lxml_error = next(iter(_entries(self._validator)), None)
        raise InvalidRequest(self._explain(message, lxml_error))

    # -- the slow path, only for invalid requests ---------------------------

    def explainer(self) -> xmlschema.XMLSchema:
        with self._explainer_lock:
            if self._explainer is None:
                import xmlschema  # imported lazily: only invalid requests need it

                self._explainer = xmlschema.XMLSchema(str(self.directory / "envelope.xsd"))
            return self._explainer

    def _explain(self, message: etree._Element, lxml_error: _LogEntry | None) -> str:
        path: str | None = None
        problem: str | None = None
        element: etree._Element | None = None
        error: xmlschema.XMLSchemaValidationError | None = None
        try:
            if _has_at_most(message, EXPLAIN_MAX_ELEMENTS):
                error = next(iter(self.explainer().iter_errors(message)), None)
        except Exception:  # pragma: no cover - never let the explainer turn into a 500
            error = None
        if error is not None:
            path, problem, element = error.path, error.reason, _lxml(error.elem)
            value = _leaf_value(element)
            if problem and ("invalid literal" in problem or "invalid value" in problem):
                problem = f"'{value or ''}' is not a valid number"
            elif problem and value is not None and "Unexpected child" not in problem and "pattern" not in problem:
                problem = f"{problem.rstrip('.')} (got '{value}')"
            if problem and problem.startswith("Unexpected child with tag"):
                path, problem = self._unexpected_child(message, error)
        if (path is None or not problem) and lxml_error is not None:
            path = lxml_error.path
            message_text = lxml_error.message
            problem = message_text.split(": ", 1)[-1] if message_text.startswith("Element") else message_text
            element = _element_at(message, path)
        reason = f"Invalid request: {_friendly_path(path, message)}: {_tidy(_quoting_clipped(problem, element))}"
        return clip(_secrets_hidden(reason, message), MAX_REASON)

    def _unexpected_child(self, message: etree._Element, error: xmlschema.XMLSchemaValidationError
                          ) -> tuple[str | None, str]:
        parent = _lxml(error.elem)
        problem = error.reason or ""
        try:
            position = int(problem.rsplit("position ", 1)[1].rstrip("."))
            child = parent[position - 1] if parent is not None else None
        except (IndexError, ValueError):
            child = None
        if parent is None or child is None:
            return error.path, problem
        parent_type = self._type_of(parent, message)
        allowed = sorted(self.model.types.get(parent_type, {})) if parent_type else []
        name = clip(child.tag) if isinstance(child.tag, str) else "?"
        problem = f"unknown element '{name}'"
        if name in allowed:
            problem = f"element '{name}' is not allowed here (it may appear only once)"
        else:
            nearest = near(name, allowed, cutoff=0.6)
            if nearest:
                problem += "; did you mean " + " or ".join(f"'{n}'" for n in nearest) + "?"
            elif allowed:
                problem += "; allowed: " + ", ".join(allowed)
        return f"{error.path}/{name}", problem

    def _type_of(self, element: etree._Element, message: etree._Element) -> str | None:
        chain: list[str] = []
        node: etree._Element | None = element
        while node is not None and node is not message:
            chain.append(node.tag)
            node = node.getparent()
        chain.reverse()
        if len(chain) < 2 or chain[0] != "body":
            return "securityContext" if chain[-1:] == ["securityContext"] else None
        type_name = chain[1]
        for tag in chain[2:]:
            spec = self.model.types.get(type_name, {}).get(tag)
            if spec is None or not spec.complex:
                return None
            type_name = spec.type
        return type_name


class _LogEntry(Protocol):
    """An entry of lxml's error log (lxml-stubs leave the log untyped)."""

    path: str
    message: str


def _entries(validator: etree.XMLSchema) -> list[_LogEntry]:
    log: Any = validator.error_log
    return list(log)


def _lxml(element: object) -> etree._Element | None:
    """An element xmlschema names: one of the lxml message's (xmlschema types them as ElementTree's)."""
    return element if isinstance(element, etree._Element) else None


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _has_empty_element(message: etree._Element) -> bool:
    """Whether any element is empty (see :func:`_is_empty`): one flat pass, no schema lookups."""
    return any(not len(node) and not (node.text or "").strip() for node in message.iter())


def _is_empty(element: etree._Element) -> bool:
    return not len(element) and not (element.text or "").strip()


def _empty_note(element: etree._Element, path: str) -> str:
    if path.startswith("securityContext/"):
        parent = element.getparent()
        given = ((parent.findtext("siteName") if parent is not None else None) or "").strip()
        return (f"empty <{element.tag}/> in securityContext treated as not sent"
                + ("; siteName given" if given and element.tag in ("siteID", "partnerID") else ""))
    return f"empty <{element.tag}/> at {path} treated as not sent"


def _has_at_most(element: etree._Element, count: int) -> bool:
    return next(itertools.islice(element.iter(), count, None), None) is None


def _leaf_value(element: etree._Element | None) -> str | None:
    if element is None or len(element) or not isinstance(element.tag, str):
        return None
    if redact.is_secret(element.tag):
        return redact.MASK
    value = (element.text or "").strip()
    return value if len(value) <= 40 else value[:37] + "..."


def _element_at(message: etree._Element, path: str | None) -> etree._Element | None:
    """The element an lxml validation error names (its path is an XPath from the document root)."""
    try:
        found = message.getroottree().xpath(path) if path else []
    except etree.XPathError:
        return None
    first = found[0] if isinstance(found, list) and found else None
    return first if isinstance(first, etree._Element) else None


def _quoting_clipped(problem: str | None, element: etree._Element | None) -> str | None:
    """``problem`` with the failing element's value, wherever quoted, clipped (masked if secret)."""
    if not problem or element is None or len(element) or not isinstance(element.tag, str):
        return problem
    secret = redact.is_secret(element.tag)
    for sent in {element.text or "", (element.text or "").strip()} - {""}:
        shown = redact.MASK if secret else clip(sent)
        problem = problem.replace(f"'{sent}'", f"'{shown}'")
        if len(sent) >= 3 and shown != sent:
            problem = problem.replace(sent, shown)
    return problem


def _secrets_hidden(reason: str, message: etree._Element) -> str:
    """No secret sent anywhere in the request is quoted, whichever element a message names."""
    secrets = [(node.text or "").strip() for node in message.iter(etree.Element) if redact.is_secret(node.tag)]
    return redact.text(reason, secrets)


def _friendly_path(path: str | None, message: etree._Element) -> str:
    if not path:
        return "message"
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 3 and parts[:2] == ["message", "body"]:
        parts = ["bodyContent"] + parts[3:]
    elif parts[:1] == ["message"]:
        parts = parts[1:]
    return "/".join(parts) or "message"


def _tidy(problem: str | None) -> str:
    problem = (problem or "invalid value").strip()
    if "doesn't match any pattern of ['[Tt][Rr][Uu][Ee]" in problem:
        return "value is not a boolean (use true or false)"
    if "doesn't match any pattern" in problem and "\\d{1,2}/" in problem:
        return "value is not a date in the form MM/dd/yyyy HH:mm:ss"
    return problem.rstrip(".")


class ResponseSchema:
    """Validates the mock's own answers against ``schemas/response`` (used by tests)."""

    def __init__(self, directory: Path | None = None) -> None:
        directory = directory or schema_path("response")
        self._validator = etree.XMLSchema(etree.parse(str(directory / "all.xsd"), PARSER))

    def errors(self, document: bytes) -> list[str]:
        root = etree.fromstring(document, etree.XMLParser(resolve_entities=False, no_network=True))
        if self._validator.validate(root):
            return []
        return [f"{e.path}: {e.message}" for e in _entries(self._validator)]


_shared: RequestSchema | None = None
_shared_lock = threading.Lock()


def shared() -> RequestSchema:
    """The request schema of ``schemas/request``, loaded once a process (about 0.4 s; its explainer 0.3 s more): every
    XMLService given none, and the journal's reading of a payload, use it."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = RequestSchema()
        return _shared
