"""Render answer bodies from plain data, in the order the response XSDs give.

The XSDs in ``schemas/response`` are the data; this module only reads them
(once, with lxml) and walks them. For every complex type it learns the child
elements in sequence order -- base type first for an extension -- each with:

* its tag: the prefix of the namespace of the schema that *declares* the
  element (``elementFormDefault="qualified"``, reference 2.1), so a
  ``meet:attendee`` holds ``att:person`` which holds ``com:email``;
* whether it is complex (a dict is rendered inside it) or simple (a value);
* whether it may repeat (a list renders one element per item).

Rendering a dict then needs no order list in code: keys the type does not
declare are never emitted, ``None`` is omitted, an empty complex element is
self-closed and an empty string is written as a start/end pair (reference 13).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from .envelope import leaf, node
from .namespaces import NS
from .resources import schema_path

XS_NS = "http://www.w3.org/2001/XMLSchema"
XS = "{%s}" % XS_NS
_PARTICLES = {f"{XS}sequence", f"{XS}choice", f"{XS}all"}
_PREFIX = {uri: prefix for prefix, uri in NS.items()}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

TypeKey = tuple[str, str]  # (namespace URI, type name)


@dataclass(frozen=True)
class Child:
    name: str
    tag: str                      # prefixed, e.g. "meet:confName"
    type: TypeKey | None          # complex type, or None for a simple element
    repeated: bool


@dataclass
class _Declared:
    element: etree._Element       # the xs:complexType
    namespace: str                # targetNamespace of its schema
    nsmap: dict[str | None, str]  # prefixes in scope in its schema


class ResponseModel:
    """Every complex type of the response XSDs, as ordered :class:`Child` tuples."""

    def __init__(self, directory: Path | None = None) -> None:
        self._declared: dict[TypeKey, _Declared] = {}
        self.types: dict[TypeKey, tuple[Child, ...]] = {}
        for path in sorted((directory or schema_path("response")).glob("*.xsd")):
            root = etree.parse(str(path), _PARSER).getroot()
            namespace = root.get("targetNamespace", "")
            for complex_type in root.findall(f"{XS}complexType"):
                key = (namespace, complex_type.get("name"))
                self._declared[key] = _Declared(complex_type, namespace, dict(root.nsmap))
        for key in list(self._declared):
            self._children(key)

    # -- the walk (done once per type, then cached in self.types) ------------

    def _children(self, key: TypeKey) -> tuple[Child, ...]:
        if key in self.types:
            return self.types[key]
        declared = self._declared[key]
        children: list[Child] = []
        content = declared.element.find(f"{XS}complexContent")
        particles_of = declared.element
        if content is not None:
            derivation = content[0] if len(content) else None
            if derivation is not None and derivation.get("base"):
                base = self._resolve(derivation.get("base"), declared.nsmap)
                if base in self._declared:
                    children.extend(self._children(base))
            particles_of = derivation if derivation is not None else content
        for particle in particles_of:
            if particle.tag in _PARTICLES:
                self._particle(particle, declared, key[1], False, children)
        self.types[key] = tuple(children)
        return self.types[key]

    def _particle(self, group: etree._Element, declared: _Declared, owner: str, repeated: bool,
                  children: list[Child]) -> None:
        repeated = repeated or _repeats(group)
        for item in group:
            if item.tag in _PARTICLES:
                self._particle(item, declared, owner, repeated, children)
            elif item.tag == f"{XS}element":
                children.append(self._child(item, declared, owner, repeated or _repeats(item)))

    def _child(self, element: etree._Element, declared: _Declared, owner: str, repeated: bool) -> Child:
        name = element.get("name")
        tag = f"{_PREFIX[declared.namespace]}:{name}"
        inline = element.find(f"{XS}complexType")
        if inline is not None:
            key = (declared.namespace, f"{owner}/{name}")
            self._declared[key] = _Declared(inline, declared.namespace, declared.nsmap)
            self._children(key)
            return Child(name, tag, key, repeated)
        type_name = element.get("type")
        resolved = self._resolve(type_name, declared.nsmap) if type_name else None
        return Child(name, tag, resolved if resolved in self._declared else None, repeated)

    @staticmethod
    def _resolve(qname: str, nsmap: dict[str | None, str]) -> TypeKey:
        prefix, _, local = qname.rpartition(":")
        return nsmap.get(prefix or None, ""), local

    # -- rendering ----------------------------------------------------------

    def render(self, key: TypeKey, data: dict[str, Any]) -> str:
        parts: list[str] = []
        for child in self.types[key]:
            value = data.get(child.name)
            if value is None:
                continue
            for item in (value if isinstance(value, list) else (value,)):
                if child.type is None:
                    parts.append(leaf(child.tag, item))
                else:
                    parts.append(node(child.tag, self.render(child.type, item)))
        return "".join(parts)

    def content(self, response_type: str, data: dict[str, Any]) -> str:
        """The inner XML of a bodyContent of ``xsi:type`` ``response_type`` (e.g. ``meet:getMeetingResponse``)."""
        prefix, _, name = response_type.partition(":")
        return self.render((NS[prefix], name), data)


def _repeats(element: etree._Element) -> bool:
    return element.get("maxOccurs", "1") != "1"


_model: ResponseModel | None = None
_model_lock = threading.Lock()


def model() -> ResponseModel:
    """The shared model of ``schemas/response``, loaded on first use."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                _model = ResponseModel()
    return _model


def content(response_type: str, data: dict[str, Any]) -> str:
    return model().content(response_type, data)
