"""The ``--state-file`` cost of one mutating call with 10,000 and 100,000 meetings stored.

Persistence part = ``StateFile.save`` after an in-process CreateMeeting (one SQLite transaction writing the
changed rows, fsync'd), as a ratio to one in-process CreateMeeting without a state file (baseline, same run).
For comparison, the whole-document JSON rewrite the state file did before (export, dump, write, fsync, rename)
is timed at 10,000 meetings. Databases are filled directly (benchmark-only), then loaded as a server loads them.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from harness import per_call
from starlette.applications import Starlette
from statekit import fill_meetings
from webex import create_meeting

from mockserver.app import create_app
from mockserver.config import Config
from mockserver.persistence import database
from mockserver.persistence.export import export_all
from mockserver.xml.service import XMLService

BODY = create_meeting().encode()
SIZES = (10_000, 100_000)


def baseline_create() -> float:
    app = create_app(Config(random_seed=1))
    service: XMLService = app.state.service
    store = app.state.tenancy.get("bench").store
    return per_call(lambda: service.handle(BODY, "text/xml", store), 300)


def filled_app(directory: Path, size: int) -> tuple[Starlette, float]:
    """A server's app on a state database holding ``size`` meetings, and its load time in seconds."""
    path = directory / f"state-{size}.db"
    app = create_app(Config(random_seed=1, state_file=str(path)))
    tenant = app.state.tenancy.get()
    app.state.service.handle(BODY, "text/xml", tenant.store)
    app.state.state_file.save(app.state.tenancy)
    template = tenant.store.site_meetings("acme")[0].to_dict()
    app.state.state_file.close()
    fill_meetings(path, template, size - 1)
    started = time.perf_counter()
    app = create_app(Config(random_seed=2, state_file=str(path)))
    return app, time.perf_counter() - started


def save_costs(app: Starlette, calls: int) -> list[float]:
    """Seconds of each ``save`` following one in-process CreateMeeting."""
    tenancy, state_file = app.state.tenancy, app.state.state_file
    tenant = tenancy.get()
    costs = []
    for _ in range(calls):
        outcome = app.state.service.handle(BODY, "text/xml", tenant.store)
        assert outcome.result == "SUCCESS" and outcome.mutates
        started = time.perf_counter()
        state_file.save(tenancy)
        costs.append(time.perf_counter() - started)
    return costs


def json_rewrite_cost(app: Starlette, directory: Path) -> float:
    """The former state file: the whole document exported, dumped and written atomically (fsync, rename)."""
    started = time.perf_counter()
    data = json.dumps(export_all(app.state.tenancy, include_secrets=True), separators=(",", ":")).encode()
    descriptor, temporary = tempfile.mkstemp(dir=directory)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, directory / "state.json")
    return time.perf_counter() - started


def line(name: str, costs: list[float], baseline: float) -> None:
    median, p99 = statistics.median(costs), statistics.quantiles(costs, n=100)[98]
    print(f"    {name}  median {median * 1e3:6.3f} ms  ratio {median / baseline:5.2f}"
          f"   p99 {p99 * 1e3:6.3f} ms  ratio {p99 / baseline:5.2f}")


def main() -> None:
    directory = Path(tempfile.mkdtemp(prefix="bench-state-"))
    try:
        baseline = baseline_create()
        print("State file: persistence part of one CreateMeeting (goal: <= 2 ms at 100,000 meetings)")
        print(f"  baseline  one in-process CreateMeeting, no state file: {baseline * 1e3:7.3f} ms  (ratio 1.0)")
        for size in SIZES:
            app, load_seconds = filled_app(directory, size)
            print(f"  {size:,} meetings stored (loaded at start in {load_seconds:.1f} s):")
            line(f"SQLite commit (synchronous={database.SYNCHRONOUS}, as served)", save_costs(app, 400), baseline)
            if size == SIZES[-1]:
                app.state.state_file.db.conn.execute("PRAGMA synchronous = FULL")
                line("SQLite commit with an fsync each (FULL)      ", save_costs(app, 100), baseline)
            if size == SIZES[0]:
                rewrite = json_rewrite_cost(app, directory)
                print(f"    JSON document rewrite (the state file before)  {rewrite * 1e3:9.1f} ms  "
                      f"ratio {rewrite / baseline:8.1f}")
            app.state.state_file.close()
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
