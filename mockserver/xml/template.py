"""Answer bodies from templates compiled once from the response XSD model.

Each complex type of :class:`~mockserver.xml.xsd.XsdModel` compiles once into a :data:`Template`: its child
elements in XSD order, each a slot of fixed text --

* the key of the data it reads (the element's name),
* its start and end tags, written out (``<meet:confName>``, ``</meet:confName>``),
* for a complex element, its self-closed form (``<meet:attendees/>``) and the template of the type it holds;
  ``None`` for a simple one.

Rendering a dict is then, slot by slot: look its key up, skip ``None``, render a list item by item, append the
fixed text around the value. A simple value goes through :func:`text`, the one place escaping happens; a complex
one renders its own template between the tags, or the self-closed form when it renders nothing. The output is
byte for byte the particle walk's (:meth:`mockserver.xml.render.ResponseModel.tree_render`, kept as the reference;
``tests/xml/test_template_render.py`` compares the two).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

from .xsd import Particle, TypeKey

#: one child element: (key, start tag, end tag, self-closed tag or "", template of a complex element or None)
Slot: TypeAlias = "tuple[str, str, str, str, Template | None]"
Template: TypeAlias = "tuple[Slot, ...]"


def text(value: object) -> str:
    """A simple element's content: booleans lower-case, everything else as ``str``, escaped (``& < >``, as
    :func:`xml.sax.saxutils.escape`). The only escaping of answer text; every simple slot goes through it."""
    if type(value) is str:
        written = value
    elif value is True:
        return "true"
    elif value is False:
        return "false"
    else:
        written = str(value)
    if "&" in written or "<" in written or ">" in written:
        return written.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    return written


def compile_all(types: Mapping[TypeKey, tuple[Particle, ...]]) -> dict[TypeKey, Template]:
    """Every complex type's template (the response XSDs hold no recursive type: each is compiled once)."""
    templates: dict[TypeKey, Template] = {}

    def compiled(key: TypeKey, path: tuple[TypeKey, ...]) -> Template:
        known = templates.get(key)
        if known is not None:
            return known
        if key in path:
            raise ValueError(f"response type {key[1]!r} contains itself: not supported by the templates")
        slots: list[Slot] = []
        for particle in types[key]:
            tag = particle.tag
            if particle.type is None:
                slots.append((particle.name, f"<{tag}>", f"</{tag}>", "", None))
            else:
                slots.append((particle.name, f"<{tag}>", f"</{tag}>", f"<{tag}/>",
                              compiled(particle.type, (*path, key))))
        templates[key] = tuple(slots)
        return templates[key]

    for key in types:
        compiled(key, ())
    return templates


def render(template: Template, data: Mapping[str, Any]) -> str:
    """``data`` through ``template``: the inner XML of an element of that type."""
    out: list[str] = []
    _fill(template, data, out)
    return "".join(out)


def _fill(template: Template, data: Mapping[str, Any], out: list[str]) -> None:
    append, get = out.append, data.get
    for name, start, end, empty, inner in template:
        value = get(name)
        if value is None:
            continue
        if inner is None:  # a simple element: its text between the fixed tags
            if isinstance(value, list):
                for item in value:
                    if item is not None:
                        append(start)
                        append(text(item))
                        append(end)
            else:
                append(start)
                append(text(value))
                append(end)
            continue
        for item in value if isinstance(value, list) else (value,):
            mark = len(out)
            append(start)
            _fill(inner, item, out)
            if len(out) == mark + 1:  # nothing inside: self-closed
                out[mark] = empty
            else:
                append(end)
