"""Shared helpers for the bench scripts (not a benchmark itself: `make bench` skips `_*.py`).

Paths are found relative to this file, so the scripts run from any working directory; the
shared folder lives beside the repository (``<repo>/../shared``).
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev"
PROJECT_CORPUS = REPO / "tests" / "corpus"

# The two reference documents named in the issue, and stand-ins from the project corpus
# for when the shared folder is not beside the repository.
CONTRACT = DEV_CORPUS / "real-labour-school-cleaner.ru.txt"  # 4.8 k characters (8.7 kB)
AD = DEV_CORPUS / "ex-helper-ad.en.txt"  # 385 characters
CONTRACT_FALLBACK = PROJECT_CORPUS / "labour-migrant-patent.ru.txt"
AD_FALLBACK = PROJECT_CORPUS / "ad-helper-1.en.txt"

# The "plain baseline": what someone would try first, a lower-cased substring scan for a
# list of plain keywords (Russian stems, English, Spanish).  No normalisation, no lemmas.
KEYWORDS: tuple[str, ...] = (
    # Russian
    "паспорт", "военн", "контракт", "минобороны", "министерство обороны", "войсков",
    "воинск", "армия", "армии", "специальной военной", "мобилиз", "призыв",
    "доброволь", "штурм", "боев", "фронт", "оружи", "рядов", "строев", "присяг",
    "гражданств", "виза", "патент", "штраф", "неустойк", "долг", "задолженн",
    "удержан", "вычет", "возмещ", "расторг", "продлен", "охран", "безопасност",
    "подпис", "выплат", "единовременн", "зарплат", "миллион", "билет", "проживан",
    # English
    "passport", "army", "military", "soldier", "war", "front", "fee", "debt",
    "visa", "ticket", "salary", "deduct", "penalty", "contract", "security guard",
    "residence", "citizenship", "weapon", "urgent",
    # Spanish
    "pasaporte", "ejército", "militar", "deuda", "multa",
)  # fmt: skip


def baseline_scan(text: str) -> list[str]:
    """The naive keyword check: lower-case once, then ``in`` for every keyword."""
    lowered = text.lower()
    return [k for k in KEYWORDS if k in lowered]


def pick(path: Path, fallback: Path, label: str) -> Path:
    """``path`` if it exists, else ``fallback`` (with a note on stderr)."""
    if path.is_file():
        return path
    print(f"note: {label} {path} not found; using {fallback.name} instead", file=sys.stderr)
    return fallback


def corpus_files(*folders: Path) -> list[Path]:
    """Every text document in the folders (README.md and labels.jsonl are not documents)."""
    files: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            files += sorted(p for p in folder.glob("*.txt") if p.name != "README.md")
    return files


def rel(path: Path) -> str:
    """A path as the repository sees it (``../shared/...`` for the shared folder)."""
    return os.path.relpath(path.resolve(), REPO)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of a non-empty sample."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "median": statistics.median(values),
        "p95": percentile(values, 95),
        "min": min(values),
        "max": max(values),
    }


def ratio(ours: float, base: float) -> str:
    if base <= 0:
        return "n/a"
    value = ours / base
    return f"{value:,.0f}x" if value >= 100 else f"{value:,.1f}x"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], title: str) -> str:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        parts = [row[0].ljust(widths[0])]
        parts += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        return "  ".join(parts).rstrip()

    rule = "-" * len(line(cells[0]))
    body = [line(row) for row in cells[1:]]
    return "\n".join([title, rule, line(cells[0]), rule, *body, rule])


def machine() -> str:
    return (
        f"{date.today().isoformat()}  Python {platform.python_version()}  "
        f"{platform.system()} {platform.machine()}  {os.cpu_count()} CPUs"
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f}" if seconds < 0.001 else f"{seconds * 1000:.2f}"


def console_script(name: str) -> Path | None:
    """The console script installed beside the running interpreter (the venv's bin)."""
    for folder in (Path(sys.executable).parent, REPO / ".venv" / "bin"):
        candidate = folder / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None
