"""Every shipped reader language through every renderer, on the same military contract.

The bar of the reader's-language issue: text, JSON, HTML and audio for each language
(PDF for each language is in test_render_pdf.py). Each rendering must be in that
language: the translated verdict appears, the catalog's script shows, and the output is
well-formed (HTML parsed, JSON against the schema, audio of a plausible length).
"""

from __future__ import annotations

import io
import json
import shutil
import unicodedata
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from beforeyousign import pipeline
from beforeyousign.errors import OutputUnavailable
from beforeyousign.i18n import available_languages, translator
from beforeyousign.report.model import Report
from beforeyousign.report.render_html import render_html
from beforeyousign.report.render_json import render_json
from beforeyousign.report.render_text import render_text

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "examples" / "military-contract-nepal.ru.txt"
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text("utf-8"))

#: The script each reader language is written in (Unicode name prefix of its letters).
SCRIPTS = {
    "ar": "ARABIC",
    "bn": "BENGALI",
    "hi": "DEVANAGARI",
    "ne": "DEVANAGARI",
    "ru": "CYRILLIC",
    "si": "SINHALA",
    "ta": "TAMIL",
}
LANGUAGES = available_languages()


@cache
def report(lang: str) -> Report:
    return pipeline.run_path(CONTRACT, lang)


def verdict(lang: str) -> str:
    r = report(lang)
    return translator(lang)(r.verdict.message_id, **r.verdict.params)


def script_share(text: str, script: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    hits = sum(unicodedata.name(ch, "").startswith(script) for ch in letters)
    return hits / max(1, len(letters))


def test_every_issue_language_is_shipped() -> None:
    wanted = {"en", "es", "fr", "ar", "hi", "ne", "bn", "si", "ta", "so", "uz", "ru"}
    assert wanted <= set(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_text_report(lang: str) -> None:
    text = render_text(report(lang), translator(lang))
    assert verdict(lang) in text.replace("\n", " ") or verdict(lang)[:30] in text
    if lang in SCRIPTS:
        assert script_share(text, SCRIPTS[lang]) > 0.3, lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_json_report(lang: str) -> None:
    data = json.loads(render_json(report(lang), translator(lang)))
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert data["verdict"]["text"] == verdict(lang)
    assert data["verdict"]["id"] == "military_contract"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.html_attrs: dict[str, str | None] = {}
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.html_attrs = dict(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_html_report(lang: str) -> None:
    page = _Page()
    page.feed(render_html(report(lang), translator(lang)))
    page.close()
    assert page.html_attrs.get("lang") == lang
    assert page.html_attrs.get("dir") == ("rtl" if lang == "ar" else "ltr")
    text = " ".join(" ".join(page.text).split())
    assert " ".join(verdict(lang).split()) in text
    if lang in SCRIPTS:
        assert script_share(text, SCRIPTS[lang]) > 0.2, lang


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="no espeak-ng (make setup)")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_audio_report_or_a_clear_refusal(lang: str) -> None:
    import soundfile

    from beforeyousign.report.render_audio import render_audio, voice_for

    if voice_for(lang) is None:
        with pytest.raises(OutputUnavailable):
            render_audio(report(lang), translator(lang), "wav")
        return
    sound = render_audio(report(lang), translator(lang), "wav")
    info = soundfile.info(io.BytesIO(sound))
    assert 3 < info.duration < 600, (lang, info.duration)
