"""Per-site indexes kept beside the start-time ones, so a listing or an admin read decodes only what it shows.

A stored meeting is a compact tuple whose blocks are decoded on each read (:mod:`.records`). What listings filter
and sort by beyond the held tuple (host, topic, start, UUID) is kept here when the meeting is stored, once:

* ``facts``: meeting key -> :data:`Facts` (end instant, meeting type, tracking codes, attendee ids);
* ``attendees``: attendee id (``contactID``, as stored) -> the key of the meeting holding it (or the set of keys,
  when several do: a client may send the same contactID to every meeting), for DelMeetingAttendee by ``attendeeID``;
* ``keys``: the ``(key, 0)`` entries in key order, for the admin API's pages and the live page;
* ``spans``: every recurring meeting's span (first start to last end, or none for a series that never ends) in a
  :class:`.spans.SpanIndex`, so a window of a listing finds the series overlapping it without a look at every
  meeting (a meeting that does not repeat is found by its start, ``lasting`` away: it costs no memory here);
* ``lasting``: the shortest and longest any meeting of the site lasted (end instant - start instant) since the site
  was indexed: bounds, never narrowed by a delete, so that an end-date range is a start-date range give or take
  the longest meeting.

The store keeps them under its lock, on every put and delete (:meth:`MeetingIndexes.add`, ``discard``); readers
read them under the same lock. Each fact is a flat tuple of numbers and strings (lists inside joined into one
string), which the garbage collector stops tracking, as it does the held meetings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from . import recurrence
from .records import Meeting
from .sortedentries import IndexEntry, SortedEntries
from .spans import SpanIndex

#: (end instant in epoch seconds, meetingType (-1: none), tracking codes, attendee ids): the tracking codes as
#: "trackingCodeN" SEP2 value-casefolded pairs joined by SEP, the attendee ids (contactIDs) joined by SEP
Facts = tuple[int, int, str, str]
END: Final = 0
MEETING_TYPE: Final = 1
TRACKING: Final = 2
ATTENDEES: Final = 3
SEP, SEP2 = "\x00", "\x01"
NO_FACTS: Facts = (0, -1, "", "")


def facts_of(meeting: Meeting) -> Facts:
    """What listings need of a meeting beyond its held tuple (one decode of its data, none for a meeting just
    made). Read from its blocks as held: the placeholders :func:`.xmlblocks.join` fills are the title, the zone, the
    start and the duration, and only the duration is read here (filled as the core's)."""
    data = meeting.peek_extension()
    schedule, meta = _block(data, "schedule"), _block(data, "metaData")
    minutes = schedule.get("duration", "0")
    if minutes is None and "duration" in schedule:  # the placeholder join fills with the core's duration
        minutes = str(meeting.duration)
    tracking = SEP.join(f"{name}{SEP2}{str(value).casefold()}" for name, value in _block(data, "tracking").items())
    attendees = _block(_block(data, "participants"), "attendees").get("attendee", [])
    return meeting.start_ts + _number(minutes) * 60, _number(meta.get("meetingType"), -1), \
        tracking, joined_contact_ids(attendees)


def joined_contact_ids(attendees: Any) -> str:
    """The listing fact of an attendee list: its attendees' contactIDs joined by SEP ("" for no list)."""
    return SEP.join(str(a.get("contactID")) for a in attendees if isinstance(a, dict)) \
        if isinstance(attendees, list) else ""


def tracking_code(facts: Facts, name: str) -> str:
    """The meeting's tracking code ``name`` (e.g. ``trackingCode2``), casefolded; "" when it has none."""
    for pair in facts[TRACKING].split(SEP) if facts[TRACKING] else ():
        found, _, value = pair.partition(SEP2)
        if found == name:
            return value
    return ""


def attendee_ids(facts: Facts) -> list[str]:
    return facts[ATTENDEES].split(SEP) if facts[ATTENDEES] else []


def _block(data: Any, name: str) -> dict[str, Any]:
    found = data.get(name) if isinstance(data, dict) else None
    return found if isinstance(found, dict) else {}


def _number(value: Any, default: int = 0) -> int:
    try:
        return int(str(value)) if len(str(value)) <= 19 else default
    except ValueError:
        return default


def exception_keys(changes: Any) -> list[int]:
    """The own keys of a series' changed occurrences (those made over XML have one)."""
    return [fields["key"] for fields in changes if isinstance(fields.get("key"), int)]


def span_of(meeting: Meeting) -> tuple[int, int | None]:
    """A meeting's span: a series' (:func:`.recurrence.span`), else its start and end."""
    series = meeting.recurrence
    if series is None:
        return meeting.start_ts, meeting.start_ts + meeting.duration * 60
    return recurrence.span(series)


class MeetingIndexes:
    def __init__(self) -> None:
        self.facts: dict[str, dict[int, Facts]] = {}
        self.attendees: dict[str, dict[str, int | set[int]]] = {}
        self.keys: dict[str, SortedEntries] = {}
        self.lasting: dict[str, tuple[int, int]] = {}
        self.spans: dict[str, SpanIndex] = {}
        #: an exception's own key (one made over XML) -> its series' key, and a series' key -> those keys, per site
        self.exceptions: dict[str, dict[int, int]] = {}
        self.exceptions_of: dict[str, dict[int, list[int]]] = {}

    def add(self, meeting: Meeting, facts: Facts | None = None) -> None:
        """``facts``: :func:`facts_of` the meeting, when known (a planned meeting's: its plan's)."""
        site, key = meeting.site, meeting.key
        facts = self.facts.setdefault(site, {})[key] = facts_of(meeting) if facts is None else facts
        lasts = facts[END] - meeting.start_ts
        shortest, longest = self.lasting.get(site, (lasts, lasts))
        self.lasting[site] = (min(shortest, lasts), max(longest, lasts))
        attendees = self.attendees.setdefault(site, {})
        for attendee in attendee_ids(facts):
            held = attendees.get(attendee)
            if held is None or held == key:
                attendees[attendee] = key
            elif isinstance(held, set):
                held.add(key)
            else:
                attendees[attendee] = {held, key}
        keys = self.keys.get(site)
        if keys is None:
            keys = self.keys[site] = SortedEntries()
        keys.add((key, 0))
        series = meeting.recurrence
        if series is not None:
            self.spans.setdefault(site, SpanIndex()).put(key, *span_of(meeting))
            owns = exception_keys(series.changed.values())
            if owns:
                self.exceptions_of.setdefault(site, {})[key] = owns
                self.exceptions.setdefault(site, {}).update(dict.fromkeys(owns, key))

    def discard(self, site: str, key: int) -> None:
        facts = self.facts.get(site, {}).pop(key, None)
        if facts is None:
            return
        attendees = self.attendees[site]
        for attendee in attendee_ids(facts):
            held = attendees.get(attendee)
            if isinstance(held, set):
                held.discard(key)
                if len(held) == 1:
                    attendees[attendee] = held.pop()
            elif held == key:
                del attendees[attendee]
        self.keys[site].discard((key, 0))
        spans = self.spans.get(site)
        if spans is not None:
            spans.discard(key)
        for own in self.exceptions_of.get(site, {}).pop(key, ()):
            del self.exceptions[site][own]

    def take_site(self, site: str) -> list[Any]:
        """The site's indexes, taken out whole (a site removed with its meetings)."""
        self.lasting.pop(site, None)
        spans = self.spans.pop(site, None)
        return [self.facts.pop(site, {}), self.exceptions.pop(site, {}), self.exceptions_of.pop(site, {}),
                self.attendees.pop(site, {}), self.keys.pop(site, None),
                *(spans.taken() if spans is not None else ())]

    # -- reading (under the store's lock) ---------------------------------------------------------------

    def site_facts(self, site: str) -> dict[int, Facts]:
        return self.facts.get(site, {})

    def with_attendee(self, site: str, attendee: str) -> tuple[int, ...]:
        """The keys of the site's meetings holding attendee id ``attendee`` (as stored: its ``contactID``)."""
        held = self.attendees.get(site, {}).get(attendee)
        return () if held is None else tuple(sorted(held)) if isinstance(held, set) else (held,)

    def in_key_order(self, site: str) -> Sequence[IndexEntry]:
        return self.keys.get(site, _NONE)

    def series_overlapping(self, site: str, window_start: int, window_end: int) -> list[int]:
        """The keys of the site's recurring meetings with an occurrence that may overlap the window."""
        found = self.spans.get(site)
        return found.overlapping(window_start, window_end) if found is not None else []

    def series_of_exception(self, site: str, key: int) -> int | None:
        """The key of the series whose exception (made over XML) has key ``key``, None when there is none."""
        return self.exceptions.get(site, {}).get(key)

    def lasts(self, site: str) -> tuple[int, int]:
        """(at least, at most) how long a meeting of the site lasts, in seconds (bounds)."""
        return self.lasting.get(site, (0, 0))


_NONE = SortedEntries()
