"""Configuration: CLI flags > ``WEBEX_MOCK_*`` environment > config file > defaults."""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Mapping

from .fidelity import LENIENT, check_mode

DEFAULT_PORT = 8800
API_PATH = "/WBXService/XMLService"


@dataclass
class Config:
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    log_level: str = "info"
    #: JSON seed of sites and users; None = the embedded fixtures/seed.json
    seed_file: str | None = None
    #: request bodies above this many bytes are refused
    max_body_bytes: int = 1024 * 1024
    #: seeds keys, UUIDs, tokens and tickets; None = random
    random_seed: int | None = None
    #: "text" or "json" (one JSON object per line, secrets redacted)
    log_format: str = "text"
    #: load state from this file at start and save every change to it atomically
    state_file: str | None = None
    #: when set, /_mock/ admin endpoints require it (Authorization: Bearer TOKEN or X-Mock-Admin-Token)
    admin_token: str | None = None
    #: "lenient" (accept what shipped clients send, with notes) or "documented" (refuse it: 999999)
    fidelity: str = LENIENT

    def __post_init__(self) -> None:
        if self.max_body_bytes < 1:
            raise ValueError(f"max_body_bytes must be at least 1, not {self.max_body_bytes}")
        self.fidelity = check_mode(self.fidelity)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _coerce(name: str, value: Any) -> Any:
    kind = {f.name: f.type for f in fields(Config)}[name]
    if value is None or value == "":
        return None if "None" in str(kind) else value
    if "int" in str(kind):
        return int(value)
    return str(value)


def from_file(path: str | Path) -> dict[str, Any]:
    text = Path(path).read_text(encoding="utf-8")
    data = tomllib.loads(text) if str(path).endswith(".toml") else json.loads(text)
    known = {f.name for f in fields(Config)}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"unknown configuration keys in {path}: {', '.join(sorted(unknown))}")
    return data


def from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    values = {}
    for f in fields(Config):
        name = "WEBEX_MOCK_" + f.name.upper()
        if name in environ:
            values[f.name] = environ[name]
    return values


def resolve(flags: Mapping[str, Any], environ: Mapping[str, str] | None = None,
            config_file: str | None = None) -> Config:
    environ = os.environ if environ is None else environ
    merged: dict[str, Any] = {}
    config_file = config_file or environ.get("WEBEX_MOCK_CONFIG")
    if config_file:
        merged.update(from_file(config_file))
    merged.update(from_env(environ))
    merged.update({k: v for k, v in flags.items() if v is not None})
    return Config(**{k: _coerce(k, v) for k, v in merged.items()})
