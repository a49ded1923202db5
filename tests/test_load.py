"""Load, small: the web service at and past its capacity, and the bot under a burst.

The full run, with timings and memory, is ``bench/bench_load.py``; these are its small
versions with no timing in any assertion, only generous limits against a hang. Both
servers are real processes (``live_server``: the ``beforeyousign serve`` command;
``bot_process``: ``run_bot`` against the fake Bot API) under the network guard.

- At capacity (as many clients as the service admits at once, one request each at a
  time) every request is answered with a report: no refusal, no error.
- Past capacity (three times as many clients, on papers long enough to keep the workers
  busy) every request is still answered: a report, or 503 with Retry-After; none is
  lost, none is another error.
- A burst of 100 updates from 10 users: each user gets exactly one answer per update;
  never more reports than the rate limit allows (and exactly as many when the bot was
  not too busy to take their papers); and no message or report sent to one user holds
  another user's marker words.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from beforeyousign.i18n import translator
from beforeyousign.ocr.tesseract import is_available
from fake_telegram import FakeTelegram, bot_process
from filemakers import CONTRACT_PAGE_LINES, image_bytes, render_page
from live_server import live_server
from loadkit import bot_burst, http_load, make_users, markers, press_reports

pytest.importorskip("telegram")

CONTRACT = list(CONTRACT_PAGE_LINES)
TEXT = "\n".join(CONTRACT)
LONG_TEXT = "\n\n".join(f"Раздел {n}.\n{TEXT}" for n in range(40))  # keeps a worker busy
WORKERS, QUEUE = 2, 2
CAPACITY = WORKERS + QUEUE
TOKEN = "123456789:AAFakeTokenForTestsOnly-loadtest"


@pytest.fixture(scope="module")
def photo() -> bytes:
    return image_bytes(render_page(CONTRACT).convert("RGB"), "JPEG", quality=80)


def test_at_and_past_capacity_every_request_is_answered(tmp_path: Path, photo: bytes) -> None:
    photos = is_available()

    def mixed(client: httpx.AsyncClient, number: int) -> tuple[str, Any]:
        if photos and number % 40 == 7:
            upload = {"file": ("page.jpg", photo, "image/jpeg")}
            return "photo", client.post("/v1/analyse", data={"lang": "en"}, files=upload)
        return "text", client.post("/v1/analyse", json={"text": TEXT, "lang": "en"})

    def long(client: httpx.AsyncClient, number: int) -> tuple[str, Any]:
        return "long text", client.post("/v1/analyse", json={"text": LONG_TEXT, "lang": "en"})

    args = ["--workers", str(WORKERS), "--queue", str(QUEUE), "--per-client", "4"]
    with live_server(tmp_path, cli_args=args) as server:
        health = httpx.get(server.url + "/healthz").json()
        assert health["capacity"] == CAPACITY
        at = asyncio.run(http_load(server.url, "at capacity", 160, CAPACITY, mixed))
        past = asyncio.run(http_load(server.url, "past capacity", 60, 3 * CAPACITY, long))
        assert httpx.get(server.url + "/healthz").json()["in_flight"] == 0
        assert server.temp_files() == []

    assert len(at.outcomes) == 160 and at.unanswered == 0
    assert at.statuses() == {"200": 160}, "at capacity: every request gets its report"
    if photos:
        assert at.count(200, "photo") == 4

    assert len(past.outcomes) == 60 and past.unanswered == 0, past.statuses()
    assert set(past.statuses()) <= {"200", "503"}, past.statuses()
    assert past.count(200) >= CAPACITY, "the admitted ones are served"
    assert past.refused, "past capacity some are turned away"
    assert all(o.retry_after and int(o.retry_after) > 0 for o in past.refused)


def test_a_burst_of_updates_keeps_each_users_limit_and_reports(tmp_path: Path) -> None:
    users = make_users(10)
    per_user = 10
    _ = translator("en")
    from beforeyousign.interfaces.telegram.core import BUSY, RATE_LIMITED, REPORT_GONE, Limits

    limit = Limits().documents
    refusal_start = _.plural(*RATE_LIMITED, 1).split(".")[0]
    with (
        FakeTelegram(TOKEN) as fake,
        bot_process(fake, tmp_path, log_level="INFO", max_waiting=200) as bot,
    ):
        burst = bot_burst(fake, users, per_user, refusal_start, _(BUSY), timeout=300)
        documents, gone = press_reports(fake, users, _(REPORT_GONE))
        assert bot.left_files() == []

    for user in users:
        got = (burst.answered[user.id], burst.limited[user.id], burst.busy[user.id])
        assert sum(got) == per_user, f"user {user.id}: one answer per update, got {got}"
        assert burst.answered[user.id] == min(limit, per_user - burst.busy[user.id]), got
    assert burst.crossed == [], "no user gets another user's words"
    assert burst.unquoted == [], "every user's own words came back to them"
    assert len(documents) + gone == len(users)
    for document in documents:
        html = document.files["document"][1].decode("utf-8")
        number = next(i for i, u in enumerate(users) if u.id == document.chat_id)
        assert all(word in html for word in markers(number))
        others = [w for i in range(len(users)) if i != number for w in markers(i)]
        assert not any(word in html for word in others)
