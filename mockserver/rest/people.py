"""``/v1/people``: the site's users as Webex people (``me``, by id, by email)."""

from __future__ import annotations

from ..base.errors import clip
from . import shapes
from .calls import Answer, Call
from .errors import RestError


def me(call: Call) -> Answer:
    return Answer(200, shapes.person(call.principal.site, call.caller))


def by_id(call: Call) -> Answer:
    site, wanted = call.principal.site, call.path["personId"]
    found = next((user for user in site.users.values() if shapes.person_id(site, user) == wanted), None)
    if found is None:
        raise RestError(404, None, f"No person with id {clip(wanted, 60)!r}.")
    return Answer(200, shapes.person(site, found))


def listed(call: Call) -> Answer:
    """``GET /people?email=``: the site's user with that e-mail address (none: an empty list)."""
    email = call.query.get("email")
    if email is None:
        raise RestError(400, "email: required (this mock lists people by e-mail address only)")
    found = call.principal.site.user_by_email(email.strip())
    return Answer(200, {"items": [shapes.person(call.principal.site, found)] if found is not None else []})
