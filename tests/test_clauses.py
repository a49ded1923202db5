"""Clause-by-clause reading: each numbered clause's type and its plain sentence.

Table-driven rows (one clause in a small contract, Russian and English, a positive and a
negative row per type), heading inheritance, numbered versus unnumbered papers, the real
contracts of the corpora, the JSON form, and properties that hold for any text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import beforeyousign
from beforeyousign.analysis.clauses import CLAUSE_TYPES, QUOTE_CHARS, ClauseReading, load_cues
from beforeyousign.errors import EmptyInput, RulePackError
from beforeyousign.i18n import translator
from beforeyousign.ingest import ingest_path, ingest_text
from beforeyousign.pipeline import run_document
from beforeyousign.report.model import Report
from beforeyousign.report.render_json import report_dict
from beforeyousign.report.render_text import clause_text, render_text

ROOT = Path(__file__).resolve().parents[1]
DEV_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
PROJECT_CORPUS = ROOT / "tests" / "corpus"
SCHEMA_PATH = ROOT / "docs" / "report.schema.json"
CONTRACTS = sorted(DEV_CORPUS.glob("*contract*.txt")) + sorted(PROJECT_CORPUS.glob("*contract*"))
CIVILIAN = [
    DEV_CORPUS / "real-labour-school-cleaner.ru.txt",
    DEV_CORPUS / "real-services-teaching.ru.txt",
    DEV_CORPUS / "real-police-service-form.ru.txt",
]
UNNUMBERED = {"mil-contract-syria-1.ru.txt", "mil-contract-tajik-extract.ru.txt"}
needs_dev_corpus = pytest.mark.skipif(not DEV_CORPUS.is_dir(), reason="no dev corpus")
EN = translator("en")

RU_CONTRACT = (
    "ДОГОВОР № 1\n\n"
    "ООО «Ромашка» и гражданин Иванов И.И. заключили настоящий договор о нижеследующем.\n\n"
    "1. {clause}\n"
    "2. Прочие условия.\n"
)
EN_CONTRACT = (
    "CONTRACT OF EMPLOYMENT\n\n"
    "Harbour View Hotel Ltd, hereinafter the Employer, and Mr. Kumar, hereinafter the "
    "Employee, have concluded this contract as follows.\n\n"
    "1. {clause}\n"
    "2. Final provisions.\n"
)


def read(text: str) -> tuple[ClauseReading, ...]:
    return beforeyousign.analyse_text(text).clauses


def by_number(clauses: tuple[ClauseReading, ...]) -> dict[str, ClauseReading]:
    return {c.number: c for c in clauses}


def english(clause: ClauseReading) -> str:
    return clause_text(clause, EN)


# --- one clause, one type --------------------------------------------------------------------

TYPE_ROWS = [
    # term: the contract's own length; leave is not a term
    ("ru", "Контракт заключается на срок 1 (один) год.", "term"),
    ("ru", "Договор вступает в силу со дня подписания.", "term"),
    ("ru", "Работнику предоставляется отпуск 28 календарных дней.", "other"),
    ("en", "The contract is concluded for six months.", "term"),
    ("en", "The Employee is entitled to 28 days of annual leave.", "other"),
    # pay; paid leave is about leave
    ("ru", "Заработная плата составляет 50 000 рублей в месяц.", "pay"),
    ("ru", "Работнику предоставляется ежегодный оплачиваемый отпуск.", "other"),
    ("en", "The Employee receives a monthly salary of 1,200 USD.", "pay"),
    # exit; changing the terms is not ending them
    ("ru", "Работник вправе расторгнуть договор, предупредив работодателя за две недели.", "exit"),
    ("ru", "Условия договора могут быть изменены по соглашению сторон.", "other"),
    ("en", "The Employee may not terminate this contract before its end.", "exit"),
    # documents
    ("ru", "Паспорт работника хранится у работодателя.", "documents"),
    ("en", "The Employer keeps the Employee's passport for safekeeping.", "documents"),
    # deployment; settling disputes names no place
    ("ru", "Место работы: г. Казань, ул. Ленина, д. 5.", "deployment"),
    ("ru", "Стороны решают споры путём переговоров.", "other"),
    ("en", "Place of work: Harbour View Hotel, Dubai.", "deployment"),
    ("en", "Any dispute shall be settled by negotiation.", "other"),
    # liability
    (
        "ru",
        "За нарушение дисциплины работник несёт ответственность и уплачивает штраф.",
        "liability",
    ),
    ("en", "Leaving the workplace without permission is punishable by a fine.", "liability"),
    # signature; «при подписании» is about something else
    ("ru", "С условиями договора ознакомлен, содержание мне разъяснено и понятно.", "signature"),
    ("ru", "При подписании договора стороны согласуют календарный план.", "other"),
    ("en", "I have read and understood this contract.", "signature"),
    # parties
    ("ru", "Адреса и реквизиты сторон.", "parties"),
    ("en", "Addresses and details of the parties.", "parties"),
    # duties
    ("ru", "Работник обязуется соблюдать трудовую дисциплину.", "duties"),
    ("en", "The Employee undertakes to obey the orders of the supervisor.", "duties"),
]


@pytest.mark.parametrize(("language", "clause", "expected"), TYPE_ROWS)
def test_clause_type(language: str, clause: str, expected: str) -> None:
    template = RU_CONTRACT if language == "ru" else EN_CONTRACT
    clauses = by_number(read(template.format(clause=clause)))
    assert clauses["1"].type == expected
    assert clauses["1"].interpreted == (expected != "other")
    assert clauses["2"].type == "other"


# fmt: off
READING_ROWS = [
    # a minimum is still a promise; a denied payment is not
    ("ru", "Денежное довольствие не менее 210 000 рублей в месяц.",
     "You are promised 210,000 Russian rubles a month."),
    ("ru", "Работнику не выплачивается 50 000 рублей в месяц.",
     "This clause is about money: it names 50,000 Russian rubles."),
    # values that were extracted, in words; nothing invented where none was
    ("ru", "Трудовой договор заключается на срок 6 месяцев.", "You agree to work for 6 months."),
    (
        "ru",
        "Заработная плата составляет 50 000 рублей в месяц.",
        "You are promised 50,000 Russian rubles a month.",
    ),
    (
        "ru",
        "Заработная плата выплачивается два раза в месяц.",
        "This clause is about pay or what you are given. This tool found no amount in it.",
    ),
    (
        "ru",
        "Заработная плата составляет ______ рублей в месяц.",
        "This clause is about pay, but the amount is left blank. Do not sign until it is filled "
        "in.",
    ),
    (
        "ru",
        "Договор заключается на срок __________.",
        "This clause is about how long the contract lasts, but the length or date is left blank. "
        "Do not sign until it is filled in.",
    ),
    (
        "ru",
        "Работник вправе расторгнуть договор, предупредив работодателя за две недели.",
        "This clause is about ending the contract: you can end it by telling the other side 2 "
        "weeks in advance.",
    ),
    # working days are not days: no number rather than a wrong one
    (
        "ru",
        "Работник вправе расторгнуть договор, предупредив работодателя за пять рабочих дней.",
        "This clause is about leaving or ending the contract; have it translated before you sign.",
    ),
    (
        "ru",
        "Срок действия договора с 1 сентября 2025 г. по 31 мая 2026 г.",
        "This clause sets the period from September 1, 2025 to May 31, 2026.",
    ),
    (
        "ru",
        "Место работы: г. Казань, ул. Ленина, д. 5.",
        "This clause names where you would work or serve: «г. Казань, ул. Ленина, д. 5».",
    ),
    (
        "ru",
        "Договор составлен в двух экземплярах.",
        "This clause is about the copies of this paper. Make sure you get your own copy.",
    ),
    (
        "en",
        "The Employee may not terminate this contract before its end.",
        "This clause is about ending the contract: it takes away or limits your right to leave "
        "before the end.",
    ),
]
# fmt: on


@pytest.mark.parametrize(("language", "clause", "expected"), READING_ROWS)
def test_clause_reading(language: str, clause: str, expected: str) -> None:
    template = RU_CONTRACT if language == "ru" else EN_CONTRACT
    assert english(by_number(read(template.format(clause=clause)))["1"]) == expected


def test_military_papers_serve_and_name_no_fixed_end() -> None:
    text = (
        "КОНТРАКТ\nо прохождении военной службы\n\n"
        "1. Военнослужащий поступает на военную службу сроком на 1 (один) год.\n"
        "2. Контракт продолжает свое действие до окончания периода частичной мобилизации.\n"
    )
    clauses = by_number(read(text))
    assert english(clauses["1"]) == "You agree to serve for 1 year."
    assert clauses["1"].params == {"duration": "P1Y"}
    assert english(clauses["2"]) == (
        "This clause sets no fixed end to the contract: «до окончания периода частичной "
        "мобилизации»."
    )


# --- structure ---------------------------------------------------------------------------------


def test_a_heading_gives_its_type_to_items_without_cues_of_their_own() -> None:
    text = (
        "ТРУДОВОЙ ДОГОВОР № 7\n\n"
        "ООО «Ромашка», именуемое в дальнейшем «Работодатель», и Иванов И.И., именуемый в "
        "дальнейшем «Работник», заключили настоящий договор.\n\n"
        "Оплата труда\n"  # an unnumbered heading
        "1. Два раза в месяц, 10 и 25 числа.\n"
        "2. Через кассу предприятия.\n"
        "3. Работник обязан:\n"
        "3.1. бережно относиться к имуществу;\n"
        "4. Срок договора\n"  # a numbered heading
        "4.1. До конца сезона.\n"
        "4.2. Работник вправе расторгнуть договор досрочно.\n"  # a cue of its own wins
    )
    clauses = by_number(read(text))
    assert {n: c.type for n, c in clauses.items()} == {
        "1": "pay", "2": "pay", "3": "duties", "3.1": "duties", "4": "term", "4.1": "term",
        "4.2": "exit",
    }  # fmt: skip
    assert (
        english(clauses["3.1"]) == "This clause sets out your duties: what you must or must not do."
    )


def test_the_subject_that_opens_a_list_owns_its_items() -> None:
    text = RU_CONTRACT.format(clause="Работодатель имеет право:\n1.1. требовать от Работника "
                              "исполнения трудовых обязанностей;")  # fmt: skip
    clauses = by_number(read(text))
    assert english(clauses["1.1"]) == "This clause is about what the other side must do or may do."


def test_articles_short_items_and_lettered_items_are_clauses() -> None:
    articles = (
        "КОНТРАКТ\n\n"
        "Статья 1. Срок\nКонтракт заключается на 6 месяцев.\n"
        "п. 2 Паспорт хранится в штабе отряда.\n"
        "Статья 3. Обязанности добровольца\n"
        "1. Выполнять приказы командира.\n"
    )
    assert [(c.number, c.type) for c in read(articles)] == [
        ("1", "term"), ("2", "documents"), ("3", "duties"), ("3.1", "duties"),
    ]  # fmt: skip
    letters = RU_CONTRACT.format(
        clause="Доброволец обязан:\nа) выполнять приказы командира;\n"
        "б) не покидать расположение отряда без разрешения."
    )
    assert [(c.number, c.type) for c in read(letters)] == [
        ("1", "duties"), ("1 а)", "duties"), ("1 б)", "duties"), ("2", "other"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Требуются повара в Москву. Зарплата 80 000 рублей. Звоните!", id="ad"),
        pytest.param(
            "Требуются:\n1. Повара — 80 000 руб.\n2. Строители — 90 000 руб.\nЗвоните: 8-900-000",
            id="ad-with-a-numbered-list",
        ),
        pytest.param(
            "[12.03.24, 14:02:11] Ravi: 1. what is the salary?\n"
            "[12.03.24, 14:03:00] Agent: 1. 200000 rub\n"
            "[12.03.24, 14:03:40] Agent: 2. passport stays with us\n",
            id="chat",
        ),
        pytest.param(
            "КОНТРАКТ\n\nГражданин поступает на военную службу сроком на один год.\n"
            "Мне разъяснены права и обязанности.",
            id="unnumbered-contract",
        ),
    ],
)
def test_papers_without_numbered_clauses_get_no_clause_list(text: str) -> None:
    assert read(text) == ()


# --- the corpora -------------------------------------------------------------------------------


@needs_dev_corpus
def test_the_dev_military_contract_clause_by_clause() -> None:
    report = beforeyousign.analyse(DEV_CORPUS / "ex-military-contract-india.ru.txt")
    clauses = by_number(report.clauses)
    assert {n: c.type for n, c in clauses.items()} == {
        "1": "term", "2": "duties", "3": "pay", "4": "signature",
    }  # fmt: skip
    # «в течение одного года»: one year, in the reader's words
    assert english(clauses["1"]) == "You agree to serve for 1 year."
    assert english(clauses["3"]) == "You are promised 210,000 Russian rubles a month."
    assert clauses["1"].evidence.quote.startswith("1. Военнослужащий добровольно поступает")
    assert clauses["1"].evidence.location.block == 8


@pytest.mark.parametrize(
    ("name", "number", "expected_type", "expected_text"),
    [
        ("mil-contract-cuba-1.ru.txt", "1.1", "term", "You agree to serve for 1 year."),
        ("mil-contract-cuba-1.ru.txt", "2.3", "documents",
         "This clause says the other side keeps your passport or identity papers."),
        ("mil-contract-ghana-1.ru.txt", "2", "deployment",
         "This clause can send you to a war or combat zone: «Херсонскую область»."),
        ("mil-contract-india-scan.ru.txt", "1", "term", "You agree to serve for 1 year."),
        ("mil-contract-nepal-1.ru.txt", "1", "term", "You agree to serve for 1 year."),
        ("mil-contract-kyrgyz-1.ru.txt", "1.3", "exit",
         "This clause is about ending the contract: it takes away or limits your right to leave "
         "before the end."),
        ("mil-contract-kyrgyz-1.ru.txt", "4.3", "term",
         "The contract starts on the day it is signed."),
        ("vol-contract-bars-1.ru.txt", "2", "term",
         "You agree to serve for 6 months, but this clause lets the contract run on past that."),
        ("vol-contract-translation-4.en.txt", "4", "liability",
         "This clause says you can be punished for leaving or refusing."),
        ("state-fsin-contract.ru.txt", "5", "term", "You agree to serve for 4 years."),
        ("state-fsin-contract.ru.txt", "6", "exit",
         "This clause is about ending the contract: you can end it by telling the other side 1 "
         "month in advance."),
        ("services-contract-debt.ru.txt", "3", "liability",
         "This clause makes you work off a debt."),
        ("services-contract-repair.ru.txt", "2.1", "pay",
         "You are promised 45,000 Russian rubles a month."),
    ],
)  # fmt: skip
def test_project_corpus_contracts(
    name: str, number: str, expected_type: str, expected_text: str
) -> None:
    clauses = by_number(beforeyousign.analyse(PROJECT_CORPUS / name).clauses)
    assert clauses[number].type == expected_type
    assert english(clauses[number]) == expected_text


@needs_dev_corpus
def test_the_dev_civilian_contracts() -> None:
    cleaner = by_number(beforeyousign.analyse(CIVILIAN[0]).clauses)
    assert cleaner["1.2"].type == "term" and cleaner["1.2"].params == {}  # «на срок_____»
    assert cleaner["2.1.2"].type == "duties"  # under «2.1. Работник обязан:»
    assert cleaner["2.2"].type == "duties"
    assert english(cleaner["2.2"]) == "This clause lists your rights under this paper."
    assert cleaner["4.1"].type == "pay" and "left blank" in english(cleaner["4.1"])
    assert english(cleaner["6.1.2"]).endswith("2 weeks in advance.")
    assert cleaner["7.1"].type == "documents"
    assert cleaner["7.3"].type == "parties"
    assert cleaner["3.2"].type == "other"  # paid leave: not read for the reader
    teaching = by_number(beforeyousign.analyse(CIVILIAN[1]).clauses)
    assert english(teaching["10"]) == (
        "This clause sets the period from September 1, 2005 to June 2, 2006."
    )
    assert teaching["9"].type == "exit"
    police = by_number(beforeyousign.analyse(CIVILIAN[2]).clauses)
    assert police["7"].type == "term" and "left blank" in english(police["7"])
    assert english(police["3"]) == "This clause lists your rights under this paper."
    assert english(police["6.1"]) == "This clause is about what the other side must do or may do."


@pytest.mark.parametrize("path", CONTRACTS, ids=[p.name for p in CONTRACTS])
def test_corpus_contract_clauses_are_well_formed(path: Path) -> None:
    document = ingest_path(path)
    report = run_document(document)
    assert bool(report.clauses) == (path.name not in UNNUMBERED)  # no fake clause list
    assert_well_formed(report, document.raw_text)


def test_rendered_json_of_clauses_follows_the_schema() -> None:
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    report = beforeyousign.analyse(PROJECT_CORPUS / "mil-contract-kyrgyz-1.ru.txt")
    for language in ("en", "ru"):
        data = report_dict(report, translator(language))
        validator.validate(data)
        assert len(data["clauses"]) == len(report.clauses) > 0
    data = report_dict(report, EN)
    assert data["clauses"][1] | {"evidence": None, "span": None} == {
        "number": "1.1", "type": "term", "label": "Term",
        "message_id": "You agree to serve for {duration}.", "params": {"duration": "P1Y"},
        "text": "You agree to serve for 1 year.", "interpreted": True, "evidence": None,
        "span": None,
    }  # fmt: skip


@needs_dev_corpus
def test_the_documented_example_clauses_are_what_the_tool_says() -> None:
    text = (ROOT / "docs" / "report-format.md").read_text("utf-8")
    block = re.findall(r"^```json\n(.*?)^```", text, re.M | re.S)
    example = next(json.loads(b) for b in block if '"schema_version"' in b)
    real = report_dict(beforeyousign.analyse(DEV_CORPUS / example["source"]["name"]), EN)
    for clause in example["clauses"]:
        assert clause in real["clauses"]


def test_the_text_report_reads_clauses_and_lists_the_rest_in_one_line() -> None:
    report = beforeyousign.analyse_text(
        RU_CONTRACT.format(clause="Контракт заключается на срок 1 (один) год.")
    )
    text = render_text(report, EN)
    assert "WHAT EACH CLAUSE SAYS" in text
    assert "- 1 — Term: You agree to work for 1 year." in text
    assert "Not interpreted: 2. Have these clauses translated" in text
    ad = beforeyousign.analyse_text("Требуются повара. Зарплата 80 000 рублей. Звоните!")
    assert "WHAT EACH CLAUSE SAYS" not in render_text(ad, EN)


def test_params_are_language_neutral() -> None:
    for path in CONTRACTS:
        for clause in beforeyousign.analyse(path).clauses:
            for key, value in clause.params.items():
                assert isinstance(value, str)
                if key == "duration":
                    assert re.fullmatch(r"P[1-9]\d*[YMWD]", value)
                if key == "amount":
                    assert re.fullmatch(r"\d+(?:\.\d+)? [A-Z]{3}", value)
                if key.endswith("_date"):
                    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)


# --- the cue file ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "field"),
    [
        ("types: [1, 2]", "types"),
        ("types: {holidays: {ru: [{words: 'отпуск', weight: 1}]}}", "types.holidays"),
        ("types: {pay: {russian: [{words: 'оплата', weight: 1}]}}", "types.pay.russian"),
        ("types: {pay: {ru: [{words: 'оплата'}]}}", "types.pay.ru[0]"),
        ("types: {pay: {ru: [{words: 'оплата', weight: -1}]}}", "types.pay.ru[0].weight"),
        ("types: {pay: {ru: [{words: 'оплата', weight: 1}]}}", "roles.reader"),
    ],
)
def test_a_broken_cue_file_names_its_field(source: str, field: str) -> None:
    with pytest.raises(RulePackError) as caught:
        load_cues("clauses.yaml", source)
    assert caught.value.params["field"] == field


# --- properties ----------------------------------------------------------------------------------


def assert_well_formed(report: Report, raw: str) -> None:
    previous_end = -1
    for clause in report.clauses:
        evidence = clause.evidence
        assert evidence.quote and evidence.quote in raw
        assert raw[evidence.raw_start : evidence.raw_end] == evidence.quote
        assert evidence.end - evidence.start <= QUOTE_CHARS
        assert clause.start <= evidence.start < evidence.end <= clause.end
        assert clause.start >= previous_end, "clauses overlap or are out of order"
        previous_end = clause.end
        assert clause.type in CLAUSE_TYPES
        assert clause.interpreted == (clause.type != "other")
        english(clause)  # every message formats with its params


PIECES = [
    "1.", "1.1.", "2.", "2.1.", "3)", "а)", "б)", "(a)", "Статья 4.", "п. 5", "IV.", "ARTICLE 2.",
    "Срок контракта", "ОБЯЗАННОСТИ СТОРОН", "Оплата труда",
    "Контракт заключается на срок 1 (один) год.", "Денежное довольствие 210 000 рублей в месяц.",
    "Паспорт хранится у командира.", "Досрочное расторжение не допускается.",
    "с 1 сентября 2025 г. по 31 мая 2026 г.", "______", "-----", "The Employee shall work.",
    "C условиями ознакомлен.", "в зоне проведения специальной военной операции", "\u00ad",
    "\u200b", "KOHTPAKT", "«", "»", ":", ";",
]  # fmt: skip
LINES = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=30)), min_size=1, max_size=6
).map(" ".join)
DOCUMENTS = st.lists(
    st.tuples(LINES, st.sampled_from(["\n", "\n\n", "\r\n", " "])), min_size=1, max_size=25
).map(lambda parts: "".join(line + sep for line, sep in parts))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(DOCUMENTS)
def test_clauses_quote_the_text_do_not_overlap_and_are_in_order(text: str) -> None:
    try:
        document = ingest_text(text, "text")
    except EmptyInput:
        return
    assert_well_formed(run_document(document), document.raw_text)
