"""What :class:`.recordings.Recordings` and :class:`.webhooks.Webhooks` share: records of a namespace kept per site
by id, oldest first, changed under a lock, each change told to the store (which notes it for the state file)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from ..base.errors import NoRecordFound, clip


class Record(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def site(self) -> str: ...

    def to_dict(self) -> dict[str, Any]: ...


R = TypeVar("R", bound=Record)


@dataclass
class SiteRecords(Generic[R]):
    #: per site key: id -> record, oldest first
    by_site: dict[str, dict[str, R]] = field(default_factory=dict)
    #: told after every change (the store notes it for the state file); None: nobody is told
    changed: Callable[[], None] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def _changed(self) -> None:
        if self.changed is not None:
            self.changed()

    def _found(self, site: str, record_id: str, what: str) -> R:
        """The site's record ``record_id``; NoRecordFound naming ``what`` (``recording``, ``webhook``) if none."""
        found = self.by_site.get(site, {}).get(record_id)
        if found is None:
            raise NoRecordFound(f"No {what} with id {clip(record_id, 60)!r}.")
        return found

    def _put(self, record: R) -> None:
        """Keep ``record`` (replacing one of its id), and tell."""
        with self._lock:
            self.by_site.setdefault(record.site, {})[record.id] = record
        self._changed()

    def _removed(self, site: str, record_id: str, found: Callable[[str, str], R]) -> R:
        """Drop the record ``found(site, record_id)`` gives (it raises when there is none), and tell."""
        with self._lock:
            record = found(site, record_id)
            del self.by_site[site][record.id]
        self._changed()
        return record

    def clear_site(self, site: str) -> None:
        with self._lock:
            gone = self.by_site.pop(site, None)
        if gone:
            self._changed()

    def sites(self) -> set[str]:
        """The sites that have records."""
        with self._lock:
            return {site for site, found in self.by_site.items() if found}

    def _items(self) -> list[dict[str, Any]]:
        """Every record as a dict, site by site, oldest first (the state's ``items``)."""
        with self._lock:
            return [record.to_dict() for found in self.by_site.values() for record in found.values()]
