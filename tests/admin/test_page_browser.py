"""The live page in a real browser: Debian's chromium, headless, driven by Selenium through chromium-driver.

A real server process with an admin token; the test signs in on the login form, sees the meetings and calls it
made, sees a new call arrive without a reload, filters the calls, opens a call (its request and answer XML, its
fidelity notes, the rules that fired) and a meeting (its GetMeeting answer), and saves a screenshot to
artifacts/page.png (the path is printed). Then, in a 1400x1000 window with a long meeting name and a long host
e-mail, the meetings show their E2EE and REC columns and the calls table needs no sideways scroll
(artifacts/page-1400x1000.png). .ci/run installs chromium and chromium-driver; elsewhere the test is
skipped, with the reason, when they are missing (under CI=true it fails instead).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import httpx
import pytest
from processkit import start, stop
from repo import ROOT
from webex import create_meeting, message

from mockserver import API_PATH

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(os.environ.get("WEBEX_MOCK_ARTIFACTS", ROOT / "artifacts"))
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
TOKEN = "br0wser-Page-Token"
PASSWORD = "Pa55-Browser"
#: how long the page may take to show something (a bound, not a measurement: it polls every 1.5 s)
WAIT_S = 30


def _missing() -> str | None:
    if importlib.util.find_spec("selenium") is None:
        return "selenium is not installed (pip install '.[test]')"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.exists(path) or shutil.which(Path(path).name)):
            return f"{path} is missing: apt-get install -y chromium chromium-driver (as .ci/run does)"
    return None


@pytest.fixture(scope="module")
def server():
    process, url = start("--port", "0", "--log-level", "warning", env={"WEBEX_MOCK_ADMIN_TOKEN": TOKEN})
    base = url.split(API_PATH)[0]
    client = httpx.Client(base_url=base, timeout=30)
    yield base, client
    client.close()
    stop(process)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"the browser test must run in CI: {missing}")
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1600,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    # the driver named explicitly: Selenium Manager never downloads one
    driver = webdriver.Chrome(service=Service(executable_path=shutil.which("chromedriver") or CHROMEDRIVER),
                              options=options)
    yield driver
    driver.quit()


def _post(client: httpx.Client, body: str) -> str:
    response = client.post(API_PATH, content=body.encode(), headers={"Content-Type": "text/xml"})
    assert response.status_code == 200
    return response.text


def _create(client: httpx.Client, name: str, options: str = "", access: str = "", **security) -> int:
    content = (f"{access}<metaData><confName>{name}</confName></metaData><enableOptions>{options}</enableOptions>"
               "<schedule><startDate>12/01/2026 10:00:00</startDate></schedule>")
    answer = _post(client, create_meeting(content, **security))
    return int(answer.split("<meet:meetingkey>")[1].split("<")[0])


def _journal(client: httpx.Client) -> list[dict]:
    return client.get("/_mock/journal", headers={"X-Mock-Admin-Token": TOKEN}).json()["entries"]


def _wait(driver, condition, what: str):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT_S, poll_frequency=0.2).until(condition, message=f"page never showed {what}")


def _css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def _click(driver, selector: str) -> None:
    """Click the first element matching ``selector`` (the page redraws its lists as data arrives)."""
    from selenium.common.exceptions import StaleElementReferenceException

    def clicked(d) -> bool:
        try:
            _css(d, selector)[0].click()
        except (StaleElementReferenceException, IndexError):
            return False
        return True
    _wait(driver, clicked, f"{selector} to click")


def _text(driver, selector: str) -> str:
    found = _css(driver, selector)
    return found[0].text if found else ""


def test_the_live_page_in_chromium(server, browser):
    base, client = server
    plain = _create(client, "Weekly sync", access=f"<accessControl><meetingPassword>{PASSWORD}</meetingPassword>"
                                                  "</accessControl>")
    e2ee = _create(client, "Board (E2EE)", "<supportE2E>TRUE</supportE2E><autoRecord>TRUE</autoRecord>")
    _post(client, message("meeting.GetMeeting", f"<meetingKey>{plain}</meetingKey>"))
    _post(client, message("meeting.GetMeeting", "<meetingKey>1</meetingKey>"))  # a FAILURE
    entries = _journal(client)
    e2ee_call = next(e["id"] for e in entries if e["meeting_key"] == e2ee)

    # signing in on the form
    browser.get(base + "/_mock/")
    _css(browser, "input[name=token]")[0].send_keys(TOKEN)
    (ARTIFACTS).mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "page-login.png"))
    _click(browser, "form button[type=submit]")

    # meetings and calls appear
    _wait(browser, lambda d: len(_css(d, "#call-table tbody tr[data-id]")) == len(entries), "the calls")
    _wait(browser, lambda d: _css(d, f"#site-list tr[data-key='{e2ee}']"), "the meetings")
    assert "Board (E2EE)" in _text(browser, f"#site-list tr[data-key='{e2ee}']")
    assert [int(r.get_attribute("data-id")) for r in _css(browser, "#call-table tbody tr[data-id]")] == \
        sorted((e["id"] for e in entries), reverse=True)  # newest first
    assert "FAILURE" in _text(browser, "#call-table tbody tr:first-child")
    assert PASSWORD not in browser.page_source
    _wait(browser, lambda d: _text(d, "#live").startswith("live"), "that it is live")

    # a new call arrives without a reload
    browser.execute_script("window.stillTheSamePage = true;")
    live = _create(client, "Arrived live")
    newest = _journal(client)[-1]["id"]
    _wait(browser, lambda d: _css(d, f"#call-table tr[data-id='{newest}']"), "the new call")
    _wait(browser, lambda d: _css(d, f"#site-list tr[data-key='{live}']"), "the new meeting")
    assert browser.execute_script("return window.stillTheSamePage === true;")

    # filtering by operation and by result
    from selenium.webdriver.support.ui import Select

    _css(browser, "#filter-operation")[0].send_keys("GetMeetng")  # no WebEx operation: the server says so
    _wait(browser, lambda d: "is not a WebEx operation; nearest: GetMeeting" in _text(d, "#live"), "the refusal")
    assert not _text(browser, "#live").startswith("offline")
    _css(browser, "#filter-operation")[0].clear()
    _css(browser, "#filter-operation")[0].send_keys("GetMeeting")
    _wait(browser, lambda d: len(_css(d, "#call-table tbody tr[data-id]")) == 2, "only the GetMeeting calls")
    _wait(browser, lambda d: _text(d, "#live").startswith("live"), "that it is live again")
    _css(browser, "#filter-operation")[0].clear()
    result = Select(_css(browser, "#filter-result")[0])
    result.select_by_visible_text("FAILURE")
    _wait(browser, lambda d: len(_css(d, "#call-table tbody tr[data-id]")) == 1, "only the failed call")
    result.select_by_value("")
    _wait(browser, lambda d: len(_css(d, "#call-table tbody tr[data-id]")) == len(entries) + 1, "every call again")

    # a GetMeeting call: its XML and its fidelity notes (secrets masked)
    get_call = next(e["id"] for e in entries if e["operation"] == "meeting.GetMeeting" and e["result"] == "SUCCESS")
    _click(browser, f"#call-table tr[data-id='{get_call}']")
    _wait(browser, lambda d: "GetMeeting" in _text(d, "#detail-title"), "the call's details")
    detail = _text(browser, "#detail-body")
    assert "Fidelity notes" in detail and "assumed" in detail and "meetingLink" in detail
    assert "<meet:meetingkey>" in detail or "meet:meetingkey" in detail
    assert "******" in detail and PASSWORD not in browser.page_source
    assert len(_css(browser, "#detail-body pre.xml")) == 2

    # a meeting: its stored data and its GetMeeting answer
    _click(browser, f"#site-list tr[data-key='{plain}']")
    _wait(browser, lambda d: f"Meeting {plain}" in _text(d, "#detail-title"), "the meeting")
    assert "GetMeeting answer" in _text(browser, "#detail-body") and "Stored data" in _text(browser, "#detail-body")
    assert "meet:getMeetingResponse" in _text(browser, "#detail-body") and PASSWORD not in browser.page_source
    assert _text(browser, "#detail-body p.state").endswith(" · XML NOT_INPROGRESS")  # its state (docs/time.md)

    # the E2EE call: the rules that fired (autoRecord turned off), then the screenshot
    _click(browser, f"#call-table tr[data-id='{e2ee_call}']")
    _wait(browser, lambda d: f"Call #{e2ee_call} " in _text(d, "#detail-title"), "the E2EE call")
    _wait(browser, lambda d: _css(d, "#call-rules li[data-rule]"), "the rules that fired")
    shot = ARTIFACTS / "page.png"
    browser.save_screenshot(str(shot))
    print(f"page screenshot: {shot}")
    rules = _text(browser, "#call-rules")
    assert "Rules that fired" in rules and "autoRecord" in rules, rules
    assert _css(browser, "#call-rules li[data-rule]")

    _fits_a_laptop_window(browser, client)


#: a realistic meeting: a long name, hosted by a user with a long e-mail address
LONG_NAME = "Quarterly business review with the EMEA partner network: pipeline, renewals and the 2027 budget"
LONG_HOST = "alexandra.konstantinopoulou-whitfield@emea-partner-programmes.acme.com"
#: where a column header is drawn, and whether it is visible: inside the window and its pane, not covered
WHERE_IS = """
const [th, paneId] = arguments;
const r = th.getBoundingClientRect(), pane = document.getElementById(paneId).getBoundingClientRect();
const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
return {text: th.textContent, left: r.left, right: r.right, width: r.width, paneRight: pane.right,
        windowWidth: document.documentElement.clientWidth, covered: !(hit && th.contains(hit))};
"""


def _fits_a_laptop_window(browser, client: httpx.Client) -> None:
    """At 1400x1000 the meetings pane shows its E2EE and REC columns and the calls table needs no sideways
    scroll, with a long meeting name and a long host e-mail on the page."""
    added = client.post("/_mock/sites/acme/users", headers={"X-Mock-Admin-Token": TOKEN},
                        json={"webExId": LONG_HOST, "password": "L0ng-Host", "email": LONG_HOST})
    assert added.status_code == 201, added.text
    key = _create(client, LONG_NAME, "<supportE2E>TRUE</supportE2E>", user=LONG_HOST, password="L0ng-Host")
    _post(client, message("meeting.GetMeeting", f"<meetingKey>{key}</meetingKey>", user=LONG_HOST,
                          password="L0ng-Host"))
    browser.set_window_size(1400, 1000)
    _wait(browser, lambda d: _css(d, f"#site-list tr[data-key='{key}']"), "the long-named meeting")
    _wait(browser, lambda d: LONG_HOST in _text(d, "#call-table tbody tr:first-child") or
          _css(d, f"#call-table td[title='{LONG_HOST}']"), "the long host's calls")
    _click(browser, f"#site-list tr[data-key='{key}']")
    _wait(browser, lambda d: f"Meeting {key}" in _text(d, "#detail-title"), "the long-named meeting's details")
    shot = ARTIFACTS / "page-1400x1000.png"
    browser.save_screenshot(str(shot))
    print(f"page screenshot at 1400x1000: {shot}")
    assert browser.execute_script("return window.innerWidth;") == 1400  # the height: 1000 less the browser's own bars
    header = _css(browser, "#site-list table.meetings thead")[0]
    for name in ("E2EE", "rec"):
        th = next(th for th in header.find_elements("css selector", "th") if th.text.strip().lower() == name.lower())
        seen = browser.execute_script(WHERE_IS, th, "sites")
        assert seen["width"] > 0 and seen["left"] >= 0 and not seen["covered"], seen
        assert seen["right"] <= min(seen["paneRight"], seen["windowWidth"]), seen
    overflow = browser.execute_script("const box = document.querySelector('#calls .scroll');"
                                      "return [box.scrollWidth, box.clientWidth];")
    assert overflow[0] <= overflow[1], f"the calls table scrolls sideways: scrollWidth, clientWidth = {overflow}"


def test_rest_calls_show_on_the_live_page_with_their_secrets_masked(server, browser):
    base, client = server
    body = {"title": "From REST", "start": "2030-01-15T10:00:00Z", "end": "2030-01-15T10:30:00Z",
            "password": PASSWORD}
    made = client.post("/v1/meetings", json=body, headers={"Authorization": "Bearer acme-hostid-access-token"})
    assert made.status_code == 200, made.text
    created = next(e["id"] for e in _journal(client) if e["operation"] == "POST /meetings")
    browser.get(base + "/_mock/")  # signed in by the test before (the session cookie)
    _wait(browser, lambda d: _css(d, f"#call-table tr[data-id='{created}']"), "the REST call")
    assert "POST /meetings" in _text(browser, f"#call-table tr[data-id='{created}']")
    _click(browser, f"#call-table tr[data-id='{created}']")
    _wait(browser, lambda d: f"Call #{created} " in _text(d, "#detail-title"), "the REST call's details")
    detail = _text(browser, "#detail-body")
    assert "From REST" in detail and "******" in detail
    assert PASSWORD not in browser.page_source


def test_webhook_deliveries_show_on_the_live_page(server, browser):
    base, client = server
    rest = {"Authorization": "Bearer acme-hostid-access-token"}
    hook = client.post("/v1/webhooks", headers=rest, json={
        "name": "page sink", "resource": "meetings", "event": "created", "secret": PASSWORD,
        "targetUrl": base + "/_mock/webhooks/sink/page?password=" + PASSWORD})
    assert hook.status_code == 200, hook.text
    made = client.post("/v1/meetings", headers=rest, json={"title": "Delivered", "start": "2030-02-01T10:00:00Z",
                                                            "end": "2030-02-01T10:30:00Z"})
    assert made.status_code == 200, made.text
    browser.get(base + "/_mock/")
    _wait(browser, lambda d: _css(d, "#deliveries li[data-outcome='captured']"), "the captured delivery")
    shown = _text(browser, "#deliveries")
    assert "Webhook deliveries" in shown and "meetings created" in shown and "/_mock/webhooks/sink/page" in shown
    assert PASSWORD not in browser.page_source
    kept = client.get("/_mock/webhooks/deliveries", headers={"X-Mock-Admin-Token": TOKEN}).json()["deliveries"]
    assert kept and all(PASSWORD not in d["targetUrl"] and "password=******" in d["targetUrl"] for d in kept)
