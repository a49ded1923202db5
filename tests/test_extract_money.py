"""Money extraction: amounts, currencies, periods, one-off payments, and exact spans."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beforeyousign.analysis.extract.money import Money, find_money

Row = tuple[str, Decimal | int | str, str, str | None, bool]

POSITIVE: list[tuple[str, list[Row]]] = [
    # --- Russian: multipliers, separators, currency words --------------------------------------
    ("Зарплата 290 тыс. руб.", [("290 тыс. руб.", 290000, "RUB", None, False)]),
    (
        "единовременная выплата 2,3 млн рублей при заключении контракта",
        [("2,3 млн рублей", 2300000, "RUB", None, True)],
    ),
    ("оклад 210 000 руб.", [("210 000 руб.", 210000, "RUB", None, False)]),
    ("сумма 2.300.000 руб.", [("2.300.000 руб.", 2300000, "RUB", None, False)]),
    ("ежемесячно от 210 000 ₽;", [("210 000 ₽", 210000, "RUB", "month", False)]),
    ("штраф 100 000 рублей", [("100 000 рублей", 100000, "RUB", None, False)]),
    ("стоимость 5 000 р. за всё", [("5 000 р.", 5000, "RUB", None, False)]),
    ("1 000,50 руб.", [("1 000,50 руб.", "1000.5", "RUB", None, False)]),
    ("50000руб", [("50000руб", 50000, "RUB", None, False)]),
    ("210\u00a0000 руб.", [("210\u00a0000 руб.", 210000, "RUB", None, False)]),  # NBSP kept
    ("1\u202f450 €", [("1\u202f450 €", 1450, "EUR", None, False)]),  # narrow NBSP
    ("3 миллиона рублей", [("3 миллиона рублей", 3000000, "RUB", None, False)]),
    ("до 10 млн рублей", [("10 млн рублей", 10000000, "RUB", None, False)]),
    ("95 тысяч рублей", [("95 тысяч рублей", 95000, "RUB", None, False)]),
    ("150 т.р. в месяц", [("150 т.р. в месяц", 150000, "RUB", "month", False)]),
    ("зп 150тр", [("150тр", 150000, "RUB", None, False)]),
    ("500 долларов США", [("500 долларов", 500, "USD", None, False)]),
    ("300 евро", [("300 евро", 300, "EUR", None, False)]),
    ("1 000 белорусских рублей", [("1 000 белорусских рублей", 1000, "BYN", None, False)]),
    ("50 000 тенге", [("50 000 тенге", 50000, "KZT", None, False)]),
    # spelled-out repeats and kopecks
    (
        "оклад в размере 68 000 (шестьдесят восемь тысяч) рублей в месяц.",
        [("68 000 (шестьдесят восемь тысяч) рублей в месяц", 68000, "RUB", "month", False)],
    ),
    (
        "единовременная выплата в размере 195 000 (сто девяносто пять тысяч) рублей 00 копеек",
        [
            (
                "195 000 (сто девяносто пять тысяч) рублей 00 копеек",
                195000,
                "RUB",
                None,
                True,
            )
        ],
    ),
    ("100 000 руб. 50 коп.", [("100 000 руб. 50 коп.", "100000.5", "RUB", None, False)]),
    # periods after the amount
    ("65 000 рублей в месяц", [("65 000 рублей в месяц", 65000, "RUB", "month", False)]),
    ("250 тыс. руб./мес.", [("250 тыс. руб./мес.", 250000, "RUB", "month", False)]),
    ("700 руб./сутки", [("700 руб./сутки", 700, "RUB", "day", False)]),
    ("5 000 рублей в неделю", [("5 000 рублей в неделю", 5000, "RUB", "week", False)]),
    ("3 000 000 рублей в год", [("3 000 000 рублей в год", 3000000, "RUB", "year", False)]),
    ("500 руб. в час", [("500 руб. в час", 500, "RUB", "hour", False)]),
    ("40 000 рублей ежемесячно", [("40 000 рублей ежемесячно", 40000, "RUB", "month", False)]),
    # periods and one-offs before the amount
    (
        "Ежемесячное вознаграждение составляет 220 000 рублей",
        [("220 000 рублей", 220000, "RUB", "month", False)],
    ),
    ("подъёмные 50 000 ₽", [("50 000 ₽", 50000, "RUB", None, True)]),
    ("единовременно 100 000 руб.", [("100 000 руб.", 100000, "RUB", None, True)]),
    ("100 000 руб. единовременно", [("100 000 руб.", 100000, "RUB", None, True)]),
    ("годовой доход 1 200 000 руб.", [("1 200 000 руб.", 1200000, "RUB", "year", False)]),
    # Russian multipliers without a currency, in a sentence about pay
    ("280к в месяц", [("280к в месяц", 280000, "RUB", "month", False)]),
    ("грузчик, 95 тысяч в месяц", [("95 тысяч в месяц", 95000, "RUB", "month", False)]),
    ("подъёмные 1,5 млн сразу", [("1,5 млн", 1500000, "RUB", None, True)]),
    ("зарплата 200 тыс.", [("200 тыс.", 200000, "RUB", None, False)]),
    # ranges
    (
        "от 200 до 250 тыс. руб.",
        [("200", 200000, "RUB", None, False), ("250 тыс. руб.", 250000, "RUB", None, False)],
    ),
    (
        "зарплата 90–110 тыс. руб.;",
        [("90", 90000, "RUB", None, False), ("110 тыс. руб.", 110000, "RUB", None, False)],
    ),
    (
        "от 200 000 до 250 000 рублей в месяц",
        [
            ("200 000", 200000, "RUB", "month", False),
            ("250 000 рублей в месяц", 250000, "RUB", "month", False),
        ],
    ),
    (
        "$600-800 per month",
        [("$600", 600, "USD", "month", False), ("800 per month", 800, "USD", "month", False)],
    ),
    (
        "Salary: ₹1,80,000 – ₹2,00,000 per month",
        [
            ("₹1,80,000", 180000, "INR", "month", False),
            ("₹2,00,000 per month", 200000, "INR", "month", False),
        ],
    ),
    (
        "1.5 to 2 lakh per month",
        [
            ("1.5", 150000, "INR", "month", False),
            ("2 lakh per month", 200000, "INR", "month", False),
        ],
    ),
    (
        "от 200 000 до 250 тыс. руб.",  # the lower end keeps its own size
        [("200 000", 200000, "RUB", None, False), ("250 тыс. руб.", 250000, "RUB", None, False)],
    ),
    # --- English and Indian formats -------------------------------------------------------------
    ("Rs 1.5 lakh", [("Rs 1.5 lakh", 150000, "INR", None, False)]),
    ("Rs 1,50,000", [("Rs 1,50,000", 150000, "INR", None, False)]),
    ("Rs. 15,000/- per month", [("Rs. 15,000/- per month", 15000, "INR", "month", False)]),
    ("INR 12,00,000", [("INR 12,00,000", 1200000, "INR", None, False)]),
    ("charges 3.5 lakh total", [("3.5 lakh", 350000, "INR", None, False)]),
    ("Rs 2 crore", [("Rs 2 crore", 20000000, "INR", None, False)]),
    ("5 lakh rupees", [("5 lakh rupees", 500000, "INR", None, False)]),
    ("Pay $650", [("$650", 650, "USD", None, False)]),
    ("US$ 650 a month", [("US$ 650 a month", 650, "USD", "month", False)]),
    ("USD 9,000", [("USD 9,000", 9000, "USD", None, False)]),
    ("USD9,000", [("USD9,000", 9000, "USD", None, False)]),
    ("Salary 2,200 USD per month", [("2,200 USD per month", 2200, "USD", "month", False)]),
    ("800 dollar per month", [("800 dollar per month", 800, "USD", "month", False)]),
    ("$1.5k", [("$1.5k", 1500, "USD", None, False)]),
    ("$1,234.56", [("$1,234.56", "1234.56", "USD", None, False)]),
    ("1 450 euros", [("1 450 euros", 1450, "EUR", None, False)]),
    ("€1.500 al mes", [("€1.500 al mes", 1500, "EUR", "month", False)]),
    ("EUR 2,000 monthly", [("EUR 2,000 monthly", 2000, "EUR", "month", False)]),
    ("£12.21 per hour", [("£12.21 per hour", "12.21", "GBP", "hour", False)]),
    ("£60 per week", [("£60 per week", 60, "GBP", "week", False)]),
    ("7 lakh NPR. Next", [("7 lakh NPR", 700000, "NPR", None, False)]),
    ("NRs. 50000 monthly", [("NRs. 50000 monthly", 50000, "NPR", "month", False)]),
    ("50,000 Nepali rupees", [("50,000 Nepali rupees", 50000, "NPR", None, False)]),
    ("600,000 LKR monthly", [("600,000 LKR monthly", 600000, "LKR", "month", False)]),
    ("Salary 2,000 AED per month", [("2,000 AED per month", 2000, "AED", "month", False)]),
    ("RM 1,700 per month", [("RM 1,700 per month", 1700, "MYR", "month", False)]),
    ("28 PLN gross per hour", [("28 PLN gross per hour", 28, "PLN", "hour", False)]),
    ("2,000,000 RUB", [("2,000,000 RUB", 2000000, "RUB", None, False)]),
    ("210,000 roubles", [("210,000 roubles", 210000, "RUB", None, False)]),
    ("$5,000 a year", [("$5,000 a year", 5000, "USD", "year", False)]),
    ("$20 per day", [("$20 per day", 20, "USD", "day", False)]),
    ("Signing bonus: 2,000,000 RUB", [("2,000,000 RUB", 2000000, "RUB", None, True)]),
    ("one-time payment of $5,000", [("$5,000", 5000, "USD", None, True)]),
    ("a joining bonus of USD 1,000", [("USD 1,000", 1000, "USD", None, True)]),
    ("1,000,000 LKR bonus when you sign", [("1,000,000 LKR", 1000000, "LKR", None, True)]),
    ("Monthly pay: from 200,000 RUB.", [("200,000 RUB", 200000, "RUB", "month", False)]),
    # --- Spanish --------------------------------------------------------------------------------
    (
        "Pago único de 2 000 000 de rublos al firmar",
        [("2 000 000 de rublos", 2000000, "RUB", None, True)],
    ),
    ("200 000 rublos al mes", [("200 000 rublos al mes", 200000, "RUB", "month", False)]),
    ("2 500 dólares mensuales", [("2 500 dólares mensuales", 2500, "USD", "month", False)]),
    ("Bono de 195 000 rublos al firmar", [("195 000 rublos", 195000, "RUB", None, True)]),
    (
        "38 000 pesos dominicanos al mes",
        [("38 000 pesos dominicanos al mes", 38000, "DOP", "month", False)],
    ),
    ("1.234,56 €", [("1.234,56 €", "1234.56", "EUR", None, False)]),
    ("3 millones de rublos", [("3 millones de rublos", 3000000, "RUB", None, False)]),
    # a one-off with no currency of its own borrows the sentence's
    (
        "204 000 rublos al mes, más un bono de 195 000 al firmar.",
        [
            ("204 000 rublos al mes", 204000, "RUB", "month", False),
            ("195 000", 195000, "RUB", None, True),
        ],
    ),
    # several amounts in one sentence keep their own context
    (
        "Единовременная выплата 195 000 руб., ежемесячно 210 000 руб.",
        [
            ("195 000 руб.", 195000, "RUB", None, True),
            ("210 000 руб.", 210000, "RUB", "month", False),
        ],
    ),
    (
        "salary 210 000 rub в месяц + единовременная выплата 1 200 000 рублей",
        [
            ("210 000 rub в месяц", 210000, "RUB", "month", False),
            ("1 200 000 рублей", 1200000, "RUB", None, True),
        ],
    ),
]

NEGATIVE: list[str] = [
    "Call +971 50 123 4567",
    "Тел. 8 800 555 35 35",
    "+7 (999) 123-45-67",
    "Age 20-40",
    "возраст от 18 до 45 лет",
    "2.1.3. Оплата труда",
    "п. 3.2 контракта",
    "2024 г.",
    "1990 г.р.",
    "в 2024 году",
    "05.02.2024",
    "2024-02-05",
    "паспорт 45 12 345678",
    "passport no. 11908342",
    "ИНН 5405123456",
    "15% от суммы",
    "доплата 4 %",
    "Article 5",
    "статья 337",
    "войсковая часть 12345",
    "Tomorrow 9:00",
    "10th pass / 12th pass",
    "hrs 40",
    "50 тыс. километров",  # a Russian multiplier, but nothing about pay
    "2 раза в месяц",
    "40 hours per week",
    "1 (один) год",
    "сумма прописью",
    "",
]


def _check(text: str, expected: list[Row]) -> None:
    found = find_money(text)
    got = [(text[m.start : m.end], m.amount, m.currency, m.period, m.one_time) for m in found]
    want = [(s, Decimal(str(a)), c, p, o) for s, a, c, p, o in expected]
    assert got == want


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_finds_money(text: str, expected: list[Row]) -> None:
    _check(text, expected)


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_false_money(text: str) -> None:
    assert find_money(text) == []


def test_amounts_are_whole_when_whole() -> None:
    (m,) = find_money("2,3 млн рублей")
    assert m.amount == Decimal(2300000)
    assert str(m.amount) == "2300000"


def test_money_is_frozen() -> None:
    (m,) = find_money("$650")
    assert isinstance(m, Money)
    with pytest.raises(AttributeError):
        m.amount = Decimal(1)  # type: ignore[misc]


def test_offsets_point_into_longer_text() -> None:
    text = "1.1. Оклад.\n2.1. Работнику устанавливается оклад 68 000 рублей в месяц.\n"
    (m,) = find_money(text)
    assert text[m.start : m.end] == "68 000 рублей в месяц"
    assert m.start == text.index("68 000")


ADVERSARIAL = [
    "1 " * 100_000,
    "рублей " * 30_000,
    "1" * 200_000,
    "1," * 100_000,
    "1.1." * 50_000,
    "111 " * 50_000,
    "$" * 200_000,
    "(" * 200_000,
    "(один " * 40_000,
    "1-" * 100_000,
    "1k " * 70_000,
    "Rs " * 70_000,
    "1 000 руб. " * 18_000,
    " " * 200_000,
    "_1" * 100_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: repr(t[:8]))
def test_large_adversarial_input_completes(text: str) -> None:
    found = find_money(text)
    for m in found:
        assert 0 <= m.start < m.end <= len(text)


_TOKENS = [
    "1", "0", "12", "200", " ", "  ", "\n", ".", ",", "-", "–", "/", "/-", "(", ")", "%", "+",
    "000", " 000", ",00", ".5", "тыс.", "млн", "руб.", "рублей", "р.", "₽", "к", "k", "$",
    "US$", "USD", "Rs", "Rs.", "₹", "lakh", "crore", "€", "euros", "NPR", "de", "от", "до",
    "to", "в месяц", "per month", "/мес.", "al mes", "единовременная выплата", "bono",
    "(двести тысяч)", "00 коп.", "т.р.", "a", "р",
]  # fmt: skip


def _assert_well_formed(text: str, found: list[Money]) -> None:
    last_end = 0
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= last_end  # sorted, no overlaps
        last_end = m.end
        assert m.amount >= 0
        assert m.period in (None, "month", "year", "week", "day", "hour")
        assert len(m.currency) == 3 and m.currency.isupper()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_crashes_on_arbitrary_text(text: str) -> None:
    _assert_well_formed(text, find_money(text))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=40).map("".join))
def test_never_crashes_on_money_like_text(text: str) -> None:
    _assert_well_formed(text, find_money(text))
