"""Fidelity notes: every place a call was accepted beyond the documentation, or answered by a guess.

Two kinds of note, each from a catalogue with its evidence (docs/fidelity.md):

* **accommodated** -- the request is outside what Cisco's documentation (its XSDs and its own samples)
  allows, but shipped, public clients send it, so the real service accepts it. In ``lenient`` mode
  (the default) the call goes on and carries the note; in ``documented`` mode the call is refused
  with FAILURE ``999999`` whose reason is the note.
* **assumed** -- the mock answered by a choice no source confirms (an exceptionID, a default, a
  reading of an ambiguous rule). Never refused; always noted, so a test author can see the guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from .errors import NotDocumented

LENIENT = "lenient"
DOCUMENTED = "documented"
MODES = (LENIENT, DOCUMENTED)

ACCOMMODATED = "accommodated"
ASSUMED = "assumed"


@dataclass(frozen=True)
class Kind:
    """One entry of the catalogue: what the mock does, and why."""

    code: str
    kind: str           # ACCOMMODATED or ASSUMED
    summary: str
    evidence: str


CATALOGUE: tuple[Kind, ...] = (
    Kind("unprefixed-message", ACCOMMODATED, "a root `<message>` in no namespace is read as `serv:message`",
         "a shipped CRM connector sends it (reference 2.3, SugarCRM)"),
    Kind("form-field", ACCOMMODATED, "the XML sent in an `XML=` form field is read from it",
         "shipped clients post form-encoded bodies (reference 1)"),
    Kind("namespace-not-uri", ACCOMMODATED,
         "a namespace declaration whose value is not a valid URI is kept, as libxml2 does (it only warns)",
         "a shipped mail-suite plugin declares `xmlns:schemaLocation=\"URI URI/service.xsd\"`"),
    Kind("empty-element", ACCOMMODATED,
         "an element sent empty (or whitespace only) is treated as not sent; a required one is then missing",
         "shipped clients send empty `siteID`/`partnerID` beside `siteName`, `<startFrom/>`, "
         "`<dateScope></dateScope>`, `<enableOptions></enableOptions>`, `<agenda/>`, "
         "whitespace-only `extTelephonyDescription`"),
    Kind("undocumented-value", ACCOMMODATED,
         "an enumeration value the documentation does not list but a shipped client sends is accepted",
         "a Cisco team's Node client orders LstsummaryMeeting by `HOSTNAME` and `STATUS`"),
    Kind("sdk-method", ACCOMMODATED,
         "a REST call sent with another method than the spec documents is answered as the documented one",
         "webexpythonsdk 2.0.6 sends `bulkInsert` of meeting invitees as PUT, the spec documents POST"),
    Kind("assumed-exception", ASSUMED, "a FAILURE whose exceptionID (or reason) is our choice",
         "the error catalogue marks it ASSUMED"),
    Kind("assumed-default", ASSUMED, "a value the request left out was filled by a default no source confirms",
         "e.g. `startDate` not sent: the meeting starts now; `maximumNum` not sent: 10"),
    Kind("assumed-answer", ASSUMED, "an answer element whose value or format no real capture confirms",
         "GetUser/GetSite values the mock does not store; the host URL's percent-encoded `MU`; GetMeeting's "
         "`meetingLink` and `sipURL`"),
    Kind("assumed-rule", ASSUMED, "a rule applied by our reading where the documentation is ambiguous",
         "e.g. E2EE wins over the site's NBR auto-record; `HOSTNAME` orders by the host's name"),
)
KINDS = {kind.code: kind for kind in CATALOGUE}


class Note(NamedTuple):
    """One fidelity note of one call."""

    code: str
    kind: str
    element: str
    text: str

    def __str__(self) -> str:
        return self.text

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Notes:
    """The notes of one call; in ``documented`` mode an accommodation refuses the call instead."""

    def __init__(self, mode: str = LENIENT) -> None:
        self.mode = mode
        self.items: list[Note] = []
        #: while True, a documented-mode refusal waits for :meth:`release` (so intake can finish
        #: reading which operation, site and user the refused call was for)
        self.holding = False

    def accommodate(self, code: str, element: str, text: str) -> None:
        if KINDS[code].kind != ACCOMMODATED:  # pragma: no cover - a programming error
            raise ValueError(f"{code} is not an accommodation")
        self._add(Note(code, ACCOMMODATED, element, text))
        if self.mode == DOCUMENTED and not self.holding:
            raise NotDocumented(text)

    def release(self) -> None:
        """Stop holding; in documented mode, refuse now for the first accommodation held."""
        self.holding = False
        held = next((note for note in self.items if note.kind == ACCOMMODATED), None)
        if self.mode == DOCUMENTED and held is not None:
            raise NotDocumented(held.text)

    def assume(self, code: str, element: str, text: str) -> None:
        if KINDS[code].kind != ASSUMED:  # pragma: no cover - a programming error
            raise ValueError(f"{code} is not an assumption")
        self._add(Note(code, ASSUMED, element, text))

    def _add(self, note: Note) -> None:
        if note not in self.items:
            self.items.append(note)


def check_mode(mode: str) -> str:
    value = (mode or "").strip().lower()
    if value not in MODES:
        raise ValueError(f"fidelity must be one of {', '.join(MODES)}, not {mode!r}")
    return value


def catalogue_markdown() -> str:
    rows = ["| note | kind | what the mock does | evidence |", "|---|---|---|---|"]
    rows += [f"| `{k.code}` | {k.kind} | {k.summary} | {k.evidence} |" for k in CATALOGUE]
    return "\n".join(rows)
