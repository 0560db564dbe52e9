"""Logging: text or JSON lines (``--log-format json``), secrets always redacted.

Every API call logs one line on ``mockserver.requests``: namespace, operation,
site, user, result, exceptionID, HTTP status, latency and meeting key. Bodies are
logged only at debug level, and then with passwords, tickets and tokens masked.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

from . import redact

_FIELDS = ("namespace", "operation", "site", "user", "result", "exception_id", "http_status", "latency_ms",
           "meeting_key", "fault", "notes", "request_body", "response_body")


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
        return json.dumps(line, ensure_ascii=False)


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact.xml_text(super().format(record))


class _QuietDrops(logging.Filter):
    """The 'drop' fault closes connections on purpose; do not log it as a server error."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return type(exc).__name__ != "DroppedConnection"


def configure(level: str = "info", fmt: str = "text") -> dict[str, Any]:
    """Configure the root logger; returns the dict to hand uvicorn as ``log_config``."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else
                         RedactingFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(_QuietDrops())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    return {"version": 1, "disable_existing_loggers": False}


def request(logger: logging.Logger, namespace: str, outcome: Any, status: int, body: bytes,
            answer: bytes) -> None:
    if not logger.isEnabledFor(logging.INFO):
        return
    extra: dict[str, Any] = {
        "namespace": namespace, "operation": outcome.operation, "site": outcome.site, "user": outcome.user,
        "result": outcome.result, "exception_id": outcome.exception_id, "http_status": status,
        "latency_ms": round(outcome.latency_ms, 3), "meeting_key": outcome.meeting_key,
        "fault": outcome.fault.id if outcome.fault else None,
        "notes": [note.text for note in outcome.notes],
    }
    if logger.isEnabledFor(logging.DEBUG):
        extra["request_body"] = redact.xml_text(body.decode("utf-8", "replace"))
        extra["response_body"] = redact.xml_text(answer.decode("utf-8", "replace"))
    message = (f"{outcome.operation or '?'} ns={namespace} site={outcome.site} user={outcome.user} "
               f"{outcome.result}{' ' + outcome.exception_id if outcome.exception_id else ''} "
               f"http={status} {outcome.latency_ms:.1f}ms"
               f"{' key=' + str(outcome.meeting_key) if outcome.meeting_key else ''}"
               f"{' notes: ' + '; '.join(note.text for note in outcome.notes) if outcome.notes else ''}")
    logger.info(message, extra=extra)
