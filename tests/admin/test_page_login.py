"""The page with an admin token: the login form sets an HttpOnly SameSite=Strict session cookie holding an HMAC of
the token; the cookie admits GET admin calls only; Host and Origin rules stay as strict; the token is never shown
or logged. In-process and over real HTTP."""

from __future__ import annotations

import logging

from adminkit import create, mocks  # noqa: F401  (fixture)
from pagekit import TOKEN, login, own_origin, session_cookie, with_cookie

from mockserver.admin.guard import SESSION_COOKIE, session_value

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def test_login_sets_an_httponly_strict_cookie_holding_no_token(mocks):
    api, admin = mocks(admin_token=TOKEN)
    response = login(admin.client, Origin=own_origin(admin.client))
    assert response.status_code == 303 and response.headers["location"] == "/_mock/"
    (header,) = [h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE + "=")]
    attributes = {part.strip().split("=")[0].lower(): part.strip() for part in header.split(";")[1:]}
    assert attributes["httponly"] and attributes["samesite"].lower() == "samesite=strict"
    assert attributes["path"] == "Path=/_mock"
    value = session_cookie(response)
    assert value == session_value(TOKEN) and TOKEN not in header and len(value) == 64


def test_the_cookie_admits_gets_only(mocks):
    api, admin = mocks(admin_token=TOKEN)
    cookie = with_cookie(session_cookie(login(admin.client)))
    assert admin.get("/_mock/page/overview", headers=cookie)["namespace"] == "default"
    assert admin.get("/_mock/journal", headers=cookie)["total"] == 0
    assert admin.get("/_mock/", headers={**cookie, **BROWSER}).startswith("<!doctype html>")
    # whatever changes state still needs the token itself
    assert admin.error("POST", "/_mock/reset", 401, headers=cookie).startswith("admin token required")
    assert admin.error("DELETE", "/_mock/journal", 401, headers=cookie).startswith("admin token required")
    # a cookie that is not the HMAC of this server's token is worth nothing
    for wrong in (TOKEN, session_value(TOKEN + "x"), ""):
        assert admin.error("GET", "/_mock/page/overview", 401, headers=with_cookie(wrong))


def test_a_wrong_token_is_refused_with_the_form_again(mocks):
    api, admin = mocks(admin_token=TOKEN)
    for wrong in ("", TOKEN + "x", TOKEN[:-1], "ünïcode"):
        response = login(admin.client, wrong)
        assert response.status_code == 403 and session_cookie(response) is None
        assert "That is not this server" in response.text and "<form" in response.text


def test_a_foreign_origin_or_host_cannot_log_in(mocks):
    api, admin = mocks(admin_token=TOKEN)
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"}, {"Host": "evil.example"}):
        response = login(admin.client, **headers)
        assert response.status_code == 403 and session_cookie(response) is None
        assert response.json()["error"]


def test_origin_rules_still_apply_to_calls_with_the_cookie(mocks):
    api, admin = mocks(admin_token=TOKEN)
    cookie = with_cookie(session_cookie(login(admin.client)))
    message = admin.error("GET", "/_mock/page/overview", 403, headers={**cookie, "Origin": "http://evil.example"})
    assert message.startswith("cross-origin")
    message = admin.error("POST", "/_mock/reset", 403, headers={**cookie, "Origin": "http://evil.example"})
    assert message.startswith("cross-origin")
    assert admin.error("GET", "/_mock/journal", 403, headers={**cookie, "Host": "evil.example"}).startswith("Host")


def test_a_browser_without_the_token_gets_the_login_form(mocks):
    api, admin = mocks(admin_token=TOKEN)
    form = admin.client.get("/_mock/", headers=BROWSER)
    assert form.status_code == 401 and "action='/_mock/login'" in form.text and "type='password'" in form.text
    assert form.headers["content-security-policy"].startswith("default-src 'self'")
    # a script asking for JSON still gets the JSON error; the data views never show the form
    assert admin.error("GET", "/_mock/", 401).startswith("admin token required")
    assert admin.error("GET", "/_mock/page/overview", 401, headers=BROWSER).startswith("admin token required")
    # the static files need no token (they hold no data)
    assert admin.client.get("/_mock/static/page.css").status_code == 200


def test_logout_clears_the_cookie(mocks):
    api, admin = mocks(admin_token=TOKEN)
    response = admin.client.post("/_mock/logout", headers={"Origin": own_origin(admin.client)})
    assert response.status_code == 303
    (header,) = [h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE + "=")]
    assert "Max-Age=0" in header and header.startswith(SESSION_COOKIE + '="";')


def test_without_a_token_login_needs_nothing(mocks):
    api, admin = mocks()
    response = login(admin.client, "anything")
    assert response.status_code == 303 and session_cookie(response) is None
    assert admin.get("/_mock/").startswith("<!doctype html>")


def test_the_token_never_reaches_the_page_or_the_logs(mocks, caplog):
    caplog.set_level(logging.DEBUG)
    api, admin = mocks(admin_token=TOKEN)
    login(admin.client, TOKEN + "-wrong")
    cookie = with_cookie(session_cookie(login(admin.client)))
    create(api)
    shown = [admin.client.get(path, headers={**cookie, **BROWSER}).text for path in (
        "/_mock/", "/_mock/page/overview", "/_mock/journal", "/_mock/static/page.js", "/_mock/static/page.css")]
    shown.append(admin.client.get("/_mock/", headers=BROWSER).text)  # the login form
    assert all(TOKEN not in text for text in shown)
    assert TOKEN not in caplog.text
    assert "page login refused" in caplog.text
