"""``webex-mockserver``: start the mock on its embedded defaults, or as configured.

Whatever is wrong at start (a setting, the seed, the port) is one line on stderr naming it, and exit status 2.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import socket
import sys
from typing import Any, NoReturn

import uvicorn

from . import __version__, logs, serving, warming
from .app import create_app
from .base.eranames import ERAS
from .base.fidelity import MODES
from .base.hosts import is_loopback
from .config import API_PATH, DEFAULT_PORT, LOG_LEVELS, resolve_with_sources
from .domain.sites import SeedError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line and exit 2, like every other configuration problem (argparse adds its usage)."""
        self.exit(2, f"webex-mockserver: {message} (see --help)\n")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Flags, typed; :mod:`mockserver.config` checks their values (its messages name the flag)."""
    parser = _Parser(
        prog="webex-mockserver",
        description="A local, faithful stand-in for the Cisco WebEx XML API.",
        epilog="Precedence: flags > WEBEX_MOCK_* environment > --config file > defaults.",
    )
    parser.add_argument("--host", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help=f"port (default {DEFAULT_PORT}; 0 picks a free port)")
    parser.add_argument("--config", help="a .toml or .json configuration file")
    parser.add_argument("--log-level", dest="log_level", help=", ".join(LOG_LEVELS) + " (default info)")
    parser.add_argument("--seed-file", dest="seed_file", help="JSON seed of sites and users")
    parser.add_argument("--random-seed", dest="random_seed", type=int,
                        help="seed for meeting keys, UUIDs, tokens and tickets (deterministic runs)")
    parser.add_argument("--max-body-bytes", dest="max_body_bytes", type=int, help="request size limit")
    parser.add_argument("--log-format", dest="log_format", help="log line format: text or json")
    parser.add_argument("--state-file", dest="state_file",
                        help="keep state in this SQLite database: loaded at start, each change committed before "
                             "its answer (a JSON state file there is imported once)")
    parser.add_argument("--admin-token", dest="admin_token", help="require this token on /_mock/ admin calls")
    parser.add_argument("--fidelity", choices=list(MODES),
                        help="lenient (default): accept what shipped clients send, with a note; "
                             "documented: refuse it (FAILURE 999999)")
    parser.add_argument("--max-header-bytes", dest="max_header_bytes", type=int,
                        help="request line + headers size limit (default 65536; over it: HTTP 431)")
    parser.add_argument("--header-timeout", dest="header_timeout", type=float,
                        help="seconds a client has to send its request line and headers (default 10)")
    parser.add_argument("--body-timeout", dest="body_timeout", type=float,
                        help="seconds a client has to send its request body once its headers are in (default 30)")
    parser.add_argument("--max-connections", dest="max_connections", type=int,
                        help="connections served at once; one more gets HTTP 503 and is closed (default 256)")
    parser.add_argument("--max-inflight-body-bytes", dest="max_inflight_body_bytes", type=int,
                        help="request body bytes being received at once, all connections together; a request that "
                             "would pass it gets HTTP 503 (default 134217728)")
    parser.add_argument("--max-namespaces", dest="max_namespaces", type=int,
                        help="namespaces kept; past it the least recently used is dropped (default 10000)")
    parser.add_argument("--max-journal-bytes", dest="max_journal_bytes", type=int,
                        help="bytes the journals of all namespaces hold together; past it the oldest entries go "
                             "(default 268435456)")
    parser.add_argument("--allowed-host", dest="allowed_hosts", action="append", metavar="NAME[:PORT]",
                        help="a Host name the admin API answers to besides loopback and --host "
                             "(repeatable, or a comma list)")
    parser.add_argument("--webhook-targets", dest="webhook_targets", choices=["loopback", "any"],
                        help="where webhook deliveries may go: loopback (default) or any host")
    parser.add_argument("--webhook-attempts", dest="webhook_attempts", type=int,
                        help="tries of a webhook delivery before it is given up (default 5)")
    parser.add_argument("--webhook-retry-seconds", dest="webhook_retry_seconds", type=float,
                        help="seconds before a failed delivery is tried again, doubled each time (default 1)")
    parser.add_argument("--clock-start", dest="clock_start", metavar="INSTANT",
                        help="every namespace's clock starts at this ISO 8601 instant (e.g. 2027-01-04T09:00:00Z) "
                             "and runs from there (default: real time)")
    parser.add_argument("--clock-frozen", dest="clock_frozen", action="store_true", default=None,
                        help="the clock stands still at --clock-start (or at the launch's time) until moved")
    parser.add_argument("--meetings-run-as-scheduled", dest="meetings_run_as_scheduled", action="store_true",
                        default=None, help="every meeting starts at its start and ends at its end, the host joined, "
                                           "in every new namespace (for demos; a test can turn it off)")
    parser.add_argument("--era", choices=list(ERAS),
                        help="the XML API era the seed's sites answer in: classic (default: the captured answers) "
                             "or api42 (with the API 40-42 elements; a site's era setting overrides it)")
    parser.add_argument("--version", action="version", version=f"webex-mockserver {__version__}")
    return parser.parse_args(argv)


def flag_values(args: argparse.Namespace) -> dict[str, Any]:
    """The settings the flags give (None: not given); repeated ``--allowed-host`` as one comma list."""
    flags = {k: v for k, v in vars(args).items() if k != "config"}
    if flags["allowed_hosts"] is not None:
        flags["allowed_hosts"] = ",".join(flags["allowed_hosts"])
    return flags


def main(argv: list[str] | None = None) -> int:
    try:
        return _run(argv)
    except KeyboardInterrupt:  # Ctrl-C, before serving or after uvicorn's graceful shutdown
        return 130


def _fail(message: str) -> int:
    print(f"webex-mockserver: {message}", file=sys.stderr)
    return 2


def _run(argv: list[str] | None) -> int:
    args = parse_args(argv)
    try:
        config, sources = resolve_with_sources(flag_values(args), config_file=args.config)
    except (OSError, ValueError) as exc:
        return _fail(f"bad configuration: {exc}")
    log_config = logs.configure(config.log_level, config.log_format)
    try:
        app = create_app(config)
    except SeedError as exc:
        return _fail(f"cannot start: {exc} (seed_file from {sources['seed_file']})")
    except (OSError, ValueError) as exc:
        return _fail(f"cannot start: {exc}")
    warming.warm(app)  # what the first calls would load, loaded now: no slow first seconds
    try:
        sock = _listen(config.host, config.port)
    except OSError as exc:
        return _fail(f"cannot listen on {config.host} port {config.port} (host from {sources['host']}, "
                     f"port from {sources['port']}): {exc.strerror or exc}")
    port = sock.getsockname()[1]
    shown_host = f"[{config.host}]" if sock.family == socket.AF_INET6 else config.host
    shown = {**config.as_dict(), "admin_token": "******" if config.admin_token else None}
    print("webex-mockserver configuration: " + json.dumps(shown, sort_keys=True), flush=True)
    if not is_loopback(config.host) and not config.admin_token:
        logging.getLogger("mockserver").warning(
            "listening on %s without --admin-token: anyone who can reach it can use /_mock/", config.host)
    print(f"READY url=http://{shown_host}:{port}{API_PATH} port={port}", flush=True)
    # What start-up made (parsed XSDs, modules, loaded state) lives as long as the server: out of the collector's
    # sight, a full collection walks only what calls keep (benchmarks/bench_memory.py times them).
    gc.collect()
    gc.freeze()
    uvicorn.Server(serving.uvicorn_config(app, config, log_config)).run(sockets=[sock])
    return 0


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket: connections queue from here on, so the READY line is true when printed."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
