"""One occurrence of a recurring series changed over XML: an *exception*, a meeting of its own key that replaces
one occurrence (docs/time.md, "Recurring meetings over XML"; reference §33).

Documented (XML API 7.4.0 and 8.0 SP11 release notes): exceptions of a series are managed through the XML API
(CreateMeeting, SetMeeting, DelMeeting and GetMeeting among the calls touched), an exception is listed with
``isException`` and its series' key in ``seriesMeetingKey``, and the ``repeat`` block carries ``isException`` and
``seriesMeetingKey`` (a 2016 client's element list). How a request names the occurrence is not documented: the
mock's reading (ASSUMED) is

* CreateMeeting whose ``repeat`` has ``isException`` true and ``seriesMeetingKey`` makes an exception of that
  series: the occurrence whose rule instant is nearest the request's ``schedule/startDate`` takes the request's
  topic (``metaData/confName``), agenda, start and length, and gets a key of its own, answered as ``meetingkey``.
  One naming no recurring meeting of the site makes a meeting of its own, noted (the service is lenient);
* GetMeeting, SetMeeting and DelMeeting with that key read, change and delete the one occurrence; the series' own
  key still means the whole series. Everything else of the exception (options, attendees) is the series'.

A shipped client that edits one occurrence without these elements (the Zimbra zimlet) makes a new one-off meeting,
which the mock does too: without ``isException`` a CreateMeeting is a meeting of its own.
"""

from __future__ import annotations

from typing import Any

from ...base.errors import InvalidRequest
from ...domain import rules, seriesstore, xmlrepeat
from ...domain.records import Meeting
from ...domain.recurrence import Occurrence
from .shared import Context

WHERE = "bodyContent/repeat/seriesMeetingKey"


def series_key(ctx: Context, payload: dict[str, Any]) -> int | None:
    """The series a CreateMeeting makes an exception of: ``repeat/isException`` true and ``seriesMeetingKey``
    naming a recurring meeting of the site. None: the request makes a meeting of its own (noted when it said
    ``isException`` but named no such series: a lenient reading, ASSUMED)."""
    repeat = payload.get("repeat") or {}
    if not rules.truthy(repeat.get("isException", "false")):
        return None
    sent = str(repeat.get("seriesMeetingKey", "")).strip()
    series = ctx.store.get_meeting(ctx.principal.site.key, int(sent)) if sent.isdigit() else None
    if series is None or series.recurrence is None:
        ctx.notes.assume("assumed-rule", WHERE,
                         "repeat/isException true without the key of a recurring meeting of the site: not read, the "
                         "request makes a meeting of its own")
        return None
    return series.key


def made(ctx: Context, payload: dict[str, Any], key: int) -> Meeting:
    """The exception CreateMeeting makes of series ``key``, as a meeting of its own (stored in the series)."""
    series_meeting = ctx.managed_meeting(key)
    if "startDate" not in (payload.get("schedule") or {}):
        raise InvalidRequest("Invalid request: bodyContent/schedule/startDate: an exception gives the start of the "
                             "occurrence it replaces")
    wanted = _changed(series_meeting, series_meeting, payload)
    own: list[int] = []

    def change(old: Meeting) -> Meeting:
        series = old.recurrence
        if series is None:
            raise InvalidRequest(f"Invalid request: {WHERE}: meeting {key} does not repeat")
        found = seriesstore.nearest(series, wanted.start_ts)
        if found is None:
            raise InvalidRequest(f"Invalid request: {WHERE}: meeting {key} has no occurrence within a year of "
                                 "schedule/startDate")
        known = found.changes.get("key")
        own.append(known if isinstance(known, int) else ctx.store.new_meeting_key())
        return old.replaced(series=seriesstore.as_data(series.with_change(found.rule_ts, _fields(wanted, own[0]))))

    ctx.store.update_meeting(ctx.principal.site.key, key, change)
    _note(ctx)
    result = _found(ctx, own[0])
    assert result is not None
    return result[1]


def found(ctx: Context, key: int) -> tuple[Meeting, Meeting] | None:
    """(the series, the exception as a meeting of its own) when ``key`` is an exception's own key and the caller
    may manage its series; None when it is not an exception's key."""
    return _found(ctx, key)


def _found(ctx: Context, key: int) -> tuple[Meeting, Meeting] | None:
    hit = seriesstore.exception(ctx.store, ctx.principal.site.key, key)
    if hit is None:
        return None
    series_meeting, occurrence = hit
    ctx.may_manage(series_meeting)
    ctx.meeting_key = key
    return series_meeting, _shown(series_meeting, occurrence)


def changed(ctx: Context, series_meeting: Meeting, exception: Meeting, payload: dict[str, Any]) -> Meeting:
    """SetMeeting of an exception: its topic, agenda, start and length as sent, the rest kept."""
    wanted = _changed(series_meeting, exception, payload)

    def change(old: Meeting) -> Meeting:
        series = old.recurrence
        hit = seriesstore.exception_in(old, exception.key)
        if series is None or hit is None:
            raise InvalidRequest("Invalid request: bodyContent/meetingkey: the occurrence is gone")
        return old.replaced(series=seriesstore.as_data(series.with_change(hit.rule_ts,
                                                                          _fields(wanted, exception.key))))

    ctx.store.update_meeting(series_meeting.site, series_meeting.key, change)
    _note(ctx)
    result = _found(ctx, exception.key)
    assert result is not None
    return result[1]


def deleted(ctx: Context, series_meeting: Meeting, exception: Meeting) -> None:
    """DelMeeting of an exception: its occurrence is deleted from the series."""
    def change(old: Meeting) -> Meeting:
        series = old.recurrence
        hit = seriesstore.exception_in(old, exception.key)
        if series is None or hit is None:
            raise InvalidRequest("Invalid request: bodyContent/meetingKey: the occurrence is gone")
        return old.replaced(series=seriesstore.as_data(series.without(hit.rule_ts)))

    ctx.store.update_meeting(series_meeting.site, series_meeting.key, change)
    _note(ctx)


def _changed(series_meeting: Meeting, base: Meeting, payload: dict[str, Any]) -> Meeting:
    """``base`` with the request's topic, agenda, start (in its timeZoneID, else the base's) and length."""
    data = base.data
    schedule, meta = payload.get("schedule") or {}, payload.get("metaData") or {}
    for name in ("startDate", "timeZoneID", "duration"):
        if name in schedule:
            value = schedule[name]
            if name == "startDate":
                value = rules.format_date(rules.parse_date(value, "bodyContent/schedule/startDate"))
            data["schedule"][name] = value
    for name in ("confName", "agenda"):
        if name in meta:
            data["metaData"][name] = meta[name]
    return base.replaced(data=data)


def _fields(wanted: Meeting, own: int) -> dict[str, Any]:
    fields: dict[str, Any] = {"key": own, "title": wanted.title, "start_ts": wanted.start_ts,
                              "duration": wanted.duration}
    agenda = wanted.peek_extension().get("metaData", {}).get("agenda")
    if agenda is not None:
        fields["agenda"] = agenda
    return fields


def _shown(series_meeting: Meeting, occurrence: Occurrence) -> Meeting:
    """The exception as GetMeeting shows it: the series' meeting with the occurrence's own key, topic, agenda,
    start and length, and a ``repeat`` block that says whose exception it is."""
    view = seriesstore.as_exception(series_meeting, occurrence)
    data = view.data
    data["repeat"] = xmlrepeat.exception_repeat(series_meeting.key)
    if "agenda" in occurrence.changes:
        data["metaData"]["agenda"] = occurrence.changes["agenda"]
    return view.replaced(data=data)


def _note(ctx: Context) -> None:
    ctx.notes.assume("assumed-rule", WHERE,
                     "an exception is one occurrence under a key of its own: CreateMeeting with repeat/isException "
                     "and seriesMeetingKey replaces the occurrence nearest its startDate; its topic, agenda, start and "
                     "length are its own, the rest the series' (no source says how a request names the occurrence)")
