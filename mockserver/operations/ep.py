"""General Session (ep) service operations (reference 9): GetAPIVersion."""

from __future__ import annotations

from typing import Any

from .. import render
from . import Context, operation

#: the values of a real answer [REAL S9]
API_VERSION = "WebEx XML API V10.0.0"
RELEASE = "EP1"
TRAIN_RELEASE_VERSION = "T31L"
TRAIN_RELEASE_ORDER = "400"


@operation("ep", "GetAPIVersion", needs_user=False)
def get_api_version(ctx: Context, payload: dict[str, Any]) -> str:
    """Works with only a site in securityContext (siteName, or siteID + partnerID; ref 2.5)."""
    return render.content("ep:getAPIVersionResponse", {
        "apiVersion": API_VERSION, "release": RELEASE, "trainReleaseVersion": TRAIN_RELEASE_VERSION,
        "trainReleaseOrder": TRAIN_RELEASE_ORDER})
