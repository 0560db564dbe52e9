"""Render answers byte for byte as the real service writes them (reference 13).

One line after the declaration, no indentation; the service namespaces on the
root in fixed order; ``xmlns:xsi`` declared on ``serv:bodyContent`` *after*
``xsi:type``; empty complex elements self-closed, empty strings as a pair.
lxml cannot put a namespace declaration after an attribute, so answers are
written as text with these small helpers. A SUCCESS envelope is fixed text per
service and response type, made once: only the gsbStatus and the body vary.
"""

from __future__ import annotations

from functools import lru_cache
from xml.sax.saxutils import escape

from ..base.errors import WebexError
from .errors import answer
from .namespaces import BARE_PREFIXES, NS, SERVICES
from .template import text

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def leaf(tag: str, value: object) -> str:
    """A simple element; booleans are written lower-case, None is omitted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        value = "true" if value else "false"
    return f"<{tag}>{escape(str(value))}</{tag}>"


def node(tag: str, inner: str) -> str:
    """A complex element; empty ones are self-closed."""
    return f"<{tag}>{inner}</{tag}>" if inner else f"<{tag}/>"


def _root(prefixes: tuple[str, ...]) -> str:
    return "<serv:message " + " ".join(f'xmlns:{p}="{NS[p]}"' for p in prefixes) + ">"


def success(service: str, response_type: str, inner: str, gsb_status: str = "PRIMARY") -> bytes:
    head, middle = _success_text(service, response_type)
    return (head + text(gsb_status) + middle + inner + _SUCCESS_END).encode("utf-8")


@lru_cache(maxsize=256)
def _success_text(service: str, response_type: str) -> tuple[str, str]:
    """A SUCCESS envelope's fixed text before and after the gsbStatus, up to the bodyContent's content."""
    head = (DECLARATION
            + _root(SERVICES[service].declares)
            + "<serv:header><serv:response><serv:result>SUCCESS</serv:result><serv:gsbStatus>")
    middle = ("</serv:gsbStatus></serv:response></serv:header>"
              + f'<serv:body><serv:bodyContent xsi:type="{response_type}" xmlns:xsi="{NS["xsi"]}">')
    return head, middle


_SUCCESS_END = "</serv:bodyContent></serv:body></serv:message>"


def failure(service: str, error: WebexError, gsb_status: str = "PRIMARY") -> bytes:
    answered = answer(error)
    bare = answered.bare_envelope or service not in SERVICES
    prefixes = BARE_PREFIXES if bare else SERVICES[service].declares
    body = "<serv:body/>" if bare else "<serv:body><serv:bodyContent/></serv:body>"
    return (
        DECLARATION
        + _root(prefixes)
        + "<serv:header><serv:response><serv:result>FAILURE</serv:result>"
        + leaf("serv:reason", error.text)
        + leaf("serv:gsbStatus", gsb_status)
        + leaf("serv:exceptionID", answered.exception_id)
        + "</serv:response></serv:header>"
        + body
        + "</serv:message>"
    ).encode("utf-8")
