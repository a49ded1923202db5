"""Which Tesseract language packs read a page, from the script the page is written in.

Tesseract reads only the alphabets of the packs it is given, and every extra pack costs
time, so the packs follow the script: Cyrillic pages (the contracts) are read with
Russian plus English (names, e-mails, addresses in Latin letters); Latin pages (ads in
Spanish, French, English, Uzbek) with those languages; other scripts with their own.
Only installed packs are used; when none of a script's packs is installed the default
set is used and the page is likely to read badly, which its confidence then shows.
"""

from __future__ import annotations

from collections.abc import Iterable

DEFAULT = ("rus", "eng")

#: Tesseract OSD script name -> packs, most likely first.
BY_SCRIPT: dict[str, tuple[str, ...]] = {
    "Cyrillic": ("rus", "eng"),
    "Latin": ("eng", "spa", "fra"),
    "Arabic": ("ara", "eng"),
    "Devanagari": ("hin", "nep", "eng"),
    "Bengali": ("ben", "eng"),
    "Tamil": ("tam", "eng"),
    "Sinhala": ("sin", "eng"),
}

#: ISO 639-1 (the reader's or the document's language) -> Tesseract pack.
TESSERACT_CODE: dict[str, str] = {
    "ru": "rus",
    "en": "eng",
    "es": "spa",
    "fr": "fra",
    "ar": "ara",
    "hi": "hin",
    "ne": "nep",
    "bn": "ben",
    "si": "sin",
    "ta": "tam",
    "uz": "uzb",
}


def packs_for_script(script: str | None, installed: Iterable[str]) -> str:
    """The ``+``-joined packs for ``script`` that are installed, or the default set."""
    have = set(installed)
    wanted = BY_SCRIPT.get(script or "", DEFAULT)
    chosen = [p for p in wanted if p in have] or [p for p in DEFAULT if p in have]
    return "+".join(chosen) or "eng"


def latin_share(text: str) -> float:
    """Share of letters that are basic or extended Latin (Cyrillic pages read with Latin
    packs, or the reverse, show up here)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(ch < "\u0250" for ch in letters) / len(letters)
