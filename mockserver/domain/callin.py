"""A meeting's call-in numbers (webex-reference.md §37): a meeting whose audio is the site's own (telephonySupport
CALLIN or CALLBACK, neither TSP nor MeetingPlace audio) shows the site's numbers; any other shows none. One rule
for both faces: GetMeeting's ``callInNum`` and the REST meeting's ``telephony.callInNumbers``."""

from __future__ import annotations

from .sites import CallIn
from .xmlblocks import Options

#: the telephonySupport values of a meeting one dials into on the site's own audio (reference 3.7)
SITE_AUDIO = frozenset({"CALLIN", "CALLBACK"})


def shows_numbers(options: Options) -> bool:
    """Does a meeting with these options show its site's call-in numbers? Not with TSP audio (its numbers are the
    provider's, ``tspConference``) nor MeetingPlace audio (the 2016 capture of such a CALLIN meeting has an empty
    ``callInNum``)."""
    return options.telephony_support in SITE_AUDIO and not options.tsp_audio and not options.mp_audio


def numbers(options: Options, call_in: CallIn) -> dict[str, str]:
    """``tollNum`` and ``tollFreeNum`` the meeting shows (those of the site it has; none: {})."""
    return call_in.numbers if shows_numbers(options) else {}


def rest_numbers(options: Options, call_in: CallIn) -> list[dict[str, str]]:
    """The REST ``callInNumbers`` (``label``, ``callInNumber``, ``tollType`` toll or tollFree) of the same numbers."""
    shown = numbers(options, call_in)
    return [{"label": label, "callInNumber": shown[name], "tollType": kind}
            for name, label, kind in (("tollNum", call_in.tollLabel, "toll"),
                                      ("tollFreeNum", call_in.tollFreeLabel, "tollFree")) if name in shown]
