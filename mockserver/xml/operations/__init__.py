"""The XML face's operations: one module a service (attendee, ep, meeting, meetingtype, site, user and its
administration), each handler a peer declared with ``@operation`` in :mod:`.registry`; what handlers share is in
:mod:`.shared`. Importing this package imports every handler module, which registers its operations."""

from . import attendee, ep, meeting, meetingtype, recordings, site, user, users_admin, users_list
from .registry import OPERATIONS, WEBEX_OPERATIONS, Handler, Operation, operation
from .shared import Context

__all__ = ["OPERATIONS", "WEBEX_OPERATIONS", "Context", "Handler", "Operation", "operation",
           "attendee", "ep", "meeting", "meetingtype", "recordings", "site", "user", "users_admin", "users_list"]
