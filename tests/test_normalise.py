"""Normalisation: each evasion trick undone, honest text untouched, offsets always valid."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beforeyousign.text.normalise import NormalisedText, normalise

# (raw, expected normalised text) — a trick undone
POSITIVE = [
    pytest.param("пaспорт", "паспорт", id="latin-a-in-cyrillic-word"),
    pytest.param("ПACПOPT", "ПАСПОРТ", id="latin-capitals-in-cyrillic-word"),
    pytest.param("контpакт на 1 гoд", "контракт на 1 год", id="two-words-latin-letters"),
    pytest.param("pаssроrt", "passport", id="cyrillic-letters-in-latin-word"),
    pytest.param("Рaypal", "Paypal", id="unambiguous-l-decides-latin"),
    pytest.param("всë", "всё", id="latin-e-diaeresis-in-cyrillic-word"),
    pytest.param("пΑспорт", "пАспорт", id="greek-capital-alpha-in-cyrillic"),
    pytest.param("па\u200bспорт", "паспорт", id="zero-width-space"),
    pytest.param("п\u200dа\u200cс\u2060п\ufeffорт", "паспорт", id="joiners-word-joiner-bom"),
    pytest.param("пас\u00adпорт", "паспорт", id="soft-hyphen"),
    pytest.param("пас\u00ad\nпорт", "паспорт", id="soft-hyphen-at-line-end"),
    pytest.param("\u202eпаспорт\u202c", "паспорт", id="bidi-override"),
    pytest.param("пас-\nпорт", "паспорт", id="line-break-hyphenation"),
    pytest.param("пас-  \r\n  порт", "паспорт", id="hyphenation-crlf-and-indent"),
    pytest.param("пас\u2010\nпорт", "паспорт", id="unicode-hyphen-at-line-end"),
    pytest.param("п а с п о р т", "паспорт", id="letter-spaced-cyrillic"),
    pytest.param(
        "отдать п а с п о р т агенту", "отдать паспорт агенту", id="letter-spaced-in-text"
    ),
    pytest.param("p a s s p o r t", "passport", id="letter-spaced-latin"),
    pytest.param("п\u00a0а\u00a0с\u00a0п", "пасп", id="letter-spaced-nbsp"),
    pytest.param("п a с п o р т", "паспорт", id="letter-spaced-and-mixed-script"),
    pytest.param("100\u00a0000\u202fруб.", "100 000 руб.", id="nbsp-narrow-nbsp"),
    pytest.param("1\u20132 года", "1-2 года", id="en-dash"),
    pytest.param("Индия\u2011Россия", "Индия-Россия", id="non-breaking-hyphen"),
    pytest.param("a \u2015 b", "a \u2014 b", id="horizontal-bar-to-em-dash"),
    pytest.param("ｐａｓｓｐｏｒｔ", "passport", id="fullwidth"),
    pytest.param("𝐩𝐚𝐬𝐬𝐩𝐨𝐫𝐭", "passport", id="math-bold"),
    pytest.param("\ufb01nal", "final", id="ligature"),
    pytest.param("cafe\u0301", "café", id="nfc-composition"),
    pytest.param("е\u0308", "ё", id="nfc-cyrillic-yo"),
    # by design: ZWNJ is invisible, so Persian «می‌خواهم» is matched in its joined spelling
    pytest.param("می\u200cخواهم", "میخواهم", id="persian-zwnj-removed"),
]

# raw text that must come out exactly as it went in
NEGATIVE = [
    pytest.param("Рaрa", id="all-letters-ambiguous"),
    pytest.param("пaypal", id="tie-one-unambiguous-each"),
    pytest.param("Яndex", id="cyrillic-letter-without-look-alike"),
    pytest.param("Индия-Россия", id="real-hyphenated-word"),
    pytest.param("Индия-\nРоссия", id="hyphen-at-line-end-before-capital"),
    pytest.param("сумма -\nдве", id="spaced-dash-at-line-end"),
    pytest.param("2-\nгодичный", id="digit-before-hyphen"),
    pytest.param("а и в", id="three-one-letter-words"),
    pytest.param("я и ты", id="ordinary-short-words"),
    pytest.param("п  а  с  п", id="double-spaces-not-letter-spacing"),
    pytest.param("А. Б. Иванов", id="initials"),
    pytest.param("Контракт\nзаключен", id="line-break-kept"),
    pytest.param("«кавычки» и “quotes”", id="quotes-kept"),
    pytest.param("ёлка Ёж", id="yo-kept"),
    pytest.param("Договор — это соглашение", id="em-dash-kept"),
    pytest.param("Passport No. Z1234567", id="latin-with-digits"),
    pytest.param("नेपाल र भारत", id="devanagari"),
]


@pytest.mark.parametrize(("raw", "expected"), POSITIVE)
def test_trick_is_undone(raw: str, expected: str) -> None:
    assert normalise(raw).text == expected


@pytest.mark.parametrize("raw", NEGATIVE)
def test_honest_text_is_kept(raw: str) -> None:
    assert normalise(raw).text == raw


def test_case_is_kept() -> None:
    assert normalise("ПАСПОРТ Паспорт").text == "ПАСПОРТ Паспорт"


def test_to_raw_quotes_the_original_characters() -> None:
    raw = "Агент забирает па\u200bсп\u00adорт и п а с п о р т"
    n = normalise(raw)
    start = n.text.index("паспорт")
    assert n.quote(start, start + len("паспорт")) == "па\u200bсп\u00adорт"
    second = n.text.rindex("паспорт")
    assert n.quote(second, second + len("паспорт")) == "п а с п о р т"


def test_to_raw_covers_removed_hyphenation() -> None:
    raw = "Работник сдает пас-\nпорт агенту"
    n = normalise(raw)
    start = n.text.index("паспорт")
    rs, re_ = n.to_raw(start, start + 7)
    assert raw[rs:re_] == "пас-\nпорт"


def test_to_raw_of_composed_character_covers_its_marks() -> None:
    n = normalise("cafe\u0301 ok")
    assert n.to_raw(3, 4) == (3, 5)


def test_to_raw_clamps_and_handles_empty_spans() -> None:
    n = normalise("па\u200bспорт")
    assert n.to_raw(-5, 100) == (0, len(n.raw))
    assert n.to_raw(3, 3) == (n.to_raw(3, 4)[0],) * 2
    assert n.to_raw(5, 2) == n.to_raw(5, 5)


def test_from_raw_inverts_to_raw_at_character_starts() -> None:
    n = normalise("aa\u200bbb п а с п")
    for i in range(len(n.text)):
        assert n.from_raw(n.to_raw(i, i + 1)[0]) <= i


def test_identity_map_for_clean_text() -> None:
    n = normalise("Контракт заключен на один год.")
    assert n.to_raw(0, 8) == (0, 8)
    assert n.from_raw(8) == 8


def test_normalised_text_is_hashable_and_comparable() -> None:
    assert normalise("пaспорт") == normalise("пaспорт")
    assert isinstance(hash(normalise("пaспорт")), int)
    assert isinstance(normalise("x"), NormalisedText)


# --------------------------------------------------------------------------- properties

_ANY_TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]),
    max_size=200,
)
_TRICKY_ALPHABET = (
    "паспортПАСПОРТaceopxyikACEHKMOPTXYIіёë \n-\u00ad\u200b\u200d\u00a0\u2013\u0301\u0308"
    "\u0306ΑΟορ\ufb01ｐ𝐩 .,«»1"
)
_TRICKY_TEXT = st.text(alphabet=_TRICKY_ALPHABET, max_size=120)


def _check_offsets(n: NormalisedText) -> None:
    size = len(n.text)
    previous = (0, 0)
    for i in range(size + 1):
        rs, re_ = n.to_raw(i, i)
        assert 0 <= rs == re_ <= len(n.raw)
        if i < size:
            rs, re_ = n.to_raw(i, i + 1)
            assert 0 <= rs < re_ <= len(n.raw)
            assert rs >= previous[0] and re_ >= previous[1]
            previous = (rs, re_)
    if size:  # the whole text covers every kept character (removed ones at the edges may drop)
        rs, re_ = n.to_raw(0, size)
        assert rs == n.to_raw(0, 1)[0] and re_ == n.to_raw(size - 1, size)[1]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_ANY_TEXT, _TRICKY_TEXT))
def test_offsets_stay_in_bounds_and_monotone(raw: str) -> None:
    _check_offsets(normalise(raw))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_ANY_TEXT, _TRICKY_TEXT), st.integers(-3, 250), st.integers(-3, 250))
def test_any_span_maps_inside_raw(raw: str, a: int, b: int) -> None:
    n = normalise(raw)
    rs, re_ = n.to_raw(a, b)
    assert 0 <= rs <= re_ <= len(raw)
    if 0 <= a < b <= len(n.text):
        assert re_ > rs


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_ANY_TEXT, _TRICKY_TEXT))
def test_normalise_is_idempotent(raw: str) -> None:
    once = normalise(raw).text
    assert normalise(once).text == once


_CYRILLIC_WORD = st.text(
    alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ",
    min_size=2,
    max_size=12,
)
# Latin words with at least one letter that has no Cyrillic look-alike: a word made only of
# look-alikes (AAA, KOHTPAKT) is read in the script of the text around it, by design.
_LATIN_WORD = st.text(alphabet=string.ascii_letters, min_size=2, max_size=12).filter(
    lambda w: len(w) < 3 or not set(w.lower()) <= set("aceopxykmthbi")
)
_PLAIN_SEPARATOR = st.sampled_from([" ", ", ", ". ", "\n", " — ", ": ", " 2025 ", "-", "\n\n"])


@settings(max_examples=300)
@given(st.lists(st.tuples(st.one_of(_CYRILLIC_WORD, _LATIN_WORD), _PLAIN_SEPARATOR), max_size=30))
def test_plain_text_is_unchanged(parts: list[tuple[str, str]]) -> None:
    """Words of one script each, ordinary separators: nothing to undo, so nothing changes."""
    raw = "".join(word + separator for word, separator in parts)
    n = normalise(raw)
    assert n.text == raw
    assert n.to_raw(0, len(raw)) == (0, len(raw))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("KOHTPAKT о прохождении военной службы", "КОНТРАКТ о прохождении военной службы"),
        (
            "   KOHTPAKT\n о прохождении военной службы",
            "   КОНТРАКТ\n о прохождении военной службы",
        ),
        ("Договор заключён с OOO «Ромашка» в Москве", "Договор заключён с ООО «Ромашка» в Москве"),
        # negative rows: no Cyrillic context, or too little of it, or short abbreviations
        ("CEO and TOP manager wanted", "CEO and TOP manager wanted"),
        ("TOP мир", "TOP мир"),
        ("Позвоните по номеру, спросите XO или PC", "Позвоните по номеру, спросите XO или PC"),
    ],
)
def test_all_lookalike_latin_word_follows_its_cyrillic_context(raw: str, expected: str) -> None:
    result = normalise(raw)
    assert result.text == expected
    assert result.to_raw(0, len(result.text)) == (0, len(raw))


@pytest.mark.parametrize(
    "raw",
    [
        "À̀т",  # Latin À and a second grave beside Cyrillic: both marks go in one pass
        "A0НХЀЀЀ0HК0АНН0ХАЀЀ",  # look-alike words whose context changes as they convert
        "Àт",
        "па́спорт и ко́нтракт",
    ],
)
def test_normalise_is_idempotent_on_found_cases(raw: str) -> None:
    once = normalise(raw).text
    assert normalise(once).text == once
