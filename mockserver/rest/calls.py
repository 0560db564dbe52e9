"""What a REST handler gets (:class:`Call`) and gives back (:class:`Answer`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import msgspec

from ..base.errors import clip
from ..base.fidelity import Notes
from ..base.jsondoc import DocumentError, load_json
from ..controls.journalform import Filled
from ..domain.auth import Principal
from ..domain.explain import Fired
from ..domain.sites import User
from ..domain.store import Store
from .errors import RestError

#: JSON values a request body may hold (an invitee list of 100 is about 600)
MAX_JSON_VALUES = 100_000
T = TypeVar("T")


@dataclass
class Call:
    store: Store
    principal: Principal
    #: the path's parameters (``meetingId``) and the query's (first of each name)
    path: dict[str, str]
    query: dict[str, str]
    body: bytes
    content_type: str
    #: the request's URL without its query (for Link headers)
    url: str
    now_ms: int
    notes: Notes = field(default_factory=Notes)
    fired: Fired = field(default_factory=Fired)
    #: the meeting the call created or touched, for the journal
    meeting_key: int | None = None
    #: the body as JSON data, once a handler read it (the journal masks it without parsing it again)
    parsed: Any = None

    @property
    def caller(self) -> User:
        assert self.principal.user is not None
        return self.principal.user

    def json(self, model: type[T], media_types: tuple[str, ...] = ("application/json",)) -> T:
        """The body as ``model``: 415 for another media type, 400 naming the field for anything else wrong."""
        media = self.content_type.split(";", 1)[0].strip().lower()
        if media not in media_types:
            raise RestError(415, None, f"Content-Type {clip(media or 'none', 60)!r} is not supported here: send "
                            f"{' or '.join(media_types)}")
        try:
            raw = load_json(self.body, "the body", MAX_JSON_VALUES)
        except DocumentError as error:
            raise RestError(400, str(error)) from None
        except ValueError:
            raise RestError(400, "The request body is not JSON.") from None
        self.parsed = raw
        return convert(raw, model)


def convert(raw: Any, model: type[T]) -> T:
    try:
        return msgspec.convert(raw, model)
    except msgspec.ValidationError as error:
        raise RestError(400, _field_message(str(error))) from None


def _field_message(text: str) -> str:
    """msgspec's "Expected `str`, got `int` - at `$.title`" as "title: expected str, got int"."""
    problem, _, where = text.partition(" - at ")
    path = where.strip("`").removeprefix("$.").removeprefix("$") or "the body"
    return f"{clip(path, 80)}: {problem[:1].lower()}{problem[1:]}".replace("`", "")


@dataclass
class Answer:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    #: the body as JSON already, and masked as the journal keeps it (a planned create's: :mod:`.planned`); ``body``
    #: is then None. Masked, it may be held filled (:func:`mockserver.controls.journalform.filled`), known inert
    encoded: bytes | None = None
    masked: bytes | Filled | None = None


Handler = Callable[[Call], Answer]
