"""Load on loopback: the web service at and past capacity, and the bot under a burst.

Everything runs on this machine's loopback, bounded in count and time, and stops by
itself. The servers are real processes under the network guard of ``tests/netguard.py``
(loopback only); the load code is ``tests/loadkit.py``, shared with ``tests/test_load.py``.

1. **Web service** (``beforeyousign serve --workers 2 --queue Q --per-client 4``, the
   command itself, in its own process): ``--requests`` (default 10,000) requests **at
   capacity** (as many clients as it admits at once: 2 + Q), a mix of text and photos:
   every ``--photo-every``-th request (default 50: 2 %) is a photo of a contract page
   rendered with Pillow (JPEG, as a phone sends it); of the texts, every fourth the
   2-page contract and the others the short ad. Then ``--past`` (default 1,000) requests
   **past capacity** (3x as many clients). Each client sends from its own loopback
   address (127.0.0.2, ...): the service limits requests per client address (429 past
   ``--per-client``), and on loopback the addresses are what tell clients apart; each
   client has one request in flight, so that limit is never what answers.
   Reported: requests/s, p50/p95/p99 latency (per kind, of the 200 answers; and of the
   503s), statuses, 503s with Retry-After, requests left without an answer (must be 0),
   and the server's memory (VmRSS and Pss from /proc) at the start and after every 1,000
   requests, with the growth.
2. **Baseline**: a minimal Starlette app under the same uvicorn settings that echoes the
   JSON body back (no analysis): the ceiling of the framework and the load client on
   this machine.
3. **Bot burst**: ``--users`` (100) users each send ``--per-user`` (10) texts at once
   (1,000 updates) to ``beforeyousign bot``'s code (``run_bot``, its own process, the
   default limits: 5 papers per user per 10 minutes, 2 workers; ``--max-waiting``
   papers may wait for a worker, default 1,000 so that the burst is queued and the rate
   limit is what refuses; the bot's own default, 20, turns most of a burst away as
   "busy", which ``--max-waiting 20`` shows) through the fake Bot API
   on loopback (``tests/fake_telegram.py``). Checked: every update gets one answer (a
   report, a rate-limit refusal or a "busy" refusal), no user gets more reports than the
   limit (and exactly the limit unless turned away as busy), no message or report sent to
   one user holds another user's marker words (each user's paper has its own); then each
   user asks for the full HTML report, checked the same way. Reported: updates/s and the
   time from the burst to each answer.

With the defaults the run takes about 6-10 minutes on 2 cores (the photos are about a
third of the time).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import AD, AD_FALLBACK, CONTRACT, CONTRACT_FALLBACK, REPO, machine, percentile, pick
from _common import table as make_table

sys.path.insert(0, str(REPO / "tests"))

import httpx

from fake_telegram import FakeTelegram, bot_process
from filemakers import CONTRACT_PAGE_LINES, image_bytes, render_page
from live_server import live_server
from loadkit import LoadRun, bot_burst, http_load, make_users, markers, memory_of, press_reports

PHOTO_LINES = list(CONTRACT_PAGE_LINES)
TOKEN = "123456789:AAFakeTokenForTheBenchOnly-abcdefgh"

ECHO = """
import sys, uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

async def echo(request: Request) -> Response:
    return Response(await request.body(), media_type="application/json")

app = Starlette(routes=[Route("/echo", echo, methods=["POST"])])
uvicorn.run(app, fd=int(sys.argv[1]), log_level="warning", access_log=False,
            server_header=False, limit_concurrency=512, timeout_keep_alive=5)
"""


def ms(values: list[float], q: float) -> str:
    return f"{percentile(values, q) * 1000:,.0f}" if values else "-"


def rows_of(run: LoadRun) -> list[list[object]]:
    rows: list[list[object]] = []
    kinds = sorted({o.kind for o in run.outcomes})
    for kind in [None, *kinds] if len(kinds) > 1 else [None]:
        picked = [o for o in run.outcomes if kind is None or o.kind == kind]
        ok = [o.seconds for o in picked if o.status == 200]
        refused = [o for o in picked if o.status == 503]
        other = [o for o in picked if o.status not in (200, 503)]
        label = f"{run.name} c={run.concurrency}" + (f" {kind}" if kind else " all")
        rows.append([
            label, f"{len(picked):,}", f"{len(picked) / run.wall:,.1f}",
            ms(ok, 50), ms(ok, 95), ms(ok, 99), f"{len(ok):,}", len(refused),
            sum(1 for o in refused if o.retry_after), sum(o.status is not None for o in other),
            sum(o.status is None for o in picked),
        ])  # fmt: skip
    return rows


HEADERS = ["requests", "n", "req/s", "p50 ms", "p95 ms", "p99 ms", "200s", "503s",
           "with Retry-After", "errors", "unanswered"]  # fmt: skip


def echo_baseline(body: bytes, n: int, concurrency: int) -> LoadRun:
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    process = subprocess.Popen([sys.executable, "-c", ECHO, str(listener.fileno())],
                               pass_fds=(listener.fileno(),))  # fmt: skip
    listener.close()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.post(url + "/echo", content=b"{}", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)

        def request(client: httpx.AsyncClient, number: int) -> tuple[str, Any]:
            return "echo", client.post("/echo", content=body,
                                       headers={"content-type": "application/json"})  # fmt: skip

        return asyncio.run(http_load(url, "echo baseline", n, concurrency, request))
    finally:
        process.terminate()
        process.wait(timeout=20)


def http_phase(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    ad = pick(AD, AD_FALLBACK, "ad").read_text(encoding="utf-8")
    contract = pick(CONTRACT, CONTRACT_FALLBACK, "contract").read_text(encoding="utf-8")
    photo = image_bytes(render_page(PHOTO_LINES).convert("RGB"), "JPEG", quality=80)
    capacity = 2 + args.queue
    print(f"text: short ad ({len(ad):,} characters) x3, 2-page contract ({len(contract):,}) "
          f"x1; photo: one page, {len(photo) / 1024:.0f} kB JPEG, "
          f"1 in {args.photo_every}")  # fmt: skip

    def mixed(client: httpx.AsyncClient, number: int) -> tuple[str, Any]:
        if number % args.photo_every == args.photo_every - 1:
            upload = {"file": ("page.jpg", photo, "image/jpeg")}
            return "photo", client.post("/v1/analyse", data={"lang": "en"}, files=upload)
        text = contract if number % 4 == 0 else ad
        return "text", client.post("/v1/analyse", json={"text": text, "lang": "en"})

    cli = ["--workers", "2", "--queue", str(args.queue), "--per-client", "4"]
    with live_server(folder / "service", cli_args=cli) as server:
        health = httpx.get(server.url + "/healthz").json()
        assert health["capacity"] == capacity, health
        started = time.perf_counter()
        at = asyncio.run(http_load(server.url, "at capacity", args.requests, capacity, mixed,
                                   every=1000, sample=lambda: memory_of(server.pid)))  # fmt: skip
        past = asyncio.run(http_load(server.url, "past capacity", args.past, 3 * capacity,
                                     mixed))  # fmt: skip
        elapsed = time.perf_counter() - started
        end_health = httpx.get(server.url + "/healthz").json()
        left = server.temp_files()
    body = json.dumps({"text": ad, "lang": "en"}).encode()
    echo = echo_baseline(body, args.echo, capacity)

    print()
    title = (f"web service: 2 workers, {capacity} admitted at once (queue {args.queue}), "
             f"per client 4, one loopback address per client; latency of the 200 answers"
             )  # fmt: skip
    print(make_table(HEADERS, rows_of(at) + rows_of(past) + rows_of(echo), title))
    refused = [o.seconds for o in past.refused]
    print(f"  503 answers came in p50 {ms(refused, 50)} ms / p99 {ms(refused, 99)} ms; "
          f"statuses at capacity {at.statuses()}, past {past.statuses()}")  # fmt: skip
    print(
        f"  in flight after the load: {end_health['in_flight']}; refused since start "
        f"(healthz): {end_health['refused']}; files left in TMPDIR/HOME/cache/cwd: {len(left)}"
    )
    print(f"  load phases took {elapsed:.0f} s")
    text_rate = at.count(200, "text") / at.wall
    print(
        f"  echo baseline {len(echo.outcomes) / echo.wall:,.0f} req/s vs the service "
        f"{len(at.outcomes) / at.wall:,.1f} req/s at capacity "
        f"(the framework + client ceiling is "
        f"{len(echo.outcomes) / echo.wall / max(text_rate, 1e-9):,.0f}x)"
    )
    print()
    mem_rows = []
    first = at.samples[0][1]
    for done, sample in at.samples:
        mem_rows.append([f"{done:,}", f"{sample['VmRSS'] / 1024:.1f}",
                         f"{sample.get('Pss', 0) / 1024:.1f}", f"{sample['VmHWM'] / 1024:.1f}",
                         f"{(sample['VmRSS'] - first['VmRSS']) / 1024:+.1f}"])  # fmt: skip
    print(make_table(["after requests", "RSS MiB", "PSS MiB", "peak RSS MiB", "RSS growth"],
                     mem_rows, "server memory over the requests at capacity"))  # fmt: skip
    if len(at.samples) >= 3:
        second, last = at.samples[1][1], at.samples[-1][1]
        print(f"  growth from the first 1,000 to the last: "
              f"{(last['VmRSS'] - second['VmRSS']) / 1024:+.1f} MiB RSS, "
              f"{(last.get('Pss', 0) - second.get('Pss', 0)) / 1024:+.1f} MiB PSS")  # fmt: skip
    return {
        "capacity": capacity,
        "at": {"statuses": at.statuses(), "wall_s": at.wall, "n": len(at.outcomes)},
        "past": {"statuses": past.statuses(), "wall_s": past.wall, "n": len(past.outcomes),
                 "retry_after": sum(1 for o in past.refused if o.retry_after)},
        "echo_req_per_s": len(echo.outcomes) / echo.wall,
        "memory_kib": at.samples,
        "left_files": left,
    }  # fmt: skip


def bot_phase(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    from beforeyousign.i18n import translator
    from beforeyousign.interfaces.telegram.core import BUSY, RATE_LIMITED, REPORT_GONE, Limits

    _ = translator("en")
    limit = Limits().documents
    users = make_users(args.users)
    with (
        FakeTelegram(TOKEN) as fake,
        bot_process(fake, folder / "bot", log_level="INFO", max_waiting=args.max_waiting) as bot,
    ):
        memory_before = memory_of(bot.pid)
        burst = bot_burst(fake, users, args.per_user, _.plural(*RATE_LIMITED, 1).split(".")[0],
                          _(BUSY), timeout=900)  # fmt: skip
        memory_after = memory_of(bot.pid)
        documents, gone = press_reports(fake, users, _(REPORT_GONE))
        left = bot.left_files()
    wrong_count = [u.id for u in users if burst.answered[u.id] + burst.limited[u.id]
                   + burst.busy[u.id] != args.per_user]  # fmt: skip
    over_limit = [u.id for u in users if burst.answered[u.id] > limit]
    not_exact = [
        u.id for u in users if burst.answered[u.id] != min(limit, args.per_user - burst.busy[u.id])
    ]
    crossed_documents = 0
    for document in documents:
        html = document.files["document"][1].decode("utf-8")
        number = next(i for i, u in enumerate(users) if u.id == document.chat_id)
        own = markers(number)
        others = {w for i in range(len(users)) if i != number for w in markers(i)}
        if not all(w in html for w in own) or any(w in html for w in others):
            crossed_documents += 1
    duration = burst.finished - burst.queued
    print()
    rows = [[
        f"{len(users)} users x {args.per_user}", f"{burst.updates:,}", f"{duration:.1f}",
        f"{burst.updates / duration:,.1f}", sum(burst.answered.values()),
        sum(burst.limited.values()), sum(burst.busy.values()),
        ms(burst.answer_times, 50), ms(burst.answer_times, 95), ms(burst.answer_times, 99),
    ]]  # fmt: skip
    print(make_table(["burst", "updates", "s", "updates/s", "reports", "rate-limited", "busy",
                      "p50 ms", "p95 ms", "p99 ms"], rows,
                     f"bot burst: run_bot (2 workers, {args.max_waiting} may wait, "
                     f"limit {limit} papers per user per "
                     f"{Limits().per_seconds / 60:.0f} min) against the fake Bot API; "
                     "time from the burst to each report"))  # fmt: skip
    print(
        f"  users with an update left unanswered or answered twice: {len(wrong_count)}; "
        f"over the limit: {len(over_limit)}; "
        f"not exactly the limit (less the busy): {len(not_exact)}"
    )
    print(f"  messages holding another user's words: {len(burst.crossed)}; users whose "
          f"own words never came back: {len(burst.unquoted)}")  # fmt: skip
    print(
        f"  full HTML reports asked for: {len(users)}; sent {len(documents)}, 'no longer "
        f"kept' {gone}; with another user's words or without the user's own: {crossed_documents}"
    )
    print(f"  refusals came in p50 {ms(burst.refusal_times, 50)} ms; bot RSS "
          f"{memory_before['VmRSS'] / 1024:.0f} -> {memory_after['VmRSS'] / 1024:.0f} MiB; "
          f"files left in TMPDIR/HOME/cache/cwd: {len(left)}")  # fmt: skip
    return {"updates": burst.updates, "seconds": duration, "reports": sum(burst.answered.values()),
            "rate_limited": sum(burst.limited.values()), "busy": sum(burst.busy.values()),
            "wrong_count": wrong_count, "over_limit": over_limit, "not_exact": not_exact,
            "crossed": burst.crossed, "crossed_documents": crossed_documents}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=10_000, help="requests at capacity")
    parser.add_argument("--past", type=int, default=1_000, help="requests past capacity")
    parser.add_argument("--photo-every", type=int, default=50, help="one photo per N requests")
    parser.add_argument("--queue", type=int, default=6, help="the service's queue")
    parser.add_argument("--echo", type=int, default=5_000, help="requests to the echo baseline")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--per-user", type=int, default=10)
    parser.add_argument(
        "--max-waiting",
        type=int,
        default=1000,
        help="papers the bot queues before answering 'busy' (its default: 20)",
    )
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-bot", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure")
    args = parser.parse_args()
    print(f"bench_load  {machine()}  load average {os.getloadavg()[0]:.1f} at the start")
    results: dict[str, Any] = {"machine": machine()}
    with tempfile.TemporaryDirectory() as folder:
        if not args.skip_http:
            results["http"] = http_phase(args, Path(folder))
        if not args.skip_bot:
            results["bot"] = bot_phase(args, Path(folder))
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
