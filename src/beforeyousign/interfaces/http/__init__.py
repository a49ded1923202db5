"""The web page and the HTTP API (``beforeyousign serve``): thin adapters over the
pipeline and the renderers, with limits, a bounded worker pool and nothing kept."""

from beforeyousign.interfaces.http.app import create_app
from beforeyousign.interfaces.http.settings import Settings

__all__ = ["Settings", "create_app"]
