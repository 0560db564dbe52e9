"""The admin API's stub routes: ``/_mock/stubs`` (list, add, clear) and ``/_mock/stubs/{stub_id}`` (remove).

Mounted by :class:`mockserver.admin.api.AdminApi`, which guards them like every admin call and picks the
namespace (``X-Mock-Namespace`` or ``?namespace=``). Documented in ``schemas/admin-openapi.json``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..controls.tenancy import Tenant
from ..faces import check_stub


class StubRoutes:
    def __init__(self, tenant: Callable[[Request], Awaitable[Tenant]],
                 body: Callable[[Request], Awaitable[dict[str, Any]]]) -> None:
        self._tenant = tenant
        self._body = body

    async def stubs(self, request: Request) -> Response:
        tenant = await self._tenant(request)
        if request.method == "POST":
            spec = await self._body(request)
            try:  # the stub's fields and their JSON types are checked where the fixture's stub() is too
                stub = tenant.stubs.add(check_stub, **spec)
            except (TypeError, ValueError) as exc:
                return JSONResponse({"error": f"invalid stub: {exc}"}, status_code=400)
            return JSONResponse(stub.to_dict(), status_code=201)
        if request.method == "DELETE":
            tenant.stubs.clear()
            return JSONResponse({"cleared": True})
        return JSONResponse({"stubs": [s.to_dict() for s in tenant.stubs.rules()]})

    async def one_stub(self, request: Request) -> Response:
        stub_id = request.path_params["stub_id"]
        if not (await self._tenant(request)).stubs.remove(stub_id):
            return JSONResponse({"error": f"no stub {stub_id!r}"}, status_code=404)
        return JSONResponse({"deleted": stub_id})
