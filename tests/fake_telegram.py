"""A fake Telegram Bot API server on loopback, for testing the bot end to end offline.

It serves the methods the bot uses (getMe, getUpdates with long polling, deleteWebhook,
sendMessage, sendDocument, sendChatAction, answerCallbackQuery, getFile) and the file
download path ``/file/bot<token>/<path>``, the way api.telegram.org does: parameters as a
form or as multipart (values JSON-encoded where they are not strings), answers as
``{"ok": true, "result": ...}``. It records every call, so a test can check what the bot
sent, to whom, and which files it downloaded.

A test queues updates as a user would cause them (``text``, ``photo``, ``document``,
``press``) and waits for the bot's answers with :meth:`FakeTelegram.wait_for`::

    with FakeTelegram(TOKEN) as fake:
        fake.text(ALICE, "/start")
        fake.wait_for(lambda: fake.messages_to(ALICE))

Point python-telegram-bot at it with ``base_url=fake.base_url`` and
``base_file_url=fake.base_file_url``; or run the bot as a process of its own, as
``beforeyousign bot`` runs it (``run_bot``), with :func:`bot_process`: its temporary
folder, home, cache and working directory are fresh empty folders, its log is captured,
and it runs under the network guard of ``netguard.py``. The load bench imports this
module too.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

#: Telegram refuses getFile for larger files ("file is too big").
DOWNLOAD_LIMIT = 20_000_000
#: Longest a getUpdates call waits for an update here, whatever timeout the bot asks for.
LONGEST_POLL = 0.5
BOT_USER = {"id": 999, "is_bot": True, "first_name": "beforeyousign", "username": "bys_bot"}


@dataclass(frozen=True)
class User:
    id: int
    language_code: str | None = "en"
    first_name: str = "Reader"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass
class Call:
    """One Bot API call the bot made: the method, its parameters (JSON values decoded)
    and any files uploaded (part name -> (file name, bytes))."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    result: Any = None
    at: float = field(default_factory=time.monotonic)  # when the fake received it

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback data) of the inline buttons under a message, row by row."""
        markup = self.params.get("reply_markup") or {}
        return [(b["text"], b.get("callback_data", ""))
                for row in markup.get("inline_keyboard", []) for b in row]  # fmt: skip


class FakeTelegram:
    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.downloads: list[str] = []  # file paths downloaded
        self.polls = 0  # getUpdates calls (not recorded in ``calls``: there are many)
        self._files: dict[str, tuple[bytes, int]] = {}  # file_id -> (content, declared size)
        self._updates: list[dict[str, Any]] = []
        self._condition = threading.Condition()
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._ids = itertools.count(1)
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- lifecycle --------------------------------------------------------------------------

    def __enter__(self) -> FakeTelegram:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/file/bot"

    # --- what users do ----------------------------------------------------------------------

    def add_file(self, content: bytes, declared_size: int | None = None) -> str:
        """Store a file as Telegram would; ``declared_size`` is what Telegram says its size
        is (a test can claim a huge file without building one)."""
        file_id = f"file-{next(self._ids)}"
        size = len(content) if declared_size is None else declared_size
        with self._condition:
            self._files[file_id] = (content, size)
        return file_id

    def text(self, user: User, text: str) -> int:
        message: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self._message(user, message)

    def photo(
        self,
        user: User,
        content: bytes,
        *,
        width: int,
        height: int,
        media_group_id: str | None = None,
        declared_size: int | None = None,
    ) -> int:
        file_id = self.add_file(content, declared_size)
        size = self._files[file_id][1]
        sizes = [
            {"file_id": f"thumb-{file_id}", "file_unique_id": f"ut-{file_id}",
             "width": 90, "height": 90 * height // width, "file_size": 1000},
            {"file_id": file_id, "file_unique_id": f"u-{file_id}",
             "width": width, "height": height, "file_size": size},
        ]  # fmt: skip
        message: dict[str, Any] = {"photo": sizes}
        if media_group_id is not None:
            message["media_group_id"] = media_group_id
        return self._message(user, message)

    def document(
        self,
        user: User,
        content: bytes,
        *,
        file_name: str,
        mime_type: str = "application/octet-stream",
        declared_size: int | None = None,
    ) -> tuple[int, str]:
        """Returns the message id and the file id."""
        file_id = self.add_file(content, declared_size)
        document = {"file_id": file_id, "file_unique_id": f"u-{file_id}",
                    "file_name": file_name, "mime_type": mime_type,
                    "file_size": self._files[file_id][1]}  # fmt: skip
        return self._message(user, {"document": document}), file_id

    def location(self, user: User) -> int:
        return self._message(user, {"location": {"latitude": 27.7, "longitude": 85.3}})

    def press(self, user: User, data: str, message_id: int = 1) -> None:
        """The user presses an inline button whose callback data is ``data``."""
        query = {
            "id": f"cq-{next(self._ids)}",
            "from": user.to_dict(),
            "chat_instance": f"ci-{user.id}",
            "data": data,
            "message": {"message_id": message_id, "date": int(time.time()),
                        "chat": _chat(user), "from": BOT_USER, "text": "…"},
        }  # fmt: skip
        self._queue({"callback_query": query})

    def _message(self, user: User, content: dict[str, Any]) -> int:
        message_id = next(self._message_ids)
        message = {"message_id": message_id, "date": int(time.time()), "chat": _chat(user),
                   "from": user.to_dict(), **content}  # fmt: skip
        self._queue({"message": message})
        return message_id

    def _queue(self, update: dict[str, Any]) -> None:
        with self._condition:
            self._updates.append({"update_id": next(self._update_ids), **update})
            self._condition.notify_all()

    def queue_many(self, updates: list[tuple[User, str]]) -> float:
        """Queue text messages from several users at once (a burst: the bot's next poll
        gets up to 100 of them); returns the monotonic time they were queued."""
        with self._condition:
            now = time.monotonic()
            for user, text in updates:
                message = {"message_id": next(self._message_ids), "date": int(time.time()),
                           "chat": _chat(user), "from": user.to_dict(), "text": text}  # fmt: skip
                self._updates.append({"update_id": next(self._update_ids), "message": message})
            self._condition.notify_all()
        return now

    # --- what the bot did -------------------------------------------------------------------

    def calls_of(self, method: str, chat_id: int | None = None) -> list[Call]:
        with self._condition:
            calls = list(self.calls)
        return [
            c for c in calls if c.method == method and (chat_id is None or c.chat_id == chat_id)
        ]

    def messages_to(self, user: User) -> list[Call]:
        return self.calls_of("sendMessage", user.id)

    def documents_to(self, user: User) -> list[Call]:
        return self.calls_of("sendDocument", user.id)

    def pending_updates(self) -> int:
        with self._condition:
            return len(self._updates)

    def wait_for(self, condition: Callable[[], Any], timeout: float = 60.0) -> Any:
        """Wait until ``condition()`` is truthy (checked after every call the bot makes)
        and return its value; fails the test after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while True:
                value = condition()
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out after {timeout} s; calls: {self._summary()}")
                self._condition.wait(min(left, 0.2))

    def _summary(self) -> list[str]:
        return [f"{c.method}({c.chat_id}): {c.text[:60]!r}" for c in self.calls]

    # --- the server -------------------------------------------------------------------------

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # no noise on stderr
                pass

            def do_GET(self) -> None:
                prefix = f"/file/bot{fake.token}/"
                path = unquote(urlsplit(self.path).path)  # the token's ":" comes as %3A
                if not path.startswith(prefix):
                    self._reply(404, b"not found", "text/plain")
                    return
                file_path = path[len(prefix) :]
                file_id = file_path.rsplit("/", 1)[-1]
                with fake._condition:
                    stored = fake._files.get(file_id)
                    fake.downloads.append(file_path)
                    fake._condition.notify_all()
                if stored is None:
                    self._reply(404, b"not found", "text/plain")
                else:
                    self._reply(200, stored[0], "application/octet-stream")

            def do_POST(self) -> None:
                path = unquote(urlsplit(self.path).path)
                prefix = f"/bot{fake.token}/"
                if not path.startswith(prefix):
                    self._json(401, {"ok": False, "error_code": 401,
                                     "description": "Unauthorized"})  # fmt: skip
                    return
                method = path[len(prefix) :]
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                params, files = _parse_body(self.headers.get("Content-Type", ""), body)
                status, answer = fake._answer(method, params, files)
                self._json(status, answer)

            def _json(self, status: int, data: Any) -> None:
                self._reply(status, json.dumps(data).encode(), "application/json")

            def _reply(self, status: int, body: bytes, content_type: str) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the bot stopped while a long poll was waiting

        return Handler

    def _answer(
        self, method: str, params: dict[str, Any], files: dict[str, tuple[str, bytes]]
    ) -> tuple[int, dict[str, Any]]:
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        call = Call(method, params, files)
        status, result = 200, self._result(call)
        if isinstance(result, Refusal):
            status, result = result.status, result.description
        call.result = result
        with self._condition:
            self.calls.append(call)
            self._condition.notify_all()
        if status != 200:
            return status, {"ok": False, "error_code": status, "description": result}
        return 200, {"ok": True, "result": result}

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), LONGEST_POLL)
        deadline = time.monotonic() + wait
        with self._condition:
            self.polls += 1
            self._condition.notify_all()
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._condition.wait(deadline - time.monotonic())
            return list(self._updates[: int(params.get("limit") or 100)])

    def _result(self, call: Call) -> Any:
        chat = {"id": call.chat_id, "type": "private", "first_name": "Reader"}
        if call.method == "getMe":
            return BOT_USER
        if call.method == "sendMessage":
            message = {"message_id": next(self._message_ids), "date": int(time.time()),
                       "chat": chat, "from": BOT_USER, "text": call.text}  # fmt: skip
            if call.params.get("reply_markup"):
                message["reply_markup"] = call.params["reply_markup"]
            return message
        if call.method == "sendDocument":
            name, content = call.files.get("document", ("", b""))
            return {"message_id": next(self._message_ids), "date": int(time.time()),
                    "chat": chat, "from": BOT_USER,
                    "document": {"file_id": f"sent-{next(self._ids)}",
                                 "file_unique_id": f"us-{next(self._ids)}",
                                 "file_name": name, "file_size": len(content)}}  # fmt: skip
        if call.method == "getFile":
            file_id = str(call.params.get("file_id"))
            with self._condition:
                stored = self._files.get(file_id)
            if stored is None:
                return Refusal(400, "Bad Request: invalid file_id")
            if stored[1] > DOWNLOAD_LIMIT:
                return Refusal(400, "Bad Request: file is too big")
            return {"file_id": file_id, "file_unique_id": f"u-{file_id}",
                    "file_size": stored[1], "file_path": f"documents/{file_id}"}  # fmt: skip
        return True  # deleteWebhook, answerCallbackQuery, sendChatAction, setMyCommands ...


class _Server(ThreadingHTTPServer):
    #: Connections waiting to be accepted: socketserver's default is 5, and a bot that
    #: answers a burst opens dozens at once (Telegram's own servers take them all).
    request_queue_size = 256


@dataclass(frozen=True)
class Refusal:
    status: int
    description: str


def _chat(user: User) -> dict[str, Any]:
    return {"id": user.id, "type": "private", "first_name": user.first_name}


def _parse_body(
    content_type: str, body: bytes
) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    """Form or multipart parameters, JSON values decoded; uploaded files apart."""
    params: dict[str, Any] = {}
    files: dict[str, tuple[str, bytes]] = {}
    if content_type.startswith("multipart/form-data"):
        header = f"Content-Type: {content_type}\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(header + body)
        for part in message.iter_parts():
            name = str(part.get_param("name", header="content-disposition"))
            content = part.get_payload(decode=True)
            assert isinstance(content, bytes)
            filename = part.get_filename()
            if filename is not None:
                files[name] = (filename, content)
            else:
                params[name] = content.decode("utf-8")
    elif body:
        if content_type.startswith("application/json"):
            params = json.loads(body)
        else:
            params = {
                k: v[0] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()
            }
    return {k: json.loads(v) if k in JSON_PARAMS and isinstance(v, str) else v
            for k, v in params.items()}, files  # fmt: skip


#: Parameters PTB sends JSON-encoded (numbers such as chat_id are read with int()).
JSON_PARAMS = frozenset({"reply_markup", "allowed_updates", "entities", "caption_entities",
                         "link_preview_options", "reply_parameters"})  # fmt: skip


# --- the bot as a process of its own -----------------------------------------------------------

BOT_CHILD = """
import json, logging, sys
from beforeyousign.interfaces.telegram.bot import run_bot
from beforeyousign.interfaces.telegram.core import BotCore, Limits
options = json.loads(sys.argv[1])
token = sys.stdin.readline().strip()
run_bot(token, BotCore(Limits(**options["limits"])), workers=options["workers"],
        base_url=options["base_url"], base_file_url=options["base_file_url"],
        log_level=getattr(logging, options["log_level"]), max_waiting=options["max_waiting"])
"""


@dataclass
class BotProcess:
    process: subprocess.Popen[bytes]
    log: Path
    folders: dict[str, Path]

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def left_files(self) -> list[str]:
        from live_server import left_files

        keep = tuple(self.folders[name] for name in ("tmp", "home", "cache", "cwd"))
        return left_files(self.pid if self.process.poll() is None else None, keep)

    def network_attempts(self) -> list[dict[str, Any]]:
        from netguard import attempts

        return attempts(self.folders["guard"])

    def guarded(self) -> bool:
        from netguard import armed_pids

        return self.pid in armed_pids(self.folders["guard"])


@contextmanager
def bot_process(
    fake: FakeTelegram,
    folder: Path,
    *,
    workers: int = 2,
    limits: dict[str, Any] | None = None,
    log_level: str = "DEBUG",
    max_waiting: int = 20,
    startup_timeout: float = 60.0,
) -> Iterator[BotProcess]:
    """``run_bot`` in a child process, long-polling ``fake``; the token goes in on stdin
    (never on the command line). Stopped with SIGTERM, as a service manager stops it."""
    from live_server import private_env

    env, folders = private_env(folder, "bot")
    log = folder / "bot.log"
    options = {"limits": limits or {}, "workers": workers, "base_url": fake.base_url,
               "base_file_url": fake.base_file_url, "log_level": log_level,
               "max_waiting": max_waiting}  # fmt: skip
    polls = fake.polls
    with open(log, "wb") as handle:
        process = subprocess.Popen(
            [sys.executable, "-c", BOT_CHILD, json.dumps(options)],
            stdin=subprocess.PIPE,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=folders["cwd"],
        )
    assert process.stdin is not None
    process.stdin.write(fake.token.encode() + b"\n")
    process.stdin.close()
    running = BotProcess(process, log, folders)
    try:
        fake.wait_for(lambda: fake.polls > polls or process.poll() is not None,
                      timeout=startup_timeout)  # fmt: skip
        if process.poll() is not None:
            raise RuntimeError(f"the bot stopped at start:\n{running.log_text()}")
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert running.guarded(), "the network guard was not armed in the bot"
    assert running.network_attempts() == [], (
        f"the bot tried to reach beyond loopback: {running.network_attempts()}"
    )
