"""Who a bearer token names (mockserver.domain.auth.bearer): the first user, in the store's order, whose seeded
tokens hold it, as the store holds them at each call: every change of sites and users shows at once."""

from __future__ import annotations

import dataclasses

import pytest

from mockserver.base.errors import IncorrectPassword
from mockserver.domain.auth import bearer
from mockserver.domain.sites import Site, User, load_seed
from mockserver.domain.store import Store

TOKEN = "acme-hostid-access-token"


def _store() -> Store:
    return Store.from_sites(load_seed())


def _named(store: Store, token: str = TOKEN) -> tuple[str, str]:
    principal = bearer(store, token, 0)
    assert principal.user is not None
    return principal.site.siteName, principal.user.webExId


def _acme(store: Store) -> Site:
    return store.sites["acme"]


def test_a_token_moved_to_another_user_names_that_user():
    store = _store()
    site = _acme(store)
    holder = next(user for user in site.users.values() if TOKEN in user.accessTokens)
    assert _named(store) == ("acme", holder.webExId)
    other = next(user for user in site.users.values() if user is not holder)
    store.replace_user(site, holder, dataclasses.replace(holder, accessTokens=[]))
    store.replace_user(site, other, dataclasses.replace(other, accessTokens=[TOKEN]))
    assert _named(store) == ("acme", other.webExId)


def test_a_token_taken_away_in_place_of_its_field_is_refused():
    store = _store()
    site = _acme(store)
    _named(store)
    holder = next(user for user in site.users.values() if TOKEN in user.accessTokens)
    holder.accessTokens = []  # the user's field set, the user kept
    with pytest.raises(IncorrectPassword):
        bearer(store, TOKEN, 0)


@pytest.mark.parametrize("gone", ["user", "site"])
def test_a_token_of_a_user_or_site_removed_is_refused(gone):
    store = _store()
    site = _acme(store)
    _named(store)
    holder = next(user for user in site.users.values() if TOKEN in user.accessTokens)
    if gone == "user":
        store.remove_user(site, holder)
    else:
        store.remove_site("acme")
    with pytest.raises(IncorrectPassword):
        bearer(store, TOKEN, 0)


def test_a_site_replaced_is_named_as_it_is_now():
    store = _store()
    before = _acme(store)
    _named(store)
    fresh = Site.from_dict({"siteName": "acme", "siteID": 7, "partnerID": "p",
                            "users": [{"webExId": "newcomer", "password": "x", "email": "n@acme.com",
                                       "accessTokens": [TOKEN]}]})
    store.replace_site("acme", fresh)
    assert _named(store) == ("acme", "newcomer")
    assert bearer(store, TOKEN, 0).site is fresh is not before


def test_of_two_holders_the_first_in_the_store_s_order_is_named_every_time():
    store = _store()
    site = _acme(store)
    first = _named(store)
    store.add_user(site, User(webExId="second", password="x", email="s@acme.com", accessTokens=[TOKEN]))
    assert _named(store) == first
    assert _named(store) == first


def test_a_user_before_the_holder_given_the_token_is_named_first_as_a_fresh_look_would():
    store = _store()
    site = _acme(store)
    users = list(site.users.values())
    holder = next(user for user in users if TOKEN in user.accessTokens)
    earlier = users[0] if users[0] is not holder else None
    if earlier is None:  # the holder comes first: give the token to a later user, and take it from the holder
        later = users[1]
        store.replace_user(site, holder, dataclasses.replace(holder, accessTokens=[]))
        store.replace_user(site, later, dataclasses.replace(later, accessTokens=[TOKEN]))
        holder, earlier = site.users[later.key], site.users[holder.key]
    assert _named(store) == ("acme", holder.webExId)
    earlier.accessTokens = [TOKEN]  # the user's field set, the user kept
    assert _named(store) == ("acme", earlier.webExId)
