"""A batch run: inputs -> records -> engine -> rows -> output, resumable and interruptible.

Records already in the output (or its journal) are skipped by id, as are later records
with an id already seen in the run. Ctrl-C stops the engine, keeps every row written so
far, rebuilds the output from them and reports ``interrupted``; running the same command
again continues where it stopped.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from beforeyousign.batch.errors import ResumeError
from beforeyousign.batch.outputs import Journal, convert, journal_path, output_format
from beforeyousign.batch.progress import Progress
from beforeyousign.batch.records import Record
from beforeyousign.batch.sources import Columns, Source, open_source
from beforeyousign.batch.summary import Summary
from beforeyousign.batch.worker import Outcome

FLUSH_SECONDS = 1.0


class Engine(Protocol):
    def run(self, records: Iterable[Record]) -> Iterator[Outcome]: ...


@dataclass(frozen=True)
class BatchOptions:
    inputs: tuple[str, ...]
    output: str  # a file whose extension names the format, or "-" (JSON Lines on stdout)
    columns: Columns = field(default_factory=Columns)
    input_format: str = "auto"
    engine: str = "local"  # local | spark
    workers: int = 0  # 0: one per CPU
    master: str | None = None
    chunk_size: int = 16
    spark_wave: int = 5000
    language: str = ""  # the reader's language, "" for none (reports in English)
    restart: bool = False


def make_engine(options: BatchOptions) -> Engine:
    if options.engine == "spark":
        from beforeyousign.batch.spark import SparkEngine

        return SparkEngine(options.language, options.master, wave=options.spark_wave)
    from beforeyousign.batch.local import LocalEngine

    return LocalEngine(
        options.workers or os.cpu_count() or 1, options.language, chunk_size=options.chunk_size
    )


def run_batch(
    options: BatchOptions, progress: Progress | None = None, engine: Engine | None = None
) -> Summary:
    """Run the batch; returns what it did (``interrupted`` after Ctrl-C). Raises a
    :class:`~beforeyousign.errors.BeforeYouSignError` before any work when an input or the
    output cannot be used."""
    fmt = output_format(options.output)
    if fmt is None:
        raise ValueError(f"no output format for {options.output!r}")
    output = None if options.output == "-" else Path(options.output)
    journal_file = output if fmt == "jsonl" else (journal_path(output) if output else None)
    excluded = frozenset(p for p in (output, journal_file) if p is not None)
    sources = [
        open_source(path, options.input_format, options.columns, excluded)
        for path in options.inputs
    ]
    if output is not None and fmt != "jsonl" and journal_file is not None:
        if options.restart:
            output.unlink(missing_ok=True)
        elif output.exists() and not journal_file.exists():
            raise ResumeError(
                name=output.name,
                reason=f"its journal {journal_file.name} is missing, so the records already "
                "done are not known; use --restart to analyse everything again, or give "
                "another output file",
            )
    journal = Journal(journal_file, restart=options.restart)
    summary = Summary(output=options.output)
    progress = progress or Progress(enabled=False)
    estimates = [source.estimate() for source in sources]
    progress.start(None if None in estimates else sum(e or 0 for e in estimates))
    counts: dict[str, int] = {}
    outcomes = (engine or make_engine(options)).run(
        _fresh(sources, journal.done, counts, summary, progress)
    )
    last_flush = time.monotonic()
    try:
        for outcome in outcomes:
            journal.write(outcome)
            summary.add(outcome)
            progress.advance()
            if time.monotonic() - last_flush > FLUSH_SECONDS:
                journal.flush()
                last_flush = time.monotonic()
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        try:
            close = getattr(outcomes, "close", None)
            if close is not None:
                close()  # a generator: its clean-up stops the engine's workers
        finally:
            journal.close()
            progress.close()
            summary.no_text = counts.get("no_text", 0)
            summary.finished = time.monotonic()
    if output is not None and journal_file is not None and fmt != "jsonl":
        from beforeyousign import __version__

        convert(journal_file, output, fmt, __version__)
    return summary


def _fresh(
    sources: list[Source],
    earlier: set[str],
    counts: dict[str, int],
    summary: Summary,
    progress: Progress,
) -> Iterator[Record]:
    """The records not done yet, numbered in input order."""
    seen: set[str] = set()
    seq = 0
    for source in sources:
        for record in source.records(counts):
            if record.id in earlier or record.id in seen:
                if record.id in earlier:
                    summary.already_done += 1
                else:
                    summary.duplicates += 1
                progress.advance()
                continue
            seen.add(record.id)
            yield replace(record, seq=seq)
            seq += 1
