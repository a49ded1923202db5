"""Evasion: every flag's key phrases, disguised the ways a recruiter dodges a keyword check,
are still flagged, and the quote shows the disguised characters of the document.

The table is generated from the rule packs.  For each rule a minimal sentence is built from
its ``all`` groups (the first alternative of each, then the second…; Russian stems are
completed to a dictionary word by pymorphy3); the sentences that raise the rule's flag
cleanly are the *baseline*, and the baseline must cover every flag the packs can raise, so
the table cannot shrink unnoticed.  Each baseline sentence then goes through every evasion
transform (small pure functions, seeded by the sentence): the flag must still be raised
and one of its quotes must be the document's own, disguised, characters.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from random import Random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beforeyousign import analyse_text
from beforeyousign.analysis.rulepack import bundled_packs
from beforeyousign.report.model import Report
from beforeyousign.text import normalise as normalise_module
from beforeyousign.text.normalise import normalise

ROOT = Path(__file__).resolve().parents[1]
CORPUS_FOLDERS = [ROOT.parent / "shared" / "corpus" / "dev"] + [
    ROOT / "tests" / name for name in ("corpus", "holdout", "holdout2", "holdout3", "holdout4")
]
MAX_TRIES = 3  # alternatives tried per rule (first, second, third of every group)


# --------------------------------------------------------------------------- the baseline


@cache
def _morph() -> object:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@cache
def _complete(stem: str) -> str:
    """A dictionary word that starts with a Russian stem («военн» -> «военный»)."""
    best: tuple[bool, int, str] | None = None
    parses = _morph().iter_known_word_parses(stem)  # type: ignore[attr-defined]
    for count, (word, _tag, normal_form, *_rest) in enumerate(parses):
        if count > 300:
            break
        key = (word != normal_form, len(word), word)  # a dictionary form, short
        if word.startswith(stem) and (best is None or key < best):
            best = key
    return best[2] if best else stem


def _surface(word: str, prefix: bool, language: str) -> str:
    if not word:
        return "два" if language == "ru" else "two"
    if prefix and language == "ru":
        return _complete(word)
    return word


@cache
def _flags(text: str) -> frozenset[str]:
    return frozenset(f.flag for f in _report(text).flags)


@cache
def _report(text: str) -> Report:
    return analyse_text(text)


@cache
def baseline() -> tuple[tuple[str, str, str], ...]:
    """(language, flag, sentence) for every rule a minimal sentence raises cleanly."""
    rows: list[tuple[str, str, str]] = []
    for pack in bundled_packs():
        for rule in pack.rules:
            for i in range(MAX_TRIES):
                phrases = [group[min(i, len(group) - 1)] for group in rule.groups]
                sentence = " ".join(
                    _surface(w.text, w.prefix, pack.language) for p in phrases for w in p
                )
                sentence = sentence[:1].upper() + sentence[1:] + "."
                for framed in _framings(sentence, pack.language, rule.requires, rows):
                    if rule.flag in _flags(framed):
                        rows.append((pack.language, rule.flag, framed))
                        break
                else:
                    continue
                break
    return tuple(dict.fromkeys(rows))


JOB_AD = {"ru": "Вакансия, зарплата 200000 рублей.", "en": "Job vacancy, salary 2000 USD."}


def _framings(
    sentence: str, language: str, requires: frozenset[str], rows: list[tuple[str, str, str]]
) -> list[str]:
    """The sentence alone; for a rule raised only beside another flag, after a sentence
    that raises one of them, in a job ad."""
    if not requires:
        return [sentence]
    before = [s for lang, flag, s in rows if lang == language and flag in requires]
    ad = JOB_AD.get(language, JOB_AD["en"])
    return [f"{ad} {b} {sentence}" for b in before[:3]]


def test_baseline_covers_every_flag_of_the_packs() -> None:
    pack_flags = {rule.flag for pack in bundled_packs() for rule in pack.rules}
    assert {flag for _, flag, _ in baseline()} == pack_flags
    # and most rules give a sentence of their own (the table does not silently thin out)
    rules = sum(len(pack.rules) for pack in bundled_packs())
    assert len(baseline()) >= 0.6 * rules


# --------------------------------------------------------------------------- transforms

LAT_TO_CYR = dict(zip("aceopxyABCEHKMOPTXY", "асеорхуАВСЕНКМОРТХУ", strict=True))
CYR_TO_LAT = {v: k for k, v in LAT_TO_CYR.items()}
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def _words(text: str) -> list[tuple[int, int]]:
    spans, start = [], None
    for i, char in enumerate(text + " "):
        if char.isalpha() and start is None:
            start = i
        elif not char.isalpha() and start is not None:
            spans.append((start, i))
            start = None
    return spans


def _per_word(text: str, change: Callable[[str], str]) -> str:
    out, pos = [], 0
    for start, end in _words(text):
        out.append(text[pos:start])
        out.append(change(text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _cyrillic(word: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in word)


def lookalikes(text: str, rng: Random, every: bool = False) -> str:
    """Letters swapped for their look-alikes in the other script (either direction)."""

    def change(word: str) -> str:
        table = CYR_TO_LAT if _cyrillic(word) else LAT_TO_CYR
        spots = [i for i, c in enumerate(word) if c in table]
        own = len(word) - len(spots)  # letters with no look-alike keep the word's script
        if not spots or (own == 0 and len(word) < 3):
            return word
        if every and own:
            chosen = spots
        else:
            chosen = rng.sample(spots, 1 if own else (len(spots) - 1) // 2 or 0)
        chars = list(word)
        for i in chosen:
            chars[i] = table[chars[i]]
        return "".join(chars)

    return _per_word(text, change)


def invisible(text: str, rng: Random, chars: str = ZERO_WIDTH) -> str:
    def change(word: str) -> str:
        if len(word) < 2:
            return word
        i = rng.randrange(1, len(word))
        return word[:i] + rng.choice(chars) + word[i:]

    return _per_word(text, change)


def letter_spacing(text: str, rng: Random, space: str = " ") -> str:
    """Words of four letters or more spaced out; the gaps between words widened."""
    del rng
    spaced = _per_word(text, lambda w: space.join(w) if len(w) >= 4 else w)
    return spaced.replace(" ", "  ") if space != " " else _widen(text, spaced)


def _widen(text: str, spaced: str) -> str:
    out, pos = [], 0
    for start, end in _words(text):
        out.append(text[pos:start].replace(" ", "  "))
        word = text[start:end]
        out.append(" ".join(word) if len(word) >= 4 else word)
        pos = end
    out.append(text[pos:].replace(" ", "  "))
    return "".join(out)


def line_break(text: str, rng: Random, mark: str = "") -> str:
    """Words of six letters or more broken across two lines, in the middle."""
    del rng

    def change(word: str) -> str:
        if len(word) < 6:
            return word
        i = len(word) // 2
        return word[:i] + mark + "\n" + word[i:]

    return _per_word(text, change)


CYR_DIGITS = {"о": "0", "з": "3", "б": "6", "ч": "4", "О": "0", "З": "3", "Б": "6"}
LAT_DIGITS = {"o": "0", "e": "3", "a": "4", "O": "0", "E": "3", "A": "4"}


def digits(text: str, rng: Random) -> str:
    """One letter of each word written as a digit («пасп0рт», «3арплата», "passp0rt")."""
    del rng

    def change(word: str) -> str:
        table = CYR_DIGITS if _cyrillic(word) else LAT_DIGITS
        if len(word) < 4:
            return word
        for i, char in enumerate(word):
            if 0 < i < len(word) - 1 and char in table and not word[i - 1].isdigit():
                return word[:i] + table[char] + word[i + 1 :]
        return word

    return _per_word(text, change)


_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "ъ": "", "э": "e",
}  # fmt: skip
SCHEMES = {
    # informal, as a passport office or a news site writes it
    "formal": {"х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y", "й": "y",
               "ь": "'", "ю": "yu", "я": "ya"},
    # chat: «x» for «х», «4» for «ч», soft signs dropped
    "chat": {"х": "x", "ц": "ts", "ч": "4", "ш": "sh", "щ": "sch", "ы": "y",
             "й": "j", "ь": "", "ю": "ju", "я": "ja"},
    # plain: «h» for «х», «ia»/«iu», «i» for «й»
    "plain": {"х": "h", "ц": "tz", "ч": "ch", "ш": "sh", "щ": "sch", "ы": "y", "й": "i",
              "ь": "", "ю": "iu", "я": "ia"},
}  # fmt: skip


def transliterate(text: str, rng: Random, scheme: str = "formal") -> str:
    del rng
    table = {**_COMMON, **SCHEMES[scheme]}
    out = []
    for char in text:
        low = char.lower()
        if low in table:
            latin = table[low]
            out.append(latin.capitalize() if char != low else latin)
        else:
            out.append(char)
    return "".join(out)


def _both(
    first: Callable[[str, Random], str], second: Callable[[str, Random], str]
) -> Callable[[str, Random], str]:
    return lambda text, rng: second(first(text, rng), rng)


TRANSFORMS: dict[str, tuple[Callable[[str, Random], str], frozenset[str] | None]] = {
    # name: (transform, languages it applies to; None: every language)
    "lookalike-one": (lookalikes, frozenset({"ru", "en", "es", "fr"})),
    "lookalike-all": (
        lambda t, r: lookalikes(t, r, every=True),
        frozenset({"ru", "en", "es", "fr"}),
    ),
    "zero-width": (invisible, None),
    "soft-hyphen": (lambda t, r: invisible(t, r, "\u00ad"), None),
    "spacing": (letter_spacing, frozenset({"ru", "en", "es", "fr"})),
    "spacing-nbsp": (
        lambda t, r: letter_spacing(t, r, "\u00a0"),
        frozenset({"ru", "en", "es", "fr"}),
    ),
    "spacing-thin": (
        lambda t, r: letter_spacing(t, r, "\u2009"),
        frozenset({"ru", "en", "es", "fr"}),
    ),
    "break-hyphen": (lambda t, r: line_break(t, r, "-"), frozenset({"ru", "en", "es", "fr"})),
    "break-bare": (line_break, frozenset({"ru", "en", "es", "fr"})),
    "digits": (digits, frozenset({"ru", "en", "es", "fr"})),
    "translit-formal": (transliterate, frozenset({"ru"})),
    "translit-chat": (lambda t, r: transliterate(t, r, "chat"), frozenset({"ru"})),
    "translit-plain": (lambda t, r: transliterate(t, r, "plain"), frozenset({"ru"})),
    "mix-lookalike-zero-width": (_both(lookalikes, invisible), frozenset({"ru", "en", "es", "fr"})),
    "mix-digits-soft-hyphen": (
        _both(digits, lambda t, r: invisible(t, r, "\u00ad")),
        frozenset({"ru", "en", "es", "fr"}),
    ),
    "mix-translit-zero-width": (_both(transliterate, invisible), frozenset({"ru"})),
    "mix-break-lookalike": (
        _both(lookalikes, lambda t, r: line_break(t, r, "-")),
        frozenset({"ru", "en", "es", "fr"}),
    ),
}


def disguise(name: str, sentence: str) -> str:
    transform, _ = TRANSFORMS[name]
    return transform(sentence, Random(zlib.crc32(f"{name}|{sentence}".encode())))


# Known gaps: a transliterated line is read as Russian only when it holds two words that
# read as Russian (a lone Latin word could be any language's), and never through a word
# of another pack ("agent" is English).
TRANSLIT_GAPS = {
    "Днр.": "a lone three-letter abbreviation in Latin letters says nothing of its language",
    "Заплата агент.": "'agent' is a word of the English pack: one Russian word is left",
}


def _cases() -> list[object]:
    cases = []
    for language, flag, sentence in baseline():
        for name, (_, languages) in TRANSFORMS.items():
            if languages is not None and language not in languages:
                continue
            disguised = disguise(name, sentence)
            if disguised != sentence:
                gap = TRANSLIT_GAPS.get(sentence) if "translit" in name else None
                marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
                case_id = f"{name}-{language}-{flag}-{len(cases)}"
                cases.append(pytest.param(name, flag, sentence, disguised, marks=marks, id=case_id))
    return cases


def check_still_flagged(flag: str, sentence: str, disguised: str) -> None:
    report = _report(disguised)
    findings = [f for f in report.flags if f.flag == flag]
    assert findings, f"{flag} lost: {disguised!r} (plain: {sentence!r})"
    quotes = [e for f in findings for e in f.evidence]
    for evidence in quotes:  # every quote is the document's own characters
        assert disguised[evidence.raw_start : evidence.raw_end] == evidence.quote
    # and where the disguise touched the words the plain sentence is quoted for, a quote
    # shows the disguise itself, not a tidied-up copy of it
    plain = [e.quote for f in _report(sentence).flags if f.flag == flag for e in f.evidence]
    if any(q not in disguised for q in plain):
        assert any(e.quote not in sentence for e in quotes), [e.quote for e in quotes]


@pytest.mark.parametrize(("name", "flag", "sentence", "disguised"), _cases())
def test_disguised_key_phrase_is_still_flagged(
    name: str, flag: str, sentence: str, disguised: str
) -> None:
    check_still_flagged(flag, sentence, disguised)


# --------------------------------------------------------------------------- properties

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.data())
def test_any_seed_of_any_transform_keeps_the_flag(data: st.DataObject) -> None:
    language, flag, sentence = data.draw(st.sampled_from(baseline()))
    names = [n for n, (_, langs) in TRANSFORMS.items() if langs is None or language in langs]
    name = data.draw(st.sampled_from(names))
    disguised = TRANSFORMS[name][0](sentence, Random(data.draw(st.integers(0, 2**32))))
    if disguised != sentence and not ("translit" in name and sentence in TRANSLIT_GAPS):
        check_still_flagged(flag, sentence, disguised)


@SETTINGS
@given(st.data())
def test_disguise_normalises_to_the_plain_words(data: st.DataObject) -> None:
    """The invisible tricks normalise to exactly the plain sentence."""
    _, _, sentence = data.draw(st.sampled_from(baseline()))
    name = data.draw(st.sampled_from(["zero-width", "soft-hyphen", "lookalike-one", "spacing"]))
    disguised = TRANSFORMS[name][0](sentence, Random(data.draw(st.integers(0, 2**32))))
    text = normalise(disguised).text
    assert " ".join(text.split()) == " ".join(sentence.split()) or name == "lookalike-one"


_NEW_STEPS = (
    normalise_module._digit_edits,
    normalise_module._line_break_in_word_edits,
    normalise_module._translit_edits,
)


def _corpus_texts() -> list[tuple[str, str]]:
    found = []
    for folder in CORPUS_FOLDERS:
        for path in sorted(folder.glob("*.txt")):
            try:
                found.append((path.name, path.read_text("utf-8")))
            except UnicodeDecodeError:  # a legacy-encoding file: the ingest tests read it
                continue
    return found


CORPUS_TEXTS = _corpus_texts()


@pytest.mark.parametrize(("name", "text"), CORPUS_TEXTS, ids=[n for n, _ in CORPUS_TEXTS])
def test_honest_corpus_text_is_untouched_by_the_word_steps(name: str, text: str) -> None:
    """No digit, line break or Latin word of the labelled corpora is rewritten: the corpora
    evaluate exactly as before the evasion steps."""
    for step in _NEW_STEPS:
        assert list(step(text)) == [], (name, step.__name__)


_CORPUS_LINES = [line for _, text in CORPUS_TEXTS for line in text.splitlines() if line.strip()]


@SETTINGS
@given(
    st.lists(st.sampled_from(_CORPUS_LINES or ["x"]), min_size=1, max_size=6),
    st.sampled_from(["\n", " ", "\n\n"]),
)
def test_recombined_honest_lines_stay_untouched(lines: list[str], joiner: str) -> None:
    text = joiner.join(lines)
    for step in _NEW_STEPS:
        assert list(step(text)) == []


@pytest.mark.parametrize(
    "raw",
    [
        "3-й этаж, 100руб в час, 2x смены, Covid19, 3года опыта, 6мес, дом 5а, A4, MP3",
        "Passport No. Z1234567, flight SU1234, room 4B",
        "The contract and the passport stay with you; no deposit.",
        "Contrato de trabajo: el pasaporte queda con usted.",
        "Контракт\nзаключен на один год\nс работником",
        "Оплата за\nработником закреплена",
        "Our agency is licensed. The detachment decides. Listen to them.",
    ],
)
def test_honest_look_alikes_of_tricks_are_kept(raw: str) -> None:
    assert normalise(raw).text == raw
