"""``GET /v1/openapi.json``: an OpenAPI 3.1 description of the REST subset the mock implements, generated from its
own models (:mod:`.models`, :mod:`.answers`) and routes (:mod:`.routes`), not from Cisco's document."""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import msgspec

from . import answers
from .routes import ROUTES

_PARAMETER = re.compile(r"\{(\w+)\}")
_REF = "#/components/schemas/{name}"


@functools.cache
def document() -> bytes:
    models = sorted({m for route in ROUTES for m in (route.request, route.answer) if m is not None}
                    | {answers.ErrorOut}, key=lambda m: m.__name__)
    refs, components = msgspec.json.schema_components(models, ref_template=_REF)
    by_model = dict(zip(models, refs, strict=True))
    error = {"description": "the error body", "headers": _TRACKING,
             "content": {"application/json": {"schema": by_model[answers.ErrorOut]}}}
    paths: dict[str, dict[str, Any]] = {}
    for route in ROUTES:
        operation: dict[str, Any] = {
            "operationId": route.name, "summary": route.name,
            "parameters": [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                           for name in _PARAMETER.findall(route.template)],
            "security": [{"bearer": []}],
            "responses": {**({"200": {"description": "the answer", "headers": _TRACKING, "content": {
                "application/json": {"schema": by_model[route.answer]}}}} if route.answer is not None
                else {"204": {"description": "done", "headers": _TRACKING}}),
                **{str(status): error for status in (400, 401, 403, 404, 405, 409, 415)}},
        }
        if route.request is not None:
            types = ("application/json-patch+json", "application/json") if route.method == "PATCH" \
                else ("application/json",)
            operation["requestBody"] = {"required": True, "content": {
                media: {"schema": by_model[route.request]} for media in types}}
        paths.setdefault(route.template, {})[route.method.lower()] = operation
    return json.dumps({
        "openapi": "3.1.0",
        "info": {"title": "webex-mockserver: the Webex Meetings REST API subset it implements", "version": "1",
                 "description": "Generated from the mock's own models; see docs/rest.md."},
        "servers": [{"url": "/v1"}],
        "paths": paths,
        "components": {"schemas": components,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }, indent=1).encode()


_TRACKING = {"TrackingID": {"schema": {"type": "string"}, "description": "ROUTER_<UUID>, also the body's trackingId"}}
