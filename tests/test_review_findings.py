"""Rows for what a code review found: each would have misled a reader."""

from __future__ import annotations

from pathlib import Path

import pytest

import beforeyousign
from beforeyousign.i18n import translator
from beforeyousign.report.render_text import render_text


@pytest.mark.parametrize(
    ("text", "flag", "raised"),
    [
        # an exception cancels only the words it stands next to
        ("Send your original passport by courier, not a copy.", "document_retention", True),
        (
            "Паспорт работника хранится у работодателя весь срок договора, работнику выдаётся "
            "копия.",
            "document_retention",
            True,
        ),
        ("Работодатель хранит только копию паспорта.", "document_retention", False),
        ("You keep your passport at all times.", "document_retention", False),
        ("Работник не может быть уволен без его согласия.", "no_early_exit", False),
        # a fee is not pay
        ("[01.02.24, 10:00:00] Agent: Pay 5 lakh fee first for Russia job", "pay_lure", False),
        ("[01.02.24, 10:00:00] Agent: Russia job, salary 2 lakh per month", "pay_lure", True),
        # a year range is not an age range
        ("Программа 2024-26 годов для молодёжи.", "demographic_targeting", False),
        ("Девушки в возрасте 18-22 лет.", "demographic_targeting", True),
    ],
)
def test_review_rows(text: str, flag: str, raised: bool) -> None:
    assert (flag in beforeyousign.analyse_text(text).flag_ids) is raised


def test_unread_parts_are_not_a_clean_bill() -> None:
    """Arabic is outside the rules: no warning found must not read as 'no warning signs'."""
    report = beforeyousign.analyse_text("يجب تسليم جواز السفر للشركة عند الوصول إلى العمل في روسيا")
    assert report.verdict.id == "not_fully_checked"


def test_russian_law_is_cited_only_for_papers_about_russia() -> None:
    ghana = beforeyousign.analyse_text(
        "CONTRACT OF MILITARY SERVICE\nThe Ministry of Defence of the Republic of Ghana and the "
        "undersigned agree that he joins the armed forces for four years."
    )
    cited = {ref.id for f in ghana.flags for ref in f.legal}
    assert not any(ref.startswith("ru.") for ref in cited)


def test_text_quotes_replace_doc_type_quotes_when_the_paper_says_it() -> None:
    example = Path(__file__).parents[1] / "examples" / "military-contract-nepal.ru.txt"
    text = example.read_text(encoding="utf-8")
    text += "\n7. Контракт действует до окончания периода частичной мобилизации."
    report = beforeyousign.analyse_text(text)
    finding = next(f for f in report.flags if f.flag == "term_extension")
    assert not finding.implied_by_law
    assert all("мобилизации" in e.quote or "окончания" in e.quote for e in finding.evidence)


def test_direction_overrides_in_quotes_are_shown_not_obeyed() -> None:
    report = beforeyousign.analyse_text("Паспорт\u202e сдается на хранение работодателю.")
    assert "\u202e" not in render_text(report, translator("en"))


def test_bytearray_input_is_accepted() -> None:
    report = beforeyousign.analyse(bytearray("Паспорт хранится у работодателя.".encode()))
    assert "document_retention" in report.flag_ids


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("No experience needed. Drivers wanted for a farm in Kent.", "Drivers"),
        ("Medical certificate required. Salary 900 USD.", None),
    ],
)
def test_role_is_a_job_not_a_requirement(text: str, role: str | None) -> None:
    terms = {t.name: t for t in beforeyousign.analyse_text(text).terms}
    assert (terms["role"].evidence.quote if terms["role"].evidence else None) == role


def test_a_quote_inside_another_is_not_repeated() -> None:
    example = Path(__file__).parents[1] / "examples" / "military-contract-nepal.ru.txt"
    report = beforeyousign.analyse(example)
    for finding in report.flags:
        spans = [(e.start, e.end) for e in finding.evidence]
        for a in spans:
            assert not any(b != a and b[0] <= a[0] and a[1] <= b[1] for b in spans)


@pytest.mark.parametrize(("tag", "ok"), [("ru", True), ("pt-BR", True), ("ru_RU.UTF-8", True),
                                         ("русский", False), ("Nepali", False)])  # fmt: skip
def test_language_tags(tag: str, ok: bool) -> None:
    from beforeyousign.i18n import is_language_tag

    assert is_language_tag(tag) is ok


def test_a_table_row_reads_as_one_statement() -> None:
    """«Паспорт работника» | «Хранится у Работодателя…» in two cells of one DOCX row."""
    from filemakers import make_docx

    data = make_docx(
        ["ТРУДОВОЙ ДОГОВОР № 5", "Работник обязуется выполнять работы."],
        [["Паспорт работника", "Хранится у Работодателя на весь срок договора"]],
    )
    report = beforeyousign.analyse(data, name="contract.docx")
    finding = next(f for f in report.flags if f.flag == "document_retention")
    assert finding.evidence[0].location.kind == "table_cell"


def test_a_clause_over_a_page_break_with_a_page_number_reads_whole() -> None:
    from filemakers import make_pdf

    data = make_pdf(
        [
            "ТРУДОВОЙ ДОГОВОР\n1. Работник обязуется выполнять работы.\n"
            "2. Паспорт работника на весь срок договора\nСтраница 1 из 2",
            "передается на хранение работодателю.\n3. Прочие условия.",
        ]
    )
    report = beforeyousign.analyse(data, name="contract.pdf")
    assert "document_retention" in report.flag_ids
