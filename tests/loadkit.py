"""Load on loopback, shared by ``tests/test_load.py`` (small counts) and
``bench/bench_load.py`` (the full run): a bounded HTTP load client that accounts for every
request, and a burst of Telegram updates against the fake Bot API.

HTTP: ``n`` requests from ``concurrency`` clients, each client one request at a time and
each, with ``identities``, from a source address of its own on loopback (127.0.0.2,
127.0.0.3, ...): the service limits requests per client address, and distinct addresses
are distinct clients to it, as people behind different connections are. Every request
ends as a status code or as "no answer" (a transport error or the client's timeout),
so that a request lost without an answer is counted, never missed.

Bot: every user sends ``per_user`` texts at once, each carrying the user's marker words
(one Latin, one Cyrillic, of a fixed length so that none is part of another); the burst
is over when every update has had its answer: a report, a rate-limit refusal, or a
"busy" refusal.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from fake_telegram import Call, FakeTelegram, User

# --- HTTP -----------------------------------------------------------------------------------


@dataclass
class Outcome:
    kind: str  # what was sent: "text", "photo" ...
    status: int | None  # None: no answer (transport error or timeout)
    seconds: float
    retry_after: str | None = None
    error: str = ""


@dataclass
class LoadRun:
    name: str
    concurrency: int
    wall: float
    outcomes: list[Outcome]
    samples: list[tuple[int, dict[str, int]]] = field(default_factory=list)  # (done, memory)

    def count(self, status: int | None, kind: str | None = None) -> int:
        return sum(o.status == status and (kind is None or o.kind == kind) for o in self.outcomes)

    @property
    def unanswered(self) -> int:
        return self.count(None)

    @property
    def refused(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == 503]

    @property
    def errors(self) -> list[Outcome]:
        """Answers that are neither a report (200) nor a refusal for load (503, 429)."""
        return [o for o in self.outcomes if o.status not in (200, 503, 429)]

    def statuses(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for o in self.outcomes:
            key = str(o.status) if o.status is not None else "no answer"
            counts[key] = counts.get(key, 0) + 1
        return dict(sorted(counts.items()))

    def latencies(self, kind: str | None = None, status: int = 200) -> list[float]:
        return [o.seconds for o in self.outcomes
                if o.status == status and (kind is None or o.kind == kind)]  # fmt: skip


async def http_load(
    url: str,
    name: str,
    n: int,
    concurrency: int,
    request: Callable[[httpx.AsyncClient, int], tuple[str, Any]],
    *,
    identities: bool = True,
    timeout: float = 300.0,
    every: int = 0,
    sample: Callable[[], dict[str, int]] | None = None,
) -> LoadRun:
    """``n`` requests, ``concurrency`` clients; ``request(client, number)`` returns the
    kind and the awaitable response. With ``every`` and ``sample``, ``sample()`` is taken
    at the start and after every ``every`` answered requests."""
    numbers = iter(range(n))
    outcomes: list[Outcome] = []
    samples: list[tuple[int, dict[str, int]]] = []
    if sample is not None:
        samples.append((0, sample()))

    async def client_loop(index: int) -> None:
        transport = httpx.AsyncHTTPTransport(
            local_address=f"127.0.0.{2 + index}" if identities else None
        )
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=url, timeout=timeout, transport=transport,
                                     limits=limits) as client:  # fmt: skip
            for number in numbers:
                kind, pending = request(client, number)
                started = time.perf_counter()
                try:
                    response = await pending
                except (httpx.HTTPError, OSError) as error:
                    outcome = Outcome(kind, None, time.perf_counter() - started,
                                      error=type(error).__name__)  # fmt: skip
                else:
                    outcome = Outcome(kind, response.status_code, time.perf_counter() - started,
                                      response.headers.get("retry-after"))  # fmt: skip
                outcomes.append(outcome)
                if sample is not None and every and len(outcomes) % every == 0:
                    samples.append((len(outcomes), sample()))

    if concurrency > 250:
        raise ValueError("at most 250 clients (one loopback address each)")
    started = time.perf_counter()
    await asyncio.gather(*(client_loop(i) for i in range(concurrency)))
    wall = time.perf_counter() - started
    if sample is not None and (not samples or samples[-1][0] != len(outcomes)):
        samples.append((len(outcomes), sample()))
    return LoadRun(name, concurrency, wall, outcomes, samples)


def memory_of(pid: int) -> dict[str, int]:
    """Resident (VmRSS), peak resident (VmHWM) and proportional (Pss) memory, KiB."""
    fields: dict[str, int] = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0])
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    fields["Pss"] = int(line.split()[1])
    except OSError:
        pass
    return fields


# --- the bot ---------------------------------------------------------------------------------

LATIN = "BCDFGHJKLMNPQRSTVWXZ"
CYRILLIC = "БВГДЖЗКЛМНПРСТФХЦЧШЩ"


def markers(number: int) -> tuple[str, str]:
    """Two words no other user's text holds: ``QZ`` + 3 consonants, and ``ЪЫ`` + 3."""
    digits = [(number // 400) % 20, (number // 20) % 20, number % 20]
    return ("QZ" + "".join(LATIN[d] for d in digits) + "X",
            "ЪЫ" + "".join(CYRILLIC[d] for d in digits) + "Ъ")  # fmt: skip


def paper_of(number: int, copy: int) -> str:
    latin, cyrillic = markers(number)
    return (
        f"Требуется охранник {latin} на склад в городе {cyrillic}. Работа вахтой, копия {copy}.\n"
        f"Паспорт работника {latin} {cyrillic} передаётся на хранение работодателю на весь "
        "срок работы.\n"
        "Билет и виза оплачиваются из первой зарплаты. Осталось 3 места, звоните срочно."
    )


@dataclass
class Burst:
    users: list[User]
    per_user: int
    queued: float
    finished: float
    answered: dict[int, int]  # papers answered with a report, per user
    limited: dict[int, int]  # rate-limit refusals
    busy: dict[int, int]  # busy refusals
    answer_times: list[float]  # seconds from the burst to each report
    refusal_times: list[float]
    crossed: list[str]  # messages that hold another user's marker
    unquoted: list[int]  # users none of whose messages held their own marker

    @property
    def updates(self) -> int:
        return len(self.users) * self.per_user


def _is_offer(call: Call) -> bool:
    return any(data.startswith("rep:") for _label, data in call.buttons)


def bot_burst(
    fake: FakeTelegram,
    users: list[User],
    per_user: int,
    rate_limited: str,
    busy: str,
    timeout: float = 600.0,
) -> Burst:
    """Every user sends ``per_user`` texts at once; wait until each update is answered.
    ``rate_limited`` is how the rate-limit refusal begins, ``busy`` the busy refusal."""
    ids = {user.id for user in users}
    before = len(fake.calls)
    updates = [(user, paper_of(i, copy)) for copy in range(per_user)
               for i, user in enumerate(users)]  # fmt: skip
    queued = fake.queue_many(updates)

    def tally() -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
        answered = dict.fromkeys(ids, 0)
        limited = dict.fromkeys(ids, 0)
        refused_busy = dict.fromkeys(ids, 0)
        for call in fake.calls[before:]:
            if call.method != "sendMessage" or call.chat_id not in ids:
                continue
            chat = int(call.chat_id)
            if _is_offer(call):
                answered[chat] += 1
            elif call.text.startswith(rate_limited):
                limited[chat] += 1
            elif call.text == busy:
                refused_busy[chat] += 1
        return answered, limited, refused_busy

    def done() -> bool:
        answered, limited, refused_busy = tally()
        return all(answered[u] + limited[u] + refused_busy[u] >= per_user for u in ids)

    fake.wait_for(done, timeout=timeout)
    answered, limited, refused_busy = tally()
    calls = [c for c in fake.calls[before:] if c.method in ("sendMessage", "sendDocument")]
    finished = max((c.at for c in calls), default=queued)
    own = {user.id: markers(i) for i, user in enumerate(users)}
    crossed: list[str] = []
    quoted: set[int] = set()
    for call in calls:
        content = call.text
        if call.method == "sendDocument":
            content = call.files.get("document", ("", b""))[1].decode("utf-8", "replace")
        for user_id, words in own.items():
            if any(word in content for word in words):
                if user_id != call.chat_id:
                    crossed.append(f"to {call.chat_id}: marker of {user_id}")
                else:
                    quoted.add(user_id)
    return Burst(
        users=users,
        per_user=per_user,
        queued=queued,
        finished=finished,
        answered=answered,
        limited=limited,
        busy=refused_busy,
        answer_times=[c.at - queued for c in calls if c.method == "sendMessage" and _is_offer(c)],
        refusal_times=[
            c.at - queued
            for c in calls
            if c.method == "sendMessage" and (c.text.startswith(rate_limited) or c.text == busy)
        ],
        crossed=crossed,
        unquoted=sorted(ids - quoted),
    )


def press_reports(
    fake: FakeTelegram, users: list[User], gone: str, timeout: float = 300.0
) -> tuple[list[Call], int]:
    """Each user presses the HTML button of the last report offered to them; returns the
    documents sent and how many were answered ``gone`` (a user's two papers read at once:
    only the report made last is kept, and its offer may have been sent first)."""
    start = len(fake.calls)
    for user in users:
        offers = [c for c in fake.messages_to(user) if _is_offer(c)]
        data = next(d for _l, d in offers[-1].buttons if d.startswith("rep:html:"))
        fake.press(user, data)

    def after() -> list[Call]:
        return [
            c
            for c in fake.calls[start:]
            if c.method == "sendDocument" or (c.method == "sendMessage" and c.text == gone)
        ]

    fake.wait_for(lambda: len(after()) >= len(users), timeout)
    documents = [c for c in after() if c.method == "sendDocument"]
    return documents, len(after()) - len(documents)


def make_users(count: int, first_id: int = 10_000) -> list[User]:
    return [User(first_id + i, language_code="en") for i in range(count)]
