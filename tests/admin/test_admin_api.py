"""The admin API under /_mock/: every route's answers and errors, reset, runtime sites/users/settings,
namespaces and the admin token; in-process and over real HTTP. Every /_mock/ answer here is checked
against schemas/admin-openapi.json (see adminkit)."""

from __future__ import annotations

import pytest
from adminkit import BODY, DOC, admin, authenticate, create, create_answer, mocks, ns, template_of  # noqa: F401  (fixtures)
from webex import create_meeting, message

from mockserver.admin.api import AdminApi

SITE_ACME = "/_mock/sites/acme"
NEW_USER = {"webExId": "bob@acme.com", "password": "b0b-Secret", "email": "bob@acme.com", "firstName": "Bob"}


# -- health, ready, openapi.json, the page ---------------------------------------------------------


def test_health_ready_and_namespaces(admin):
    assert admin.get("/_mock/health") == {"status": "ok"}
    assert admin.get("/_mock/ready") == {"status": "ready", "namespaces": 1}  # api touched "default"
    admin.get("/_mock/sites", **ns("other"))
    assert admin.get("/_mock/namespaces") == {"namespaces": ["default", "other"]}
    assert admin.get("/_mock/ready")["namespaces"] == 2


def test_deleting_a_namespace(admin, api):
    create(api, **ns("gone"))
    admin.get("/_mock/sites", **ns("kept"))
    assert admin.delete("/_mock/namespaces/gone") == {"deleted": "gone"}
    assert admin.get("/_mock/namespaces") == {"namespaces": ["default", "kept"]}
    assert "gone" not in admin.get("/_mock/page/overview")["namespaces"]
    assert admin.error("DELETE", "/_mock/namespaces/gone", 404) == "no namespace 'gone'"
    assert admin.get(SITE_ACME + "/meetings", **ns("gone"))["meetings"] == []  # used again: afresh from the seed
    assert admin.error("DELETE", "/_mock/namespaces/default", 400).startswith("the 'default' namespace is never")
    assert admin.error("DELETE", "/_mock/namespaces/bad%20name", 400).startswith("invalid namespace")
    assert "default" in admin.get("/_mock/namespaces")["namespaces"]


def test_ready_is_503_while_starting(admin):
    route = next(r for r in admin.api.app.routes if getattr(r, "path", "") == "/_mock/ready")
    cells = [cell.cell_contents for cell in route.endpoint.__closure__]  # the guard closes over its AdminApi
    next(c for c in cells if isinstance(c, AdminApi)).ready = False
    assert admin.get("/_mock/ready", expect=503) == {"status": "starting"}
    assert admin.get("/_mock/health") == {"status": "ok"}


def test_openapi_json_is_the_document_on_disk(admin):
    assert admin.get("/_mock/openapi.json") == DOC


def test_page_overview_lists_meetings_per_namespace(admin, api):
    key = create(api, name="Board &lt;review&gt; &amp; co")
    assert admin.get("/_mock/").startswith("<!doctype html>")
    acme = next(s for s in admin.get("/_mock/page/overview")["sites"] if s["siteName"] == "acme")
    line = next(m for m in acme["meetings"] if m["key"] == key)
    assert line["confName"] == "Board <review> & co" and line["host"] == "hostid@acme.com"
    elsewhere = admin.get("/_mock/page/overview", **ns("elsewhere"))
    assert elsewhere["namespace"] == "elsewhere" and not any(s["meetings"] for s in elsewhere["sites"])
    assert admin.error("GET", "/_mock/?namespace=bad%20name", 400).startswith("invalid namespace")
    assert admin.error("GET", "/_mock/page/overview?namespace=bad%20name", 400).startswith("invalid namespace")


# -- sites ----------------------------------------------------------------------------------------------


def test_sites_list_and_one_site_mask_secrets(admin):
    sites = admin.get("/_mock/sites")["sites"]
    assert [s["siteName"] for s in sites] == ["acme", "globex"]
    acme = admin.get("/_mock/sites/ACME")  # any case
    assert acme["siteID"] == 690319 and acme["partnerID"] == "g0webx!"
    host = next(u for u in acme["users"] if u["webExId"] == "hostid@acme.com")
    assert host["password"] == "******" and host["accessTokens"] == ["******"]
    assert "passw0rd" not in str(sites) and "acme-hostid-access-token" not in str(sites)
    assert admin.error("GET", "/_mock/sites/nowhere", 404) == "no site 'nowhere' in namespace 'default'"


def test_added_site_serves_the_api_and_deleted_site_does_not(admin, api):
    site = {"siteName": "Initech", "siteID": 800001, "partnerID": "in1t",
            "settings": {"maxDuration": 30}, "users": [dict(NEW_USER, webExId="pm@initech.com")]}
    added = admin.post("/_mock/sites", 201, json=site)
    assert added["siteName"] == "Initech" and added["settings"]["maxDuration"] == 30
    assert added["settings"]["ticketLifetime"] == 5400  # defaults fill the rest
    assert added["users"][0]["password"] == "******"
    too_long = create_answer(api, site="initech", user="pm@initech.com", password="b0b-Secret")
    assert too_long.exception_id == "060017"  # the new site's maxDuration (30) holds at once
    admin.patch("/_mock/sites/initech/settings", json={"maxDuration": 120})
    key = create(api, site="initech", user="pm@initech.com", password="b0b-Secret")
    assert [m["key"] for m in admin.get("/_mock/sites/initech/meetings")["meetings"]] == [key]
    assert admin.delete("/_mock/sites/initech") == {"deleted": "Initech"}
    failed = create_answer(api, site="initech", user="pm@initech.com", password="b0b-Secret")
    assert (failed.result, failed.exception_id) == ("FAILURE", "010000")
    assert admin.error("GET", "/_mock/sites/initech/meetings", 404).startswith("no site 'initech'")
    assert key not in [m["key"] for m in admin.get("/_mock/state")["namespaces"]["default"]["meetings"]]


def test_deleting_a_site_drops_its_meetings_and_tickets(admin, api):
    create(api)
    authenticate(api)
    admin.delete(SITE_ACME)
    assert [s["siteName"] for s in admin.get("/_mock/sites")["sites"]] == ["globex"]
    assert api.app.state.tenancy.get().store.tickets == {}
    assert api.app.state.tenancy.get().store.site_meetings("acme") == []


@pytest.mark.parametrize("body, message", [
    ({"siteName": "x", "siteID": "abc", "partnerID": "p"}, "site field 'siteID' must be int"),
    ({"siteName": 5, "siteID": 1, "partnerID": "p"}, "site field 'siteName' must be str"),
    ({"siteName": " ", "siteID": 1, "partnerID": "p"}, "siteName must not be empty"),
    ({"siteName": "x", "siteID": 1}, "site is missing partnerID"),
    ({"siteName": "x", "siteID": 1, "partnerID": "p", "colour": "red"}, "unknown site field(s): colour"),
    ({"siteName": "x", "siteID": 1, "partnerID": "p", "settings": {"nbrAutoRecord": "yes"}},
     "settings field 'nbrAutoRecord' must be bool"),
    ({"siteName": "x", "siteID": 1, "partnerID": "p", "users": [{"webExId": "u"}]}, "user is missing password, email"),
    ({"siteName": "x", "siteID": 1, "partnerID": "p", "users": {"u": {}}}, "site users must be a list"),
    (["not", "an", "object"], "request body must be a JSON object"),
])
def test_invalid_site_is_400_and_adds_nothing(admin, body, message):
    assert message in admin.error("POST", "/_mock/sites", 400, json=body)
    assert [s["siteName"] for s in admin.get("/_mock/sites")["sites"]] == ["acme", "globex"]


def test_body_that_is_not_json_is_400(admin):
    sent = {"content": b"{nope", "headers": {"Content-Type": "application/json"}}
    assert admin.error("POST", "/_mock/sites", 400, **sent) == "request body is not JSON"


# -- settings ----------------------------------------------------------------------------------------------


def test_settings_patch_takes_effect_on_the_next_call(admin, api):
    assert admin.get(SITE_ACME + "/settings")["meetingPasswordRequired"] is False
    changed = admin.patch(SITE_ACME + "/settings", json={"meetingPasswordRequired": True, "ticketLifetime": 60})
    assert changed["meetingPasswordRequired"] is True and changed["ticketLifetime"] == 60
    assert changed["maxDuration"] == 1440  # untouched
    refused = create_answer(api)
    assert (refused.result, refused.exception_id) == ("FAILURE", "060026")
    answer = api.post(message("user.AuthenticateUser")).ok()
    assert answer.text(BODY + "use:timeToLive") == "60"
    admin.patch(SITE_ACME + "/settings", json={"meetingPasswordRequired": False})
    assert create_answer(api).result == "SUCCESS"


def test_settings_nbr_auto_record_changes_new_meetings(admin, api):
    admin.patch(SITE_ACME + "/settings", json={"nbrAutoRecord": True})
    key = create(api)
    assert admin.get(f"{SITE_ACME}/meetings/{key}")["data"]["enableOptions"]["autoRecord"] == "true"


@pytest.mark.parametrize("body, message", [
    ({"meetingPasswordRequired": "true"}, "settings field 'meetingPasswordRequired' must be bool"),
    ({"ticketLifetime": "abc"}, "settings field 'ticketLifetime' must be int"),
    ({"ticketLifetime": True}, "settings field 'ticketLifetime' must be int"),
    ({"defaultEnableOptions": {"chat": 1}}, "settings field 'defaultEnableOptions' must be dict[str, bool]"),
    ({"colour": "red"}, "unknown settings field(s): colour"),
    ({"era": "api99"}, "settings field 'era' must be one of classic, api42, not \"api99\""),
    ({"suspended": "yes"}, "settings field 'suspended' must be bool"),
    (["meetingPasswordRequired"], "request body must be a JSON object"),
])
def test_invalid_settings_are_400_and_change_nothing(admin, body, message):
    before = admin.get(SITE_ACME + "/settings")
    assert message in admin.error("PATCH", SITE_ACME + "/settings", 400, json=body)
    assert admin.get(SITE_ACME + "/settings") == before


def test_settings_of_an_unknown_site_are_404(admin):
    admin.error("GET", "/_mock/sites/nowhere/settings", 404)
    admin.error("PATCH", "/_mock/sites/nowhere/settings", 404, json={"nbrAutoRecord": True})


# -- users ---------------------------------------------------------------------------------------------------


def test_added_user_can_create_meetings_and_deleted_user_cannot(admin, api):
    before = create_answer(api, user="bob@acme.com", password="b0b-Secret")
    assert (before.result, before.exception_id) == ("FAILURE", "030001")
    assert admin.post(SITE_ACME + "/users", 201, json=NEW_USER) == {"webExId": "bob@acme.com", "site": "acme"}
    users = admin.get(SITE_ACME + "/users")["users"]
    bob = next(u for u in users if u["webExId"] == "bob@acme.com")
    assert bob["password"] == "******" and bob["firstName"] == "Bob" and bob["meetingTypes"] == [1]
    key = create(api, user="bob@acme.com", password="b0b-Secret")
    assert admin.get(f"{SITE_ACME}/meetings/{key}")["host"] == "bob@acme.com"
    ticket = authenticate(api, user="bob@acme.com", password="b0b-Secret")
    assert admin.delete(SITE_ACME + "/users/BOB@acme.com") == {"deleted": "bob@acme.com"}
    after = create_answer(api, user="bob@acme.com", password="b0b-Secret")
    assert (after.result, after.exception_id) == ("FAILURE", "030001")
    assert ticket not in api.app.state.tenancy.get().store.tickets
    assert admin.get(f"{SITE_ACME}/meetings/{key}")["key"] == key  # the user's meetings stay


@pytest.mark.parametrize("body, message", [
    ({"webExId": 5, "password": "x", "email": "e"}, "user field 'webExId' must be str"),
    ({"webExId": "", "password": "x", "email": "e"}, "user webExId must not be empty"),
    ({"webExId": "u", "email": "e"}, "user is missing password"),
    ({"webExId": "u", "password": "x", "email": "e", "meetingTypes": ["1"]}, "user field 'meetingTypes' must be"),
    ({"webExId": "u", "password": "x", "email": "e", "role": "boss"}, "unknown user field(s): role"),
    ([NEW_USER], "request body must be a JSON object"),
])
def test_invalid_user_is_400_and_adds_nothing(admin, body, message):
    assert message in admin.error("POST", SITE_ACME + "/users", 400, json=body)
    assert len(admin.get(SITE_ACME + "/users")["users"]) == 3


def test_user_errors_404(admin):
    assert admin.error("DELETE", SITE_ACME + "/users/nobody", 404) == "no user 'nobody' on site 'acme'"
    admin.error("GET", "/_mock/sites/nowhere/users", 404)
    admin.error("POST", "/_mock/sites/nowhere/users", 404, json=NEW_USER)


# -- meetings ----------------------------------------------------------------------------------------------------


def test_meetings_are_listed_per_site(admin, api):
    first, second = create(api, name="A1"), create(api, name="A2", user="alice@acme.com")
    globex = create(api, name="G1", site="globex", user="host@globex.com",
                    extra="<accessControl><meetingPassword>Gl0bex-Pass</meetingPassword></accessControl>")
    listed = admin.get(SITE_ACME + "/meetings")["meetings"]
    assert [m["key"] for m in listed] == sorted([first, second])
    assert {m["key"]: (m["data"]["metaData"]["confName"], m["host"]) for m in listed} == {
        first: ("A1", "hostid@acme.com"), second: ("A2", "alice@acme.com")}
    assert [m["key"] for m in admin.get("/_mock/sites/globex/meetings")["meetings"]] == [globex]
    one = admin.get(f"/_mock/sites/globex/meetings/{globex}")
    assert one["site"] == "globex" and one["data"]["metaData"]["confName"] == "G1"
    assert admin.error("GET", f"{SITE_ACME}/meetings/{globex}", 404) == f"no meeting {globex} on site 'acme'"
    admin.error("GET", f"{SITE_ACME}/meetings/not-a-key", 404)


# -- reset ----------------------------------------------------------------------------------------------------------


def _dirty(admin, api, namespace: str = "default") -> int:
    """Change everything a reset must undo; returns a meeting key."""
    call = ns(namespace)
    key = create(api, **call)
    admin.patch(SITE_ACME + "/settings", json={"meetingPasswordRequired": True, "ticketLifetime": 9}, **call)
    admin.post(SITE_ACME + "/users", 201, json=NEW_USER, **call)
    admin.post("/_mock/faults", 201, json={"action": "gsb_backup", "operation": "GetUser"}, **call)
    return key


def test_namespace_reset_is_back_to_the_seed(admin, api):
    seed_settings = admin.get(SITE_ACME + "/settings")
    key = _dirty(admin, api)
    other = _dirty(admin, api, "neighbour")
    assert admin.post("/_mock/reset") == {"reset": "namespace", "namespace": "default", "site": None}
    assert admin.get(SITE_ACME + "/meetings")["meetings"] == []
    admin.error("GET", f"{SITE_ACME}/meetings/{key}", 404)
    assert admin.get(SITE_ACME + "/settings") == seed_settings
    assert "bob@acme.com" not in [u["webExId"] for u in admin.get(SITE_ACME + "/users")["users"]]
    assert admin.get("/_mock/journal") == {"total": 0, "evicted": 0, "next": None, "entries": []}
    assert admin.get("/_mock/faults")["faults"] == []
    # the neighbour namespace is untouched
    assert [m["key"] for m in admin.get(SITE_ACME + "/meetings", **ns("neighbour"))["meetings"]] == [other]
    assert admin.get(SITE_ACME + "/settings", **ns("neighbour"))["ticketLifetime"] == 9
    assert len(admin.get("/_mock/faults", **ns("neighbour"))["faults"]) == 1
    assert admin.get("/_mock/journal", **ns("neighbour"))["total"] == 1


def test_namespace_reset_by_query_parameter(admin, api):
    _dirty(admin, api, "q1")
    assert admin.post("/_mock/reset?scope=namespace&namespace=q1")["namespace"] == "q1"
    assert admin.get(SITE_ACME + "/meetings?namespace=q1")["meetings"] == []


def test_site_reset_touches_only_that_site(admin, api):
    create(api)
    authenticate(api)
    globex = create(api, site="globex", user="host@globex.com",
                    extra="<accessControl><meetingPassword>Gl0bex-Pass</meetingPassword></accessControl>")
    admin.patch(SITE_ACME + "/settings", json={"nbrAutoRecord": True})
    admin.patch("/_mock/sites/globex/settings", json={"maxDuration": 10})
    admin.post(SITE_ACME + "/users", 201, json=NEW_USER)
    assert admin.post("/_mock/reset?site=ACME") == {"reset": "site", "namespace": "default", "site": "ACME"}
    assert admin.get(SITE_ACME + "/meetings")["meetings"] == []
    assert admin.get(SITE_ACME + "/settings")["nbrAutoRecord"] is False
    assert len(admin.get(SITE_ACME + "/users")["users"]) == 3
    assert all(t.site != "acme" for t in api.app.state.tenancy.get().store.tickets.values())
    assert [m["key"] for m in admin.get("/_mock/sites/globex/meetings")["meetings"]] == [globex]
    assert admin.get("/_mock/sites/globex/settings")["maxDuration"] == 10
    assert admin.get("/_mock/journal")["total"] == 3  # a site reset keeps the journal


def test_site_reset_removes_a_site_the_seed_does_not_have(admin):
    admin.post("/_mock/sites", 201, json={"siteName": "extra", "siteID": 9, "partnerID": "p"})
    assert admin.post("/_mock/reset?scope=site&site=extra")["reset"] == "site"
    admin.error("GET", "/_mock/sites/extra", 404)


def test_reset_all_drops_every_namespace(admin, api):
    create(api)
    create(api, **ns("n2"))
    assert admin.get("/_mock/namespaces") == {"namespaces": ["default", "n2"]}
    assert admin.post("/_mock/reset?scope=all") == {"reset": "all"}
    assert admin.get("/_mock/namespaces") == {"namespaces": []}
    assert admin.get(SITE_ACME + "/meetings", **ns("n2"))["meetings"] == []


@pytest.mark.parametrize("query, status, message", [
    ("scope=everything", 400, "unknown reset scope 'everything'"),
    ("scope=site", 400, "site=NAME goes with scope=site"),
    ("scope=namespace&site=acme", 400, "site=NAME goes with scope=site"),
    ("site=nowhere", 404, "no site 'nowhere' in namespace 'default' or in the seed"),
])
def test_reset_errors(admin, api, query, status, message):
    key = create(api)
    assert message in admin.error("POST", f"/_mock/reset?{query}", status)
    assert admin.get(f"{SITE_ACME}/meetings/{key}")["key"] == key  # nothing was reset


# -- namespaces --------------------------------------------------------------------------------------------------------


def test_header_and_path_namespaces_isolate_state_journal_and_faults(admin, api):
    in_a = create(api, **ns("team-a"))
    by_path = api._client.post("/ns/team-a/WBXService/XMLService", content=create_meeting().encode(),
                               headers={"Content-Type": "text/xml"})
    via_path = int(by_path.text.split("<meet:meetingkey>")[1].split("<")[0])
    admin.post("/_mock/faults", 201, json={"action": "failure", "exception_id": "060001"}, **ns("team-b"))
    assert sorted(m["key"] for m in admin.get(SITE_ACME + "/meetings", **ns("team-a"))["meetings"]) == \
        sorted([in_a, via_path])
    assert admin.get(SITE_ACME + "/meetings?namespace=team-a")["meetings"][0]["key"] in (in_a, via_path)
    assert admin.get(SITE_ACME + "/meetings")["meetings"] == []
    assert admin.get("/_mock/journal", **ns("team-a"))["total"] == 2
    assert admin.get("/_mock/journal")["total"] == 0
    # team-b's fault hits only team-b
    assert create_answer(api, **ns("team-b")).exception_id == "060001"
    assert create_answer(api, **ns("team-a")).result == "SUCCESS"
    assert admin.get("/_mock/faults", **ns("team-a"))["faults"] == []


def test_header_wins_over_query_parameter(admin, api):
    create(api, **ns("h"))
    assert len(admin.get(SITE_ACME + "/meetings?namespace=q", **ns("h"))["meetings"]) == 1


@pytest.mark.parametrize("method, path", [
    ("GET", "/_mock/sites"), ("GET", "/_mock/journal"), ("GET", "/_mock/faults"), ("POST", "/_mock/reset"),
    ("GET", "/_mock/state"), ("GET", SITE_ACME + "/meetings"), ("DELETE", "/_mock/journal"),
])
def test_invalid_namespace_is_400(admin, method, path):
    for bad in ("has space", "x" * 129, "semi;colon"):
        assert admin.error(method, path, 400, **ns(bad)).startswith(f"invalid namespace '{bad}'")
    assert admin.error(method, path + "?namespace=%2F", 400).startswith("invalid namespace '/'")


# -- the admin token ---------------------------------------------------------------------------------------------------

#: one concrete call per documented operation
EVERY_OPERATION = [
    ("GET", "/_mock/"), ("GET", "/_mock/openapi.json"), ("GET", "/_mock/namespaces"), ("POST", "/_mock/reset"),
    ("POST", "/_mock/seed"), ("GET", "/_mock/fidelity"), ("PUT", "/_mock/fidelity"), ("GET", "/_mock/sites"),
    ("POST", "/_mock/sites"), ("GET", SITE_ACME),
    ("DELETE", "/_mock/sites/globex"), ("GET", SITE_ACME + "/settings"), ("PATCH", SITE_ACME + "/settings"),
    ("GET", SITE_ACME + "/users"), ("POST", SITE_ACME + "/users"), ("DELETE", SITE_ACME + "/users/alice@acme.com"),
    ("GET", SITE_ACME + "/meetings"), ("GET", SITE_ACME + "/meetings/123456789"), ("GET", "/_mock/state"),
    ("PUT", "/_mock/state"), ("GET", "/_mock/journal"), ("DELETE", "/_mock/journal"), ("GET", "/_mock/faults"),
    ("POST", "/_mock/faults"), ("DELETE", "/_mock/faults"), ("DELETE", "/_mock/faults/fault-1"),
    ("DELETE", "/_mock/namespaces/other"), ("GET", "/_mock/page/overview"),
    ("GET", "/_mock/page/sites/acme/meetings/123456789"),
    ("GET", "/_mock/stubs"), ("POST", "/_mock/stubs"), ("DELETE", "/_mock/stubs"), ("DELETE", "/_mock/stubs/stub-1"),
    ("GET", "/_mock/webhooks/deliveries"), ("DELETE", "/_mock/webhooks/deliveries"),
    ("GET", "/_mock/clock"), ("PUT", "/_mock/clock"),
    ("GET", "/_mock/meetings/settings"), ("PUT", "/_mock/meetings/settings"),
    ("POST", "/_mock/meetings/{key}/start"), ("POST", "/_mock/meetings/{key}/end"),
]

#: public: health and ready; the page's static files and login form (tests/admin/test_page_login.py)
NEED_NO_TOKEN = {("GET", "/_mock/health"), ("GET", "/_mock/ready"), ("GET", "/_mock/static/{name}"),
                 ("POST", "/_mock/login"), ("POST", "/_mock/logout")}


def test_every_operation_is_listed_for_the_token_test():
    documented = {(method.upper(), path) for path, item in DOC["paths"].items() for method in item
                  if method != "parameters"}
    assert {(m, template_of(p)) for m, p in EVERY_OPERATION} | NEED_NO_TOKEN == documented


def test_admin_token_guards_every_admin_call_but_health_and_ready(mocks):
    api, admin = mocks(admin_token="s3cret-Token")
    for method, path in EVERY_OPERATION:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"X-Mock-Admin-Token": "s3cret-Tokenx"},
                        {"Authorization": "Basic s3cret-Token"}):
            message = admin.error(method, path, 401, headers=headers, json={})
            assert message.startswith("admin token required")
    assert admin.get("/_mock/health") == {"status": "ok"}
    assert admin.get("/_mock/ready")["status"] == "ready"
    assert admin.get("/_mock/sites", headers={"Authorization": "Bearer s3cret-Token"})["sites"]
    assert admin.get("/_mock/sites", headers={"authorization": "bearer s3cret-Token"})["sites"]
    assert admin.get("/_mock/sites", headers={"X-Mock-Admin-Token": "s3cret-Token"})["sites"]
    assert admin.get("/_mock/", headers={"X-Mock-Admin-Token": "s3cret-Token"}).startswith("<!doctype html>")
    # the WebEx API itself needs no admin token
    assert create(api) > 0


def test_without_a_configured_token_admin_calls_need_none(admin):
    assert admin.get("/_mock/sites", headers={"Authorization": "Bearer anything"})["sites"]
