"""DelUser (reference §26): deactivates, as the current guide says; the user is then refused at sign-in."""

from __future__ import annotations

from adminkit import mocks  # noqa: F401  (fixture)
from statekit import saved_document
from webex import create_meeting, message

BODY = "serv:body/serv:bodyContent/"
ADMIN = {"user": "admin@acme.com"}


def del_user(api, *who: str, extra: str = "", **kw):
    content = "".join(f"<webExId>{w}</webExId>" for w in who) + extra
    return api.post(message("user.DelUser", content, **{**ADMIN, **kw}))


def test_deactivated_user_stays_and_is_refused_at_sign_in(api):
    answer = del_user(api, "alice@acme.com").ok()
    assert b'xsi:type="use:delUserResponse"' in answer.body
    assert [(u.findtext("{*}webExId"), u.findtext("{*}status")) for u in answer.all(BODY + "use:user")] == [
        ("alice@acme.com", "SUCCESS")]
    profile = api.post(message("user.GetUser", "<webExId>alice@acme.com</webExId>", **ADMIN)).ok()
    assert profile.text(BODY + "use:active") == "DEACTIVATED"
    refused = api.post(create_meeting(user="alice@acme.com"))
    assert (refused.exception_id, refused.reason) == ("030008", "User account is inactive")


def test_the_choice_is_noted(api):
    del_user(api, "alice@acme.com").ok()
    notes = api.app.state.tenancy.get().journal.entries()[-1].notes
    assert {(n.code, n.element) for n in notes} == {("assumed-rule", "bodyContent/webExId"),
                                                    ("assumed-answer", "user")}


def test_several_users_any_order_with_sync_web_office(api):
    answer = del_user(api, "alice@acme.com", "ALICE@acme.com", "hostid@acme.com",
                      extra="<syncWebOffice>true</syncWebOffice>").ok()
    assert [u.findtext("{*}webExId") for u in answer.all(BODY + "use:user")] == ["alice@acme.com", "hostid@acme.com"]
    assert not any(user.active for user in api.store.sites["acme"].users.values() if not user.siteAdmin)


def test_one_unknown_user_changes_none(api):
    answer = del_user(api, "alice@acme.com", "nobody@acme.com")
    assert answer.exception_id == "030001" and "nobody@acme.com" in answer.reason
    assert api.store.sites["acme"].user("alice@acme.com").active


def test_at_most_fifty_and_at_least_one(api):
    too_many = del_user(api, *[f"u{i}@acme.com" for i in range(51)])
    assert too_many.exception_id == "999999" and "at most 50" in too_many.reason
    none = del_user(api, extra="<syncWebOffice>true</syncWebOffice>")
    assert none.exception_id == "999999" and "webExId is required" in none.reason


def test_only_a_site_admin_deletes(api):
    assert del_user(api, "alice@acme.com", user="hostid@acme.com").exception_id == "000001"
    assert api.store.sites["acme"].user("alice@acme.com").active


def test_deactivation_is_saved(mocks, tmp_path):
    path = tmp_path / "state.db"
    api, _ = mocks(state_file=str(path))
    del_user(api, "alice@acme.com").ok()
    api.app.state.state_file.close()
    sites = saved_document(path)["namespaces"]["default"]["sites"]
    users = next(site for site in sites if site["siteName"] == "acme")["users"]
    assert next(user for user in users if user["webExId"] == "alice@acme.com")["active"] is False
