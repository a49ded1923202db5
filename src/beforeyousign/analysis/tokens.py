"""Word tokens of the normalised text, each with its lemmas and sentence."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple, cast

from beforeyousign.analysis.lemmas import Lemmatizer, PlainLemmatizer, PymorphyLemmatizer, fold

# Letters (any script, with combining marks) or digit runs; apostrophes inside words stay
# ("don't", "oʻzbek").  Hyphenated words split: «военно-учетный» -> «военно», «учетный».
# Combining marks that belong inside a word, Indic vowel signs included (not the dandas).
_MARKS = "\u0300-\u036f\u02bb\u02bc\u0900-\u0963\u0966-\u0dff\u064b-\u065f\u0670"
_WORD = re.compile(rf"[^\W\d_](?:[^\W_]|[{_MARKS}]|['’](?=\w))*|\d+")


# Combining accents left after NFC (stress marks in texts for learners: «конт́ракт») are not
# part of the word for matching; the quote still shows them.
_STRESS_MARKS = dict.fromkeys(range(0x0300, 0x0370))


class Token(NamedTuple):
    """One word of the text.  A named tuple, not a dataclass: a post has dozens of tokens
    and a frozen dataclass takes five times as long to build."""

    start: int
    end: int
    form: str  # folded surface form
    lemmas: frozenset[str]
    sentence: int

    @property
    def keys(self) -> frozenset[str]:
        """The surface form and every lemma: what a pattern word can match."""
        return self.lemmas | {self.form}


def tokenize(text: str, sentence_starts: list[int], lemmatizer: Lemmatizer) -> list[Token]:
    """Split ``text`` into word tokens; ``sentence_starts`` are sorted sentence offsets."""
    tokens = []
    # Tokens come in text order, so the sentence index only moves forward: the sentence
    # is the last one starting at or before the token (the first one for any before it).
    sentence, following = 0, _next_start(sentence_starts, 0)
    # A lemmatizer that may answer differently another time (a fake in a test) is asked
    # about every word.
    entry: _Entry = _cached_entry if type(lemmatizer) in _PURE_LEMMATIZERS else _entry
    new = tuple.__new__  # what Token(...) calls, without its Python-level __new__
    for match in _WORD.finditer(text):
        start, end = match.span()
        while start >= following:
            sentence += 1
            following = _next_start(sentence_starts, sentence)
        form, lemmas = entry(lemmatizer, match.group())
        tokens.append(new(Token, (start, end, form, lemmas, sentence)))
    return tokens


def _next_start(sentence_starts: list[int], sentence: int) -> float:
    """Where the sentence after ``sentence`` starts (infinity after the last one)."""
    following = sentence + 1
    return sentence_starts[following] if following < len(sentence_starts) else float("inf")


def _entry(lemmatizer: Lemmatizer, word: str) -> tuple[str, frozenset[str]]:
    """A word as the text has it -> its folded form and lemmas."""
    form = fold(word).translate(_STRESS_MARKS)
    return form, lemmatizer.lemmas(form) if not form.isdigit() else frozenset({form})


# The lemmatizers whose answer for a word never changes: words repeat across posts, so
# each is folded and looked up once.  Bounded: a few MB when full, however many new words
# come (the lemmatizer keeps its own cache of forms).
_PURE_LEMMATIZERS = (PymorphyLemmatizer, PlainLemmatizer)
_Entry = Callable[[Lemmatizer, str], tuple[str, frozenset[str]]]
_cached_entry = cast(_Entry, lru_cache(maxsize=32_768)(_entry))  # lemmatizers hash by identity
