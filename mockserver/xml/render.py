"""Render answer bodies from plain data, in the order the response XSDs give.

The XSDs in ``schemas/response`` are the data, read once into the one XSD model
(:mod:`mockserver.xml.xsd`): for every complex type, its child elements in sequence
order -- base type first for an extension -- each with:

* its tag: the prefix of the namespace of the schema that *declares* the
  element (``elementFormDefault="qualified"``, reference 2.1), so a
  ``meet:attendee`` holds ``att:person`` which holds ``com:email``;
* whether it is complex (a dict is rendered inside it) or simple (a value);
* whether it may repeat (a list renders one element per item).

Rendering a dict then needs no order list in code: keys the type does not
declare are never emitted, ``None`` is omitted, an empty complex element is
self-closed and an empty string is written as a start/end pair (reference 13).

Answers are rendered from templates compiled once from that model when it loads
(:mod:`mockserver.xml.template`: fixed text and slots, escaping in the slot).
The particle walk (:meth:`ResponseModel.tree_render`, :func:`tree_content`) stays
as the reference the templates are tested against, byte for byte.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from ..resources import schema_path
from . import template
from .envelope import leaf, node
from .namespaces import NS
from .xsd import Particle, TypeKey, XsdModel


class ResponseModel:
    """Every complex type of the response XSDs, as ordered :class:`~mockserver.xml.xsd.Particle` tuples."""

    def __init__(self, directory: Path | None = None) -> None:
        self.types: dict[TypeKey, tuple[Particle, ...]] = XsdModel(directory or schema_path("response")).types
        self.templates: dict[TypeKey, template.Template] = template.compile_all(self.types)
        #: the template of each response type named as handlers name it ("meet:getMeetingResponse")
        self._named: dict[str, template.Template] = {}

    # -- rendering ----------------------------------------------------------

    def render(self, key: TypeKey, data: dict[str, Any]) -> str:
        return template.render(self.templates[key], data)

    def content(self, response_type: str, data: dict[str, Any]) -> str:
        """The inner XML of a bodyContent of ``xsi:type`` ``response_type`` (e.g. ``meet:getMeetingResponse``)."""
        compiled = self._named.get(response_type)
        if compiled is None:
            compiled = self._named[response_type] = self.templates[_key(response_type)]
        return template.render(compiled, data)

    # -- the reference: the particle walk the templates are tested against ----

    def tree_render(self, key: TypeKey, data: dict[str, Any]) -> str:
        parts: list[str] = []
        for child in self.types[key]:
            value = data.get(child.name)
            if value is None:
                continue
            for item in (value if isinstance(value, list) else (value,)):
                if child.type is None:
                    parts.append(leaf(child.tag, item))
                else:
                    parts.append(node(child.tag, self.tree_render(child.type, item)))
        return "".join(parts)

    def tree_content(self, response_type: str, data: dict[str, Any]) -> str:
        return self.tree_render(_key(response_type), data)


def _key(response_type: str) -> TypeKey:
    prefix, _, name = response_type.partition(":")
    return (NS[prefix], name)


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


def tree_content(response_type: str, data: dict[str, Any]) -> str:
    """The reference rendering (the particle walk) of what :func:`content` renders from templates."""
    return model().tree_content(response_type, data)
