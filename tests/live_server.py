"""A real ``beforeyousign`` web service on loopback, for the HTTP and browser tests and the
HTTP benchmark.

The server runs in its own process, as ``beforeyousign serve`` runs it (``server.serve``:
uvicorn, the service's logging, no access log of uvicorn's own), on a socket this process
binds to a free port first and hands over, so there is no race for the port.  Its
temporary folder (``TMPDIR``) is a folder of its own, so a test can check that nothing
was left in it; its log goes to a file, so a test can check what it holds.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

CHILD = """
import json, sys
from beforeyousign.interfaces.http.server import serve
from beforeyousign.interfaces.http.settings import Settings
serve(Settings(**json.loads(sys.argv[2])), fd=int(sys.argv[1]))
"""


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    tmpdir: Path
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def temp_files(self) -> list[str]:
        """Whatever is in the server's temporary folder, and any file it holds open there
        (an unlinked temporary file has no name in the folder but is still on disk)."""
        found = [str(p) for p in self.tmpdir.rglob("*")]
        fd_dir = Path(f"/proc/{self.pid}/fd")
        for fd in fd_dir.iterdir() if fd_dir.is_dir() else ():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith(str(self.tmpdir)):  # "/…/server-tmp/#123 (deleted)"
                found.append(target)
        return found

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0


@contextmanager
def live_server(
    folder: Path, settings: dict[str, Any] | None = None, startup_timeout: float = 120.0
) -> Iterator[LiveServer]:
    """Start a server with ``Settings(**settings)`` and wait until /healthz answers."""
    tmpdir = folder / "server-tmp"
    tmpdir.mkdir(parents=True, exist_ok=True)
    log = folder / "server.log"
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    env = {**os.environ, "TMPDIR": str(tmpdir), "PYTHONUNBUFFERED": "1"}
    with open(log, "wb") as log_handle:
        process = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(listener.fileno()), json.dumps(settings or {})],
            pass_fds=(listener.fileno(),),
            stdout=log_handle,
            stderr=subprocess.STDOUT,
            env=env,
        )
    listener.close()
    server = LiveServer(f"http://127.0.0.1:{port}", process, tmpdir, log)
    try:
        _wait_until_ready(server, startup_timeout)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(server: LiveServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server stopped at start:\n{server.log_text()}")
        try:
            if httpx.get(f"{server.url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server did not start in {timeout}s:\n{server.log_text()}")
