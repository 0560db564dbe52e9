"""Helpers for scripts/container-smoke.sh (standard library only; runs on the CI machine's python3).

    python3 scripts/container_smoke.py apt-mirror CODENAME       the machine's configured Debian mirror for CODENAME
    python3 scripts/container_smoke.py pip-conf FILE              write the pip.conf the image build needs, if any
    python3 scripts/container_smoke.py free-port                  a free TCP port on 127.0.0.1
    python3 scripts/container_smoke.py exercise BASE_URL SAMPLE   CreateMeeting (the sample), then GetMeeting
    python3 scripts/container_smoke.py create BASE_URL SAMPLE     CreateMeeting only; prints the meeting key
    python3 scripts/container_smoke.py get BASE_URL KEY           GetMeeting only
"""

from __future__ import annotations

import glob
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

API_PATH = "/WBXService/XMLService"


def fail(message: str) -> None:
    print(f"container-smoke: {message}", file=sys.stderr)
    raise SystemExit(1)


# ------------------------------------------------------------------------------------------------------- apt mirror
def _one_line_sources(path: str):
    with open(path, encoding="utf-8", errors="replace") as handle:
        for raw in handle:
            line = raw.split("#", 1)[0].strip()
            match = re.match(r"^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s*(.*)$", line)
            if match:
                yield match.group(1), match.group(2), match.group(3).split()


def _deb822_sources(path: str):
    with open(path, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    for stanza in re.split(r"\n[ \t]*\n", text):
        fields: dict[str, str] = {}
        key = None
        for line in stanza.splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line[:1] in " \t" and key:
                fields[key] += " " + line.strip()
                continue
            name, _, value = line.partition(":")
            key = name.strip().lower()
            fields[key] = value.strip()
        if "deb" not in fields.get("types", "").split():
            continue
        if fields.get("enabled", "yes").strip().lower() in {"no", "false", "0"}:
            continue
        for uri in fields.get("uris", "").split():
            for suite in fields.get("suites", "").split():
                yield uri, suite, fields.get("components", "").split()


def apt_mirror(codename: str) -> str:
    """The first `deb` source serving CODENAME's `main` component, in apt's own reading order."""
    files = ["/etc/apt/sources.list"] + sorted(glob.glob("/etc/apt/sources.list.d/*.list"))
    candidates = []
    for path in files:
        try:
            candidates.extend(_one_line_sources(path))
        except FileNotFoundError:
            continue
    for path in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
        candidates.extend(_deb822_sources(path))
    for uri, suite, components in candidates:
        if suite.rstrip("/") == codename and "main" in components and re.match(r"^(https?|ftp|file):", uri):
            return uri
    fail(f"no apt source for suite {codename!r} with component 'main' in /etc/apt/sources.list"
         " or /etc/apt/sources.list.d/ (*.list, *.sources)")
    raise AssertionError  # unreachable


# -------------------------------------------------------------------------------------------------------- pip.conf
def _pip_settings() -> dict[str, list[str]]:
    """index-url, extra-index-url and trusted-host as the machine's pip sees them (config files and PIP_* env)."""
    try:
        listing = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True,
                                 text=True, check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    settings: dict[str, list[str]] = {}
    for line in listing.splitlines():
        name, _, value = line.partition("=")
        option = name.rsplit(".", 1)[-1]
        if option in {"index-url", "extra-index-url", "trusted-host"}:
            settings.setdefault(option, []).extend(value.strip().strip("'\"").split())
    return settings


def _redact(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.username or parts.password:
        netloc = "***@" + (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
        return urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    return url


def pip_conf(path: str) -> None:
    """Write a pip.conf with the network indexes the build needs (local file:// indexes and paths can't be seen
    from inside the build, so they are left out). Prints what it wrote, credentials redacted; writes nothing
    (and prints 'default') when the machine uses pip's default index only."""
    settings = _pip_settings()

    def network(urls: list[str]) -> list[str]:
        return [url for url in urls if re.match(r"^https?://", url)]

    index = network(settings.get("index-url", []))[:1]
    extra = network(settings.get("extra-index-url", []))
    trusted = settings.get("trusted-host", [])
    if not (index or extra or trusted):
        print("default")
        return
    lines = ["[global]"]
    if index:
        lines.append(f"index-url = {index[0]}")
    if extra:
        lines.append("extra-index-url = " + " ".join(extra))
    if trusted:
        lines.append("trusted-host = " + " ".join(trusted))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    shown = [_redact(u) for u in index + extra] + [f"trusted:{h}" for h in trusted]
    print(" ".join(shown))


# ------------------------------------------------------------------------------------------------------ free port
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ------------------------------------------------------------------------------------------------------- exercise
GET_MEETING = """<?xml version="1.0" encoding="UTF-8"?>
<serv:message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
    <header>
        <securityContext>
            <siteName>acme</siteName>
            <webExID>hostid@acme.com</webExID>
            <password>passw0rd</password>
        </securityContext>
    </header>
    <body>
        <bodyContent xsi:type="java:com.webex.service.binding.meeting.GetMeeting">
            <meetingKey>{key}</meetingKey>
        </bodyContent>
    </body>
</serv:message>
"""


def _post(url: str, body: bytes) -> str:
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "text/xml;charset=UTF-8"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            status, text = answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.URLError as exc:
        fail(f"POST {url} failed: {exc}")
    if status != 200:
        fail(f"POST {url}: HTTP {status}\n{text}")
    return text


def _check_success(what: str, text: str) -> None:
    result = re.search(r"<serv:result>([^<]*)</serv:result>", text)
    if not result or result.group(1) != "SUCCESS":
        reason = re.search(r"<serv:reason>([^<]*)</serv:reason>", text)
        exception = re.search(r"<serv:exceptionID>([^<]*)</serv:exceptionID>", text)
        fail(f"{what} did not succeed: result={result.group(1) if result else None!r} "
             f"exceptionID={exception.group(1) if exception else None!r} "
             f"reason={reason.group(1) if reason else None!r}\nanswer:\n{text}")


def create(base_url: str, sample: str) -> str:
    with open(sample, "rb") as handle:
        created = _post(base_url.rstrip("/") + API_PATH, handle.read())
    _check_success("CreateMeeting (seed sample)", created)
    key = re.search(r"<meet:meetingkey>(\d+)</meet:meetingkey>", created)
    if not key:
        fail(f"CreateMeeting answer has no <meet:meetingkey>:\n{created}")
    return key.group(1)


def get(base_url: str, meeting_key: str) -> None:
    fetched = _post(base_url.rstrip("/") + API_PATH, GET_MEETING.format(key=meeting_key).encode("utf-8"))
    _check_success(f"GetMeeting {meeting_key}", fetched)
    if f"<meet:meetingkey>{meeting_key}</meet:meetingkey>" not in fetched:
        fail(f"GetMeeting answer does not name meetingkey {meeting_key}:\n{fetched}")


def exercise(base_url: str, sample: str) -> None:
    meeting_key = create(base_url, sample)
    print(f"CreateMeeting (seed sample): SUCCESS, meetingkey {meeting_key}")
    get(base_url, meeting_key)
    print(f"GetMeeting {meeting_key}: SUCCESS, same meetingkey")


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "apt-mirror":
        print(apt_mirror(argv[1]))
    elif len(argv) == 2 and argv[0] == "pip-conf":
        pip_conf(argv[1])
    elif argv == ["free-port"]:
        print(free_port())
    elif len(argv) == 3 and argv[0] == "exercise":
        exercise(argv[1], argv[2])
    elif len(argv) == 3 and argv[0] == "create":
        print(create(argv[1], argv[2]))
    elif len(argv) == 3 and argv[0] == "get":
        get(argv[1], argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
