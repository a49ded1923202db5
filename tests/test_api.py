"""The public Python API: ``beforeyousign.analyse`` and ``beforeyousign.analyse_text``.

What a caller relies on: a typed error for input that cannot be read, an immutable
Report, quotes that are exactly the document's words at the offsets given, locations a
reader can find in their copy, and JSON that round-trips and follows
``docs/report.schema.json``.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import beforeyousign
from beforeyousign import analyse, analyse_text
from beforeyousign.analysis.model import Evidence
from beforeyousign.errors import (
    CorruptFile,
    EmptyInput,
    FileNotReadable,
    InputError,
    InputTooLarge,
)
from beforeyousign.i18n import translator
from beforeyousign.ingest import DEFAULT_MAX_BYTES, ingest_bytes, ingest_path
from beforeyousign.knowledge.taxonomy import FLAGS, severity_rank
from beforeyousign.report.model import Report
from beforeyousign.report.render_json import render_json, report_dict
from beforeyousign.text.model import Document
from filemakers import make_docx, make_pdf

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "docs" / "report.schema.json"
DEV_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
PROJECT_CORPUS = ROOT / "tests" / "corpus"
CORPUS_FILES = sorted(DEV_CORPUS.glob("*.txt")) + sorted(PROJECT_CORPUS.glob("*.txt"))

VERDICTS = {
    "military_contract",
    "military_formation",
    "military_recruitment",
    "serious_warning_signs",
    "some_warning_signs",
    "no_warning_signs",
}

CONTRACT = (
    "КОНТРАКТ\n"
    "о прохождении военной службы\n"
    "\n"
    "Гражданин Республики Шри-Ланка Перера Нимал, паспорт № N1234567, и Министерство обороны "
    "Российской Федерации заключили настоящий контракт.\n"
    "1. Гражданин обязуется проходить военную службу в течение одного года.\n"
    "2. Паспорт военнослужащего передаётся на хранение командиру воинской части.\n"
)
#: Page 2 of the PDF: the war zone is named only here.
CONTRACT_PAGE_2 = (
    "3. Военнослужащий направляется для выполнения задач в зоне проведения специальной "
    "военной операции.\n"
    "4. С условиями контракта ознакомлен.\n"
)
LABOUR = [
    "ТРУДОВОЙ ДОГОВОР № 3",
    "ООО «Агро-Юг» (Работодатель) и гражданин Республики Узбекистан Каримов Бобур "
    "(Работник) заключили настоящий договор о работе в теплице сроком на 6 месяцев.",
]
LABOUR_TABLE = [
    ["Пункт", "Условие"],
    ["2", "Паспорт Работника на весь срок действия договора хранится у Работодателя."],
    ["3", "Работник не вправе покидать территорию комплекса без письменного разрешения."],
]


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.fixture(scope="module")
def report() -> Report:
    return analyse_text(CONTRACT + CONTRACT_PAGE_2, name="contract.txt")


def all_evidence(report: Report) -> list[tuple[str, Evidence]]:
    """(what it backs, evidence) for every flag, term and the doc_type."""
    found = [(f"flag {f.flag}", e) for f in report.flags for e in f.evidence]
    found += [(f"term {t.name}", t.evidence) for t in report.terms if t.evidence is not None]
    found += [("doc_type", e) for e in report.doc_type.evidence]
    return found


def expected_location(document: Document, offset: int) -> tuple[int | None, int, int, str]:
    """(page, block, line, kind) of a raw-text offset, counted from the blocks directly."""
    start = 0
    for number, block in enumerate(document.blocks, start=1):
        end = start + len(block.text)
        if offset <= end:
            line = block.text[: offset - start].count("\n") + 1
            return block.page, number, line, block.kind
        start = end + 1  # the "\n" that joins blocks
    raise AssertionError(f"offset {offset} is past the end of the document")


def assert_evidence_matches(report: Report, document: Document) -> int:
    """Every quote is the raw text at its raw_span and is located where it starts."""
    raw = document.raw_text
    checked = 0
    for owner, evidence in all_evidence(report):
        assert 0 <= evidence.raw_start < evidence.raw_end <= len(raw), owner
        assert 0 <= evidence.start < evidence.end, owner
        assert evidence.quote == raw[evidence.raw_start : evidence.raw_end], owner
        assert evidence.quote.strip(), owner
        location = evidence.location
        assert (location.page, location.block, location.line, location.kind) == (
            expected_location(document, evidence.raw_start)
        ), owner
        if evidence.context and not evidence.context.endswith("…"):
            assert evidence.quote in evidence.context, owner
        checked += 1
    return checked


# --- entry points --------------------------------------------------------------------------


def test_the_public_api_is_two_functions() -> None:
    assert beforeyousign.__all__ == ["analyse", "analyse_text"]
    assert isinstance(beforeyousign.__version__, str)


def test_analyse_a_path_as_str_or_pathlike(tmp_path: Path) -> None:
    path = tmp_path / "contract.txt"
    path.write_text(CONTRACT, encoding="utf-8")
    by_str, by_path = analyse(str(path)), analyse(path)
    assert by_str.to_dict() == by_path.to_dict()
    assert by_str.source_name == "contract.txt"  # no folders: they can say who the user is
    assert by_str.verdict.id == "military_contract"
    assert by_str.tool_version == beforeyousign.__version__


def test_analyse_bytes_uses_the_given_name() -> None:
    report = analyse(make_pdf([CONTRACT, CONTRACT_PAGE_2]), name="contract.pdf")
    assert report.source_name == "contract.pdf"
    assert report.media_type == "application/pdf"
    assert report.verdict.id == "military_contract"
    assert analyse(CONTRACT.encode("cp1251")).source_name == "input"


def test_analyse_bytes_of_a_docx_reads_its_table() -> None:
    report = analyse(make_docx(LABOUR, LABOUR_TABLE), name="labour.docx")
    assert {"document_retention", "movement_restriction"} <= set(report.flag_ids)
    kinds = {
        e.location.kind
        for f in report.flags
        if f.flag in ("document_retention", "movement_restriction")
        for e in f.evidence
    }
    assert kinds == {"table_cell"}


def test_analyse_text(report: Report) -> None:
    assert report.source_name == "contract.txt"
    assert report.media_type == "text/plain"
    assert report.verdict.id == "military_contract"
    assert {"military_service", "combat_deployment", "document_retention"} <= set(report.flag_ids)
    assert analyse_text("Helpers needed").source_name == "text"


@pytest.mark.parametrize("text", ["", " ", "\n\n", "\r\n\t \u00a0\u2003\n"])
def test_analyse_text_of_nothing_raises_empty_input(text: str) -> None:
    with pytest.raises(EmptyInput):
        analyse_text(text)


def test_unreadable_inputs_raise_typed_errors(tmp_path: Path) -> None:
    with pytest.raises(CorruptFile):
        analyse(b"\x89PNG\r\n\x1a\n" + bytes(64), name="photo.png")
    with pytest.raises(EmptyInput):
        analyse(b"", name="empty.txt")
    with pytest.raises(FileNotReadable):
        analyse(tmp_path / "missing.pdf")
    with pytest.raises(FileNotReadable):
        analyse(tmp_path)
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as handle:  # sparse: no disk space, but stat says it is huge
        handle.truncate(DEFAULT_MAX_BYTES + 1)
    with pytest.raises(InputTooLarge) as caught:
        analyse(huge)
    assert caught.value.params == {
        "name": "huge.pdf",
        "size": DEFAULT_MAX_BYTES + 1,
        "limit": DEFAULT_MAX_BYTES,
    }
    assert issubclass(InputTooLarge, InputError)


def test_analysis_is_deterministic() -> None:
    assert analyse_text(CONTRACT).to_dict() == analyse_text(CONTRACT).to_dict()


# --- the Report ----------------------------------------------------------------------------


def test_report_is_frozen(report: Report) -> None:
    for field in dataclasses.fields(report):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(report, field.name, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        del report.verdict
    flag, term = report.flags[0], next(t for t in report.terms if t.evidence)
    nested: list[object] = [
        report.verdict,
        report.doc_type,
        flag,
        flag.evidence[0],
        flag.evidence[0].location,
        flag.legal[0],
        term,
        report.notices[0],
    ]
    for item in nested:
        first = dataclasses.fields(item)[0].name  # type: ignore[arg-type]
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(item, first, None)
    for sequence in (report.flags, report.terms, report.notices, flag.evidence, flag.legal):
        assert isinstance(sequence, tuple)


def test_to_dict_returns_a_copy_that_cannot_change_the_report() -> None:
    """A caller editing the dict (to add its own fields, to redact) must not edit the
    immutable Report behind it."""
    report = analyse_text(CONTRACT + CONTRACT_PAGE_2)  # its own: this test edits
    before = json.loads(report.to_json())  # a deep copy
    data = report.to_dict()
    data["verdict"]["params"]["x"] = "changed"
    data["flags"][0]["explanation"]["params"]["x"] = "changed"
    data["flags"][0]["evidence"][0]["span"][0] = -1
    for term in data["terms"]:
        if term["value"] is not None:
            term["value"]["changed"] = True
    data["notices"][0]["params"]["x"] = "changed"
    assert json.loads(report.to_json()) == before


def test_verdict_and_flags_are_ordered_and_known(report: Report) -> None:
    assert report.verdict.id in VERDICTS
    assert set(report.flag_ids) <= set(FLAGS)
    assert len(set(report.flag_ids)) == len(report.flag_ids)
    ranks = [(severity_rank(f.severity), -f.score) for f in report.flags]
    assert ranks == sorted(ranks)
    for flag in report.flags:
        assert flag.severity == FLAGS[flag.flag].severity
        assert flag.evidence, flag.flag
        assert flag.legal, flag.flag


# --- quotes are the document's words, where the reader can find them -----------------------


@pytest.mark.skipif(not CORPUS_FILES, reason="no corpus files")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_quotes_are_the_raw_text_at_their_offsets(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    document = ingest_path(path)
    report = analyse(path)
    checked = assert_evidence_matches(report, document)
    assert checked >= len(report.flags)
    # For a plain UTF-8 file the raw text is the file itself: offsets index the user's copy.
    text = path.read_text("utf-8")
    if "\r" not in text and not text.startswith("\ufeff"):
        for owner, evidence in all_evidence(report):
            assert evidence.quote == text[evidence.raw_start : evidence.raw_end], owner
            assert evidence.location.block == text.count("\n", 0, evidence.raw_start) + 1
            assert evidence.location.line == 1  # one block per line of a text file
    validator.validate(report_dict(report, translator("en")))


def test_pdf_quotes_are_located_on_their_page() -> None:
    data = make_pdf([CONTRACT, CONTRACT_PAGE_2])
    report = analyse(data, name="contract.pdf")
    assert assert_evidence_matches(report, ingest_bytes(data, "contract.pdf")) > 0
    (combat,) = (f for f in report.flags if f.flag == "combat_deployment")
    assert {e.location.page for e in combat.evidence} == {2}
    assert all(e.location.kind == "page" for e in combat.evidence)


def test_docx_quotes_are_located_in_their_block() -> None:
    data = make_docx(LABOUR, LABOUR_TABLE, after=["Подписи сторон"])
    report = analyse(data, name="labour.docx")
    assert assert_evidence_matches(report, ingest_bytes(data, "labour.docx")) > 0


def test_crlf_text_quotes_index_the_text_with_newlines() -> None:
    """Raw text has line endings made "\\n" (documented): quotes are still verbatim."""
    data = CONTRACT.replace("\n", "\r\n").encode("utf-8")
    report = analyse(data, name="crlf.txt")
    document = ingest_bytes(data, "crlf.txt")
    assert document.raw_text == CONTRACT
    assert assert_evidence_matches(report, document) > 0


# --- the reader's language -----------------------------------------------------------------


def test_a_spanish_reader_is_warned_about_a_russian_contract() -> None:
    report = analyse_text(CONTRACT, reader_lang="es")
    assert report.reader_language == "es"
    (flag,) = (f for f in report.flags if f.flag == "unreadable_language")
    assert flag.params == {"document_language": "ru", "reader_language": "es"}
    language_term = next(t for t in report.terms if t.name == "document_language")
    assert flag.evidence == (language_term.evidence,)
    assert report.verdict.id == "military_contract"


@pytest.mark.parametrize("reader_lang", [None, "ru"])
def test_a_russian_reader_or_none_is_not_warned(reader_lang: str | None) -> None:
    report = analyse_text(CONTRACT, reader_lang=reader_lang)
    assert "unreadable_language" not in report.flag_ids
    assert report.reader_language == reader_lang


@pytest.mark.parametrize("reader_lang", ["RU", "ru-RU", "ru_RU"])
def test_a_russian_reader_tag_in_another_spelling_is_not_warned(reader_lang: str) -> None:
    """Browsers and locales say "ru-RU"; that reader reads Russian."""
    report = analyse_text(CONTRACT, reader_lang=reader_lang)
    assert "unreadable_language" not in report.flag_ids


def test_reader_language_works_on_files_too(tmp_path: Path) -> None:
    path = tmp_path / "c.pdf"
    path.write_bytes(make_pdf([CONTRACT]))
    assert "unreadable_language" in analyse(path, reader_lang="en").flag_ids
    assert "unreadable_language" not in analyse(path, reader_lang="ru").flag_ids


# --- JSON ----------------------------------------------------------------------------------


def test_report_json_round_trips(report: Report) -> None:
    assert json.loads(report.to_json()) == report.to_dict()
    assert json.loads(report.to_json(indent=2)) == report.to_dict()
    assert "\\u04" not in report.to_json()  # Cyrillic stays readable, not escaped


def test_rendered_json_round_trips_and_follows_the_schema(
    report: Report, validator: jsonschema.Draft202012Validator
) -> None:
    _ = translator("en")
    rendered = json.loads(render_json(report, _))
    assert rendered == report_dict(report, _)
    validator.validate(rendered)
    plain: dict[str, Any] = report.to_dict()
    for key in plain:
        if key not in ("verdict", "flags", "notices", "clauses"):
            assert rendered[key] == plain[key], key
    assert rendered["verdict"]["text"]
    assert all(flag["title"] and flag["advice"] for flag in rendered["flags"])


def test_rendered_json_of_an_unreadable_language_follows_the_schema(
    validator: jsonschema.Draft202012Validator,
) -> None:
    report = analyse(make_pdf([CONTRACT, CONTRACT_PAGE_2]), name="c.pdf", reader_lang="es")
    validator.validate(report_dict(report, translator("en")))
