"""Whether a host name is this machine's: the one answer for the admin API's Host check, the console's warning
about listening beyond loopback, and where webhook deliveries may go."""

from __future__ import annotations

import ipaddress

LOOPBACK_NAMES = ("localhost",)


def is_loopback(name: str) -> bool:
    """``localhost`` (any case) or a loopback address (``127.0.0.0/8``, ``::1``); never a name to resolve."""
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return name.lower() in LOOPBACK_NAMES
