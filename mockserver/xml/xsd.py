"""One reading of a directory of XSDs: every complex type as its ordered child particles.

The XSDs in ``schemas/`` are the data; this module reads them once (lxml, our own files only,
nothing resolved or fetched) into an :class:`XsdModel`, the one model behind request reading
(:class:`mockserver.xml.schema.SchemaModel`), answer rendering (:class:`mockserver.xml.render.ResponseModel`)
and the fuzz tests' value strategies (``tests/kits/fuzzkit.py``).

For each complex type -- named, a global element's inline type (keyed by the element's name), or a
local element's inline type (keyed by its owner's path, ``owner/element``) -- the model keeps the
child elements in declaration order, an extension's base type first. Each :class:`Particle` knows:

* its name, the target namespace of the schema that *declares* it and so its prefixed tag
  (``elementFormDefault="qualified"``, reference 2.1: a ``meet:attendee`` holds ``att:person``);
* the complex type it holds, or for a simple element its :class:`Simple` facts;
* ``minOccurs``, and how often it may occur counting the repetition of its enclosing groups.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .namespaces import NS

XS_NS = "http://www.w3.org/2001/XMLSchema"
XS = f"{{{XS_NS}}}"
#: Only our own schema files are ever read with this parser.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
#: the simple type of WebEx booleans (true/TRUE/True/false/FALSE/False, reference 10.1)
BOOLEAN_TYPE = "wbool"
_GROUPS = {f"{XS}sequence", f"{XS}choice", f"{XS}all"}
_PREFIX = {uri: prefix for prefix, uri in NS.items()}
_FACETS = (("minInclusive", "low"), ("maxInclusive", "high"), ("maxLength", "max_length"))
#: restrictions followed from an element to its built-in type, at most (our XSDs need 3)
_MAX_DERIVATIONS = 10

TypeKey = tuple[str, str]  # (target namespace, type name); requests have no namespace: ""
Occurs = int | None        # None: unbounded


@dataclass(frozen=True, slots=True)
class Simple:
    """What a simple element's type allows, read along its restriction chain (the first facet met wins)."""

    kind: str                               # "bool" (a wbool), "string" (text kept as sent), "token" (collapsed)
    base: str                               # the built-in type the chain ends at, as "xs:long"
    named: str | None = None                # the first named simple type met (wbool, wdate, ...)
    enumeration: tuple[str, ...] = ()
    #: enumeration values the XSD marks ``<xs:annotation><xs:appinfo><undocumented/>``
    undocumented: frozenset[str] = frozenset()
    low: int | None = None                  # minInclusive
    high: int | None = None                 # maxInclusive
    max_length: int | None = None


@dataclass(frozen=True, slots=True)
class Particle:
    """One child element of a complex type."""

    name: str
    namespace: str                # targetNamespace of the declaring schema
    tag: str                      # prefixed (e.g. "meet:confName"), or the bare name outside the WebEx namespaces
    type: TypeKey | None          # the complex type it holds, None for a simple element
    min_occurs: int
    max_occurs: Occurs            # times its own maxOccurs and its enclosing groups' (None: unbounded)
    repeated: bool                # may occur more than once
    simple: Simple | None         # for a simple element


@dataclass(frozen=True, slots=True)
class _Declared:
    element: etree._Element       # the xs:complexType or xs:simpleType
    namespace: str                # targetNamespace of its schema
    nsmap: Mapping[str | None, str]  # prefixes in scope in its schema


class XsdModel:
    """Every complex type of the XSDs in ``directory``, as ordered :class:`Particle` tuples."""

    def __init__(self, directory: Path) -> None:
        self.types: dict[TypeKey, tuple[Particle, ...]] = {}
        self._complex: dict[TypeKey, _Declared] = {}
        self._simple: dict[TypeKey, _Declared] = {}
        for path in sorted(directory.glob("*.xsd")):
            self._declare(etree.parse(str(path), PARSER).getroot())
        for key in list(self._complex):
            self._particles(key)

    def _declare(self, root: etree._Element) -> None:
        namespace, nsmap = root.get("targetNamespace", ""), dict(root.nsmap)
        for kind, table in ((f"{XS}complexType", self._complex), (f"{XS}simpleType", self._simple)):
            for declaration in root.iterchildren(kind):
                table[(namespace, _attribute(declaration, "name"))] = _Declared(declaration, namespace, nsmap)
        for element in root.iterchildren(f"{XS}element"):
            inline = element.find(f"{XS}complexType")
            if inline is not None:
                self._complex[(namespace, _attribute(element, "name"))] = _Declared(inline, namespace, nsmap)

    # -- complex types: the walk, once per type, cached in self.types ----------------------------

    def _particles(self, key: TypeKey) -> tuple[Particle, ...]:
        known = self.types.get(key)
        if known is not None:
            return known
        declared = self._complex[key]
        particles: list[Particle] = []
        holder = declared.element
        content = holder.find(f"{XS}complexContent")
        if content is not None:
            holder = next(content.iterchildren(f"{XS}extension", f"{XS}restriction"), content)
            base = _resolve(holder.get("base"), declared.nsmap)
            if holder.tag == f"{XS}extension" and base in self._complex:
                particles.extend(self._particles(base))
        for group in holder.iterchildren(*_GROUPS):
            self._group(group, declared, key[1], 1, particles)
        self.types[key] = tuple(particles)
        return self.types[key]

    def _group(self, group: etree._Element, declared: _Declared, owner: str, times: Occurs,
               particles: list[Particle]) -> None:
        times = _times(times, _max_occurs(group))
        for item in group.iterchildren(*_GROUPS, f"{XS}element"):
            if item.tag == f"{XS}element":
                particles.append(self._particle(item, declared, owner, times))
            else:
                self._group(item, declared, owner, times, particles)

    def _particle(self, element: etree._Element, declared: _Declared, owner: str, times: Occurs) -> Particle:
        name, namespace = _attribute(element, "name"), declared.namespace
        prefix = _PREFIX.get(namespace)
        tag = f"{prefix}:{name}" if prefix else name
        max_occurs = _times(times, _max_occurs(element))
        repeated = max_occurs is None or max_occurs > 1
        min_occurs = int(element.get("minOccurs", "1"))
        inline = element.find(f"{XS}complexType")
        if inline is not None:
            key = (namespace, f"{owner}/{name}")
            self._complex[key] = _Declared(inline, namespace, declared.nsmap)
            self._particles(key)
            return Particle(name, namespace, tag, key, min_occurs, max_occurs, repeated, None)
        complex_type = _resolve(element.get("type"), declared.nsmap)
        if complex_type in self._complex:
            return Particle(name, namespace, tag, complex_type, min_occurs, max_occurs, repeated, None)
        return Particle(name, namespace, tag, None, min_occurs, max_occurs, repeated,
                        self._simple_facts(element, declared.nsmap))

    # -- simple types ----------------------------------------------------------------------------

    def _simple_facts(self, element: etree._Element, nsmap: Mapping[str | None, str]) -> Simple:
        chain, base = self._restrictions(element, nsmap)
        named = [name for name, _ in chain if name is not None]
        enumerations = [r.findall(f"{XS}enumeration") for _, r in chain]
        enumeration = next((found for found in enumerations if found), [])
        facets: dict[str, int] = {}
        for _, restriction in chain:
            for facet, field_name in _FACETS:
                found = restriction.find(f"{XS}{facet}")
                if found is not None:
                    facets.setdefault(field_name, int(_attribute(found, "value")))
        kind = "bool" if BOOLEAN_TYPE in named else "string" if base == (XS_NS, "string") else "token"
        return Simple(kind, f"xs:{base[1]}" if base[0] == XS_NS else base[1], named[0] if named else None,
                      tuple(_attribute(e, "value") for e in enumeration),
                      frozenset(_attribute(e, "value") for e in enumeration
                                if e.find(f"{XS}annotation/{XS}appinfo/undocumented") is not None),
                      facets.get("low"), facets.get("high"), facets.get("max_length"))

    def _restrictions(self, element: etree._Element, nsmap: Mapping[str | None, str]
                      ) -> tuple[list[tuple[str | None, etree._Element]], TypeKey]:
        """The xs:restriction steps from a simple element to its built-in type, each with the name of the
        named simple type it belongs to (None for an inline one), and that built-in type."""
        chain: list[tuple[str | None, etree._Element]] = []
        node, type_name = element.find(f"{XS}simpleType"), element.get("type")
        while len(chain) < _MAX_DERIVATIONS:
            name = None
            if node is None:
                key = _resolve(type_name, nsmap) or (XS_NS, "anyType")
                declared = self._simple.get(key)
                if declared is None:
                    return chain, key
                name, node, nsmap = key[1], declared.element, declared.nsmap
            restriction = node.find(f"{XS}restriction")
            if restriction is None:  # a list or union: no facets we read
                return chain, (XS_NS, "anySimpleType")
            chain.append((name, restriction))
            node, type_name = restriction.find(f"{XS}simpleType"), restriction.get("base")
        raise ValueError(f"simple type of element {element.get('name')!r} derives more than {_MAX_DERIVATIONS} times")


def _attribute(node: etree._Element, name: str) -> str:
    value = node.get(name)
    if value is None:
        raise ValueError(f"schema line {node.sourceline}: <{node.tag}> has no {name} (not supported here)")
    return value


def _resolve(qname: str | None, nsmap: Mapping[str | None, str]) -> TypeKey | None:
    if not qname:
        return None
    prefix, _, local = qname.rpartition(":")
    return nsmap.get(prefix or None, ""), local


def _max_occurs(node: etree._Element) -> Occurs:
    value = node.get("maxOccurs", "1")
    return None if value == "unbounded" else int(value)


def _times(outer: Occurs, inner: Occurs) -> Occurs:
    return None if outer is None or inner is None else outer * inner
