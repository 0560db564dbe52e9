"""webex-mockserver: a local, faithful stand-in for the Cisco WebEx XML API."""

from .app import create_app
from .config import API_PATH, Config
from .fixture.local import MockServer

__all__ = ["API_PATH", "Config", "MockServer", "create_app"]
__version__ = "0.1.0"
