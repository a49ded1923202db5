"""``beforeyousign check --format html|pdf|audio``: one report of one paper, in a file
written whole or not at all; usage mistakes exit 2 with a clear message, a spoken report
in a language with no voice exits 10.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import soundfile
from click.testing import CliRunner, Result
from pypdf import PdfReader

from beforeyousign.i18n import translator
from beforeyousign.interfaces import cli
from beforeyousign.interfaces.cli import main
from beforeyousign.report.build import verdict

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "military-contract-nepal.ru.txt"
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="no espeak-ng")


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LANGUAGE", "en")
    monkeypatch.delenv(cli.DEBUG_ENV, raising=False)
    translator.cache_clear()
    yield
    translator.cache_clear()


def check(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["check", *map(str, args)])


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".beforeyousign-"))


def military_verdict(lang: str) -> str:
    return translator(lang)(verdict("military_contract", ()).message_id)


# --- html ----------------------------------------------------------------------------------


def test_html_report_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "informe.html"
    result = check(EXAMPLE, "--lang", "es", "--format", "html", "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    html = target.read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="es" dir="ltr">' in html
    assert military_verdict("es") in html
    assert leftovers(tmp_path) == []


def test_html_report_to_standard_output() -> None:
    result = check(EXAMPLE, "--lang", "ar", "--format", "html")
    assert result.exit_code == 0, result.output
    assert '<html lang="ar" dir="rtl">' in result.stdout
    assert result.stdout.rstrip().endswith("</html>")


# --- pdf -----------------------------------------------------------------------------------


def test_pdf_report_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"an older report")
    result = check(EXAMPLE, "--lang", "ar", "--format", "pdf", "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr == ""
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert military_verdict("ar") in text
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", ["pdf", "audio"])
@pytest.mark.parametrize("output", [None, "-"])
def test_binary_formats_need_an_output_file(fmt: str, output: str | None) -> None:
    args: list[str | Path] = [EXAMPLE, "--format", fmt]
    if output is not None:
        args += ["-o", output]
    result = check(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"--format {fmt} writes a file" in result.stderr
    assert "-o FILE" in result.stderr


@pytest.mark.parametrize("fmt", ["html", "pdf", "audio"])
def test_one_report_formats_take_one_paper(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / ("out.ogg" if fmt == "audio" else f"out.{fmt}")
    result = check(EXAMPLE, EXAMPLE, "--format", fmt, "-o", target)
    assert result.exit_code == 2
    assert f"--format {fmt} makes one report of one paper" in result.stderr
    assert not target.exists()


def test_unreadable_paper_writes_no_pdf(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    result = check(tmp_path / "missing.txt", "--format", "pdf", "-o", target)
    assert result.exit_code == 3
    assert not target.exists()
    assert leftovers(tmp_path) == []


def test_a_pdf_that_breaks_midway_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from beforeyousign.report import render_pdf

    def broken(*args: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("layout broke")

    monkeypatch.setattr(render_pdf, "render_pdf", broken)
    target = tmp_path / "report.pdf"
    result = check(EXAMPLE, "--format", "pdf", "-o", target)
    assert isinstance(result.exception, RuntimeError)
    assert not target.exists()
    assert leftovers(tmp_path) == []


# --- audio ---------------------------------------------------------------------------------


@needs_espeak
@pytest.mark.parametrize(("name", "kind"), [("report.ogg", "OGG"), ("report.wav", "WAV")])
def test_spoken_report_to_a_file(name: str, kind: str, tmp_path: Path) -> None:
    target = tmp_path / name
    result = check(EXAMPLE, "--lang", "hi", "--format", "audio", "-o", target)
    assert result.exit_code == 0, result.output
    info = soundfile.info(str(target))
    assert info.format == kind
    assert 3 < info.duration < 600
    assert leftovers(tmp_path) == []


def test_spoken_report_needs_ogg_or_wav(tmp_path: Path) -> None:
    result = check(EXAMPLE, "--format", "audio", "-o", tmp_path / "report.mp3")
    assert result.exit_code == 2
    assert ".ogg or .wav" in result.stderr
    assert not (tmp_path / "report.mp3").exists()


@needs_espeak
def test_no_voice_for_somali_exits_10_with_a_clear_message(tmp_path: Path) -> None:
    target = tmp_path / "report.ogg"
    result = check(EXAMPLE, "--lang", "so", "--format", "audio", "-o", target)
    assert result.exit_code == 10
    _ = translator("so")
    from beforeyousign.errors import SpeechLanguageUnavailable

    expected = _(SpeechLanguageUnavailable.message_id, language="Soomaali")
    assert result.stderr.strip() == expected
    assert "Traceback" not in result.stderr
    assert not target.exists()
    assert leftovers(tmp_path) == []


def test_help_lists_the_new_formats() -> None:
    result = CliRunner().invoke(main, ["check", "--help"])
    assert result.exit_code == 0
    for fmt in ("html", "pdf", "audio"):
        assert fmt in result.stdout
