"""``/v1/meetings``: create, read, list, update, patch and delete meetings, series and their occurrences, on the same
store and under the same WebEx rules as the XML API (docs/rest.md; recurrence: :mod:`.series`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from msgspec import UNSET

from ..base.errors import clip
from ..domain import callrules, links, meetings, occurrenceids, plans, rules, seriesstore, xmlblocks, xmlrepeat
from ..domain.occurrenceids import parse_meeting_id
from ..domain.records import Meeting
from ..domain.recurrence import Occurrence, Series
from ..domain.sites import User
from . import audio, checks, happened, planned, restonly, shapes
from . import series as recurring
from .calls import Answer, Call
from .checks import AGENDA_MAX, LONGEST_MIN, SHORTEST_MIN, TITLE_MAX
from .errors import RestError
from .models import MeetingIn, MeetingPatch
from .pages import paged

JOIN_BEFORE_HOST_MINUTES = (0, 5, 10, 15)
LIST_DEFAULT, LIST_MAX = 10, 100
PATCH_TYPES = ("application/json-patch+json", "application/json")


# -- create ---------------------------------------------------------------------------------------------------------

def create(call: Call) -> Answer:
    sent = call.json(MeetingIn)
    callrules.not_suspended(call.principal.site)  # 403 (reference §41)
    host = checks.host(call, sent.host_email if sent.host_email is not UNSET else None)
    _check_site(call, sent.site_url if sent.site_url is not UNSET else None)
    zone = checks.zone(sent.timezone if sent.timezone is not UNSET else None, host)
    title, start, minutes = checks.checked(call, sent.title, sent.start, sent.end, zone)
    options = _options(call, sent, creating=True)
    rule = recurring.rule(call, sent.recurrence if sent.recurrence is not UNSET else None, start, zone, minutes)
    rest = restonly.kept({}, restonly.sent(sent))
    site = call.principal.site
    kind = plans.kind(site, call.caller, host, title, start, zone, minutes, options) \
        if rule is None and not rest else None
    plan = call.store.plans.get(kind) if kind is not None else None
    if isinstance(plan, plans.Plan):  # a kind made before: the rules' work as they did then (mockserver.domain.plans)
        made, host = plans.made(call.store, plan, site, call.caller, host, title, start, zone, minutes, options,
                                call.now_ms, call.notes, call.fired)
        call.meeting_key = made.key
        return planned.answer(call, plan, site, host, made, options)
    fired_from, noted_from = len(call.fired.items), len(call.notes.items)
    data, host = plans.by_rules(title, rule.first_start if rule is not None else start, zone, minutes, options, site,
                                call.caller, host, meetings.contact_ids(call.store), call.now_ms, call.notes,
                                call.fired, xmlrepeat.to_xml_repeat(rule) if rule is not None else None)
    made = meetings.made(call.store, site, host, data, call.now_ms, zone, lambda _: rule, rest=rest)
    call.meeting_key = made.key
    shown = shapes.meeting(site, host, made)
    if kind is not None:
        plans.learn(call.store.plans, kind, made, host is call.caller, call.fired.items[fired_from:],
                    call.notes.items[noted_from:], planned.kept(shown, options.agenda is not None))
    return Answer(200, happened.series(call, made, recurring.as_series(shown, made, None)))


# -- read -----------------------------------------------------------------------------------------------------------

def get(call: Call) -> Answer:
    """A series (``current=true``: with its running or next occurrence's start and end), one occurrence, or one
    instance (a meeting that started: ``<seriesId>_I_<digits>``)."""
    text = call.path["meetingId"]
    named = occurrenceids.parse_meeting_id(text)
    if named.kind == "instance":
        found = by_id(call, named.series_id)
        instance, state = happened.by_instance_id(call, found, text)
        return Answer(200, happened.instance(call.principal.site, call.principal.site.user(found.host), found,
                                             instance, state, listed=False))
    found, occurrence = target(call, text)
    current = recurring.flag(call, "current", False)
    owner = call.principal.site.user(found.host)
    return Answer(200, _item(call, recurring.Item(found, occurrence), owner, call.now_ms // 1000 if current else None))


def _shown(call: Call, host: User | None, meeting: Meeting) -> dict[str, Any]:
    """The meeting as REST answers it (its XML blocks decoded once), noting what REST would not have stored."""
    options = xmlblocks.options_of(meeting.data)
    _note_xml_values(call, meeting, options.agenda or "")
    return happened.series(call, meeting, shapes.meeting(call.principal.site, host, meeting, options))


def _note_xml_values(call: Call, meeting: Meeting, agenda: str) -> None:
    """A meeting made over XML may hold what the REST API refuses (a longer title or agenda, a shorter or longer
    meeting): shown as stored, with a note (no source says how the real service shows it)."""
    outside = [what for what, yes in (
        (f"title of {len(meeting.title)} characters", len(meeting.title) > TITLE_MAX),
        (f"agenda of {len(agenda)} characters", len(agenda) > AGENDA_MAX),
        (f"duration of {meeting.duration} minutes", not SHORTEST_MIN <= meeting.duration <= LONGEST_MIN)) if yes]
    if outside:
        call.notes.assume("assumed-answer", f"meeting {meeting.key}",
                          f"made over XML with a {', a '.join(outside)}, which the REST API refuses: shown as "
                          "stored")


def _meeting(call: Call) -> Meeting:
    return by_id(call, call.path["meetingId"])


def by_id(call: Call, text: str) -> Meeting:
    """The meeting id ``text`` names, if the caller may manage it: 404 for an id of no meeting."""
    key = shapes.key_of_id(text)
    found = call.store.get_meeting(call.principal.site.key, key) if key is not None else None
    if found is None or not shapes.is_id_of(text, found):
        raise RestError(404, None, f"No meeting with id {clip(text, 40)!r}.")
    meetings.may_manage(call.principal, found)
    call.meeting_key = found.key
    return found


def target(call: Call, text: str) -> tuple[Meeting, Occurrence | None]:
    """The series or occurrence a meeting id names (404 for none): the series' meeting, and the occurrence."""
    named = parse_meeting_id(text)
    if named.kind == "series":
        return by_id(call, text), None
    found = by_id(call, named.series_id) if named.kind == "occurrence" else None
    occurrence = seriesstore.at(found, named.start_ts) if found is not None and named.start_ts is not None else None
    if found is None or occurrence is None:
        raise RestError(404, None, f"No meeting with id {clip(text, 60)!r}.")
    return found, occurrence


def listed(call: Call) -> Answer:
    """``GET /meetings``: the caller's series (a site admin's with ``hostEmail``, another host's) that have an
    occurrence from ``from`` to ``to`` (now to now + 7 days by default), or their occurrences (``meetingType``
    ``scheduledMeeting``; the default with ``meetingSeriesId``), by start."""
    host = checks.host(call, call.query.get("hostEmail"))
    _check_site(call, call.query.get("siteUrl"))
    number, series_id = call.query.get("meetingNumber"), call.query.get("meetingSeriesId")
    wanted = _filters(call)
    kind = recurring.list_type(call, series_id)
    start, end = checks.window(call, before_now=kind == "meeting")
    now = call.now_ms // 1000
    current = recurring.flag(call, "current", True)
    site = call.principal.site
    state = call.query.get("state")
    owner = site.user(host.webExId)

    def mine(meeting: Meeting) -> bool:
        return meeting.host.lower() == host.key and wanted(meeting)

    if number is None and kind == "meeting":  # instances: a meeting may start any time while it is ready
        happened.note_instances(call)
        ran = [m for m in call.store.site_meetings(site.key)
               if mine(m) and (series_id is None or shapes.is_id_of(series_id, m))]
        started = sorted(((i.started_ms, m.key, m, i, s) for m in ran for i, s in happened.instances(
            call, m, start, end) if state in (None, s)), key=lambda row: (row[0], row[1]))
        return paged(call, started, lambda row: happened.instance(site, owner, row[2], row[3], row[4]),
                     LIST_DEFAULT, LIST_MAX)
    if number is not None:  # from, to and meetingType are ignored (documented)
        found = [recurring.Item(m, None) for m in call.store.site_meetings(site.key)
                 if mine(m) and str(m.key) == number.strip()]
    else:
        if series_id is not None:
            key = shapes.key_of_id(series_id)
            one = call.store.get_meeting(site.key, key) if key is not None else None
            candidates = [one] if one is not None and shapes.is_id_of(series_id, one) and mine(one) else []
        else:
            candidates = seriesstore.overlapping(call.store, site.key, start, end, mine)
        found = recurring.items(call, candidates, kind, start, end)
    if state is not None:
        found = [item for item in found if _state_of(call, item) == state]
    return paged(call, found, lambda item: _item(call, item, owner, now if current else None), LIST_DEFAULT,
                 LIST_MAX)


def _item(call: Call, item: recurring.Item, owner: User | None, now: int | None) -> dict[str, Any]:
    """A series or one of its occurrences as GET and the list show it, with its state now."""
    shown = recurring.shown_item(call, item, lambda meeting: _shown(call, owner, meeting), now)
    if item.occurrence is not None:
        shown = happened.with_occurrence_state(call, item.meeting, item.occurrence, shown)
    return shown


def _state_of(call: Call, item: recurring.Item) -> str:
    if item.occurrence is None:
        return happened.series_state(call, item.meeting)
    return happened.occurrence_state(call, item.meeting, item.occurrence)


#: the values of the list's enumerated filters (docs/webex-reference.md §31; the list's ``meetingType`` is
#: :mod:`.series`'; ``state`` depends on the meeting, checked by the list): a meeting is of the scheduled type
#: ``meeting``
_FILTERS = {
    "state": (("active", "scheduled", "ready", "lobby", "inProgress", "ended", "missed", "expired"), None),
    "scheduledType": (("meeting", "webinar", "personalRoomMeeting"), "meeting"),
}


def _filters(call: Call) -> Callable[[Meeting], bool]:
    """The list's filters other than host, number, series, type, state and window, checked once: whether a
    meeting passes them."""
    site = call.principal.site
    for name, (values, _) in _FILTERS.items():
        sent = call.query.get(name)
        if sent is not None and sent not in values:
            raise RestError(400, f"{name}: must be one of {', '.join(values)}")
    if call.query.get("scheduledType", "meeting") != "meeting":
        return lambda meeting: False
    link = call.query.get("webLink")
    return lambda meeting: link is None or link == links.invite_url(site.siteName, meeting)


# -- change ---------------------------------------------------------------------------------------------------------

def update(call: Call) -> Answer:
    """``PUT``: the whole object, as GET returned it (read-only fields ignored), of a series or one occurrence."""
    sent = call.json(MeetingIn)
    callrules.not_suspended(call.principal.site)
    old, occurrence = target(call, call.path["meetingId"])
    happened.not_running(call, old)
    zone = checks.zone(sent.timezone if sent.timezone is not UNSET else old.zone or None, _owner(call, old))
    kept = (occurrence.start_ts,) if occurrence is not None else _shown_starts(old)
    title, start, minutes = checks.checked(call, sent.title, sent.start, sent.end, zone, kept=kept)
    options = _options(call, sent, creating=False)
    if occurrence is not None:
        return _occurrence_changed(call, old, occurrence, title, start, minutes, options.agenda)
    rule = recurring.sent_rule(sent.recurrence or None, sent.recurrence is not UNSET, old)
    return _changed(call, old, title, start, minutes, zone, options, rule, restonly.sent(sent))


def patch(call: Call) -> Answer:
    """``PATCH``: what is sent changes, of a series or one occurrence (``recurrence`` null: no longer repeating)."""
    sent = call.json(MeetingPatch, PATCH_TYPES)
    callrules.not_suspended(call.principal.site)
    old, occurrence = target(call, call.path["meetingId"])
    happened.not_running(call, old)
    zone = checks.zone(sent.timezone if sent.timezone is not UNSET else old.zone or None, _owner(call, old))
    now_start, now_end = (occurrence.start_ts, occurrence.end_ts) if occurrence is not None else \
        (old.start_ts, old.start_ts + old.duration * 60)
    start_text = sent.start if sent.start is not UNSET else shapes.instant(now_start, zone)
    end_text = sent.end if sent.end is not UNSET else shapes.instant(now_end, zone)
    now_title = occurrence.changes.get("title", old.title) if occurrence is not None else old.title
    title = sent.title if sent.title is not UNSET else now_title
    title, start, minutes = checks.checked(call, title, start_text, end_text, zone, moved=sent.start is not UNSET)
    options = _options(call, sent, creating=False)
    if occurrence is not None:
        return _occurrence_changed(call, old, occurrence, title, start, minutes, options.agenda)
    rule = recurring.sent_rule(sent.recurrence if sent.recurrence is not UNSET else None,
                               sent.recurrence is not UNSET, old)
    return _changed(call, old, title, start, minutes, zone, options, rule, restonly.sent(sent))


def _shown_starts(meeting: Meeting) -> tuple[int, ...]:
    """The starts GET shows of a meeting: a PUT sending one back does not move it (so it may lie in the past)."""
    first = seriesstore.first(meeting)
    return (meeting.start_ts,) if first is None else (meeting.start_ts, first.start_ts)


def _changed(call: Call, old: Meeting, title: str, start: int, minutes: int, zone: str,
             options: xmlblocks.Options, rule_text: str | None, rest: dict[str, Any]) -> Answer:
    """The series changed (``rest``: what it changes that only REST has); a new start, length or rule drops its
    changed and deleted occurrences."""
    site = call.principal.site
    new_rule = recurring.rule_after(call, old, rule_text, start, zone, minutes)
    sent = xmlblocks.blocks_of(title, new_rule.start_ts if new_rule is not None else start, zone, minutes, options)

    def change(current: Meeting) -> Meeting:
        host = site.user(current.host)
        data = rules.updated_meeting(current.data, sent, site, host, meetings.contact_ids(call.store), call.notes,
                                     call.fired)
        rule = seriesstore.kept(current.recurrence, new_rule)
        if rule != current.recurrence:
            data["repeat"] = xmlrepeat.to_xml_repeat(rule)
        return current.replaced(data=data, zone=zone, series=seriesstore.as_data(rule),
                                rest=restonly.kept(current.rest, rest))

    changed = call.store.update_meeting(site.key, old.key, change)
    if changed is None:
        raise RestError(404, None, "The meeting was deleted meanwhile.")
    shown = shapes.meeting(site, site.user(changed.host), changed)
    return Answer(200, happened.series(call, changed, recurring.listed(recurring.as_series(shown, changed, None))))


def _occurrence_changed(call: Call, old: Meeting, occurrence: Occurrence, title: str, start: int, minutes: int,
                        agenda: str | None) -> Answer:
    """One occurrence changed (an exception, ``isModified`` true): its title, agenda, start and end; the others
    and the series unchanged."""
    site = call.principal.site
    call.notes.assume("assumed-rule", "occurrence", "one occurrence changes its title, agenda, start and end only; "
                                                    "its other values stay the series'")

    def change(current: Meeting) -> Meeting:
        found = seriesstore.at(current, occurrence.rule_ts)
        if found is None:
            raise RestError(404, None, "The occurrence was deleted meanwhile.")
        series_agenda = xmlblocks.options_of(current.peek_extension()).agenda or ""
        new = recurring.changed(current, found, title, agenda, start, minutes, series_agenda)
        return current.replaced(series=new.to_dict())

    changed = call.store.update_meeting(site.key, old.key, change)
    now = seriesstore.at(changed, occurrence.rule_ts) if changed is not None else None
    if changed is None or now is None:
        raise RestError(404, None, "The meeting was deleted meanwhile.")
    owner = site.user(changed.host)
    return Answer(200, _item(call, recurring.Item(changed, now), owner, None))


def delete(call: Call) -> Answer:
    """A series (with every occurrence), or one occurrence of a series."""
    found, occurrence = target(call, call.path["meetingId"])
    site = call.principal.site
    if occurrence is None:
        call.store.delete_meeting(site.key, found.key)
        return Answer(204)

    def without(current: Meeting) -> Meeting:
        series: Series | None = current.recurrence
        if series is None:
            raise RestError(404, None, "The meeting no longer repeats.")
        return current.replaced(series=series.without(occurrence.rule_ts).to_dict())

    call.store.update_meeting(site.key, found.key, without)
    return Answer(204)


# -- the rules of the REST API ----------------------------------------------------------------------------------------

#: the audio of a meeting made over REST, as XML's telephonySupport (ASSUMED: REST's webexAudio, docs/rest.md)
WEBEX_AUDIO = "CALLIN"


def _options(call: Call, sent: MeetingIn | MeetingPatch, creating: bool) -> xmlblocks.Options:
    """The XML options ``sent`` sets; ``creating``: with the password and the audio a meeting made over REST has
    when none is sent."""
    agenda = (sent.agenda or "") if sent.agenda is not UNSET else None  # null (PATCH) removes the agenda
    if agenda is not None and len(agenda) > AGENDA_MAX:
        raise RestError(400, f"agenda: must be at most {AGENDA_MAX} characters, not {len(agenda)}")
    minutes: int | None = None
    if sent.join_before_host_minutes is not UNSET:
        if sent.join_before_host_minutes not in JOIN_BEFORE_HOST_MINUTES:
            raise RestError(400, "joinBeforeHostMinutes: must be one of 0, 5, 10, 15")
        minutes = sent.join_before_host_minutes
    if sent.enabled_join_before_host is not UNSET:
        minutes = (minutes or 5) if sent.enabled_join_before_host else 0
    password = sent.password if sent.password is not UNSET else None
    if password is None and creating:
        password = _generated_password(call)
    audio_fields = audio.sent(sent.audio_connection_options) if sent.audio_connection_options is not UNSET else {}
    if creating and audio_fields.get("telephony_support") is None:
        audio_fields["telephony_support"] = WEBEX_AUDIO
        call.notes.assume("assumed-rule", "audioConnectionOptions",
                          "a meeting made over REST has Webex audio (webexAudio, the spec's list and template "
                          "examples; XML telephonySupport CALLIN), so it shows the site's call-in numbers")
    return xmlblocks.Options(
        agenda=agenda, password=password,
        auto_record=sent.enabled_auto_record_meeting if sent.enabled_auto_record_meeting is not UNSET else None,
        join_before_host_minutes=minutes,
        audio_before_host=(sent.enable_connect_audio_before_host
                           if sent.enable_connect_audio_before_host is not UNSET else None),
        meeting_type=_session_type(sent),
        exclude_password=sent.exclude_password if sent.exclude_password is not UNSET else None, **audio_fields)


def _session_type(sent: MeetingIn | MeetingPatch) -> int | None:
    return sent.session_type_id if sent.session_type_id is not UNSET else None


#: a generated password's letters: each hex digit of the store's random bits as a letter, 0-f as a-p
_HEX_TO_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")


def _generated_password(call: Call) -> str:
    """Every REST meeting has a password; one not sent is generated: 8 characters, upper and lower case letters
    and digits (our choice of form, noted)."""
    hexadecimal, digits = call.store.hex_and_digits(5, 3)
    letters = hexadecimal.translate(_HEX_TO_LETTERS)
    password = letters[:2].upper() + letters[2:] + digits
    call.notes.assume("assumed-default", "password", "no password sent: one was generated (8 characters, letters "
                      "and digits: the form is our choice)")
    return password


def _owner(call: Call, meeting: Meeting) -> User:
    return call.principal.site.user(meeting.host) or call.caller


def _check_site(call: Call, url: str | None) -> None:
    if url is not None and url.strip().lower().removeprefix("https://").rstrip("/") != \
            shapes.site_url(call.principal.site):
        raise RestError(403, None, f"siteUrl: {clip(url, 60)!r} is not the site of this access token")
