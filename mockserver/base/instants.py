"""Instants as the admin API, the configuration and the state document write them: ISO 8601 with an offset
(``2027-01-04T09:00:00Z``), held as integer epoch milliseconds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from .errors import clip

#: the instants an ISO 8601 text can name here: 0001-01-01 to 9999-12-31 UTC, in epoch milliseconds
MIN_MS, MAX_MS = -62_135_596_800_000, 253_402_300_799_999


def parse_instant(text: object, what: str) -> int:
    """Epoch milliseconds of an ISO 8601 instant that names its offset (``Z`` or ``+hh:mm``); ValueError naming
    ``what`` for anything else (a time without an offset names no instant)."""
    if not isinstance(text, str):
        raise ValueError(f"{what} must be an ISO 8601 instant such as 2027-01-04T09:00:00Z, not {text!r}")
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{what} {clip(text, 60)!r} is no ISO 8601 instant (such as 2027-01-04T09:00:00Z)") \
            from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} {clip(text, 60)!r} names no offset: add Z (UTC) or +hh:mm")
    delta = moment - _EPOCH
    ms = (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000
    if not MIN_MS <= ms <= MAX_MS:
        raise ValueError(f"{what} {clip(text, 60)!r} is out of range (0001-01-01 to 9999-12-31 UTC)")
    return ms


def format_instant(ms: int) -> str:
    """``2027-01-04T09:00:00.000Z`` (UTC, milliseconds), clamped to the years 1 to 9999."""
    seconds, millis = divmod(min(max(ms, MIN_MS), MAX_MS), 1000)
    shown = _EPOCH + timedelta(seconds=seconds)
    return f"{shown.year:04d}" + shown.strftime("-%m-%dT%H:%M:%S") + f".{millis:03d}Z"


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
