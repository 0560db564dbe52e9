"""The XML face of stubs: a stub's answer checked when it is added (a WebEx envelope, or a ``bodyContent`` fragment
well-formed with the service's prefixes) and rendered when it answers.

Bodies are parsed like requests: no DTD, no entities, no network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from ..base.errors import WebexError
from ..controls.stubs import StubRule
from . import envelope
from .errors import answer
from .namespaces import NS, SERVICES
from .operations import OPERATIONS

RESULTS = ("SUCCESS", "FAILURE")


@dataclass
class Prepared:
    """A stub's answer as the XML face made it when the stub was added: parsed once, rendered once."""

    service: str
    response_type: str
    #: the whole answer: the body as written, or the SUCCESS envelope around the fragment by gsbStatus
    rendered: dict[str, bytes]
    facts: tuple[str, str | None, str | None]  # (result, exceptionID, reason)


def check(stub: StubRule) -> None:
    """A stub the XML face can answer: an implemented operation, and a body that is a WebEx envelope or a fragment
    well-formed inside ``serv:bodyContent``; ValueError says what is wrong. What it answers is kept on the stub
    (``stub.answer``), so that no call parses or renders it again."""
    if stub.status is not None:
        raise ValueError("status is the HTTP status of a REST stub's answer: an XML API answer is always HTTP 200 "
                         "(answer a FAILURE envelope as body instead)")
    if stub.body is not None and not isinstance(stub.body, str):
        raise ValueError("body of an XML API stub is a WebEx envelope as text, not a JSON value")
    stub.answer = prepare(stub)


def prepare(stub: StubRule) -> Prepared:
    service, response_type = qualified(stub.operation)
    if isinstance(stub.body, str):
        body = stub.body.encode("utf-8")
        return Prepared(service, response_type, {"": body}, envelope_facts(body))
    _check_fragment(service, stub.bodyContent or "")
    return Prepared(service, response_type, {}, ("SUCCESS", None, None))  # what envelope.success says


def qualified(operation: str) -> tuple[str, str]:
    """(service, response type) of an implemented operation named short (CreateMeeting) or qualified."""
    found = [op for op in OPERATIONS.values() if operation in (op.qualified, op.name)]
    if len(found) != 1:
        raise ValueError(f"operation {operation!r} is not an operation webex-mockserver implements "
                         "(e.g. CreateMeeting or meeting.CreateMeeting)")
    return found[0].service, found[0].response_type


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
            what = f"the operation ran first: FAILURE {answer(error).exception_id} {error.text}"
    prepared = stub.answer if isinstance(stub.answer, Prepared) else prepare(stub)
    body = prepared.rendered.get("") or prepared.rendered.get(gsb_status)
    if body is None:  # a fragment's envelope, made once for each gsbStatus (PRIMARY, BACKUP)
        body = envelope.success(prepared.service, prepared.response_type, stub.bodyContent or "", gsb_status)
        prepared.rendered[gsb_status] = body
    result, exception_id, reason = prepared.facts
    told = f"stub {stub.id} answered; {what}"
    return Stubbed(body, result, exception_id, f"{reason} ({told})" if reason else told, ran)
