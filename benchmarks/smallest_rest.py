"""The smallest thing that could work for the REST create, ``POST /v1/meetings``: written flat, doing only what any
faithful Meetings REST mock must, with none of the mock's code (only its seed).

Issue 22 asks a REST create of at least 0.25 x the bare-Starlette floor; issue 25 asks any goal not met to be argued
from the smallest thing that could work. This is that thing for the REST create:

1. the bearer token names the user (a dict lookup); 401 without one it knows, 415 for a body that is not JSON;
2. the JSON read and checked by msgspec against a model of ``CreateMeetingObject`` (title at most 128 characters,
   agenda at most 1,300, ``joinBeforeHostMinutes`` one of 0/5/10/15, the types of the flags);
3. the REST rules: the zone (sent, else the host's), start and end read in it, seconds stripped, start not in the
   past, 10 minutes to 23 h 59 min; a password generated when none is sent (8 letters and digits), the site's NBR
   auto-record; the rules that fired are one shared tuple plus the few made for this call;
4. the ids: a 32-hex id, an 11-digit meeting number, a host key, the join link's MTID;
5. stored compactly: the core fields plain, the rest marshalled and held as its bytes' difference from the first
   meeting's (the mock's form, mockserver.domain.compact), indexed by start, number and id;
6. the whole meeting answered as the mock answers it (about 1.2 KB of JSON, start and end in the meeting's zone,
   the site's call-in numbers), with a ``TrackingID`` header;
7. journaled: method, path, status, the request and the answer with their passwords masked, in a bounded deque.

No notes, faults, stubs, namespaces, webhooks, series, clock or state file. :func:`answer` serves it in
``smallest.py``'s app (``bench_http.py`` runs it beside the floor and the mock); anything but a valid create by a
known token is answered with the REST error shape.
"""

from __future__ import annotations

import base64
import bisect
import itertools
import marshal
import random
import re
import time
import uuid
from collections import deque
from datetime import datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

import msgspec

from mockserver.domain.sites import load_seed_dicts

_ZONES = {4: "America/Los_Angeles"}  # the seed's zone: the smallest thing knows one
_SITES = {site["siteName"]: site for site in load_seed_dicts()}
#: token -> (site, user, the user's hostUserId, zone)
_TOKENS = {token: (site, user, base64.urlsafe_b64encode(
    f"ciscospark://us/PEOPLE/{uuid.uuid5(uuid.NAMESPACE_URL, user['email'])}".encode()).decode().rstrip("="),
    _ZONES.get(user["timeZoneID"], "UTC"))
    for site in _SITES.values() for user in site["users"] for token in user.get("accessTokens", [])}


class AudioIn(msgspec.Struct, rename="camel", kw_only=True):
    audio_connection_type: Literal["webexAudio", "VoIP", "other", "none"] = "webexAudio"
    enabled_toll_free_call_in: bool = False
    enabled_global_call_in: bool = False
    enabled_audience_call_back: bool = False
    entry_and_exit_tone: Literal["beep", "announceName", "noTone"] = "beep"
    allow_host_to_unmute_participants: bool = False
    allow_attendee_to_unmute_self: bool = True
    mute_attendee_upon_entry: bool = False


class MeetingIn(msgspec.Struct, rename="camel", kw_only=True):
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=128)]
    start: str
    end: str
    agenda: Annotated[str, msgspec.Meta(max_length=1300)] = ""
    password: str | None = None
    timezone: str | None = None
    enabled_auto_record_meeting: bool = False
    allow_any_user_to_be_co_host: bool = False
    enabled_join_before_host: bool = False
    enable_connect_audio_before_host: bool = False
    join_before_host_minutes: Literal[0, 5, 10, 15] = 0
    exclude_password: bool = False
    public_meeting: bool = False
    reminder_time: int = 0
    session_type_id: int | None = None
    audio_connection_options: AudioIn | None = None


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


#: a meeting made over REST has Webex audio (as the mock answers it)
_AUDIO = {"audioConnectionType": "webexAudio", "enabledTollFreeCallIn": False, "enabledGlobalCallIn": False,
          "enabledAudienceCallBack": False, "entryAndExitTone": "beep", "allowHostToUnmuteParticipants": False,
          "allowAttendeeToUnmuteSelf": True, "muteAttendeeUponEntry": False}
_DECODER = msgspec.json.Decoder(MeetingIn)
_ENCODER = msgspec.json.Encoder()
_SECRET = re.compile(rb'("(?:password|panelistPassword)"\s*:\s*")((?:[^"\\]|\\.)*)"')
_RANDOM = random.Random(1)
_NUMBERS = itertools.count(10**10 + 1)
#: the rules every create fires (made once), and the one made per call
_SHARED_RULES = tuple(("default", f"enableOptions/{name}", None, "false") for name in
                      ("autoRecord", "joinBeforeHost", "audioBeforeHost", "excludePassword", "publicMeeting"))
#: a meeting as held: (title, start, minutes, zone, host, the rest marshalled as its difference from the first's)
Held = tuple[str, int, int, str, str, bytes]
_MEETINGS: dict[int, Held] = {}
_BY_START: list[tuple[int, int]] = []
_BY_ID: dict[str, int] = {}
_JOURNAL: deque[tuple[Any, ...]] = deque(maxlen=10_000)


def _masked(body: bytes) -> bytes:
    return _SECRET.sub(rb'\1******"', body)


class Difference:
    """A meeting's bytes as (bytes shared with the first meeting's at the start, at the end, the bytes between)."""

    def __init__(self) -> None:
        self.first: bytes | None = None

    def __call__(self, held: bytes) -> tuple[int, int, bytes]:
        if self.first is None:
            self.first = held
        return _difference(held, self.first)


def _difference(held: bytes, reference: bytes) -> tuple[int, int, bytes]:
    length = min(len(held), len(reference))
    start = length - ((int.from_bytes(held[:length], "big") ^ int.from_bytes(reference[:length], "big"))
                      .bit_length() + 7) // 8
    end = length - ((int.from_bytes(held[len(held) - length:], "little")
                     ^ int.from_bytes(reference[len(reference) - length:], "little")).bit_length() + 7) // 8
    end = min(end, length - start)
    return start, end, held[start:len(held) - end]


_DIFFERENCE = Difference()


def _instant(text: str, name: str, zone: ZoneInfo) -> int:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Refused(400, f"{name}: not an ISO 8601 date and time") from None
    return int((moment if moment.tzinfo else moment.replace(tzinfo=zone)).timestamp())


#: a new meeting's ids: (meeting number, REST id, the join link's MTID, host key)
Ids = tuple[int, str, str, str]


def new_ids() -> Ids:
    return (next(_NUMBERS), f"{_RANDOM.getrandbits(128):032x}", f"{_RANDOM.getrandbits(128):032x}",
            f"{_RANDOM.randrange(10**6):06d}")


def created(sent: MeetingIn, site: dict[str, Any], user: dict[str, Any], host_id: str, zone_name: str,
            now: float, ids: Ids | None = None) -> tuple[dict[str, Any], tuple[Any, ...], Held]:
    """The meeting the REST rules make of ``sent`` (with ``ids``, else new ones), the rules that fired, and the
    meeting as the store holds it (:func:`stored` stores it)."""
    zone_name = sent.timezone or zone_name
    zone = ZoneInfo(zone_name)
    start, end = _instant(sent.start, "start", zone), _instant(sent.end, "end", zone)
    rules: tuple[Any, ...] = _SHARED_RULES
    if start % 60 or end % 60:
        start, end = start - start % 60, end - end % 60
        rules += (("seconds-stripped", "start/end", sent.start, None),)
    if start < now - 60:
        raise Refused(400, "start: must not be in the past")
    minutes = (end - start) // 60
    if not 10 <= minutes <= 1439:
        raise Refused(400, f"end: a meeting lasts 10 minutes to 23 hours 59 minutes, not {minutes} minutes")
    password = sent.password
    if password is None:
        letters = "".join(chr(97 + _RANDOM.randrange(26)) for _ in range(5))
        password = letters[:2].upper() + letters[2:] + f"{_RANDOM.randrange(1000):03d}"
        rules += (("password-generated", "password", None, "******"),)
    number, meeting_id, mtid, host_key = ids if ids is not None else new_ids()
    settings = site["settings"]
    jbh = sent.enabled_join_before_host and settings["joinBeforeHost"]
    extension = {"agenda": sent.agenda, "password": password, "hostKey": host_key, "mtid": mtid, "id": meeting_id,
                 "autoRecord": sent.enabled_auto_record_meeting or settings["nbrAutoRecord"],
                 "coHost": sent.allow_any_user_to_be_co_host, "jbh": jbh,
                 "jbhMinutes": sent.join_before_host_minutes if jbh else 0,
                 "audioBeforeHost": sent.enable_connect_audio_before_host,
                 "excludePassword": sent.exclude_password, "public": sent.public_meeting,
                 "reminder": sent.reminder_time,
                 "sessionType": sent.session_type_id or settings["defaultMeetingType"],
                 "audio": dict(_AUDIO) if sent.audio_connection_options is None
                 else msgspec.to_builtins(sent.audio_connection_options)}
    held = (sent.title, start, minutes, zone_name, user["webExId"],
            marshal.dumps(_DIFFERENCE(marshal.dumps(extension, 2)), 2))
    host = f"{site['siteName']}.webex.com"
    call_in = site["callIn"]
    return {
        "id": meeting_id, "meetingNumber": str(number), "title": sent.title, "agenda": sent.agenda,
        "password": password, "meetingType": "meetingSeries", "state": "active", "timezone": zone_name,
        "start": datetime.fromtimestamp(start, zone).isoformat(),
        "end": datetime.fromtimestamp(start + minutes * 60, zone).isoformat(),
        "hostUserId": host_id, "hostDisplayName": f"{user['firstName']} {user['lastName']}",
        "hostEmail": user["email"], "hostKey": host_key, "siteUrl": host,
        "webLink": f"https://{host}/{site['siteName']}/j.php?MTID=m{mtid}", "sipAddress": f"{number}@{host}",
        "enabledAutoRecordMeeting": extension["autoRecord"],
        "allowAnyUserToBeCoHost": sent.allow_any_user_to_be_co_host, "enabledJoinBeforeHost": jbh,
        "enableConnectAudioBeforeHost": sent.enable_connect_audio_before_host,
        "joinBeforeHostMinutes": extension["jbhMinutes"], "excludePassword": sent.exclude_password,
        "publicMeeting": sent.public_meeting, "reminderTime": sent.reminder_time, "scheduledType": "meeting",
        "sessionTypeId": extension["sessionType"], "enabledBreakoutSessions": False,
        "telephony": {"accessCode": str(number), "callInNumbers": [
            {"label": call_in["tollLabel"], "callInNumber": call_in["tollNum"], "tollType": "toll"},
            {"label": call_in["tollFreeLabel"], "callInNumber": call_in["tollFreeNum"], "tollType": "tollFree"}],
            "links": []},
        "audioConnectionOptions": extension["audio"],
    }, rules, held


def stored(number: int, meeting_id: str, held: Held) -> None:
    """Keep a meeting, indexed by start, number and id."""
    _MEETINGS[number] = held
    bisect.insort(_BY_START, (held[1], number))
    _BY_ID[meeting_id] = number


def answer(body: bytes, authorization: bytes, content_type: bytes) -> tuple[int, bytes, str]:
    """(status, JSON, tracking id) of ``POST /v1/meetings``."""
    tracking_id = f"ROUTER_{str(uuid.uuid4()).upper()}"
    rules: tuple[Any, ...] = ()
    try:
        known = _TOKENS.get(authorization.removeprefix(b"Bearer ").decode("latin-1"))
        if known is None:
            raise Refused(401, "The request requires a valid access token set in the Authorization request header.")
        if not content_type.startswith(b"application/json"):
            raise Refused(415, "Content-Type must be application/json")
        try:
            sent = _DECODER.decode(body)
        except msgspec.ValidationError as error:
            raise Refused(400, str(error)) from None
        except msgspec.DecodeError:
            raise Refused(400, "The request body is not valid JSON") from None
        meeting, rules, held = created(sent, *known, now=time.time())
        stored(int(meeting["meetingNumber"]), meeting["id"], held)
        status, answered = 200, _ENCODER.encode(meeting)
    except Refused as refused:
        status = refused.status
        answered = _ENCODER.encode({"message": refused.message, "errors": [{"description": refused.message}],
                                    "trackingId": tracking_id})
    _JOURNAL.append((time.time(), "POST", "/v1/meetings", status, _masked(body), _masked(answered), rules))
    return status, answered, tracking_id
