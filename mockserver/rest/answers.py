"""The JSON the REST face answers, as msgspec structs: the mock's own schemas of its answers. The handlers build
plain data (:mod:`.shapes`); these say what it may hold, for the tests (every answer of the suite is read into
its model, strictly) and for ``GET /v1/openapi.json``. Each names the spec schema it stands for
(``SPEC``, checked against the table of the spec's facts by tests/rest/test_models_and_spec.py)."""

from __future__ import annotations

from typing import Any, Literal

import msgspec
from msgspec import UNSET, UnsetType

MeetingType = Literal["meetingSeries", "scheduledMeeting", "meeting"]
MeetingState = Literal["active", "scheduled", "ready", "lobby", "inProgress", "ended", "missed", "expired"]
ScheduledType = Literal["meeting", "webinar", "personalRoomMeeting"]


class Answer(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    pass


class CallInNumber(Answer):
    label: str
    call_in_number: str
    toll_type: Literal["toll", "tollFree"]


class TelephonyLink(Answer):
    rel: str
    href: str
    method: str


class Telephony(Answer):
    access_code: str
    call_in_numbers: list[CallInNumber]
    links: list[TelephonyLink]


class AudioConnectionOptionsOut(Answer):
    audio_connection_type: Literal["webexAudio", "VoIP", "other", "none"]
    enabled_toll_free_call_in: bool
    enabled_global_call_in: bool
    enabled_audience_call_back: bool
    entry_and_exit_tone: Literal["beep", "announceName", "noTone"]
    allow_host_to_unmute_participants: bool
    allow_attendee_to_unmute_self: bool
    mute_attendee_upon_entry: bool


class MeetingOut(Answer):
    """A series, an occurrence or an instance. An instance in the lobby or ended leaves out what the Meetings
    guide says it does not have and the spec does not require (``meetingNumber`` of an ended one, ``sipAddress``,
    the options: docs/rest.md); ``hostDidJoin`` and ``attendeeDidJoin`` appear in the states the spec names."""

    id: str
    title: str
    agenda: str
    password: str
    meeting_type: MeetingType
    state: MeetingState
    timezone: str
    start: str
    end: str
    host_user_id: str
    host_display_name: str
    host_email: str
    host_key: str
    site_url: str
    web_link: str
    scheduled_type: ScheduledType
    session_type_id: int
    enabled_breakout_sessions: bool
    telephony: Telephony
    meeting_number: str | msgspec.UnsetType = msgspec.UNSET
    sip_address: str | msgspec.UnsetType = msgspec.UNSET
    enabled_auto_record_meeting: bool | msgspec.UnsetType = msgspec.UNSET
    allow_any_user_to_be_co_host: bool | msgspec.UnsetType = msgspec.UNSET
    enabled_join_before_host: bool | msgspec.UnsetType = msgspec.UNSET
    enable_connect_audio_before_host: bool | msgspec.UnsetType = msgspec.UNSET
    join_before_host_minutes: int | msgspec.UnsetType = msgspec.UNSET
    exclude_password: bool | msgspec.UnsetType = msgspec.UNSET
    public_meeting: bool | msgspec.UnsetType = msgspec.UNSET
    reminder_time: int | msgspec.UnsetType = msgspec.UNSET
    host_did_join: bool | msgspec.UnsetType = msgspec.UNSET
    attendee_did_join: bool | msgspec.UnsetType = msgspec.UNSET
    recurrence: str | UnsetType = UNSET  # a series that repeats: its RRULE
    audio_connection_options: AudioConnectionOptionsOut | UnsetType = UNSET


class ListedMeetingOut(MeetingOut, kw_only=True):
    """A meeting as a list shows it (the spec's ``MeetingObjectForListMeeting``), and as PUT and PATCH answer it: a
    series, one of its occurrences, or an instance (which names its occurrence too)."""

    meeting_series_id: str  # required by the spec: a series names itself
    scheduled_meeting_id: str | UnsetType = UNSET
    is_modified: bool | UnsetType = UNSET


class MeetingList(Answer):
    items: list[ListedMeetingOut]


class InviteeOut(Answer):
    id: str
    email: str
    display_name: str
    co_host: bool
    meeting_id: str
    panelist: bool


class InviteeList(Answer):
    items: list[InviteeOut]


class TemplateOut(Answer):
    id: str
    name: str
    locale: str
    site_url: str
    template_type: Literal["meeting", "webinar"]
    is_default: bool
    is_standard: bool


class DetailedTemplateOut(TemplateOut):
    meeting: dict[str, Any]


class TemplateList(Answer):
    items: list[TemplateOut]


class SessionTypeOut(Answer):
    id: str
    name: str
    type: Literal["meeting", "webinar", "privateMeeting"]
    attendees_capacity: int


class SessionTypeList(Answer):
    items: list[SessionTypeOut]


class PersonOut(Answer):
    id: str
    emails: list[str]
    display_name: str
    first_name: str
    last_name: str
    type: Literal["person", "bot", "appuser"]
    status: Literal["active", "inactive"]


class PersonList(Answer):
    items: list[PersonOut]


class WebhookOut(Answer, omit_defaults=True):
    id: str
    name: str
    target_url: str
    resource: str
    event: str
    status: Literal["active", "inactive"]
    created: str
    owned_by: str
    org_id: str
    created_by: str
    app_id: str
    filter: str = ""
    secret: str = ""


class WebhookList(Answer):
    items: list[WebhookOut]


class RecordingOut(Answer):
    id: str
    meeting_id: str
    scheduled_meeting_id: str
    meeting_series_id: str
    topic: str
    create_time: str
    time_recorded: str
    site_url: str
    download_url: str
    playback_url: str
    password: str
    format: Literal["MP4", "ARF", "UPLOADED"]
    service_type: Literal["MeetingCenter", "EventCenter", "TrainingCenter", "SupportCenter"]
    duration_seconds: int
    size_bytes: int
    share_to_me: bool
    status: Literal["available", "deleted", "purged"]


class DirectDownloadLinks(Answer):
    recording_download_link: str
    audio_download_link: str
    transcript_download_link: str
    expiration: str


class RecordingWithLinksOut(RecordingOut):
    temporary_direct_download_links: DirectDownloadLinks


class RecordingList(Answer):
    items: list[RecordingOut]


class ErrorItem(Answer):
    description: str


class ErrorOut(Answer):
    message: str
    errors: list[ErrorItem]
    tracking_id: str


#: the spec schema each model stands for (tests/rest/data/spec-facts.json)
SPEC: dict[type[msgspec.Struct], str] = {
    MeetingOut: "MeetingSeriesObject", ListedMeetingOut: "MeetingObjectForListMeeting",
    Telephony: "MeetingSeriesObject.telephony", AudioConnectionOptionsOut: "MeetingSeriesObject.audioConnectionOptions",
    CallInNumber: "MeetingSeriesObject.telephony.callInNumbers", TelephonyLink: "LinksObjectForTelephony",
    InviteeOut: "GetInviteeObject", TemplateOut: "TemplateObject", DetailedTemplateOut: "DetailedTemplateObject",
    SessionTypeOut: "MeetingSessionTypeObject", PersonOut: "Person", ErrorOut: "ErrorBody", WebhookOut: "Webhook",
    WebhookList: "WebhookCollectionResponse", RecordingOut: "RecordingObject",
    RecordingWithLinksOut: "RecordingObjectWithDirectDownloadLinks", RecordingList: "GET /recordings.response",
    DirectDownloadLinks: "RecordingObjectWithDirectDownloadLinks.temporaryDirectDownloadLinks",
    ErrorItem: "ErrorBody.errors",
}
