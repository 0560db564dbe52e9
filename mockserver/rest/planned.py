"""The answer to a REST create of a planned meeting (:mod:`mockserver.domain.plans`): the answer to the first
create of its kind, with the meeting's own ids, title, start, end, password, agenda and state put in. Every other
field of :func:`.shapes.meeting` is the same for every meeting of a kind (its site, host, zone and options).

A kind keeps its answer as JSON already encoded, cut where the meeting's own values go (:class:`Template`), and
the same for the journal, secrets masked: a planned create's answer is those pieces and its values, encoded, joined;
nothing is built as a dict, encoded or masked again.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import msgspec

from ..base import redact
from ..controls import journalform
from ..domain import links, meetingstate, plans, xmlblocks
from ..domain.compact import MARSHAL_VERSION
from ..domain.plans import Plan
from ..domain.records import Meeting
from ..domain.sites import Site, User
from ..domain.starting import live
from . import happened, shapes
from .calls import Answer, Call

_ENCODE = msgspec.json.Encoder().encode
#: the fields a meeting of a kind has of its own, where the answer's are cut (``accessCode`` is telephony's)
_SLOTS = ("id", "meetingNumber", "accessCode", "title", "agenda", "password", "start", "end", "hostKey", "webLink",
          "sipAddress", "state")
_PASSWORD = _SLOTS.index("password")
_MASKED_PASSWORD = _ENCODE(redact.MASK)


@dataclass(frozen=True)
class Template:
    """The answer of a kind: as :func:`.shapes.meeting` made it for the first meeting (marshalled), and as JSON
    with a ``%s`` where each of its own values goes (every other ``%`` doubled), plainly and masked as the journal
    keeps it; ``ordered`` picks the values of :data:`_SLOTS` in the order they come (None: the answer could not be
    cut, and is made whole); ``inert``: the masked JSON's pieces between the values are
    :func:`~mockserver.base.redact.inert`, so that the journal's masking leaves the masked answer as it is whenever
    its values are inert too (it is then held filled: :func:`.journalform.filled`)."""

    shown: bytes
    ordered: Callable[[list[bytes]], tuple[bytes, ...]] | None = None
    plain: bytes = b""
    masked: bytes = b""
    inert: bool = False


def kept(shown: dict[str, Any], agenda_sent: bool) -> Template:
    """``shown`` (:func:`.shapes.meeting` of the first meeting of a kind, without its state) as its plan keeps it;
    ``agenda_sent``: the kind's meetings have an agenda of their own."""
    template = Template(marshal.dumps(shown, MARSHAL_VERSION))
    marked: dict[str, Any] = marshal.loads(template.shown)
    marks = [_mark(number) for number in range(len(_SLOTS))]
    for number, name in enumerate(_SLOTS):
        if name == "accessCode":
            if not isinstance(marked.get("telephony"), dict):
                return template
            marked["telephony"]["accessCode"] = marks[number]
        elif name != "agenda" or agenda_sent:
            marked[name] = marks[number]
    plain = _ENCODE(marked)
    masked_data = redact.data(marked)
    masked_data["password"] = marks[_PASSWORD]  # masked or not as each meeting's is (an empty one is shown)
    masked = _ENCODE(masked_data)
    cut = _cut(plain, marks), _cut(masked, marks)
    if cut[0] is None or cut[1] is None or cut[0][0] != cut[1][0] or len(cut[0][0]) < 2:
        return template
    return Template(template.shown, itemgetter(*cut[0][0]), _format(cut[0][1]), _format(cut[1][1]),
                    all(map(redact.inert, cut[1][1])))


def _format(pieces: tuple[bytes, ...]) -> bytes:
    """``pieces`` joined by ``%s`` for ``bytes % values`` (one call in C)."""
    return b"%s".join(piece.replace(b"%", b"%%") for piece in pieces)


def _mark(number: int) -> str:
    return f"\x00{number}\x00"  # a text no value of an answer holds (a control character), one per slot


def _cut(encoded: bytes, marks: list[str]) -> tuple[tuple[int, ...], tuple[bytes, ...]] | None:
    """(the slots in the order they come, the pieces between) of ``encoded``; None: a mark is not there once."""
    places = []
    for number, mark in enumerate(marks):
        marked = _ENCODE(mark)
        if encoded.count(marked) > 1:
            return None
        at = encoded.find(marked)
        if at >= 0:
            places.append((at, number, len(marked)))
    places.sort()
    pieces, position = [], 0
    for at, _, length in places:
        pieces.append(encoded[position:at])
        position = at + length
    pieces.append(encoded[position:])
    return tuple(number for _, number, _ in places), tuple(pieces)


def answer(call: Call, plan: Plan, site: Site, host: User, meeting: Meeting, options: xmlblocks.Options) -> Answer:
    """The answer to the create of ``meeting``, made from ``plan``."""
    template = plan.face
    assert isinstance(template, Template)
    state = meetingstate.series_state(meeting, live(call.store, meeting, call.now_ms), call.now_ms)
    ordered = template.ordered
    if ordered is None or state.host_did_join is not None:  # made whole, as any answer is
        shown = happened.with_state(_shown(template, site, meeting, options), state)
        if plans.VERIFY:
            _verify(_ENCODE(shown), _ENCODE(redact.data(shown)), site, host, meeting, state)
        return Answer(200, shown)
    values = _values(site, meeting, options, state.state)
    texts = list(map(_ENCODE, values))
    encoded = template.plain % ordered(texts)
    if values[_PASSWORD]:  # else shown empty, masked or not
        texts[_PASSWORD] = _MASKED_PASSWORD
    masked_values = ordered(texts)
    filled = journalform.filled(template.masked, masked_values)
    # held filled when the journal's masking would leave it (the values joined by NUL are inert as each one is) and
    # would not clip it
    masked = filled if template.inert and redact.inert(filled[1]) \
        and journalform.held_length(filled) <= journalform.BODY_LIMIT else template.masked % masked_values
    if plans.VERIFY:
        _verify(encoded, masked, site, host, meeting, state)
    return Answer(200, encoded=encoded, masked=masked)


def _values(site: Site, meeting: Meeting, options: xmlblocks.Options, state: str) -> tuple[Any, ...]:
    """The values of :data:`_SLOTS` of ``meeting`` (an agenda not sent: its kind's, not put in)."""
    number = str(meeting.key)
    zone = meeting.zone or "UTC"
    return (shapes.meeting_id(meeting), number, number, meeting.title, options.agenda, options.password or "",
            shapes.instant(meeting.start_ts, zone), shapes.instant(meeting.start_ts + meeting.duration * 60, zone),
            meeting.host_key, links.invite_url(site.siteName, meeting), f"{meeting.key}@{shapes.site_url(site)}", state)


def _shown(template: Template, site: Site, meeting: Meeting, options: xmlblocks.Options) -> dict[str, Any]:
    """:func:`.shapes.meeting` of ``meeting``, from its kind's."""
    shown: dict[str, Any] = marshal.loads(template.shown)
    values = _values(site, meeting, options, "")
    for number, name in enumerate(_SLOTS[:-1]):
        if name == "accessCode":
            shown["telephony"]["accessCode"] = values[number]
        elif name != "agenda" or options.agenda is not None:
            shown[name] = values[number]
    return shown


def _verify(encoded: bytes, masked: bytes | journalform.Filled, site: Site, host: User, meeting: Meeting,
            state: meetingstate.State) -> None:
    """Raise when the planned answer differs from the shape's, plainly or masked, or when a masked answer held
    filled is not what the journal's masking makes of it."""
    if isinstance(masked, tuple):
        masked = journalform.filled_text(masked)
        if journalform.body(masked.decode()) != masked:
            raise AssertionError(f"a planned answer held filled is not as the journal masks it: {masked!r}")
    made = happened.with_state(shapes.meeting(site, host, meeting), state)
    expected = _ENCODE(made)
    expected_masked = _ENCODE(redact.data(made))
    if encoded != expected or masked != expected_masked:
        raise AssertionError(f"a planned meeting's answer differs from its shape: {encoded!r} != {expected!r} or "
                             f"{masked!r} != {expected_masked!r}")
