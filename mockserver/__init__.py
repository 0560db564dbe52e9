"""webex-mockserver: a local, faithful stand-in for the Cisco WebEx XML API."""

from .app import create_app
from .config import API_PATH, Config

__all__ = ["API_PATH", "Config", "create_app"]
__version__ = "0.1.0"
