"""Duration extraction: values, units, open-ended terms, and exact spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beforeyousign.analysis.extract.duration import Duration, find_durations

Row = tuple[str, int, str, bool]

POSITIVE: list[tuple[str, list[Row]]] = [
    # --- Russian: digits, spelled-out repeats, number words in every case ----------------------
    ("сроком на 1 (один) год", [("1 (один) год", 1, "year", False)]),
    ("в течение одного года", [("одного года", 1, "year", False)]),
    ("на 6 месяцев", [("6 месяцев", 6, "month", False)]),
    ("на 3 (три) месяца", [("3 (три) месяца", 3, "month", False)]),
    ("Контракт заключается на срок 4 (четыре) года.", [("4 (четыре) года", 4, "year", False)]),
    ("на 6 (шесть) месяцев", [("6 (шесть) месяцев", 6, "month", False)]),
    ("в течение 1 года", [("1 года", 1, "year", False)]),
    ("в течение __1 (одного)__ года ____", [("1 (одного)__ года", 1, "year", False)]),
    ("двенадцать месяцев", [("двенадцать месяцев", 12, "month", False)]),
    ("в течение двенадцати месяцев", [("двенадцати месяцев", 12, "month", False)]),
    ("срок контракта — один год", [("один год", 1, "year", False)]),
    ("по одному году", [("одному году", 1, "year", False)]),
    ("два года", [("два года", 2, "year", False)]),
    ("в течение двух лет", [("двух лет", 2, "year", False)]),
    ("не менее трёх лет", [("трёх лет", 3, "year", False)]),
    ("не менее трех месяцев", [("трех месяцев", 3, "month", False)]),
    ("шесть месяцев", [("шесть месяцев", 6, "month", False)]),
    ("после шести месяцев", [("шести месяцев", 6, "month", False)]),
    ("двадцать четыре месяца", [("двадцать четыре месяца", 24, "month", False)]),
    ("пять лет", [("пять лет", 5, "year", False)]),
    ("за две недели", [("две недели", 2, "week", False)]),
    ("за один месяц до увольнения", [("один месяц", 1, "month", False)]),
    ("28 календарных дней", [("28 календарных дней", 28, "day", False)]),
    ("в течение 10 рабочих дней", [("10 рабочих дней", 10, "day", False)]),
    ("Смены по 21 день", [("21 день", 21, "day", False)]),
    ("в течение 3 дней", [("3 дней", 3, "day", False)]),
    ("трое суток", []),  # collective numerals are not covered
    ("3 суток", [("3 суток", 3, "day", False)]),
    ("12 мес.", [("12 мес.", 12, "month", False)]),
    ("6мес", [("6мес", 6, "month", False)]),
    ("Гражданство РФ через 1 год работы.", [("1 год", 1, "year", False)]),
    # halves and adjectives
    ("полгода", [("полгода", 6, "month", False)]),
    ("в течение полугода", [("полугода", 6, "month", False)]),
    ("полтора года", [("полтора года", 18, "month", False)]),
    ("в течение полутора лет", [("полутора лет", 18, "month", False)]),
    ("1,5 года", [("1,5 года", 18, "month", False)]),
    ("годичный контракт", [("годичный", 1, "year", False)]),
    ("одногодичный контракт", [("одногодичный", 1, "year", False)]),
    ("двухгодичный курс", [("двухгодичный", 2, "year", False)]),
    ("трёхлетний контракт", [("трёхлетний", 3, "year", False)]),
    ("шестимесячный срок", [("шестимесячный", 6, "month", False)]),
    ("полугодовой контракт", [("полугодовой", 6, "month", False)]),
    # an implied one
    ("контракт на год", [("на год", 1, "year", False)]),
    ("в течение года", [("в течение года", 1, "year", False)]),
    ("на месяц", [("на месяц", 1, "month", False)]),
    # ranges
    ("от 3 до 6 месяцев", [("3", 3, "month", False), ("6 месяцев", 6, "month", False)]),
    ("от 1 до 3 лет", [("1", 1, "year", False), ("3 лет", 3, "year", False)]),
    # --- English ------------------------------------------------------------------------------
    ("for a period of 12 months", [("12 months", 12, "month", False)]),
    ("a one-year contract", [("one-year", 1, "year", False)]),
    ("a 6-month contract", [("6-month", 6, "month", False)]),
    ("12-month contract", [("12-month", 12, "month", False)]),
    ("Contract: 2 years", [("2 years", 2, "year", False)]),
    ("direct contract, 1 year", [("1 year", 1, "year", False)]),
    ("concluded for six months.", [("six months", 6, "month", False)]),
    ("twenty-four months", [("twenty-four months", 24, "month", False)]),
    ("two (2) years", [("two (2) years", 2, "year", False)]),
    ("3 yrs", [("3 yrs", 3, "year", False)]),
    ("1.5 years", [("1.5 years", 18, "month", False)]),
    ("2 weeks' notice", [("2 weeks", 2, "week", False)]),
    ("one month's notice", [("one month", 1, "month", False)]),
    ("30 calendar days", [("30 calendar days", 30, "day", False)]),
    ("for a year", [("for a year", 1, "year", False)]),
    ("half a year", [("half a year", 6, "month", False)]),
    ("a year and a half", [("a year and a half", 18, "month", False)]),
    ("6-12 months", [("6", 6, "month", False), ("12 months", 12, "month", False)]),
    ("from 1 to 2 years", [("1", 1, "year", False), ("2 years", 2, "year", False)]),
    # --- Spanish ------------------------------------------------------------------------------
    ("Contrato de 6 meses", [("6 meses", 6, "month", False)]),
    ("Contrato de un año con el Ministerio", [("un año", 1, "year", False)]),
    ("Contrato de 1 año", [("1 año", 1, "year", False)]),
    ("dos años", [("dos años", 2, "year", False)]),
    ("doce meses", [("doce meses", 12, "month", False)]),
    ("treinta y seis meses", [("treinta y seis meses", 36, "month", False)]),
    ("Preaviso de 14 días", [("14 días", 14, "day", False)]),
    ("una semana", [("una semana", 1, "week", False)]),
    ("medio año", [("medio año", 6, "month", False)]),
    ("un año y medio", [("un año y medio", 18, "month", False)]),
    # --- open-ended terms ---------------------------------------------------------------------
    ("Договор заключается на неопределённый срок.", [("на неопределённый срок", 0, "", True)]),
    ("на неопределенный срок", [("на неопределенный срок", 0, "", True)]),
    ("Срок договора — неопределённый", [("неопределённый", 0, "", True)]),
    ("бессрочный контракт", [("бессрочный", 0, "", True)]),
    (
        "контракт продолжает свое действие до окончания периода частичной мобилизации",
        [("до окончания периода частичной мобилизации", 0, "", True)],
    ),
    (
        "до завершения специальной военной операции",
        [("до завершения специальной военной операции", 0, "", True)],
    ),
    ("до окончания СВО", [("до окончания СВО", 0, "", True)]),
    (
        "на период проведения специальной военной операции",
        [("на период проведения специальной военной операции", 0, "", True)],
    ),
    (
        "продлевается до завершения выполнения задач, поставленных отряду",
        [("до завершения выполнения задач", 0, "", True)],
    ),
    ("до особого распоряжения", [("до особого распоряжения", 0, "", True)]),
    ("for an indefinite period", [("indefinite period", 0, "", True)]),
    (
        "until the end of the special military operation.",
        [("until the end of the special military operation", 0, "", True)],
    ),
    (
        "the contract stays in force until they are completed",
        [("until they are completed", 0, "", True)],
    ),
    ("until further notice", [("until further notice", 0, "", True)]),
    (
        "for the duration of the war",
        [("for the duration of the war", 0, "", True)],
    ),
    ("por tiempo indefinido", [("por tiempo indefinido", 0, "", True)]),
    ("hasta el final de la guerra", [("hasta el final de la guerra", 0, "", True)]),
    # both a term and an open-ended extension
    (
        "Контракт заключается на срок 6 (шесть) месяцев и продлевается до окончания СВО.",
        [("6 (шесть) месяцев", 6, "month", False), ("до окончания СВО", 0, "", True)],
    ),
    (
        "на 1 (один) год. Контракт продолжает действие до окончания периода частичной мобилизации",
        [
            ("1 (один) год", 1, "year", False),
            ("до окончания периода частичной мобилизации", 0, "", True),
        ],
    ),
]

NEGATIVE: list[str] = [
    "5 февраля 2024 года",  # a date, not 2024 years
    "«5» февраля 2024 г.",
    "в 2024 году",
    "05.02.2024",
    "1996 г.р.",
    "Article 5",
    "статья 5",
    "п. 2.1.3.",
    "Age 20-40",
    "Age: 18–45 years",
    "возраст от 18 до 60 лет",
    "в возрасте от 18 до 55 лет",
    "HOMBRES DE 18 A 45 AÑOS",
    "Дети 10–15 лет",
    "студентов от 18 лет",
    "25 years old",
    "a 25-year-old man",
    "200 000 рублей в год",  # a rate, not a length
    "$5000 a year",
    "per year",
    "ежемесячно",
    "месячный оклад",
    "пятидневная рабочая неделя",
    "2 раза в месяц",
    "один раз",
    "until the end of the contract",
    "until the end of the month",
    "0 месяцев",
    "999 лет",
    "the first year",
    "",
]


def _rows(text: str) -> list[Row]:
    return [(text[d.start : d.end], d.value, d.unit, d.indefinite) for d in find_durations(text)]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_finds_durations(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_false_durations(text: str) -> None:
    assert find_durations(text) == []


def test_duration_defaults_and_frozen() -> None:
    (d,) = find_durations("на 6 месяцев")
    assert d == Duration(d.start, d.end, 6, "month")
    assert d.indefinite is False
    with pytest.raises(AttributeError):
        d.value = 7  # type: ignore[misc]


def test_offsets_point_into_longer_text() -> None:
    text = "1.1. Предмет.\n1.2. Военнослужащий поступает на службу сроком на 1 (один) год.\n"
    (d,) = find_durations(text)
    assert d.start == text.index("1 (один)")
    assert text[d.start : d.end] == "1 (один) год"


ADVERSARIAL = [
    "1 " * 100_000,
    "один " * 40_000,
    "1" * 200_000,
    "_" * 200_000,
    "1 _ " * 50_000,
    "_1" * 100_000,
    "(" * 200_000,
    "(один " * 40_000,
    "1-" * 100_000,
    "until the end of " * 12_000,
    "до окончания " * 15_000,
    "неопределённый " * 13_000,
    "1 (один) год " * 15_000,
    " " * 200_000,
    "лет " * 50_000,
    "twenty-" * 28_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: repr(t[:8]))
def test_large_adversarial_input_completes(text: str) -> None:
    for d in find_durations(text):
        assert 0 <= d.start < d.end <= len(text)


_TOKENS = [
    "1", "6", "12", "2024", "18", " ", "  ", "\n", "_", "__", ".", ",", "-", "–", "(", ")",
    "(один)", "один", "одного", "двенадцати", "twenty", "-four", "y", "seis", "год", "года",
    "лет", "месяцев", "мес.", "year", "years", "month", "months", "año", "meses", "недели",
    "дней", "календарных", "на", "в течение", "for a", "от", "до", "to", "полгода",
    "полтора", "годичный", "трёх", "летний", "неопределённый срок", "до окончания",
    "периода частичной мобилизации", "until the end of", "the", "war", "age", "возрасте",
    "old", "февраля",
]  # fmt: skip


def _assert_well_formed(text: str, found: list[Duration]) -> None:
    last_end = 0
    for d in found:
        assert 0 <= d.start < d.end <= len(text)
        assert d.start >= last_end  # sorted, no overlaps
        last_end = d.end
        if d.indefinite:
            assert (d.value, d.unit) == (0, "")
        else:
            assert d.value > 0
            assert d.unit in ("year", "month", "week", "day")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_crashes_on_arbitrary_text(text: str) -> None:
    _assert_well_formed(text, find_durations(text))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=40).map("".join))
def test_never_crashes_on_duration_like_text(text: str) -> None:
    _assert_well_formed(text, find_durations(text))
