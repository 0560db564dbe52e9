"""A read-only HTML page at ``/_mock/``: sites, stored meetings and recent calls of a namespace.

For the local-development use: open http://127.0.0.1:8800/_mock/ in a browser.
"""

from __future__ import annotations

from html import escape
from typing import Any

from .fidelity import Note
from .tenancy import Tenant

_STYLE = ("body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}"
          "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f3f3f3}"
          ".FAILURE{color:#a00}.SUCCESS{color:#060}.FAULT{color:#a00;font-weight:bold}code{font-size:12px}.note{font-size:12px}.accommodated{color:#850}"
          ".assumed{color:#555}")


def _table(headers: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body or '<tr><td colspan=99>none</td></tr>'}</table>"


def _cell(data: dict[str, Any], block: str, name: str) -> str:
    """One stored value, escaped (imported state may hold numbers or a block that is not an object)."""
    section = data.get(block)
    return escape(str(section.get(name, ""))) if isinstance(section, dict) else ""


def _notes(notes: list[Note]) -> str:
    return "".join(f"<div class='note {escape(n.kind)}'>{escape(n.kind)}: {escape(n.text)}</div>" for n in notes)


def render(tenant: Tenant, recent: int = 50) -> str:
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>webex-mockserver</title>"
             f"<style>{_STYLE}</style></head><body><h1>webex-mockserver</h1>"
             f"<p>Namespace <code>{escape(tenant.name)}</code>. JSON: <a href='/_mock/openapi.json'>admin API</a>.</p>"]
    store = tenant.store
    for site in store.all_sites():
        meetings = sorted(store.site_meetings(site.key), key=lambda m: m.key)
        rows = [[m.key, _cell(m.data, "metaData", "confName"), escape(m.host),
                 _cell(m.data, "schedule", "startDate"), _cell(m.data, "schedule", "duration"),
                 _cell(m.data, "enableOptions", "supportE2E"), _cell(m.data, "enableOptions", "autoRecord")]
                for m in meetings]
        parts.append(f"<h2>Site {escape(site.siteName)} ({site.siteID})</h2>")
        parts.append(_table(["meetingKey", "confName", "host", "startDate", "duration", "E2EE", "autoRecord"], rows))
    entries = tenant.journal.entries()[-recent:]
    rows = [[e.id, escape(e.operation or "?"), escape(e.site or ""), escape(e.user or ""),
             f"<span class='{e.result}'>{e.result}</span>", escape(e.exception_id or ""),
             escape(e.reason or ""), _notes(e.notes), f"{e.latency_ms:.1f}"] for e in reversed(entries)]
    parts.append(f"<h2>Recent calls</h2><p>Fidelity mode <code>{escape(tenant.fidelity)}</code>; "
                 "a note marks where a call was accepted beyond the documentation or answered by a guess.</p>")
    parts.append(_table(["#", "operation", "site", "user", "result", "exceptionID", "reason", "fidelity notes", "ms"],
                        rows))
    parts.append("</body></html>")
    return "".join(parts)
