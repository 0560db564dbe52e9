"""Load from ``wrk`` (Debian package ``wrk``): closed loop or paced, N connections, the seed CreateMeeting with a
distinct confName per request (``create_meeting.lua``), every answer checked for HTTP 200 and ``SUCCESS``; or the
REST create, ``POST /v1/meetings`` with the seed host's bearer token (``create_meeting_rest.lua``), every answer
checked for HTTP 200 and the meeting's JSON, the answers that are not 200 counted by status."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from harness import ROOT
from webex import sample

SCRIPT = ROOT / "benchmarks" / "create_meeting.lua"
REST_SCRIPT = ROOT / "benchmarks" / "create_meeting_rest.lua"
REST_PATH = "/v1/meetings"
REST_TOKEN = "acme-hostid-access-token"  # the seed host's token (mockserver.fixture.handle.REST_TOKEN)
SERV_NS = 'xmlns:serv="http://www.webex.com/schemas/2002/06/service"'


@dataclass(frozen=True)
class Load:
    seconds: float
    connections: int
    threads: int
    #: > 0: each connection waits this long before each request (an offered rate, not a closed loop)
    pause_ms: float = 0.0


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    failures: int  # answers that were not HTTP 200 with <serv:result>SUCCESS
    socket_errors: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    #: the answers that were not HTTP 200, by status (REST loads only; the XML script counts them as failures)
    not_200: dict[int, int] = field(default_factory=dict)
    #: CPU seconds the server used during the run (all its threads), when measured
    server_cpu_s: float = 0.0

    @property
    def cpu_us_per_request(self) -> float:
        """The server's CPU per answer: what a request costs it where it runs, beside the load (a stage table
        in process measures each stage alone, with warm caches, and misses most of it)."""
        return self.server_cpu_s / self.requests * 1e6 if self.requests else 0.0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def succeeded(self) -> int:
        return self.requests - self.failures


def create_load_arguments(description: str | None, seconds: float, what: str) -> argparse.Namespace:
    """The arguments of a script that loads the mock with creates: ``--seconds`` (``what`` they are), ``--load``
    (``xml``: the seed CreateMeeting; ``rest``: ``POST /v1/meetings``) and ``--connections``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seconds", type=float, default=seconds, help=f"{what} ({seconds:g})")
    parser.add_argument("--load", choices=("xml", "rest"), default="xml")
    parser.add_argument("--connections", type=int, default=16)
    return parser.parse_args()


def create_target(load: str, xml_url: str, rest_url: str) -> tuple[str, Path]:
    """(the URL, the wrk script) of the creates of ``load`` (``xml`` or ``rest``)."""
    return (xml_url, SCRIPT) if load == "xml" else (rest_url, REST_SCRIPT)


def wrk_missing() -> str | None:
    return None if shutil.which("wrk") else "`wrk` is not installed (Debian: apt-get install wrk)"


def seed_request() -> bytes:
    """The seed CreateMeeting (tests/samples), with its ``serv`` prefix declared: the sample leaves it unbound,
    which the mock accepts but XML parsers (WireMock's XPath matching) refuse. Every server gets these bytes."""
    body = sample("seed-createmeeting-request.xml")
    return body.replace(b"<serv:message ", f"<serv:message {SERV_NS} ".encode(), 1)


def write_request(directory: Path) -> Path:
    path = directory / "create-meeting.xml"
    path.write_bytes(seed_request())
    return path


def rest_body(title: str = "REST meeting") -> bytes:
    """The REST create's JSON body (the Lua script builds the same, a distinct title per request): a day ahead."""
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=1)
    return json.dumps({"title": title, "start": f"{start:%Y-%m-%dT%H:%M:%SZ}",
                       "end": f"{start + timedelta(minutes=30):%Y-%m-%dT%H:%M:%SZ}"}).encode()


def rest_headers() -> dict[str, str]:
    return {"Content-Type": "application/json", "Authorization": f"Bearer {REST_TOKEN}"}


def script_for(load: Load, directory: Path, script: Path = SCRIPT) -> Path:
    """``script`` (``create_meeting.lua`` by default), plus wrk's ``delay()`` hook when the load is paced."""
    if load.pause_ms <= 0:
        return script
    paced = directory / f"{script.stem}_paced.lua"
    paced.write_text(script.read_text() + f"\nfunction delay()\n   return {load.pause_ms:.3f}\nend\n")
    return paced


def run_wrk(url: str, request_file: Path, load: Load, script: Path = SCRIPT) -> WrkResult:
    """One wrk run. ``script`` is ``SCRIPT`` (``request_file`` is the XML to post) or ``REST_SCRIPT`` (``url``
    ends in ``/v1/meetings``; ``request_file`` only names the directory a paced script is written to)."""
    argument = REST_TOKEN if script == REST_SCRIPT else str(request_file)
    command = ["wrk", f"-t{load.threads}", f"-c{load.connections}", f"-d{load.seconds:g}s", "--timeout", "30s",
               "-s", str(script_for(load, request_file.parent, script)), url, "--", argument]
    done = subprocess.run(command, capture_output=True, text=True, timeout=load.seconds + 120, check=False)
    found = re.search(r"^WRK-JSON (\{.*\})$", done.stdout, re.MULTILINE)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout[-1500:]} {done.stderr[-1500:]}")
    data = json.loads(found.group(1))
    return WrkResult(requests=data["requests"], seconds=data["duration_us"] / 1e6,
                     failures=max(data["failures"], data["non2xx"]), socket_errors=data["socket_errors"],
                     p50_ms=data["p50_us"] / 1000, p99_ms=data["p99_us"] / 1000, max_ms=data["max_us"] / 1000,
                     not_200={int(status): count for status, count in data.get("not200", {}).items()})
