"""LstsummaryUser (reference §27): a site admin lists the site's users; matchingRecords comes last."""

from __future__ import annotations

import pytest
from lxml import etree
from webex import message

from mockserver.xml.operations.shared import user_id

BODY = "serv:body/serv:bodyContent/"
ADMIN = {"user": "admin@acme.com"}
ITEM = ["webExId", "firstName", "lastName", "email", "registrationDate", "active", "timeZoneID"]


def lst(api, content: str = "", **kw):
    return api.post(message("user.LstsummaryUser", content, **{**ADMIN, **kw}))


def ids(answer) -> list[str]:
    return [u.text for u in answer.all(BODY + "use:user/use:webExId")]


def test_every_user_in_uid_order_with_matching_records_last(api):
    answer = lst(api).ok()
    assert b'xsi:type="use:lstsummaryUserResponse"' in answer.body
    assert [etree.QName(c).localname for c in answer.content] == ["user"] * 3 + ["matchingRecords"]
    assert [etree.QName(c).localname for c in answer.content[0]] == ITEM
    site = api.store.sites["acme"]
    assert ids(answer) == sorted(ids(answer), key=lambda w: user_id(site, site.user(w)))
    records = [answer.text(BODY + f"use:matchingRecords/serv:{n}") for n in ("total", "returned", "startFrom")]
    assert records == ["3", "3", "1"]
    notes = {n.element for n in api.app.state.tenancy.get().journal.entries()[-1].notes}
    assert notes == {"bodyContent/listControl/maximumNum", "bodyContent/order"}


def test_moodle_finds_a_user_by_email_with_qualified_list_control(api):
    """Moodle sends listControl (serv:-qualified children) before email, out of XSD order (reference §27)."""
    content = ('<listControl xmlns:serv="http://www.webex.com/schemas/2002/06/service"><serv:startFrom>1'
               '</serv:startFrom><serv:maximumNum>1</serv:maximumNum></listControl><email>ALICE@acme.com</email>')
    answer = lst(api, content).ok()
    assert ids(answer) == ["alice@acme.com"]
    assert answer.text(BODY + "use:user/use:timeZoneID") == "11"


def test_filters_and_list_method(api):
    assert ids(lst(api, "<lastName>acme</lastName><order><orderBy>WEBEXID</orderBy></order>").ok()) == [
        "alice@acme.com", "hostid@acme.com"]
    either = lst(api, "<firstName>Site</firstName><webExId>alice@acme.com</webExId>"
                      "<listControl><listMethod>OR</listMethod></listControl>"
                      "<order><orderBy>EMAIL</orderBy><orderAD>DESC</orderAD></order>").ok()
    assert ids(either) == ["alice@acme.com", "admin@acme.com"]


def test_order_pairs_and_paging(api):
    content = ("<order><orderBy>LASTNAME</orderBy><orderBy>FIRSTNAME</orderBy><orderAD>DESC</orderAD></order>"
               "<listControl><startFrom>2</startFrom><maximumNum>1</maximumNum></listControl>")
    answer = lst(api, content).ok()
    # orderAD pairs with the first orderBy: last name DESC (Admin, Acme, Acme), then first name ASC (Alice, Host)
    assert ids(answer) == ["alice@acme.com"]
    assert [answer.text(BODY + f"use:matchingRecords/serv:{n}") for n in ("total", "returned", "startFrom")] == [
        "3", "1", "2"]


def test_deactivated_users_are_listed_as_such(api):
    api.post(message("user.DelUser", "<webExId>alice@acme.com</webExId>", **ADMIN)).ok()
    answer = lst(api, "<active>DEACTIVATED</active>").ok()
    assert ids(answer) == ["alice@acme.com"] and answer.text(BODY + "use:user/use:active") == "DEACTIVATED"


@pytest.mark.parametrize("content", [
    "<email>nobody@acme.com</email>",
    "<listControl><startFrom>4</startFrom></listControl>",
    "<dataScope><regDateStart>01/01/2020 00:00:00</regDateStart></dataScope>",
])
def test_nothing_to_list_is_000015(api, content):
    answer = lst(api, content)
    assert (answer.exception_id, answer.reason) == ("000015", "Sorry, no record found")
    assert "assumed-exception" in [n.code for n in api.app.state.tenancy.get().journal.entries()[-1].notes]


def test_only_a_site_admin_lists(api):
    assert lst(api, user="hostid@acme.com").exception_id == "000001"


def test_bad_paging_and_order_are_refused(api):
    assert "maximumNum" in lst(api, "<listControl><maximumNum>0</maximumNum></listControl>").reason
    assert "orderBy" in lst(api, "<order><orderBy>SHOESIZE</orderBy></order>").reason
