"""What a REST meeting has that no XML element holds, kept in the meeting's REST extension (``Meeting.rest``, saved in
the state file with it): ``allowAnyUserToBeCoHost``, ``publicMeeting``, ``reminderTime`` and the three mute settings
of ``audioConnectionOptions``. Only values other than the defaults are kept; a meeting made over XML has none, and
reads the defaults (the spec's create example: docs/rest.md). ASSUMED: no source says where the real service keeps
them; that XML's ``listToPublic`` and ``remind`` are not these is our reading (their defaults and units differ)."""

from __future__ import annotations

from typing import Any

from msgspec import UNSET

from .models import AudioConnectionOptionsIn, MeetingIn, MeetingPatch

#: the fields of the meeting object, and of its audioConnectionOptions, as a meeting without them reads
MEETING_DEFAULTS: dict[str, Any] = {"allowAnyUserToBeCoHost": False, "publicMeeting": False, "reminderTime": 0}
AUDIO_DEFAULTS: dict[str, Any] = {"allowHostToUnmuteParticipants": False, "allowAttendeeToUnmuteSelf": True,
                                  "muteAttendeeUponEntry": False}
_MEETING_FIELDS = {"allow_any_user_to_be_co_host": "allowAnyUserToBeCoHost", "public_meeting": "publicMeeting",
                   "reminder_time": "reminderTime"}
_AUDIO_FIELDS = {"allow_host_to_unmute_participants": "allowHostToUnmuteParticipants",
                 "allow_attendee_to_unmute_self": "allowAttendeeToUnmuteSelf",
                 "mute_attendee_upon_entry": "muteAttendeeUponEntry"}


def sent(meeting: MeetingIn | MeetingPatch) -> dict[str, Any]:
    """The values a create, update or patch sends of these fields."""
    found = {name: getattr(meeting, field) for field, name in _MEETING_FIELDS.items()
             if getattr(meeting, field) is not UNSET}
    audio = meeting.audio_connection_options
    if isinstance(audio, AudioConnectionOptionsIn):
        found.update({name: getattr(audio, field) for field, name in _AUDIO_FIELDS.items()
                      if getattr(audio, field) is not UNSET})
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
