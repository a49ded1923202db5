"""A real ``beforeyousign`` web service on loopback, for the HTTP and browser tests and the
HTTP benchmark.

The server runs in its own process, as ``beforeyousign serve`` runs it (``server.serve``:
uvicorn, the service's logging, no access log of uvicorn's own), on a socket this process
binds to a free port first and hands over, so there is no race for the port; or, with
``cli_args``, as the ``beforeyousign serve`` command itself (on a port found free just
before).  Its temporary folder (``TMPDIR``), home (``HOME``), cache (``XDG_CACHE_HOME``)
and working directory are fresh empty folders of its own, so a test can check that
nothing was left in them; its log goes to a file, so a test can check what it holds.

The server runs under the network guard of ``netguard.py`` (loopback only, every other
attempt recorded and refused); leaving the ``with`` block normally fails if the server
tried to reach anything else, or if the guard was not armed in it.
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

from netguard import armed_pids, attempts, guard_env

CHILD = """
import json, sys
from beforeyousign.interfaces.http.server import serve
from beforeyousign.interfaces.http.settings import Settings
serve(Settings(**json.loads(sys.argv[2])), fd=int(sys.argv[1]), log_level=sys.argv[3])
"""


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    tmpdir: Path
    log: Path
    home: Path
    cache: Path
    cwd: Path
    guard: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def private_folders(self) -> tuple[Path, ...]:
        return (self.tmpdir, self.home, self.cache, self.cwd)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def temp_files(self) -> list[str]:
        """Whatever is in the server's temporary folder, home, cache and working directory,
        and any file it holds open there (an unlinked temporary file has no name in the
        folder but is still on disk)."""
        return left_files(self.pid, self.private_folders)

    def network_attempts(self) -> list[dict[str, Any]]:
        return attempts(self.guard)

    def guarded(self) -> bool:
        return self.pid in armed_pids(self.guard)

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0


def left_files(pid: int | None, folders: tuple[Path, ...]) -> list[str]:
    """Every file and folder under ``folders``, and every file process ``pid`` holds open
    under them (deleted or not)."""
    found = [str(p) for folder in folders for p in folder.rglob("*")]
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir() if pid is not None and fd_dir.is_dir() else ():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(tuple(str(folder) for folder in folders)):  # "/…/#12 (deleted)"
            found.append(target)
    return found


def private_env(folder: Path, prefix: str) -> tuple[dict[str, str], dict[str, Path]]:
    """Fresh empty TMPDIR, HOME, XDG_CACHE_HOME and working directory for a child process,
    the network guard, and the environment that points the child at them."""
    folders = {name: folder / f"{prefix}-{name}" for name in ("tmp", "home", "cache", "cwd")}
    for path in folders.values():
        path.mkdir(parents=True, exist_ok=True)
    folders["guard"] = folder / f"{prefix}-netguard"
    env = {
        **os.environ,
        **guard_env(folders["guard"]),
        "TMPDIR": str(folders["tmp"]),
        "HOME": str(folders["home"]),
        "XDG_CACHE_HOME": str(folders["cache"]),
        "PYTHONUNBUFFERED": "1",
    }
    return env, folders


@contextmanager
def live_server(
    folder: Path,
    settings: dict[str, Any] | None = None,
    startup_timeout: float = 120.0,
    *,
    log_level: str = "info",
    cli_args: list[str] | None = None,
) -> Iterator[LiveServer]:
    """Start a server with ``Settings(**settings)`` (or ``beforeyousign serve *cli_args``)
    and wait until /healthz answers."""
    env, folders = private_env(folder, "server")
    log = folder / "server.log"
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    if cli_args is None:
        listener.listen(128)
        command = [sys.executable, "-c", CHILD, str(listener.fileno()),
                   json.dumps(settings or {}), log_level]  # fmt: skip
        keep: tuple[int, ...] = (listener.fileno(),)
    else:  # the command itself binds the port: free it first (a short race, bench only)
        listener.close()
        command = [sys.executable, "-m", "beforeyousign", "serve", "--host", "127.0.0.1",
                   "--port", str(port), *cli_args]  # fmt: skip
        keep = ()
    with open(log, "wb") as log_handle:
        process = subprocess.Popen(
            command,
            pass_fds=keep,
            stdout=log_handle,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=folders["cwd"],
        )
    listener.close()
    server = LiveServer(
        f"http://127.0.0.1:{port}", process, folders["tmp"], log,
        folders["home"], folders["cache"], folders["cwd"], folders["guard"],
    )  # fmt: skip
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
    assert server.guarded(), "the network guard was not armed in the server"
    assert server.network_attempts() == [], (
        f"the server tried to reach beyond loopback: {server.network_attempts()}"
    )


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
