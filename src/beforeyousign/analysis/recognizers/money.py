"""Pay lures: large signing payments and pay far above the norm for the job."""

from __future__ import annotations

import re
from decimal import Decimal

from beforeyousign.analysis.context import AnalysisContext
from beforeyousign.analysis.extract import Money
from beforeyousign.analysis.model import DocTypeDecision
from beforeyousign.analysis.recognizers.base import Candidate
from beforeyousign.analysis.recognizers.registry import register
from beforeyousign.analysis.vocab import RUSSIA
from beforeyousign.knowledge.rates import in_roubles

# A one-time payment above this is a lure wherever it appears (about half a year of the
# Russian average wage).
ONE_TIME_LURE_RUB = Decimal(500_000)
# Monthly pay above this, offered in an ad or chat for work in Russia, is far above the
# pay for the civilian work such ads name (about 1.5 times the average wage).
MONTHLY_LURE_RUB = Decimal(120_000)
PAY_WORDS = re.compile(
    r"зарплат|заработн|оплата\s+труда|доход|денежное\s+довольствие|salary|wage|pay\b|earn"
    r"|sueldo|salario|ganar",
    re.IGNORECASE,
)
OFFER_TYPES = frozenset({"job_offer", "recruiter_chat"})


@register
class PayLure:
    """A large one-time signing payment, or pay far above the norm for the work.

    Basis: ILO indicator 1 (abuse of vulnerability); reported regional signing payments of
    1.2–3 million roubles and monthly offers of 200–300 thousand roubles, and offers of
    1.5–2 lakh rupees a month to Indian "helpers" (LEGAL.md).  Pay stated in a contract is
    a term, not a lure: monthly pay counts only in ads and chats for work in Russia.
    Thresholds convert with the rounded, dated rates in ``knowledge/rates.py``.
    """

    flag = "pay_lure"

    def recognise(self, ctx: AnalysisContext, doc_type: DocTypeDecision) -> list[Candidate]:
        lures = [m for m in ctx.money if self._is_lure(m, ctx, doc_type)]
        if not lures:
            return []
        evidence = tuple(ctx.evidence(m.start, m.end) for m in lures[:3])
        return [Candidate(self.flag, "any.pay_lure.amount_threshold", 0.8, evidence)]

    def _is_lure(self, money: Money, ctx: AnalysisContext, doc_type: DocTypeDecision) -> bool:
        roubles = in_roubles(money.amount, money.currency)
        if roubles is None:
            return False
        if money.one_time:
            return roubles >= ONE_TIME_LURE_RUB
        return (
            _is_pay(money, ctx)
            and doc_type.doc_type in OFFER_TYPES
            and roubles >= MONTHLY_LURE_RUB
            and _about_russia(ctx)
        )


def _is_pay(money: Money, ctx: AnalysisContext) -> bool:
    """Monthly pay, not a fee: a stated month, or a pay word in the same sentence."""
    if money.period == "month":
        return True
    if money.period is not None:
        return False
    sentence = ctx.sentence_at(money.start)
    return sentence is not None and bool(PAY_WORDS.search(ctx.text[sentence.start : money.start]))


def _about_russia(ctx: AnalysisContext) -> bool:
    return ctx.language == "ru" or any(ctx.index.phrase_hits(p) for p in RUSSIA)
