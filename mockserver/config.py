"""Configuration: CLI flags > ``WEBEX_MOCK_*`` environment > config file > defaults.

Every value is checked in one place (:func:`check`, run by ``Config`` itself); a value that does not fit raises
:class:`ConfigError`, whose message names the setting and, through :func:`resolve`, where the value came from.
"""

from __future__ import annotations

import json
import math
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from .base.eranames import DEFAULT as DEFAULT_ERA
from .base.eranames import check_era
from .base.fidelity import LENIENT, check_mode
from .base.instants import parse_instant

DEFAULT_PORT = 8800
API_PATH = "/WBXService/XMLService"
LOG_LEVELS = ("critical", "error", "warning", "info", "debug")
LOG_FORMATS = ("text", "json")
ENV_PREFIX = "WEBEX_MOCK_"
#: an empty value of these in a flag or the environment means "not set"
EMPTY_MEANS_UNSET = ("seed_file", "state_file", "random_seed", "clock_start")
#: ``max_journal_bytes`` by default (what a 2-core CI machine can afford beside the suite) and at least (a few calls'
#: entries: the clipped request or answer of one may hold 256 KiB)
DEFAULT_JOURNAL_BYTES = 256 * 1024 * 1024
MIN_JOURNAL_BYTES = 4 * 1024 * 1024
#: flags whose name is not ``--`` + the setting's name with dashes
FLAG_NAMES = {"allowed_hosts": "--allowed-host"}


WEBHOOK_TARGETS = ("loopback", "any")


class ConfigError(ValueError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


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
    #: an SQLite database: loaded at start, each change committed before its answer (statefile.py)
    state_file: str | None = None
    #: when set, /_mock/ admin endpoints require it (Authorization: Bearer TOKEN or X-Mock-Admin-Token)
    admin_token: str | None = None
    #: a request line plus headers over this many bytes is refused with HTTP 431
    max_header_bytes: int = 64 * 1024
    #: seconds a client has to send its request line and headers (from connecting, or from the last answer)
    header_timeout: float = 10.0
    #: seconds a client has to send its request body, from the end of its head (then: HTTP 408, closed)
    body_timeout: float = 30.0
    #: connections served at once; one more is answered HTTP 503 (Retry-After) at once and closed
    max_connections: int = 256
    #: bytes of request bodies being received at once, over all connections; a request that would pass it gets 503
    max_inflight_body_bytes: int = 128 * 1024 * 1024
    #: namespaces kept in memory; past it the least recently used one (never ``default``) is dropped
    max_namespaces: int = 10_000
    #: Host names (``name`` or ``name:port``) the admin API answers to besides loopback and the bound host
    allowed_hosts: list[str] = field(default_factory=list)
    #: "lenient" (accept what shipped clients send, with notes) or "documented" (refuse it: 999999)
    fidelity: str = LENIENT
    #: bytes the journals of all namespaces hold together; past it the oldest entry of any is evicted
    max_journal_bytes: int = DEFAULT_JOURNAL_BYTES
    #: where webhook deliveries may go: "loopback" (this machine only) or "any"
    webhook_targets: str = "loopback"
    #: tries of a webhook delivery before it is given up (the first included)
    webhook_attempts: int = 5
    #: seconds before a failed delivery is tried again, doubled after each further failure
    webhook_retry_seconds: float = 1.0
    #: the instant (ISO 8601 with an offset) every namespace's clock starts at, then runs from; None: real time
    clock_start: str | None = None
    #: the clock stands still at clock_start (or at the launch's real time) until a test moves it
    clock_frozen: bool = False
    #: every new namespace's meetings run as scheduled (docs/time.md, "Meetings that happen"), for demos
    meetings_run_as_scheduled: bool = False
    #: the XML API era of the seed's sites (and of sites added without one): "classic" or "api42" (domain/eras.py)
    era: str = DEFAULT_ERA

    def __post_init__(self) -> None:
        check(self)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- checking ---------------------------------------------------------------------------------------


_KINDS: dict[str, tuple[type, str]] = {"int": (int, "an integer"), "float": (float, "a number"),
                                        "str": (str, "a string"), "list[str]": (list, "a list of names"),
                                        "bool": (bool, "true or false")}
#: what a flag's or environment variable's text may say for a bool setting
_BOOLS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


def _annotation(name: str) -> str:
    return str({f.name: f.type for f in fields(Config)}[name])


def _kind(name: str) -> str:
    return _annotation(name).replace(" | None", "")


def _check_type(config: Config, name: str) -> None:
    value, kind = getattr(config, name), _kind(name)
    if value is None and _annotation(name).endswith("| None"):
        return
    if kind == "float" and isinstance(value, int) and not isinstance(value, bool):
        setattr(config, name, float(value))
        return
    wanted, described = _KINDS[kind]
    if not isinstance(value, wanted) or (isinstance(value, bool) and kind != "bool"):
        raise ConfigError(name, f"{name} must be {described}, not {value!r}")


def _at_least(config: Config, name: str, least: float, unit: str = "") -> None:
    value = getattr(config, name)
    if value < least or (isinstance(value, float) and not math.isfinite(value)):
        raise ConfigError(name, f"{name} must be at least {least}{unit}, not {value}")


def check(config: Config) -> None:
    """Every setting of ``config`` fits, or :class:`ConfigError` names the first that does not."""
    for f in fields(Config):
        _check_type(config, f.name)
    _check_listening(config)
    _check_logging(config)
    _check_set_ones_not_empty(config)
    _at_least(config, "max_body_bytes", 1, " bytes")
    _at_least(config, "max_header_bytes", 1024, " bytes")
    _at_least(config, "header_timeout", 0.1, " seconds")
    _at_least(config, "body_timeout", 0.1, " seconds")
    _at_least(config, "max_connections", 1)
    if config.max_inflight_body_bytes < config.max_body_bytes:
        raise ConfigError("max_inflight_body_bytes", f"max_inflight_body_bytes must be at least max_body_bytes "
                                                     f"({config.max_body_bytes}), not {config.max_inflight_body_bytes}")
    _at_least(config, "max_namespaces", 2)
    _at_least(config, "max_journal_bytes", MIN_JOURNAL_BYTES, " bytes")
    try:
        config.fidelity = check_mode(config.fidelity)
    except ValueError as exc:
        raise ConfigError("fidelity", str(exc)) from None
    if config.webhook_targets not in WEBHOOK_TARGETS:
        raise ConfigError("webhook_targets", f"webhook_targets must be one of {', '.join(WEBHOOK_TARGETS)}, not "
                                             f"{config.webhook_targets!r}")
    try:
        check_era(config.era)
    except ValueError as exc:
        raise ConfigError("era", str(exc)) from None
    _at_least(config, "webhook_attempts", 1)
    _at_least(config, "webhook_retry_seconds", 0.0, " seconds")
    if config.clock_start is not None:
        try:
            parse_instant(config.clock_start, "clock_start")
        except ValueError as exc:
            raise ConfigError("clock_start", str(exc)) from None
    for name in config.allowed_hosts:
        if not isinstance(name, str) or not name or any(c.isspace() or c in "/@" for c in name):
            raise ConfigError("allowed_hosts", f"allowed_hosts: {name!r} is not a host name (name or name:port)")


def _check_listening(config: Config) -> None:
    if not config.host.strip():
        raise ConfigError("host", "host must not be empty; use 0.0.0.0 to listen on every interface")
    if not 0 <= config.port <= 65535:
        raise ConfigError("port", f"port must be between 0 and 65535, not {config.port}")


def _check_logging(config: Config) -> None:
    config.log_level = config.log_level.lower()
    if config.log_level not in LOG_LEVELS:
        raise ConfigError("log_level", f"log_level must be one of {', '.join(LOG_LEVELS)}, not {config.log_level!r}")
    if config.log_format not in LOG_FORMATS:
        raise ConfigError("log_format",
                          f"log_format must be one of {', '.join(LOG_FORMATS)}, not {config.log_format!r}")


def _check_set_ones_not_empty(config: Config) -> None:
    """The settings that may be unset (None) are, when set, not blank."""
    if config.admin_token is not None and not config.admin_token.strip():
        raise ConfigError("admin_token", "admin_token must not be empty; leave it unset for no token")
    for name in ("seed_file", "state_file", "clock_start"):
        if getattr(config, name) is not None and not getattr(config, name).strip():
            raise ConfigError(name, f"{name} must not be empty; leave it unset for none")


# -- reading ----------------------------------------------------------------------------------------------


def _parse(name: str, raw: Any) -> Any:
    """A flag's or environment variable's text as the setting's type (file values arrive typed)."""
    if not isinstance(raw, str):
        return raw
    kind = _kind(name)
    if raw.strip() == "" and name in EMPTY_MEANS_UNSET:
        return None
    if kind == "list[str]":
        return [part.strip() for part in raw.split(",") if part.strip()]
    if kind == "bool":
        if raw.strip().lower() not in _BOOLS:
            raise ConfigError(name, f"{name} must be true or false, not {raw!r}")
        return _BOOLS[raw.strip().lower()]
    if kind in ("int", "float"):
        try:
            return int(raw.strip()) if kind == "int" else float(raw.strip())
        except ValueError:
            raise ConfigError(name, f"{name} must be {_KINDS[kind][1]}, not {raw!r}") from None
    return raw


def from_file(path: str | Path) -> dict[str, Any]:
    suffix = Path(path).suffix.lower()
    if suffix not in (".toml", ".json"):
        raise ConfigError("config", f"config file {path}: unsupported format {suffix or '(no suffix)'!r}; "
                                    "use a .toml or .json file")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError("config", f"config file {path}: cannot read it: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError("config", f"config file {path}: not UTF-8 text") from None
    try:
        data = tomllib.loads(text) if suffix == ".toml" else json.loads(text)
    except ValueError as exc:
        raise ConfigError("config", f"config file {path}: not valid {suffix[1:].upper()}: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError("config", f"config file {path}: must hold an object of settings")
    known = {f.name for f in fields(Config)}
    unknown = set(data) - known
    if unknown:
        raise ConfigError("config", f"unknown configuration keys in {path}: {', '.join(sorted(unknown))}")
    return data


def from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    return {f.name: environ[env_name(f.name)] for f in fields(Config) if env_name(f.name) in environ}


def env_name(name: str) -> str:
    return ENV_PREFIX + name.upper()


def flag_name(name: str) -> str:
    return FLAG_NAMES.get(name, "--" + name.replace("_", "-"))


def resolve_with_sources(flags: Mapping[str, Any], environ: Mapping[str, str] | None = None,
                         config_file: str | None = None) -> tuple[Config, dict[str, str]]:
    """The configuration, and where each setting came from (``flag --port``, ``environment WEBEX_MOCK_PORT``,
    ``config file c.toml``, ``default``)."""
    environ = os.environ if environ is None else environ
    merged: dict[str, Any] = {}
    sources = {f.name: "default" for f in fields(Config)}
    given = f"flag {flag_name('config')}" if config_file else f"environment {env_name('config')}"
    for values, source in _layers(flags, environ, config_file or environ.get(env_name("config")), given):
        for name, raw in values.items():
            sources[name] = source(name)
            try:
                merged[name] = _parse(name, raw)
            except ConfigError as exc:
                raise ConfigError(name, f"{exc} (from {sources[name]})") from None
    try:
        config = Config(**merged)
        check_files(config)
    except ConfigError as exc:
        raise ConfigError(exc.name, f"{exc} (from {sources[exc.name]})") from None
    return config, sources


def check_files(config: Config) -> None:
    """The files a setting names that must exist now (the seed) can be read; else :class:`ConfigError` naming
    the setting. (``Config`` itself does not look at the disk: a test may build one before writing its seed.)"""
    if config.seed_file is not None:
        try:
            with open(config.seed_file, "rb"):
                pass
        except OSError as exc:
            raise ConfigError("seed_file", f"seed_file {config.seed_file}: cannot read it: {exc.strerror or exc}") \
                from None


#: settings read from one source, and how to name that source for a setting
Layer = tuple[dict[str, Any], Callable[[str], str]]


def _layers(flags: Mapping[str, Any], environ: Mapping[str, str], config_file: str | None,
            given: str) -> list[Layer]:
    """The sources of settings, the weakest first: config file (``given`` by a flag or the environment),
    environment, flags."""
    layers: list[Layer] = []
    if config_file:
        try:
            values = from_file(config_file)
        except ConfigError as exc:
            raise ConfigError("config", f"{exc} (from {given})") from None
        layers.append((values, lambda name: f"config file {config_file}"))
    layers.append((from_env(environ), lambda name: f"environment {env_name(name)}"))
    layers.append(({k: v for k, v in flags.items() if v is not None}, lambda name: f"flag {flag_name(name)}"))
    return layers


def resolve(flags: Mapping[str, Any], environ: Mapping[str, str] | None = None,
            config_file: str | None = None) -> Config:
    return resolve_with_sources(flags, environ, config_file)[0]
