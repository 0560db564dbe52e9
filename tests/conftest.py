"""Shared fixtures: every API test runs twice, in-process (ASGI) and over real HTTP (uvicorn).

``api`` posts XML and returns an :class:`apikit.Answer`; every answer is validated
against ``schemas/response`` before the test sees it. The client itself lives in
tests/kits/apikit.py, which test modules import (never this file).
"""

from __future__ import annotations

import os
from importlib.metadata import entry_points

import fastshadow
import pytest
from apikit import Api, Switch, make_app

# Installed (pip install .), the plugin arrives through its pytest11 entry point; from a bare
# source checkout it is loaded here instead.
if not any(ep.value == "mockserver.pytest_plugin" for ep in entry_points(group="pytest11")):
    pytest_plugins = ["mockserver.pytest_plugin"]


@pytest.fixture(scope="session", autouse=bool(os.environ.get("WEBEX_MOCK_FAST_SHADOW")))
def fast_shadow():
    """With WEBEX_MOCK_FAST_SHADOW=1, every request the suite sends on the fast path is read by the tolerant path
    too, and the session fails if the two differ (tests/kits/fastshadow.py)."""
    fastshadow.install()
    yield
    assert not fastshadow.DIFFERENCES, "\n".join(fastshadow.DIFFERENCES[:50])
    print(f"\nfast path shadow: {fastshadow.COMPARED[0]} of {fastshadow.SEEN[0]} requests read by both paths, "
          "the same")


@pytest.fixture(scope="session", autouse=True)
def verified_plans():
    """Every planned create of the suite (mockserver.domain.plans) is made the meeting rules' way too, and fails when
    the two differ."""
    from mockserver.domain import plans

    plans.VERIFY = True
    yield
    plans.VERIFY = False


@pytest.fixture(scope="session")
def http_server():
    """The plugin's threaded uvicorn server, serving whichever app a test switches in."""
    from mockserver.pytest_plugin import MockServer  # imported here, after pytest registered the plugin

    switch = Switch()
    server = MockServer(app=switch).start()
    server.switch = switch
    yield server
    server.stop()


@pytest.fixture(params=["asgi", "http"])
def api(request, http_server):
    app = make_app()
    if request.param == "http":
        http_server.switch.target = app
    client = Api(request.param, app, http_server.url)
    yield client
    client.close()


@pytest.fixture
def asgi_api(http_server):
    """In-process only, for tests that need no socket (fast, many requests)."""
    client = Api("asgi", make_app(), http_server.url)
    yield client
    client.close()
