"""securityContext -> the site and user a call acts for (reference 2.5).

A site is named by ``siteName``, or by ``siteID`` + ``partnerID``. The user is
``webExID`` (or ``email``) with ``password``, or a ``sessionTicket`` from
AuthenticateUser. Secrets never appear in a reason.

An operation registered with ``needs_user=False`` gets a principal without a
user but with the credentials, so it can authenticate in its own way:
AuthenticateUser with an ``accessToken`` body has no password to check here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from ..base.errors import CallerNotFound, InactiveUser, IncorrectPassword, InvalidSessionTicket, SiteNotFound, clip
from .clock import MockClock
from .sites import Site, User
from .store import Store


class Credentials(NamedTuple):
    """Who a call says it is, as sent (the XML ``securityContext``). A named tuple: made on every call, several
    times faster than a frozen dataclass."""

    webex_id: str | None = None
    password: str | None = None
    site_id: str | None = None
    site_name: str | None = None
    partner_id: str | None = None
    email: str | None = None
    session_ticket: str | None = None


@dataclass(frozen=True)
class Principal:
    site: Site
    user: User | None
    #: the securityContext as sent (never printed: it may hold a password)
    credentials: Credentials = field(default=Credentials(), repr=False, compare=False)

    @property
    def is_admin(self) -> bool:
        return bool(self.user and self.user.siteAdmin)

    def owns(self, host_webex_id: str) -> bool:
        return bool(self.user and self.user.key == host_webex_id.lower())


def resolve_site(store: Store, credentials: Credentials) -> Site:
    """The site securityContext names. Not found: the exact real reason, which clients compare
    (reference 14.7); a securityContext that cannot name a site gets the same text plus what is missing."""
    if credentials.site_name:
        site = store.site_by_name(credentials.site_name)
        if site is None:
            raise SiteNotFound()
        return site
    if credentials.site_id:
        if not credentials.partner_id:
            raise SiteNotFound(f"{SiteNotFound.message}: siteID '{clip(credentials.site_id)}' needs a partnerID")
        site = store.site_by_id(int(credentials.site_id), credentials.partner_id)
        if site is None:
            raise SiteNotFound()
        return site
    raise SiteNotFound(f"{SiteNotFound.message}: securityContext has no siteName and no siteID")


def authenticate(store: Store, site: Site, credentials: Credentials, now_ms: int, needs_user: bool = True) -> Principal:
    """Who calls, on ``site`` (the site :func:`resolve_site` found for ``credentials``), at the call's instant
    ``now_ms`` (a session ticket is valid then, or not)."""
    if not needs_user:
        return Principal(site, None, credentials)
    return Principal(site, proven_user(store, site, credentials, now_ms), credentials)


def proven_user(store: Store, site: Site, credentials: Credentials, now_ms: int) -> User:
    """The user securityContext names and proves: a session ticket (valid at ``now_ms``), or webExID/email +
    password.

    An inactive user is refused only once proven: a wrong password says nothing about the account."""
    if credentials.session_ticket and credentials.password is None:
        return _active(_ticket_user(store, site, credentials, now_ms))
    user = _claimed_user(site, credentials)
    if credentials.password is None or credentials.password != user.password:
        raise IncorrectPassword()
    return _active(user)


def authenticate_token(store: Store, site: Site, credentials: Credentials, token: str, now_ms: int) -> User:
    """The user a Webex access token stands for (AuthenticateUser on SSO/CI sites).

    A token is accepted when it is in the user's seeded ``accessTokens`` and has not expired at ``now_ms``
    (:func:`token_expired`). With a ``webExID`` (or ``email``) in the securityContext the token must be that
    user's; without one, the token alone names the user.
    """
    owner = token_owner(site, token)
    claimed = _claimed_user(site, credentials) if credentials.webex_id or credentials.email else None
    if owner is None or (claimed is not None and claimed is not owner):
        raise IncorrectPassword("Incorrect user or password: accessToken not accepted")
    if token_expired(store, site, now_ms):
        raise IncorrectPassword("Incorrect user or password: accessToken expired")
    return _active(owner)


def token_expired(store: Store, site: Site, now_ms: int) -> bool:
    """Seeded access tokens never expire, unless the site's ``accessTokenLifetime`` (seconds) gives them a
    lifetime: counted from when the namespace was made (its clock's origin), on the namespace's clock."""
    lifetime = site.settings.accessTokenLifetime
    origin = store.clock.origin_ms if isinstance(store.clock, MockClock) else 0
    return lifetime > 0 and now_ms >= origin + lifetime * 1000


def token_owner(site: Site, token: str) -> User | None:
    """The user of ``site`` whose seeded ``accessTokens`` hold ``token``."""
    return next((u for u in site.users.values() if token and token in u.accessTokens), None)


def bearer(store: Store, token: str, now_ms: int) -> Principal:
    """Who a bearer token signs in (the REST API: the token alone decides the site and the user) at ``now_ms``;
    IncorrectPassword for a token no user holds or one expired (:func:`token_expired`), InactiveUser for an inactive
    one's."""
    for site in store.all_sites():
        owner = token_owner(site, token)
        if owner is not None:
            if token_expired(store, site, now_ms):
                raise IncorrectPassword("The access token has expired")
            return Principal(site, _active(owner))
    raise IncorrectPassword("The access token is not valid")


def _active(user: User) -> User:
    if not user.active:
        raise InactiveUser()
    return user


def _claimed_user(site: Site, credentials: Credentials) -> User:
    user = site.user(credentials.webex_id) if credentials.webex_id else site.user_by_email(credentials.email)
    if user is None:
        named = credentials.webex_id or credentials.email or ""
        raise CallerNotFound(f"Corresponding User not found: webExID '{clip(named)}'")
    return user


def _ticket_user(store: Store, site: Site, credentials: Credentials, now_ms: int) -> User:
    ticket = store.ticket(credentials.session_ticket or "")
    if ticket is None or ticket.site != site.key or not ticket.valid_at(now_ms):
        raise InvalidSessionTicket()
    user = site.users.get(ticket.user)
    claimed = credentials.webex_id or credentials.email
    if user is None or (claimed and claimed.lower() not in (user.key, user.email.lower())):
        raise InvalidSessionTicket()
    return user
