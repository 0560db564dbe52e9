"""``ep.LstsummarySession`` with ``recurrence`` true: every occurrence of a series as an ``ep:session`` of its own
(docs/time.md, "Recurring meetings over XML"; reference §33).

Documented (XML API 7.4.0 and 8.0 SP11 release notes): with ``recurrence`` true the answer holds every occurrence,
and each ``session`` gains ``isException``, ``isNextUpcomingInstance`` and ``seriesMeetingKey``. ASSUMED: where they
stand (after ``isAudioOnly``), that an occurrence is listed under its series' key unless it is an exception made
over XML (which has a key of its own), that ``seriesMeetingKey`` is shown for exceptions only, and the bounds of
:mod:`mockserver.domain.occurrencelist`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ...domain import listing, occurrencelist, rules, seriesstore, timezones
from ...domain.records import Meeting
from ...domain.sites import Site
from .. import render
from .shared import Context

Summary = Callable[[Meeting, Site, int | None], dict[str, Any]]
#: every meeting the listing's scope and filters keep (its paging applies to the occurrences)
_ALL = 2 ** 62


def answer(ctx: Context, query: listing.Query, zone: int | None, summary: Summary) -> str:
    """The lstsummarySessionResponse of ``query`` occurrence by occurrence; ``summary`` shapes one session."""
    order = query.order[0] if query.order else (listing.STARTTIME, False)
    found = occurrencelist.rows(_candidates(ctx, query), query.start_range, query.end_range, ctx.now_ms,
                                by_start=order[0] == listing.STARTTIME, descending=order[1])
    _notes(ctx, query, found.cut)
    shown = found.rows[query.start_from - 1:query.start_from - 1 + query.maximum]
    if not shown:
        ctx.notes.assume("assumed-answer", "matchingRecords",
                         "no occurrence matches: an empty SUCCESS (total as counted, returned 0), not 000015, as for "
                         "any LstsummarySession (reference §38)")
    site = ctx.principal.site
    return render.content("ep:lstsummarySessionResponse", {
        "matchingRecords": {"total": len(found.rows), "returned": len(shown), "startFrom": query.start_from},
        "session": [_session(ctx, row, site, zone, summary) for row in shown],
    })


def _candidates(ctx: Context, query: listing.Query) -> list[Meeting]:
    """The meetings the listing's scope and filters keep that may have an occurrence starting in the window: those
    starting in it (two bisections of the start index), and the series starting before it whose span reaches it
    (the span index), never a look at every meeting. A ``sessionKey`` or ``listMethod`` OR reads them all."""
    every = dataclasses.replace(query, start_from=1, maximum=_ALL, start_range=None, end_range=None)
    low = query.start_range[0] if query.start_range is not None else None
    if query.key is not None or query.any_filter:
        return list(listing.run(ctx.store, ctx.principal, every).meetings)
    high = occurrencelist.upper(query.start_range, query.end_range, ctx.now_ms)
    found = list(listing.run(ctx.store, ctx.principal, dataclasses.replace(every, start_range=(low, high))).meetings)
    if low is None:
        return found
    seen = {meeting.key for meeting in found}
    for key in seriesstore.series_overlapping(ctx.store, ctx.principal.site.key, low, high + 1):
        if key not in seen:
            found += listing.run(ctx.store, ctx.principal, dataclasses.replace(every, key=key)).meetings
    return found


def _session(ctx: Context, row: occurrencelist.OccurrenceRow, site: Site, zone: int | None,
             summary: Summary) -> dict[str, Any]:
    session = ctx.live(row.meeting, summary(row.meeting, site, zone))
    session.update(
        sessionKey=row.key, confName=row.title,
        startTime=rules.format_date(timezones.from_epoch(row.start, zone)), duration=(row.end - row.start) // 60,
        isException=row.is_exception, isNextUpcomingInstance=row.is_next,
        seriesMeetingKey=row.meeting.key if row.is_exception else None,
    )
    return session


def _notes(ctx: Context, query: listing.Query, cut: bool) -> None:
    ctx.notes.assume("assumed-answer", "session/isException",
                     "recurrence true lists each occurrence under its series' key (an exception made over XML under "
                     "its own), with isException, isNextUpcomingInstance and seriesMeetingKey (exceptions only) "
                     "after isAudioOnly: the release notes name the elements, not their place")
    if query.start_range is None or query.start_range[1] is None:
        ctx.notes.assume("assumed-rule", "bodyContent/dateScope",
                         "recurrence true without dateScope/startDateEnd lists occurrences up to a year from now")
    if cut:
        ctx.notes.assume("assumed-rule", "bodyContent/recurrence",
                         f"the list stopped at {occurrencelist.MAX_ROWS} occurrences")
