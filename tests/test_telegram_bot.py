"""The Telegram bot: end to end against a fake Bot API server on loopback, and its core
without Telegram.

The end-to-end tests run the real python-telegram-bot Application with long polling,
pointed at ``tests/fake_telegram.py`` through ``base_url``/``base_file_url``, in a thread
of its own; users' updates are queued on the fake server and the bot's answers read from
what it recorded. Every wait is bounded.
"""

from __future__ import annotations

import ast
import asyncio
import logging
import tempfile
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("telegram")

from beforeyousign.errors import BeforeYouSignError
from beforeyousign.i18n import translator
from beforeyousign.interfaces.telegram import core as bot_core
from beforeyousign.interfaces.telegram.bot import (
    QUIET_LOGGERS,
    build_application,
    read_token,
    serve,
)
from beforeyousign.interfaces.telegram.core import (
    BUSY,
    LANGUAGE_FALLBACK,
    LANGUAGE_PROMPT,
    PRIVACY,
    RATE_LIMITED,
    READING,
    REPORT_GONE,
    REPORT_OFFER,
    UNSUPPORTED,
    BotCore,
    Limits,
    Reader,
    Reply,
    ReplyFile,
    Upload,
    catalog_complete,
    reader_translator,
)
from beforeyousign.knowledge.taxonomy import FLAGS
from beforeyousign.ocr.tesseract import is_available
from beforeyousign.report.build import verdict
from beforeyousign.report.render_messages import message_length, split_text
from fake_telegram import Call, FakeTelegram, User
from filemakers import CONTRACT_PAGE_LINES, image_bytes, render_page

TOKEN = "123456789:AAFakeTokenForTestsOnly-abcdefghijk"
EN = translator("en")

CONTRACT = list(CONTRACT_PAGE_LINES)
MILITARY_TEXT = "\n".join(CONTRACT)
CIVILIAN_TEXT = (
    "Требуется повар в кафе «Ромашка», город Казань. Зарплата 70 000 рублей в месяц, "
    "выплачивается два раза в месяц на карту работника. Трудовой договор по ТК РФ."
)
#: Words of the papers that must never reach a log line.
SECRET_WORDS = ("Иностранный", "паспорт", "командиру", "Вооружённых", "повар", "Ромашка")

real_ocr = pytest.mark.skipif(not is_available(), reason="Tesseract data not installed")


# --- running the bot against the fake server ------------------------------------------------


class RunningBot:
    """The real Application, long-polling the fake server from a thread of its own."""

    def __init__(self, fake: FakeTelegram, core: BotCore | None = None) -> None:
        self.fake = fake
        self.core = core or BotCore()
        self.application, self.bot = build_application(
            TOKEN, self.core, base_url=fake.base_url, base_file_url=fake.base_file_url
        )
        self._started = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as error:
            self._error = error
            self._started.set()

    async def _main(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.stop = asyncio.Event()
        self._started.set()
        await serve(self.application, self.bot, self.stop, poll_timeout=1, sweep_seconds=1)

    def __enter__(self) -> RunningBot:
        self._thread.start()
        assert self._started.wait(30)
        self.fake.wait_for(lambda: self.fake.polls or self._error, timeout=30)
        if self._error is not None:
            raise self._error
        return self

    def __exit__(self, *exc: object) -> None:
        self.loop.call_soon_threadsafe(self.stop.set)
        self._thread.join(timeout=30)
        assert not self._thread.is_alive(), "the bot did not stop"
        if self._error is not None:
            raise self._error


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temp folder of the test's own, as every library sees it."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def fake(private_tmp: Path, caplog: pytest.LogCaptureFixture) -> Iterator[FakeTelegram]:
    """A fake Bot API server; logs captured at DEBUG (the bot quiets its libraries:
    their levels are restored afterwards)."""
    levels = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    caplog.set_level(logging.DEBUG)
    with FakeTelegram(TOKEN) as server:
        yield server
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def answers_after(fake: FakeTelegram, user: User, count: int, since: int = 0) -> list[Call]:
    """Wait for ``count`` messages to ``user`` after the first ``since`` ones."""
    return list(fake.wait_for(lambda: len(got := fake.messages_to(user)[since:]) >= count and got))


def full_answer(fake: FakeTelegram, user: User, since: int = 0) -> list[Call]:
    """The messages of one answer to a paper, up to the one offering the full report."""

    def done() -> list[Call] | None:
        got = fake.messages_to(user)[since:]
        offers = [i for i, call in enumerate(got) if call.buttons and "rep:" in call.buttons[0][1]]
        return got[: offers[0] + 1] if offers else None

    return list(fake.wait_for(done, timeout=120))


def report_buttons(call: Call) -> dict[str, str]:
    return {data.split(":")[1]: data for _label, data in call.buttons if data.startswith("rep:")}


def assert_logs_hold_no_content(caplog: pytest.LogCaptureFixture) -> None:
    logged = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    assert "beforeyousign.telegram" in logged, "the bot logs counts and timings"
    assert TOKEN not in logged
    assert TOKEN.split(":")[1] not in logged
    for word in SECRET_WORDS:
        assert word.lower() not in logged.lower(), word


# --- end to end -----------------------------------------------------------------------------


@real_ocr
def test_photo_album_is_read_as_one_paper_in_the_chosen_language(
    fake: FakeTelegram, private_tmp: Path, caplog: pytest.LogCaptureFixture
) -> None:
    user = User(101, language_code="en")
    with RunningBot(fake):
        fake.text(user, "/start")
        greeting, question = answers_after(fake, user, 2)
        assert "Nothing you send is kept" in greeting.text
        assert question.text == EN(LANGUAGE_PROMPT)
        labels = dict((data, label) for label, data in question.buttons)
        assert labels["lang:ru"] == "Русский" and labels["lang:es"] == "Español"
        assert question.buttons[0] == ("English", "lang:en")  # Telegram's language first

        fake.press(user, "lang:ru")
        _ = reader_translator("ru")
        confirmation = answers_after(fake, user, 1, since=2)[-1]
        seen = len(fake.messages_to(user))
        if catalog_complete("ru"):
            assert not _.fell_back
            assert "Русский" in confirmation.text
        else:  # the catalog is being finished: the bot must say it answers in English
            assert _.fell_back
            assert EN(LANGUAGE_FALLBACK, language="Русский") in [
                c.text for c in fake.messages_to(user)
            ]

        pages = [render_page(CONTRACT[:3]), render_page(CONTRACT[3:6]), render_page(CONTRACT[6:])]
        for page in pages:
            fake.photo(user, image_bytes(page.convert("RGB"), "JPEG", quality=85),
                       width=page.width, height=page.height, media_group_id="album-1")  # fmt: skip
        answer = full_answer(fake, user, since=seen)

        texts = [c.text for c in answer]
        assert texts[0] == _(READING), "one acknowledgement for the whole album"
        assert sum(t == _(READING) for t in texts) == 1
        military = verdict("military_contract", ())
        assert texts[1].startswith(_("VERDICT: {verdict}", verdict=_(military.message_id))) or (
            _.fell_back and _("VERDICT: {verdict}", verdict=_(military.message_id)) in texts[1]
        )
        flag_messages = [t for t in texts[2:-1] if "«" in t]
        assert any(_(FLAGS["military_service"].title_id) in t for t in flag_messages)
        assert any(_(FLAGS["document_retention"].title_id) in t for t in flag_messages), (
            "the passport clause runs from the second photo onto the third: read in order"
        )
        assert any("военн" in t.lower() for t in flag_messages), "the paper's own words"
        assert all(message_length(t) <= 4096 for t in texts)
        assert _(REPORT_OFFER) in texts[-1]
        assert len(fake.calls_of("getFile")) == 3 and len(fake.downloads) == 3

        # The full report, on request, once.
        buttons = report_buttons(answer[-1])
        fake.press(user, buttons["html"])
        document = fake.wait_for(lambda: fake.documents_to(user))[0]
        name, content = document.files["document"]
        html = content.decode("utf-8")
        assert name.endswith(".html")
        assert "photo-1.jpg + photo-2.jpg + photo-3.jpg" in html, "the photos in order"
        assert f'lang="{_.language}"' in html
        assert "военной службы" in html
        fake.press(user, buttons["pdf"])
        gone = fake.wait_for(
            lambda: [c for c in fake.messages_to(user) if c.text == _(REPORT_GONE)]
        )
        assert gone and len(fake.documents_to(user)) == 1

    # Privacy: nothing left on disk, nothing of the paper (or the token) in the logs.
    assert list(private_tmp.iterdir()) == []
    assert_logs_hold_no_content(caplog)


def test_text_is_analysed_and_the_language_asked_once(
    fake: FakeTelegram, private_tmp: Path, caplog: pytest.LogCaptureFixture
) -> None:
    user = User(102, language_code="en-GB")
    with RunningBot(fake):
        fake.text(user, MILITARY_TEXT)
        answer = full_answer(fake, user)
        texts = [c.text for c in answer]
        military = EN(verdict("military_contract", ()).message_id)
        assert texts[0].startswith(EN("VERDICT: {verdict}", verdict=military))
        assert any(EN(FLAGS["military_service"].title_id) in t and "«" in t for t in texts)
        assert any("«Паспорт иностранного гражданина" in t for t in texts)
        question = answers_after(fake, user, len(answer) + 1)[-1]
        assert question.text == EN(LANGUAGE_PROMPT), "asked after the first answer"

        seen = len(fake.messages_to(user))
        fake.text(user, CIVILIAN_TEXT)
        second = full_answer(fake, user, since=seen)
        assert all(c.text != EN(LANGUAGE_PROMPT) for c in second)
        assert not fake.calls_of("getFile"), "a text needs no download"
    assert list(private_tmp.iterdir()) == []
    assert_logs_hold_no_content(caplog)


def test_privacy_and_help_are_answered(fake: FakeTelegram) -> None:
    user = User(103)
    with RunningBot(fake):
        fake.text(user, "/privacy")
        privacy = answers_after(fake, user, 1)[0].text
        assert privacy == EN.plural(*PRIVACY, 15)
        assert "never saved to its disk" in privacy
        fake.text(user, "/help")
        assert "/language" in answers_after(fake, user, 1, since=1)[0].text
        fake.location(user)
        assert answers_after(fake, user, 1, since=2)[0].text == EN(UNSUPPORTED)


def test_an_oversized_file_is_refused_before_download(fake: FakeTelegram) -> None:
    user = User(104)
    with RunningBot(fake):
        fake.document(user, b"%PDF-1.7 tiny", file_name="scan.pdf", declared_size=25_000_000)
        refusal = answers_after(fake, user, 1)[0].text
        assert "scan.pdf" in refusal and "25000000" in refusal
        limit = bot_core.Limits().max_file_bytes
        assert refusal == EN(
            "{name} is too large ({size} bytes; the limit is {limit} bytes). "
            "Send the contract pages only, or split the file.",
            name="scan.pdf", size=25_000_000, limit=limit,
        )  # fmt: skip
        assert not fake.calls_of("getFile") and not fake.downloads


def test_the_sixth_paper_in_ten_minutes_is_refused(fake: FakeTelegram) -> None:
    user = User(105)
    with RunningBot(fake):
        seen = 0
        for number in range(5):
            fake.text(user, f"{CIVILIAN_TEXT} Вакансия {number}.")
            seen += len(full_answer(fake, user, since=seen))
            if number == 0:
                seen += len(answers_after(fake, user, 1, since=seen))  # the language question
        fake.document(user, CIVILIAN_TEXT.encode(), file_name="ad.txt")
        refusal = answers_after(fake, user, 1, since=seen)[0].text
        assert refusal == EN.plural(*RATE_LIMITED, 2)
        assert not fake.calls_of("getFile"), "refused before download"


def test_one_user_never_gets_another_users_report(fake: FakeTelegram) -> None:
    alice, bob = User(201, language_code="ru"), User(202, language_code="es")
    with RunningBot(fake):
        fake.text(alice, MILITARY_TEXT)
        fake.text(bob, CIVILIAN_TEXT)
        alice_answer, bob_answer = full_answer(fake, alice), full_answer(fake, bob)
        alice_buttons, bob_buttons = (
            report_buttons(alice_answer[-1]),
            report_buttons(bob_answer[-1]),
        )
        assert alice_buttons["html"] != bob_buttons["html"]

        fake.press(bob, alice_buttons["html"])  # Bob tries Alice's button
        gone = reader_translator("es")(REPORT_GONE)
        fake.wait_for(lambda: [c for c in fake.messages_to(bob) if c.text == gone])
        fake.press(alice, alice_buttons["html"])
        fake.press(bob, bob_buttons["html"])
        fake.wait_for(lambda: fake.documents_to(alice) and fake.documents_to(bob))
        for call in fake.calls_of("sendDocument"):
            html = call.files["document"][1].decode("utf-8")
            if call.chat_id == alice.id:
                assert "прохождении военной службы" in html and "Ромашка" not in html
            else:
                assert call.chat_id == bob.id
                assert "Ромашка" in html and "военной службы" not in html
        assert len(fake.calls_of("sendDocument")) == 2
        for call in fake.calls_of("sendMessage"):
            assert call.chat_id in (alice.id, bob.id)
            if call.chat_id == bob.id:
                assert "Паспорт" not in call.text and "военной" not in call.text


# --- the core, without Telegram -------------------------------------------------------------


@pytest.fixture(autouse=True)
def fresh_catalog_checks() -> Iterator[None]:
    """Whether a catalog is complete is cached per process; tests fake the answer."""
    bot_core.catalog_complete.cache_clear()
    yield
    bot_core.catalog_complete.cache_clear()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_rate_limit_refills_one_paper_every_two_minutes() -> None:
    clock = Clock()
    core = BotCore(clock=clock)
    reader = Reader(1, 1, "en")
    assert all(core.admit(reader, []) == [] for _ in range(5))
    refusal = core.admit(reader, [])
    assert refusal == [Reply(EN.plural(*RATE_LIMITED, 2))]
    clock.now += 119
    assert core.admit(reader, []) != []
    clock.now += 2
    assert core.admit(reader, []) == []
    assert core.admit(Reader(2, 2, "en"), []) == [], "each reader has a bucket of their own"


def test_sizes_are_checked_per_file_and_per_album() -> None:
    core = BotCore(Limits(max_file_bytes=100, max_total_bytes=150))
    reader = Reader(1, 1, "en")
    assert core.check_sizes(reader, [Upload("a.jpg", 100), Upload("b.jpg", None)]) == []
    assert "a.jpg" in core.check_sizes(reader, [Upload("a.jpg", 101)])[0].text  # type: ignore[union-attr]
    album = core.check_sizes(reader, [Upload("a.jpg", 80), Upload("b.jpg", 80)])
    assert "a.jpg + b.jpg" in album[0].text  # type: ignore[union-attr]


def test_reports_are_kept_for_their_reader_until_sent_or_expired() -> None:
    clock = Clock()
    core = BotCore(clock=clock)
    alice, bob = Reader(1, 1, "en"), Reader(2, 2, "en")
    answer = core.analyse_text(alice, MILITARY_TEXT)
    offer = next(r for r in answer if isinstance(r, Reply) and r.buttons)
    html = offer.buttons[0][0].data
    assert core.report_file(bob, html) == [Reply(EN(REPORT_GONE))]
    assert core.report_file(Reader(1, 99, "en"), html) == [Reply(EN(REPORT_GONE))], "other chat"
    sent = core.report_file(alice, html)
    assert isinstance(sent[0], ReplyFile) and b"<html" in sent[0].data
    assert core.report_file(alice, html) == [Reply(EN(REPORT_GONE))], "sent once, then dropped"

    answer = core.analyse_text(alice, MILITARY_TEXT)
    pdf = next(r for r in answer if isinstance(r, Reply) and r.buttons).buttons[0][1].data
    sent = core.report_file(alice, pdf)
    assert isinstance(sent[0], ReplyFile) and sent[0].data.startswith(b"%PDF")
    assert sent[0].name.endswith(".pdf")

    core.analyse_text(alice, MILITARY_TEXT)
    assert core.reports_kept() == 1
    clock.now += Limits().report_seconds + 1
    assert core.sweep() == 1 and core.reports_kept() == 0


def test_an_incomplete_catalog_falls_back_to_english_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bot_core, "catalog_completeness", lambda code: (10, 20))
    core = BotCore()
    reader = Reader(1, 1, "es")
    replies = core.choose_language(reader, "es")
    assert replies[0] == Reply(EN(LANGUAGE_FALLBACK, language="Español"))
    answer = core.analyse_text(reader, MILITARY_TEXT)
    first = answer[0].text  # type: ignore[union-attr]
    assert first.startswith(
        "Your language (español) is not available yet; this report is in English."
    )
    assert (
        EN("VERDICT: {verdict}", verdict=EN(verdict("military_contract", ()).message_id)) in first
    )


def test_a_complete_catalog_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bot_core, "catalog_completeness", lambda code: (20, 20))
    _ = reader_translator("es")
    assert not _.fell_back and _.language == "es"


def test_errors_become_the_readers_message_never_a_trace(caplog: pytest.LogCaptureFixture) -> None:
    def broken(files: Any, language: str) -> Any:
        raise RuntimeError("secret words from the paper")

    core = BotCore(analyse_bytes=broken)
    reader = Reader(1, 1, "en")
    caplog.set_level(logging.DEBUG)
    assert core.analyse_uploads(reader, [("a.jpg", b"x")]) == [
        Reply(EN(BeforeYouSignError.message_id))
    ]
    assert "secret" not in caplog.text and "RuntimeError" in caplog.text
    answer = BotCore().analyse_uploads(reader, [("photo.jpg", b"\x00\x01 not a picture")])
    assert len(answer) == 1 and "photo.jpg" in answer[0].text  # type: ignore[union-attr]
    assert BotCore().busy(reader) == [Reply(EN(BUSY))]


def test_split_text_keeps_every_word_within_the_limit() -> None:
    paragraph = "слово " * 300 + "😀" * 50
    text = "\n\n".join([paragraph] * 8)
    pieces = split_text(text, 4096)
    assert len(pieces) > 1
    assert all(0 < message_length(p) <= 4096 for p in pieces)
    assert " ".join(" ".join(pieces).split()) == " ".join(text.split())
    assert split_text("a" * 10, 4) == ["aaaa", "aaaa", "aa"]
    assert split_text("  ") == []


def test_long_messages_are_split_and_the_buttons_stay_on_the_last(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bot_core, "MESSAGE_LIMIT", 200)
    answer = BotCore().analyse_text(Reader(1, 1, "en"), MILITARY_TEXT)
    replies = [r for r in answer if isinstance(r, Reply)]
    assert all(message_length(r.text) <= 200 for r in replies)
    with_buttons = [i for i, r in enumerate(replies) if r.buttons]
    assert len(with_buttons) == 2  # the full report, then the language question
    assert replies[with_buttons[0]].buttons[0][0].data.startswith("rep:html:")


def test_the_token_is_read_from_its_file_and_never_shown(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text(f"{TOKEN}\n", encoding="utf-8")
    assert read_token(path) == TOKEN
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="holds no token") as error:
        read_token(path)
    with pytest.raises(RuntimeError, match="cannot read"):
        read_token(tmp_path / "missing")
    assert TOKEN not in str(error.value)


def test_the_bot_command_reads_its_token_from_a_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from beforeyousign.interfaces.cli import main

    result = CliRunner().invoke(main, ["bot", "--token-file", str(tmp_path / "missing")])
    assert result.exit_code == 1
    assert "cannot read the token file" in result.output
    result = CliRunner().invoke(main, ["bot", "--help"])
    assert result.exit_code == 0 and "--token-file" in result.output


def test_the_bot_core_imports_no_telegram() -> None:
    """The core is testable without Telegram: only the adapter imports the library."""
    tree = ast.parse(Path(bot_core.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}  # fmt: skip
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {name for name in imported if name.split(".")[0] == "telegram"}


def test_a_send_is_tried_again_when_telegram_says_wait_or_the_connection_fails() -> None:
    """Under a burst Telegram answers "retry after" (it limits how fast a bot sends) and
    connections can fail: the answer is sent again, so the reader still gets it; a
    timeout is not retried (the message may have arrived)."""
    from telegram.error import NetworkError, RetryAfter, TimedOut

    from beforeyousign.interfaces.telegram.bot import _retrying

    with warnings.catch_warnings():  # PTB 22 warns that retry_after becomes a timedelta
        warnings.simplefilter("ignore", DeprecationWarning)
        failures: list[Exception] = [RetryAfter(0), NetworkError("connection refused")]
    calls: list[int] = []

    async def flaky() -> str:
        calls.append(1)
        if failures:
            raise failures.pop(0)
        return "sent"

    assert asyncio.run(_retrying(flaky)) == "sent" and len(calls) == 3

    async def timed_out() -> str:
        calls.append(1)
        raise TimedOut()

    calls.clear()
    with pytest.raises(TimedOut):
        asyncio.run(_retrying(timed_out))
    assert len(calls) == 1
