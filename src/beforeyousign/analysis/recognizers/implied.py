"""Flags that follow from what the paper *is*, even when its text is silent.

A Russian contract of military service is governed by law the paper need not repeat:
Decree No. 647 of 21.09.2022 keeps it in force until the end of partial mobilisation
(item 4) and allows discharge only for age, health or a prison sentence (item 5);
leaving a unit is a crime (Criminal Code art. 337–338).  So such a contract raises
``term_extension``, ``no_early_exit`` and ``penalty_threat``; the finding says it is implied
by law, cites the law and quotes the words that make the paper a military contract.
"""

from __future__ import annotations

from beforeyousign.analysis.context import AnalysisContext
from beforeyousign.analysis.model import DocTypeDecision
from beforeyousign.analysis.recognizers.base import Candidate
from beforeyousign.analysis.recognizers.registry import register
from beforeyousign.analysis.vocab import RUSSIA
from beforeyousign.knowledge.taxonomy import MILITARY_DOC_TYPES

LAW_IMPLIED_FLAGS = ("term_extension", "no_early_exit", "penalty_threat")


@register
class MilitaryByDocType:
    """A military or volunteer-formation contract is military service by definition.

    Basis: Law 53-FZ art. 32; Law 61-FZ art. 22.1.  Evidence: the words that decided the
    document type.
    """

    flag = "military_service"

    def recognise(self, ctx: AnalysisContext, doc_type: DocTypeDecision) -> list[Candidate]:
        if doc_type.doc_type not in MILITARY_DOC_TYPES or not doc_type.evidence:
            return []
        rule = f"any.military_service.doc_type_{doc_type.doc_type}"
        return [Candidate(self.flag, rule, 0.95, doc_type.evidence)]


@register
class ImpliedByRussianLaw:
    """term_extension, no_early_exit and penalty_threat for Russian military contracts."""

    flag = "term_extension"

    def recognise(self, ctx: AnalysisContext, doc_type: DocTypeDecision) -> list[Candidate]:
        if doc_type.doc_type != "military_contract" or not doc_type.evidence:
            return []
        if ctx.language != "ru" and not any(ctx.index.phrase_hits(p) for p in RUSSIA):
            return []
        return [
            Candidate(flag, f"law.{flag}.russian_military_contract", 0.95, doc_type.evidence,
                      implied_by_law=True)
            for flag in LAW_IMPLIED_FLAGS
        ]  # fmt: skip
