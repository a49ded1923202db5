"""End to end: the ``beforeyousign`` command on real files of every format.

Every input is a real file built in ``tmp_path`` (tests/filemakers.py for PDF and DOCX):
nothing binary is checked in. Most runs go through ``click.testing.CliRunner`` against
``beforeyousign.interfaces.cli.main``; the paths that only the real entry point handles
(errors escaping a command, internal errors) run ``cli.run()`` in process, and a few runs
start the installed script and ``python -m beforeyousign`` as real subprocesses.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import stat
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from beforeyousign import errors
from beforeyousign.analysis.terms import TERM_NAMES
from beforeyousign.i18n import translator
from beforeyousign.ingest import DEFAULT_MAX_BYTES
from beforeyousign.interfaces import cli
from beforeyousign.interfaces.cli import main
from beforeyousign.knowledge.taxonomy import DOC_TYPES, FLAGS, SEVERITY_ORDER
from beforeyousign.report.model import SCHEMA_VERSION
from filemakers import make_docx, make_encrypted_pdf, make_pdf

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "docs" / "report.schema.json"
EXIT_CODES_DOC = ROOT / "docs" / "exit-codes.md"
DEV_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
SCRIPT = Path(sys.executable).with_name("beforeyousign")

MILITARY_CONTRACT = (
    "КОНТРАКТ\n"
    "о прохождении военной службы\n"
    "\n"
    "г. Ростов-на-Дону, «12» марта 2024 г.\n"
    "\n"
    "Гражданин Республики Непал Таманг Рам, паспорт № PA0012345, и Министерство обороны "
    "Российской Федерации заключили настоящий контракт о нижеследующем:\n"
    "1. Гражданин добровольно поступает на военную службу и обязуется проходить её "
    "в Вооружённых Силах Российской Федерации в течение одного года, в том числе в зоне "
    "проведения специальной военной операции.\n"
    "2. Денежное довольствие составляет не менее 204 000 рублей в месяц.\n"
    "3. С условиями контракта ознакомлен.\n"
)
MILITARY_PAGE_2 = (
    "4. Контракт вступает в силу со дня подписания.\nПодпись военнослужащего ________\n"
)
#: Russian law implies the last three for any Russian military contract.
MILITARY_FLAGS = {
    "military_service",
    "combat_deployment",
    "term_extension",
    "no_early_exit",
    "penalty_threat",
}

LABOUR_PARAGRAPHS = [
    "ТРУДОВОЙ ДОГОВОР № 12",
    "ООО «СтройМонтаж» (Работодатель) и гражданин Республики Таджикистан Рахимов Алишер "
    "(Работник) заключили настоящий договор.",
    "1. Работник выполняет обязанности подсобного рабочего на строительном объекте "
    "сроком на 6 месяцев.",
]
PASSPORT_CLAUSE = "Паспорт Работника на весь срок действия договора хранится у Работодателя."
LABOUR_TABLE = [
    ["Пункт", "Условие"],
    ["2", PASSPORT_CLAUSE],
    ["3", "Заработная плата 60 000 рублей в месяц."],
]

HELPER_AD_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Jobs abroad</title>
<style>p { color: red }</style><script>var tracking = "army camp";</script></head>
<body>
<h1>URGENT REQUIREMENT &mdash; RUSSIA</h1>
<p>Helpers and security guards needed for an army camp in Russia. No war duty, only
support work behind the lines.</p>
<p>Salary: Rs 1,50,000 per month. Food and accommodation free.</p>
<p>After 6 months: Russian residence card.</p>
<p>Visa &amp; ticket arranged by us, cost adjusted from first salary.</p>
<p>Limited seats, leaving this month. Contact the agent on WhatsApp.</p>
</body></html>
"""

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- fixtures and helpers ------------------------------------------------------------------


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Messages in English whatever the machine's locale, and no debug tracebacks."""
    monkeypatch.setenv("LANGUAGE", "en")
    monkeypatch.delenv(cli.DEBUG_ENV, raising=False)
    translator.cache_clear()  # translator(None) caches the language of the environment
    yield
    translator.cache_clear()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text("utf-8"))
    return data


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.fixture(scope="module")
def error_line_validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """The schema's ``error_line`` definition: what JSON Lines hold for a failed input."""
    return jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/error_line"})


def documented_exit_codes() -> dict[int, str]:
    """Code -> meaning, from the table in docs/exit-codes.md."""
    rows = re.findall(r"^\|\s*(\d+)\s*\|\s*([^|]+?)\s*\|", EXIT_CODES_DOC.read_text("utf-8"), re.M)
    return {int(code): meaning for code, meaning in rows}


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def military_txt(tmp_path: Path, name: str = "contract.txt") -> Path:
    return write(tmp_path / name, MILITARY_CONTRACT)


def png_bytes() -> bytes:
    """A real 1x1 PNG (signature, IHDR, IDAT, IEND with their CRCs): a phone photo's kind."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def check(runner: CliRunner, *args: str | Path, input: bytes | None = None) -> Result:
    return runner.invoke(main, ["check", *map(str, args)], input=input)


def check_json(runner: CliRunner, *args: str | Path) -> dict[str, Any]:
    result = check(runner, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def assert_no_traceback(*streams: str) -> None:
    for stream in streams:
        assert "Traceback" not in stream
        assert 'File "' not in stream


def one_line(stream: str) -> str:
    """The stream holds exactly one non-empty line; returns it."""
    lines = stream.splitlines()
    assert len(lines) == 1 and lines[0].strip(), f"expected one line, got {stream!r}"
    return lines[0]


def assert_clean_exit(result: Result) -> None:
    """The command ended through sys.exit, not through an exception."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert_no_traceback(result.stdout, result.stderr)


def run_entry(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """Run the installed entry point, ``cli.run()``, in process: (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["beforeyousign", *args])
    code: int | str | None = 0
    try:
        cli.run()
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    assert isinstance(code, int) or code is None, code
    return code or 0, out, err


def run_process(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANGUAGE": "en"}
    env.pop(cli.DEBUG_ENV, None)
    return subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )


def temp_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".beforeyousign-"))


# --- the schema itself ---------------------------------------------------------------------


def test_schema_is_valid_draft_2020_12(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["flag"]["additionalProperties"] is False
    assert schema["$defs"]["evidence"]["additionalProperties"] is False


def test_schema_enums_follow_the_taxonomy(schema: dict[str, Any]) -> None:
    defs = schema["$defs"]
    assert defs["flag_id"]["enum"] == list(FLAGS)
    assert set(defs["flag"]["properties"]["severity"]["enum"]) == set(SEVERITY_ORDER)
    assert defs["doc_type_id"]["enum"] == list(DOC_TYPES)
    assert defs["term_name"]["enum"] == list(TERM_NAMES)
    assert re.fullmatch(schema["properties"]["schema_version"]["pattern"], SCHEMA_VERSION)


def _documented_example() -> dict[str, Any]:
    text = (ROOT / "docs" / "report-format.md").read_text("utf-8")
    blocks = re.findall(r"^```json\n(.*?)^```", text, re.M | re.S)
    reports = [json.loads(block) for block in blocks if '"schema_version"' in block]
    assert len(reports) == 1, "docs/report-format.md should hold one example report"
    report: dict[str, Any] = reports[0]
    return report


def test_documented_example_follows_the_schema(
    validator: jsonschema.Draft202012Validator,
    error_line_validator: jsonschema.Draft202012Validator,
) -> None:
    example = _documented_example()
    validator.validate(example)
    assert example["schema_version"] == SCHEMA_VERSION
    text = (ROOT / "docs" / "report-format.md").read_text("utf-8")
    error_line = re.search(r'^\{"source".*\}$', text, re.M)
    assert error_line is not None
    error_line_validator.validate(json.loads(error_line.group()))


@pytest.mark.skipif(not (DEV_CORPUS / "labels.jsonl").is_file(), reason="no dev corpus")
def test_documented_example_is_what_the_tool_says(runner: CliRunner) -> None:
    """The trimmed example is still a true excerpt: same verdict, same quotes at the same
    offsets of the file, and its flags and terms are among the real report's."""
    example = _documented_example()
    path = DEV_CORPUS / example["source"]["name"]
    real = check_json(runner, path)
    assert example["verdict"] == real["verdict"]
    assert example["doc_type"]["id"] == real["doc_type"]["id"]
    real_flags = {flag["id"]: flag for flag in real["flags"]}
    for flag in example["flags"]:
        for evidence in flag["evidence"]:
            assert evidence in real_flags[flag["id"]]["evidence"]
    real_terms = {term["name"]: term for term in real["terms"]}
    for term in example["terms"]:
        assert term == real_terms[term["name"]]
    file_text = path.read_text("utf-8")
    for flag in example["flags"]:
        for evidence in flag["evidence"]:
            start, end = evidence["raw_span"]
            assert file_text[start:end] == evidence["quote"]


# --- every format, end to end --------------------------------------------------------------


@dataclass(frozen=True)
class FormatCase:
    name: str
    build: Callable[[Path], Path]
    media_type: str
    verdict: str
    flags: frozenset[str]
    notices: frozenset[str] = frozenset()


FORMATS = [
    FormatCase(
        "txt-utf8",
        lambda d: military_txt(d, "contract.ru.txt"),
        "text/plain",
        "military_contract",
        frozenset(MILITARY_FLAGS),
    ),
    FormatCase(
        "txt-cp1251",
        lambda d: write(d / "contract-win.txt", MILITARY_CONTRACT.encode("cp1251")),
        "text/plain",
        "military_contract",
        frozenset(MILITARY_FLAGS),
        frozenset({"encoding_guessed"}),
    ),
    FormatCase(
        "pdf",
        lambda d: write(d / "contract.pdf", make_pdf([MILITARY_CONTRACT, MILITARY_PAGE_2])),
        "application/pdf",
        "military_contract",
        frozenset(MILITARY_FLAGS),
    ),
    FormatCase(
        "pdf-misnamed",
        lambda d: write(d / "contract.pdf.txt", make_pdf([MILITARY_CONTRACT])),
        "application/pdf",
        "military_contract",
        frozenset(MILITARY_FLAGS),
    ),
    FormatCase(
        "docx-table",
        lambda d: write(
            d / "labour.docx",
            make_docx(LABOUR_PARAGRAPHS, LABOUR_TABLE, after=["Подписи сторон: ________"]),
        ),
        DOCX_TYPE,
        "serious_warning_signs",
        frozenset({"document_retention"}),
    ),
    FormatCase(
        "html",
        lambda d: write(d / "vacancy.html", HELPER_AD_HTML),
        "text/html",
        "military_recruitment",
        frozenset({"military_service", "pay_lure", "worker_paid_fees", "citizenship_lure"}),
    ),
]


@pytest.mark.parametrize("case", FORMATS, ids=lambda c: c.name)
def test_every_format_gives_a_valid_json_report(
    case: FormatCase,
    tmp_path: Path,
    runner: CliRunner,
    validator: jsonschema.Draft202012Validator,
) -> None:
    path = case.build(tmp_path)
    result = check(runner, "--format", "json", path)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    report = json.loads(result.stdout)
    validator.validate(report)
    assert report["source"] == {"name": path.name, "media_type": case.media_type}
    assert report["verdict"]["id"] == case.verdict
    assert case.flags <= {f["id"] for f in report["flags"]}
    assert case.notices <= {n["code"] for n in report["notices"]}
    assert report["reader_language"] is None
    assert report["text_language"] == "en"


@pytest.mark.parametrize("case", FORMATS, ids=lambda c: c.name)
def test_every_format_gives_a_text_report_with_quotes(
    case: FormatCase, tmp_path: Path, runner: CliRunner
) -> None:
    path = case.build(tmp_path)
    report = check_json(runner, path)
    result = check(runner, path)
    assert result.exit_code == 0, result.output
    assert_no_traceback(result.stdout, result.stderr)
    text = " ".join(result.stdout.split())  # the renderer wraps lines
    assert path.name in text
    for flag in report["flags"]:
        quote = " ".join(flag["evidence"][0]["quote"].split())
        assert quote in text, (flag["id"], quote)


@pytest.mark.parametrize("case", FORMATS, ids=lambda c: c.name)
def test_every_format_reports_in_russian(
    case: FormatCase,
    tmp_path: Path,
    runner: CliRunner,
    validator: jsonschema.Draft202012Validator,
) -> None:
    path = case.build(tmp_path)
    report = check_json(runner, "--lang", "ru", path)
    validator.validate(report)
    assert report["text_language"] == "ru"
    assert report["reader_language"] == "ru"
    assert report["verdict"]["text"] != report["verdict"]["message_id"]  # translated
    result = check(runner, "--lang", "ru", path)
    assert result.exit_code == 0, result.output
    assert_no_traceback(result.stdout, result.stderr)


def test_errors_are_reported_in_the_readers_language(tmp_path: Path, runner: CliRunner) -> None:
    result = check(runner, "--lang", "ru", tmp_path / "missing.txt")
    assert result.exit_code == 3
    line = one_line(result.stderr)
    assert "missing.txt" in line
    assert re.search("[а-яё]", line), line
    assert_clean_exit(result)


def test_pdf_evidence_is_located_on_its_page(tmp_path: Path, runner: CliRunner) -> None:
    path = write(tmp_path / "contract.pdf", make_pdf([MILITARY_CONTRACT, MILITARY_PAGE_2]))
    report = check_json(runner, path)
    combat = next(f for f in report["flags"] if f["id"] == "combat_deployment")
    evidence = combat["evidence"][0]
    assert "специальной военной операции" in " ".join(evidence["quote"].split())
    assert evidence["location"]["page"] == 1
    assert evidence["location"]["kind"] == "page"
    assert evidence["location"]["line"] > 1  # not the title line


def test_docx_passport_clause_in_a_table_is_found_and_located(
    tmp_path: Path, runner: CliRunner
) -> None:
    path = write(tmp_path / "labour.docx", make_docx(LABOUR_PARAGRAPHS, LABOUR_TABLE))
    report = check_json(runner, path)
    (retention,) = (f for f in report["flags"] if f["id"] == "document_retention")
    evidence = retention["evidence"][0]
    assert evidence["location"]["kind"] == "table_cell"
    assert evidence["location"]["page"] is None
    assert evidence["quote"] in PASSPORT_CLAUSE
    assert "Паспорт" in evidence["quote"]
    assert not {"military_service", "combat_deployment"} & {f["id"] for f in report["flags"]}


def test_cp1251_and_utf8_give_the_same_findings(tmp_path: Path, runner: CliRunner) -> None:
    utf8 = check_json(runner, military_txt(tmp_path))
    cp1251 = check_json(runner, write(tmp_path / "w.txt", MILITARY_CONTRACT.encode("cp1251")))
    assert utf8["flags"] == cp1251["flags"]
    assert utf8["terms"] == cp1251["terms"]


def test_standard_input_is_read_as_a_file(runner: CliRunner) -> None:
    result = check(runner, "--format", "json", "-", input=MILITARY_CONTRACT.encode("cp1251"))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["source"]["name"] == "stdin"
    assert report["verdict"]["id"] == "military_contract"


# --- several inputs ------------------------------------------------------------------------


def test_several_inputs_give_json_lines(
    tmp_path: Path, runner: CliRunner, validator: jsonschema.Draft202012Validator
) -> None:
    paths = [case.build(tmp_path) for case in FORMATS if case.name in ("txt-utf8", "html", "pdf")]
    result = check(runner, "--format", "json", *paths)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == len(paths)
    for line, path in zip(lines, paths, strict=True):
        report = json.loads(line)
        validator.validate(report)
        assert report["source"]["name"] == path.name


def test_good_and_bad_input_give_a_report_an_error_line_and_the_bad_code(
    tmp_path: Path,
    runner: CliRunner,
    validator: jsonschema.Draft202012Validator,
    error_line_validator: jsonschema.Draft202012Validator,
) -> None:
    good = military_txt(tmp_path)
    bad = write(tmp_path / "photo.png", png_bytes())
    result = check(runner, "--format", "json", good, bad)
    assert result.exit_code == errors.NoTextFound.exit_code == 5
    assert_clean_exit(result)
    report_line, error_line = (json.loads(line) for line in result.stdout.splitlines())
    validator.validate(report_line)
    assert report_line["verdict"]["id"] == "military_contract"
    error_line_validator.validate(error_line)
    assert error_line["source"]["name"] == bad.name  # no folders, as in reports
    assert error_line["error"]["code"] == "no_text_found"
    assert error_line["error"]["exit_code"] == 5
    assert "photo.png" in one_line(result.stderr)


def test_exit_code_is_the_highest_of_the_inputs(tmp_path: Path, runner: CliRunner) -> None:
    good = military_txt(tmp_path)
    empty = write(tmp_path / "empty.txt", b"")  # 3
    picture = write(tmp_path / "photo.png", png_bytes())  # 5
    result = check(runner, empty, good, picture)
    assert result.exit_code == 5
    assert len(result.stderr.splitlines()) == 2
    assert "military service" in result.stdout.lower()


def test_text_reports_of_several_inputs_are_all_printed(tmp_path: Path, runner: CliRunner) -> None:
    first = military_txt(tmp_path, "first.txt")
    second = write(tmp_path / "second.html", HELPER_AD_HTML)
    result = check(runner, first, second)
    assert result.exit_code == 0, result.output
    assert result.stdout.index("first.txt") < result.stdout.index("second.html")


# --- errors: documented exit code, one line on stderr, no traceback ------------------------


@dataclass(frozen=True)
class BadInput:
    name: str
    build: Callable[[Path], Path]
    error: type[errors.BeforeYouSignError]


def _truncated_docx(d: Path) -> Path:
    data = make_docx(LABOUR_PARAGRAPHS, LABOUR_TABLE)
    return write(d / "contract.docx", data[: len(data) // 2])


def _too_large(d: Path) -> Path:
    path = d / "huge.txt"
    with path.open("wb") as handle:  # sparse: takes no disk space, stat says it is huge
        handle.truncate(DEFAULT_MAX_BYTES + 1)
    return path


def _folder(d: Path) -> Path:
    (d / "folder").mkdir()
    return d / "folder"


BAD_INPUTS = [
    BadInput("empty", lambda d: write(d / "empty.txt", b""), errors.EmptyInput),
    BadInput("blank", lambda d: write(d / "blank.txt", b"  \r\n\t \n"), errors.EmptyInput),
    BadInput("binary", lambda d: write(d / "data.bin", bytes(range(256)) * 16),
             errors.UnsupportedFormat),
    BadInput("gzip", lambda d: write(d / "c.txt.gz", gzip.compress(b"x" * 100)),
             errors.UnsupportedFormat),
    BadInput("png", lambda d: write(d / "photo.png", png_bytes()), errors.NoTextFound),
    BadInput("png-named-pdf", lambda d: write(d / "scan.pdf", png_bytes()), errors.NoTextFound),
    BadInput(
        "encrypted-pdf",
        lambda d: write(d / "locked.pdf", make_encrypted_pdf([MILITARY_CONTRACT], "secret")),
        errors.EncryptedFile,
    ),
    BadInput("truncated-docx", _truncated_docx, errors.CorruptFile),
    BadInput("missing", lambda d: d / "missing.txt", errors.FileNotReadable),
    BadInput("folder", _folder, errors.FileNotReadable),
    BadInput("too-large", _too_large, errors.InputTooLarge),
]  # fmt: skip


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda b: b.name)
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_unreadable_input_exits_with_its_documented_code(
    bad: BadInput, fmt: str, tmp_path: Path, runner: CliRunner
) -> None:
    path = bad.build(tmp_path)
    result = check(runner, "--format", fmt, path)
    assert result.exit_code == bad.error.exit_code
    assert result.exit_code in documented_exit_codes()
    assert result.exit_code not in (0, 1, 2)
    assert_clean_exit(result)
    assert result.stdout == ""  # a single input: no report, no error line
    assert path.name in one_line(result.stderr)


def test_documented_exit_codes_match_the_error_classes() -> None:
    documented = documented_exit_codes()
    assert set(documented) == {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
    classes = [errors.BeforeYouSignError, *_subclasses(errors.BeforeYouSignError)]
    for error in classes:
        assert error.exit_code in documented, error
    assert errors.LabelsError.exit_code == 7
    assert errors.RulePackError.exit_code == 8
    assert cli.EXIT_QUALITY == 9
    assert errors.OutputUnavailable.exit_code == 10


def _subclasses(cls: type) -> list[type]:
    return [sub for direct in cls.__subclasses__() for sub in (direct, *_subclasses(direct))]


def test_unreadable_inputs_in_json_lines_each_get_an_error_line(
    tmp_path: Path,
    runner: CliRunner,
    error_line_validator: jsonschema.Draft202012Validator,
) -> None:
    bads = [bad for bad in BAD_INPUTS if bad.name in ("empty", "binary", "png", "too-large")]
    paths = [bad.build(tmp_path) for bad in bads]
    result = check(runner, "--format", "json", *paths)
    assert result.exit_code == max(bad.error.exit_code for bad in bads) == 6
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["error"]["code"] for line in lines] == [bad.error.code for bad in bads]
    for line in lines:
        error_line_validator.validate(line)
    assert len(result.stderr.splitlines()) == len(bads)
    assert_no_traceback(result.stderr)


def test_internal_error_is_one_line_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from beforeyousign import pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(pipeline, "run_path", broken)
    code, out, err = run_entry(["check", str(military_txt(tmp_path))], monkeypatch, capsys)
    assert code == 1
    assert out == ""
    line = one_line(err)
    assert cli.DEBUG_ENV in line
    assert "secret internals" not in line
    assert_no_traceback(err)

    monkeypatch.setenv(cli.DEBUG_ENV, "1")
    with pytest.raises(RuntimeError, match="secret internals"):
        run_entry(["check", str(military_txt(tmp_path))], monkeypatch, capsys)


def test_usage_errors_exit_2(tmp_path: Path, runner: CliRunner) -> None:
    for args in (["check"], ["check", "--format", "xml", "x.txt"], ["nonsense"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, args
        assert "Usage:" in result.stderr
        assert_no_traceback(result.stderr)


def test_help_and_version(runner: CliRunner) -> None:
    from beforeyousign import __version__

    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.stdout
    for args in (["--help"], ["check", "--help"], ["eval", "-h"], ["flags", "--help"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, args
        assert "Usage:" in result.stdout


# --- the reader's language -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "ru-RU", "RU", "ru_RU.UTF-8"])
def test_a_russian_reader_can_read_a_russian_contract(
    lang: str, tmp_path: Path, runner: CliRunner
) -> None:
    report = check_json(runner, "--lang", lang, military_txt(tmp_path))
    assert "unreadable_language" not in {f["id"] for f in report["flags"]}
    assert report["reader_language"] == "ru"


def test_a_spanish_reader_is_warned_about_a_russian_contract(
    tmp_path: Path, runner: CliRunner, validator: jsonschema.Draft202012Validator
) -> None:
    report = check_json(runner, "--lang", "es", military_txt(tmp_path))
    validator.validate(report)
    (flag,) = (f for f in report["flags"] if f["id"] == "unreadable_language")
    assert flag["explanation"]["params"] == {"document_language": "ru", "reader_language": "es"}
    assert report["reader_language"] == "es"


# --- -o: written whole or not at all -------------------------------------------------------


def test_output_file_holds_the_report_and_nothing_is_left_behind(
    tmp_path: Path, runner: CliRunner, validator: jsonschema.Draft202012Validator
) -> None:
    source = military_txt(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "out.json"
    result = check(runner, "--format", "json", "-o", target, source)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    validator.validate(json.loads(target.read_text("utf-8")))
    assert sorted(p.name for p in out_dir.iterdir()) == ["out.json"]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600


def test_output_file_replaces_an_older_report(tmp_path: Path, runner: CliRunner) -> None:
    target = write(tmp_path / "out.txt", "an older report")
    result = check(runner, "-o", target, military_txt(tmp_path))
    assert result.exit_code == 0, result.output
    assert "contract.txt" in target.read_text("utf-8")
    assert temp_leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("existing", [None, "an older report"])
def test_output_file_is_not_written_when_the_single_input_fails(
    fmt: str, existing: str | None, tmp_path: Path, runner: CliRunner
) -> None:
    target = tmp_path / "out.json"
    if existing is not None:
        target.write_text(existing, encoding="utf-8")
    result = check(runner, "--format", fmt, "-o", target, tmp_path / "missing.txt")
    assert result.exit_code == 3
    one_line(result.stderr)
    if existing is None:
        assert not target.exists()
    else:
        assert target.read_text("utf-8") == existing
    assert temp_leftovers(tmp_path) == []


def test_output_file_of_several_inputs_keeps_the_error_line(
    tmp_path: Path, runner: CliRunner
) -> None:
    target = tmp_path / "out.jsonl"
    result = check(
        runner, "--format", "json", "-o", target, military_txt(tmp_path), tmp_path / "gone.txt"
    )
    assert result.exit_code == 3
    lines = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert lines[0]["verdict"]["id"] == "military_contract"
    assert lines[1]["error"]["code"] == "file_not_readable"


def test_output_file_is_not_written_when_the_run_breaks_midway(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from beforeyousign import pipeline

    real = pipeline.run_path
    calls: list[str] = []

    def second_one_breaks(path: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(path)
        if len(calls) == 2:
            raise RuntimeError("broken mid-way")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "run_path", second_one_breaks)
    target = tmp_path / "out.jsonl"
    source = military_txt(tmp_path)
    result = check(runner, "--format", "json", "-o", target, source, source)
    assert isinstance(result.exception, RuntimeError)
    assert not target.exists()
    assert temp_leftovers(tmp_path) == []


def test_output_into_a_missing_folder_is_a_usage_error(tmp_path: Path, runner: CliRunner) -> None:
    target = tmp_path / "no-such-folder" / "out.json"
    result = check(runner, "-o", target, military_txt(tmp_path))
    assert result.exit_code == 2
    assert "no-such-folder" in result.stderr
    assert_clean_exit(result)
    assert not target.parent.exists()


# --- eval ----------------------------------------------------------------------------------


needs_dev_corpus = pytest.mark.skipif(
    not (DEV_CORPUS / "labels.jsonl").is_file(), reason=f"{DEV_CORPUS} is not there"
)


@needs_dev_corpus
def test_eval_on_the_dev_corpus_prints_a_table(runner: CliRunner) -> None:
    result = runner.invoke(main, ["eval", str(DEV_CORPUS)])
    assert result.exit_code == 0, result.output
    assert "macro F1" in result.stdout
    assert re.search(r"^flag\s+TP\s+FP\s+FN\s+P\s+R\s+F1$", result.stdout, re.M)
    assert result.stderr == ""


@needs_dev_corpus
def test_eval_json_on_the_dev_corpus(runner: CliRunner) -> None:
    result = runner.invoke(main, ["eval", "--format", "json", str(DEV_CORPUS)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert 0.0 <= data["macro_f1"] <= 1.0
    assert data["cases"] == sum(
        1 for line in (DEV_CORPUS / "labels.jsonl").read_text("utf-8").splitlines() if line.strip()
    )
    assert set(data["flags"]) <= set(FLAGS)


@needs_dev_corpus
def test_eval_below_the_quality_gate_exits_9(runner: CliRunner) -> None:
    result = runner.invoke(main, ["eval", str(DEV_CORPUS), "--min-macro-f1", "1.01"])
    assert result.exit_code == cli.EXIT_QUALITY == 9
    assert "macro F1" in one_line(result.stderr)
    assert "macro F1" in result.stdout  # the table is still printed


def test_eval_on_a_corpus_of_every_format(tmp_path: Path, runner: CliRunner) -> None:
    cases = [c for c in FORMATS if c.name in ("txt-cp1251", "pdf", "docx-table")]
    with (tmp_path / "labels.jsonl").open("w", encoding="utf-8") as labels:
        for case in cases:
            path = case.build(tmp_path)
            doc_type = "employment_contract" if case.name == "docx-table" else "military_contract"
            line = {"id": case.name, "file": path.name, "doc_type": doc_type, "flags": []}
            labels.write(json.dumps(line) + "\n")
    result = runner.invoke(main, ["eval", "--format", "json", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["cases"] == 3
    assert data["doc_type_accuracy"] == 1.0
    assert all(error["error"] is None for error in data["errors"])


BROKEN_LABELS = {
    "not-json": b'{"id": "a", "file": "a.txt", "doc_type": "other", "flags": []\n',
    "missing-key": b'{"id": "a", "file": "a.txt", "flags": []}\n',
    "unknown-flag": b'{"id": "a", "file": "a.txt", "doc_type": "other", "flags": ["nope"]}\n',
    "unknown-doc-type": b'{"id": "a", "file": "a.txt", "doc_type": "nope", "flags": []}\n',
    "no-cases": b"\n\n",
    "flags-not-a-list": b'{"id": "a", "file": "a.txt", "doc_type": "other", "flags": 5}\n',
    "doc-type-a-list": b'{"id": "a", "file": "a.txt", "doc_type": ["other"], "flags": []}\n',
    "file-not-a-string": b'{"id": "a", "file": 7, "doc_type": "other", "flags": []}\n',
    "not-utf8": '{"id": "а", "file": "a.txt", "doc_type": "other", "flags": []}\n'.encode("cp1251"),
}


@pytest.mark.parametrize("content", BROKEN_LABELS.values(), ids=list(BROKEN_LABELS))
def test_eval_with_broken_labels_exits_7_with_a_clear_message(
    content: bytes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    write(tmp_path / "a.txt", MILITARY_CONTRACT)
    write(tmp_path / "labels.jsonl", content)
    code, out, err = run_entry(["eval", str(tmp_path)], monkeypatch, capsys)
    assert code == errors.LabelsError.exit_code == 7, err
    assert "labels.jsonl" in one_line(err)
    assert_no_traceback(out, err)


@pytest.mark.parametrize(
    ("field", "value"), [("flags", ["military_servise"]), ("doc_type", "military_contrakt")]
)
def test_eval_names_the_unknown_id(
    field: str,
    value: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The editor of labels.jsonl must see which id is wrong, whichever field holds it."""
    line = {"id": "a", "file": "a.txt", "doc_type": "military_contract", "flags": []}
    write(tmp_path / "labels.jsonl", json.dumps({**line, field: value}) + "\n")
    code, _, err = run_entry(["eval", str(tmp_path)], monkeypatch, capsys)
    assert code == 7
    assert "military_servise" in err or "military_contrakt" in err, err


def test_eval_without_labels_exits_7(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_entry(["eval", str(tmp_path)], monkeypatch, capsys)
    assert code == 7
    assert "file not found" in one_line(err)


def test_broken_labels_line_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good = '{"id": "a", "file": "a.txt", "doc_type": "military_contract", "flags": []}\n'
    write(tmp_path / "labels.jsonl", good + good + '{"id": "b", "file": "a.txt"}\n')
    code, _, err = run_entry(["eval", str(tmp_path)], monkeypatch, capsys)
    assert code == 7
    assert "line 3" in one_line(err)


# --- flags ---------------------------------------------------------------------------------


def test_flags_lists_every_flag_id_with_its_severity(runner: CliRunner) -> None:
    result = runner.invoke(main, ["flags"])
    assert result.exit_code == 0, result.output
    rows = [line.split(None, 2) for line in result.stdout.splitlines()]
    assert [row[0] for row in rows] == list(FLAGS)
    assert {row[0]: row[1] for row in rows} == {f.id: f.severity for f in FLAGS.values()}
    assert all(len(row) == 3 and row[2].strip() for row in rows)  # a title for each


# --- real processes ------------------------------------------------------------------------


@pytest.mark.skipif(not SCRIPT.is_file(), reason=f"no installed script at {SCRIPT}")
def test_installed_script_checks_a_pdf(
    tmp_path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    path = write(tmp_path / "contract.pdf", make_pdf([MILITARY_CONTRACT, MILITARY_PAGE_2]))
    process = run_process(SCRIPT, "check", "--format", "json", path.name, cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    assert process.stderr == ""
    report = json.loads(process.stdout)
    validator.validate(report)
    assert report["verdict"]["id"] == "military_contract"
    assert {f["id"] for f in report["flags"]} >= MILITARY_FLAGS


@pytest.mark.skipif(not SCRIPT.is_file(), reason=f"no installed script at {SCRIPT}")
def test_installed_script_mixes_reports_and_errors(tmp_path: Path) -> None:
    good = write(tmp_path / "vacancy.html", HELPER_AD_HTML)
    bad = write(tmp_path / "locked.pdf", make_encrypted_pdf([MILITARY_CONTRACT], "secret"))
    process = run_process(SCRIPT, "check", "--format", "json", good, bad, cwd=tmp_path)
    assert process.returncode == 3
    report, error = (json.loads(line) for line in process.stdout.splitlines())
    assert report["verdict"]["id"] == "military_recruitment"
    assert error["error"]["code"] == "encrypted_file"
    assert "locked.pdf" in one_line(process.stderr)
    assert_no_traceback(process.stderr)


def test_python_m_reports_a_photo_in_one_line(tmp_path: Path) -> None:
    write(tmp_path / "IMG_2041.jpg.pdf", png_bytes())
    process = run_process(sys.executable, "-m", "beforeyousign", "check", "IMG_2041.jpg.pdf",
                          cwd=tmp_path)  # fmt: skip
    assert process.returncode == 5
    assert process.stdout == ""
    assert "IMG_2041.jpg.pdf" in one_line(process.stderr)
    assert_no_traceback(process.stderr)


def test_python_m_eval_with_broken_labels_exits_7(tmp_path: Path) -> None:
    write(tmp_path / "labels.jsonl", BROKEN_LABELS["not-json"])
    process = run_process(sys.executable, "-m", "beforeyousign", "eval", ".", cwd=tmp_path)
    assert process.returncode == 7
    assert "labels.jsonl" in one_line(process.stderr)
    assert_no_traceback(process.stderr)


def test_python_m_reads_standard_input(tmp_path: Path) -> None:
    env = {**os.environ, "LANGUAGE": "en"}
    process = subprocess.run(
        [sys.executable, "-m", "beforeyousign", "check", "--format", "json", "-"],
        input=MILITARY_CONTRACT.encode("utf-8"),
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert process.returncode == 0, process.stderr
    assert json.loads(process.stdout)["verdict"]["id"] == "military_contract"
