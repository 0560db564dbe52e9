"""The ASGI application: ``create_app()`` and its routes.

``POST /WBXService/XMLService`` is the WebEx API (``/ns/{namespace}/WBXService/XMLService``
is the same API in a namespace, for clients that cannot send ``X-Mock-Namespace``);
``/_mock/`` is the admin API (see :mod:`mockserver.admin`).
"""

from __future__ import annotations

import threading

from starlette.applications import Starlette
from starlette.routing import Route

from . import logs
from .admin import AdminApi
from .config import API_PATH, Config
from .endpoint import xml_service
from .guard import HostRule
from .service import XMLService
from .sites import load_seed_dicts
from .statefile import StateFile
from .tenancy import Tenancy


def create_app(config: Config | None = None, tenancy: Tenancy | None = None) -> Starlette:
    config = config or Config()
    tenancy = tenancy or Tenancy(load_seed_dicts(config.seed_file), random_seed=config.random_seed,
                                 fidelity=config.fidelity, max_namespaces=config.max_namespaces)
    service = XMLService()
    # xmlschema explains invalid requests; load it now, off the request path, not on the first bad request
    threading.Thread(target=service.schema.explainer, name="webex-mockserver-explainer", daemon=True).start()
    state_file = StateFile(config.state_file) if config.state_file else None
    if state_file is not None:
        state_file.load(tenancy)
        tenancy.on_change = lambda: state_file.save(tenancy)
    admin = AdminApi(tenancy, config.admin_token, changed=lambda: tenancy.on_change(),
                     hosts=HostRule.from_config(config))
    logs.quiet_drops()

    routes = [
        Route(API_PATH, xml_service, methods=["POST"]),
        Route("/ns/{namespace}" + API_PATH, xml_service, methods=["POST"]),
        *admin.routes(),
    ]
    app = Starlette(routes=routes)
    app.state.config = config
    app.state.tenancy = tenancy
    app.state.service = service
    app.state.state_file = state_file
    return app
