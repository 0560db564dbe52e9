"""Logging: text or JSON lines (``--log-format json``), secrets always redacted, one line per record.

Every API call logs one line on ``mockserver.requests``: operation, namespace, site, user, result,
exceptionID, HTTP status, latency, meeting key, the reason of a FAILURE and the fidelity notes. At
debug level the line also carries the request (as decoded) and the answer, as the journal keeps them:
secrets masked, each clipped to 64 KiB. A client's value can never start a line of its own: the text
format escapes every control character (``\\n``, ``\\r``, ``\\t``, ``\\xNN``, ``\\u2028``), and the JSON
format escapes, beyond what JSON must, the characters other readers take for line breaks.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from typing import Any

from .base import redact
from .base.errors import clip
from .controls.journal import JournalEntry

_FIELDS = ("namespace", "operation", "site", "user", "result", "exception_id", "reason", "http_status",
           "latency_ms", "meeting_key", "fault", "notes", "request_body", "response_body")
_BODIES = (("request_body", "request"), ("response_body", "answer"))
#: characters of a reason in a text log line
REASON_CHARS = 240
#: C0 and C1 control characters, the Unicode line and paragraph separators, and lone surrogates (which no UTF-8
#: writer takes: a UTF-7 body may decode to one)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
#: what JSON leaves raw but str.splitlines() and others break lines at, and lone surrogates
_JSON_LINE_BREAKS = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape(text: str) -> str:
    """``text`` on one line: every control character written as an escape."""
    return _CONTROL.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    char = match.group(0)
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact.xml_text(record.getMessage()),
        }
        for name in _FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["exception"] = redact.xml_text(self.formatException(record.exc_info))
        text = json.dumps(line, ensure_ascii=False)
        return _JSON_LINE_BREAKS.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


class TextFormatter(logging.Formatter):
    """``time level logger message``, redacted and escaped; at debug level a call's bodies follow on the line.
    A traceback follows on lines of its own, each indented, so that none can pass for a log line."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record.message = escape(redact.xml_text(record.getMessage()))
        record.asctime = self.formatTime(record, self.datefmt)
        line = self.formatMessage(record) + "".join(
            f" {label}: {escape(getattr(record, name))}" for name, label in _BODIES if hasattr(record, name))
        if record.exc_info:
            trace = redact.xml_text(self.formatException(record.exc_info))
            line += "".join("\n    " + escape(part) for part in trace.splitlines())
        return line


def formatter(fmt: str) -> logging.Formatter:
    """The formatter of a log format: ``text`` or ``json``."""
    return JsonFormatter() if fmt == "json" else TextFormatter()


class _QuietDrops(logging.Filter):
    """The 'drop' fault closes connections on purpose; do not log it as a server error."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return type(exc).__name__ != "DroppedConnection"


def quiet_drops() -> None:
    """Keep the servers' error log (uvicorn's) free of the tracebacks of dropped connections."""
    server_errors = logging.getLogger("uvicorn.error")
    if not any(isinstance(known, _QuietDrops) for known in server_errors.filters):
        server_errors.addFilter(_QuietDrops())


def configure(level: str = "info", fmt: str = "text") -> dict[str, Any]:
    """Configure the root logger; returns the dict to hand uvicorn as ``log_config``."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(fmt))
    handler.addFilter(_QuietDrops())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    return {"version": 1, "disable_existing_loggers": False}


def request(logger: logging.Logger, entry: JournalEntry) -> None:
    """Log one call from its journal entry (texts already redacted and clipped there)."""
    if not logger.isEnabledFor(logging.INFO):
        return
    notes = [note.text for note in entry.notes]
    extra: dict[str, Any] = {
        "namespace": entry.namespace, "operation": entry.operation, "site": entry.site, "user": entry.user,
        "result": entry.result, "exception_id": entry.exception_id, "reason": entry.reason,
        "http_status": entry.http_status, "latency_ms": entry.latency_ms, "meeting_key": entry.meeting_key,
        "fault": entry.fault, "notes": notes,
    }
    if logger.isEnabledFor(logging.DEBUG):
        extra["request_body"], extra["response_body"] = entry.request, entry.response
    logger.info(_line(entry, notes), extra=extra)


def _line(entry: JournalEntry, notes: list[str]) -> str:
    """The one-line text of a call: operation, namespace, site, user, result, status, time, and what applies."""
    return (f"{clip(entry.operation or '?')} ns={entry.namespace} site={clip(entry.site or '')} "
            f"user={clip(entry.user or '')} {entry.result}"
            f"{' ' + entry.exception_id if entry.exception_id else ''} "
            f"http={entry.http_status} {entry.latency_ms:.1f}ms"
            f"{' key=' + str(entry.meeting_key) if entry.meeting_key else ''}"
            f"{' reason: ' + clip(entry.reason, REASON_CHARS) if entry.result != 'SUCCESS' and entry.reason else ''}"
            f"{' notes: ' + '; '.join(notes) if notes else ''}")
