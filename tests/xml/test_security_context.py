"""securityContext resolution (reference 2.5) and its errors."""

from webex import create_meeting, message

START = "<metaData><confName>S</confName></metaData><schedule><startDate>12/01/2026 10:00:00</startDate></schedule>"


def test_wrong_password(api):
    answer = api.post(create_meeting(password="wrong"))
    assert (answer.result, answer.exception_id, answer.reason) == ("FAILURE", "030002", "Incorrect user or password")
    assert "wrong" not in answer.body.decode()


def test_missing_password_and_ticket(api):
    assert api.post(create_meeting(password=None)).exception_id == "030002"


def test_unknown_user(api):
    answer = api.post(create_meeting(user="ghost@acme.com"))
    assert answer.exception_id == "030001" and "ghost@acme.com" in answer.reason


UNKNOWN_SITE = "Failed to get SiteUrl from server"  # the exact text clients compare (reference 14.7)


def test_unknown_site(api):
    answer = api.post(create_meeting(site="nosuchsite"))
    assert (answer.result, answer.exception_id, answer.reason) == ("FAILURE", "010000", UNKNOWN_SITE)


def test_unknown_site_for_every_service(api):
    for operation in ("user.GetUser", "site.GetSite", "ep.GetAPIVersion", "user.AuthenticateUser"):
        content = "<webExId>hostid@acme.com</webExId>" if operation == "user.GetUser" else ""
        answer = api.post(message(operation, content, site="nosuchsite"))
        assert (answer.exception_id, answer.reason) == ("010000", UNKNOWN_SITE), operation


def test_site_id_with_wrong_partner(api):
    context = ("<securityContext><webExID>hostid@acme.com</webExID><password>passw0rd</password>"
               "<siteID>690319</siteID><partnerID>wrong</partnerID></securityContext>")
    answer = api.post(message("meeting.CreateMeeting", START, context=context))
    assert (answer.exception_id, answer.reason) == ("010000", UNKNOWN_SITE)


def test_site_id_without_partner(api):
    context = ("<securityContext><webExID>hostid@acme.com</webExID><password>passw0rd</password>"
               "<siteID>690319</siteID></securityContext>")
    answer = api.post(message("meeting.CreateMeeting", START, context=context))
    assert answer.exception_id == "010000" and answer.reason == UNKNOWN_SITE + ": siteID '690319' needs a partnerID"


def test_user_of_other_site_is_unknown_here(api):
    assert api.post(create_meeting(site="acme", user="host@globex.com")).exception_id == "030001"


def test_site_and_user_names_are_case_insensitive(api):
    api.post(create_meeting(site="ACME", user="HostID@Acme.com")).ok()


def test_bad_or_foreign_session_ticket(api):
    assert api.post(create_meeting(password=None, ticket="bm9wZQ==")).exception_id == "030047"
    assert api.post(create_meeting(password=None, ticket="AAAB" + "x+/y" * 113 + "==")).exception_id == "030047"
    globex = api.store.site_by_name("globex")
    foreign = api.store.issue_ticket(globex, "host@globex.com", api.store.now_ms())
    answer = api.post(create_meeting(password=None, ticket=foreign.value))
    assert (answer.exception_id, answer.reason) == ("030047", "Not a valid session ticket")
