"""Warm start: what a server's first calls would load, loaded before it says READY.

xmlschema (which explains an invalid request) took about 0.3 s of CPU to load in a thread while the first calls
were answered, and each face's first call loaded what it uses (the response XSD model, compiled patterns, the
REST models and answers). So the first seconds' latency was many times the rest's. :func:`warm` does all of that
before the server listens: it waits for the explainer, then sends a valid and an invalid CreateMeeting and a REST
create through the app's own endpoints, in a scratch namespace set of their own (nothing of the real tenancy is
touched: no journal entry, namespace, meeting or state file write). Start to READY stays under a second.
"""

from __future__ import annotations

import asyncio
import json
import logging
from types import SimpleNamespace
from typing import Any
from xml.sax.saxutils import escape

from .config import API_PATH, Config
from .controls.tenancy import Tenancy
from .domain.sites import load_seed_dicts
from .endpoint import xml_service
from .rest.endpoint import rest_service

log = logging.getLogger("mockserver")


def warm(app: Any) -> None:
    """Load what the first calls of ``app`` (a :func:`~mockserver.app.create_app` app) would load."""
    state = app.state
    state.service.schema.explainer()
    config: Config = state.config
    sites = load_seed_dicts(config.seed_file)
    scratch = SimpleNamespace(state=SimpleNamespace(
        config=config, service=state.service, tenancy=Tenancy(sites, random_seed=0, fidelity=config.fidelity)))
    requests = logging.getLogger("mockserver.requests")
    quiet, requests.disabled = requests.disabled, True  # calls nobody made are not logged
    try:
        statuses = asyncio.run(_calls(scratch, sites))
    except Exception:  # a warm-up that fails costs only speed: the server still starts
        log.warning("warm-up calls failed; the first calls will load what they need", exc_info=True)
    else:
        log.debug("warm-up calls answered %s", statuses)
    finally:
        requests.disabled = quiet


async def _calls(scratch: Any, sites: list[dict[str, Any]]) -> list[int]:
    """The HTTP status of each warm-up call."""
    statuses = []
    signed_in = next(((site, user) for site in sites for user in site.get("users", []) if user.get("password")),
                     None)
    if signed_in is not None:
        site, user = signed_in
        for agenda in ("warm-up", "x" * 2600):  # valid, then refused by the XSD (the explainer's path)
            request = _create_meeting(site, user, agenda)
            statuses.append(await _post(scratch, xml_service, API_PATH, request, "text/xml"))
    token = next((token for site in sites for user in site.get("users", []) for token in user.get("accessTokens", [])),
                 None)
    if token is not None:
        body = json.dumps({"title": "warm-up", "start": "2100-01-01T10:00:00Z", "end": "2100-01-01T11:00:00Z"})
        statuses.append(await _post(scratch, rest_service, "/v1/meetings", body.encode(), "application/json",
                                    [(b"authorization", f"Bearer {token}".encode("latin-1"))]))
    return statuses


def _create_meeting(site: dict[str, Any], user: dict[str, Any], agenda: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/'
            'service" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><header><securityContext>'
            f"<siteName>{escape(str(site['siteName']))}</siteName><webExID>{escape(str(user['webExId']))}</webExID>"
            f"<password>{escape(str(user['password']))}</password></securityContext></header><body><bodyContent "
            'xsi:type="java:com.webex.service.binding.meeting.CreateMeeting"><metaData><confName>warm-up</confName>'
            f"<agenda>{agenda}</agenda></metaData><schedule><startDate>01/01/2100 10:00:00</startDate></schedule>"
            "</bodyContent></body></serv:message>").encode()


async def _post(app: Any, endpoint: Any, path: str, body: bytes, content_type: str,
                headers: list[tuple[bytes, bytes]] | None = None) -> int:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "", "app": app,
             "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1),
             "headers": [(b"host", b"127.0.0.1"), (b"content-type", content_type.encode()),
                         (b"content-length", str(len(body)).encode()), *(headers or [])]}
    sent, status = False, 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await endpoint(scope, receive, send)
    return status
