"""What a REST meeting has that no XML element holds, kept in the meeting's REST extension (``Meeting.rest``, saved in
the state file with it): ``allowAnyUserToBeCoHost``, ``publicMeeting``, ``reminderTime`` and the three mute settings
of ``audioConnectionOptions``. Only values other than the defaults are kept; a meeting made over XML has none, and
reads the defaults (the spec's create example: docs/rest.md). ASSUMED: no source says where the real service keeps
them; that XML's ``listToPublic`` and ``remind`` are not these is our reading (their defaults and units differ)."""

from __future__ import annotations

from typing import Any

import msgspec
from msgspec import UNSET

from .models import AudioConnectionOptionsIn, MeetingIn, MeetingPatch

#: the fields of the meeting object, and of its audioConnectionOptions, as a meeting without them reads
MEETING_DEFAULTS: dict[str, Any] = {"allowAnyUserToBeCoHost": False, "publicMeeting": False, "reminderTime": 0}
AUDIO_DEFAULTS: dict[str, Any] = {"allowHostToUnmuteParticipants": False, "allowAttendeeToUnmuteSelf": True,
                                  "muteAttendeeUponEntry": False}


def _fields(model: type[msgspec.Struct], names: dict[str, Any]) -> dict[str, str]:
    """The model's attribute for each of ``names`` (its JSON names)."""
    return {field.name: field.encode_name for field in msgspec.structs.fields(model) if field.encode_name in names}


_MEETING_FIELDS = _fields(MeetingIn, MEETING_DEFAULTS)
_AUDIO_FIELDS = _fields(AudioConnectionOptionsIn, AUDIO_DEFAULTS)
assert len(_MEETING_FIELDS) == len(MEETING_DEFAULTS) and len(_AUDIO_FIELDS) == len(AUDIO_DEFAULTS)


def sent(meeting: MeetingIn | MeetingPatch) -> dict[str, Any]:
    """The values a create, update or patch sends of these fields."""
    found = {name: value for field, name in _MEETING_FIELDS.items() if (value := getattr(meeting, field)) is not UNSET}
    audio = meeting.audio_connection_options
    if isinstance(audio, AudioConnectionOptionsIn):
        found.update({name: value for field, name in _AUDIO_FIELDS.items()
                      if (value := getattr(audio, field)) is not UNSET})
    return found


def kept(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """What a meeting keeps after ``changes`` (those it had, changed): the values other than the defaults."""
    return {name: value for name, value in {**current, **changes}.items() if value != _DEFAULTS.get(name, _NO_DEFAULT)}


def shown(rest: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the meeting object's fields, the audioConnectionOptions' fields) of a meeting whose REST extension is
    ``rest``."""
    return ({name: rest.get(name, default) for name, default in MEETING_DEFAULTS.items()},
            {name: rest.get(name, default) for name, default in AUDIO_DEFAULTS.items()})


_DEFAULTS = {**MEETING_DEFAULTS, **AUDIO_DEFAULTS}
_NO_DEFAULT = object()
