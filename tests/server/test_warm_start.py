"""Warm start (issue 25): before READY the server loads what its first calls would, in a scratch tenancy."""

from __future__ import annotations

import logging

from mockserver import Config, create_app, warming


def test_warming_loads_the_explainer_and_leaves_the_real_tenancy_untouched(caplog):
    app = create_app(Config(random_seed=5))
    names = list(app.state.tenancy.names())
    with caplog.at_level(logging.DEBUG, logger="mockserver"):
        warming.warm(app)
    assert app.state.service.schema._explainer is not None
    assert list(app.state.tenancy.names()) == names  # no namespace made
    assert "warm-up calls answered [200, 200, 200]" in caplog.text  # the XML calls and the REST create all ran
    assert not [r for r in caplog.records if r.name == "mockserver.requests"]  # calls nobody made are not logged
    assert not logging.getLogger("mockserver.requests").disabled


def test_the_warm_up_calls_reach_the_handlers_they_warm():
    app = create_app(Config(random_seed=5))
    seen: list[str] = []
    handle = app.state.service.handle

    def spying(*args, **kwargs):
        outcome = handle(*args, **kwargs)
        seen.append(f"{outcome.operation} {outcome.result} {outcome.exception_id}")
        return outcome

    app.state.service.handle = spying
    warming.warm(app)
    assert seen == ["meeting.CreateMeeting SUCCESS None", "meeting.CreateMeeting FAILURE 999999"]
