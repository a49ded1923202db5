"""Date extraction: Russian, English, Spanish and numeric dates, blank forms, exact spans."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beforeyousign.analysis.extract.dates import DateMention, find_dates

D = datetime.date
Row = tuple[str, datetime.date | None]

POSITIVE: list[tuple[str, list[Row]]] = [
    # --- Russian ------------------------------------------------------------------------------
    ("г. Москва «5» февраля 2024 г.", [("«5» февраля 2024 г.", D(2024, 2, 5))]),
    ("«05» февраля 2024 года", [("«05» февраля 2024 года", D(2024, 2, 5))]),
    ('"05" февраля 2024 г.', [('"05" февраля 2024 г.', D(2024, 2, 5))]),
    ("“14” марта 2024 г.", [("“14” марта 2024 г.", D(2024, 3, 14))]),
    ("5 февраля 2024", [("5 февраля 2024", D(2024, 2, 5))]),
    ("г. Самара   3 апреля 2025 г.", [("3 апреля 2025 г.", D(2025, 4, 3))]),
    ("2 сентября 2024 года", [("2 сентября 2024 года", D(2024, 9, 2))]),
    ("5-го февраля 2024 г.", [("5-го февраля 2024 г.", D(2024, 2, 5))]),
    ("1 янв. 2024", [("1 янв. 2024", D(2024, 1, 1))]),
    ("29 февраля 2024 г.", [("29 февраля 2024 г.", D(2024, 2, 29))]),
    (
        "Срок оказания услуг: с 3 июня 2025 г. по 31 августа 2025 г.",
        [("3 июня 2025 г.", D(2025, 6, 3)), ("31 августа 2025 г.", D(2025, 8, 31))],
    ),
    (
        "Указ от 21 сентября 2022 г. № 647",
        [("21 сентября 2022 г.", D(2022, 9, 21))],
    ),
    # --- numeric ------------------------------------------------------------------------------
    ("05.02.2024", [("05.02.2024", D(2024, 2, 5))]),
    ("5.2.2024", [("5.2.2024", D(2024, 2, 5))]),
    ("12.07.1999 года рождения", [("12.07.1999 года", D(1999, 7, 12))]),
    ("дата рождения: 05.05.1993", [("05.05.1993", D(1993, 5, 5))]),
    ("21.09.2001 г.", [("21.09.2001 г.", D(2001, 9, 21))]),
    ("05/02/2024", [("05/02/2024", D(2024, 2, 5))]),
    ("25/12/2024", [("25/12/2024", D(2024, 12, 25))]),
    ("02/25/2024", [("02/25/2024", D(2024, 2, 25))]),  # the second number cannot be a month
    ("5-2-2024", [("5-2-2024", D(2024, 2, 5))]),
    ("2024-02-05", [("2024-02-05", D(2024, 2, 5))]),
    ("2024/02/05", [("2024/02/05", D(2024, 2, 5))]),
    ("[03.10.2024 16:20]", [("03.10.2024", D(2024, 10, 3))]),
    ("[22.07.24, 19:05:43]", [("22.07.24", D(2024, 7, 22))]),
    ("[05/06/23, 21:12:04]", [("05/06/23", D(2023, 6, 5))]),
    ("____14.05.1997_____ года рождения", [("14.05.1997", D(1997, 5, 14))]),
    # --- English ------------------------------------------------------------------------------
    ("Date: 4 November 2024", [("4 November 2024", D(2024, 11, 4))]),
    ("5 February 2024", [("5 February 2024", D(2024, 2, 5))]),
    ("February 5, 2024", [("February 5, 2024", D(2024, 2, 5))]),
    ("Feb. 5th, 2024", [("Feb. 5th, 2024", D(2024, 2, 5))]),
    ("5th of February 2024", [("5th of February 2024", D(2024, 2, 5))]),
    ("the 5th day of February, 2024", [("5th day of February, 2024", D(2024, 2, 5))]),
    ("1 Sept 2024", [("1 Sept 2024", D(2024, 9, 1))]),
    # --- Spanish ------------------------------------------------------------------------------
    ("5 de febrero de 2024", [("5 de febrero de 2024", D(2024, 2, 5))]),
    ("05 de febrero del 2024", [("05 de febrero del 2024", D(2024, 2, 5))]),
    ("1 de septiembre de 2023", [("1 de septiembre de 2023", D(2023, 9, 1))]),
    # --- forms --------------------------------------------------------------------------------
    ("«___»__________ 20__ г.", [("«___»__________ 20__ г.", None)]),
    ("«__»______ 20__ г.", [("«__»______ 20__ г.", None)]),
    ("«___» ____________ 2024 г.", [("«___» ____________ 2024 г.", None)]),
    ("«__» февраля 2024 г.", [("«__» февраля 2024 г.", None)]),
    ("«__» февраля ____ г.", [("«__» февраля ____ г.", None)]),
    ("«5» ______ 20__", [("«5» ______ 20__", None)]),
    ("___ ____________ 20__ г.", [("___ ____________ 20__ г.", None)]),
    ("__.__.20__", [("__.__.20__", None)]),
    ("__.__.____ г.", [("__.__.____ г.", None)]),
    ("this ___ day of ______, 20__", [("___ day of ______, 20__", None)]),
    (
        "г. ____Москва_________    «_09_» __января__ 20_24_ г.",
        [("«_09_» __января__ 20_24_ г.", D(2024, 1, 9))],
    ),
    (
        "Получил: ____________ «11» марта 2024 г.",
        [("«11» марта 2024 г.", D(2024, 3, 11))],
    ),
]

NEGATIVE: list[str] = [
    "31.02.2024",  # no such day
    "30 февраля 2024 г.",
    "29.02.2023",
    "32.01.2024",
    "01.13.2024",  # dotted dates are always day first
    "13/13/2024",
    "00.01.2024",
    "01.01.1800",  # out of range
    "2024 г.",
    "1996 г.р.",
    "5 февраля",  # no year
    "Flight 9 Jan Delhi – Moscow",
    "(May–October 2025)",
    "2.1.3.",
    "1.2.3.2024",
    "v1.2.2024",
    "Подпись ______________ 2024",
    "Подпись ____ ____",
    "_____ 2024",
    "5 марта ____",
    "+971 50 123 4567",
    "10:00",
    "12 months",
    "210 000 руб.",
    "",
]


def _rows(text: str) -> list[Row]:
    return [(text[d.start : d.end], d.value) for d in find_dates(text)]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_finds_dates(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_false_dates(text: str) -> None:
    assert find_dates(text) == []


def test_raw_is_the_span() -> None:
    text = "г. Казань      «17» июня 2024 г.\n"
    (d,) = find_dates(text)
    assert d.raw == text[d.start : d.end] == "«17» июня 2024 г."
    assert d == DateMention(d.start, d.end, D(2024, 6, 17), d.raw)
    with pytest.raises(AttributeError):
        d.raw = ""  # type: ignore[misc]


ADVERSARIAL = [
    "_" * 200_000,
    "«_» " * 50_000,
    "«" * 200_000,
    "20__ " * 40_000,
    "5 февраля " * 20_000,
    "1" * 200_000,
    "1.1." * 50_000,
    "11.11." * 35_000,
    "12/" * 70_000,
    "«1» " * 50_000,
    "_1" * 100_000,
    "1 _ " * 50_000,
    "«__» февраля " * 15_000,
    "05.02.2024 " * 18_000,
    " " * 200_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: repr(t[:8]))
def test_large_adversarial_input_completes(text: str) -> None:
    for d in find_dates(text):
        assert 0 <= d.start < d.end <= len(text)


_TOKENS = [
    "1", "05", "12", "31", "2024", "20", "24", "19", " ", "  ", "\n", ".", "/", "-", ",", ":",
    "_", "__", "___", "«", "»", '"', "“", "”", "февраля", "марта", "января", "February", "Feb.",
    "de", "del", "of", "day", "г.", "года", "th", "-го",
]  # fmt: skip


def _assert_well_formed(text: str, found: list[DateMention]) -> None:
    last_end = 0
    for d in found:
        assert 0 <= d.start < d.end <= len(text)
        assert d.start >= last_end  # sorted, no overlaps
        last_end = d.end
        assert d.raw == text[d.start : d.end]
        assert d.value is None or 1900 <= d.value.year <= 2100


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_crashes_on_arbitrary_text(text: str) -> None:
    _assert_well_formed(text, find_dates(text))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=40).map("".join))
def test_never_crashes_on_date_like_text(text: str) -> None:
    _assert_well_formed(text, find_dates(text))


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)))
def test_round_trips_numeric_dates(day: datetime.date) -> None:
    text = f"от {day.day:02d}.{day.month:02d}.{day.year} и {day.isoformat()}"
    assert [d.value for d in find_dates(text)] == [day, day]
