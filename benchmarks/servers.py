"""The servers the HTTP benchmarks compare, each a subprocess on a free loopback port.

* floor: bare Starlette on uvicorn answering a fixed body (:mod:`floor`);
* pipeline: bare Starlette running only the steps every answer needs (:mod:`pipeline`): the mock's ceiling;
* mock: ``python -m mockserver`` (the console script), log level warning (no access log, no request lines);
* wiremock: WireMock standalone (Java) with ``benchmarks/wiremock/mappings`` (an XPath-matched templated stub for
  CreateMeeting, a JSON-path-matched templated stub for the REST ``POST /v1/meetings``),
  its request journal capped at 10,000 entries like the mock's.

Both Python servers run 1 uvicorn worker with uvicorn's default loop (uvloop when installed) and httptools.
"""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from harness import ROOT, free_port

API_PATH = "/WBXService/XMLService"
WIREMOCK_DIR = ROOT / "benchmarks" / "wiremock"
WIREMOCK_CACHE = Path.home() / ".cache" / "webex-mockserver-bench" / "wiremock"


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="bench-")))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PATH}"

    def rest_url(self, path: str = "/v1/meetings") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def post(self, body: bytes, path: str = API_PATH, method: str = "POST",
             timeout: float = 600, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body,
                               headers=headers or {"Content-Type": "text/xml; charset=UTF-8"})
            answer = connection.getresponse()
            return answer.status, answer.read()
        finally:
            connection.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def cpu_seconds(self) -> float:
        """CPU seconds the server's process has used so far, all its threads (Linux ``/proc``; 0 elsewhere)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""


def spawn(name: str, command: list[str], port: int, workdir: Path | None = None, tree: Path = ROOT,
          env: dict[str, str] | None = None) -> Server:
    """``command`` run in ``tree`` (a checkout: its code first on the path), with ``env`` added to the environment."""
    workdir = workdir or Path(tempfile.mkdtemp(prefix=f"bench-{name.partition('@')[0]}-"))
    log = workdir / f"{name.partition('@')[0]}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=tree,
                                   env={**os.environ, "PYTHONPATH": str(tree), **(env or {})})
    return Server(name, port, process, log, workdir)


def wait_until_answering(server: Server, probe: bytes, timeout: float = 120, path: str = API_PATH,
                         headers: dict[str, str] | None = None) -> None:
    """Wait until the server answers ``probe`` with HTTP 200 (WireMock's JVM and a large state file take a while)."""
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited ({server.process.returncode}):\n{server.tail()}")
        try:
            status, _ = server.post(probe, path=path, timeout=timeout, headers=headers)
            if status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"{server.name} did not answer within {timeout:.0f} s:\n{server.tail()}")
        time.sleep(0.1)


def start_floor(body_file: Path, rest_body_file: Path | None = None) -> Server:
    port = free_port()
    script = ROOT / "benchmarks" / "floor.py"
    rest = ["--rest-body", str(rest_body_file)] if rest_body_file else []
    return spawn("floor", [sys.executable, str(script), "--port", str(port), "--body", str(body_file), *rest], port)


def start_pipeline() -> Server:
    port = free_port()
    return spawn("pipeline", [sys.executable, str(ROOT / "benchmarks" / "pipeline.py"), "--port", str(port)], port)


def start_smallest() -> Server:
    """The smallest thing that could work (``smallest.py``): XML CreateMeeting only."""
    port = free_port()
    return spawn("smallest", [sys.executable, str(ROOT / "benchmarks" / "smallest.py"), "--port", str(port)], port)


def start_featured() -> Server:
    """The smallest thing with the features every call of the mock has (``featured.py``): the XML and the REST
    create."""
    port = free_port()
    return spawn("featured", [sys.executable, str(ROOT / "benchmarks" / "featured.py"), "--port", str(port)], port)


def start_mock(*flags: str, workdir: Path | None = None) -> Server:
    port = free_port()
    command = [sys.executable, "-m", "mockserver", "--port", str(port), "--log-level", "warning", *flags]
    return spawn("mock", command, port, workdir)


def find_wiremock_jar(given: str | None) -> Path | None:
    """The jar named by ``--wiremock-jar``, else the one ``benchmarks/wiremock/setup.sh`` put in the cache."""
    if given:
        return Path(given)
    jars = sorted(WIREMOCK_CACHE.glob("node_modules/wiremock/**/wiremock-standalone-*.jar"))
    return jars[-1] if jars else None


def wiremock_missing(jar: Path | None) -> str | None:
    """Why WireMock cannot run here (None: it can)."""
    if shutil.which("java") is None:
        return "no `java` on PATH (Debian: apt-get install default-jre-headless)"
    if jar is None or not jar.is_file():
        return "no WireMock standalone jar (run benchmarks/wiremock/setup.sh, or pass --wiremock-jar)"
    return None


def start_wiremock(jar: Path) -> Server:
    port = free_port()
    command = ["java", "-jar", str(jar), "--port", str(port), "--bind-address", "127.0.0.1",
               "--root-dir", str(WIREMOCK_DIR), "--disable-banner",
               "--max-request-journal-entries", "10000"]  # like the mock's journal (10,000 entries)
    return spawn("wiremock", command, port)
