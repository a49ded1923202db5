"""Immutable results of analysis: evidence, findings, key terms, document type.

Offsets (``start``/``end``) index the *normalised* text; ``raw_start``/``raw_end`` index the
document's raw text, which is what :class:`~beforeyousign.text.model.Document` locates.
A finding's explanation is a message id plus parameters, translated only when rendered.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from beforeyousign.knowledge.legal import LegalReference
from beforeyousign.text.model import PageBox, SourceLocation


@dataclass(frozen=True)
class Evidence:
    """The exact words of the document that justify a finding or a term."""

    quote: str  # the words as the document has them (raw text)
    start: int
    end: int
    raw_start: int
    raw_end: int
    location: SourceLocation
    context: str = ""  # the whole sentence or clause around the quote, raw text
    boxes: tuple[PageBox, ...] = ()  # the quoted words on the page images (OCR inputs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "quote": self.quote,
            "context": self.context,
            "span": [self.start, self.end],
            "raw_span": [self.raw_start, self.raw_end],
            "location": self.location.to_dict(),
            "boxes": [b.to_dict() for b in self.boxes],
        }


@dataclass(frozen=True)
class Finding:
    """One possible indicator raised by the document, with the words that raised it."""

    flag: str
    severity: str
    ilo_indicator: int | None
    score: float
    rule_id: str
    evidence: tuple[Evidence, ...]
    message_id: str
    params: dict[str, str] = field(default_factory=dict)
    legal: tuple[LegalReference, ...] = ()
    implied_by_law: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.flag,
            "severity": self.severity,
            "ilo_indicator": self.ilo_indicator,
            "score": round(self.score, 3),
            "rule_id": self.rule_id,
            "implied_by_law": self.implied_by_law,
            "evidence": [e.to_dict() for e in self.evidence],
            "explanation": {"message_id": self.message_id, "params": dict(self.params)},
            "legal": [ref.to_dict() for ref in self.legal],
        }


@dataclass(frozen=True)
class Term:
    """A key term of the paper (TAXONOMY.md), or its absence (``evidence`` is None)."""

    name: str
    value: dict[str, Any] | None
    evidence: Evidence | None = None

    @property
    def stated(self) -> bool:
        return self.evidence is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "stated": self.stated,
            "value": copy.deepcopy(self.value),
            "evidence": self.evidence.to_dict() if self.evidence else None,
        }


@dataclass(frozen=True)
class DocTypeDecision:
    """What the paper is, the score, and the words that decided it."""

    doc_type: str
    score: float
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.doc_type,
            "score": round(self.score, 3),
            "evidence": [e.to_dict() for e in self.evidence],
        }
