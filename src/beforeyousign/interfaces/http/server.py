"""Running the web service with uvicorn: one process, the page and the API together.

uvicorn's own access log is off (it would write every query string, which can hold what
a user typed); the service writes its own (see :mod:`.app`).  The ``Server`` header is
not sent.  Behind a reverse proxy on the same machine, the client address comes from
``X-Forwarded-For`` (uvicorn trusts 127.0.0.1 for it by default), so the per-client
limit applies to the people, not to the proxy.
"""

from __future__ import annotations

import logging
import sys

import uvicorn

from beforeyousign.interfaces.http.app import create_app
from beforeyousign.interfaces.http.settings import Settings

#: Connections uvicorn serves at once before answering 503 itself: far above what the
#: worker pool admits, so the pool's own 503 (problem+json, Retry-After) is what a client
#: normally sees; this only stops a flood of idle connections.
MAX_CONNECTIONS = 512
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def serve(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 8080,
    log_level: str = "info",
    fd: int | None = None,
) -> None:
    """Serve until interrupted; ``fd``, a socket already bound (by a test, or a service
    manager), is used instead of ``host`` and ``port``."""
    logging.basicConfig(level=log_level.upper(), format=LOG_FORMAT, stream=sys.stderr)
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        fd=fd,
        log_config=None,  # the logging set up above, for uvicorn's lines too
        log_level=log_level,
        access_log=False,
        server_header=False,
        limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=5,
    )
