"""Properties of ``analyse_text`` on any text at all (hypothesis).

Whatever is pasted (Cyrillic, right-to-left scripts, combining marks, zero-width and
control characters, mixed line endings, pieces of real contracts in any order):

* the only error is ``EmptyInput``, and only for text that is blank;
* every quote is the raw text at its ``raw_span``, inside the text, located on the line
  where it starts;
* the report is well formed (known flag ids, quotes for every flag) and JSON-serialisable.
* what a reader cannot see (invisible characters inside words, stress marks, a Latin
  look-alike letter in a Russian word) changes no finding.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from random import Random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beforeyousign import analyse_text
from beforeyousign.errors import EmptyInput
from beforeyousign.knowledge.taxonomy import FLAGS
from beforeyousign.report.model import Report

ROOT = Path(__file__).resolve().parents[1]
CORPUS_FOLDERS = (ROOT.parent / "shared" / "corpus" / "dev", ROOT / "tests" / "corpus")

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Characters that break naive text handling, each for a reason.
AWKWARD = (
    "\u0301\u0300\u0308"  # combining accents (ударение, ё written as е + ¨)
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width space, (non-)joiner, word joiner, BOM
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2069"  # bidi marks and overrides
    "\u00ad"  # soft hyphen
    "\x00\x01\x07\x08\x0b\x0c\x1b\x1c\x1f\x7f\x85\x9f"  # C0/C1 controls
    "\r\n\t \u00a0\u2028\u2029\u3000"  # line breaks and spaces of every kind
    "\ufffd\ufb01\uff10\u2116\u00ab\u00bb\u2014"  # replacement char, ligature, fullwidth, №«»—
)
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
RTL = "אבגדהוזחטיכלמנסעפצקרשת" + "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _corpus_lines() -> list[str]:
    lines: list[str] = []
    for folder in CORPUS_FOLDERS:
        for path in sorted(folder.glob("*.txt")):
            lines.extend(line for line in path.read_text("utf-8").splitlines() if line.strip())
    return lines or ["Контракт о прохождении военной службы", "Passport kept by the employer."]


CORPUS_LINES = _corpus_lines()

any_text = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=("Cs",)),  # any code point but lone surrogates
        st.sampled_from(AWKWARD),
        st.sampled_from(CYRILLIC),
        st.sampled_from(RTL),
    ),
    max_size=300,
)
blank_text = st.text(alphabet=st.sampled_from(" \t\r\n\x0b\x0c\u00a0\u2003\u2028\u3000"))


@st.composite
def recombined_corpus(draw: st.DrawFn) -> str:
    """Lines of real corpus files in a random order, with awkward characters dropped in."""
    lines = draw(st.lists(st.sampled_from(CORPUS_LINES), min_size=1, max_size=12))
    separator = draw(st.sampled_from(["\n", "\r\n", "\r", "\n\n", " "]))
    text = separator.join(lines)
    insertions = draw(
        st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(AWKWARD)), max_size=12)
    )
    for position, char in insertions:
        at = position % (len(text) + 1)
        text = text[:at] + char + text[at:]
    return text


def raw_text_of(text: str) -> str:
    """The document raw text ``analyse_text`` works on: line endings made "\\n", NULs
    dropped (as for a text file)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def analyse_or_empty(text: str) -> Report | None:
    """The report, or None when the text is blank (and only then)."""
    try:
        report = analyse_text(text)
    except EmptyInput:
        assert not raw_text_of(text).strip(), f"EmptyInput for text that is not blank: {text!r}"
        return None
    assert raw_text_of(text).strip(), f"blank text analysed: {text!r}"
    return report


def assert_well_formed(report: Report, text: str) -> None:
    raw = raw_text_of(text)
    evidence = [e for f in report.flags for e in f.evidence]
    evidence += [t.evidence for t in report.terms if t.evidence is not None]
    evidence += list(report.doc_type.evidence)
    for item in evidence:
        assert 0 <= item.raw_start < item.raw_end <= len(raw)
        assert 0 <= item.start < item.end
        assert item.quote == raw[item.raw_start : item.raw_end]
        location = item.location
        assert location.block == raw.count("\n", 0, item.raw_start) + 1  # one block a line
        assert (location.page, location.line, location.kind) == (None, 1, "line")
    for flag in report.flags:
        assert flag.flag in FLAGS
        assert flag.evidence, flag.flag
        assert 0.0 <= flag.score <= 1.0
    assert len(set(report.flag_ids)) == len(report.flag_ids)
    assert json.loads(report.to_json()) == report.to_dict()


@SETTINGS
@given(any_text)
def test_any_text_is_analysed_or_blank(text: str) -> None:
    report = analyse_or_empty(text)
    if report is not None:
        assert_well_formed(report, text)


@SETTINGS
@given(blank_text)
def test_blank_text_raises_empty_input(text: str) -> None:
    assert analyse_or_empty(text) is None


@SETTINGS
@given(recombined_corpus())
def test_recombined_corpus_lines_keep_their_quotes_exact(text: str) -> None:
    report = analyse_or_empty(text)
    if report is not None:
        assert_well_formed(report, text)


@settings(max_examples=40, deadline=None)
@given(recombined_corpus())
def test_analysis_is_deterministic(text: str) -> None:
    first = analyse_or_empty(text)
    second = analyse_or_empty(text)
    assert (first and first.to_dict()) == (second and second.to_dict())


@SETTINGS
@given(st.lists(st.sampled_from(CORPUS_LINES), min_size=1, max_size=8), st.sampled_from(AWKWARD))
def test_quotes_survive_awkward_characters_between_every_word(lines: list[str], char: str) -> None:
    """A zero-width space or a combining mark between all words still gives exact quotes."""
    text = "\n".join(char.join(line.split(" ")) for line in lines)
    report = analyse_or_empty(text)
    if report is not None:
        assert_well_formed(report, text)


# --- what a reader cannot see must not change what is found ---------------------------------
#
# The normaliser promises (text/normalise.py) that a keyword hidden from a naive check by
# characters a reader does not see, or by look-alike letters, is still found. So these
# changes to a paper must not change its findings.

INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
RUSSIAN_FILES = sorted(p for folder in CORPUS_FOLDERS for p in folder.glob("*.ru.txt"))
RUSSIAN_TEXTS = [p.read_text("utf-8") for p in RUSSIAN_FILES]
#: Cyrillic letters and the Latin letters that look the same.
LOOK_ALIKES = dict(zip("аеорсхуАЕОРСХКМТВН", "aeopcxyAEOPCXKMTBH", strict=True))


def findings(text: str) -> tuple[str, frozenset[str]]:
    report = analyse_text(text)
    return report.doc_type.doc_type, frozenset(report.flag_ids)


def changed_files(perturb: Callable[[str], str]) -> dict[str, tuple[object, object]]:
    """name -> (findings before, after) for every Russian corpus file ``perturb`` changes."""
    changed = {}
    for path, text in zip(RUSSIAN_FILES, RUSSIAN_TEXTS, strict=True):
        before, after = findings(text), findings(perturb(text))
        if before != after:
            changed[path.name] = (before, after)
    return changed


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(RUSSIAN_TEXTS or ["Паспорт работника хранится у работодателя."]),
    st.sampled_from(INVISIBLE),
    st.randoms(use_true_random=False),
)
def test_invisible_characters_inside_words_change_nothing(
    text: str, char: str, random: Random
) -> None:
    pieces = []
    for index, current in enumerate(text):
        pieces.append(current)
        following = text[index + 1 : index + 2]
        if current.isalpha() and following.isalpha() and random.random() < 0.3:
            pieces.append(char)
    assert findings("".join(pieces)) == findings(text)


@pytest.mark.skipif(not RUSSIAN_FILES, reason="no Russian corpus files")
def test_stress_marks_change_nothing() -> None:
    """Texts for foreigners mark the stress: «ко́нтракт», «па́спорт», one mark a word (U+0301
    after the vowel, which has no precomposed Cyrillic form, so NFC keeps it)."""
    first_vowel = re.compile(
        "(?<![А-Яа-яЁё])([б-джзй-нп-тф-щъьБ-ДЖЗЙ-НП-ТФ-ЩЪЬ]*[аеиоуыэюяАЕИОУЫЭЮЯ])"
    )
    assert changed_files(lambda text: first_vowel.sub("\\1\u0301", text)) == {}


@pytest.mark.skipif(not RUSSIAN_FILES, reason="no Russian corpus files")
def test_one_latin_look_alike_per_word_changes_nothing() -> None:
    """«KОНТРАКТ» with a Latin K, «CВО» with a Latin C: one swapped letter in a word whose
    letters all have look-alikes must not hide it."""

    def swap_first(match: re.Match[str]) -> str:
        word = match.group()
        for index, letter in enumerate(word):
            if letter in LOOK_ALIKES:
                return word[:index] + LOOK_ALIKES[letter] + word[index + 1 :]
        return word

    assert changed_files(lambda text: re.sub("[А-Яа-яЁё]+", swap_first, text)) == {}
