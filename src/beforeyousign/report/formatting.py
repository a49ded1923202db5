"""Numbers, money and dates written the reader's way (Babel/CLDR).

``290000`` is "290,000" in English, "290.000" in Spanish and "2,90,000" in Hindi; a date is
"June 30, 2025" or "30 de junio de 2025".  Money is shown with its currency's name in the
reader's language, and, where the bundled rate table (``knowledge/rates.py``) knows the
currency, with a rough amount in US dollars and the date of that table, so that a reader
can tell what 290,000 roubles means.  Renderers show the paper's own words beside it: the
conversion never replaces the quote.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from beforeyousign.i18n import Translator
from beforeyousign.knowledge.rates import RATES_DATED, RUB_PER_UNIT

COMPARISON_CURRENCY = "USD"
SIGNIFICANT_DIGITS = 2  # the table's rates are rounded; so is what is worked out from them


def format_number(value: Decimal | int | float, locale: str) -> str:
    """``290000`` -> "290,000" (en), "290.000" (es), "2,90,000" (hi)."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=locale))


def format_amount(amount: Decimal | int | float, currency: str, locale: str) -> str:
    """The amount with its currency's name in ``locale``: "290,000 Russian rubles",
    "2,90,000 रूसी रूबल".  Whole amounts get no decimals; an unknown currency code is kept."""
    from babel.numbers import format_currency

    return str(
        format_currency(
            Decimal(str(amount)), currency, locale=locale, format_type="name",
            currency_digits=False,
        )
    )  # fmt: skip


def format_long_date(date: dt.date | str, locale: str) -> str:
    """A date in words: "June 30, 2025" (en), "30 de junio de 2025" (es), «30 июня 2025 г.»
    (ru; the translator drops a sentence's full stop after the abbreviation's dot)."""
    from babel.dates import format_date

    day = dt.date.fromisoformat(date) if isinstance(date, str) else date
    return str(format_date(day, format="long", locale=locale))


def convert(amount: Decimal, currency: str, to: str = COMPARISON_CURRENCY) -> Decimal | None:
    """``amount`` in ``to`` by the bundled table, rounded to what the table's precision
    allows; None when the table lacks either currency, they are the same, or the result
    is less than one unit."""
    if currency == to or currency not in RUB_PER_UNIT or to not in RUB_PER_UNIT:
        return None
    value = _significant(amount * RUB_PER_UNIT[currency] / RUB_PER_UNIT[to])
    return value if value >= 1 else None


def format_money(
    amount: Decimal | int | float,
    currency: str,
    _: Translator,
    per: str = "",
    to: str = COMPARISON_CURRENCY,
) -> str:
    """The amount in the reader's language with, where the table can convert it, a rough
    amount in US dollars: "290,000 Russian rubles a month (about 3,600 US dollars a month
    at the exchange rates of June 30, 2025 in this tool's table)".  ``per`` is the
    period, already translated ("a month"), written after both amounts."""
    value = Decimal(str(amount))
    shown = " ".join(filter(None, (format_amount(value, currency, _.language), per)))
    converted = convert(value, currency, to)
    if converted is None:
        return shown
    return _(
        "{amount} (about {converted} at the exchange rates of {date} in this tool's table)",
        amount=shown,
        converted=" ".join(filter(None, (format_amount(converted, to, _.language), per))),
        date=format_long_date(RATES_DATED, _.language),
    )


def _significant(value: Decimal) -> Decimal:
    """Rounded to SIGNIFICANT_DIGITS, never to less than a whole unit: 2550 -> 2600."""
    if value <= 0:
        return Decimal(0)
    exponent = value.adjusted() - SIGNIFICANT_DIGITS + 1
    quantum = Decimal(1).scaleb(max(exponent, 0))
    rounded = (value / quantum).quantize(Decimal(1), rounding=ROUND_HALF_UP) * quantum
    return rounded.quantize(Decimal(1))
