"""``webex-mockserver``: start the mock on its embedded defaults, or as configured."""

from __future__ import annotations

import argparse
import json
import logging
import socket
import sys

import uvicorn

from . import __version__
from .app import create_app
from .config import API_PATH, DEFAULT_PORT, resolve


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
    logging.basicConfig(level=config.log_level.upper(), format="%(levelname)s %(name)s %(message)s")
    app = create_app(config)

    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((config.host, config.port))
    sock.listen(2048)  # connections queue from here on, so the READY line is true when printed
    port = sock.getsockname()[1]
    shown_host = f"[{config.host}]" if family == socket.AF_INET6 else config.host
    print("webex-mockserver configuration: " + json.dumps(config.as_dict(), sort_keys=True), flush=True)
    print(f"READY url=http://{shown_host}:{port}{API_PATH} port={port}", flush=True)

    server = uvicorn.Server(uvicorn.Config(app, log_level=config.log_level, server_header=False,
                                           access_log=config.log_level == "debug"))
    server.run(sockets=[sock])
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
