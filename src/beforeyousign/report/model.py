"""The immutable Report and its JSON form (schema: ``docs/report.schema.json``).

``schema_version`` follows semantic versioning: a new optional field is a minor change;
renaming or removing a field, or changing its meaning, is a major one.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

from beforeyousign.analysis.clauses import ClauseReading
from beforeyousign.analysis.model import DocTypeDecision, Finding, Term
from beforeyousign.text.model import Notice, PageImage

SCHEMA_VERSION = "1.2.0"


@dataclass(frozen=True)
class Verdict:
    # military_contract | military_formation | military_recruitment | serious_warning_signs
    # | some_warning_signs | not_fully_checked | no_warning_signs
    id: str
    message_id: str
    params: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "message_id": self.message_id, "params": dict(self.params)}

    def __str__(self) -> str:
        """The verdict in English (``print(report.verdict)``); renderers translate it."""
        return self.message_id.format(**self.params) if self.params else self.message_id


@dataclass(frozen=True)
class Report:
    source_name: str
    media_type: str
    verdict: Verdict
    doc_type: DocTypeDecision
    language: str
    language_confidence: float
    block_languages: tuple[tuple[int, str, float], ...]  # (block number, code, confidence)
    flags: tuple[Finding, ...]
    terms: tuple[Term, ...]
    notices: tuple[Notice, ...]
    reader_language: str | None
    legal_facts_checked: str
    tool_version: str
    schema_version: str = SCHEMA_VERSION
    # Photographed or scanned pages, reduced, for drawing the evidence boxes in an HTML
    # report. In memory only: never in the JSON, never written anywhere by the tool itself.
    page_images: tuple[PageImage, ...] = ()
    clauses: tuple[ClauseReading, ...] = ()  # numbered clauses of a contract, read one by one

    @property
    def flag_ids(self) -> tuple[str, ...]:
        return tuple(f.flag for f in self.flags)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "tool": {"name": "beforeyousign", "version": self.tool_version},
            "source": {"name": self.source_name, "media_type": self.media_type},
            "verdict": self.verdict.to_dict(),
            "doc_type": self.doc_type.to_dict(),
            "language": {
                "code": self.language,
                "confidence": round(self.language_confidence, 3),
                "blocks": [
                    {"block": block, "code": code, "confidence": round(confidence, 3)}
                    for block, code, confidence in self.block_languages
                ],
            },
            "reader_language": self.reader_language,
            "flags": [f.to_dict() for f in self.flags],
            "terms": [_term_dict(t) for t in self.terms],
            "clauses": [c.to_dict() for c in self.clauses],
            "notices": [
                {"code": n.code, "message_id": n.message_id, "params": dict(n.params)}
                for n in self.notices
            ],
            "legal_facts_checked": self.legal_facts_checked,
        }

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def _term_dict(term: Term) -> dict[str, Any]:
    """``term.to_dict()``, with its value copied by :func:`_copy_data` rather than
    ``copy.deepcopy``: a report has a dozen terms, and deepcopy's bookkeeping was a fifth of
    the time to turn a short post's report into a dictionary (``tests/test_batch.py``
    compares the two)."""
    return {
        "name": term.name,
        "stated": term.stated,
        "value": _copy_data(term.value),
        "evidence": term.evidence.to_dict() if term.evidence else None,
    }


def _copy_data(value: Any) -> Any:
    """A deep copy of JSON-shaped data (dicts, lists, tuples of strings, numbers, None);
    anything else goes to ``copy.deepcopy``."""
    if value is None or isinstance(value, str | int | float):
        return value
    if type(value) is dict:
        return {key: _copy_data(item) for key, item in value.items()}
    if type(value) is list:
        return [_copy_data(item) for item in value]
    if type(value) is tuple:
        return tuple(_copy_data(item) for item in value)
    return copy.deepcopy(value)
