"""Pure extractors of key-term values (money, durations, dates) with exact text spans.

Each function takes already normalised text and returns frozen dataclasses whose
``start``/``end`` index that text (end exclusive), so ``text[x.start:x.end]`` is the evidence.
They use only the standard library, and every pattern is bounded so the scan is linear.
"""

from beforeyousign.analysis.extract.dates import DateMention, find_dates
from beforeyousign.analysis.extract.duration import Duration, find_durations
from beforeyousign.analysis.extract.money import Money, find_money

__all__ = [
    "DateMention",
    "Duration",
    "Money",
    "find_dates",
    "find_durations",
    "find_money",
]
