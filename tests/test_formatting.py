"""Numbers, money and dates in the reader's locale (Babel/CLDR), and the rough conversion
by the bundled, dated rate table.

The expected strings are CLDR's (Babel's data); the conversion sentence is checked with a
translator that leaves msgids as they are, so these tests do not depend on a catalog.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from beforeyousign import api
from beforeyousign.i18n import Translator, translator
from beforeyousign.knowledge.rates import RATES_DATED, RUB_PER_UNIT
from beforeyousign.report.formatting import (
    convert,
    format_amount,
    format_long_date,
    format_money,
    format_number,
)
from beforeyousign.report.render_text import render_text


def untranslated(language: str) -> Translator:
    """Formats numbers and dates for ``language``, keeps the English sentences."""
    return Translator(language, language, lambda m: m, lambda one, many, n: one if n == 1 else many)


LOCALES = [
    # locale, 290000, 290000 RUB, 30 June 2025
    ("en", "290,000", "290,000 Russian rubles", "June 30, 2025"),
    ("es", "290.000", "290.000 rublos rusos", "30 de junio de 2025"),
    ("hi", "2,90,000", "2,90,000 रूसी रूबल", "30 जून 2025"),
    ("ar", "290,000", "290,000 روبل روسي", "30 يونيو 2025"),
]
USD_3600 = {
    "en": "3,600 US dollars",
    "es": "3.600 dólares estadounidenses",
    "hi": "3,600 यूएस डॉलर",
    "ar": "3,600 دولار أمريكي",
}


@pytest.mark.parametrize(("locale", "number", "money", "date"), LOCALES)
def test_number_money_and_date(locale: str, number: str, money: str, date: str) -> None:
    assert format_number(290000, locale) == number
    assert format_number(Decimal(290000), locale) == number
    assert format_amount(Decimal(290000), "RUB", locale) == money
    assert format_long_date(dt.date(2025, 6, 30), locale) == date
    assert format_long_date("2025-06-30", locale) == date


@pytest.mark.parametrize(("locale", "number", "money", "date"), LOCALES)
def test_money_with_a_rough_amount_in_dollars(
    locale: str, number: str, money: str, date: str
) -> None:
    assert dt.date(2025, 6, 30) == RATES_DATED  # else the expected dates below are stale
    text = format_money(290000, "RUB", untranslated(locale), per="a month")
    assert text == (
        f"{money} a month (about {USD_3600[locale]} a month at the exchange rates of {date} "
        "in this tool's table)"
    )


@pytest.mark.parametrize("locale", ["en", "es", "hi", "ar"])
def test_no_conversion_without_a_rate(locale: str) -> None:
    _ = untranslated(locale)
    assert "XAF" not in RUB_PER_UNIT
    assert "about" not in format_money(100000, "XAF", _)  # not in the table
    assert format_money(2000, "USD", _) == format_amount(2000, "USD", locale)  # same currency


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (Decimal(204000), "RUB", Decimal(2600)),  # 2550, two significant digits
        (Decimal(1500000), "RUB", Decimal(19000)),
        (Decimal(60000), "RUB", Decimal(750)),
        (Decimal(200000), "INR", Decimal(2400)),  # 1.5-2 lakh rupees a month (LEGAL.md)
        (Decimal(9000), "USD", None),
        (Decimal(1), "RUB", None),  # less than a dollar: no "about 0 US dollars"
        (Decimal(1000), "XAF", None),
    ],
)
def test_convert(amount: Decimal, currency: str, expected: Decimal | None) -> None:
    assert convert(amount, currency) == expected


def test_a_fraction_of_a_rouble_keeps_its_decimals() -> None:
    assert format_amount(Decimal("1234.5"), "RUB", "en") == "1,234.5 Russian rubles"
    assert format_amount(Decimal(1), "RUB", "en") == "1 Russian ruble"


def test_text_report_shows_the_amount_the_conversion_and_the_quote() -> None:
    report = api.analyse_text(
        "Денежное довольствие составляет не менее 204 000 рублей в месяц.", reader_lang="ru"
    )
    text = " ".join(render_text(report, translator("en")).split())
    assert (
        "- Pay: 204,000 Russian rubles a month (about 2,600 US dollars a month at the exchange "
        "rates of June 30, 2025 in this tool's table) «204 000 рублей в месяц»"
    ) in text


@pytest.mark.parametrize(
    ("template", "value", "expected"),
    [
        ("checked on {date}.", "30 июня 2025 г.", "checked on 30 июня 2025 г."),
        ("rates of {date} here", "30 июня 2025 г.", "rates of 30 июня 2025 г. here"),
        ("checked on {date}.", "June 30, 2025", "checked on June 30, 2025."),
    ],
)
def test_a_date_ending_in_a_dot_does_not_double_the_full_stop(
    template: str, value: str, expected: str
) -> None:
    from beforeyousign.i18n import translator

    assert translator("en")(template, date=value) == expected
