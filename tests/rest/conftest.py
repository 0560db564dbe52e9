"""Fixtures of the REST face's tests (``/v1/...``), over real HTTP.

``rest_base`` is the ``/v1/`` base URL (with its trailing slash, as webexpythonsdk's ``base_url`` takes it) of a
fresh mock with the bundled seed: the session's uvicorn server (``http_server`` of tests/conftest.py) is switched to
a new app for each test, so no namespace is involved and nothing a test made is seen by the next.
``host_token`` and ``admin_token`` are the bearer tokens of the seed's host ``hostid@acme.com`` and of the site admin
``admin@acme.com``: the first of each user's ``accessTokens`` in the bundled seed.
"""

from __future__ import annotations

import pytest
from apikit import make_app
from sdkkit import ADMIN, HOST, seed_token


@pytest.fixture
def rest_base(http_server) -> str:
    """``http://127.0.0.1:PORT/v1/`` of a fresh mock (the session's server now serves a new app)."""
    app = make_app()
    app.state.tenancy.get()  # the default namespace exists from the start, as in a served app
    http_server.switch.target = app
    return f"{http_server.base_url}/v1/"


@pytest.fixture
def host_token() -> str:
    return seed_token(HOST)


@pytest.fixture
def admin_token() -> str:
    return seed_token(ADMIN)
