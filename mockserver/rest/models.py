"""The JSON the REST face reads, as msgspec structs (each with the spec schema it stands for in ``SPEC``): decoded
and checked by msgspec (types, required fields), the real service's own rules (lengths, bounds) checked by the
handlers. Unknown fields are ignored, as the real service ignores them (docs/rest.md). Field names are the API's
(camelCase)."""

from __future__ import annotations

from typing import Literal

import msgspec
from msgspec import UNSET, UnsetType


class AudioConnectionOptionsIn(msgspec.Struct, rename="camel", kw_only=True):
    """A meeting's ``audioConnectionOptions`` as create, update and patch send them (:mod:`.audio`)."""

    audio_connection_type: Literal["webexAudio", "VoIP", "other", "none"] | UnsetType = UNSET
    enabled_toll_free_call_in: bool | UnsetType = UNSET
    enabled_global_call_in: bool | UnsetType = UNSET
    enabled_audience_call_back: bool | UnsetType = UNSET
    entry_and_exit_tone: Literal["beep", "announceName", "noTone"] | UnsetType = UNSET
    allow_host_to_unmute_participants: bool | UnsetType = UNSET
    allow_attendee_to_unmute_self: bool | UnsetType = UNSET
    mute_attendee_upon_entry: bool | UnsetType = UNSET


class _MeetingFields(msgspec.Struct, rename="camel", kw_only=True):
    """What ``POST``, ``PUT`` and ``PATCH`` of a meeting all may send, and the mock stores."""

    timezone: str | UnsetType = UNSET
    password: str | UnsetType = UNSET
    enabled_auto_record_meeting: bool | UnsetType = UNSET
    enabled_join_before_host: bool | UnsetType = UNSET
    join_before_host_minutes: int | UnsetType = UNSET
    enable_connect_audio_before_host: bool | UnsetType = UNSET
    session_type_id: int | UnsetType = UNSET
    audio_connection_options: AudioConnectionOptionsIn | UnsetType = UNSET
    allow_any_user_to_be_co_host: bool | UnsetType = UNSET
    exclude_password: bool | UnsetType = UNSET
    public_meeting: bool | UnsetType = UNSET
    reminder_time: int | UnsetType = UNSET


class MeetingIn(_MeetingFields, kw_only=True):
    """``CreateMeetingObject``, and the whole object ``PUT`` takes (``UpdateMeetingObject``)."""

    title: str
    start: str
    end: str
    agenda: str | UnsetType = UNSET
    recurrence: str | UnsetType = UNSET
    template_id: str | UnsetType = UNSET
    host_email: str | UnsetType = UNSET
    site_url: str | UnsetType = UNSET


class MeetingPatch(_MeetingFields, kw_only=True):
    """``PatchMeetingObject``: only what is sent changes (``null`` clears the agenda)."""

    title: str | UnsetType = UNSET
    start: str | UnsetType = UNSET
    end: str | UnsetType = UNSET
    agenda: str | None | UnsetType = UNSET
    recurrence: str | None | UnsetType = UNSET  # null: the series becomes a meeting that does not repeat


class InviteeItem(msgspec.Struct, rename="camel", kw_only=True):
    """An item of ``CreateInviteesObject``, and what every invitee call sends of one."""

    email: str
    display_name: str | UnsetType = UNSET
    co_host: bool | UnsetType = UNSET
    panelist: bool | UnsetType = UNSET
    send_email: bool | UnsetType = UNSET


class InviteeUpdate(InviteeItem, kw_only=True):
    """``UpdateInviteeObject``."""

    host_email: str | UnsetType = UNSET


class InviteeIn(InviteeUpdate, kw_only=True):
    """``CreateInviteeObject``."""

    meeting_id: str


class InviteesIn(msgspec.Struct, rename="camel", kw_only=True):
    """``CreateInviteesObject`` (``bulkInsert``)."""

    meeting_id: str
    items: list[InviteeItem] = msgspec.field(default_factory=list)
    host_email: str | UnsetType = UNSET


class WebhookIn(msgspec.Struct, rename="camel", kw_only=True):
    """The body of ``POST /webhooks``."""

    name: str
    target_url: str
    resource: str
    event: str
    filter: str | UnsetType = UNSET
    secret: str | UnsetType = UNSET
    owned_by: str | UnsetType = UNSET


class WebhookUpdate(msgspec.Struct, rename="camel", kw_only=True):
    """The body of ``PUT /webhooks/{webhookId}``: only name, target, secret and status change."""

    name: str
    target_url: str
    secret: str | UnsetType = UNSET
    owned_by: str | UnsetType = UNSET
    status: str | UnsetType = UNSET


#: the spec schema each request model stands for (tests/rest/data/spec-facts.json)
SPEC: dict[type[msgspec.Struct], str] = {
    MeetingIn: "CreateMeetingObject", MeetingPatch: "PatchMeetingObject",
    AudioConnectionOptionsIn: "CreateMeetingObject.audioConnectionOptions", InviteeIn: "CreateInviteeObject",
    InviteeItem: "CreateInviteesItemObject", InviteesIn: "CreateInviteesObject", InviteeUpdate: "UpdateInviteeObject",
    WebhookIn: "POST /webhooks.request", WebhookUpdate: "PUT /webhooks/{webhookId}.request",
}
