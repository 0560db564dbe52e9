"""A meeting's ``audioConnectionOptions``, read from and written to its XML blocks (docs/rest.md, the mapping table;
every pairing ASSUMED: the spec names the REST values, nothing public pairs them with the XML elements).

* ``audioConnectionType``: ``webexAudio`` is XML ``telephonySupport`` CALLIN (or CALLBACK), ``other`` OTHER; NONE is
  ``VoIP`` when the meeting has ``enableOptions/voip``, else ``none``.
* ``enabledTollFreeCallIn``, ``enabledGlobalCallIn``: ``telephony/tollFree``, ``telephony/intlLocalCallIn``.
* ``enabledAudienceCallBack``: ``telephonySupport`` CALLBACK (Webex audio with call-back).
* ``entryAndExitTone``: ``schedule/entryExitTone``, a number in meetings: 0 ``beep`` (XML answers show 0, the REST
  example ``beep``), 1 ``announceName``, 2 ``noTone``.
* the three mute settings have no XML element: the meeting's REST extension keeps them (:mod:`.restonly`).
"""

from __future__ import annotations

from typing import Any

from msgspec import UNSET

from ..domain.xmlblocks import Options
from .models import AudioConnectionOptionsIn

TONES = ("beep", "announceName", "noTone")


def shown(options: Options, mutes: dict[str, Any]) -> dict[str, Any]:
    """The ``audioConnectionOptions`` of a meeting whose XML blocks say ``options`` and whose REST extension keeps
    the mute settings ``mutes`` (:func:`.restonly.shown`)."""
    support = (options.telephony_support or "NONE").strip().upper()
    kind = "webexAudio" if support in ("CALLIN", "CALLBACK") else "other" if support == "OTHER" else \
        "VoIP" if options.voip else "none"
    tone = options.entry_exit_tone or 0
    return {"audioConnectionType": kind, "enabledTollFreeCallIn": bool(options.toll_free),
            "enabledGlobalCallIn": bool(options.global_call_in), "enabledAudienceCallBack": support == "CALLBACK",
            "entryAndExitTone": TONES[tone] if 0 <= tone < len(TONES) else TONES[0], **mutes}


def sent(audio: AudioConnectionOptionsIn) -> dict[str, Any]:
    """The :class:`Options` fields ``audio`` sets (what it leaves out is left as it is)."""
    fields: dict[str, Any] = {}
    kind = audio.audio_connection_type
    if kind is not UNSET:
        fields["telephony_support"] = {"webexAudio": "CALLIN", "other": "OTHER"}.get(kind, "NONE")
        if kind in ("VoIP", "none"):
            fields["voip"] = kind == "VoIP"
    if audio.enabled_audience_call_back is True and kind in (UNSET, "webexAudio"):
        fields["telephony_support"] = "CALLBACK"
    if audio.enabled_toll_free_call_in is not UNSET:
        fields["toll_free"] = audio.enabled_toll_free_call_in
    if audio.enabled_global_call_in is not UNSET:
        fields["global_call_in"] = audio.enabled_global_call_in
    if audio.entry_and_exit_tone is not UNSET:
        fields["entry_exit_tone"] = TONES.index(audio.entry_and_exit_tone)
    return fields
