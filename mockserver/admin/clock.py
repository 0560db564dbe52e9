"""The admin API's clock: ``GET /_mock/clock`` (the namespace's mock time) and ``PUT /_mock/clock`` (freeze it,
run it from an instant, offset it from real time, advance it, run it on, or send it back to real time).

Mounted by :class:`mockserver.admin.api.AdminApi`, which guards it like every admin call and picks the namespace
(``X-Mock-Namespace`` or ``?namespace=``). Documented in ``schemas/admin-openapi.json`` and docs/time.md.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..controls.tenancy import Tenant
from ..domain.clock import ClockError, clock_of, move
from ..domain.starting import catch_up


class ClockRoutes:
    def __init__(self, tenant: Callable[[Request], Awaitable[Tenant]],
                 body: Callable[[Request], Awaitable[dict[str, Any]]], changed: Callable[[], None]) -> None:
        self._tenant = tenant
        self._body = body
        self._changed = changed

    async def clock(self, request: Request) -> Response:
        tenant = await self._tenant(request)
        try:
            if request.method == "PUT":
                shown = move(tenant.store, await self._body(request))
                catch_up(tenant.store, tenant.store.now_ms())  # runs-as-scheduled: what the move made happen
                self._changed()  # the state file keeps the clock
            else:
                shown = clock_of(tenant.store).view()
        except ClockError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse({"namespace": tenant.name, **shown})
