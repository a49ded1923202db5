"""Word lemmas, behind a narrow interface so unit tests can use a fake.

Russian (and Ukrainian-looking) words go through pymorphy3: «паспорт», «паспорта» and
«паспортом» share the lemma «паспорт».  A word can have several readings («стали» is
*сталь* or *стать*), so a token keeps every lemma pymorphy3 offers: a rule matches if any
reading fits, which costs a little precision and buys recall on short ads.  Other scripts
are lower-cased only; rule packs use ``word*`` prefixes for English and Spanish inflection.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

_CYRILLIC = frozenset(chr(c) for c in range(0x0400, 0x0530))


def fold(word: str) -> str:
    """Lower-case and fold «ё» to «е»: Russian print often omits the dots."""
    return word.lower().replace("ё", "е")


def is_cyrillic(word: str) -> bool:
    return any(ch in _CYRILLIC for ch in word)


class Lemmatizer(Protocol):
    def lemmas(self, word: str) -> frozenset[str]:
        """Every lemma of a folded word form, the form itself included."""


class PlainLemmatizer:
    """Lower-casing only: the fake for unit tests and the fallback for non-Cyrillic words."""

    def lemmas(self, word: str) -> frozenset[str]:
        return frozenset({fold(word)})


class PymorphyLemmatizer:
    """pymorphy3 for Cyrillic words; the dictionaries load on first use (about 0.1 s)."""

    def __init__(self) -> None:
        self._morph: object | None = None

    def _analyzer(self) -> object:
        if self._morph is None:
            import pymorphy3

            self._morph = pymorphy3.MorphAnalyzer(lang="ru")
        return self._morph

    def lemmas(self, word: str) -> frozenset[str]:
        return _cached_lemmas(self, fold(word))


# Bounded so that a process screening millions of posts stays flat in memory: about 500
# bytes a form, so some 32 MB when full; a form that dropped out is parsed again (~0.1 ms).
@lru_cache(maxsize=65_536)
def _cached_lemmas(lemmatizer: PymorphyLemmatizer, form: str) -> frozenset[str]:
    if not is_cyrillic(form):
        return frozenset({form})
    try:
        parses = lemmatizer._analyzer().parse(form)  # type: ignore[attr-defined]
    except ValueError:
        # pymorphy3 asks unicodedata for each letter's name, and letters the Python
        # Unicode database names by rule only (Tangut, U+17000...) raise: such a word
        # is no Russian word, so it is its own lemma (found by bench/bench_fuzz.py).
        return frozenset({form})
    # Readings far below the best score are noise («сдать» as a rare noun, etc.).
    best = parses[0].score if parses else 0.0
    found = {fold(p.normal_form) for p in parses if p.score >= best * 0.2}
    found.add(form)
    return frozenset(found)


_DEFAULT: PymorphyLemmatizer | None = None


def default_lemmatizer() -> PymorphyLemmatizer:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = PymorphyLemmatizer()
    return _DEFAULT


def word_forms(word: str) -> frozenset[str]:
    """Every form of a Russian word that is its own lemma («ракета» -> «ракеты», «ракетой»…),
    folded; the word alone when it is no lemma.  For reading transliterated words."""
    word = fold(word)
    if not is_cyrillic(word):
        return frozenset({word})
    found = {word}
    analyzer = default_lemmatizer()._analyzer()
    for parse in analyzer.parse(word):  # type: ignore[attr-defined]
        if fold(parse.normal_form) == word:
            found.update(fold(form.word) for form in parse.lexeme)
    return frozenset(found)


def is_russian_word(form: str) -> bool:
    """Whether pymorphy3's dictionary knows a Cyrillic form."""
    analyzer = default_lemmatizer()._analyzer()
    return bool(analyzer.word_is_known(fold(form)))  # type: ignore[attr-defined]
