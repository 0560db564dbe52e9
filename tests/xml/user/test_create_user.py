"""CreateUser (reference §24): a site admin provisions a host who can sign in and schedule at once."""

from __future__ import annotations

import pytest
from adminkit import mocks  # noqa: F401  (fixture)
from apikit import make_app
from statekit import saved_document
from webex import create_meeting, message

BODY = "serv:body/serv:bodyContent/"
ADMIN = {"user": "admin@acme.com"}
#: Moodle's CreateUser shape (reference §24)
MOODLE = ("<firstName>Bob</firstName><lastName>Builder</lastName><webExId>bob@acme.com</webExId>"
          "<email>bob@acme.com</email><password>B0b-Secret</password><privilege><host>true</host></privilege>"
          "<active>ACTIVATED</active>")


def create_user(api, content: str = MOODLE, **kw):
    return api.post(message("user.CreateUser", content, **{**ADMIN, **kw}))


def get_user(api, who: str, **kw):
    return api.post(message("user.GetUser", f"<webExId>{who}</webExId>", **{**ADMIN, **kw}))


def test_new_user_signs_in_and_schedules(api):
    answer = create_user(api).ok()
    assert b'xsi:type="use:createUserResponse"' in answer.body
    user_id = answer.text(BODY + "use:userId")
    own = get_user(api, "bob@acme.com", user="bob@acme.com", password="B0b-Secret").ok()
    assert own.text(BODY + "use:userId") == user_id  # Moodle compares the two (reference §24)
    assert (own.text(BODY + "use:firstName"), own.text(BODY + "use:active")) == ("Bob", "ACTIVATED")
    assert own.text(BODY + "use:password") == "******"
    api.post(message("user.AuthenticateUser", user="bob@acme.com", password="B0b-Secret")).ok()
    meeting = api.post(create_meeting(user="bob@acme.com", password="B0b-Secret")).ok()
    key = meeting.text(BODY + "meet:meetingkey")
    stored = api.store.get_meeting("acme", int(key))
    assert stored.host == "bob@acme.com"


def test_defaults_are_the_sites_and_noted(api):
    create_user(api, "<webExId>carol</webExId><email>carol@acme.com</email><password>x</password>").ok()
    notes = api.app.state.tenancy.get().journal.entries()[-1].notes
    assert {n.element for n in notes if n.code == "assumed-default"} == {
        "bodyContent/timeZoneID", "bodyContent/meetingTypes"}
    profile = get_user(api, "carol").ok()
    assert profile.text(BODY + "use:timeZoneID") == "4"  # acme's
    assert [t.text for t in profile.all(BODY + "use:meetingTypes/use:meetingType")] == ["1", "3", "214"]


def test_stored_elements_show_in_get_user(api):
    create_user(api, "<webExId>dan</webExId><email>dan@acme.com</email><password>d4n</password>"
                     "<timeZoneID>24</timeZoneID><meetingTypes><meetingType>214</meetingType></meetingTypes>"
                     "<privilege><siteAdmin>TRUE</siteAdmin></privilege><active>DEACTIVATED</active>").ok()
    profile = get_user(api, "dan").ok()
    assert profile.text(BODY + "use:timeZoneID") == "23"  # 24 is stored as 23, as everywhere
    assert [t.text for t in profile.all(BODY + "use:meetingTypes/use:meetingType")] == ["214"]
    assert profile.text(BODY + "use:privilege/use:siteAdmin") == "true"
    assert profile.text(BODY + "use:active") == "DEACTIVATED"
    assert api.post(message("user.GetLoginTicket", user="dan", password="d4n")).exception_id == "030008"


def test_unstored_elements_are_accepted_and_named_in_a_note(api):
    create_user(api, MOODLE.replace("<active>", "<title>Boss</title><phones><phone>1</phone></phones><active>")).ok()
    notes = api.app.state.tenancy.get().journal.entries()[-1].notes
    (note,) = [n for n in notes if n.code == "assumed-rule"]
    assert "title, phones" in note.text and "privilege/host" in note.text


def test_without_password_the_user_cannot_sign_in_with_one(api):
    create_user(api, "<webExId>eve</webExId><email>eve@acme.com</email>").ok()
    assert api.post(message("user.GetLoginTicket", user="eve", password="anything")).exception_id == "030002"


def test_only_a_site_admin_creates(api):
    answer = create_user(api, user="hostid@acme.com")
    assert (answer.exception_id, answer.reason) == ("000001", "Access denied, additional privileges are required")
    assert api.store.sites["acme"].user("bob@acme.com") is None


@pytest.mark.parametrize("content,exception_id,named", [
    (MOODLE.replace("bob@acme.com</webExId>", "ALICE@acme.com</webExId>"), "030004", "ALICE@acme.com"),
    (MOODLE.replace("bob@acme.com</email>", "Alice@Acme.com</email>"), "030005", "Alice@Acme.com"),
])
def test_taken_webexid_or_email(api, content, exception_id, named):
    answer = create_user(api, content)
    assert answer.exception_id == exception_id and named in answer.reason
    assert [n.code for n in api.app.state.tenancy.get().journal.entries()[-1].notes][-1] == "assumed-exception"
    assert len(api.store.sites["acme"].users) == 3


@pytest.mark.parametrize("content,problem", [
    ("<webExId>x</webExId><password>p</password>", "bodyContent/email is required"),
    ("<email>x@acme.com</email>", "webExId"),
    (MOODLE + "<meetingTypes><meetingType>99</meetingType></meetingTypes>", "99 is not a meeting type"),
    (MOODLE + "<timeZoneID>130</timeZoneID>", "timeZoneID"),
    (MOODLE.replace("B0b-Secret", "p" * 61), "password"),
    (MOODLE + "<newWebExId>x</newWebExId>", "newWebExId"),
])
def test_invalid_requests_name_the_problem_and_store_nothing(api, content, problem):
    answer = create_user(api, content)
    assert answer.exception_id == "999999" and problem in answer.reason, answer.reason
    assert len(api.store.sites["acme"].users) == 3


def test_created_user_survives_a_restart(mocks, tmp_path):
    path = tmp_path / "state.db"
    api, _ = mocks(state_file=str(path))
    create_user(api).ok()
    api.app.state.state_file.close()
    saved = saved_document(path)["namespaces"]["default"]["sites"]
    acme = next(site for site in saved if site["siteName"] == "acme")
    assert "bob@acme.com" in [user["webExId"] for user in acme["users"]]
    app = make_app(state_file=str(path))
    app.state.state_file.close()
    bob = app.state.tenancy.get().store.sites["acme"].user("bob@acme.com")
    assert (bob.password, bob.firstName, bob.active) == ("B0b-Secret", "Bob", True)
