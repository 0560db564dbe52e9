"""Where the server's CPU goes under load, by library: the interpreter, lxml, glibc, the kernel, the rest.

Run: ``python benchmarks/bench_libraries.py`` (``--load xml|rest``, ``--seconds``). The mock runs as ``python -m
mockserver``; wrk sends it creates as ``bench_http.py`` does, 5 s to warm and then ``--seconds`` while ``perf record
-e cpu-clock`` samples the server (a timer, so it works where a VM has no hardware counters), and the table gives
each library's share of the samples (``perf report --sort dso``). Needs wrk and perf (Debian: ``wrk``,
``linux-perf``) and a kernel that lets perf sample the process (``kernel.perf_event_paranoid`` of 2 or less, as
root); without them it says so and skips. Nothing is asserted.

Why beside the stage tables (``bench_inside.py``): a stage table says which of the mock's functions take the time;
this says what kind of work it is. Where the interpreter holds most of it, spread over the mock's functions, what is
left is Python to run less of, not a library to call less (docs/benchmarks.md).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import wrkrun
from harness import free_port, machine
from servers import spawn, wait_until_answering

#: a library's name in perf's report -> the row it is counted in
ROWS = (("libpython", "the Python interpreter"), ("etree", "lxml with its libxml2"), ("libc.so", "glibc"),
        ("[kernel", "the kernel"))
OTHER = "the rest (uvloop, httptools, msgspec, datetime, zoneinfo, OpenSSL...)"


def perf_missing() -> str | None:
    if shutil.which("perf") is None:
        return "perf is not installed (Debian: apt-get install linux-perf)"
    tried = subprocess.run(["perf", "stat", "-e", "cpu-clock", "true"], capture_output=True, text=True, check=False)
    return None if tried.returncode == 0 else f"perf cannot sample here: {tried.stderr.strip()[-300:]}"


def shares(report: str) -> dict[str, float]:
    """Each row's percent of the samples, from ``perf report --sort dso --stdio``."""
    found = {label: 0.0 for _, label in ROWS} | {OTHER: 0.0}
    for percent, library in re.findall(r"^\s*([\d.]+)%\s+(\S+)", report, re.MULTILINE):
        label = next((label for marker, label in ROWS if marker in library), OTHER)
        found[label] += float(percent)
    return found


def main() -> None:
    args = wrkrun.create_load_arguments(__doc__, 10, "seconds sampled, after 5 s of load")
    missing = wrkrun.wrk_missing() or perf_missing()
    if missing:
        print(f"bench_libraries: skipped: {missing}")
        return
    print(f"bench_libraries: {machine()}")
    directory = Path(tempfile.mkdtemp(prefix="bench-libraries-"))
    samples = directory / "perf.data"
    port = free_port()
    server = spawn("mock", [sys.executable, "-m", "mockserver", "--port", str(port), "--log-level", "warning"], port,
                   directory)
    try:
        wait_until_answering(server, wrkrun.seed_request())
        request = wrkrun.write_request(directory)
        url, script = wrkrun.create_target(args.load, server.url, server.rest_url(wrkrun.REST_PATH))
        rates: list[float] = []
        load = threading.Thread(target=lambda: rates.append(
            wrkrun.run_wrk(url, request, wrkrun.Load(args.seconds + 8, args.connections, 2), script).rate))
        load.start()  # wrk runs in a process of its own: this thread only waits for it
        time.sleep(5)
        subprocess.run(["perf", "record", "-e", "cpu-clock", "-F", "4000", "-p", str(server.process.pid), "-o",
                        str(samples), "--", "sleep", f"{args.seconds:g}"], capture_output=True, check=True)
        load.join()
    finally:
        server.stop()
    report = subprocess.run(["perf", "report", "-i", str(samples), "--sort", "dso", "--stdio"], capture_output=True,
                            text=True, check=True).stdout
    rate = rates[0] if rates else 0.0
    print(f"\n{args.load} creates over HTTP, wrk -t2 -c{args.connections}: {rate:.0f} answers/s; the server "
          f"sampled {args.seconds:g} s at 4 kHz (perf record -e cpu-clock)")
    for label, percent in shares(report).items():
        print(f"  {label:70s} {percent:6.1f} %")


if __name__ == "__main__":
    main()
