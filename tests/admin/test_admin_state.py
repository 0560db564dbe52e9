"""State export and import through the admin API, and the deterministic seed.

Export -> import into a fresh mock round-trips every meeting: the GetMeeting answer is the same bytes
before and after, and so is each stored meeting. Exports never hold a password, ticket or token.
"""

from __future__ import annotations

import copy
import json

import pytest
from adminkit import (
    authenticate,
    create,
    get_meeting,
    mocks,  # noqa: F401  (fixtures)
    ns,
)
from webex import message

ATTENDEES = ("<participants><attendees><attendee><person><name>Ann</name><email>ann@example.com</email>"
             "</person></attendee></attendees></participants>")
GLOBEX = {"site": "globex", "user": "host@globex.com"}
GLOBEX_PASSWORD = "<accessControl><meetingPassword>Gl0bex-Pass</meetingPassword></accessControl>"
TOKEN = "acme-hostid-access-token"
GET_USER = message("user.GetUser", "<webExId>hostid@acme.com</webExId>")


def _meetings(api, namespace: str = "default") -> dict[int, dict]:
    """A varied set of meetings: two sites, three hosts, attendees, passwords, options; key -> who may read it."""
    call = ns(namespace)
    e2ee = "<enableOptions><supportE2E>true</supportE2E></enableOptions>"
    return {
        create(api, name="Plain", **call): {},
        create(api, name="With attendees", extra=ATTENDEES, **call): {},
        create(api, name="Alice's", user="alice@acme.com", **call): {"user": "alice@acme.com"},
        create(api, name="E2EE", extra=e2ee, **call): {},
        create(api, name="Globex", extra=GLOBEX_PASSWORD, **GLOBEX, **call): GLOBEX,
    }


def _answers(api, keys: dict[int, dict], namespace: str = "default") -> dict[int, bytes]:
    answers = {}
    for key, who in keys.items():
        answer = get_meeting(api, key, **ns(namespace), **who).content
        assert b"<serv:result>SUCCESS</serv:result>" in answer, answer
        answers[key] = answer
    return answers


def test_export_import_round_trips_every_meeting_byte_for_byte(mocks):
    api, admin = mocks()
    keys = _meetings(api)
    before = _answers(api, keys)
    stored = admin.get("/_mock/sites/acme/meetings")["meetings"] + admin.get("/_mock/sites/globex/meetings")["meetings"]
    document = admin.get("/_mock/state")
    assert document["format"] == "webex-mockserver-state" and document["version"] == 4
    assert sorted(m["key"] for m in document["namespaces"]["default"]["meetings"]) == sorted(keys)

    fresh, fresh_admin = mocks()  # a new app; over HTTP the session server now serves it
    assert fresh_admin.get("/_mock/sites/acme/meetings")["meetings"] == []
    assert fresh_admin.put("/_mock/state", json=document) == {"imported": ["default"]}
    # GetMeeting: the same bytes for every meeting
    assert _answers(fresh, keys) == before
    again = (fresh_admin.get("/_mock/sites/acme/meetings")["meetings"]
             + fresh_admin.get("/_mock/sites/globex/meetings")["meetings"])
    assert again == stored
    assert fresh_admin.get("/_mock/state") == document
    # the imported store still never reissues a key
    assert create(fresh) not in keys


def test_import_restores_seed_passwords_of_masked_users(mocks):
    api, admin = mocks()
    document = admin.get("/_mock/state")
    fresh, fresh_admin = mocks()
    fresh_admin.put("/_mock/state", json=document)
    assert create(fresh) > 0  # hostid@acme.com still logs in with passw0rd
    authenticated = fresh.post(
        "<?xml version='1.0'?><serv:message xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'><header>"
        "<securityContext><siteName>acme</siteName></securityContext></header><body><bodyContent "
        "xsi:type='java:com.webex.service.binding.user.AuthenticateUser'>"
        f"<accessToken>{TOKEN}</accessToken></bodyContent></body></serv:message>")
    assert authenticated.ok().result == "SUCCESS"  # and the access token is the seed's again


def test_exports_never_hold_passwords_tickets_or_tokens(mocks):
    api, admin = mocks()
    _meetings(api)
    tickets = [authenticate(api), authenticate(api, user="alice@acme.com"), authenticate(api, **ns("other"))]
    create(api, password=None, ticket=tickets[0])
    admin.post("/_mock/sites/acme/users", 201,
               json={"webExId": "bob@acme.com", "password": "b0b-Secret", "email": "bob@acme.com",
                     "accessTokens": ["bob-Token-123"]})
    for document in (admin.get("/_mock/state"), admin.get("/_mock/state?scope=all"),
                     admin.get("/_mock/state", **ns("other"))):
        text = json.dumps(document)
        for secret in ("passw0rd", TOKEN, "b0b-Secret", "bob-Token-123", *tickets):
            assert secret not in text, secret
        assert all(not state["tickets"] for state in document["namespaces"].values())
    assert set(admin.get("/_mock/state?scope=all")["namespaces"]) == {"default", "other"}
    # the live store does hold them: the export masked them, it did not lose them
    assert tickets[0] in api.app.state.tenancy.get().store.tickets


def _bad_documents(good: dict) -> list[tuple[object, str]]:
    def changed(change) -> dict:
        document = copy.deepcopy(good)
        change(document)
        return document

    state = lambda d: d["namespaces"]["default"]  # noqa: E731
    return [
        ({"format": "something-else", "version": 1, "namespaces": {}}, "not a webex-mockserver-state document"),
        (changed(lambda d: d.update(version=5)), "unsupported state version 5"),
        (changed(lambda d: state(d)["meetings"][0].update(series={"freq": "HOURLY"})),
         "series: 'HOURLY' is not a valid Freq"),
        (changed(lambda d: d.update(namespaces=[])), "state document has no namespaces object"),
        (changed(lambda d: d["namespaces"].update({"bad name": {}})), "invalid namespace 'bad name'"),
        (changed(lambda d: state(d).update(sites=5)), "sites, meetings, usedKeys, tickets must be lists"),
        (changed(lambda d: state(d).update(extra=[])), "unknown namespace state key(s): extra"),
        (changed(lambda d: state(d)["sites"].append(5)), "site must be a JSON object"),
        (changed(lambda d: state(d)["sites"][0]["settings"].update(ticketLifetime="long")),
         "settings field 'ticketLifetime' must be int"),
        (changed(lambda d: state(d)["meetings"][0].update(site="nowhere")), "belongs to unknown site 'nowhere'"),
        (changed(lambda d: state(d)["meetings"][0].pop("uuid")), "meeting is missing uuid"),
        (changed(lambda d: state(d)["meetings"][0].update(xml="x")), "meeting field 'xml' must be"),
        (changed(lambda d: state(d)["meetings"][0].update(data={})), "unknown meeting field(s): data"),
        (changed(lambda d: state(d)["usedKeys"].append("1")), "usedKeys must be integers"),
        (changed(lambda d: state(d)["tickets"].append({"value": "t"})), "ticket is missing"),
        (changed(lambda d: state(d).update(recordings=[])), "recordings: a JSON object with a list of items"),
        (changed(lambda d: state(d).update(webhooks={"items": [{"id": "w"}]})), "webhooks: webhook is missing"),
        # the first namespace is fine, the second is not: neither is installed
        (changed(lambda d: d["namespaces"].update({"zzz": {"meetings": [{"key": 1}]}})), "meeting is missing"),
        ([good], "request body must be a JSON object"),
    ]


def test_importing_a_bad_document_is_400_and_changes_nothing(mocks):
    api, admin = mocks()
    _meetings(api)
    good = admin.get("/_mock/state")
    target, target_admin = mocks()
    kept = _meetings(target)
    before = target_admin.get("/_mock/state?scope=all")
    for document, expected in _bad_documents(good):
        assert expected in target_admin.error("PUT", "/_mock/state", 400, json=document)
        assert target_admin.get("/_mock/state?scope=all") == before
    sent = {"content": b"not json", "headers": {"Content-Type": "application/json"}}
    assert target_admin.error("PUT", "/_mock/state", 400, **sent) == "request body is not JSON"
    assert sorted(m["key"] for m in target_admin.get("/_mock/state")["namespaces"]["default"]["meetings"]) == \
        sorted(kept)
    assert target_admin.get("/_mock/namespaces") == {"namespaces": ["default"]}


def test_import_into_one_namespace_only(mocks):
    api, admin = mocks()
    keys = _meetings(api, "source")
    document = admin.get("/_mock/state?scope=all")
    assert set(document["namespaces"]) == {"default", "source"}
    fresh, fresh_admin = mocks()
    assert fresh_admin.put("/_mock/state", json=document, **ns("source")) == {"imported": ["source"]}
    assert fresh_admin.get("/_mock/namespaces") == {"namespaces": ["default", "source"]}  # default: Api's own
    assert fresh_admin.get("/_mock/state")["namespaces"]["default"]["meetings"] == []
    assert sorted(m["key"] for m in fresh_admin.get("/_mock/state?namespace=source")["namespaces"]["source"]
                  ["meetings"]) == sorted(keys)
    message = fresh_admin.error("PUT", "/_mock/state?namespace=absent", 400, json=document)
    assert message == "the document has no namespace 'absent' (it has: default, source)"


def test_export_scope_errors(mocks):
    api, admin = mocks()
    assert admin.error("GET", "/_mock/state?scope=some", 400) == "unknown export scope 'some'; one of all, namespace"


# -- the deterministic seed ---------------------------------------------------------------------------------------


def _keys(api, namespace: str, count: int = 4) -> list[int]:
    return [create(api, **ns(namespace)) for _ in range(count)]


def test_same_seed_gives_the_same_keys_uuids_and_tickets(mocks):
    api, admin = mocks(random_seed=None)  # a server without --random-seed: random unless seeded
    for namespace in ("one", "two"):
        assert admin.post("/_mock/seed", json={"seed": 42}, **ns(namespace)) == {"seed": 42, "namespace": namespace}
    assert _keys(api, "one") == _keys(api, "two")
    assert authenticate(api, **ns("one")) == authenticate(api, **ns("two"))
    one, two = (admin.get("/_mock/sites/acme/meetings", **ns(n))["meetings"] for n in ("one", "two"))
    assert [m["uuid"] for m in one] == [m["uuid"] for m in two]
    assert [m["guest_token"] for m in one] == [m["guest_token"] for m in two]
    admin.post("/_mock/seed", json={"seed": 43}, **ns("three"))
    assert set(_keys(api, "three")).isdisjoint(m["key"] for m in one)


def test_seed_after_a_reset_repeats_the_keys(mocks):
    api, admin = mocks(random_seed=None)
    admin.post("/_mock/seed", json={"seed": 7})
    first = _keys(api, "default")
    admin.post("/_mock/reset")
    admin.post("/_mock/seed", json={"seed": 7})
    assert _keys(api, "default") == first


def test_seed_makes_fault_probabilities_repeatable(mocks):
    api, admin = mocks(random_seed=None)
    results = []
    for namespace in ("p1", "p2"):
        admin.post("/_mock/seed", json={"seed": 5}, **ns(namespace))
        admin.post("/_mock/faults", 201, json={"action": "failure", "probability": 0.5, "exception_id": "060001"},
                   **ns(namespace))
        results.append([api.post(GET_USER, **ns(namespace)).exception_id for _ in range(16)])
    assert results[0] == results[1]
    assert "060001" in results[0] and len(set(results[0])) == 2  # some fired, some did not


@pytest.mark.parametrize("body", [{}, {"seed": "42"}, {"seed": 4.2}, {"seed": True}, {"seed": 1, "more": 2}, [42]])
def test_invalid_seed_is_400(mocks, body):
    api, admin = mocks()
    message = admin.error("POST", "/_mock/seed", 400, json=body)
    assert message in ('expected {"seed": <integer>}', "request body must be a JSON object")
