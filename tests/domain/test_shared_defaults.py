"""The fixed defaults and the site template's flags are planned once and shared by every call (issue 25, item 3);
what they store and the rules a reader sees stay what each call's own work would give."""

from __future__ import annotations

from mockserver.domain import rules, sitetemplate
from mockserver.domain.explain import Defaults, Fired, RuleFired
from mockserver.domain.sites import Site, SiteSettings, User


def _site(template: dict[str, bool]) -> tuple[Site, User]:
    host = User(webExId="host", password="pw", email="host@example.com")
    site = Site(siteName="shared", siteID=1, partnerID="p", settings=SiteSettings(defaultEnableOptions=template))
    site.add_user(host)
    return site, host


def _made(site: Site, host: User, options: dict[str, str] | None = None) -> tuple[dict, list[RuleFired]]:
    data: dict = {"metaData": {"confName": "x"}}
    if options is not None:
        data["enableOptions"] = dict(options)
    fired = Fired()
    rules.apply_defaults(data, site, host, iter(range(100_000_000, 100_000_100)).__next__, fired)
    return data, fired.items


def _one_by_one(template: dict[str, bool], sent: dict[str, str]) -> tuple[dict[str, str], str]:
    """The template applied flag by flag, as each call worked it out before it was planned."""
    added = {name: "true" if on else "false" for name, on in template.items() if name not in sent}
    return {**sent, **added}, ", ".join(f"{name}={value}" for name, value in added.items())


def test_the_template_flags_and_their_record_are_what_each_call_would_work_out():
    template = {"chat": True, "poll": False, "voip": True, "attendeeList": False}
    site, host = _site(template)
    for sent in ({}, {"chat": "false"}, {"poll": "true", "unknownFlag": "true"}):
        data, fired = _made(site, host, sent)
        stored, named = _one_by_one(template, sent)
        assert {k: v for k, v in data["enableOptions"].items() if k != "autoRecord"} == stored
        [record] = [r for r in fired if r.rule == "site-enable-options"]
        assert record.after == named


def test_calls_share_one_record_of_the_template_and_of_each_block_of_defaults():
    site, host = _site({"chat": True, "poll": True})
    first, second = _made(site, host)[1], _made(site, host)[1]
    assert [r._asdict() for r in first] == [r._asdict() for r in second]
    planned = [(a, b) for a, b in zip(first, second, strict=True) if a.rule in ("default", "site-enable-options")]
    assert len(planned) >= 30
    assert all(a is b for a, b in planned)  # the same objects: nothing made per call


def test_a_template_changed_in_place_is_planned_again():
    template = {"chat": True, "poll": True}
    site, host = _site(template)
    assert _made(site, host)[0]["enableOptions"]["poll"] == "true"
    template["poll"] = False  # changed in place: same dict, other flags
    data, fired = _made(site, host)
    assert data["enableOptions"]["poll"] == "false"
    assert [r.after for r in fired if r.rule == "site-enable-options"] == ["chat=true, poll=false"]


def test_a_template_flag_sent_is_kept_and_not_named():
    site, host = _site({"chat": True, "poll": True})
    data, fired = _made(site, host, {"chat": "false", "poll": "false"})
    assert data["enableOptions"]["chat"] == "false"
    assert not [r for r in fired if r.rule == "site-enable-options"]


def test_defaults_of_a_block_with_some_values_sent_fill_only_the_rest():
    planned = Defaults("schedule", (("duration", "60"), ("openTime", "0")))
    block, fired = {"duration": "20"}, Fired()
    planned.apply(block, fired)
    assert block == {"duration": "20", "openTime": "0"}
    assert [r.element for r in fired.items] == ["schedule/openTime"]
    empty, all_fired = {}, Fired()
    planned.apply(empty, all_fired)
    assert empty == {"duration": "60", "openTime": "0"}
    assert [r.element for r in all_fired.items] == ["schedule/duration", "schedule/openTime"]


def test_plans_stay_bounded():
    site, host = _site({"chat": True})
    for index in range(sitetemplate.PLANS_PER_TEMPLATE + 10):
        _made(site, host, {f"flag{index}": "true"})
    assert all(len(known.plans) <= sitetemplate.PLANS_PER_TEMPLATE for known in sitetemplate._templates.values())
