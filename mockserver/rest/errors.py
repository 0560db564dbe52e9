"""The REST face's error answers: the documented status of each error kind, and the error body
``{"message", "errors": [{"description"}], "trackingId"}`` (docs/webex-reference.md, REST section)."""

from __future__ import annotations

import json

from ..base.errors import Kind, WebexError

#: the status a domain error of each kind answers with (docs/rest.md, "Errors")
STATUS: dict[Kind, int] = {
    Kind.INVALID: 400,
    Kind.UNAUTHENTICATED: 401,
    Kind.FORBIDDEN: 403,
    Kind.NOT_FOUND: 404,
    Kind.CONFLICT: 409,
    Kind.LIMIT: 400,
    Kind.UNSUPPORTED: 501,
    Kind.INJECTED: 500,
}

#: the real service's texts for the statuses it answers without naming a field
TEXTS = {
    401: "The request requires a valid access token set in the Authorization request header.",
    403: "The server understood the request, but refused to fulfill it because the access token is missing "
         "required scopes or the user is missing required roles or licenses.",
    404: "The requested resource could not be found.",
    405: "The request was made to a resource using an HTTP request method that is not supported.",
    415: "The request was made to a resource without specifying a media type or used a media type that is not "
         "supported.",
}


class RestError(Exception):
    """An answer other than success: its status, message and the descriptions of what went wrong."""

    def __init__(self, status: int, message: str | None = None, *descriptions: str,
                 headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.message = message if message is not None else TEXTS.get(status, "The request could not be handled.")
        self.descriptions = list(descriptions) or [self.message]
        self.headers = headers or {}
        super().__init__(self.message)


def from_domain(error: WebexError) -> RestError:
    """The REST answer of a domain error: the status of its kind, its text as the message."""
    status = STATUS[error.kind]
    if status in (401, 403, 404):
        return RestError(status, TEXTS[status], error.text)
    return RestError(status, error.text)


def body(error: RestError, tracking_id: str) -> bytes:
    return json.dumps({"message": error.message, "errors": [{"description": d} for d in error.descriptions],
                       "trackingId": tracking_id}, ensure_ascii=False).encode()
