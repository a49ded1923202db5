"""The PDF report: the HTML report on A4 through WeasyPrint, every script shaped.

Text is read back with pypdf and page 1 drawn with pypdfium2.  Devanagari vowel signs
come back from a PDF in visual order (ि before its consonant), so texts are compared by
their letters and digits only ("skeleton"), which is what a missing glyph would break.
Each language's page 1 is saved as PNG under the pytest temporary folder
(``<basetemp>/pdf-pages*/<lang>-page1.png``) for a person to look at.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from beforeyousign.i18n import translator
from beforeyousign.knowledge.taxonomy import FLAGS
from beforeyousign.report.render_html import render_html
from beforeyousign.report.render_pdf import html_to_pdf, inline_only_fetcher, render_pdf
from beforeyousign.report.render_text import _language_name
from test_render_html import military, photo_report

LANGUAGES = ["en", "es", "ar", "hi", "ne", "bn", "si", "ta", "so", "uz", "ru"]
# Language -> (the Noto family its script needs, its letters).
SCRIPTS = {
    "ar": ("Arabic", re.compile(r"[\u0600-\u06ff]")),
    "hi": ("Devanagari", re.compile(r"[\u0900-\u097f]")),
    "ne": ("Devanagari", re.compile(r"[\u0900-\u097f]")),
    "bn": ("Bengali", re.compile(r"[\u0980-\u09ff]")),
    "si": ("Sinhala", re.compile(r"[\u0d80-\u0dff]")),
    "ta": ("Tamil", re.compile(r"[\u0b80-\u0bff]")),
    "ru": ("Sans", re.compile(r"[А-Яа-яЁё]")),
}
A4 = (595.28, 841.89)  # points
# A budget phone's screen as a browser shows it, CSS pixels (360 x 800, less the bars).
PHONE_SCREEN = (
    "@page { size: 360px 720px; margin: 0; @bottom-center { content: none } }"
    "@media print { body { font-size: 17px; padding: 0.6rem 0.7rem; }"
    " .verdict { font-size: 1.35rem; } }"
)


def skeleton(text: str) -> str:
    """Letters and digits only, compatibility-normalised (Arabic presentation forms)."""
    normal = unicodedata.normalize("NFKC", text)
    return "".join(c for c in normal if unicodedata.category(c)[0] in "LN")


@cache
def pdf_of(lang: str) -> bytes:
    return render_pdf(military(lang), translator(lang))


def pdf_text(data: bytes, pages: slice = slice(None)) -> str:
    import io

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages[pages])


def pdf_fonts(data: bytes) -> set[str]:
    import io

    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


@pytest.fixture(scope="module")
def png_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdf-pages")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_report_in_every_language(lang: str, png_folder: Path) -> None:
    data = pdf_of(lang)
    assert data.startswith(b"%PDF-")
    import io

    reader = PdfReader(io.BytesIO(data))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (round(A4[0]), round(A4[1]))
    _ = translator(lang)
    text = skeleton(pdf_text(data))
    verdict = _(military(lang).verdict.message_id)
    assert skeleton(verdict) in text
    # The language's own name is in the header whatever the catalog holds, so every
    # script is drawn at least once: with a font that has it, not as empty boxes.
    assert skeleton(_language_name(_.language, _.language)) in text
    if lang in SCRIPTS:
        family, letters = SCRIPTS[lang]
        assert any(family in font for font in pdf_fonts(data)), pdf_fonts(data)
        if verdict != military(lang).verdict.message_id:  # the catalog translates it
            assert letters.search(pdf_text(data, slice(0, 1)))
    # Page 1 drawn: not blank.
    image = pdfium.PdfDocument(data)[0].render(scale=1).to_pil().convert("L")
    histogram = image.histogram()
    dark = sum(histogram[:160])
    assert dark > 0.01 * image.width * image.height
    image.save(png_folder / f"{lang}-page1.png")


def test_quotes_stay_in_russian_in_the_pdf() -> None:
    text = skeleton(pdf_text(pdf_of("hi")))
    for finding in military("hi").flags:
        for evidence in finding.evidence:
            assert skeleton(evidence.quote) in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_first_phone_screen_says_what_matters_most(lang: str) -> None:
    """On a 360 x 720 screen, before any scrolling, a reader of the military contract
    learns: military service; it can last until mobilisation ends; leaving is punished;
    never hand over the passport."""
    _ = translator(lang)
    html = render_html(military(lang), _).replace(
        "</head>", f"<style>{PHONE_SCREEN}</style></head>"
    )
    screen = skeleton(pdf_text(html_to_pdf(html), slice(0, 1)))
    report = military(lang)
    must = [
        report.verdict.message_id,
        FLAGS["term_extension"].explanation_id,  # "... until the end of mobilisation ..."
        FLAGS["penalty_threat"].explanation_id,  # "... criminal charges ... for leaving"
        FLAGS["document_retention"].advice_id,  # "Never hand over your passport."
    ]
    for message in must:
        if lang != "en":
            assert _(message) != message, f"not translated into {lang}: {message}"
        assert skeleton(_(message)) in screen, message
    for finding in report.flags:
        assert skeleton(_(FLAGS[finding.flag].title_id)) in screen


def test_photo_report_pdf_shows_the_pages() -> None:
    import io

    report = photo_report()
    data = render_pdf(report, translator("en"))
    reader = PdfReader(io.BytesIO(data))
    texts = [page.extract_text() for page in reader.pages]
    (first,) = [i for i, text in enumerate(texts) if "The paper, with the warnings marked" in text]
    assert "Page 1" in texts[first]
    # The marker is drawn (as SVG text) on the photo: flags 1 and 7 quote the same words.
    assert f"1,{len(report.flags)}" in texts[first].split()
    assert any("Page 2" in text for text in texts[first:])
    image = pdfium.PdfDocument(data)[first].render(scale=1).to_pil().convert("RGB")
    rgb = image.tobytes()
    reds = sum(
        1 for i in range(0, len(rgb), 3) if rgb[i] > 150 and rgb[i + 1] < 60 and rgb[i + 2] < 60
    )
    assert reds > 50  # the critical flag's marker and box, in its colour


def test_making_a_pdf_fetches_nothing() -> None:
    fetch = inline_only_fetcher()
    for url in ("https://example.org/font.woff2", "http://127.0.0.1:9/", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetch(url)
    html = (
        '<html><head><link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head><body>'
        '<img src="http://127.0.0.1:9/x.png"><p>still made</p></body></html>'
    )
    assert "still made" in pdf_text(html_to_pdf(html))


def test_the_command_line_starts_without_weasyprint_or_jinja() -> None:
    code = (
        "import sys\n"
        "from beforeyousign.interfaces import cli\n"
        "import beforeyousign.report.render_pdf, beforeyousign.report.render_audio\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'weasyprint', 'jinja2'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert out.strip() == "[]"
