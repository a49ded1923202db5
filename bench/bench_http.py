"""Load on the web service, on loopback: requests/s, latency, errors, 503s and memory.

A real server (``beforeyousign serve``'s code, uvicorn, in its own process; the helper is
``tests/live_server.py``) is started twice:

1. **below capacity** (``--queue`` large enough that every request is admitted): for each
   concurrency (``--concurrency``, default 4 8 16), ``--text`` JSON text requests (the
   2-page contract) and ``--photos`` photo uploads (one page of a military contract,
   rendered with Pillow and saved as a phone would, JPEG); requests/s, p50/p95 latency,
   and errors, which must be 0;
2. **past capacity** (default workers, ``--tight-queue`` places in the queue): photo
   uploads at the highest concurrency; how many were answered 503 with Retry-After, and
   any other error (must be 0).

The server's resident memory (VmRSS, and VmHWM, its peak) is read from
``/proc/<pid>/status`` after start-up (warmed up) and after the load.

**Baseline**: the same work in one process with no HTTP and no concurrency
(``pipeline.run_text`` / ``run_many_bytes`` plus ``report_dict`` and ``json.dumps``, one at
a time): what a request costs before the service adds parsing, the worker pool and the
network.

``http/base`` is the service's throughput over that single-threaded baseline: above 1
when the workers overlap (OCR releases the GIL), below 1 for what HTTP and JSON cost.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _common import AD, AD_FALLBACK, CONTRACT, CONTRACT_FALLBACK, REPO, machine, percentile, pick
from _common import table as make_table

sys.path.insert(0, str(REPO / "tests"))

import httpx

from filemakers import CONTRACT_PAGE_LINES, image_bytes, render_page
from live_server import LiveServer, live_server

PHOTO_LINES = list(CONTRACT_PAGE_LINES)


@dataclass
class Run:
    kind: str
    concurrency: int
    n: int
    wall: float
    latencies: list[float]
    statuses: dict[int, int]
    retry_after: int  # 503 answers that carried Retry-After

    @property
    def ok(self) -> int:
        return self.statuses.get(200, 0)

    @property
    def refused(self) -> int:
        return self.statuses.get(503, 0)

    @property
    def errors(self) -> int:
        return self.n - self.ok - self.refused

    def row(self) -> list[object]:
        ok = self.latencies
        return [
            f"{self.kind} c={self.concurrency}",
            self.n,
            f"{self.n / self.wall:.1f}",
            f"{percentile(ok, 50) * 1000:.0f}" if ok else "-",
            f"{percentile(ok, 95) * 1000:.0f}" if ok else "-",
            self.errors,
            self.refused,
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "concurrency": self.concurrency,
            "n": self.n,
            "wall_s": self.wall,
            "requests_per_s": self.n / self.wall,
            "p50_ms": percentile(self.latencies, 50) * 1000 if self.latencies else None,
            "p95_ms": percentile(self.latencies, 95) * 1000 if self.latencies else None,
            "statuses": self.statuses,
            "errors": self.errors,
            "refused_503": self.refused,
            "retry_after_on_503": self.retry_after,
        }


async def load(
    url: str,
    kind: str,
    n: int,
    concurrency: int,
    request: Callable[[httpx.AsyncClient], Any],
) -> Run:
    """``n`` requests, ``concurrency`` at a time; latency of the 200 answers."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    retry_after = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for number in range(n):
        queue.put_nowait(number)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=600, limits=limits) as client:

        async def worker() -> None:
            nonlocal retry_after
            while not queue.empty():
                queue.get_nowait()
                started = time.perf_counter()
                response = await request(client)
                elapsed = time.perf_counter() - started
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if response.status_code == 200:
                    latencies.append(elapsed)
                elif response.status_code == 503 and "retry-after" in response.headers:
                    retry_after += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return Run(kind, concurrency, n, wall, latencies, statuses, retry_after)


def memory(server: LiveServer) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{server.pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) // 1024  # MiB
    return fields


def baseline(text: str, photo: bytes, runs_text: int, runs_photo: int) -> dict[str, float]:
    """Median seconds of the same work in process, one at a time, no HTTP."""
    from beforeyousign import pipeline
    from beforeyousign.i18n import translator
    from beforeyousign.report.render_json import report_dict

    _ = translator("en")

    def text_job() -> None:
        json.dumps(report_dict(pipeline.run_text(text, "text", "en"), _), ensure_ascii=False)

    def photo_job() -> None:
        report = pipeline.run_many_bytes([("page.jpg", photo)], "en")
        json.dumps(report_dict(report, _), ensure_ascii=False)

    text_job()
    photo_job()
    times: dict[str, float] = {}
    for name, job, runs in (("text", text_job, runs_text), ("photo", photo_job, runs_photo)):
        samples = []
        for _run in range(runs):
            started = time.perf_counter()
            job()
            samples.append(time.perf_counter() - started)
        times[name] = statistics.median(samples)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--text", type=int, default=200, help="text requests per concurrency")
    parser.add_argument("--photos", type=int, default=40, help="photo requests per concurrency")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[4, 8, 16])
    parser.add_argument("--workers", type=int, default=0, help="server workers (0: default)")
    parser.add_argument("--tight-queue", type=int, default=2, help="queue of the 2nd server")
    parser.add_argument("--short-ad", action="store_true", help="send the short ad as text")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure")
    args = parser.parse_args()

    source = (
        pick(AD, AD_FALLBACK, "ad")
        if args.short_ad
        else pick(CONTRACT, CONTRACT_FALLBACK, "contract")
    )
    text = source.read_text(encoding="utf-8")
    photo = image_bytes(render_page(PHOTO_LINES).convert("RGB"), "JPEG", quality=80)
    top = max(args.concurrency)

    def text_request(client: httpx.AsyncClient) -> Any:
        return client.post("/v1/analyse", json={"text": text, "lang": "en"})

    def photo_request(client: httpx.AsyncClient) -> Any:
        return client.post(
            "/v1/analyse", files={"file": ("page.jpg", photo, "image/jpeg")}, data={"lang": "en"}
        )

    print(f"bench_http  {machine()}")
    print(f"text: {source.name} ({len(text):,} characters); photo: one page, "
          f"{len(photo) / 1024:.0f} kB JPEG")  # fmt: skip
    runs: list[Run] = []
    results: dict[str, Any] = {"machine": machine()}
    with tempfile.TemporaryDirectory() as folder:
        roomy = {"workers": args.workers, "queue": top + 4, "per_client": 0}
        with live_server(Path(folder) / "roomy", roomy) as server:
            health = httpx.get(server.url + "/healthz").json()
            before = memory(server)
            for concurrency in args.concurrency:
                runs.append(asyncio.run(load(server.url, "text", args.text, concurrency,
                                             text_request)))  # fmt: skip
            for concurrency in args.concurrency:
                runs.append(asyncio.run(load(server.url, "photo", args.photos, concurrency,
                                             photo_request)))  # fmt: skip
            after = memory(server)
            results["below_capacity"] = {"server": health, "rss_mib_before": before,
                                         "rss_mib_after": after}  # fmt: skip
        tight = {"workers": args.workers, "queue": args.tight_queue, "per_client": 0}
        with live_server(Path(folder) / "tight", tight) as server:
            tight_health = httpx.get(server.url + "/healthz").json()
            over = asyncio.run(load(server.url, "photo", args.photos, top, photo_request))
            over.kind = "photo, past capacity"
            tight_memory = memory(server)
    headers = ["requests", "n", "req/s", "p50 ms", "p95 ms", "errors", "503s"]
    title = (f"below capacity: {health['workers']} workers, {health['capacity']} admitted "
             f"at once; latency of the 200 answers")  # fmt: skip
    print()
    print(make_table(headers, [run.row() for run in runs], title))
    print(f"server RSS: {before['VmRSS']} MiB after start-up (warm), {after['VmRSS']} MiB "
          f"after the load; peak {after['VmHWM']} MiB")  # fmt: skip
    print()
    title = (f"past capacity: {tight_health['workers']} workers, "
             f"{tight_health['capacity']} admitted at once, {top} clients")  # fmt: skip
    print(make_table(headers, [over.row()], title))
    print(
        f"503 answers with Retry-After: {over.retry_after} of {over.refused}; "
        f"other errors: {over.errors}; server peak RSS {tight_memory['VmHWM']} MiB"
    )
    print()
    base = baseline(text, photo, runs_text=30, runs_photo=8)
    first_text = next(r for r in runs if r.kind == "text")
    first_photo = next(r for r in runs if r.kind == "photo")
    rows = []
    for name, run in (("text", first_text), ("photo", first_photo)):
        served = run.n / run.wall
        rows.append([name, f"{base[name] * 1000:.0f}", f"{1 / base[name]:.1f}",
                     f"{served:.1f}", f"{served * base[name]:.2f}"])  # fmt: skip
    print(make_table(
        ["work", "base ms", "base req/s", f"http req/s c={first_text.concurrency}", "http/base"],
        rows,
        "baseline: the same analysis + JSON in process, one at a time, no HTTP",
    ))  # fmt: skip
    if over.errors or any(run.errors for run in runs):
        print("NOTE: some requests failed; see the statuses in --json", file=sys.stderr)
    if args.json:
        results["runs"] = [run.to_dict() for run in runs]
        results["past_capacity"] = {**over.to_dict(), "server": tight_health,
                                    "rss_mib": tight_memory}  # fmt: skip
        results["baseline_s"] = base
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
