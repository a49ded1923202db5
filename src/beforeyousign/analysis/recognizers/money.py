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
# Monthly pay above this, offered in roubles in an ad or chat, is far above the pay for the
# civilian work such ads name (more than twice the Russian average wage, about 90,000
# roubles in 2024 by Rosstat).
MONTHLY_LURE_RUB = Decimal(200_000)
# Offered in the reader's home currency (rupees, dollars…), the comparison is with wages at
# home, where 1,500 US dollars a month is many times the norm for helpers and guards.
MONTHLY_LURE_FOREIGN_RUB = Decimal(120_000)
PAY_WORDS = re.compile(
    r"зарплат|заработн|оплата\s+труда|доход|денежное\s+довольствие|salary|wage|pay\b|earn"
    r"|sueldo|salario|ganar|तलब|वेतन|मासिक|तनख्वाह|tankhwa|talab|mahina|salaire",
    re.IGNORECASE,
)
# "Pay 5 lakh fee first": an amount next to these is a cost, not pay.
FEE_WORDS = re.compile(
    r"\bfees?\b|charge|deposit|advance|commission|комисси|сбор|взнос|предоплат|залог"
    r"|cuota|comisi|depósito|frais|kharcha|शुल्क",
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

    Held-out (three sets, 92 documents, 2026-11-25): precision 0.96, recall 0.77
    (TP 27, FP 1, FN 8); see docs/quality.md.
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
        if money.one_time and money.period != "month":
            return roubles >= ONE_TIME_LURE_RUB
        threshold = MONTHLY_LURE_RUB if money.currency == "RUB" else MONTHLY_LURE_FOREIGN_RUB
        return (
            _is_pay(money, ctx)
            and doc_type.doc_type in OFFER_TYPES
            and roubles >= threshold
            and _about_russia(ctx)
        )


def _is_pay(money: Money, ctx: AnalysisContext) -> bool:
    """Monthly pay, not a fee: a stated month, or a pay word in the same sentence."""
    if money.period == "month":
        return True
    if money.period is not None:
        return False
    sentence = ctx.sentence_at(money.start)
    if sentence is None:
        return False
    before = ctx.text[sentence.start : money.start]
    around = ctx.text[max(sentence.start, money.start - 40) : min(sentence.end, money.end + 20)]
    return bool(PAY_WORDS.search(before)) and not FEE_WORDS.search(around)


def _about_russia(ctx: AnalysisContext) -> bool:
    return ctx.language == "ru" or any(ctx.index.phrase_hits(p) for p in RUSSIA)
