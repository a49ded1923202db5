"""Where papers are analysed: a few threads, with a bounded number of requests admitted.

Why threads, not processes: Tesseract (through tesserocr) releases the GIL while it reads
a page, so a second thread keeps a core busy with OCR while the first one analyses; the
models (pymorphy3 dictionaries, language identifier, rule packs, catalogs) are loaded
once and shared, where each process of a pool would hold its own copy (a cheap server
has 1-2 GB); and a report needs no pickling to come back.  The analysis of text holds
the GIL for most of its time, so more threads than cores only slow every request down:
the default is one per core, at most two.

The event loop never runs an analysis: it only admits a request, hands it to the pool
and awaits it.  Admission is counted in the event loop's own thread, so no lock is
needed: at most ``capacity`` requests are running or waiting; past that the answer is
503 with Retry-After at once, and one client address may hold at most ``per_client`` of
them (429).  A request that waits longer than its time limit is answered 503; if its
analysis has not started it is cancelled, and if it has, its place stays taken until the
thread is free again, so a slow paper can never make the service admit more work than
it can do.  To keep that time short, the analysis runs under the reading deadline of
:mod:`beforeyousign.ingest.deadline` set to the time the request has left: a long scan
stops reading between pages when its client has stopped waiting, instead of holding a
worker for the CLI's default five minutes.  Nothing here keeps any content: the
counters hold numbers and, while a request is in flight, its client's address.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import time
from collections.abc import Callable
from typing import TypeVar

from beforeyousign.ingest import deadline
from beforeyousign.interfaces.http.problem import Busy, TookTooLong, TooManyRequests

T = TypeVar("T")


class WorkerPool:
    def __init__(self, workers: int, capacity: int, per_client: int, retry_after: int) -> None:
        self.workers = workers
        self.capacity = max(capacity, workers)
        self.per_client = per_client
        self.retry_after = retry_after
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="beforeyousign-worker"
        )
        self._admitted = 0
        self._clients: dict[str, int] = {}
        self.refused = 0  # 503 and 429 answers since start: a count, for /healthz

    @property
    def admitted(self) -> int:
        """Requests running or waiting now."""
        return self._admitted

    async def run(
        self, client: str, timeout: float, function: Callable[..., T], *args: object
    ) -> T:
        """``function(*args)`` on a worker thread, if there is room; raises Busy,
        TooManyRequests or TookTooLong (all with Retry-After) otherwise."""
        if self._admitted >= self.capacity:
            self.refused += 1
            raise Busy(retry_after=self.retry_after)
        if self.per_client and self._clients.get(client, 0) >= self.per_client:
            self.refused += 1
            raise TooManyRequests(retry_after=self.retry_after)
        loop = asyncio.get_running_loop()
        self._admitted += 1
        self._clients[client] = self._clients.get(client, 0) + 1
        try:
            future = self._executor.submit(_within, time.monotonic() + timeout, function, *args)
        except BaseException:
            self._release(client)
            raise

        def done(_future: concurrent.futures.Future[T]) -> None:
            # Runs on the worker thread (or here, if cancelled): count in the loop's thread.
            with contextlib.suppress(RuntimeError):  # the loop closed at shutdown
                loop.call_soon_threadsafe(self._release, client)

        future.add_done_callback(done)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
        except TimeoutError:
            future.cancel()  # not started yet: it never will; running: it runs to its end
            raise TookTooLong(retry_after=self.retry_after) from None

    def _release(self, client: str) -> None:
        self._admitted -= 1
        left = self._clients.get(client, 1) - 1
        if left > 0:
            self._clients[client] = left
        else:
            self._clients.pop(client, None)

    async def call(self, function: Callable[..., T], *args: object) -> T:
        """Work of the service itself (warming up), not counted against capacity."""
        return await asyncio.wrap_future(self._executor.submit(function, *args))

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def _within(ends_at: float, function: Callable[..., T], *args: object) -> T:
    """``function(*args)`` under a reading deadline at ``ends_at`` (monotonic clock): the
    request's own time limit, less the time it waited for a worker."""
    with deadline.started(max(0.0, ends_at - time.monotonic())):
        return function(*args)
