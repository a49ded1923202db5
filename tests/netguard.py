"""A network guard for a child Python process, set before anything else is imported.

``guard_env(folder)`` writes a ``sitecustomize.py`` into ``folder`` and returns the
environment variables that make a child interpreter load it (``PYTHONPATH``) and record
into ``folder/attempts.jsonl``. Python imports ``sitecustomize`` while it starts, before
the child's own code, so the guard covers every import and first-use loading too.

The guard is an audit hook (PEP 578, ``sys.addaudithook``): every socket connection,
datagram and name lookup the interpreter makes raises an audit event, whatever library
makes it (asyncio, httpx, urllib, python-telegram-bot...), and an audit hook cannot be
removed once installed. Allowed: loopback (127.0.0.0/8, ::1, ::ffff:127.x) and local
(AF_UNIX) sockets, and name lookups of ``localhost`` or of a loopback address. Anything
else is written to the attempts file first (so an attempt whose error a library
swallows is still seen) and then refused with ``OSError``.

Not covered: native code that opens sockets without Python (none of the project's
dependencies does), and child programs the guarded process starts (espeak-ng, sox).

The first line the guard writes is ``{"armed": <pid>}``: a test checks that the process
it started is among the armed ones, so a guard that silently failed to load cannot make
a test pass.
"""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

SITECUSTOMIZE = r'''
"""Installed by tests/netguard.py: loopback only; every other attempt recorded, refused."""
import ipaddress as _ipaddress
import json as _json
import os as _os
import socket as _socket
import sys as _sys

_LOG = _os.environ["BYS_NETGUARD_LOG"]
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def _record(entry):
    line = _json.dumps(entry, ensure_ascii=False, default=repr) + "\n"
    fd = _os.open(_LOG, _os.O_WRONLY | _os.O_APPEND | _os.O_CREAT, 0o600)
    try:
        _os.write(fd, line.encode("utf-8"))
    finally:
        _os.close(fd)


def _local_host(host):
    if host is None or host in ("", b""):
        return True  # a passive lookup (bind), no name to resolve
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).split("%", 1)[0].strip("[]").lower()
    if host in _LOCAL_NAMES:
        return True
    try:
        address = _ipaddress.ip_address(host)
    except ValueError:
        return False  # a name that would need DNS
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def _local_address(sock, address):
    family = getattr(sock, "family", None)
    if family == getattr(_socket, "AF_UNIX", None) or isinstance(address, (str, bytes)):
        return True
    if isinstance(address, tuple) and address:
        return _local_host(address[0])
    return False


def _hook(event, args):
    if not event.startswith("socket."):
        return
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        sock, address = args[0], args[1]
        if address is None or _local_address(sock, address):
            return
        target = address
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
                   "socket.gethostbyaddr", "socket.getnameinfo"):
        host = args[0]
        if event == "socket.getnameinfo":
            host = host[0] if isinstance(host, tuple) and host else host
        if _local_host(host):
            return
        target = host
    else:
        return
    _record({"pid": _os.getpid(), "event": event, "target": target})
    raise OSError(f"netguard: {event} to {target!r} refused (loopback only)")


_sys.addaudithook(_hook)
_record({"armed": _os.getpid()})
'''


def guard_env(folder: Path) -> dict[str, str]:
    """Write the guard into ``folder``; the environment a child needs to load it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = folder / "attempts.jsonl"
    log.touch()
    path = os.environ.get("PYTHONPATH", "")
    return {
        "PYTHONPATH": str(folder) + (os.pathsep + path if path else ""),
        "BYS_NETGUARD_LOG": str(log),
    }


def guard_records(folder: Path) -> list[dict[str, Any]]:
    log = folder / "attempts.jsonl"
    if not log.is_file():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]


def armed_pids(folder: Path) -> set[int]:
    return {int(r["armed"]) for r in guard_records(folder) if "armed" in r}


def attempts(folder: Path) -> list[dict[str, Any]]:
    """What the guarded processes tried to reach beyond loopback (refused)."""
    return [r for r in guard_records(folder) if "armed" not in r]


# --- what an HTML page would load --------------------------------------------------------------

#: Attributes whose value is an address (loaded, or followed).
URL_ATTRIBUTES = frozenset({"src", "href", "srcset", "imagesrcset", "poster", "data", "action",
                            "formaction", "background", "xlink:href", "ping", "manifest",
                            "longdesc", "codebase", "cite", "archive", "profile"})  # fmt: skip
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I | re.S)


def _local_reference(value: str) -> bool:
    """``data:``, ``#fragment``, or a path on the same origin (no scheme, no ``//host``)."""
    value = value.strip()
    if not value or value.startswith("#") or value.lower().startswith("data:"):
        return True
    if value.startswith(("//", "\\\\")):
        return False
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", value)
    return scheme is None


def external_references(page: str) -> list[str]:
    """Every address in ``page`` that points outside it and its own origin: in the URL
    attributes, ``srcset`` lists, inline styles, ``<style>`` (``url(...)``, ``@import``),
    ``<meta http-equiv=refresh>``. An empty list: the page loads nothing from elsewhere."""
    found: list[str] = []

    def check_css(css: str) -> None:
        for match in _CSS_URL.finditer(css):
            target = match.group(2) if match.group(2) is not None else match.group(4)
            if match.group(0).lower().startswith("@import") or not _local_reference(target):
                found.append(f"css: {match.group(0)[:80]}")

    class Parser(HTMLParser):
        in_style = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            values = {name.lower(): value or "" for name, value in attrs}
            for name, value in values.items():
                if name in ("srcset", "imagesrcset"):
                    for candidate in value.split(","):
                        address = candidate.strip().split(" ")[0]
                        if address and not _local_reference(address):
                            found.append(f"<{tag} {name}={address[:80]}>")
                elif name in URL_ATTRIBUTES and not _local_reference(value):
                    found.append(f"<{tag} {name}={value[:80]}>")
                elif name == "style":
                    check_css(value)
            if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
                found.append(f"<meta refresh {values.get('content', '')[:80]}>")
            self.in_style = tag == "style"

        def handle_endtag(self, tag: str) -> None:
            self.in_style = False

        def handle_data(self, data: str) -> None:
            if self.in_style:
                check_css(data)

    parser = Parser(convert_charrefs=True)
    parser.feed(page)
    parser.close()
    return found
