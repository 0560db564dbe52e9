"""What every namespace of the featured things (``featured.py``, ``featured_rest.py``) holds and looks at on every
call, in its cheapest flat form: its clock's offset, its faults, stubs and webhooks (empty lists), its state file
(none)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Controls:
    """One namespace's clock and controls."""

    name: str
    offset_ms: int = 0
    faults: list[Any] = field(default_factory=list)
    stubs: list[Any] = field(default_factory=list)
    webhooks: list[Any] = field(default_factory=list)
    state_file: str | None = None


def picked(rules: list[Any], operation: str) -> Any:
    """The first fault or stub set for ``operation`` (or for every operation), as every call looks for one."""
    return next((rule for rule in rules if rule[0] in (operation, "*")), None)
