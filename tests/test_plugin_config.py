"""Configuring the webex_mock fixture the pytest way: ini options, the overridable webex_mock_config fixture,
the remote URL's precedence, and assertion helpers that keep their own frames out of a failure's traceback."""

from __future__ import annotations

import json

# httpcore and xmlschema are imported here so that the inline runs below share them rather than import them again
# (pytester removes what a run imported): httpx caches httpcore's exception classes, and the mock imports xmlschema
# in a background thread.
import httpcore  # noqa: F401
import pytest
import xmlschema  # noqa: F401

from mockserver.config import Config
from mockserver.fixture.local import MockServer

pytest_plugins = ["pytester"]

#: two tests that each create a meeting as hostid@acme.com and compare the keys
SAME_KEYS = '''
import re
import urllib.request

CREATE = (b'<serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service" '
          b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><header><securityContext>'
          b"<siteName>SITE</siteName><webExID>USER</webExID><password>PASSWORD</password>"
          b'</securityContext></header><body><bodyContent xsi:type="java:com.webex.service.binding.meeting.'
          b'CreateMeeting"><metaData><confName>A</confName></metaData></bodyContent></body></serv:message>')
KEYS = []


def create(url):
    with urllib.request.urlopen(urllib.request.Request(url, data=CREATE), timeout=30) as answer:
        return int(re.search(rb"<meet:meetingkey>(\\d+)<", answer.read()).group(1))


def test_first(webex_mock):
    KEYS.append(create(webex_mock.url))


def test_second_gets_the_same_key(webex_mock):
    assert create(webex_mock.url) == KEYS[0]
'''

WHICH_SERVER = '''
def test_which(webex_mock):
    assert type(webex_mock).__name__ == "RemoteWebexMock"
    assert webex_mock.base_url == "{url}"
    webex_mock.add_user("probe@acme.com")
'''


def same_keys(site: str = "acme", user: str = "hostid@acme.com", password: str = "passw0rd") -> str:
    return SAME_KEYS.replace("SITE", site).replace("USER", user).replace("PASSWORD", password)


@pytest.fixture(scope="module")
def running():
    with MockServer() as server:
        yield server


@pytest.fixture(scope="module")
def guarded():
    with MockServer(Config(port=0, admin_token="tok-123")) as server:
        yield server


#: plugins the inner runs do not need (each would be imported again by every inline run)
UNNEEDED = ("cacheprovider", "hypothesispytest", "xdist.plugin", "xdist.looponfail", "anyio")


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest(*(f"-pno:{name}" for name in UNNEEDED), *args)


def test_ini_options_seed_file_and_random_seed(pytester):
    (pytester.path / "seeds").mkdir()
    (pytester.path / "seeds" / "seed.json").write_text(json.dumps({"version": 1, "sites": [
        {"siteName": "globex", "siteID": 7, "partnerID": "p",
         "users": [{"webExId": "boss@globex.com", "password": "pw", "email": "boss@globex.com"}]}]}))
    pytester.makeini("[pytest]\nwebex_mock_seed_file = seeds/seed.json\nwebex_mock_random_seed = 5\n")
    pytester.makepyfile(same_keys("globex", "boss@globex.com", "pw") + '''

def test_only_the_seed_files_sites(webex_mock, webex_mock_config):
    assert webex_mock_config.random_seed == 5
    assert webex_mock.meetings("globex") == []
    webex_mock.add_user("new@globex.com", site="globex")
''')
    run(pytester).assert_outcomes(passed=3)


def test_without_a_random_seed_keys_differ(pytester):
    pytester.makepyfile(same_keys())
    run(pytester).assert_outcomes(passed=1, failed=1)


def test_ini_fidelity_and_the_marker(pytester):
    pytester.makeini("[pytest]\nwebex_mock_fidelity = documented\n")
    pytester.makepyfile('''
import pytest


def test_documented(webex_mock):
    assert webex_mock.fidelity == "documented"


@pytest.mark.webex_fidelity("lenient")
def test_the_marker_wins(webex_mock):
    assert webex_mock.fidelity == "lenient"
''')
    run(pytester).assert_outcomes(passed=2)


def test_a_conftest_overrides_webex_mock_config(pytester):
    pytester.makeconftest('''
import pytest
from mockserver import Config


@pytest.fixture(scope="session")
def webex_mock_config():
    return Config(port=0, random_seed=42)
''')
    pytester.makepyfile(same_keys())
    run(pytester).assert_outcomes(passed=2)


@pytest.mark.parametrize("ini", ["webex_mock_random_seed = soon", "webex_mock_fidelity = strict",
                                 "webex_mock_url = localhost:8800"])
def test_a_bad_ini_value_stops_the_run_naming_it(pytester, ini):
    pytester.makeini(f"[pytest]\n{ini}\n")
    pytester.makepyfile("def test_never(webex_mock):\n    pass\n")
    result = run(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{ini.split()[0].removeprefix('webex_mock_').split('_')[0]}*"])


BOGUS = "http://127.0.0.1:9"


def test_the_command_line_url_wins(pytester, running, monkeypatch):
    monkeypatch.setenv("WEBEX_MOCK_URL", BOGUS)
    pytester.makeini(f"[pytest]\nwebex_mock_url = {BOGUS}\n")
    pytester.makepyfile(WHICH_SERVER.format(url=running.base_url))
    run(pytester, f"--webex-mock-url={running.url}").assert_outcomes(passed=1)


def test_the_environment_url_wins_over_the_ini(pytester, running, monkeypatch):
    monkeypatch.setenv("WEBEX_MOCK_URL", running.base_url + "/")
    pytester.makeini(f"[pytest]\nwebex_mock_url = {BOGUS}\n")
    pytester.makepyfile(WHICH_SERVER.format(url=running.base_url))
    run(pytester).assert_outcomes(passed=1)


def test_the_ini_url_alone(pytester, running, monkeypatch):
    monkeypatch.delenv("WEBEX_MOCK_URL", raising=False)
    pytester.makeini(f"[pytest]\nwebex_mock_url = {running.url}\n")
    pytester.makepyfile(WHICH_SERVER.format(url=running.base_url))
    run(pytester).assert_outcomes(passed=1)


def test_remote_mode_applies_the_random_seed_and_fidelity_per_namespace(pytester, running):
    pytester.makeini(f"[pytest]\nwebex_mock_url = {running.url}\nwebex_mock_random_seed = 9\n")
    pytester.makepyfile(same_keys())
    run(pytester).assert_outcomes(passed=2)
    pytester.makeini(f"[pytest]\nwebex_mock_url = {running.url}\nwebex_mock_fidelity = documented\n")
    pytester.makepyfile("def test_mode(webex_mock):\n    assert webex_mock.fidelity == 'documented'\n")
    run(pytester).assert_outcomes(passed=1)


def test_an_unreachable_remote_mock_is_named(pytester):
    pytester.makepyfile("def test_never(webex_mock):\n    pass\n")
    result = run(pytester, f"--webex-mock-url={BOGUS}")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"*cannot reach the webex mock at {BOGUS}*"])


@pytest.mark.parametrize("env_token,ini_token", [(None, "tok-123"), ("tok-123", "wrong")])
def test_the_admin_token_from_env_or_ini(pytester, guarded, monkeypatch, env_token, ini_token):
    if env_token:
        monkeypatch.setenv("WEBEX_MOCK_ADMIN_TOKEN", env_token)
    else:
        monkeypatch.delenv("WEBEX_MOCK_ADMIN_TOKEN", raising=False)
    pytester.makeini(f"[pytest]\nwebex_mock_admin_token = {ini_token}\n")
    pytester.makepyfile(WHICH_SERVER.format(url=guarded.base_url))
    run(pytester, f"--webex-mock-url={guarded.url}").assert_outcomes(passed=1)


def test_a_missing_admin_token_is_explained(pytester, guarded, monkeypatch):
    monkeypatch.delenv("WEBEX_MOCK_ADMIN_TOKEN", raising=False)
    pytester.makepyfile("def test_never(webex_mock):\n    pass\n")
    result = run(pytester, f"--webex-mock-url={guarded.url}")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*HTTP 401*set WEBEX_MOCK_ADMIN_TOKEN*"])


FAILING = '''
def test_expects_a_call(webex_mock):
    webex_mock.assert_called("CreateMeeting", where={"metaData/confName": "Standup"})


def test_expects_no_call(webex_mock):
    webex_mock.post(b"<message/>")
    webex_mock.assert_not_called("GetMeeting")
    webex_mock.assert_no_notes()
'''


@pytest.mark.parametrize("where", ["local", "remote"])
def test_assertion_failures_show_the_test_not_the_plugin(pytester, running, where):
    pytester.makepyfile(FAILING)
    result = run(pytester, *([f"--webex-mock-url={running.url}"] if where == "remote" else []))
    result.assert_outcomes(failed=2)
    output = result.stdout.str()
    assert "expected CreateMeeting to be called at least once" in output
    assert "fidelity note(s) where none were expected" in output
    assert ">       webex_mock.assert_called(" in output and ">       webex_mock.assert_no_notes()" in output
    for plugin_frame in ("mockserver/fixture/handle.py", "mockserver/fixture/remote.py", "mockserver/fixture/local.py",
                         "def assert_called", "raise AssertionError"):
        assert plugin_frame not in output
