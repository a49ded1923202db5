"""Where a batch's rows go, and how a run is resumed.

The output's format follows its extension:

- ``.jsonl`` / ``.ndjson``: one row per record (:mod:`.worker`), written as each record is
  done. The file is its own journal: re-running with the same output reads the ids already
  in it and skips those records. A line cut short by a crash is dropped before appending.
- ``.parquet``, ``.csv``: flat columns (:data:`FLAT_COLUMNS`); ``.sarif`` (or
  ``.sarif.json``): SARIF 2.1.0 (:mod:`.sarif`). Rows are written first to a journal beside
  the output, ``<output>.journal.jsonl`` (the full JSON rows, which ``beforeyousign network``
  also reads), and the output is rebuilt from the journal at the end of the run, and when
  the run is interrupted (Ctrl-C). The output is always written whole (a temporary file,
  then a rename), so it is never half-written. Keep the journal to resume or extend a run;
  delete both files to start over (or use ``--restart``).
- ``-``: JSON Lines on standard output, no resuming.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from beforeyousign.analysis.terms import TERM_NAMES
from beforeyousign.batch.errors import ResumeError
from beforeyousign.batch.sources import pyarrow_parquet
from beforeyousign.batch.worker import Outcome
from beforeyousign.contacts import KINDS
from beforeyousign.knowledge.taxonomy import severity_rank

OUTPUT_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".csv": "csv",
    ".sarif": "sarif",
}
JOURNAL_SUFFIX = ".journal.jsonl"
CONTACT_COLUMNS = {
    "phone": "phones", "whatsapp": "whatsapp", "telegram": "telegram", "email": "emails",
    "url": "urls", "organisation": "organisations",
}  # fmt: skip
#: The flat columns of Parquet and CSV outputs, all text (lists joined with "; ").
FLAT_COLUMNS: tuple[str, ...] = (
    "id", "source", "time", "author", "forwarded_from", "doc_type", "verdict",
    "max_severity", "flags", "language",
    *(f"term_{name}" for name in TERM_NAMES),
    *(CONTACT_COLUMNS[kind] for kind in KINDS),
    "error_code", "error_message",
)  # fmt: skip
LIST_SEPARATOR = "; "


def output_format(output: str) -> str | None:
    """The format an output's name asks for, or None."""
    if output == "-":
        return "jsonl"
    name = output.lower()
    if name.endswith(".sarif.json"):
        return "sarif"
    return OUTPUT_FORMATS.get(Path(name).suffix)


def journal_path(output: Path) -> Path:
    return output.with_name(output.name + JOURNAL_SUFFIX)


class Journal:
    """Appends rows to a JSON Lines file that may hold an earlier run's rows."""

    def __init__(self, path: Path | None, restart: bool = False) -> None:
        self.path = path
        self.done: set[str] = set()
        self._handle: IO[str]
        if path is None:
            self._handle = sys.stdout
            return
        if restart:
            path.unlink(missing_ok=True)
        if path.exists():
            self.done = read_done_ids(path)
        self._handle = open(path, "a", encoding="utf-8", newline="\n")  # noqa: SIM115

    def write(self, outcome: Outcome) -> None:
        self._handle.write(outcome.line + "\n")

    def flush(self) -> None:
        self._handle.flush()

    def close(self) -> None:
        """Flush, and cut off a line left half-written by an interruption in mid-write."""
        try:
            self._handle.flush()
        finally:
            if self.path is not None:
                self._handle.close()
                _drop_torn_tail(self.path)


def read_done_ids(path: Path) -> set[str]:
    """Ids of the records an earlier run wrote to ``path``, after cutting off a last line
    that a crash left incomplete."""
    _drop_torn_tail(path)
    done: set[str] = set()
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            record_id = _row_id(raw)
            if record_id is None:
                raise ResumeError(
                    name=path.name,
                    reason=f"line {number} is not a row of beforeyousign batch; give another "
                    "output file, or use --restart to overwrite it",
                )
            done.add(record_id)
    return done


_PREFIX = b'{"record": '


def _row_id(raw: bytes) -> str | None:
    """The record id of a row: rows start with their ``record``, so only that is decoded."""
    try:
        if raw.startswith(_PREFIX):
            meta, _end = json.JSONDecoder().raw_decode(raw[len(_PREFIX) :].decode("utf-8"))
        else:
            meta = json.loads(raw).get("record")
    except (ValueError, AttributeError):
        return None
    if isinstance(meta, dict) and isinstance(meta.get("id"), str):
        return str(meta["id"])
    return None


def _drop_torn_tail(path: Path) -> None:
    """Truncate ``path`` after its last newline (a write cut short leaves a partial line)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    if size == 0:
        return
    with open(path, "rb+") as handle:
        handle.seek(size - 1)
        if handle.read(1) == b"\n":
            return
        position = size
        block = 1 << 16
        while position > 0:
            start = max(0, position - block)
            handle.seek(start)
            data = handle.read(position - start)
            newline = data.rfind(b"\n")
            if newline >= 0:
                handle.truncate(start + newline + 1)
                return
            position = start
        handle.truncate(0)


def rows(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of a JSON Lines results file (a batch output or journal), one at a time."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a torn last line of a run still going
                if isinstance(row, dict):
                    yield row


# --- flat rows ----------------------------------------------------------------------------


def flat_row(row: dict[str, Any]) -> dict[str, str | None]:
    """A row's flat columns: the record, the verdict, flag ids, the key terms as the
    paper's own words, contacts by kind; or the error."""
    meta = row.get("record") or {}
    flat: dict[str, str | None] = dict.fromkeys(FLAT_COLUMNS)
    for key in ("id", "source", "time", "author", "forwarded_from"):
        flat[key] = meta.get(key)
    error = row.get("error")
    if error:
        flat["error_code"] = error.get("code")
        flat["error_message"] = error.get("message")
        return flat
    flags = row.get("flags") or []
    flat["doc_type"] = (row.get("doc_type") or {}).get("id")
    flat["verdict"] = (row.get("verdict") or {}).get("id")
    flat["max_severity"] = max_severity(f.get("severity") for f in flags)
    flat["flags"] = LIST_SEPARATOR.join(f["id"] for f in flags)
    flat["language"] = (row.get("language") or {}).get("code")
    for term in row.get("terms") or []:
        evidence = term.get("evidence")
        if term.get("stated") and evidence:
            flat[f"term_{term['name']}"] = evidence.get("quote")
    by_kind: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for contact in row.get("contacts") or []:
        by_kind.setdefault(contact.get("kind"), []).append(contact.get("value"))
    for kind in KINDS:
        flat[CONTACT_COLUMNS[kind]] = LIST_SEPARATOR.join(by_kind[kind])
    return flat


def max_severity(severities: Any) -> str | None:
    found = [s for s in severities if isinstance(s, str)]
    return min(found, key=severity_rank) if found else None


# --- writing whole files ------------------------------------------------------------------


class WholeFile:
    """A file written beside its target and renamed over it only when complete."""

    def __init__(self, target: Path, binary: bool = False) -> None:
        self.target = target
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
        os.close(fd)
        self.temp = Path(name)
        self.binary = binary

    def commit(self) -> None:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.temp, 0o666 & ~umask)  # mkstemp makes 0600
        os.replace(self.temp, self.target)

    def discard(self) -> None:
        self.temp.unlink(missing_ok=True)


def convert(journal: Path, output: Path, fmt: str, tool_version: str) -> None:
    """Rebuild ``output`` (Parquet, CSV or SARIF) from the rows of ``journal``, whole."""
    whole = WholeFile(output)
    try:
        if fmt == "parquet":
            _write_parquet(journal, whole.temp)
        elif fmt == "csv":
            _write_csv(journal, whole.temp)
        elif fmt == "sarif":
            from beforeyousign.batch.sarif import write_sarif

            with open(whole.temp, "w", encoding="utf-8") as handle:
                write_sarif(rows(journal), handle, tool_version)
        else:
            raise ValueError(fmt)
        whole.commit()
    except BaseException:
        whole.discard()
        raise


def _write_csv(journal: Path, target: Path) -> None:
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FLAT_COLUMNS)
        writer.writeheader()
        for row in rows(journal):
            writer.writerow(flat_row(row))


PARQUET_BATCH = 2048


def _write_parquet(journal: Path, target: Path) -> None:
    import importlib

    pa: Any = importlib.import_module("pyarrow")
    parquet = pyarrow_parquet()
    schema = pa.schema([(name, pa.string()) for name in FLAT_COLUMNS])
    with parquet.ParquetWriter(target, schema, compression="zstd") as writer:
        batch: list[dict[str, str | None]] = []
        for row in rows(journal):
            batch.append(flat_row(row))
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        # Always write, so that an empty run still gives a readable file with its columns.
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))


def read_flat(path: Path, fmt: str) -> Iterator[dict[str, Any]]:
    """The rows of a flat output (Parquet or CSV), as dictionaries."""
    if fmt == "parquet":
        table = pyarrow_parquet().ParquetFile(path)
        for batch in table.iter_batches(batch_size=PARQUET_BATCH):
            yield from batch.to_pylist()
        return
    with open(path, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)
