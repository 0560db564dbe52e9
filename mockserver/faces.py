"""The API faces this server answers, and what the layers above them need of each.

A face parses its wire format and renders its answers; the domain decides (docs/architecture.md). Two faces: the
XML API (:mod:`mockserver.xml`, served by :mod:`mockserver.endpoint`) and the REST API (:mod:`mockserver.rest`,
its own endpoint), both plugged into :class:`mockserver.app.MockApp`. Their operation names are
:func:`operation_names`: ``meeting.CreateMeeting`` for XML, ``POST /meetings`` for REST.

Everything that takes an operation name from a test (faults, stubs, ``assert_called``, ``calls()``, journal
filters) goes through :func:`canonical_operation`, so a misspelled name is refused with the nearest known names
instead of matching nothing.
"""

from __future__ import annotations

from .base.errors import near
from .controls.faults import FaultRule
from .controls.stubs import StubRule
from .rest import controls as rest_controls
from .rest.routes import OPERATIONS as REST_OPERATIONS
from .xml import stubs as xml_stubs
from .xml.operations import OPERATIONS, WEBEX_OPERATIONS


class UnknownOperationName(ValueError):
    """An operation name no face knows; the message lists the nearest known names."""


def operation_names(implemented_only: bool = True) -> list[str]:
    """The qualified names (``meeting.CreateMeeting``) of the operations the mock answers; with
    ``implemented_only=False`` also the real WebEx operations it refuses as not implemented (a fault can still
    fail them, and the journal records a client's calls of them)."""
    names = set(OPERATIONS) | set(REST_OPERATIONS)
    if not implemented_only:
        names.update(WEBEX_OPERATIONS)
    return sorted(names)


def canonical_operation(name: str, implemented_only: bool = True) -> str:
    """The qualified name of the operation ``name`` names (qualified, or short: ``CreateMeeting``), or
    :class:`UnknownOperationName` listing the nearest known ones."""
    known = operation_names(implemented_only)
    found = [qualified for qualified in known if name in (qualified, qualified.rsplit(".", 1)[-1])]
    if len(found) == 1:
        return found[0]
    if found:
        raise UnknownOperationName(f"operation {name!r} is ambiguous: name one of {', '.join(found)}")
    shorts = sorted({qualified.rsplit(".", 1)[-1] for qualified in known})
    same_letters = [known_name for known_name in (*known, *shorts) if known_name.lower() == name.lower()]
    nearest = same_letters or near(name, shorts, cutoff=0.6) or near(name, known, cutoff=0.6)
    what = "an operation webex-mockserver implements" if implemented_only else "a WebEx operation"
    hint = f"; nearest: {', '.join(nearest)}" if nearest else "; e.g. CreateMeeting or meeting.CreateMeeting"
    raise UnknownOperationName(f"operation {name!r} is not {what}{hint}")


def check_operation_filter(name: str | None) -> None:
    """A name a test reads calls by (``calls()``, ``assert_called``, ``notes()``, the journal's ``?operation=``):
    a WebEx operation, implemented or not (a client's call of an unimplemented one is journaled), or None (any).
    A misspelled name would match nothing and let ``assert_not_called`` pass: :class:`UnknownOperationName`."""
    if name is not None:
        canonical_operation(name, implemented_only=False)


def check_stub(stub: StubRule) -> None:
    """A stub names an implemented operation, and its face can answer its body."""
    if canonical_operation(stub.operation) in REST_OPERATIONS:
        rest_controls.check_stub(stub)
    else:
        xml_stubs.check(stub)


def check_fault(rule: FaultRule) -> None:
    """A fault names a WebEx operation (or none: every operation), and takes an action its face has."""
    if rule.retry_after is not None and rule.action != "http_error":
        raise ValueError("retry_after is the Retry-After of an http_error fault's REST answer")
    if rule.operation is not None:
        name = canonical_operation(rule.operation, implemented_only=False)
        if name in REST_OPERATIONS:
            rest_controls.check_fault(rule, name)
