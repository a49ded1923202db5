"""Approximate exchange rates, to compare pay with thresholds and to give the reader a
rough idea of an amount.

The report always quotes the amount as written; beside it, ``report/formatting.py`` may
show "about N US dollars" with the date of this table (``RATES_DATED``).  Rounded to keep
the thresholds, and that rough amount, honest about their precision.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

RATES_DATED = dt.date(2025, 6, 30)

# Roubles per unit of currency, rounded.
RUB_PER_UNIT: dict[str, Decimal] = {
    "RUB": Decimal(1),
    "USD": Decimal(80),
    "EUR": Decimal(90),
    "GBP": Decimal(105),
    "INR": Decimal("0.95"),
    "NPR": Decimal("0.6"),
    "LKR": Decimal("0.27"),
    "AED": Decimal(22),
    "BDT": Decimal("0.66"),
    "PKR": Decimal("0.28"),
    "UZS": Decimal("0.0063"),
    "KZT": Decimal("0.16"),
    "KGS": Decimal("0.92"),
    "TJS": Decimal("8"),
    "CUP": Decimal("3.3"),
    "GHS": Decimal("7"),
    "PLN": Decimal(21),
}


def in_roubles(amount: Decimal, currency: str) -> Decimal | None:
    rate = RUB_PER_UNIT.get(currency)
    return amount * rate if rate is not None else None
