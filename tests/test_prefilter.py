"""The regex prefilter (``analysis/prefilter.py``) never skips a text a pattern matches.

It is a speed-up only: a skipped scan must be one that would have found nothing.  Checked
three ways: the set of letters lower-casing cannot account for is complete (every code
point), the required strings of every pattern it guards are necessary (real documents,
generated posts and fuzzed texts full of case tricks), and a few cases by hand.
"""

from __future__ import annotations

import _sre
import random
import re
import sys
from pathlib import Path

import pytest

from beforeyousign.analysis import prefilter, terms
from beforeyousign.analysis.extract import dates, duration, money
from beforeyousign.analysis.recognizers import entities

ROOT = Path(__file__).resolve().parents[1]
CORPORA = [ROOT / "tests" / name for name in ("corpus", "holdout", "holdout2", "holdout4")]

GUARDED: dict[str, re.Pattern[str]] = {
    "terms._ORG": terms._ORG,
    "terms._ROLE": terms._ROLE,
    "terms._PLACE": terms._PLACE,
    "terms._EXIT": terms._EXIT,
    "terms._SIGNATURE": terms._SIGNATURE,
    "dates._WORDY": dates._WORDY,
    "dates._MONTH_FIRST": dates._MONTH_FIRST,
    "dates._NUMERIC": dates._NUMERIC,
    "dates._ISO": dates._ISO,
    "dates._BLANK_NUMERIC": dates._BLANK_NUMERIC,
    "duration._NUMBERED": duration._NUMBERED,
    "duration._HALVES": duration._HALVES,
    "duration._COMPOUND": duration._COMPOUND,
    "duration._IMPLIED_ONE": duration._IMPLIED_ONE,
    "duration._INDEFINITE": duration._INDEFINITE,
    "entities._AGE_RANGE": entities._AGE_RANGE,
    "money._NUMBER": money._NUMBER,
    **{f"entity.{e.id}": e.pattern for e in entities.known_entities()},
}


def test_unsafe_letters_are_every_letter_lower_casing_misreads() -> None:
    """Outside the unsafe set, ``str.lower`` gives one character, the one ``re`` compares, and it
    is not a letter ``re`` also equates with a differently lower-cased one."""
    odd = prefilter.unsafe_characters()
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        if ch in odd:
            continue
        lower = ch.lower()
        assert len(lower) == 1, hex(code)
        assert ord(lower) == _sre.unicode_tolower(code), hex(code)
        assert lower not in odd, hex(code)


def test_every_guarded_pattern_has_required_strings_except_bare_numbers() -> None:
    unguarded = {name for name, p in GUARDED.items() if not prefilter.required_literals(p)}
    assert unguarded == {"money._NUMBER"}


def test_by_hand() -> None:
    word = re.compile(r"(?<!\w)паспорт\w*", re.IGNORECASE)
    assert prefilter.required_literals(word) == (frozenset({"паспорт"}),)
    assert prefilter.may_match(word, "Сдать ПАСПОРТ")
    assert not prefilter.may_match(word, "Сдать документы")
    either = re.compile(r"contract|контракт", re.IGNORECASE)
    assert prefilter.required_literals(either) == (frozenset({"contract", "контракт"}),)
    # «ı» (dotless i) matches "i" case-blind but lower-cases to itself: always scanned.
    dotless = re.compile("position", re.IGNORECASE)
    assert dotless.search("posıtion") and prefilter.may_match(dotless, "posıtion")
    assert list(prefilter.finditer(dotless, "no job here")) == []
    assert prefilter.search(dotless, "A POSITION") is not None


def _texts() -> list[str]:
    texts = [p.read_text("utf-8", "replace") for d in CORPORA for p in sorted(d.glob("*.txt"))]
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from _posts import generate_posts
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return texts + generate_posts(3000, seed=3)


# Letters that trip case-blind matching: dotless and dotted i, long s, Kelvin sign, the old
# Cyrillic letters «ᲀ» «ᲂ» «ᲃ» «ᲄ», Greek sigma, ligatures, and the letters the patterns use.
_TRICKS = "ıİſKᲀᲂᲃᲄσςΣﬅﬆµΜİIiSs"
_PLAIN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяabcdefghijklmnopqrstuvwxyz0123456789 .,:;-_/«»\"'\n"


def _fuzz(rng: random.Random, seeds: list[str]) -> str:
    """A piece of a real text with letters swapped for case tricks and capitals."""
    text = rng.choice(seeds)
    start = rng.randrange(max(1, len(text) - 200))
    chars = list(text[start : start + 200])
    for _ in range(rng.randint(1, 12)):
        if not chars:
            break
        i = rng.randrange(len(chars))
        roll = rng.random()
        if roll < 0.4:
            chars[i] = chars[i].upper()
        elif roll < 0.7:
            chars[i] = rng.choice(_TRICKS)
        else:
            chars[i] = rng.choice(_PLAIN)
    return "".join(chars)


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_required_strings_are_in_every_match(name: str) -> None:
    pattern = GUARDED[name]
    texts = _texts()
    rng = random.Random(name)
    texts += [_fuzz(rng, texts) for _ in range(2000)]
    for text in texts:
        if pattern.search(text) is not None:
            assert prefilter.may_match(pattern, text), (name, text[:120])
        found = [(m.span(), m.groups()) for m in prefilter.finditer(pattern, text)]
        assert found == [(m.span(), m.groups()) for m in pattern.finditer(text)], name


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_each_check_finds_what_an_alternation_of_its_strings_finds(name: str) -> None:
    """A check is a trie of its strings («д(?:ва|ве)…»), a speed-up of the plain
    alternation: on any text, one finds a string exactly when the other does."""
    pattern = GUARDED[name]
    required = prefilter.required_literals(pattern)
    checks = prefilter._checks(pattern)
    assert len(checks) == len(required)
    rng = random.Random(name)
    texts = _texts()
    texts += [text.lower() for text in texts]
    for strings, check in zip(required, checks, strict=True):
        plain = re.compile("|".join(re.escape(s) for s in sorted(strings, key=len, reverse=True)))
        pieces = [*strings, " ", "0", "x"]
        samples = texts + [
            "".join(rng.choice(p)[: rng.randint(0, 3)] + rng.choice(pieces) for p in [pieces] * 8)
            for _ in range(300)
        ]
        samples += [s[:-1] for s in strings] + [s[1:] for s in strings] + list(strings)
        for text in samples:
            assert (check.search(text) is None) == (plain.search(text) is None), (name, text)


def test_case_sensitive_patterns_are_checked_on_the_text_itself() -> None:
    """A pattern with no case-blind part needs its strings as written («АО», not «ао»)."""
    org = re.compile(r"(?:АО|ИП)\s*«[^»]+»|Inc\b")
    assert prefilter._case_sensitive(org)
    assert prefilter.required_literals(org) == (frozenset({"АО", "ИП", "Inc"}),)
    assert prefilter.may_match(org, "АО «Ромашка»")
    assert not prefilter.may_match(org, "ао ип inc: приглашаем")
    assert not org.search("ао ип inc: приглашаем")
    for blind in (re.compile("(?i)ао"), re.compile("x(?i:ао)"), re.compile("x(?mi:ао)")):
        assert not prefilter._case_sensitive(blind)
        assert prefilter.may_match(blind, "xАО") and blind.search("xАО")
    assert prefilter._case_sensitive(re.compile("(?-i:АО)"))


def test_trie_of_strings_by_hand() -> None:
    assert prefilter._trie(["два", "две", "дв", "год"]) == "(?:год|дв)"
    assert prefilter._trie(["a.b", "a"]) == "a"
    assert prefilter._trie(["a.b", "a+"]) == r"a(?:\+|\.b)"
    assert prefilter._trie([]) == ""


@pytest.mark.parametrize(
    "pattern", [money._NUMBER, dates._NUMERIC, dates._ISO], ids=["money", "numeric", "iso"]
)
def test_scanning_at_digit_runs_finds_what_the_full_scan_finds(pattern: re.Pattern[str]) -> None:
    """Numbers and numeric dates start where a run of digits starts, so the scan that tries
    only there finds the very matches ``finditer`` finds."""
    texts = _texts()
    rng = random.Random(7)
    digits = "0123456789٠١२३ ,.+-/:_ab"
    texts += ["".join(rng.choice(digits) for _ in range(rng.randint(1, 40))) for _ in range(5000)]
    for text in texts:
        fast = [(m.span(), m.groups()) for m in prefilter.finditer_at_digit_runs(pattern, text)]
        assert fast == [(m.span(), m.groups()) for m in pattern.finditer(text)], text


# --- the contacts' country cues (contacts/extract.py) ---------------------------------------


def test_country_cue_strings_are_held_by_every_match() -> None:
    """``region_hints`` skips the cue patterns when the lower-cased text holds none of their
    strings: each pattern must have a required set every string of which holds one."""
    from beforeyousign.contacts import extract

    for region, pattern, anchors in extract._CUE_TABLE:
        required = prefilter.required_literals(re.compile(pattern, re.IGNORECASE))
        assert any(all(any(a in s for a in anchors) for s in strings) for strings in required), (
            region
        )


def test_contacts_plain_text_has_no_letter_lower_casing_hides() -> None:
    """The characters for which ``region_hints`` trusts ``str.lower`` hold none of the
    letters ``re`` compares case-blind in a way ``str.lower`` does not show."""
    from beforeyousign.contacts import extract

    plain = {chr(c) for c in range(0x10000) if extract._PLAIN_TEXT.fullmatch(chr(c))}
    assert plain and not (plain & prefilter.unsafe_characters())


@pytest.mark.parametrize(
    "text",
    ["Работа в Непале, звоните 9841234567", "ſomali +252 61 234 5678", "İNDIA 98765 43210",
     "O‘zbek ishchilar 90 123 45 67", "Сьерра-Леоне", "no country here 8 912 345-67-89",
     "КУБА 5 123 4567", "ᲀ Kenya 0712 345678"],
)  # fmt: skip
def test_region_hints_are_those_of_every_pattern(text: str) -> None:
    from beforeyousign.contacts import extract

    matches = [(cue.search(text), region) for region, cue in extract._COUNTRY_CUES]
    slow = tuple(region for match, region in sorted(
        ((m, r) for m, r in matches if m), key=lambda item: item[0].start()))  # fmt: skip
    assert extract.region_hints(text) == slow
