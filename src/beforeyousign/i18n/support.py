"""What this installation offers a reader in each language it ships a catalog for.

One row per reader language: its name in English and in itself, how much of its catalog
is translated, whether a native speaker reviewed it, whether espeak-ng can speak the
report, whether Tesseract has the data to read photos in it, and whether the rule packs
read papers written in it.  ``beforeyousign languages`` prints it; the web page and the
bot can show the same rows.

Everything is found on this machine, offline: the catalogs and rule packs inside the
installed package, ``espeak-ng --voices`` (run once per process) and Tesseract's
``*.traineddata`` files.
"""

from __future__ import annotations

import os
import subprocess
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from beforeyousign.errors import N_
from beforeyousign.i18n import (
    SOURCE_LANGUAGE,
    Translator,
    available_languages,
    catalog_completeness,
    catalog_reviewed,
)

#: ISO 639-1 code -> Tesseract language data names (any one of them is enough).
#: Somali has no Tesseract model, so it is absent: photos in it cannot be read.
TESSERACT_CODES: dict[str, tuple[str, ...]] = {
    "ar": ("ara",),
    "bn": ("ben",),
    "en": ("eng",),
    "es": ("spa",),
    "fa": ("fas",),
    "fr": ("fra",),
    "hi": ("hin",),
    "kk": ("kaz",),
    "ky": ("kir",),
    "ne": ("nep",),
    "pt": ("por",),
    "ru": ("rus",),
    "si": ("sin",),
    "ta": ("tam",),
    "tg": ("tgk",),
    "uk": ("ukr",),
    "ur": ("urd",),
    "uz": ("uzb", "uzb_cyrl"),
}
TESSDATA_FOLDERS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)
ESPEAK = "espeak-ng"
#: A sound server that is not there. espeak-ng loads libpulse even when it only lists
#: voices or writes a file, and libpulse with no server named makes a runtime folder in
#: TMPDIR and a link under HOME (``~/.config/pulse``) and leaves them behind: a trace that
#: the tool was used. Naming a server that does not exist stops it.
NO_SOUND_SERVER = "unix:/nonexistent"


def espeak_environment() -> dict[str, str]:
    """The environment to start espeak-ng (and sox) with: this process's, with no sound
    server unless one is named."""
    return {**os.environ, "PULSE_SERVER": os.environ.get("PULSE_SERVER", NO_SOUND_SERVER)}


@dataclass(frozen=True)
class LanguageSupport:
    code: str
    name_en: str
    name_native: str
    translated: int | None  # catalog entries translated; None for English, the source
    total: int | None
    reviewed: bool | None  # by a native speaker; None for English, the source language
    speech: bool | None  # espeak-ng has a voice; None when espeak-ng is not installed
    ocr: bool  # Tesseract has language data for it
    rules: bool  # a rule pack reads papers written in it

    @property
    def percent(self) -> int:
        """Share of the catalog translated, rounded down (99 % is not "complete")."""
        if self.translated is None or not self.total:
            return 100  # English: the messages are written in it
        return self.translated * 100 // self.total

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name_en": self.name_en,
            "name_native": self.name_native,
            "catalog": {"translated": self.translated, "total": self.total,
                        "percent": self.percent},
            "reviewed_by_native_speaker": self.reviewed,
            "speech": self.speech,
            "ocr": self.ocr,
            "rules": self.rules,
        }  # fmt: skip


def language_support() -> tuple[LanguageSupport, ...]:
    """A row for every reader language this installation ships, English first."""
    rows = []
    for code in sorted(available_languages(), key=lambda c: (c != SOURCE_LANGUAGE, c)):
        counts = catalog_completeness(code)
        translated, total = counts if counts is not None else (None, None)
        rows.append(
            LanguageSupport(
                code=code,
                name_en=language_name(code, "en"),
                name_native=language_name(code, code),
                translated=translated,
                total=total,
                reviewed=catalog_reviewed(code),
                speech=has_voice(code),
                ocr=has_ocr_data(code),
                rules=has_rule_pack(code),
            )
        )
    return tuple(rows)


def language_name(code: str, in_language: str) -> str:
    """The name of the language ``code`` in ``in_language`` (Babel/CLDR), or the code."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(code).get_display_name(in_language) or code)
    except (ValueError, UnknownLocaleError):
        return code


@lru_cache(maxsize=1)
def espeak_voices() -> frozenset[str] | None:
    """The language tags of espeak-ng's voices (``en-gb``, ``ne`` …), or None without
    espeak-ng.  Run once per process."""
    try:
        process = subprocess.run(
            [ESPEAK, "--voices"],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
            env=espeak_environment(),
        )
    except (OSError, subprocess.SubprocessError):
        return None
    tags = set()
    for line in process.stdout.splitlines()[1:]:  # the first line is the column heads
        columns = line.split()
        if len(columns) >= 2:
            tags.add(columns[1].lower())
    return frozenset(tags)


def has_voice(code: str) -> bool | None:
    voices = espeak_voices()
    if voices is None:
        return None
    return any(tag == code or tag.startswith(f"{code}-") for tag in voices)


def tessdata_folders() -> list[Path]:
    """Where Tesseract looks for language data: ``TESSDATA_PREFIX`` (the folder itself or
    its parent, as Tesseract 4/5 and 3 read it), then Debian's and the usual folders."""
    folders = []
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        folders += [Path(prefix), Path(prefix) / "tessdata"]
    return folders + [Path(folder) for folder in TESSDATA_FOLDERS]


def has_ocr_data(code: str) -> bool:
    names = TESSERACT_CODES.get(code, ())
    return any(
        (folder / f"{name}.traineddata").is_file()
        for folder in tessdata_folders()
        for name in names
    )


def has_rule_pack(code: str) -> bool:
    """Whether ``analysis/rules/<code>.yaml`` is shipped (looked up as package data: the
    i18n layer does not import the analysis code)."""
    return (resources.files("beforeyousign") / "analysis" / "rules" / f"{code}.yaml").is_file()


# --- rendering -----------------------------------------------------------------------------

COLUMNS = (
    N_("code"),
    N_("in English"),
    N_("in itself"),
    N_("translated"),
    N_("native review"),
    N_("speech"),
    N_("photos (OCR)"),
    N_("reads papers"),
)


def render_language_support(rows: tuple[LanguageSupport, ...], _: Translator) -> str:
    """The rows as a plain-text table in the reader's language, with a legend."""
    yes, no = _("yes"), _("no")

    def flag(value: bool | None, unknown: str) -> str:
        return unknown if value is None else (yes if value else no)

    table = [[_(heading) for heading in COLUMNS]]
    for row in rows:
        table.append([
            row.code,
            row.name_en,
            row.name_native,
            f"{row.percent}%",
            flag(row.reviewed, _("source language")),
            flag(row.speech, "?"),
            flag(row.ocr, "?"),
            flag(row.rules, "?"),
        ])  # fmt: skip
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS))]
    lines = []
    if _.fell_back:
        lines.append(_("Your language ({language}) is not available yet; this report is in "
                       "English.", language=_.requested))  # fmt: skip
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
              for line in table]  # fmt: skip
    lines.append("")
    lines += textwrap.wrap(
        _("translated: share of the messages translated; native review: checked by a native "
          "speaker; speech: the report can be read aloud (espeak-ng); photos (OCR): photos "
          "and scans in this language can be read (Tesseract); reads papers: the warning "
          "rules read papers written in this language."), 88)  # fmt: skip
    if any(row.speech is None for row in rows):
        lines.append(_("espeak-ng is not installed: reports cannot be read aloud."))
    return "\n".join(lines) + "\n"


def language_support_dict(rows: tuple[LanguageSupport, ...], _: Translator) -> dict[str, Any]:
    data: dict[str, Any] = {
        "text_language": _.language,
        "languages": [row.to_dict() for row in rows],
    }
    if _.fell_back:
        data["text_language_fallback"] = {"requested": _.requested, "used": _.language}
    return data
