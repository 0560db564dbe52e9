"""The admin API's webhook route: ``/_mock/webhooks/deliveries`` (list, filtered; clear), what the mock delivered
or tried to deliver for the namespace's webhooks (:mod:`mockserver.deliveries`).

Mounted by :func:`mockserver.app.create_app`, guarded like every admin call; documented in
``schemas/admin-openapi.json``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..controls.tenancy import Tenant
from ..deliveries import Deliveries
from ..domain.starting import catch_up

#: the query parameters that filter the list, each a field of a delivery
FILTERS = ("event", "resource", "outcome", "webhookId", "targetUrl")


class WebhookRoutes:
    def __init__(self, tenant: Callable[[Request], Awaitable[Tenant]], deliveries: Deliveries) -> None:
        self._tenant = tenant
        self._deliveries = deliveries

    async def deliveries(self, request: Request) -> Response:
        tenant = await self._tenant(request)
        catch_up(tenant.store, tenant.store.now_ms())  # runs-as-scheduled: what the clock made happen by now
        if request.method == "DELETE":
            self._deliveries.clear(tenant.name)
            return JSONResponse({"cleared": True})
        wanted = {name: request.query_params.get(name) for name in FILTERS}
        return JSONResponse({"deliveries": self._deliveries.list(tenant.name, **wanted)})
