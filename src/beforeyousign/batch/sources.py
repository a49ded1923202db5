"""The inputs of a batch, read as streams of :class:`~.records.Record`.

What an input is, is decided like this (``--input-format`` overrides it):

- a **folder**: every file under it, recursively, in name order, hidden files and folders
  skipped; each file is read as what it is by the rules below, and any other file (a PDF, a
  Word file, a photo, a text) is **one record** analysed like ``beforeyousign check`` does;
- ``.jsonl`` / ``.ndjson``: one record per line; ``.csv``: one per row (the delimiter is
  sniffed: comma, semicolon, tab or bar); ``.parquet``: one per row. The text is in the
  field ``text`` and the id in ``id`` unless ``--text-column`` / ``--id-column`` say
  otherwise; the time in ``--time-column`` (default ``time``, else ``date``, if present).
  A row without an id gets ``<file>:<line>`` (JSONL), ``<file>:<row>`` (CSV, as a
  spreadsheet numbers rows: the header is row 1) or ``<file>:<row>`` (Parquet, from 1);
- a ``.json`` file that starts like a **Telegram Desktop export** (:mod:`.telegram`);
- a text file that starts like a **WhatsApp chat export** (:mod:`.whatsapp`): one record.

Large inputs are never read whole: lines, rows, Parquet batches and Telegram messages are
read as they are needed. Ids of records in a folder start with the folder's name
(``exports/ads/ad1.txt``), so that a run resumed from another directory still matches them.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beforeyousign.batch import telegram
from beforeyousign.batch.errors import BatchInputError, FeatureUnavailable
from beforeyousign.batch.records import Record, iso_time
from beforeyousign.batch.whatsapp import looks_like_whatsapp, parse_whatsapp
from beforeyousign.errors import FileNotReadable

INPUT_FORMATS = ("auto", "folder", "jsonl", "csv", "parquet", "telegram", "whatsapp", "file")
_HEAD_BYTES = 1 << 16
_PARQUET_MAGIC = b"PAR1"
_CSV_DELIMITERS = ",;\t|"


@dataclass(frozen=True)
class Columns:
    text: str = "text"
    id: str = "id"
    time: str | None = None  # None: "time", else "date", when the input has one

    def time_in(self, names: list[str] | tuple[str, ...] | set[str]) -> str | None:
        if self.time is not None:
            return self.time if self.time in names else None
        return next((name for name in ("time", "date") if name in names), None)


class Source:
    """One input (or one file found in a folder)."""

    def __init__(
        self,
        path: Path,
        kind: str,
        display: str,
        columns: Columns,
        exclude: frozenset[Path] = frozenset(),
    ) -> None:
        self.path = path
        self.kind = kind
        self.display = display
        self.columns = columns
        self.exclude = exclude

    def estimate(self) -> int | None:
        """About how many records the input holds, cheaply (for a progress bar)."""
        try:
            return _ESTIMATES[self.kind](self)
        except (OSError, ValueError):
            return None

    def records(self, counts: dict[str, int]) -> Iterator[Record]:
        """The records, read as they are needed. A problem met part-way (a truncated
        export, a broken CSV) becomes a record with a ``problem``, and reading stops there."""
        reader = _READERS[self.kind]
        try:
            yield from reader(self, counts)
        except (OSError, ValueError, csv.Error, UnicodeError) as exc:
            yield Record(
                id=f"{self.display}:unreadable",
                source=self.display,
                time=None,
                name=self.display,
                problem=f"reading stopped part-way: {exc}",
            )

    def check(self) -> None:
        """Fail early, before any work, when the input cannot be what it was taken for."""
        checker = _CHECKS.get(self.kind)
        if checker is not None:
            checker(self)


def open_source(
    path: str | os.PathLike[str],
    input_format: str = "auto",
    columns: Columns | None = None,
    exclude: frozenset[Path] = frozenset(),
) -> Source:
    """The input at ``path``, checked (columns present, format recognised)."""
    location = Path(path)
    if not location.exists():
        raise FileNotReadable(name=location.name or str(location))
    kind = detect_kind(location) if input_format == "auto" else input_format
    if kind == "folder" and not location.is_dir():
        raise BatchInputError(name=location.name, kind="a folder", reason="it is a file")
    if kind != "folder" and location.is_dir():
        raise BatchInputError(name=location.name, kind=kind, reason="it is a folder")
    display = location.resolve().name if kind == "folder" else location.name
    source = Source(location, kind, display or str(location), columns or Columns(), exclude)
    source.check()
    return source


def detect_kind(path: Path) -> str:
    """What an input is: by its kind of file, then by how it starts."""
    if path.is_dir():
        return "folder"
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return "file"  # the analysis reports it as unreadable, as `check` would
    if head.startswith(_PARQUET_MAGIC):
        return "parquet"
    if suffix == ".json" and telegram.looks_like_telegram_export(head):
        return "telegram"
    if suffix in (".txt", "") and looks_like_whatsapp(head.decode("utf-8", "replace")):
        return "whatsapp"
    return "file"


# --- folders and single files -------------------------------------------------------------


def _folder(source: Source, counts: dict[str, int]) -> Iterator[Record]:
    for path, display in _walk(source):
        kind = detect_kind(path)
        if kind == "file":
            yield _file_record(path, display)
            continue
        inner = Source(path, kind, display, source.columns)
        try:
            inner.check()
        except BatchInputError as error:
            yield Record(
                id=display, source=display, time=None, name=path.name,
                problem=str(error.params.get("reason", error)),
            )  # fmt: skip
            continue
        yield from inner.records(counts)


def _walk(source: Source) -> Iterator[tuple[Path, str]]:
    """Every file under the folder in path order (a folder's files and subfolders sorted
    together by name), hidden ones and the run's own output left out."""
    excluded = {p.resolve() for p in source.exclude}

    def walk(folder: Path, prefix: str) -> Iterator[tuple[Path, str]]:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            display = f"{prefix}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                yield from walk(path, display)
            elif entry.is_file() and path.resolve() not in excluded:
                yield path, display

    yield from walk(source.path, source.display)


def _file_record(path: Path, display: str) -> Record:
    try:
        time = iso_time(path.stat().st_mtime)
    except OSError:
        time = None
    return Record(id=display, source=display, time=time, name=path.name, path=os.path.abspath(path))


def _single_file(source: Source, counts: dict[str, int]) -> Iterator[Record]:
    yield _file_record(source.path, source.display)


def _whatsapp(source: Source, counts: dict[str, int]) -> Iterator[Record]:
    data = source.path.read_bytes()
    chat = parse_whatsapp(data.decode("utf-8-sig", "replace"))
    yield Record(
        id=source.display,
        source=source.display,
        time=chat.time,
        name=source.path.name,
        text=chat.text,
        author=", ".join(chat.participants) or None,
    )


def _telegram(source: Source, counts: dict[str, int]) -> Iterator[Record]:
    yield from telegram.records(source.path, source.display, counts)


def _check_telegram(source: Source) -> None:
    with open(source.path, "rb") as handle:
        head = handle.read(_HEAD_BYTES)
    if not telegram.looks_like_telegram_export(head):
        raise BatchInputError(
            name=source.path.name,
            kind="a Telegram Desktop export",
            reason='it does not start like one (JSON with "messages"); export the chat '
            "from Telegram Desktop with the format set to JSON",
        )


# --- tables: JSON Lines, CSV, Parquet -----------------------------------------------------


def _row_record(
    source: Source, row: dict[str, Any], position: str, time_column: str | None
) -> Record:
    raw_id = row.get(source.columns.id)
    has_id = isinstance(raw_id, str | int) and not isinstance(raw_id, bool) and str(raw_id)
    key = str(raw_id) if has_id else f"{source.display}:{position}"
    text = row.get(source.columns.text)
    problem = None
    if text is None:
        problem = f"no {source.columns.text!r} field"
    elif not isinstance(text, str):
        problem = f"the {source.columns.text!r} field is not text"
        text = None
    return Record(
        id=key,
        source=source.display,
        time=iso_time(row.get(time_column)) if time_column else None,
        name=key,
        text=text,
        problem=problem,
    )


def _jsonl(source: Source, counts: dict[str, int]) -> Iterator[Record]:
    with open(source.path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            position = str(number)
            try:
                row = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                reason = "not UTF-8" if isinstance(exc, UnicodeDecodeError) else exc.msg
                yield _problem(source, position, f"line {number} is not JSON ({reason})")
                continue
            if not isinstance(row, dict):
                yield _problem(source, position, f"line {number} is not a JSON object")
                continue
            yield _row_record(source, row, position, source.columns.time_in(set(row)))


def _problem(source: Source, position: str, reason: str) -> Record:
    key = f"{source.display}:{position}"
    return Record(id=key, source=source.display, time=None, name=key, problem=reason)


def _check_jsonl(source: Source) -> None:
    with open(source.path, "rb") as handle:
        for raw in handle:
            if not raw.strip():
                continue
            try:
                row = json.loads(raw.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                return  # the line gets its own error row
            if isinstance(row, dict) and row and source.columns.text not in row:
                raise BatchInputError(
                    name=source.path.name, kind="JSON Lines",
                    reason=f"the first record has no {source.columns.text!r} field (fields: "
                    f"{', '.join(sorted(row))}); name the text field with --text-column",
                )  # fmt: skip
            return


def _csv_reader(handle: io.TextIOBase) -> Any:
    sample = handle.read(_HEAD_BYTES)
    handle.seek(0)
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=_CSV_DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    return csv.DictReader(handle, dialect=dialect)


def _open_csv(path: Path) -> io.TextIOWrapper:
    csv.field_size_limit(1 << 30)
    return open(path, encoding="utf-8-sig", errors="replace", newline="")


def _csv(source: Source, counts: dict[str, int]) -> Iterator[Record]:
    with _open_csv(source.path) as handle:
        reader = _csv_reader(handle)
        time_column = source.columns.time_in(list(reader.fieldnames or ()))
        for number, row in enumerate(reader, start=2):
            yield _row_record(source, row, str(number), time_column)


def _check_csv(source: Source) -> None:
    with _open_csv(source.path) as handle:
        fields = list(_csv_reader(handle).fieldnames or ())
    if source.columns.text not in fields:
        raise BatchInputError(
            name=source.path.name, kind="CSV",
            reason=f"no {source.columns.text!r} column (columns: {', '.join(fields) or 'none'}); "
            "name the text column with --text-column",
        )  # fmt: skip


def _parquet(source: Source, counts: dict[str, int]) -> Iterator[Record]:
    parquet = pyarrow_parquet()
    table = parquet.ParquetFile(source.path)
    names = list(table.schema_arrow.names)
    time_column = source.columns.time_in(names)
    wanted = [c for c in (source.columns.text, source.columns.id, time_column) if c in names]
    number = 0
    for batch in table.iter_batches(batch_size=1024, columns=list(dict.fromkeys(wanted))):
        for row in batch.to_pylist():
            number += 1
            yield _row_record(source, row, str(number), time_column)


def _check_parquet(source: Source) -> None:
    parquet = pyarrow_parquet()
    try:
        names = list(parquet.ParquetFile(source.path).schema_arrow.names)
    except Exception as exc:  # pyarrow raises its own error types for a damaged file
        raise BatchInputError(
            name=source.path.name, kind="Parquet", reason=f"the file is damaged ({exc})"
        ) from exc
    if source.columns.text not in names:
        raise BatchInputError(
            name=source.path.name, kind="Parquet",
            reason=f"no {source.columns.text!r} column (columns: {', '.join(names)}); "
            "name the text column with --text-column",
        )  # fmt: skip


def pyarrow_parquet() -> Any:
    try:
        import importlib

        return importlib.import_module("pyarrow.parquet")
    except ImportError as exc:
        raise FeatureUnavailable(
            feature="Reading or writing Parquet",
            needs="the Python package pyarrow",
            remedy="Install it with: pip install 'beforeyousign[parquet]'",
        ) from exc


# --- estimates ----------------------------------------------------------------------------


def _count_lines(path: Path) -> int:
    count = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 22):
            count += chunk.count(b"\n")
    return count


def _estimate_folder(source: Source) -> int:
    total = 0
    for path, display in _walk(source):
        kind = detect_kind(path)
        if kind == "file":
            total += 1
        else:
            total += Source(path, kind, display, source.columns).estimate() or 1
    return total


def _estimate_parquet(source: Source) -> int:
    return int(pyarrow_parquet().ParquetFile(source.path).metadata.num_rows)


_READERS: dict[str, Callable[[Source, dict[str, int]], Iterator[Record]]] = {
    "folder": _folder,
    "jsonl": _jsonl,
    "csv": _csv,
    "parquet": _parquet,
    "telegram": _telegram,
    "whatsapp": _whatsapp,
    "file": _single_file,
}
_CHECKS: dict[str, Callable[[Source], None]] = {
    "jsonl": _check_jsonl,
    "csv": _check_csv,
    "parquet": _check_parquet,
    "telegram": _check_telegram,
}
_ESTIMATES: dict[str, Callable[[Source], int]] = {
    "folder": _estimate_folder,
    "jsonl": lambda s: _count_lines(s.path),
    "csv": lambda s: max(0, _count_lines(s.path) - 1),
    "parquet": _estimate_parquet,
    "telegram": lambda s: telegram.estimate(s.path),
    "whatsapp": lambda s: 1,
    "file": lambda s: 1,
}
