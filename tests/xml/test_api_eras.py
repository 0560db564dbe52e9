"""The XML API eras (reference §41): a site's ``era`` setting (default: the server's ``--era``) decides whether
answers carry what Cisco added in XML API 40-42, and what GetAPIVersion says; the refusals added then (a suspended
site: 010107; more than 50 attendees in one CreateMeetingAttendee: 040015) apply in every era. Every answer is
checked against schemas/response by the ``api`` fixture, in-process and over real HTTP."""

from __future__ import annotations

import pytest
from apikit import Api, make_app
from attendeekit import invite, lst_sessions, person
from meetingkit import ADMIN, BODY, HOST, content, create, fails, local_names, read, set_, value
from webex import create_meeting, message

SETTINGS = "/_mock/sites/acme/settings"
NEWER_SESSION_FLAGS = ["supportE2E", "isAllowJBH", "isPrivateMeeting", "isCETMeeting", "isPersonalMeetingRoom",
                       "isNextUpcomingInstance"]
CLASSIC_SESSION_INFO = ["status", "sessionkey", "confID", "accessControl", "metaData", "telephony", "host",
                        "schedule", "attendeeOptions", "isAudioOnly"]


def settle(api, **changes) -> dict:
    response = api.admin("PATCH", SETTINGS, json=changes)
    assert response.status_code == 200, response.text
    return response.json()


def private_type_one(api) -> None:
    """Meeting type 1 (STD, every host's) supports Private Meetings: its meetings are private."""
    site = api.store.sites["acme"]  # replaced, not changed in place, as the mock changes a site (domain/plans.py)
    site.meetingTypes = [{**site.meetingTypes[0], "supportPrivateMeeting": True}, *site.meetingTypes[1:]]


def session_info(key: int | None = None, uuid: str | None = None, **kw) -> str:
    body = (f"<sessionKey>{key}</sessionKey>" if key is not None else "") + \
        (f"<meetingUUID>{uuid}</meetingUUID>" if uuid is not None else "")
    return message("ep.GetSessionInfo", body, **kw)


def made(api) -> tuple[int, str]:
    answer = api.post(create_meeting(content(schedule="<openTime>900</openTime>"))).ok()
    return int(answer.text(BODY + "meet:meetingkey")), answer.text(BODY + "meet:meetingUUID") or ""


def api_version(api) -> str | None:
    return api.post(message("ep.GetAPIVersion", user="", password=None)).ok().text(BODY + "ep:apiVersion")


def many_attendees(key: int, count: int) -> str:
    """One CreateMeetingAttendee naming ``count`` attendees: the first's fields, then count-1 attendees blocks."""
    further = "".join(f"<attendees>{person(f'guest{n}@example.com')}<sessionKey>{key}</sessionKey></attendees>"
                      for n in range(2, count + 1))
    return message("attendee.CreateMeetingAttendee",
                   f"{person('guest1@example.com')}<sessionKey>{key}</sessionKey>{further}")


# -- the classic era (the default): the captured answers, none of the newer elements ---------------------------


def test_the_classic_era_is_the_default_and_answers_without_the_newer_elements(api):
    assert api.admin("GET", SETTINGS).json()["era"] == "classic"
    private_type_one(api)
    key, _ = made(api)
    assert api_version(api) == "WebEx XML API V10.0.0"
    assert local_names(api.post(session_info(key)).ok().content) == CLASSIC_SESSION_INFO
    assert local_names(read(api, key).content)[-1] == "sipURL"
    session = api.post(lst_sessions()).ok().all(BODY + "ep:session")[0]
    assert local_names(session)[-1] == "isAudioOnly"
    kinds = api.post(message("meetingtype.LstMeetingType")).ok().all(BODY + "mtgtype:meetingType")
    assert all(local_names(kind)[-1] == "serviceTypes" for kind in kinds)
    user = api.post(message("user.GetUser", f"<webExId>{HOST}</webExId>")).ok()
    assert value(user, "use:displayName") is None


def test_the_classic_era_refuses_a_meeting_uuid_in_get_session_info(api):
    key, uuid = made(api)
    answer = api.post(session_info(uuid=uuid))
    fails(answer, "999999")
    assert "meetingUUID" in answer.reason and "classic" in answer.reason


# -- the api42 era -------------------------------------------------------------------------------------------


def test_api42_get_api_version_and_login_ticket_say_the_newer_version(api):
    assert settle(api, era="api42")["era"] == "api42"
    assert api_version(api) == "WebEx XML API V42.11.1"
    ticket = api.post(message("user.GetLoginTicket")).ok()
    assert ticket.text(BODY + "use:apiVersion") == "WebEx XML API V42.11.1"
    assert settle(api, era="classic")["era"] == "classic"
    assert api_version(api) == "WebEx XML API V10.0.0"


def test_api42_get_session_info_appends_the_flags_in_the_notes_order(api):
    settle(api, era="api42")
    private_type_one(api)
    key, _ = made(api)
    answer = api.post(session_info(key)).ok()
    assert local_names(answer.content) == CLASSIC_SESSION_INFO + NEWER_SESSION_FLAGS
    assert [value(answer, f"ep:{name}") for name in NEWER_SESSION_FLAGS] == \
        ["false", "true", "true", "false", "false", "true"]


def test_api42_get_session_info_takes_the_meeting_uuid_instead_of_the_key(api):
    settle(api, era="api42")
    key, uuid = made(api)
    by_uuid = api.post(session_info(uuid=uuid.upper())).ok()
    assert value(by_uuid, "ep:sessionkey") == str(key)
    both = api.post(session_info(key, uuid))
    fails(both, "999999")
    assert "only one of sessionKey, meetingUUID" in both.reason
    fails(api.post(session_info(uuid="0" * 33)), "060001")
    fails(api.post(session_info()), "999999")


def test_api42_is_private_meeting_in_get_meeting_and_lstsummary_session(api):
    settle(api, era="api42")
    public_key, _ = made(api)
    assert value(read(api, public_key), "meet:isPrivateMeeting") == "false"
    private_type_one(api)
    private_key, _ = made(api)
    meeting = read(api, private_key)
    assert local_names(meeting.content)[-1] == "isPrivateMeeting"
    assert value(meeting, "meet:isPrivateMeeting") == "true"
    sessions = api.post(lst_sessions()).ok().all(BODY + "ep:session")
    shown = {int(s.findtext("{*}sessionKey")): s.findtext("{*}isPrivateMeeting") for s in sessions}
    assert shown == {public_key: "true", private_key: "true"}  # type 1 is private now: both are of type 1
    assert all(local_names(s)[-1] == "isPrivateMeeting" for s in sessions)


def test_api42_meeting_types_say_whether_they_support_private_meetings(api):
    settle(api, era="api42")
    private_type_one(api)
    kinds = api.post(message("meetingtype.LstMeetingType")).ok().all(BODY + "mtgtype:meetingType")
    assert [(kind.findtext("{*}meetingTypeID"), kind.findtext("{*}SupportPrivateMeeting")) for kind in kinds] == \
        [("1", "true"), ("3", "false"), ("214", "false")]
    assert all(local_names(kind)[-1] == "SupportPrivateMeeting" for kind in kinds)
    one = api.post(message("meetingtype.GetMeetingType", "<meetingTypeID>214</meetingTypeID>")).ok()
    assert value(one, "mtgtype:SupportPrivateMeeting") == "false"


def test_api42_get_user_shows_a_display_name_made_of_the_names(api):
    settle(api, era="api42")
    answer = api.post(message("user.GetUser", f"<webExId>{HOST}</webExId>")).ok()
    assert local_names(answer.content)[:3] == ["firstName", "lastName", "displayName"]
    assert value(answer, "use:displayName") == "Host Acme"
    user = api.store.sites["acme"].user(HOST)
    user.firstName, user.lastName = "太郎", "山田"
    answer = api.post(message("user.GetUser", f"<webExId>{HOST}</webExId>")).ok()
    assert value(answer, "use:displayName") == "太郎山田"  # no space in an East Asian name (reference §41)


@pytest.fixture(params=["asgi", "http"])
def api42_server(request, http_server):
    """A mock started with ``--era api42``."""
    app = make_app(era="api42")
    if request.param == "http":
        http_server.switch.target = app
    client = Api(request.param, app, http_server.url)
    yield client
    client.close()


def test_the_server_era_is_the_default_of_every_site_and_a_site_setting_overrides_it(api42_server):
    api = api42_server
    assert api.admin("GET", SETTINGS).json()["era"] == "api42"
    assert api_version(api) == "WebEx XML API V42.11.1"
    added = {"siteName": "initech", "siteID": 77, "partnerID": "p77",
             "users": [{"webExId": "bob", "password": "pw", "email": "bob@initech.com"}]}
    assert api.admin("POST", "/_mock/sites", json=added).status_code == 201
    assert api.admin("GET", "/_mock/sites/initech/settings").json()["era"] == "api42"
    settle(api, era="classic")
    assert api_version(api) == "WebEx XML API V10.0.0"


# -- in every era: a suspended site, 50 attendees a call ------------------------------------------------------


@pytest.mark.parametrize("era", ["classic", "api42"])
def test_a_suspended_site_creates_and_changes_no_meeting(api, era):
    key = create(api)
    settle(api, era=era, suspended=True)
    refused = api.post(create_meeting(content(name="Later")))
    fails(refused, "010107")
    assert refused.reason == "The site is suspended"
    fails(api.post(set_(f"<meetingkey>{key}</meetingkey><metaData><confName>New</confName></metaData>")), "010107")
    fails(api.post(set_(f"<meetingkey>{key}</meetingkey>", user=ADMIN)), "010107")
    assert value(read(api, key), "meet:metaData/meet:confName") == "Standup"  # reading goes on
    assert len(api.store.site_meetings("acme")) == 1
    settle(api, suspended=False)
    api.post(set_(f"<meetingkey>{key}</meetingkey><metaData><confName>New</confName></metaData>")).ok()


@pytest.mark.parametrize("era", ["classic", "api42"])
def test_create_meeting_attendee_takes_at_most_50_attendees_a_call(api, era):
    settle(api, era=era)
    key = create(api)
    answer = api.post(many_attendees(key, 50)).ok()
    assert len(answer.all(BODY + "att:attendeeId")) == 50
    other = create(api)
    refused = api.post(many_attendees(other, 51))
    fails(refused, "040015")
    assert refused.reason == "Register attendee number over limit in one API call"
    assert read(api, other).all(BODY + "meet:participants/meet:attendees/meet:attendee") == []  # nobody added


def test_create_meeting_attendee_still_takes_each_first_attendee_field_once(api):
    key = create(api)
    twice = api.post(message("attendee.CreateMeetingAttendee", f"{person('a@example.com')}{person('b@example.com')}"
                                                               f"<sessionKey>{key}</sessionKey>"))
    fails(twice, "999999")
    assert "person" in twice.reason
    nobody = api.post(message("attendee.CreateMeetingAttendee", f"<sessionKey>{key}</sessionKey>"))
    fails(nobody, "999999")
    assert "person is required" in nobody.reason
    api.post(invite(key, "c@example.com")).ok()


# -- the api42 era's ASSUMED choices carry fidelity notes; the classic era's answers none of them -------------------


def notes_of(api, operation: str) -> list[str]:
    entry = api.app.state.tenancy.get().journal.entries(operation=operation)[-1]
    return [note.element for note in entry.notes if note.kind == "assumed"]


@pytest.mark.parametrize("era, noted", [("classic", False), ("api42", True)])
def test_the_newer_elements_carry_their_assumptions_as_notes(api, era, noted):
    settle(api, era=era)
    key, uuid = made(api)
    api_version(api)
    assert ("apiVersion" in notes_of(api, "GetAPIVersion")) is noted
    api.post(session_info(key)).ok()
    assert ({"isPrivateMeeting", "isAllowJBH"} <= set(notes_of(api, "GetSessionInfo"))) is noted
    read(api, key)
    assert ("isPrivateMeeting" in notes_of(api, "GetMeeting")) is noted
    api.post(lst_sessions()).ok()
    assert ("session/isPrivateMeeting" in notes_of(api, "LstsummarySession")) is noted
    api.post(lst_sessions("<recurrence>true</recurrence>")).ok()  # occurrence by occurrence too
    assert ("session/isPrivateMeeting" in notes_of(api, "LstsummarySession")) is noted
    api.post(message("meetingtype.LstMeetingType")).ok()
    assert ("meetingType/SupportPrivateMeeting" in notes_of(api, "LstMeetingType")) is noted
    api.post(message("user.GetUser", f"<webExId>{HOST}</webExId>")).ok()
    assert ("displayName" in notes_of(api, "GetUser")) is noted
    if noted:
        api.post(session_info(uuid=uuid)).ok()
        assert "bodyContent/meetingUUID" in notes_of(api, "GetSessionInfo")


def test_a_suspended_sites_admin_adds_and_changes_no_other_user_but_may_change_themselves(api):
    """API 42.6.0 (reference §41): CreateUser and SetUser by a site admin answer 010107 on a suspended site."""
    settle(api, suspended=True)
    new_user = "<webExId>new@acme.com</webExId><firstName>N</firstName><lastName>U</lastName>" \
               "<email>new@acme.com</email><password>Passw0rd1</password>"
    fails(api.post(message("user.CreateUser", new_user, user=ADMIN)), "010107")
    fails(api.post(message("user.SetUser", "<webExId>alice@acme.com</webExId><lastName>L</lastName>",
                           user=ADMIN)), "010107")
    api.post(message("user.SetUser", f"<webExId>{ADMIN}</webExId><lastName>Self</lastName>", user=ADMIN)).ok()
    settle(api, suspended=False)
    api.post(message("user.CreateUser", new_user, user=ADMIN)).ok()


@pytest.mark.parametrize("era", ["classic", "api42"])
def test_register_meeting_attendee_takes_at_most_50_attendees_a_call(api, era):
    """API 42.1.0 names RegisterMeetingAttendee beside CreateMeetingAttendee (reference §39, §41)."""
    settle(api, era=era)
    key = create(api, content(extra="<attendeeOptions><registration>TRUE</registration></attendeeOptions>"))

    def register(count: int) -> str:
        return message("attendee.RegisterMeetingAttendee", "".join(
            f"<attendees>{person(f'reg{n}@example.com')}<sessionKey>{key}</sessionKey></attendees>"
            for n in range(count)))

    refused = api.post(register(51))
    fails(refused, "040015")
    assert read(api, key).all(BODY + "meet:participants/meet:attendees/meet:attendee") == []
    assert len(api.post(register(50)).ok().all(BODY + "att:register")) == 50
