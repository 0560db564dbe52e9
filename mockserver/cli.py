"""``webex-mockserver``: start the mock on its embedded defaults, or as configured."""

from __future__ import annotations

import argparse
import ipaddress
import json
import logging
import socket
import sys

import uvicorn

from . import __version__, logs
from .app import create_app
from .config import API_PATH, DEFAULT_PORT, resolve
from .fidelity import MODES


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="webex-mockserver",
        description="A local, faithful stand-in for the Cisco WebEx XML API.",
        epilog="Precedence: flags > WEBEX_MOCK_* environment > --config file > defaults.",
    )
    parser.add_argument("--host", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help=f"port (default {DEFAULT_PORT}; 0 picks a free port)")
    parser.add_argument("--config", help="a .toml or .json configuration file")
    parser.add_argument("--log-level", dest="log_level", choices=["critical", "error", "warning", "info", "debug"])
    parser.add_argument("--seed-file", dest="seed_file", help="JSON seed of sites and users")
    parser.add_argument("--random-seed", dest="random_seed", type=int,
                        help="seed for meeting keys, UUIDs, tokens and tickets (deterministic runs)")
    parser.add_argument("--max-body-bytes", dest="max_body_bytes", type=int, help="request size limit")
    parser.add_argument("--log-format", dest="log_format", choices=["text", "json"], help="log line format")
    parser.add_argument("--state-file", dest="state_file",
                        help="load state from this file at start and save every change to it")
    parser.add_argument("--admin-token", dest="admin_token", help="require this token on /_mock/ admin calls")
    parser.add_argument("--fidelity", choices=list(MODES),
                        help="lenient (default): accept what shipped clients send, with a note; "
                             "documented: refuse it (FAILURE 999999)")
    parser.add_argument("--version", action="version", version=f"webex-mockserver {__version__}")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    flags = {k: v for k, v in vars(args).items() if k != "config"}
    try:
        config = resolve(flags, config_file=args.config)
    except (OSError, ValueError) as exc:
        print(f"webex-mockserver: bad configuration: {exc}", file=sys.stderr)
        return 2
    log_config = logs.configure(config.log_level, config.log_format)
    try:
        app = create_app(config)
    except (OSError, ValueError) as exc:
        print(f"webex-mockserver: cannot start: {exc}", file=sys.stderr)
        return 2

    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((config.host, config.port))
    sock.listen(2048)  # connections queue from here on, so the READY line is true when printed
    port = sock.getsockname()[1]
    shown_host = f"[{config.host}]" if family == socket.AF_INET6 else config.host
    shown = {**config.as_dict(), "admin_token": "******" if config.admin_token else None}
    print("webex-mockserver configuration: " + json.dumps(shown, sort_keys=True), flush=True)
    if not _loopback(config.host) and not config.admin_token:
        logging.getLogger("mockserver").warning(
            "listening on %s without --admin-token: anyone who can reach it can use /_mock/", config.host)
    print(f"READY url=http://{shown_host}:{port}{API_PATH} port={port}", flush=True)

    server = uvicorn.Server(uvicorn.Config(app, log_level=config.log_level, server_header=False,
                                           access_log=config.log_level == "debug", log_config=log_config))
    server.run(sockets=[sock])
    return 0


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
