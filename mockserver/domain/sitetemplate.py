"""The site's session template applied to a new meeting's ``enableOptions`` (reference 3.5), planned once per
template and per set of flags sent.

A seed site's template has about 57 flags. Writing them, and the one ``site-enable-options`` record that names them,
took about 10 µs of every CreateMeeting. A template is the same from call to call, and so is the set of flags a
client sends: the flags to add and their record are worked out once for each pair and shared by every call that
meets it. The record is one immutable :class:`~.explain.RuleFired`, so what a journal reader sees is what it was.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from .explain import Fired, RuleFired, record, shared

#: sets of flags sent remembered per template (a client sends a few distinct ones; more only wastes memory)
PLANS_PER_TEMPLATE = 256
#: templates remembered (a namespace's sites usually share the seed's few)
TEMPLATES = 64


class _Template:
    """One template's flags as stored ("true"/"false"), and the plan for each set of flags sent."""

    def __init__(self, template: Mapping[str, bool]) -> None:
        self.copy = dict(template)  # compared with the template in use: one changed in place is a new template
        self.flags = {name: "true" if on else "false" for name, on in template.items()}
        self.plans: dict[frozenset[str], tuple[dict[str, str], RuleFired | None]] = {}

    def plan(self, sent: frozenset[str]) -> tuple[dict[str, str], RuleFired | None]:
        found = self.plans.get(sent)
        if found is None:
            added = {name: value for name, value in self.flags.items() if name not in sent}
            made = shared(record("site-enable-options", "enableOptions", None, ", ".join(map("=".join, added.items())),
                                 f"site template: {len(added)} enableOptions flags not sent stored as the template "
                                 "has them")) if added else None
            if len(self.plans) >= PLANS_PER_TEMPLATE:
                self.plans.clear()
            found = self.plans[sent] = (added, made)
        return found


_templates: dict[int, _Template] = {}
_lock = threading.Lock()


def apply(options: dict[str, Any], template: Mapping[str, bool], fired: Fired) -> None:
    """The template's flags that ``options`` (the flags sent) lacks, stored as the template has them; one
    ``site-enable-options`` record names them."""
    with _lock:
        known = _templates.get(id(template))
        if known is None or known.copy != template:  # a dict equal to the one planned: a C comparison of ~57 pairs
            if len(_templates) >= TEMPLATES:
                _templates.clear()
            known = _templates[id(template)] = _Template(template)
        added, made = known.plan(frozenset(options))
    if made is not None:
        options.update(added)
        fired.items.append(made)
