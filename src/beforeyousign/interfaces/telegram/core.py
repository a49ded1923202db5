"""What the bot answers, without Telegram: decoded inputs in, outgoing messages out.

Everything the bot remembers lives in this object's memory and nowhere else: each reader's
choice of language (forgotten when the process ends), a token bucket per reader for the
rate limit, and each reader's last report for a few minutes, so that it can be asked for
as a file (dropped once sent, or when the time is up). Documents and texts are never
stored: they pass through :meth:`BotCore.analyse_uploads` and :meth:`BotCore.analyse_text`
and are gone when those return.

Methods that read a paper or render a report are slow (OCR, PDF) and are meant to run in
a worker thread; the state they touch is guarded by a lock.
"""

from __future__ import annotations

import logging
import math
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from beforeyousign.errors import N_, BeforeYouSignError, InputTooLarge, N_plural, message_params
from beforeyousign.i18n import (
    SOURCE_LANGUAGE,
    Translator,
    available_languages,
    catalog_completeness,
    normalise_language,
    translator,
)
from beforeyousign.ingest.limits import DEFAULT_MAX_BYTES
from beforeyousign.report.model import Report

if TYPE_CHECKING:
    from beforeyousign.knowledge.help_contacts import HelpContacts

log = logging.getLogger("beforeyousign.telegram")

#: Telegram lets a bot download files of at most 20 MB (``getFile``).
TELEGRAM_DOWNLOAD_LIMIT = 20_000_000
#: Telegram refuses a message longer than this (UTF-16 units).
MESSAGE_LIMIT = 4096

GREETING = N_(
    "Hello. I read a contract, a job advert or a recruiter's messages before you sign, and "
    "tell you in your language what it would bind you to, quoting its own words.\n\n"
    "Send a photo of each page, a PDF or Word file, or paste the text. Nothing you send "
    "is kept."
)
HELP = N_(
    "How to use this bot:\n"
    "- Photos: one photo per page, in daylight, with the whole page in the frame. Send all "
    "the pages at once (as an album): they are read as one paper, in order.\n"
    "- Files: a PDF or a Word (DOCX) file.\n"
    "- Text: paste the advert or the messages.\n\n"
    "I answer with what the paper is and its warning signs, quoting its own words. Then you "
    "can ask for the full report as a page (HTML) or a PDF.\n\n"
    "/language: choose the language I answer in\n"
    "/privacy: what happens to what you send\n\n"
    "Warnings are possible signs, not proof, and this is not legal advice."
)
PRIVACY = N_plural(
    "What happens to what you send:\n"
    "- Photos and files are read in this computer's memory; they are never saved to its "
    "disk.\n"
    "- Nothing is kept after the answer: not the paper, not its text, not the report. The "
    "last report waits in memory for {n} minute so that you can ask for it as a file; it is "
    "deleted when it is sent or when the time is up.\n"
    "- The logs count papers and the time taken; they never hold words from your papers, "
    "your name or your number.\n"
    "- Your choice of language is kept in memory only and forgotten when the bot restarts.\n"
    "- Telegram carries your messages and files to this bot and keeps its own copies under "
    "its own rules. Delete this chat if others may see your phone.",
    "What happens to what you send:\n"
    "- Photos and files are read in this computer's memory; they are never saved to its "
    "disk.\n"
    "- Nothing is kept after the answer: not the paper, not its text, not the report. The "
    "last report waits in memory for {n} minutes so that you can ask for it as a file; it is "
    "deleted when it is sent or when the time is up.\n"
    "- The logs count papers and the time taken; they never hold words from your papers, "
    "your name or your number.\n"
    "- Your choice of language is kept in memory only and forgotten when the bot restarts.\n"
    "- Telegram carries your messages and files to this bot and keeps its own copies under "
    "its own rules. Delete this chat if others may see your phone.",
)
LANGUAGE_PROMPT = N_("Which language do you read? Choose one:")
LANGUAGE_SET = N_(
    "From now on I answer in {language}. Send the paper: a photo of each page, a PDF or "
    "Word file, or its text."
)
LANGUAGE_FALLBACK = N_("{language} is not fully translated yet, so I answer in English for now.")
READING = N_("Reading your paper… Photos take up to a minute.")
BUSY = N_("Many people are sending papers right now. Please send yours again in a few minutes.")
RATE_LIMITED = N_plural(
    "You have sent many papers in a short time. Please wait {n} minute, then send this one again.",
    "You have sent many papers in a short time. Please wait {n} minutes, then send this one again.",
)
UNSUPPORTED = N_(
    "I can read photos, PDF and Word files, and text. Send the paper in one of these forms."
)
REPORT_OFFER = N_(
    "The full report has every warning, the key terms, each clause in plain words and where "
    "to ask for help. Choose how to receive it:"
)
REPORT_HTML = N_("Full report (HTML)")
REPORT_PDF = N_("PDF")
REPORT_GONE = N_(
    "That report is no longer kept: it is deleted once it is sent, or after a few minutes. "
    "Send the paper again to get a new one."
)
REPORT_CAPTION = N_("beforeyousign report: {name}")  # the HTML report's title

LANGUAGE_BUTTON = "lang:"
REPORT_BUTTON = "rep:"
REPORT_FORMATS = {"html": ("beforeyousign-report.html", REPORT_HTML),
                  "pdf": ("beforeyousign-report.pdf", REPORT_PDF)}  # fmt: skip


# --- what goes in and out ------------------------------------------------------------------


@dataclass(frozen=True)
class Reader:
    """Who wrote: Telegram's user and chat ids (equal in a private chat) and the language
    their Telegram app is set to (``from.language_code``: "ru", "en-US", or None)."""

    user_id: int
    chat_id: int
    language_code: str | None = None


@dataclass(frozen=True)
class Upload:
    """A file the reader sent, before it is downloaded: its name and the size Telegram
    states (None when Telegram does not say)."""

    name: str
    size: int | None


@dataclass(frozen=True)
class Button:
    label: str
    data: str  # callback data: at most 64 bytes


@dataclass(frozen=True)
class Reply:
    """A text message, with rows of inline buttons under it."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()


@dataclass(frozen=True)
class ReplyFile:
    """A file sent as a document, from memory."""

    name: str
    data: bytes
    caption: str = ""


Outgoing = Reply | ReplyFile


@dataclass(frozen=True)
class Limits:
    documents: int = 5  # papers a reader may send ...
    per_seconds: float = 600.0  # ... in this many seconds (a token bucket)
    report_seconds: float = 900.0  # how long the last report waits to be asked for
    max_file_bytes: int = min(TELEGRAM_DOWNLOAD_LIMIT, DEFAULT_MAX_BYTES)
    max_total_bytes: int = DEFAULT_MAX_BYTES  # all the photos of one album together
    max_readers: int = 100_000  # readers whose language and bucket are remembered


@dataclass(frozen=True)
class _Pending:
    report_id: str
    chat_id: int
    report: Report
    expires: float


# --- the core --------------------------------------------------------------------------------


class BotCore:
    """The bot's answers. ``analyse_bytes`` and ``analyse_text`` are the pipeline (tests
    may pass fakes); ``clock`` is monotonic seconds."""

    def __init__(
        self,
        limits: Limits | None = None,
        *,
        contacts: HelpContacts | None = None,
        clock: Callable[[], float] = time.monotonic,
        analyse_bytes: Callable[[Sequence[tuple[str, bytes]], str], Report] | None = None,
        analyse_text: Callable[[str, str], Report] | None = None,
    ) -> None:
        self.limits = limits or Limits()
        self._contacts = contacts  # None: the help organisations shipped with the tool
        self._clock = clock
        self._analyse_bytes = analyse_bytes or _pipeline_bytes
        self._analyse_text = analyse_text or _pipeline_text
        self._lock = threading.Lock()
        self._languages: OrderedDict[int, str] = OrderedDict()
        self._buckets: OrderedDict[int, tuple[float, float]] = OrderedDict()  # tokens, when
        self._reports: dict[int, _Pending] = {}
        self._asked: OrderedDict[int, None] = OrderedDict()  # readers asked their language

    # --- language ---------------------------------------------------------------------

    def language(self, reader: Reader) -> str:
        """The reader's chosen language, else the one their Telegram app suggests if a
        catalog ships for it, else English."""
        with self._lock:
            chosen = self._languages.get(reader.user_id)
        return chosen or suggested_language(reader.language_code)

    def has_chosen_language(self, reader: Reader) -> bool:
        with self._lock:
            return reader.user_id in self._languages

    def translator(self, reader: Reader) -> Translator:
        return reader_translator(self.language(reader))

    def start(self, reader: Reader) -> list[Outgoing]:
        """The greeting, and the language question until the reader has answered it."""
        greeting = Reply(self.translator(reader)(GREETING))
        with self._lock:
            self._asked.pop(reader.user_id, None)
        return [greeting, *self._ask_language_once(reader)]

    def _ask_language_once(self, reader: Reader) -> list[Outgoing]:
        """The language question, if this reader has neither chosen nor been asked (after
        a first paper sent without /start, the question follows the answer, once)."""
        with self._lock:
            if reader.user_id in self._languages or reader.user_id in self._asked:
                return []
            self._asked[reader.user_id] = None
            while len(self._asked) > self.limits.max_readers:
                self._asked.popitem(last=False)
        return self.language_menu(reader)

    def help(self, reader: Reader) -> list[Outgoing]:
        return [Reply(self.translator(reader)(HELP))]

    def privacy(self, reader: Reader) -> list[Outgoing]:
        minutes = max(1, math.ceil(self.limits.report_seconds / 60))
        return [Reply(self.translator(reader).plural(*PRIVACY, minutes))]

    def unsupported(self, reader: Reader) -> list[Outgoing]:
        return [Reply(self.translator(reader)(UNSUPPORTED))]

    def reading(self, reader: Reader) -> list[Outgoing]:
        return [Reply(self.translator(reader)(READING))]

    def busy(self, reader: Reader) -> list[Outgoing]:
        return [Reply(self.translator(reader)(BUSY))]

    def failed(self, reader: Reader) -> list[Outgoing]:
        """Something unexpected went wrong: the general message, never a trace."""
        return [Reply(self.translator(reader)(BeforeYouSignError.message_id))]

    def language_menu(self, reader: Reader) -> list[Outgoing]:
        """The question, asked in the suggested language, with a button per shipped
        language named in its own script; the current or suggested one first."""
        current = self.language(reader)
        _ = reader_translator(current)
        codes = sorted(available_languages(), key=lambda c: (c != current, c != "en", c))
        buttons = [Button(native_name(code), LANGUAGE_BUTTON + code) for code in codes]
        rows = tuple(tuple(buttons[i : i + 3]) for i in range(0, len(buttons), 3))
        return [Reply(_(LANGUAGE_PROMPT), rows)]

    def choose_language(self, reader: Reader, code: str) -> list[Outgoing]:
        if code not in available_languages():
            return self.language_menu(reader)
        with self._lock:
            self._languages[reader.user_id] = code
            self._languages.move_to_end(reader.user_id)
            while len(self._languages) > self.limits.max_readers:
                self._languages.popitem(last=False)
        _ = reader_translator(code)
        replies: list[Outgoing] = []
        if _.fell_back:
            replies.append(Reply(_(LANGUAGE_FALLBACK, language=native_name(code))))
        replies.append(Reply(_(LANGUAGE_SET, language=native_name(_.language))))
        return replies

    # --- papers -------------------------------------------------------------------------

    def check_sizes(self, reader: Reader, uploads: Sequence[Upload]) -> list[Outgoing]:
        """The polite refusal of a file (or album) too large to download, or nothing."""
        _ = self.translator(reader)
        for upload in uploads:
            if upload.size is not None and upload.size > self.limits.max_file_bytes:
                log.info("refused: file too large")
                limit = self.limits.max_file_bytes
                return [
                    self._error(InputTooLarge(name=upload.name, size=upload.size, limit=limit), _)
                ]
        total = sum(u.size or 0 for u in uploads)
        if total > self.limits.max_total_bytes:
            log.info("refused: album too large")
            name = " + ".join(u.name for u in uploads)
            limit = self.limits.max_total_bytes
            return [self._error(InputTooLarge(name=name, size=total, limit=limit), _)]
        return []

    def admit(self, reader: Reader, uploads: Sequence[Upload]) -> list[Outgoing]:
        """Whether a paper (one file, an album, or a text when ``uploads`` is empty) may be
        read: refused, before anything is downloaded, when a file is too large or the
        reader has sent too many papers lately. An empty list means admitted, and one
        paper is counted against the reader's rate limit."""
        refusal = self.check_sizes(reader, uploads)
        if refusal:
            return refusal
        wait = self._take_token(reader.user_id)
        if wait > 0:
            log.info("refused: rate limit")
            minutes = max(1, math.ceil(wait / 60))
            return [Reply(self.translator(reader).plural(*RATE_LIMITED, minutes))]
        return []

    def analyse_uploads(self, reader: Reader, files: Sequence[tuple[str, bytes]]) -> list[Outgoing]:
        """Read ``files`` (name, bytes), in order, as one paper. Slow: run in a worker."""
        code = self.language(reader)
        return self._answer(reader, lambda: self._analyse_bytes(files, code), "files", len(files))

    def analyse_text(self, reader: Reader, text: str) -> list[Outgoing]:
        """Read a pasted text (an advert, a chat). Run in a worker."""
        code = self.language(reader)
        return self._answer(reader, lambda: self._analyse_text(text, code), "text", 1)

    def _answer(
        self, reader: Reader, run: Callable[[], Report], kind: str, parts: int
    ) -> list[Outgoing]:
        from beforeyousign.report.render_messages import short_messages, split_text

        _ = self.translator(reader)
        started = time.perf_counter()
        try:
            report = run()
        except BeforeYouSignError as error:
            log.info("not read: kind=%s parts=%d code=%s seconds=%.2f", kind, parts,
                     error.code, time.perf_counter() - started)  # fmt: skip
            return [self._error(error, _)]
        except Exception as error:  # never a trace to the reader, never content in the log
            log.error("failed: kind=%s parts=%d error=%s seconds=%.2f", kind, parts,
                      type(error).__name__, time.perf_counter() - started)  # fmt: skip
            return self.failed(reader)
        log.info("read: kind=%s parts=%d flags=%d seconds=%.2f", kind, parts,
                 len(report.flags), time.perf_counter() - started)  # fmt: skip
        report_id = secrets.token_urlsafe(6)
        with self._lock:
            self._reports[reader.user_id] = _Pending(
                report_id, reader.chat_id, report, self._clock() + self.limits.report_seconds
            )
        messages = short_messages(report, _)
        messages[-1] += "\n\n" + _(REPORT_OFFER)
        buttons = (tuple(Button(_(label), f"{REPORT_BUTTON}{fmt}:{report_id}")
                         for fmt, (_name, label) in REPORT_FORMATS.items()),)  # fmt: skip
        replies: list[Outgoing] = []
        for number, message in enumerate(messages, start=1):
            pieces = split_text(message, MESSAGE_LIMIT) or ["…"]
            replies += [Reply(piece) for piece in pieces[:-1]]
            replies.append(Reply(pieces[-1], buttons if number == len(messages) else ()))
        return replies + self._ask_language_once(reader)

    def _error(self, error: BeforeYouSignError, _: Translator) -> Reply:
        return Reply(_(error.message_id, **message_params(error.params, _)))

    # --- the report as a file ------------------------------------------------------------

    def report_file(self, reader: Reader, data: str) -> list[Outgoing]:
        """The reader's last report as HTML or PDF, for the button whose callback data is
        ``data``; then it is forgotten. Only the reader it was made for gets it, from the
        chat it was made in. Slow for a PDF: run in a worker."""
        _ = self.translator(reader)
        fmt, _sep, report_id = data.removeprefix(REPORT_BUTTON).partition(":")
        now = self._clock()
        with self._lock:
            pending = self._reports.get(reader.user_id)
            if (pending is None or fmt not in REPORT_FORMATS or pending.report_id != report_id
                    or pending.chat_id != reader.chat_id):  # fmt: skip
                return [Reply(_(REPORT_GONE))]
            del self._reports[reader.user_id]
        if pending.expires <= now:
            return [Reply(_(REPORT_GONE))]
        name, _label = REPORT_FORMATS[fmt]
        started = time.perf_counter()
        try:
            content = self._render(pending.report, fmt, _)
        except BeforeYouSignError as error:
            log.info("report not made: format=%s code=%s", fmt, error.code)
            return [self._error(error, _)]
        except Exception as error:
            log.error("report failed: format=%s error=%s", fmt, type(error).__name__)
            return self.failed(reader)
        log.info("report made: format=%s bytes=%d seconds=%.2f", fmt, len(content),
                 time.perf_counter() - started)  # fmt: skip
        caption = _(REPORT_CAPTION, name=pending.report.source_name)
        return [ReplyFile(name, content, caption[:1000])]

    def _render(self, report: Report, fmt: str, _: Translator) -> bytes:
        if fmt == "pdf":
            from beforeyousign.report.render_pdf import render_pdf

            return render_pdf(report, _, self._contacts)
        from beforeyousign.report.render_html import render_html

        return render_html(report, _, self._contacts).encode("utf-8")

    # --- memory -------------------------------------------------------------------------

    def _take_token(self, user_id: int) -> float:
        """Take one token from the reader's bucket: 0 if there was one, else the seconds
        until there will be."""
        capacity = float(self.limits.documents)
        refill = self.limits.per_seconds / capacity  # seconds per token
        now = self._clock()
        with self._lock:
            tokens, then = self._buckets.get(user_id, (capacity, now))
            tokens = min(capacity, tokens + (now - then) / refill)
            if tokens < 1.0:
                self._buckets[user_id] = (tokens, now)
                return (1.0 - tokens) * refill
            self._buckets[user_id] = (tokens - 1.0, now)
            self._buckets.move_to_end(user_id)
            while len(self._buckets) > self.limits.max_readers:
                self._buckets.popitem(last=False)
        return 0.0

    def sweep(self) -> int:
        """Forget expired reports and full buckets; returns the number of reports dropped."""
        now = self._clock()
        capacity = float(self.limits.documents)
        refill = self.limits.per_seconds / capacity
        with self._lock:
            expired = [user for user, p in self._reports.items() if p.expires <= now]
            for user in expired:
                del self._reports[user]
            full = [user for user, (tokens, then) in self._buckets.items()
                    if tokens + (now - then) / refill >= capacity]  # fmt: skip
            for user in full:
                del self._buckets[user]
        return len(expired)

    def reports_kept(self) -> int:
        with self._lock:
            return len(self._reports)


# --- languages -----------------------------------------------------------------------------


def suggested_language(language_code: str | None) -> str:
    """The language Telegram says the reader's app uses, if a catalog ships for it."""
    code = normalise_language(language_code) if language_code else SOURCE_LANGUAGE
    return code if code in available_languages() else SOURCE_LANGUAGE


@lru_cache(maxsize=64)
def catalog_complete(code: str) -> bool:
    """English, or a language whose catalog has every message translated. Read once per
    process: catalogs do not change while the bot runs."""
    if code == SOURCE_LANGUAGE:
        return True
    counts = catalog_completeness(code)
    return counts is not None and counts[0] >= counts[1]


def reader_translator(code: str) -> Translator:
    """The Translator for ``code``; English, saying so (``fell_back``), when the catalog
    is missing or not complete: rather all in English, and told so, than half of it."""
    if catalog_complete(code):
        return translator(code)
    return replace(translator(SOURCE_LANGUAGE), requested=code)


def native_name(code: str) -> str:
    """The language's name in itself, with a capital where its script has them."""
    from beforeyousign.i18n.support import language_name

    name = language_name(code, code)
    return name[:1].upper() + name[1:]


# --- the pipeline ----------------------------------------------------------------------------


def _pipeline_bytes(files: Sequence[tuple[str, bytes]], language: str) -> Report:
    from beforeyousign import pipeline

    if len(files) == 1:
        name, data = files[0]
        return pipeline.run_bytes(data, name, language)
    return pipeline.run_many_bytes(files, language)


def _pipeline_text(text: str, language: str) -> Report:
    from beforeyousign import pipeline

    return pipeline.run_text(text, "text", language)
