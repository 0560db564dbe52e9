"""The served mock (the console script) against clients that misbehave on the wire: oversized request heads
(431), heads that never finish (closed after --header-timeout), and a client that writes a whole oversized body
before it reads the 413."""

from __future__ import annotations

import contextlib
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import httpx
import pytest
from processkit import start, stop
from webex import sample

MAX_HEADER_BYTES = 8192
HEADER_TIMEOUT_S = 1
#: generous: the header timeout is 1 s; this only bounds a broken server
CLOSE_WITHIN_S = 20


@pytest.fixture(scope="module")
def served():
    process, url = start("--port", "0", "--log-level", "warning", "--max-body-bytes", "65536",
                         "--max-header-bytes", str(MAX_HEADER_BYTES), "--header-timeout", str(HEADER_TIMEOUT_S))
    yield url
    stop(process)


def _connect(url: str) -> socket.socket:
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
    return sock


def _read_all(sock: socket.socket) -> bytes:
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def _head(path: str, extra: str = "") -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}Connection: close\r\n\r\n".encode()


def test_a_request_head_over_the_limit_gets_431_and_a_closed_connection(served):
    sock = _connect(served)
    with sock:
        sock.sendall(b"GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * (MAX_HEADER_BYTES * 8))
        answer = _read_all(sock)
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
    assert b"connection: close" in answer.lower()


def test_a_long_request_line_counts_toward_the_limit(served):
    sock = _connect(served)
    with sock:
        sock.sendall(b"GET /_mock/health?" + b"q" * (MAX_HEADER_BYTES * 2) + b" HTTP/1.1\r\n")
        assert _read_all(sock).startswith(b"HTTP/1.1 431 ")


def test_a_head_just_under_the_limit_is_served(served):
    sock = _connect(served)
    with sock:
        sock.sendall(_head("/_mock/health", "X-Big: " + "a" * (MAX_HEADER_BYTES - 200) + "\r\n"))
        answer = _read_all(sock)
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]


TRICKLE = b"GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 1000


def _trickle_until_closed(sock: socket.socket, meanwhile=lambda: None) -> bool:
    """Send a never-ending head a byte every 0.5 s; True once the server answers (a 408) or closes."""
    sock.settimeout(0.5)
    started = time.monotonic()
    for byte in TRICKLE:
        if time.monotonic() - started > CLOSE_WITHIN_S:
            return False
        try:
            sock.send(bytes([byte]))
            sock.recv(4096)  # the server says something (a 408) or closes (b"") only when it gives up
            return True
        except TimeoutError:
            meanwhile()  # still open: the normal case for a while
        except OSError:
            return True
    return False


def test_a_head_sent_byte_by_byte_is_closed_while_others_are_served(served):
    served_meanwhile = []

    def a_normal_request():
        if not served_meanwhile:
            response = httpx.post(served, content=sample("seed-createmeeting-request.xml"), timeout=10)
            served_meanwhile.append(b"<serv:result>SUCCESS</serv:result>" in response.content)

    with _connect(served) as sock:
        assert _trickle_until_closed(sock, a_normal_request), f"still connected after {CLOSE_WITHIN_S} s"
    assert served_meanwhile == [True]


def test_the_next_head_on_a_kept_alive_connection_has_a_deadline_too(served):
    with _connect(served) as sock:
        sock.sendall(_head("/_mock/health").replace(b"Connection: close\r\n", b""))
        assert sock.recv(4096).startswith(b"HTTP/1.1 200 ")
        assert _trickle_until_closed(sock), f"still connected after {CLOSE_WITHIN_S} s"


def test_a_connection_that_sends_nothing_is_closed(served):
    sock = _connect(served)
    sock.settimeout(CLOSE_WITHIN_S)
    with sock, contextlib.suppress(ConnectionResetError):
        assert sock.recv(4096) == b""


def test_keep_alive_connections_still_serve_several_requests(served):
    with httpx.Client(timeout=10) as client:
        for _ in range(3):
            answer = client.post(served, content=sample("seed-createmeeting-request.xml"))
            assert b"<serv:result>SUCCESS</serv:result>" in answer.content


def test_urllib_sending_a_whole_oversized_body_reads_the_413(served):
    request = urllib.request.Request(served, data=b"x" * (8 * 1024 * 1024), headers={"Content-Type": "text/xml"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 413
    assert b"larger than 65536 bytes" in refused.value.read()
