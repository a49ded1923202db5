"""``beforeyousign eval``: precision, recall and F1 per flag on a labelled corpus.

Labels are ``DIR/labels.jsonl`` in the TAXONOMY.md format.  ``unreadable_language`` is
decided at report time and is never labelled, so eval runs without a reader language.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from beforeyousign.errors import BeforeYouSignError, LabelsError
from beforeyousign.knowledge.taxonomy import DOC_TYPES, FLAGS, MILITARY_DOC_TYPES
from beforeyousign.report.model import Report

LABEL_KEYS = ("id", "file", "doc_type", "flags")


@dataclass(frozen=True)
class Case:
    id: str
    file: Path
    doc_type: str
    flags: frozenset[str]
    # The pages of one document, in order, when the label lists ``files`` (photos of a
    # contract's pages); otherwise just ``file``.
    pages: tuple[Path, ...] = ()

    @property
    def inputs(self) -> tuple[Path, ...]:
        return self.pages or (self.file,)


@dataclass
class CaseResult:
    case: Case
    doc_type: str | None
    flags: dict[str, list[str]]  # flag -> quotes
    error: str | None = None

    @property
    def predicted(self) -> frozenset[str]:
        return frozenset(self.flags)


@dataclass
class FlagScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalResult:
    results: list[CaseResult]
    scores: dict[str, FlagScore] = field(default_factory=dict)

    @property
    def doc_type_accuracy(self) -> float:
        right = sum(1 for r in self.results if r.doc_type == r.case.doc_type)
        return right / len(self.results) if self.results else 0.0

    @property
    def macro_f1(self) -> float:
        scored = [s for s in self.scores.values() if s.tp + s.fp + s.fn]
        return sum(s.f1 for s in scored) / len(scored) if scored else 1.0

    @property
    def false_military(self) -> list[str]:
        return [
            r.case.id
            for r in self.results
            if "military_service" in r.predicted and "military_service" not in r.case.flags
            and r.case.doc_type not in MILITARY_DOC_TYPES
        ]  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {
            "cases": len(self.results),
            "doc_type_accuracy": round(self.doc_type_accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "false_military_service": self.false_military,
            "flags": {
                flag: {
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                }
                for flag, s in sorted(self.scores.items())
            },
            "errors": [
                {
                    "id": r.case.id,
                    "expected_doc_type": r.case.doc_type,
                    "doc_type": r.doc_type,
                    "missed": sorted(r.case.flags - r.predicted),
                    "false_alarms": {f: r.flags[f] for f in sorted(r.predicted - r.case.flags)},
                    "error": r.error,
                }
                for r in self.results
                if r.error or r.doc_type != r.case.doc_type or r.predicted != r.case.flags
            ],
        }


def load_cases(folder: Path) -> list[Case]:
    path = folder / "labels.jsonl"
    if not path.is_file():
        raise LabelsError(path=str(path), reason="file not found")
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelsError(path=str(path), reason=f"cannot read as UTF-8 text ({exc})") from exc
    cases = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            cases.append(_parse_case(folder, path, number, line))
    if not cases:
        raise LabelsError(path=str(path), reason="no cases")
    return cases


def _parse_case(folder: Path, path: Path, number: int, line: str) -> Case:
    where = f"line {number}"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LabelsError(path=str(path), reason=f"{where}: {exc.msg}") from exc
    if not isinstance(data, dict) or any(k not in data for k in LABEL_KEYS):
        raise LabelsError(path=str(path), reason=f"{where}: needs {', '.join(LABEL_KEYS)}")
    flags, doc_type = data["flags"], data["doc_type"]
    if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
        raise LabelsError(path=str(path), reason=f"{where}: flags must be a list of ids")
    if not isinstance(data["file"], str) or not isinstance(data["id"], str | int):
        raise LabelsError(path=str(path), reason=f"{where}: id and file must be strings")
    if not isinstance(doc_type, str) or doc_type not in DOC_TYPES:
        raise LabelsError(path=str(path), reason=f"{where}: unknown doc_type {doc_type!r}")
    unknown = set(flags) - set(FLAGS)
    if unknown:
        raise LabelsError(path=str(path), reason=f"{where}: unknown flag ids {sorted(unknown)}")
    pages = data.get("files", [])
    if not isinstance(pages, list) or not all(isinstance(p, str) for p in pages):
        raise LabelsError(path=str(path), reason=f"{where}: files must be a list of file names")
    return Case(
        str(data["id"]),
        folder / data["file"],
        data["doc_type"],
        frozenset(data["flags"]),
        tuple(folder / p for p in pages),
    )


def evaluate(folder: Path, analyse: Callable[[tuple[Path, ...]], Report]) -> EvalResult:
    """Analyse every labelled case (``analyse`` gets the case's files: one, or the pages of
    one document) and score flags and doc types against the labels."""
    result = EvalResult([])
    for case in load_cases(folder):
        try:
            report = analyse(case.inputs)
        except BeforeYouSignError as exc:
            result.results.append(CaseResult(case, None, {}, error=exc.code))
            continue
        flags = {f.flag: [e.quote for e in f.evidence][:2] for f in report.flags}
        result.results.append(CaseResult(case, report.doc_type.doc_type, flags))
    for r in result.results:
        for flag in r.case.flags | r.predicted:
            score = result.scores.setdefault(flag, FlagScore())
            if flag in r.case.flags and flag in r.predicted:
                score.tp += 1
            elif flag in r.predicted:
                score.fp += 1
            else:
                score.fn += 1
    return result


def render_table(result: EvalResult) -> str:
    lines = [f"{'flag':<24}{'TP':>4}{'FP':>4}{'FN':>4}{'P':>7}{'R':>7}{'F1':>7}"]
    for flag in sorted(result.scores):
        s = result.scores[flag]
        lines.append(
            f"{flag:<24}{s.tp:>4}{s.fp:>4}{s.fn:>4}{s.precision:>7.2f}{s.recall:>7.2f}{s.f1:>7.2f}"
        )
    lines.append("")
    lines.append(f"cases: {len(result.results)}")
    lines.append(f"doc_type accuracy: {result.doc_type_accuracy:.3f}")
    lines.append(f"macro F1 over flags: {result.macro_f1:.3f}")
    lines.append(f"false military_service on civilian papers: {len(result.false_military)}")
    for error in result.to_dict()["errors"]:
        lines.append("")
        lines.append(f"- {error['id']}")
        if error["error"]:
            lines.append(f"    could not analyse: {error['error']}")
        if error["doc_type"] != error["expected_doc_type"]:
            lines.append(
                f"    doc_type {error['doc_type']} (expected {error['expected_doc_type']})"
            )
        for flag in error["missed"]:
            lines.append(f"    missed: {flag}")
        for flag, quotes in error["false_alarms"].items():
            lines.append(f"    false alarm: {flag} {quotes}")
    return "\n".join(lines) + "\n"
