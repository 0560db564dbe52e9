"""Who may sign in: expired session tickets do not pile up; an inactive user is refused.

Tickets: AuthenticateUser keeps every ticket it issues until the ticket expires; expired ones are
dropped as new ones are issued, so the number kept follows the live ones, not every one ever issued.
Inactive users (``active: false``): refused with 030008 whether they prove themselves by password,
session ticket or access token (the ID is ASSUMED from a production client's map, see mockserver/xml/errors.py).
"""

from __future__ import annotations

from adminkit import (
    BODY,
    admin,  # noqa: F401  (fixture)
    create,
    ns,
)
from webex import create_meeting, message

from mockserver.domain.sites import load_seed
from mockserver.domain.store import Store

NOW = 1_760_000_000.0
SITE_ACME = "/_mock/sites/acme"
CAROL = {"webExId": "carol@acme.com", "password": "c4rol-Pass", "email": "carol@acme.com",
         "accessTokens": ["carol-access-token"]}
INACTIVE = ("FAILURE", "030008", "User account is inactive")


# -- expired session tickets are pruned -----------------------------------------------------------------------------


def _store_at(clock: list[float]) -> Store:
    store = Store.from_sites(load_seed(), seed=1)
    store.clock = lambda: clock[0]
    return store


def test_expired_tickets_are_pruned_as_new_ones_are_issued():
    clock = [NOW]
    store = _store_at(clock)
    acme = store.site_by_name("acme")
    acme.settings.ticketLifetime = 0  # every ticket is expired the moment it is issued
    for _ in range(1500):
        store.issue_ticket(acme, "hostid@acme.com", store.now_ms())
    assert len(store.tickets) <= 128


def test_pruning_keeps_live_tickets_and_drops_them_once_expired():
    clock = [NOW]
    store = _store_at(clock)
    acme = store.site_by_name("acme")
    acme.settings.ticketLifetime = 60
    live = [store.issue_ticket(acme, "hostid@acme.com", store.now_ms()).value for _ in range(500)]
    assert all(store.ticket(value) is not None for value in live)  # none of them is expired: all kept
    clock[0] += 60  # all 500 have expired
    for _ in range(1500):
        store.issue_ticket(acme, "alice@acme.com", store.now_ms())
        clock[0] += 1
    assert len(store.tickets) <= 2 * 60 + 128  # about the live ones (issued in the last minute), not 2000
    assert all(store.ticket(value) is None for value in live)
    newest = store.issue_ticket(acme, "hostid@acme.com", store.now_ms())
    assert store.ticket(newest.value) is newest


# -- inactive users ----------------------------------------------------------------------------------------------------


def _add(admin, **changes) -> None:
    admin.post(SITE_ACME + "/users", 201, json={**CAROL, **changes})


def _as_carol(**kw) -> dict:
    return {"user": "carol@acme.com", "password": "c4rol-Pass", **kw}


def _refused(answer) -> None:
    assert (answer.result, answer.exception_id, answer.reason) == INACTIVE
    assert b"<serv:bodyContent/>" in answer.body


def test_inactive_user_cannot_authenticate_or_schedule_with_a_password(admin, api):
    _add(admin, active=False)
    _refused(api.post(message("user.AuthenticateUser", **_as_carol())))
    _refused(api.post(create_meeting(**_as_carol())))
    assert admin.get(SITE_ACME + "/meetings")["meetings"] == []
    wrong = api.post(create_meeting(**_as_carol(password="not-it")))
    assert wrong.exception_id == "030002"  # a wrong password says nothing about the account


def test_inactive_user_cannot_use_an_access_token(admin, api):
    _add(admin, active=False)
    answer = api.post(message("user.AuthenticateUser", "<accessToken>carol-access-token</accessToken>",
                              user="carol@acme.com", password=None))
    _refused(answer)
    assert b"carol-access-token" not in answer.body


def test_ticket_of_a_user_made_inactive_is_refused(admin, api):
    _add(admin)
    answer = api.post(message("user.AuthenticateUser", **_as_carol())).ok()
    ticket = answer.text(BODY + "use:sessionTicket")
    create(api, user="carol@acme.com", password=None, ticket=ticket)
    _add(admin, active=False)
    _refused(api.post(create_meeting(user="carol@acme.com", password=None, ticket=ticket)))
    _refused(api.post(message("user.GetUser", "<webExId>carol@acme.com</webExId>",
                              user="carol@acme.com", password=None, ticket=ticket)))
    _add(admin)  # active again: the ticket works again
    create(api, user="carol@acme.com", password=None, ticket=ticket)


def test_inactive_user_of_one_namespace_only(admin, api):
    _add(admin, active=False)
    admin.post(SITE_ACME + "/users", 201, json=CAROL, **ns("elsewhere"))
    create(api, user="carol@acme.com", password="c4rol-Pass", **ns("elsewhere"))
    _refused(api.post(create_meeting(**_as_carol())))


def test_a_bearer_token_follows_the_users_as_they_are_added_changed_and_removed(admin, api):
    """Who holds a token is looked for at each call: a user added, replaced, made inactive or removed shows at once."""
    def me() -> int:
        return api.rest("GET", "/people/me", token="carol-access-token").status_code

    assert me() == 401
    _add(admin)
    assert me() == 200
    _add(admin, active=False)  # the user replaced: inactive
    assert me() == 401
    _add(admin, accessTokens=["another-token"])
    assert me() == 401 and api.rest("GET", "/people/me", token="another-token").status_code == 200
    _add(admin)
    assert me() == 200
    admin.delete(SITE_ACME + "/users/carol@acme.com")
    assert me() == 401
