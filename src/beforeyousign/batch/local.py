"""The default engine: a pool of local worker processes.

The engine is loaded once (imports, language model, morphology dictionaries, rule packs,
lemma cache) in a fork server, and every worker is forked from it (:mod:`.preload`), so the
workers share one loaded copy: on two cores that sharing is what makes two workers faster
than one. Where there is no fork server (Windows) each worker is a fresh interpreter warmed
once by the pool's initializer (:func:`.worker.init_worker`). Records go to the workers in
chunks (``chunk_size`` records, fewer when they are long; a file alone, since it may be a
photo to read), at most four chunks per worker in flight, so memory stays flat however
large the input.

Outcomes come back **in input order**: the output is the same, line for line, whatever the
number of workers (and the same as Spark's). A slow chunk holds back the ones after it for a
moment, which costs little with small chunks.

Workers ignore Ctrl-C; the parent stops them in order. If a worker dies (out of memory, a
crash inside a C library) the pool is restarted, the records of the chunk that was lost are
run again one by one, and the record that kills a worker again gets an error row
(``worker_crashed``): one record never stops the run.
"""

from __future__ import annotations

import multiprocessing.context
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from beforeyousign.batch.records import Record
from beforeyousign.batch.worker import Outcome, analyse_chunk, crashed, init_worker

ChunkFunction = Callable[[Sequence[Record], str], list[Outcome]]
CHUNK_SIZE = 16
CHUNK_CHARS = 32_000
IN_FLIGHT_PER_WORKER = 4
PRELOAD = "beforeyousign.batch.preload"


def _quiet_start(start: Callable[[], None]) -> None:
    """Start a process with Ctrl-C ignored, so that Ctrl-C in a terminal (sent to every
    process of the group) reaches only the parent, which stops the workers in order. A
    fork server started here ignores it too, also while it loads the engine."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals cannot be changed here
        start()
        return
    try:
        start()
    finally:
        signal.signal(signal.SIGINT, previous)


class _QuietSpawnProcess(multiprocessing.context.SpawnProcess):
    def start(self) -> None:
        _quiet_start(super().start)


class _QuietSpawnContext(multiprocessing.context.SpawnContext):
    Process = _QuietSpawnProcess


if sys.platform != "win32":

    class _QuietForkServerProcess(multiprocessing.context.ForkServerProcess):
        def start(self) -> None:
            _quiet_start(super().start)

    class _QuietForkServerContext(multiprocessing.context.ForkServerContext):
        Process = _QuietForkServerProcess


def _context() -> multiprocessing.context.BaseContext:
    """The fork server where there is one (Linux, macOS): it loads the engine once
    (:mod:`.preload`) and forks every worker from it, so workers share the loaded engine.
    Elsewhere (Windows) fresh interpreters, each warmed by the pool's initializer."""
    if sys.platform == "win32" or "forkserver" not in multiprocessing.get_all_start_methods():
        return _QuietSpawnContext()
    context = _QuietForkServerContext()
    context.set_forkserver_preload([PRELOAD])
    return context


def chunked(records: Iterable[Record], size: int, budget: int) -> Iterator[list[Record]]:
    """Groups of at most ``size`` records and about ``budget`` characters of text."""
    chunk: list[Record] = []
    cost = 0
    for record in records:
        if chunk and (len(chunk) >= size or cost + record.cost > budget):
            yield chunk
            chunk, cost = [], 0
        chunk.append(record)
        cost += record.cost
    if chunk:
        yield chunk


class LocalEngine:
    def __init__(
        self,
        workers: int,
        language: str = "",
        chunk_size: int = CHUNK_SIZE,
        chunk_chars: int = CHUNK_CHARS,
        analyse: ChunkFunction = analyse_chunk,
        initializer: Callable[[str], None] = init_worker,
    ) -> None:
        self.workers = max(1, workers)
        self.language = language
        self.chunk_size = max(1, chunk_size)
        self.chunk_chars = chunk_chars
        self.analyse = analyse
        self.initializer = initializer

    def _pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers,
            mp_context=_context(),
            initializer=self.initializer,
            initargs=(self.language,),
        )

    def run(self, records: Iterable[Record]) -> Iterator[Outcome]:
        pool = self._pool()
        pending: deque[tuple[list[Record], Future[list[Outcome]]]] = deque()
        window = self.workers * IN_FLIGHT_PER_WORKER
        try:
            for chunk in chunked(records, self.chunk_size, self.chunk_chars):
                pending.append((chunk, pool.submit(self.analyse, chunk, self.language)))
                while len(pending) >= window:
                    outcomes, pool = self._collect(pool, pending)
                    yield from outcomes
            while pending:
                outcomes, pool = self._collect(pool, pending)
                yield from outcomes
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _collect(
        self,
        pool: ProcessPoolExecutor,
        pending: deque[tuple[list[Record], Future[list[Outcome]]]],
    ) -> tuple[list[Outcome], ProcessPoolExecutor]:
        """The outcomes of the oldest chunk in flight, and the pool to go on with."""
        chunk, future = pending.popleft()
        try:
            return future.result(), pool
        except BrokenProcessPool:
            pass
        # A worker died, and every chunk in flight died with the pool. Run this chunk's
        # records one by one on a new pool to find the one that kills a worker; send the
        # others again.
        pool.shutdown(wait=False, cancel_futures=True)
        pool = self._pool()
        outcomes: list[Outcome] = []
        for record in chunk:
            try:
                outcomes.extend(pool.submit(self.analyse, [record], self.language).result())
            except BrokenProcessPool:
                outcomes.append(crashed(record))
                pool.shutdown(wait=False, cancel_futures=True)
                pool = self._pool()
        for index, (other, _lost) in enumerate(pending):
            pending[index] = (other, pool.submit(self.analyse, other, self.language))
        return outcomes, pool
