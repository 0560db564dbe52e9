"""Per-test isolation cost: namespace reset / fresh mock vs one in-process CreateMeeting (baseline)."""

from __future__ import annotations

from harness import per_call, report
from webex import create_meeting

from mockserver.app import create_app
from mockserver.config import Config
from mockserver.xml.service import XMLService

BODY = create_meeting().encode()


def main() -> None:
    app = create_app(Config(random_seed=1))
    tenancy = app.state.tenancy
    service: XMLService = app.state.service
    store = tenancy.get("bench").store
    baseline = per_call(lambda: service.handle(BODY, "text/xml", store), 500)
    counter = iter(range(10**9))

    def fresh_namespace() -> None:
        name = f"t{next(counter)}"
        tenancy.get(name)
        tenancy.drop(name)

    def busy_reset() -> None:
        tenant = tenancy.get("busy")
        for _ in range(20):
            service.handle(BODY, "text/xml", tenant.store, tenant.faults)
        tenancy.reset("busy")

    rows = [
        ("reset one namespace                ", per_call(lambda: tenancy.reset("bench"), 2000)),
        ("fresh namespace + drop (per test)   ", per_call(fresh_namespace, 2000)),
        ("reset one site                     ", per_call(lambda: tenancy.reset("bench", "acme"), 2000)),
        ("20 creates + reset (a busy test)   ", per_call(busy_reset, 50)),
    ]
    report("Per-test reset (goal: a reset <= 1 ms)", "one CreateMeeting, in-process", baseline, rows)


if __name__ == "__main__":
    main()
