"""The python-telegram-bot adapter: handlers, albums, downloads, workers, long polling.

What to answer is decided by :class:`~.core.BotCore`; this module turns Telegram updates
into its inputs and its outgoing messages into Bot API calls. Only private chats are
served: in a group, a report would be read by everyone in it.

- Photos sent together (an album) arrive as separate updates sharing a
  ``media_group_id``; they are gathered until :data:`ALBUM_WAIT` seconds pass without a
  new one, then read as one paper, in the order they were sent.
- Sizes are checked before anything is downloaded; files are downloaded into memory,
  never to disk, and dropped once read.
- Papers are read and reports rendered in worker threads, never on the event loop; at
  most ``workers`` at once, and when too many readers wait, a new paper is turned away
  politely.
- Logs hold counts and timings only. The HTTP and Telegram libraries log request URLs
  (which hold the token) and, when debugging, whole messages: they are kept at WARNING.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import warnings
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ChatType
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBDeprecationWarning

from beforeyousign.interfaces.telegram.core import (
    LANGUAGE_BUTTON,
    REPORT_BUTTON,
    BotCore,
    Outgoing,
    Reader,
    ReplyFile,
    Upload,
)

log = logging.getLogger("beforeyousign.telegram")

#: Seconds to wait after the last photo of an album before reading it.
ALBUM_WAIT = 1.5
#: Readers who may wait for a worker before new papers are turned away.
MAX_WAITING = 20
#: Times a message is sent before giving up (see ``_retrying``), and the longest wait
#: between two tries that Telegram may ask for and be obeyed.
SEND_ATTEMPTS = 4
MAX_SEND_WAIT = 60.0
#: Libraries whose INFO/DEBUG records hold the token (in URLs) or message contents.
QUIET_LOGGERS = ("httpx", "httpcore", "telegram", "hpack", "apscheduler")

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
T = TypeVar("T")


class BotUnavailable(RuntimeError):
    """The bot cannot start: the token is refused, or Telegram cannot be reached. The
    message is for the operator and never holds the token."""


@dataclass
class _File:
    message_id: int
    file_id: str
    kind: str  # "photo" | "document"
    name: str  # the document's own name; photos are named when the album is read
    size: int | None


@dataclass
class _Album:
    reader: Reader
    bot: Bot
    deadline: float
    files: list[_File] = field(default_factory=list)


class TelegramBot:
    """Handlers around a :class:`BotCore`; :meth:`install` adds them to an Application."""

    def __init__(
        self,
        core: BotCore,
        *,
        workers: int = 2,
        max_waiting: int = MAX_WAITING,
        album_wait: float = ALBUM_WAIT,
    ) -> None:
        self.core = core
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="beforeyousign-bot")
        self._max_jobs = workers + max_waiting
        self._jobs = 0
        self._album_wait = album_wait
        self._albums: dict[tuple[int, str], _Album] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def install(self, application: AnyApplication) -> None:
        private = filters.ChatType.PRIVATE
        application.add_handler(CommandHandler("start", self._start, filters=private))
        application.add_handler(CommandHandler("help", self._help, filters=private))
        application.add_handler(CommandHandler("privacy", self._privacy, filters=private))
        application.add_handler(CommandHandler("language", self._language, filters=private))
        application.add_handler(CallbackQueryHandler(self._button))
        application.add_handler(
            MessageHandler(private & (filters.PHOTO | filters.Document.ALL), self._file)
        )
        application.add_handler(MessageHandler(private & filters.COMMAND, self._help))
        application.add_handler(MessageHandler(private & filters.TEXT, self._text))
        application.add_handler(MessageHandler(private, self._other))
        application.add_error_handler(self._error)

    # --- commands -------------------------------------------------------------------------

    async def _start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._reply(update, context, self.core.start)

    async def _help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._reply(update, context, self.core.help)

    async def _privacy(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._reply(update, context, self.core.privacy)

    async def _language(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._reply(update, context, self.core.language_menu)

    async def _other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A sticker, a voice message, a location...: say what can be read."""
        await self._reply(update, context, self.core.unsupported)

    async def _reply(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        answer: Callable[[Reader], list[Outgoing]],
    ) -> None:
        reader = _reader(update)
        if reader is not None:
            await send(context.bot, reader.chat_id, answer(reader))

    # --- buttons --------------------------------------------------------------------------

    async def _button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        await query.answer()
        reader = _reader(update)
        data = query.data or ""
        if reader is None:
            return
        if data.startswith(LANGUAGE_BUTTON):
            replies = self.core.choose_language(reader, data.removeprefix(LANGUAGE_BUTTON))
        elif data.startswith(REPORT_BUTTON):
            if not self._has_room():
                replies = self.core.busy(reader)
            else:
                self._jobs += 1
                try:
                    replies = await self._work(self.core.report_file, reader, data)
                finally:
                    self._jobs -= 1
        else:
            return
        await send(context.bot, reader.chat_id, replies)

    # --- papers ---------------------------------------------------------------------------

    async def _text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        reader = _reader(update)
        message = update.effective_message
        if reader is None or message is None or not message.text:
            return
        if not self._has_room():
            await send(context.bot, reader.chat_id, self.core.busy(reader))
            return
        refusal = self.core.admit(reader, [])
        if refusal:
            await send(context.bot, reader.chat_id, refusal)
            return
        self._jobs += 1
        try:
            replies = await self._work(self.core.analyse_text, reader, message.text)
            await send(context.bot, reader.chat_id, replies)
        finally:
            self._jobs -= 1

    async def _file(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        reader = _reader(update)
        message = update.effective_message
        if reader is None or message is None:
            return
        sent = _sent_file(message)
        if sent is None:
            await send(context.bot, reader.chat_id, self.core.unsupported(reader))
            return
        if message.media_group_id is None:
            self._spawn(self._read_files(reader, context.bot, [sent]))
            return
        key = (reader.chat_id, message.media_group_id)
        deadline = asyncio.get_running_loop().time() + self._album_wait
        album = self._albums.get(key)
        if album is None:
            self._albums[key] = _Album(reader, context.bot, deadline, [sent])
            self._spawn(self._read_album_when_complete(key))
        else:
            album.files.append(sent)
            album.deadline = deadline

    async def _read_album_when_complete(self, key: tuple[int, str]) -> None:
        loop = asyncio.get_running_loop()
        while (delay := self._albums[key].deadline - loop.time()) > 0:
            await asyncio.sleep(delay)
        album = self._albums.pop(key)
        files = sorted(album.files, key=lambda f: f.message_id)
        await self._read_files(album.reader, album.bot, files)

    async def _read_files(self, reader: Reader, bot: Bot, files: list[_File]) -> None:
        """Check, download into memory, read as one paper, answer."""
        photos = sum(f.kind == "photo" for f in files)
        number = 0
        for sent in files:  # photos have no names: "photo.jpg", or "photo-2.jpg" in an album
            if sent.kind == "photo":
                number += 1
                sent.name = f"photo-{number}.jpg" if photos > 1 else "photo.jpg"
        uploads = [Upload(f.name, f.size) for f in files]
        if not self._has_room():
            await send(bot, reader.chat_id, self.core.busy(reader))
            return
        refusal = self.core.admit(reader, uploads)
        if refusal:
            await send(bot, reader.chat_id, refusal)
            return
        self._jobs += 1
        try:
            await send(bot, reader.chat_id, self.core.reading(reader))
            contents: list[tuple[str, bytes]] = []
            for sent in files:
                telegram_file = await bot.get_file(sent.file_id)
                refusal = self.core.check_sizes(
                    reader, [Upload(sent.name, telegram_file.file_size)]
                )
                if refusal:
                    await send(bot, reader.chat_id, refusal)
                    return
                contents.append((sent.name, bytes(await telegram_file.download_as_bytearray())))
            replies = await self._work(self.core.analyse_uploads, reader, contents)
            contents.clear()
            await send(bot, reader.chat_id, replies)
        except TelegramError as error:
            log.warning("telegram error while reading a paper: %s", type(error).__name__)
            await _send_quietly(bot, reader.chat_id, self.core.failed(reader))
        finally:
            self._jobs -= 1

    # --- workers and tasks ----------------------------------------------------------------

    def _has_room(self) -> bool:
        return self._jobs < self._max_jobs

    async def _work(self, function: Callable[..., T], *args: Any) -> T:
        """Run ``function(*args)`` in a worker thread, so the event loop keeps serving.
        The caller counts the job (``_jobs``) from the moment it is admitted."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, function, *args)

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("task failed: %s", type(task.exception()).__name__)

    async def _error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Any error escaping a handler: its kind only (a trace can quote the message)."""
        log.error("handler failed: %s", type(context.error).__name__)

    async def sweep_every(self, seconds: float) -> None:
        """Forget expired reports, every ``seconds``, until cancelled."""
        while True:
            await asyncio.sleep(seconds)
            dropped = self.core.sweep()
            if dropped:
                log.info("expired reports dropped: %d", dropped)

    async def close(self) -> None:
        """Stop waiting albums and running work; nothing is kept for later."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        self._albums.clear()
        self._executor.shutdown(wait=False, cancel_futures=True)


# --- sending ----------------------------------------------------------------------------------


async def send(bot: Bot, chat_id: int, outgoing: Sequence[Outgoing]) -> None:
    """Send each message or file in order, as plain text (no markup to misread)."""
    for item in outgoing:
        if isinstance(item, ReplyFile):
            await _retrying(partial(bot.send_document, chat_id, document=item.data,
                                    filename=item.name, caption=item.caption or None))  # fmt: skip
            continue
        markup = None
        if item.buttons:
            markup = InlineKeyboardMarkup(
                [
                    [InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
                    for row in item.buttons
                ]
            )
        await _retrying(partial(bot.send_message, chat_id, item.text, reply_markup=markup))


async def _retrying(call: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """``call()``, again when Telegram says to wait (``RetryAfter``: it limits how fast a
    bot may send, and a burst of readers reaches that) or the connection failed before an
    answer; at most :data:`SEND_ATTEMPTS` times. A timeout is not retried: the message may
    have arrived, and a reader must not get it twice."""
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            return await call()
        except RetryAfter as error:
            if attempt == SEND_ATTEMPTS:
                raise
            with warnings.catch_warnings():  # an int until PTB 23, then a timedelta: both read
                warnings.simplefilter("ignore", PTBDeprecationWarning)
                wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            log.warning("telegram asked to wait %.0fs before sending", seconds)
            await asyncio.sleep(min(seconds, MAX_SEND_WAIT))
        except TimedOut:
            raise
        except NetworkError as error:
            if attempt == SEND_ATTEMPTS:
                raise
            log.warning("sending failed (%s), trying again", type(error).__name__)
            await asyncio.sleep(0.5 * attempt)
    raise AssertionError("unreachable")


async def _send_quietly(bot: Bot, chat_id: int, outgoing: Sequence[Outgoing]) -> None:
    try:
        await send(bot, chat_id, outgoing)
    except TelegramError as error:
        log.warning("could not answer: %s", type(error).__name__)


def _reader(update: Update) -> Reader | None:
    """Who wrote, in a private chat; None elsewhere."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != ChatType.PRIVATE:
        return None
    return Reader(user.id, chat.id, user.language_code)


def _sent_file(message: Message) -> _File | None:
    if message.photo:
        largest = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
        return _File(message.message_id, largest.file_id, "photo", "photo.jpg", largest.file_size)
    if message.document:
        document = message.document
        name = (document.file_name or "document").replace("/", "_")[:120]
        return _File(message.message_id, document.file_id, "document", name, document.file_size)
    return None


# --- the application --------------------------------------------------------------------------


def quiet_library_logs() -> None:
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def build_application(
    token: str,
    core: BotCore,
    *,
    workers: int = 2,
    base_url: str | None = None,
    base_file_url: str | None = None,
    album_wait: float = ALBUM_WAIT,
    max_waiting: int = MAX_WAITING,
) -> tuple[AnyApplication, TelegramBot]:
    """An Application with the bot's handlers. ``base_url``/``base_file_url`` point it at
    another Bot API server (a local one, or a fake in tests): ``http://host/bot``."""
    quiet_library_logs()  # before the Bot exists: it logs its URLs, token included
    builder = Application.builder().token(token).concurrent_updates(64)
    if base_url is not None:
        builder = builder.base_url(base_url)
    if base_file_url is not None:
        builder = builder.base_file_url(base_file_url)
    application = builder.build()
    bot = TelegramBot(core, workers=workers, album_wait=album_wait, max_waiting=max_waiting)
    bot.install(application)
    return application, bot


async def serve(
    application: AnyApplication,
    bot: TelegramBot,
    stop: asyncio.Event,
    *,
    poll_timeout: float = 10.0,
    sweep_seconds: float = 60.0,
) -> None:
    """Long-poll Telegram and answer until ``stop`` is set."""
    try:
        await application.initialize()
    except InvalidToken as error:
        raise BotUnavailable("Telegram refused the bot token.") from error
    except NetworkError as error:
        raise BotUnavailable(f"Telegram cannot be reached ({type(error).__name__}).") from error
    try:
        await application.start()
        updater = application.updater
        assert updater is not None
        await updater.start_polling(
            timeout=int(poll_timeout),
            allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY],
            error_callback=_polling_error,
        )
        sweeper = asyncio.create_task(bot.sweep_every(sweep_seconds))
        log.info("bot started")
        try:
            await stop.wait()
        finally:
            sweeper.cancel()
            await updater.stop()
            await bot.close()
            await application.stop()
            log.info("bot stopped")
    finally:
        await application.shutdown()


def _polling_error(error: TelegramError) -> None:
    log.warning("polling error: %s", type(error).__name__)


def read_token(path: str | Path) -> str:
    """The bot token from the first line of ``path`` (e.g. a container secret). Errors
    name the file, never its content."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BotUnavailable(f"cannot read the token file {path}.") from error
    lines = text.strip().splitlines()
    token = lines[0].strip() if lines else ""
    if not token or any(c.isspace() for c in token):
        raise BotUnavailable(f"the token file {path} holds no token on its first line.")
    return token


class _RedactToken(logging.Filter):
    """Belt and braces: no log line leaves the process with the token in it."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._token in message:
            record.msg, record.args = message.replace(self._token, "<token>"), None
        return True


def run_bot(
    token: str,
    core: BotCore,
    *,
    workers: int = 2,
    base_url: str | None = None,
    base_file_url: str | None = None,
    log_level: int = logging.INFO,
    max_waiting: int = MAX_WAITING,
) -> None:
    """Run until SIGINT or SIGTERM, logging counts and timings to stderr.
    ``base_url``/``base_file_url``: another Bot API server (see ``build_application``)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_RedactToken(token))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(log_level)
    application, bot = build_application(
        token, core, workers=workers, base_url=base_url, base_file_url=base_file_url,
        max_waiting=max_waiting,
    )  # fmt: skip

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(number, stop.set)
        await serve(application, bot, stop)

    try:
        asyncio.run(main())
    finally:
        root.removeHandler(handler)
