"""Hostile requests for tests/hardening/test_hostile_*.py and scripts/hostile_costs.py.

Each XML attack is a CreateMeeting (unprefixed ``<message>``, so any XML parser can
read it) carrying the attack; ``canary`` is a file URI whose content must never
leak, ``url`` a local listener that must never be hit.
"""

from __future__ import annotations

import asyncio
import http.server
import io
import threading
import time
import tracemalloc
import xml.sax
import xml.sax.handler
from xml.sax.handler import feature_external_ges

from lxml import etree
from webex import create_meeting

from mockserver import API_PATH
from mockserver.domain.sites import load_seed
from mockserver.domain.store import Store
from mockserver.xml import intake
from mockserver.xml.service import XMLService

START = "<schedule><startDate>12/01/2026 10:00:00</startDate></schedule>"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def with_topic(topic: str, doctype: str = "", **kw) -> str:
    """A CreateMeeting whose confName is ``topic`` (raw XML), after an optional DOCTYPE."""
    return create_meeting(f"<metaData><confName>{topic}</confName></metaData>{START}", root="message",
                          declaration=DECLARATION + doctype, **kw)


def billion_laughs(levels: int = 10) -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)]
    return with_topic(f"&lol{levels - 1};", f"<!DOCTYPE message [{''.join(entities)}]>\n")


def quadratic_blowup(size: int = 60_000, references: int = 300_000) -> str:
    """One big entity referenced many times: 1 MB sent, 18 GB once expanded."""
    return with_topic("&a;" * references, f'<!DOCTYPE message [<!ENTITY a "{"x" * size}">]>\n')


def attacks(canary: str, url: str) -> dict[str, str]:
    """Name -> request. ``canary``: a file: URI; ``url``: an http: URL of a listener."""
    return {
        "external entity (file)": with_topic("&leak;", f'<!DOCTYPE message [<!ENTITY leak SYSTEM "{canary}">]>\n'),
        "external entity (http)": with_topic("&leak;", f'<!DOCTYPE message [<!ENTITY leak SYSTEM "{url}">]>\n'),
        "parameter entity": with_topic(
            "&leak;", f'<!DOCTYPE message [<!ENTITY % remote SYSTEM "{url}"> %remote;]>\n'),
        "external DTD": with_topic("&leak;", f'<!DOCTYPE message SYSTEM "{url}">\n'),
        "XInclude": with_topic(f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{canary}" '
                               'parse="text"/>'),
        "billion laughs": billion_laughs(),
        "quadratic blowup": quadratic_blowup(),
    }


def over_limits() -> dict[str, str]:
    """Name -> a request just over one of intake's limits, and the worst of each kind within 1 MiB."""
    room = 1024 * 1024 - len(with_topic("x")) - 64

    def on_meta_data(attributes: str) -> str:
        return with_topic("x").replace("<metaData>", f"<metaData {attributes}>")

    return {
        "depth": with_topic("<a>" * intake.MAX_DEPTH + "</a>" * intake.MAX_DEPTH),
        "depth past libxml2's 256": with_topic("<a>" * 300 + "</a>" * 300),
        "elements": with_topic("<a/>" * (intake.MAX_ELEMENTS + 1)),
        "elements, 1 MiB of them": with_topic("<a/>" * (room // 4)),
        "attributes": on_meta_data(" ".join(f'a{i}="1"' for i in range(intake.MAX_ATTRIBUTES + 1))),
        "attributes, 1 MiB of them": on_meta_data(" ".join(f'a{i:06d}="1"' for i in range(room // 12))),
        "namespace declarations": on_meta_data(
            " ".join(f'xmlns:p{i}="urn:p"' for i in range(intake.MAX_NAMESPACES + 1))),
        "namespace declarations, 1 MiB of them": on_meta_data(
            " ".join(f'xmlns:p{i:06d}="urn:p{i:06d}"' for i in range(room // 28))),
        "text": with_topic("x" * (intake.MAX_TEXT + 1)),
        "text, 1 MiB": with_topic("x" * room),
        "attribute value": on_meta_data(f'a="{"x" * (intake.MAX_TEXT + 1)}"'),
    }


class Listener:
    """An HTTP server on 127.0.0.1 that records every request; it serves a DTD defining ``&leak;``."""

    DTD = b'<!ENTITY leak "LISTENER-WAS-READ">'

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "application/xml-dtd")
                self.send_header("Content-Length", str(len(Listener.DTD)))
                self.end_headers()
                self.wfile.write(Listener.DTD)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/evil.dtd"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Listener:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


# -- what the same requests do to parsers without our protections ------------------------------------

def unsafe_lxml(document: str) -> str:
    """lxml as too many servers use it: entities resolved, DTDs loaded, XInclude processed."""
    parser = etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=False)
    tree = etree.fromstring(document.encode("utf-8"), parser).getroottree()
    tree.xinclude()
    return "".join(tree.getroot().itertext())


def unsafe_sax(document: str) -> str:
    """Python's SAX parser with external general entities on: it fetches http: and file: URLs."""
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    text: list[str] = []

    class Collect(xml.sax.handler.ContentHandler):
        def characters(self, content: str) -> None:
            text.append(content)

    parser.setContentHandler(Collect())
    try:
        parser.parse(io.BytesIO(document.encode("utf-8")))
    except xml.sax.SAXException as exc:
        text.append(f" [error: {exc}]")
    return "".join(text)


def cost(body: bytes) -> tuple[float, int, str]:
    """(best seconds of three, peak traced bytes, result) of one in-process call on a fresh store."""
    service = XMLService()
    store = Store.from_sites(load_seed(), seed=1)
    service.handle(with_topic("warm-up").encode(), "text/xml", store)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        outcome = service.handle(body, "text/xml", store)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    try:
        service.handle(body, "text/xml", store)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return min(times), peak, outcome.result


def asgi_post(app, chunks: list[bytes], headers: dict[str, str],
              path: str = API_PATH) -> tuple[int, dict[bytes, bytes], bytes, int]:
    """POST ``chunks`` (one ASGI body message each) to ``path`` straight in ``app``, as uvicorn would deliver them.

    Returns (status, headers, body, how many chunks the app left unread)."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(k.lower().encode(), v.encode("latin-1", "replace"))
                         for k, v in {"Host": "localhost", **headers}.items()],
             "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1)}
    pending = [{"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
               for i, chunk in enumerate(chunks)]
    answer: dict = {"body": b""}

    async def receive():
        return pending.pop(0) if pending else {"type": "http.disconnect"}

    async def send(message):
        if message["type"] == "http.response.start":
            answer["status"], answer["headers"] = message["status"], dict(message["headers"])
        else:
            answer["body"] += message.get("body", b"")

    asyncio.run(app(scope, receive, send))
    return answer["status"], answer["headers"], answer["body"], len(pending)
