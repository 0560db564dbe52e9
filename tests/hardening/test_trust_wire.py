"""The served mock against clients that hold its connections: bodies that never finish (408 after --body-timeout,
the app sees the client go), more connections than --max-connections (503 at once), more body bytes in flight than
--max-inflight-body-bytes (503). Counted in connections answered and closed, never in seconds (the deadlines only
bound a broken server). The fixture's MockServer serves with the same protocol."""

from __future__ import annotations

import signal
import socket
import time
from urllib.parse import urlsplit

import httpx
import pytest
from processkit import start, stop
from webex import sample

from mockserver import Config, MockServer

BODY_TIMEOUT_S = 1
#: generous: the body timeout is 1 s; this only bounds a broken server
CLOSE_WITHIN_S = 20
MAX_CONNECTIONS = 6
MAX_BODY = 64 * 1024
IN_FLIGHT = 2 * MAX_BODY
SEED = sample("seed-createmeeting-request.xml")


@pytest.fixture(scope="module")
def served():
    process, url = start("--port", "0", "--log-level", "warning", "--body-timeout", str(BODY_TIMEOUT_S),
                         "--max-body-bytes", str(MAX_BODY), "--max-inflight-body-bytes", str(IN_FLIGHT),
                         "--max-connections", str(MAX_CONNECTIONS))
    yield url
    _, errors = stop(process)
    assert "Traceback" not in errors and "Exception in ASGI application" not in errors, errors


def _connect(url: str) -> socket.socket:
    parts = urlsplit(url)
    return socket.create_connection((parts.hostname, parts.port), timeout=10)


def _head(path: str, length: int, content_type: str = "text/xml", method: str = "POST") -> bytes:
    return (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()


def _read_all(sock: socket.socket) -> bytes:
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def _trickle_until_answered(sock: socket.socket, meanwhile=lambda: None) -> bytes:
    """Send a body a byte every 0.25 s; what the server answers once it gives up (b"" if it never does)."""
    sock.settimeout(0.25)
    started = time.monotonic()
    while time.monotonic() - started < CLOSE_WITHIN_S:
        try:
            sock.send(b"x")
            first = sock.recv(4096)  # the server says something (a 408) or closes (b"") only when it gives up
        except TimeoutError:
            meanwhile()  # still reading the body: the normal case for a while
            continue
        except OSError:
            return b"(reset)"
        sock.settimeout(10)
        return first + _read_all(sock)
    return b""


def _served_now(url: str) -> bool:
    try:
        answer = httpx.post(url, content=SEED, timeout=10)
    except httpx.TransportError:
        return False
    return answer.status_code == 200 and b"<serv:result>SUCCESS</serv:result>" in answer.content


def test_a_body_sent_byte_by_byte_gets_408_and_a_close_while_others_are_served(served):
    served_meanwhile = []
    with _connect(served) as sock:
        sock.sendall(_head("/WBXService/XMLService", 10_000))
        answer = _trickle_until_answered(sock, lambda: served_meanwhile or served_meanwhile.append(_served_now(served)))
    assert answer.startswith(b"HTTP/1.1 408 Request Timeout\r\n"), answer[:200] or "never answered"
    assert b"connection: close" in answer.lower()
    assert served_meanwhile == [True]


@pytest.mark.parametrize("method, path, content_type", [("POST", "/WBXService/XMLService", "text/xml"),
                                                        ("PUT", "/_mock/state", "application/json"),
                                                        ("POST", "/_mock/login", "application/x-www-form-urlencoded")])
def test_a_body_one_byte_short_gets_408_and_the_connection_closes(served, method, path, content_type):
    with _connect(served) as sock:
        sock.settimeout(CLOSE_WITHIN_S)
        sock.sendall(_head(path, 1000, content_type, method) + b"x" * 999)
        answer = _read_all(sock)
    assert answer.startswith(b"HTTP/1.1 408 Request Timeout\r\n"), answer[:200] or "never answered"


def test_over_max_connections_a_new_connection_gets_503_at_once_and_is_closed(served):
    holders = [_connect(served) for _ in range(MAX_CONNECTIONS)]
    try:
        for sock in holders:  # each holds its connection with a body that is not finished yet
            sock.sendall(_head("/WBXService/XMLService", 1000) + b"<")
        answers = []
        for sends_first in (False, True, False):
            with _connect(served) as extra:
                if sends_first:  # a client that writes its request before it reads still reads the 503
                    extra.sendall(_head("/WBXService/XMLService", len(SEED)) + SEED)
                answers.append(_read_all(extra))
        assert [a.split(b"\r\n", 1)[0] for a in answers] == [b"HTTP/1.1 503 Service Unavailable"] * 3, answers
        assert all(b"retry-after: 1\r\n" in a and b"connection: close\r\n" in a for a in answers)
    finally:
        for sock in holders:
            sock.close()
    # the held connections gone, calls are served again (the server notices the closes within a few tries)
    assert any(_served_now(served) for _ in range(20))


def test_bodies_in_flight_hold_at_most_max_inflight_body_bytes(served):
    first, second, third = (_connect(served) for _ in range(3))
    with first, second, third:
        first.sendall(_head("/WBXService/XMLService", MAX_BODY) + b"<" * (MAX_BODY - 100))
        second.sendall(_head("/WBXService/XMLService", MAX_BODY) + b"<" * (MAX_BODY - 100))
        # a barrier (a call without a body): the server has read what was sent before
        assert httpx.get(served.replace("/WBXService/XMLService", "/_mock/health"), timeout=10).status_code == 200
        third.settimeout(CLOSE_WITHIN_S)
        third.sendall(_head("/WBXService/XMLService", MAX_BODY) + b"<" * 300)  # 2 x 65,436 + 300 > 131,072
        refused = _read_all(third)
        assert refused.startswith(b"HTTP/1.1 503 Service Unavailable\r\n"), refused[:200]
        assert b"retry-after: 1\r\n" in refused
        for held in (first, second):  # the two held bodies are still read and answered
            held.settimeout(CLOSE_WITHIN_S)
            held.sendall(b"<" * 100)
            assert held.recv(4096).startswith(b"HTTP/1.1 200 OK\r\n")
    assert _served_now(served)  # their bytes are no longer counted


def test_a_server_stopping_while_a_body_comes_in_answers_503_and_stops():
    process, url = start("--port", "0", "--log-level", "warning")  # the default body timeout: 30 s
    with _connect(url) as sock:
        sock.sendall(_head("/WBXService/XMLService", 1000) + b"<")
        assert httpx.get(url.replace("/WBXService/XMLService", "/_mock/health"), timeout=10).status_code == 200
        sock.settimeout(CLOSE_WITHIN_S)
        _, errors = stop(process)  # within its 10 s: it no longer waits for the body
        assert _read_all(sock).startswith(b"HTTP/1.1 503 Service Unavailable\r\n")
    assert process.returncode == -signal.SIGTERM and "Traceback" not in errors, (process.returncode, errors)


def test_the_fixtures_server_has_the_same_limits():
    with MockServer(Config(port=0, body_timeout=0.5, max_connections=2)) as server:
        with _connect(server.url) as slow:
            slow.settimeout(CLOSE_WITHIN_S)
            slow.sendall(_head("/WBXService/XMLService", 100) + b"<")
            assert _read_all(slow).startswith(b"HTTP/1.1 408 ")
        holders = [_connect(server.url) for _ in range(2)]
        try:
            for sock in holders:
                sock.sendall(b"POST /WBXService/XMLService HTTP/1.1\r\n")
            with _connect(server.url) as extra:
                assert _read_all(extra).startswith(b"HTTP/1.1 503 ")
        finally:
            for sock in holders:
                sock.close()
