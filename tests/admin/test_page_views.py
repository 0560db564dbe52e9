"""The page at /_mock/ without a browser: a shell with no external assets under a strict CSP, a script that never
parses data as HTML, and the JSON views it reads (meetings per site; a meeting's stored data and its GetMeeting
answer, secrets masked). In-process and over real HTTP."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile

import pytest
from adminkit import admin, create, get_meeting, ns  # noqa: F401  (fixtures)
from repo import ROOT
from webex import create_meeting

from mockserver.admin.page.views import STATIC_TYPES, static_file
from mockserver.base import redact

PAGE_FILES = ("/_mock/", "/_mock/static/page.js", "/_mock/static/page.css")
PASSWORD = "Pa55word-Page"


def test_the_page_loads_nothing_from_elsewhere_under_a_strict_csp(admin):
    for path in PAGE_FILES:
        response = admin.client.get(path)
        assert response.status_code == 200, path
        csp = response.headers["content-security-policy"]
        assert csp.startswith("default-src 'self';") and "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert not re.search(r"https?://|//[a-z0-9]|@import|url\(", response.text.replace("http://127.0.0.1", "")), path
    shell = admin.client.get("/_mock/").text
    linked = re.findall(r"(?:src|href|action)='([^']*)'", shell)
    assert linked and all(link.startswith("/_mock/") or link == "data:," for link in linked)
    assert "<script>" not in shell and "<style" not in shell and " style=" not in shell and " on" not in shell


def test_the_script_never_parses_data_as_html():
    script = static_file("page.js").decode("utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script, sink
    assert "textContent" in script


def test_unknown_static_files_are_404(admin):
    for name in ("nope.js", "page.js.map", "page.JS", "__init__.py"):
        assert admin.client.get(f"/_mock/static/{name}").status_code == 404


def test_overview_lists_each_sites_meetings_without_secrets(admin):
    key = create(admin.api, "Secret review")
    overview = admin.get("/_mock/page/overview")
    assert overview["namespace"] == "default" and "default" in overview["namespaces"]
    acme = next(s for s in overview["sites"] if s["siteName"] == "acme")
    (line,) = [m for m in acme["meetings"] if m["key"] == key]
    assert line["confName"] == "Secret review" and acme["more"] == 0
    assert set(line) == {"key", "host", "confName", "startDate", "duration", "supportE2E", "autoRecord"}


def test_meeting_view_holds_the_real_get_meeting_answer_with_secrets_masked(admin):
    api = admin.api
    content = (f"<accessControl><meetingPassword>{PASSWORD}</meetingPassword></accessControl>"
               "<metaData><confName>Board</confName></metaData>"
               "<schedule><startDate>12/01/2026 10:00:00</startDate></schedule>")
    answer = api.post(create_meeting(content)).ok()
    key = int(answer.text("serv:body/serv:bodyContent/meet:meetingkey"))
    view = admin.get(f"/_mock/page/sites/ACME/meetings/{key}")
    assert (view["site"], view["key"]) == ("acme", key)
    assert PASSWORD not in str(view)
    assert view["meeting"]["data"]["accessControl"]["meetingPassword"] == redact.MASK
    real = get_meeting(api, key).text  # the host's own GetMeeting, as a client gets it
    assert PASSWORD in real
    assert view["getMeeting"] == redact.xml_text(real)
    assert admin.error("GET", "/_mock/page/sites/acme/meetings/999", 404).startswith("no meeting 999")
    assert admin.error("GET", f"/_mock/page/sites/nosite/meetings/{key}", 404).startswith("no site")
    assert admin.error("GET", f"/_mock/page/sites/acme/meetings/{key}", 404, **ns("other")).startswith("no meeting")


@pytest.mark.slow
def test_the_wheel_ships_the_page(tmp_path):
    """A non-editable install (pip install .) has the page's script and style sheet."""
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--disable-pip-version-check",
                            "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in STATIC_TYPES:
        assert f"mockserver/admin/page/static/{name}" in names
    assert "mockserver/admin/page/shell.py" in names
