"""The admin API's big reads: a site's meetings a page at a time, and the state export as a stream.

Both read the store under its lock only to copy what they show (held meetings are immutable tuples: C-level copies
of the containers, :mod:`mockserver.domain.snapshot`); decoding and encoding happen in a worker thread, outside the
lock. The export is the same bytes ``JSONResponse(export_all(...))`` sent, written a batch of meetings at a time, so
a store of 100,000 meetings neither holds the event loop nor the lock while it is encoded.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable, Iterator
from typing import Any

from ..base.chunked import gently, sorted_gently
from ..controls.tenancy import Tenancy
from ..domain import recordings, webhooks
from ..domain.records import Meeting
from ..domain.sites import Site, mask_user
from ..domain.snapshot import StoreCopy, copy_store, page_in_key_order
from ..domain.store import Store
from ..persistence.export import FORMAT, VERSION

#: meetings a page of GET /_mock/sites/{site}/meetings holds by default, and at most
MEETINGS_PAGE_DEFAULT, MEETINGS_PAGE_MAX = 100, 1000
#: meetings (and used keys) written per chunk of the export stream
MEETINGS_PER_CHUNK, KEYS_PER_CHUNK = 100, 10_000

#: what starlette's JSONResponse writes
_json = functools.partial(json.dumps, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":"))


def meetings_page(store: Store, site: str, limit: int, after: int | None,
                  next_page: Callable[[int], str]) -> bytes:
    """The JSON of a page of the meetings of ``site``: those with keys above ``after``, at most ``limit``, in key
    order, as the admin API shows them; ``total``, how many the site holds; ``next``, ``next_page(the last key)``
    when more follow. Each meeting is encoded on its own (one big ``json.dumps`` would hold the interpreter)."""
    held, total, more = page_in_key_order(store, site, limit, after)
    meetings = [_json(Meeting.from_held(one).view()) for one in gently(held)]
    cursor = next_page(Meeting.from_held(held[-1]).key) if more and held else None
    return f'{{"total":{total},"next":{_json(cursor)},"meetings":[{",".join(meetings)}]}}'.encode()


def export_copies(tenancy: Tenancy, names: list[str]) -> list[tuple[str, StoreCopy]]:
    """Each namespace's state, copied (each under its store's lock, briefly)."""
    return [(name, copy_store(tenancy.get(name).store)) for name in names]


def export_stream(copies: list[tuple[str, StoreCopy]]) -> Iterator[bytes]:
    """The state document of ``copies`` (secrets masked, no tickets), as JSON, in chunks."""
    yield f'{{"format":{_json(FORMAT)},"version":{_json(VERSION)},"namespaces":{{'.encode()
    for number, (name, copy) in enumerate(copies):
        yield f'{"," if number else ""}{_json(name)}:{{"sites":['.encode()
        for at, site in enumerate(copy.sites):
            yield ("," if at else "").encode() + _site_json(site).encode()
        yield b'],"meetings":['
        yield from _meetings(copy)
        yield b'],"usedKeys":['
        keys = sorted_gently(copy.used_keys, key=_itself)
        for at in range(0, len(keys), KEYS_PER_CHUNK):
            yield ("," if at else "").encode() + ",".join(map(str, keys[at:at + KEYS_PER_CHUNK])).encode()
        yield b'],"tickets":[]' + b"".join(f',"{name}":{_json(part)}'.encode()
                                            for name, part in _parts(copy) if part is not None) + b"}"
    yield b"}}"


def _parts(copy: StoreCopy) -> list[tuple[str, dict[str, Any] | None]]:
    """A namespace's parts kept as one object each, as the export shows them: secrets masked."""
    return [("clock", copy.clock), ("happenings", copy.happenings),
            ("recordings", recordings.masked(copy.recordings["items"]) if copy.recordings is not None else None),
            ("webhooks", webhooks.masked(copy.webhooks["items"]) if copy.webhooks is not None else None)]


def _meetings(copy: StoreCopy) -> Iterator[bytes]:
    batch: list[str] = []
    first = True
    for site in copy.meetings:
        for meeting in gently(site.meetings()):
            batch.append(_json(meeting.to_dict()))
            if len(batch) == MEETINGS_PER_CHUNK:
                yield ("" if first else ",").encode() + ",".join(batch).encode()
                batch, first = [], False
    if batch:
        yield ("" if first else ",").encode() + ",".join(batch).encode()


def _site_json(site: Site) -> str:
    """``_json(masked_site(site))``, each user encoded on its own (a site may have thousands): ``users`` is the
    last field of a site."""
    head = _json({name: value for name, value in masked_site(dataclasses.replace(site, users={})).items()
                  if name != "users"})
    users = ",".join(_json(mask_user(dataclasses.asdict(user))) for user in site.users.values())
    return f'{head[:-1]},"users":[{users}]}}'


def masked_site(site: Site) -> dict[str, Any]:
    """A site as the admin API shows it: its users' passwords and access tokens masked."""
    data = site.to_dict()
    for user in data["users"]:
        mask_user(user)
    return data


def _itself(value: int) -> int:
    return value
