"""What a recognizer is, and the candidate findings it produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from beforeyousign.analysis.context import AnalysisContext
from beforeyousign.analysis.model import DocTypeDecision, Evidence
from beforeyousign.analysis.rulepack import bundled_packs


@dataclass(frozen=True)
class Candidate:
    """A flag raised by one rule, before findings of the same flag are merged."""

    flag: str
    rule_id: str
    weight: float
    evidence: tuple[Evidence, ...]
    requires: frozenset[str] = frozenset()
    implied_by_law: bool = False
    params: dict[str, str] = field(default_factory=dict)


class Recognizer(Protocol):
    flag: str

    def recognise(self, ctx: AnalysisContext, doc_type: DocTypeDecision) -> list[Candidate]: ...


class PatternRecognizer:
    """Runs the rule-pack rules of its flag, in every bundled language.

    All packs run on every document: a chat mixes Russian and English, and a rule written
    in Latin letters cannot match Cyrillic text by accident.
    """

    flag: ClassVar[str]

    def recognise(self, ctx: AnalysisContext, doc_type: DocTypeDecision) -> list[Candidate]:
        found = []
        for pack in bundled_packs():
            for rule in pack.rules:
                if rule.flag != self.flag:
                    continue
                if rule.doc_types is not None and doc_type.doc_type not in rule.doc_types:
                    continue
                for combo in rule.find(ctx.index):
                    if ctx.is_question(ctx.tokens[combo[0].first].start):
                        continue
                    hits = rule.evidence_hits(ctx.index, combo)
                    evidence = tuple(ctx.evidence_for_hits(hits))
                    found.append(
                        Candidate(self.flag, rule.id, rule.weight, evidence, rule.requires)
                    )
        return found
