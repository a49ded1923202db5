"""Sentences and clauses of contracts, ads and chats."""

from __future__ import annotations

import itertools
import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beforeyousign.text import segment
from beforeyousign.text.segment import Segment, clauses, sentences


def _sentences(text: str) -> list[tuple[str, str | None]]:
    return [(text[s.start : s.end], s.clause) for s in sentences(text)]


def _clauses(text: str) -> list[tuple[str, str | None]]:
    return [(text[s.start : s.end], s.clause) for s in clauses(text)]


SENTENCE_ROWS = [
    pytest.param(
        "1. Предмет контракта\n"
        "1.1. Военнослужащий обязуется проходить военную службу. Срок контракта один год.\n"
        "1.2. Контракт вступает в силу со дня подписания.",
        [
            ("1. Предмет контракта", "1"),
            ("1.1. Военнослужащий обязуется проходить военную службу.", "1.1"),
            ("Срок контракта один год.", "1.1"),
            ("1.2. Контракт вступает в силу со дня подписания.", "1.2"),
        ],
        id="numbered-clauses",
    ),
    pytest.param(
        "1.1.Настоящий договор заключен в г. Москве.\n2.1.1.выполнять приказы командиров;",
        [
            ("1.1.Настоящий договор заключен в г. Москве.", "1.1"),
            ("2.1.1.выполнять приказы командиров;", "2.1.1"),
        ],
        id="glued-numbers",
    ),
    pytest.param(
        "2.1. Военнослужащий обязан:\nа) выполнять приказы;\nб) не покидать часть без "
        "разрешения;\nв) сдать паспорт командиру.",
        [
            ("2.1. Военнослужащий обязан:", "2.1"),
            ("а) выполнять приказы;", "а"),
            ("б) не покидать часть без разрешения;", "б"),
            ("в) сдать паспорт командиру.", "в"),
        ],
        id="letter-items",
    ),
    pytest.param(
        "3.1. Работодатель хранит паспорт Работника\nдо окончания срока действия\n"
        "настоящего договора.\nРаботник не вправе расторгнуть договор.",
        [
            (
                "3.1. Работодатель хранит паспорт Работника\nдо окончания срока действия\n"
                "настоящего договора.",
                "3.1",
            ),
            ("Работник не вправе расторгнуть договор.", "3.1"),
        ],
        id="wrapped-lines-join",
    ),
    pytest.param(
        "4. Военнослужащему устанавливается денежное довольствие\n210 000 рублей в месяц.",
        [("4. Военнослужащему устанавливается денежное довольствие\n210 000 рублей в месяц.", "4")],
        id="wrapped-line-starting-with-amount",
    ),
    pytest.param(
        "Контракт заключен 01.06.2025 г. сроком на 1 год, т.е. до 01.06.2026 г.\n"
        "г. Москва\n01.06.2025 г.\n1.5 млн руб. выплачивается единовременно.",
        [
            ("Контракт заключен 01.06.2025 г. сроком на 1 год, т.е. до 01.06.2026 г.", None),
            ("г. Москва", None),
            ("01.06.2025 г.", None),
            ("1.5 млн руб. выплачивается единовременно.", None),
        ],
        id="dates-and-amounts-are-not-clause-numbers",
    ),
    pytest.param(
        "Статья 5. Срок службы\nКонтракт продлевается на период мобилизации.\n"
        "Article 6. Passport\nThe passport is kept by the unit.",
        [
            ("Статья 5. Срок службы", "5"),
            ("Контракт продлевается на период мобилизации.", "5"),
            ("Article 6. Passport", "6"),
            ("The passport is kept by the unit.", "6"),
        ],
        id="article-headings",
    ),
    pytest.param(
        "II. ОБЯЗАННОСТИ СТОРОН\nПункт 3 Работник обязан трудиться.\nКОНТРАКТ\nТекст без номера.",
        [
            ("II. ОБЯЗАННОСТИ СТОРОН", "II"),
            ("Пункт 3 Работник обязан трудиться.", "3"),
            ("КОНТРАКТ", None),
            ("Текст без номера.", None),
        ],
        id="roman-section-keyword-item-and-heading",
    ),
    pytest.param(
        "URGENT REQUIREMENT - RUSSIA\nHelpers needed for army camp in Russia. No war duty, only "
        "support work.\nSalary: Rs 1,50,000 per month. Food + accommodation free.\n"
        "Visa & ticket arranged by us, e.g. flights from Delhi. Contact Mr. Singh on WhatsApp",
        [
            ("URGENT REQUIREMENT - RUSSIA", None),
            ("Helpers needed for army camp in Russia.", None),
            ("No war duty, only support work.", None),
            ("Salary: Rs 1,50,000 per month.", None),
            ("Food + accommodation free.", None),
            ("Visa & ticket arranged by us, e.g. flights from Delhi.", None),
            ("Contact Mr. Singh on WhatsApp", None),
        ],
        id="english-ad-without-numbering",
    ),
    pytest.param(
        "The worker shall:\n(a) report to the camp;\n(b) surrender the passport.\n"
        "- free food\n- free visa",
        [
            ("The worker shall:", None),
            ("(a) report to the camp;", "a"),
            ("(b) surrender the passport.", "b"),
            ("- free food", "b"),
            ("- free visa", "b"),
        ],
        id="parenthesised-items-and-bullets",
    ),
    pytest.param(
        "2.1. Стороны обязуются соблюдать договор. 2.2. Работник обязан трудиться.",
        [
            ("2.1. Стороны обязуются соблюдать договор.", "2.1"),
            ("2.2. Работник обязан трудиться.", "2.2"),
        ],
        id="clause-number-inside-a-line",
    ),
    pytest.param(
        "привет брат\nработа есть\n\nпаспорт отдашь агенту",
        [("привет брат\nработа есть", None), ("паспорт отдашь агенту", None)],
        id="chat-blank-line-separates",
    ),
    pytest.param("", [], id="empty"),
    pytest.param("  \n\n ", [], id="whitespace-only"),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_ROWS)
def test_sentences(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert _sentences(text) == expected


CONTRACT = (
    "КОНТРАКТ\n"
    "1. Общие положения\n"
    "1.1. Военнослужащий поступает на службу.\n"
    "1.2. Срок контракта:\n"
    "а) один год;\n"
    "б) до окончания мобилизации.\n"
    "2. Обязанности\n"
    "2.1. Сдать паспорт.\n"
    "ПОДПИСИ СТОРОН\n"
    "Военнослужащий ________"
)


def test_clauses_nest_and_end_at_same_level_or_heading() -> None:
    assert _clauses(CONTRACT) == [
        (
            "1. Общие положения\n1.1. Военнослужащий поступает на службу.\n1.2. Срок "
            "контракта:\nа) один год;\nб) до окончания мобилизации.",
            "1",
        ),
        ("1.1. Военнослужащий поступает на службу.", "1.1"),
        ("1.2. Срок контракта:\nа) один год;\nб) до окончания мобилизации.", "1.2"),
        ("а) один год;", "а"),
        ("б) до окончания мобилизации.", "б"),
        ("2. Обязанности\n2.1. Сдать паспорт.", "2"),
        ("2.1. Сдать паспорт.", "2.1"),
    ]


def test_clauses_of_unnumbered_text_are_empty() -> None:
    assert clauses("Helpers needed. Salary 2000 USD.\nApply now") == []


def test_sentence_clause_follows_innermost_open_clause() -> None:
    by_text = dict(_sentences(CONTRACT))
    assert by_text["б) до окончания мобилизации."] == "б"
    assert by_text["2.1. Сдать паспорт."] == "2.1"
    assert by_text["Военнослужащий ________"] is None


def test_corpus_contract_has_expected_clauses() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared"
    path = shared / "corpus" / "dev" / "real-labour-school-cleaner.ru.txt"
    if not path.exists():
        pytest.skip("shared corpus not available")
    text = path.read_text(encoding="utf-8")
    numbers = [s.clause for s in clauses(text)]
    assert {"1", "1.1", "2.1.1", "2.1.6", "2.2"} <= set(numbers)
    first = next(s for s in sentences(text) if s.clause == "1.2")
    assert "срок действия благотворительной программы" in text[first.start : first.end]


def test_two_page_contract_segments_quickly() -> None:
    """Not a timing assertion (bench/ measures speed): a gross regression guard only."""
    page = "\n".join(
        f"{i}.{j}. Военнослужащий обязуется исполнять обязанности, т.е. приказы командиров, "
        f"в г. Москве с 01.06.2025 г.; денежное довольствие 210 тыс. руб.\nв месяц."
        for i in range(1, 9)
        for j in range(1, 7)
    )
    text = page * 2
    begin = time.perf_counter()
    found = sentences(text)
    assert time.perf_counter() - begin < 5.0
    assert len(found) >= 96


# --------------------------------------------------------------------------- properties

_STRUCTURED = st.text(
    alphabet="1234.)(аб ab\n\t-–«»:;!?ПРКТАРТИКЛЬСтатья Article IVX.,г ",
    max_size=200,
)
_TEXT = st.one_of(st.text(max_size=300), _STRUCTURED)


def _check(segments: list[Segment], text: str, *, nested: bool) -> None:
    for seg in segments:
        assert 0 <= seg.start < seg.end <= len(text)
        assert not text[seg.start].isspace() and not text[seg.end - 1].isspace()
    for a, b in itertools.pairwise(segments):
        assert a.start <= b.start
        if nested:
            assert b.end <= a.end or b.start >= a.end
        else:
            assert a.end <= b.start


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_sentences_are_sorted_disjoint_and_in_bounds(text: str) -> None:
    _check(sentences(text), text, nested=False)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_clauses_are_sorted_nested_and_in_bounds(text: str) -> None:
    _check(clauses(text), text, nested=True)


@pytest.mark.parametrize(
    "chat",
    [
        "12/01/2024, 19:53 - Amit Kumar: ok. what documents\n"
        "12/01/2024, 19:54 - Agent: Send original passport by courier to our office",
        "[03.01.24, 10:17:31] Agent Ravi: salary is 1.5 to 2 lakh per month and\n"
        "[03.01.24, 10:19:47] Agent Ravi: you go on tourist visa",
    ],
)
def test_chat_messages_never_join_the_line_before(chat: str) -> None:
    first, second = chat.split("\n")
    found = [chat[s.start : s.end] for s in sentences(chat)]
    assert not any(first in f and second in f for f in found)


# --------------------------------------------------------------------------- razdel

_RAZDEL_WORDS = (
    "a b г. т.е. т. е. руб. тыс. ул. д. Mr. Dr. И. П. Иван Москва Dubai 1 12 8.1. а) b) § i. IV."
)
_RAZDEL_PIECES = [
    *_RAZDEL_WORDS.split(),
    *".!?…;:)(]}\"'«»”’„=-—",
    *[":-)", ";)", "=((", "...", "?!", "\u00a0", "\n", "\t", " ", "  ", "\u2009", ". ", "! "],
    *["? ", "… ", ") ", '" ', "» ", ""],
]


def _razdel_texts() -> list[str]:
    rng = random.Random(5)
    texts = ["", " ", ".", ". ", " . ", "Всё.", "Один. Два.", "Cost: 5 тыс. руб. в месяц."]
    for _ in range(6000):
        texts.append("".join(rng.choice(_RAZDEL_PIECES) for _ in range(rng.randint(1, 30))))
    for path in sorted((Path(__file__).parent / "corpus").glob("*.txt")):
        texts += path.read_text("utf-8").splitlines()
    return texts


def test_sentence_spans_are_razdels_own() -> None:
    """``_razdel_splitter`` asks razdel's rules only where a sentence can end and keeps
    their answers: on any text it gives exactly the spans ``razdel.sentenize`` gives."""
    from razdel import sentenize

    split = segment._razdel_splitter()
    for text in _razdel_texts():
        assert split(text) == [(s.start, s.stop) for s in sentenize(text)], text


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=".!?…;:)(]}\"'«»”’„=- \n\tаbАB1.гр", max_size=80))
def test_sentence_spans_are_razdels_own_on_any_text(text: str) -> None:
    from razdel import sentenize

    expected = [(s.start, s.stop) for s in sentenize(text)]
    assert segment._razdel_splitter()(text) == expected
