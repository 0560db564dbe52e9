"""Canned answers (stubs): for chosen calls, answer a given body instead of what the operation would answer.

A stub matches by operation (required), site, user, payload values (``where``: path -> text, all must equal,
the paths of ``assert_called``) and the ``nth`` matching call, at most ``times`` times; it answers either a
full WebEx envelope (``body``) or a SUCCESS envelope around a ``bodyContent`` fragment, written with the
service's real XML namespace prefixes and the operation's ``xsi:type``. With ``run_operation`` the real
operation runs first (its change is stored, its rules recorded), and the stub answers all the same.

A stub is consulted only for calls the mock would run: read, validated, authenticated, and let through by
the faults (README "Canned answers (stubs)": precedence). Bodies are parsed like requests: no DTD, no
entities, no network.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from lxml import etree

from ..base.errors import WebexError
from ..xml import envelope
from ..xml.namespaces import NS, SERVICES
from .faults import RuleSet, check_counts, covers, due

RESULTS = ("SUCCESS", "FAILURE")


@dataclass
class StubRule:
    operation: str                    # CreateMeeting or meeting.CreateMeeting
    site: str | None = None
    user: str | None = None
    where: dict[str, str] | None = None   # payload path -> value as text; all must equal
    nth: int | None = None            # only the nth matching call (1-based)
    times: int | None = None          # at most this many answers
    body: str | None = None           # a full WebEx envelope ...
    bodyContent: str | None = None    # ... or the inside of a SUCCESS envelope's serv:bodyContent
    run_operation: bool = False       # run the real operation first (its change is kept)
    id: str = ""
    matched: int = 0
    hits: int = 0

    def __post_init__(self) -> None:
        service, _ = qualified(self.operation)
        check_counts(self.nth, self.times)
        if (self.body is None) == (self.bodyContent is None):
            raise ValueError("give either body (a full envelope) or bodyContent (a fragment), not both or neither")
        if any(not path.strip("/") for path in self.where or {}):
            raise ValueError("where: every path names a payload element, e.g. metaData/confName")
        if self.body is not None:
            envelope_facts(self.body.encode("utf-8"))
        else:
            _check_fragment(service, self.bodyContent or "")

    def holds(self, payload: dict[str, Any]) -> bool:
        return all(_lookup(payload, path) == value for path, value in (self.where or {}).items())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def qualified(operation: str) -> tuple[str, str]:
    """(service, response type) of an implemented operation named short (CreateMeeting) or qualified."""
    from ..xml.operations import (
        OPERATIONS,  # here: the handlers import state.py, which imports tenancy.py, which imports us
    )

    found = [op for op in OPERATIONS.values() if operation in (op.qualified, op.name)]
    if len(found) != 1:
        raise ValueError(f"operation {operation!r} is not an operation webex-mockserver implements "
                         "(e.g. CreateMeeting or meeting.CreateMeeting)")
    return found[0].service, found[0].response_type


def _lookup(data: Any, path: str) -> str | None:
    """The text at ``path`` (``metaData/confName``, ``participants/attendees/attendee/0/person/email``)."""
    for part in (p for p in path.split("/") if p):
        if isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        elif isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return None
    return data if isinstance(data, str) else None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def _parse(text: bytes, what: str, shift: int = 0) -> etree._Element:
    """``text`` parsed safely; ``shift``: characters a wrapper put before what the user wrote on line 1."""
    try:
        root = etree.fromstring(text, _parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.lineno or 1, exc.offset or 0
        message = str(exc.msg).rsplit(", line ", 1)[0]
        column = column - shift if line == 1 else column
        raise ValueError(f"{what} is not well-formed XML: {message} (line {line}, column {column})") from None
    docinfo = root.getroottree().docinfo
    if getattr(docinfo, "doctype", ""):  # lxml-stubs lack DocInfo.doctype
        raise ValueError(f"{what} must not hold a DOCTYPE (no DTD, no entities)")
    if (docinfo.encoding or "UTF-8").upper() not in ("UTF-8", "UTF8"):
        raise ValueError(f"{what} is answered as UTF-8: declare encoding UTF-8 or none")
    return root


def _check_fragment(service: str, fragment: str) -> None:
    """The fragment is well-formed inside an element declaring the prefixes its answer declares (serv, com,
    meet …, xsi)."""
    declared = " ".join(f'xmlns:{p}="{NS[p]}"' for p in (*SERVICES[service].declares, "xsi"))
    opening = f"<serv:bodyContent {declared}>"
    _parse(f"{opening}{fragment}</serv:bodyContent>".encode(), "bodyContent", len(opening))


def envelope_facts(body: bytes) -> tuple[str, str | None, str | None]:
    """(result, exceptionID, reason) of a full WebEx envelope; ValueError when it is not one."""
    root = _parse(body, "body")
    response = f"{{{NS['serv']}}}header/{{{NS['serv']}}}response/{{{NS['serv']}}}"
    result = root.findtext(response + "result")
    if root.tag != f"{{{NS['serv']}}}message" or (result or "").strip() not in RESULTS:
        raise ValueError("body must be a WebEx envelope: serv:message with serv:header/serv:response/serv:result "
                         "SUCCESS or FAILURE")
    return (result or "").strip(), root.findtext(response + "exceptionID"), root.findtext(response + "reason")


@dataclass(frozen=True)
class Stubbed:
    """What a stub answered, and what the call's journal entry says of it."""

    body: bytes
    result: str
    exception_id: str | None
    reason: str
    ran: bool                         # the real operation ran and succeeded (its change is kept)


def respond(stub: StubRule, gsb_status: str, run: Callable[[], object]) -> Stubbed:
    """The stub's answer; with ``run_operation``, after ``run()`` (the real operation; a WebEx FAILURE it
    raises is not answered, only told in the journal's reason)."""
    what, ran = "the operation did not run", False
    if stub.run_operation:
        try:
            run()
            what, ran = "the operation ran first: SUCCESS", True
        except WebexError as error:
            what = f"the operation ran first: FAILURE {error.exception_id} {error.text}"
    if stub.body is not None:
        body = stub.body.encode("utf-8")
    else:
        service, response_type = qualified(stub.operation)
        body = envelope.success(service, response_type, stub.bodyContent or "", gsb_status)
    result, exception_id, reason = envelope_facts(body)
    told = f"stub {stub.id} answered; {what}"
    return Stubbed(body, result, exception_id, f"{reason} ({told})" if reason else told, ran)


class StubSet(RuleSet[StubRule]):
    """The stubs of one namespace, first added first consulted."""

    _ids = itertools.count(1)

    def __init__(self) -> None:
        super().__init__("stub", StubRule, ("id", "matched", "hits"))

    def pick(self, operation: str, site: str | None, user: str | None, payload: dict[str, Any]) -> StubRule | None:
        """The first stub that answers this call (its counters updated), or None."""
        with self._lock:
            for stub in self._rules:
                if not (covers(stub, operation, site, user) and stub.holds(payload)):
                    continue
                stub.matched += 1
                if due(stub.matched, stub.nth, stub.hits, stub.times):
                    stub.hits += 1
                    return stub
            return None
