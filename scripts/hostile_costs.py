"""Time and memory of the worst hostile requests (issue 5): one fresh process per request.

    python3 scripts/hostile_costs.py            # a markdown table on stdout

For each XML attack (tests/kits/hostilekit.py ``attacks``) and each request just over a limit
(``over_limits``): the result, the best of five in-process ``XMLService.handle`` times, the peak
of Python allocations during one call (tracemalloc) and the growth of the process's peak RSS
(``ru_maxrss``) over one call, measured after a warm-up in a process of its own.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "kits")]

from hostilekit import attacks, over_limits, with_topic  # noqa: E402

from mockserver.domain.sites import load_seed  # noqa: E402
from mockserver.domain.store import Store  # noqa: E402
from mockserver.xml.service import XMLService  # noqa: E402


def requests() -> dict[str, str]:
    canary = Path(tempfile.gettempdir(), "webex-mock-canary.txt").as_uri()
    return {**attacks(canary, "http://127.0.0.1:9/never.dtd"), **over_limits()}


def measure(name: str) -> dict:
    body = requests()[name].encode()
    service, store = XMLService(), Store.from_sites(load_seed(), seed=1)
    service.handle(with_topic("warm-up").encode(), "text/xml", store)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    outcome = service.handle(body, "text/xml", store)
    first = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    times = [first]
    for _ in range(4):
        started = time.perf_counter()
        service.handle(body, "text/xml", store)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    service.handle(body, "text/xml", store)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"name": name, "bytes": len(body), "result": f"{outcome.result} {outcome.exception_id}",
            "reason": outcome.reason, "best_ms": min(times) * 1000, "first_ms": first * 1000,
            "traced_peak_kib": peak / 1024, "rss_growth_kib": rss}


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(measure(sys.argv[2])))
        return
    print("| request | bytes | answer | best of 5 | first call | Python peak | RSS growth |")
    print("|---|---:|---|---:|---:|---:|---:|")
    for name in requests():
        row = json.loads(subprocess.run([sys.executable, __file__, "--one", name], check=True, capture_output=True,
                                        text=True).stdout)
        print(f"| {name} | {row['bytes']:,} | {row['result']} | {row['best_ms']:.2f} ms | {row['first_ms']:.2f} ms "
              f"| {row['traced_peak_kib']:,.0f} KiB | {row['rss_growth_kib']:,} KiB |")


if __name__ == "__main__":
    main()
