"""What a plan remembers between creates (mockserver.domain.plans): the kind's site and users, marshalled once while
each of their fields holds the same object, and the packed form of the plan's rules, handed to the journal."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mockserver.domain import explain, plans, sites
from mockserver.domain.sites import load_seed
from mockserver.domain.xmlblocks import Options

START = int(datetime(2027, 1, 12, 17, 0, tzinfo=UTC).timestamp())


def _kind(site: sites.Site, caller: sites.User, host: sites.User) -> object:
    return plans.kind(site, caller, host, "Weekly", START, "UTC", 30, Options(password="Pw123456"))


@pytest.mark.parametrize("change", ["setting", "call-in", "site", "caller", "host"])
def test_a_field_set_on_the_site_or_a_user_makes_another_kind(monkeypatch, change):
    monkeypatch.setattr(plans, "VERIFY", False)  # the memo alone answers
    site = load_seed()[0]
    caller, host = site.user("admin@acme.com"), site.user("hostid@acme.com")
    assert caller is not None and host is not None
    before = _kind(site, caller, host)
    assert _kind(site, caller, host) == before  # remembered: the same
    if change == "setting":
        site.settings.nbrAutoRecord = not site.settings.nbrAutoRecord
    elif change == "call-in":
        site.callIn.tollNum = "+1-555-0100"
    elif change == "site":
        site.meetingTypes = [*site.meetingTypes, {"id": 99, "name": "NEW"}]
    elif change == "caller":
        caller.firstName = "Renamed"
    else:
        host.timeZoneID = 7
    assert _kind(site, caller, host) != before


def test_a_site_changed_in_place_is_caught_where_plans_are_checked(monkeypatch):
    """Lists and dicts of a site are replaced, never changed in place (a change in place would not be seen); the test
    suite's check (plans.VERIFY) catches one that is."""
    monkeypatch.setattr(plans, "VERIFY", True)
    site = load_seed()[0]
    host = site.user("hostid@acme.com")
    assert host is not None
    _kind(site, host, host)
    site.settings.defaultEnableOptions["chat"] = not site.settings.defaultEnableOptions.get("chat", False)
    with pytest.raises(AssertionError, match="changed in place"):
        _kind(site, host, host)


def test_the_packed_rules_of_a_plan_are_the_rules_packed():
    made = tuple(explain.shared(explain.record("default", f"schedule/x{n}", None, str(n), "default applied"))
                 for n in range(3))
    fired = explain.Fired()
    fired.extend_packed(made, explain.packed(made))
    assert fired.packed() == explain.packed(fired.items)
    fired.fire("host", "schedule/hostWebExID", None, "hostid", "the caller hosts")  # fired after: packed again
    assert fired.packed() == explain.packed(fired.items) != explain.packed(made)
    later = explain.Fired()
    later.fire("host", "schedule/hostWebExID", None, "hostid", "the caller hosts")
    later.extend_packed(made, b"not these")  # fired after others: not the plan's alone, so packed here
    assert later.packed() == explain.packed(later.items)


def test_a_field_set_to_an_equal_value_keeps_the_kind(monkeypatch):
    """Another object equal to the field's (a bool for an int, say, would marshal otherwise: it is marshalled again)."""
    monkeypatch.setattr(plans, "VERIFY", True)
    site = load_seed()[0]
    host = site.user("hostid@acme.com")
    assert host is not None
    before = _kind(site, host, host)
    site.settings.maxDuration = int(str(site.settings.maxDuration))  # equal, and (past 256) another object
    assert _kind(site, host, host) == before
    site.settings.maxDuration = float(site.settings.maxDuration)  # equal to Python, not to marshal: another kind
    assert _kind(site, host, host) != before
