"""pytest plugin (registered through the ``pytest11`` entry point): a clean WebEx mock per test.

::

    def test_books_a_meeting(webex_mock):
        my_client = MyWebexClient(url=webex_mock.url, site="acme", user="hostid@acme.com", password="passw0rd")
        my_client.schedule("Standup")
        webex_mock.assert_called("CreateMeeting", where={"metaData/confName": "Standup"}, times=1)
        assert webex_mock.meetings()[0]["data"]["schedule"]["duration"] == "60"

In-process (the default), one uvicorn server per test session (per xdist worker) serves every test, started
with the Config of the ``webex_mock_config`` fixture. Given the URL of a running mock (``--webex-mock-url``,
``WEBEX_MOCK_URL``, ini ``webex_mock_url``, in that order of precedence), ``webex_mock`` drives that server
through its admin API instead, with the same methods. Either way each test gets its own namespace, so state,
journal and faults never leak between tests, even in parallel; ``webex_mock.url`` carries the namespace in its
path, so clients in any language need no special header.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from .base.eranames import DEFAULT as DEFAULT_ERA
from .base.fidelity import LENIENT
from .config import Config, ConfigError, check_files
from .domain.sites import SeedError, load_seed_dicts
from .fixture.handle import InProcessOnly, WebexMock
from .fixture.local import LocalWebexMock, MockServer
from .fixture.remote import RemoteError, RemoteServer, RemoteStub, RemoteWebexMock, base_url_of

__all__ = ["InProcessOnly", "LocalWebexMock", "MockServer", "RemoteError", "RemoteServer", "RemoteStub",
           "RemoteWebexMock", "WebexMock"]

URL_ENV = "WEBEX_MOCK_URL"
TOKEN_ENV = "WEBEX_MOCK_ADMIN_TOKEN"
INI_OPTIONS = {
    "webex_mock_url": "URL of a running webex-mockserver to drive through its admin API "
                      f"(else one is started in-process); --webex-mock-url and {URL_ENV} take precedence",
    "webex_mock_admin_token": f"admin token of the remote mock ({TOKEN_ENV} takes precedence)",
    "webex_mock_seed_file": "JSON seed of sites and users for the in-process mock (relative to the ini file)",
    "webex_mock_random_seed": "integer: deterministic meeting keys, UUIDs, tokens and tickets in every test",
    "webex_mock_fidelity": "lenient (default) or documented: the fidelity mode every test starts in",
    "webex_mock_era": "classic (default) or api42: the XML API era of the in-process mock's sites (--era)",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("webex-mockserver")
    group.addoption("--webex-mock-url", dest="webex_mock_url", default=None, metavar="URL",
                    help=f"drive the running mock at URL through its admin API (overrides {URL_ENV} and the "
                         "ini option webex_mock_url)")
    for name, help_text in INI_OPTIONS.items():
        parser.addini(name, help_text, default="")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "webex_fidelity(mode): the webex_mock of this test starts in fidelity mode "
                                       "'lenient' (the default) or 'documented'")
    check_seed(config, config_from_ini(config))  # a bad ini value stops the run before any test, naming it
    url = remote_url(config)
    if url is not None:
        try:
            base_url_of(url)
        except ValueError as exc:
            raise pytest.UsageError(f"webex_mock_url: {exc}") from None


def _ini(config: pytest.Config, name: str) -> str:
    return str(config.getini(name) or "").strip()


def remote_url(config: pytest.Config) -> str | None:
    """The URL of the mock to drive remotely: ``--webex-mock-url`` > ``WEBEX_MOCK_URL`` > ini; None: in-process."""
    given = config.getoption("webex_mock_url") or os.environ.get(URL_ENV) or _ini(config, "webex_mock_url")
    return given.strip() or None


def _ini_source(config: pytest.Config, name: str) -> str:
    """Where the ini option ``name`` was set: ``-o`` on the command line, or the ini file."""
    if any(item.split("=", 1)[0].strip() == name for item in getattr(config.option, "override_ini", None) or ()):
        return "-o on the command line"
    return f"ini file {config.inipath}" if config.inipath else "no ini file"


def _usage_error(config: pytest.Config, name: str, message: str) -> pytest.UsageError:
    return pytest.UsageError(f"ini option {name} (from {_ini_source(config, name)}): {message}")


def config_from_ini(config: pytest.Config) -> Config:
    """The in-process server's Config from the ini options (a bad value is a usage error naming the option)."""
    seed_file = _ini(config, "webex_mock_seed_file")
    random_seed = _ini(config, "webex_mock_random_seed")
    if seed_file:
        seed_file = str((config.inipath.parent if config.inipath else config.rootpath) / Path(seed_file))
    try:
        return Config(port=0, seed_file=seed_file or None, fidelity=_ini(config, "webex_mock_fidelity") or LENIENT,
                      random_seed=int(random_seed) if random_seed else None,
                      era=_ini(config, "webex_mock_era") or DEFAULT_ERA)
    except ConfigError as exc:
        raise _usage_error(config, f"webex_mock_{exc.name}", str(exc)) from None
    except ValueError:
        raise _usage_error(config, "webex_mock_random_seed", f"must be an integer, not {random_seed!r}") from None


def check_seed(config: pytest.Config, mock_config: Config) -> None:
    """The ini's seed file is read once, at configure time: a missing or broken one stops the session with one
    usage error naming ``webex_mock_seed_file`` (not an error per test when the server fixture starts)."""
    if mock_config.seed_file is None:
        return
    try:
        check_files(mock_config)
        load_seed_dicts(mock_config.seed_file)
    except (ConfigError, SeedError) as exc:
        raise _usage_error(config, "webex_mock_seed_file", str(exc)) from None


@pytest.fixture(scope="session")
def webex_mock_config(pytestconfig: pytest.Config) -> Config:
    """The Config the in-process server starts with (from the ini options). Override it in a conftest.py to
    configure the mock in code; in remote mode its ``random_seed`` and ``fidelity`` apply to each namespace."""
    return config_from_ini(pytestconfig)


@pytest.fixture(scope="session")
def webex_mock_server(webex_mock_config: Config) -> Iterator[MockServer]:
    """One real in-process server for the whole session (one per xdist worker)."""
    server = MockServer(webex_mock_config).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def webex_mock_remote(pytestconfig: pytest.Config) -> Iterator[RemoteServer]:
    """The running mock given by ``--webex-mock-url`` / ``WEBEX_MOCK_URL`` / ini ``webex_mock_url``."""
    url = remote_url(pytestconfig)
    if url is None:
        raise pytest.UsageError(f"webex_mock_remote needs --webex-mock-url, {URL_ENV} or ini webex_mock_url")
    token = os.environ.get(TOKEN_ENV) or _ini(pytestconfig, "webex_mock_admin_token") or None
    server = RemoteServer(url, admin_token=token).check()
    yield server
    server.close()


@pytest.fixture
def webex_mock(request: pytest.FixtureRequest, webex_mock_config: Config) -> Iterator[WebexMock]:
    """A clean, isolated WebEx mock for one test (its own namespace on the session's server, local or remote)."""
    mock: WebexMock
    if remote_url(request.config) is None:
        mock = request.getfixturevalue("webex_mock_server").mock()
    else:
        mock = request.getfixturevalue("webex_mock_remote").mock()
        if webex_mock_config.random_seed is not None:
            mock.seed(webex_mock_config.random_seed)
        if webex_mock_config.fidelity != LENIENT:
            mock.fidelity = webex_mock_config.fidelity
    marker = request.node.get_closest_marker("webex_fidelity")
    if marker is not None:
        mock.fidelity = marker.args[0] if marker.args else marker.kwargs["mode"]
    yield mock
    mock.close()
