"""The page with an admin token: the login form sets an HttpOnly SameSite=Strict session cookie holding a random
session id the server keeps (ended at logout, on expiry, when too many newer ones exist); the cookie admits GET admin
calls only; wrong tokens are throttled per client address (429); Host and Origin rules stay as strict; the token is
never shown or logged. In-process and over real HTTP."""

from __future__ import annotations

import logging

import pytest
from adminkit import create, mocks  # noqa: F401  (fixture)
from pagekit import TOKEN, login, own_origin, session_cookie, with_cookie

from mockserver.admin.guard import SESSION_COOKIE
from mockserver.admin.sessions import LOGIN_FAILURES, LOGIN_WINDOW_S, SESSION_LIFETIME_S, LoginThrottle, Sessions

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def test_login_sets_an_httponly_strict_cookie_holding_no_token(mocks):
    api, admin = mocks(admin_token=TOKEN)
    response = login(admin.client, Origin=own_origin(admin.client))
    assert response.status_code == 303 and response.headers["location"] == "/_mock/"
    (header,) = [h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE + "=")]
    attributes = {part.strip().split("=")[0].lower(): part.strip() for part in header.split(";")[1:]}
    assert attributes["httponly"] and attributes["samesite"].lower() == "samesite=strict"
    assert attributes["path"] == "Path=/_mock" and attributes["max-age"] == f"Max-Age={SESSION_LIFETIME_S}"
    value = session_cookie(response)
    assert TOKEN not in header and len(value) == 64
    # a random session id, not a function of the token: every login opens another
    assert session_cookie(login(admin.client, Origin=own_origin(admin.client))) != value


def test_the_cookie_admits_gets_only(mocks):
    api, admin = mocks(admin_token=TOKEN)
    cookie = with_cookie(session_cookie(login(admin.client)))
    assert admin.get("/_mock/page/overview", headers=cookie)["namespace"] == "default"
    assert admin.get("/_mock/journal", headers=cookie)["total"] == 0
    assert admin.get("/_mock/", headers={**cookie, **BROWSER}).startswith("<!doctype html>")
    # whatever changes state still needs the token itself
    assert admin.error("POST", "/_mock/reset", 401, headers=cookie).startswith("admin token required")
    assert admin.error("DELETE", "/_mock/journal", 401, headers=cookie).startswith("admin token required")
    # a cookie that is not a live session's id is worth nothing (the old HMAC of the token neither)
    hmac_of_the_token = "f" * 64
    for wrong in (TOKEN, hmac_of_the_token, ""):
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


def test_a_copied_cookie_is_worth_nothing_after_logout(mocks):
    api, admin = mocks(admin_token=TOKEN)
    copied = with_cookie(session_cookie(login(admin.client)))
    other = with_cookie(session_cookie(login(admin.client)))  # another browser's session
    assert admin.get("/_mock/page/overview", headers=copied)["namespace"] == "default"
    response = admin.client.post("/_mock/logout", headers={"Origin": own_origin(admin.client), **copied})
    assert response.status_code == 303
    assert admin.error("GET", "/_mock/page/overview", 401, headers=copied).startswith("admin token required")
    assert admin.get("/_mock/page/overview", headers=other)["namespace"] == "default"  # only that session ended


def test_wrong_tokens_from_one_address_get_429_with_retry_after(mocks):
    api, admin = mocks(admin_token=TOKEN)
    statuses = [login(admin.client, f"guess-{n}").status_code for n in range(LOGIN_FAILURES + 3)]
    assert statuses == [403] * LOGIN_FAILURES + [429] * 3
    throttled = login(admin.client)  # while throttled the right token is not even checked
    assert throttled.status_code == 429 and session_cookie(throttled) is None
    assert 1 <= int(throttled.headers["retry-after"]) <= LOGIN_WINDOW_S
    assert "<form" in throttled.text and "try again in" in throttled.text


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_sessions_expire_and_are_bounded():
    clock = Clock()
    sessions = Sessions(clock, limit=3, lifetime_s=100)
    first, second = sessions.open(), sessions.open()
    clock.now += 60
    third, fourth = sessions.open(), sessions.open()  # the fourth ends the oldest
    assert [sessions.valid(s) for s in (first, second, third, fourth)] == [False, True, True, True]
    clock.now += 41  # the second is 101 s old
    assert [sessions.valid(s) for s in (second, third, fourth)] == [False, True, True]
    assert len(sessions) == 2
    for _ in range(1000):
        sessions.open()
    assert len(sessions) == 3


@pytest.mark.parametrize("address", ["10.0.0.1", ""])
def test_the_throttle_forgets_failures_after_its_window_and_keeps_few_addresses(address):
    clock = Clock()
    throttle = LoginThrottle(clock, failures=3, window_s=60, addresses=100)
    for _ in range(3):
        assert throttle.wait_s(address) == 0
        throttle.failed(address)
        clock.now += 10
    assert throttle.wait_s(address) == 30  # the first failure leaves the window in 30 s
    assert throttle.wait_s("10.0.0.2") == 0  # others are not held back
    clock.now += 30
    assert throttle.wait_s(address) == 0
    for n in range(10_000):
        throttle.failed(f"10.1.{n // 256}.{n % 256}")
    assert len(throttle._seen) == 100
