"""A record: one thing to analyse in a batch (a file, a table row, a post, a chat)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class Record:
    """``text`` is analysed as pasted text (``pipeline.run_text``); ``path`` as a file, its
    format decided by content (``pipeline.run_path``). ``problem`` says why the record itself
    could not be read (a line that is not JSON): it becomes an error row.

    ``id`` is what resuming a run matches on; ``source`` is where the record came from (the
    input file, or the Telegram channel); ``time`` an ISO 8601 date-time or None.
    """

    id: str
    source: str
    time: str | None
    name: str  # the report's source.name
    text: str | None = None
    path: str | None = None
    author: str | None = None
    forwarded_from: str | None = None
    links: tuple[str, ...] = ()  # link targets hidden behind link text: searched for contacts
    problem: str | None = None
    seq: int = field(default=0, compare=False)  # position in the run, set by the runner

    def meta(self) -> dict[str, str | None]:
        """The ``record`` object of an output row."""
        return {
            "id": self.id,
            "source": self.source,
            "time": self.time,
            "author": self.author,
            "forwarded_from": self.forwarded_from,
        }

    @property
    def cost(self) -> int:
        """Roughly how long analysing the record takes, in characters of text: used to cut
        work into chunks of even size. A file may be a photo to read by OCR: one per chunk."""
        if self.path is not None:
            return 1 << 30
        return len(self.text or "") + 200


#: The columns a Record travels in (Spark rows, pandas frames), all strings or null.
RECORD_COLUMNS = (
    "id", "source", "time", "name", "text", "path", "author", "forwarded_from", "links",
    "problem",
)  # fmt: skip


def record_to_columns(record: Record) -> dict[str, Any]:
    return {
        "seq": record.seq,
        "id": record.id,
        "source": record.source,
        "time": record.time,
        "name": record.name,
        "text": record.text,
        "path": record.path,
        "author": record.author,
        "forwarded_from": record.forwarded_from,
        "links": "\n".join(record.links) if record.links else None,
        "problem": record.problem,
    }


def record_from_columns(row: dict[str, Any]) -> Record:
    def text(key: str) -> str | None:
        value = row.get(key)
        return value if isinstance(value, str) else None

    links = text("links")
    return Record(
        id=text("id") or "",
        source=text("source") or "",
        time=text("time"),
        name=text("name") or "",
        text=text("text"),
        path=text("path"),
        author=text("author"),
        forwarded_from=text("forwarded_from"),
        links=tuple(links.split("\n")) if links else (),
        problem=text("problem"),
        seq=int(row.get("seq") or 0),
    )


def iso_time(value: object) -> str | None:
    """A record's time as ISO 8601: strings are kept as written; numbers are Unix seconds
    (UTC). Anything else is no time."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            moment = datetime.fromtimestamp(float(value), tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.isoformat()
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return None
