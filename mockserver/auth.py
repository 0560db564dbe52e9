"""securityContext -> the site and user a call acts for (reference 2.5).

A site is named by ``siteName``, or by ``siteID`` + ``partnerID``. The user is
``webExID`` (or ``email``) with ``password``, or a ``sessionTicket`` from
AuthenticateUser. Secrets never appear in a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import IncorrectPassword, InvalidSessionTicket, SiteNotFound, UserNotFound
from .intake import Credentials
from .sites import Site, User
from .store import Store


@dataclass(frozen=True)
class Principal:
    site: Site
    user: User | None

    @property
    def is_admin(self) -> bool:
        return bool(self.user and self.user.siteAdmin)

    def owns(self, host_webex_id: str) -> bool:
        return bool(self.user and self.user.key == host_webex_id.lower())


def resolve_site(store: Store, credentials: Credentials) -> Site:
    if credentials.site_name:
        site = store.site_by_name(credentials.site_name)
        if site is None:
            raise SiteNotFound(f"Corresponding Site not found: siteName '{credentials.site_name}'")
        return site
    if credentials.site_id:
        if not credentials.partner_id:
            raise SiteNotFound(f"Corresponding Site not found: siteID '{credentials.site_id}' needs a partnerID")
        site = store.site_by_id(int(credentials.site_id), credentials.partner_id)
        if site is None:
            raise SiteNotFound(
                f"Corresponding Site not found: siteID '{credentials.site_id}' with that partnerID")
        return site
    raise SiteNotFound("Corresponding Site not found: securityContext has no siteName and no siteID")


def authenticate(store: Store, credentials: Credentials, needs_user: bool = True) -> Principal:
    site = resolve_site(store, credentials)
    if not needs_user:
        return Principal(site, None)
    if credentials.session_ticket and credentials.password is None:
        return Principal(site, _ticket_user(store, site, credentials))
    user = site.user(credentials.webex_id) if credentials.webex_id else site.user_by_email(credentials.email)
    if user is None:
        named = credentials.webex_id or credentials.email or ""
        raise UserNotFound(f"Corresponding User not found: webExID '{named}'")
    if credentials.password is None or credentials.password != user.password:
        raise IncorrectPassword()
    return Principal(site, user)


def _ticket_user(store: Store, site: Site, credentials: Credentials) -> User:
    ticket = store.ticket(credentials.session_ticket or "")
    if ticket is None or ticket.site != site.key or not ticket.valid_at(store.now_ms()):
        raise InvalidSessionTicket()
    user = site.users.get(ticket.user)
    claimed = credentials.webex_id or credentials.email
    if user is None or (claimed and claimed.lower() not in (user.key, user.email.lower())):
        raise InvalidSessionTicket()
    return user
