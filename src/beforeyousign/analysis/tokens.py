"""Word tokens of the normalised text, each with its lemmas and sentence."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from beforeyousign.analysis.lemmas import Lemmatizer, fold

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
    for match in _WORD.finditer(text):
        start = match.start()
        while start >= following:
            sentence += 1
            following = _next_start(sentence_starts, sentence)
        form = _surface_form(match.group())
        lemmas = lemmatizer.lemmas(form) if not form.isdigit() else frozenset({form})
        tokens.append(Token(start, match.end(), form, lemmas, sentence))
    return tokens


def _next_start(sentence_starts: list[int], sentence: int) -> float:
    """Where the sentence after ``sentence`` starts (infinity after the last one)."""
    following = sentence + 1
    return sentence_starts[following] if following < len(sentence_starts) else float("inf")


# Words repeat across posts, so each is folded once (the lemmatizer keeps its own cache).
# Bounded: a few MB when full, however many new words come.
@lru_cache(maxsize=32_768)
def _surface_form(word: str) -> str:
    return fold(word).translate(_STRESS_MARKS)
