"""Word tokens of the normalised text, each with its lemmas and sentence."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from beforeyousign.analysis.lemmas import Lemmatizer, fold

# Letters (any script, with combining marks) or digit runs; apostrophes inside words stay
# ("don't", "oʻzbek").  Hyphenated words split: «военно-учетный» -> «военно», «учетный».
# Combining marks that belong inside a word, Indic vowel signs included (not the dandas).
_MARKS = "\u0300-\u036f\u02bb\u02bc\u0900-\u0963\u0966-\u0dff\u064b-\u065f\u0670"
_WORD = re.compile(rf"[^\W\d_](?:[^\W_]|[{_MARKS}]|['’](?=\w))*|\d+")


# Combining accents left after NFC (stress marks in texts for learners: «конт́ракт») are not
# part of the word for matching; the quote still shows them.
_STRESS_MARKS = dict.fromkeys(range(0x0300, 0x0370))


@dataclass(frozen=True)
class Token:
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
    for match in _WORD.finditer(text):
        form = fold(match.group()).translate(_STRESS_MARKS)
        sentence = max(0, bisect_right(sentence_starts, match.start()) - 1)
        lemmas = lemmatizer.lemmas(form) if not form.isdigit() else frozenset({form})
        tokens.append(Token(match.start(), match.end(), form, lemmas, sentence))
    return tokens
