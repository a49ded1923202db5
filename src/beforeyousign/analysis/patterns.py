"""The small pattern language of the YAML rule packs, and its matcher.

A *group* is a string of alternatives separated by ``|``; an alternative is a phrase of one
or more words; a word matches a token whose surface form or any lemma equals it, or, when
it ends in ``*``, starts with it; a lone ``*`` inside a phrase stands for any one word
("il reste * places").  Russian words are written as lemmas («паспорт» matches
«паспортом»); English and Spanish words use prefixes («deduct*»).

A rule matches in a sentence when every group of ``all`` matches there within ``window``
tokens; no ``unless`` phrase stands within six tokens of a matched word (or anywhere in
the sentence, with ``unless_scope: sentence``), unless the exception is itself negated
("not a copy"); and (unless ``negation: false``) no negator stands in the four tokens
before a matched group with no punctuation between («Нет, досрочно…» is an answer, not a
negation).  Negators that belong to a matched phrase («не вправе») do not count: the rule
asked for them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from beforeyousign.analysis.lemmas import fold
from beforeyousign.analysis.tokens import Token

NEGATORS = frozenset(
    {
        "не", "ни", "нет", "без", "никакой", "никакие", "никаких", "ничего",
        "no", "not", "never", "without", "none", "nor", "don't", "doesn't", "won't", "isn't",
        "aren't", "nunca", "ningún", "ninguna", "ninguno", "sin", "jamás", "ne", "pas", "aucun",
        "aucune", "sans", "ni", "nothing", "zero", "nada", "ничто", "нисколько",
    }
)  # fmt: skip
NEGATION_REACH = 4


@dataclass(frozen=True)
class Word:
    text: str
    prefix: bool

    def matches(self, token: Token) -> bool:
        if self.prefix:
            return any(key.startswith(self.text) for key in token.keys)
        return self.text in token.keys


Phrase = tuple[Word, ...]


def parse_group(source: str) -> tuple[Phrase, ...]:
    """``"паспорт | удостоверение личности"`` -> two phrases of one and two words."""
    phrases = []
    for alternative in source.split("|"):
        words = tuple(
            Word(fold(w.rstrip("*")), w.endswith("*")) for w in alternative.split() if w.strip()
        )
        if words:
            phrases.append(words)
    return tuple(phrases)


@dataclass(frozen=True)
class Hit:
    """Tokens ``first``..``last`` (inclusive) matched one phrase."""

    first: int
    last: int


class TokenIndex:
    """Positions of every word of the packs in one document, found once per document."""

    def __init__(self, tokens: Sequence[Token], words: Iterable[Word], text: str = "") -> None:
        self.tokens = tokens
        self.text = text
        self._group_cache: dict[tuple[Phrase, ...], list[Hit]] = {}
        exact: dict[str, list[Word]] = defaultdict(list)
        prefixes: dict[str, list[Word]] = defaultdict(list)
        for word in set(words):
            (prefixes if word.prefix else exact)[word.text].append(word)
        self._positions: dict[Word, list[int]] = defaultdict(list)
        self._at: list[set[Word]] = [set() for _ in tokens]
        for position, token in enumerate(tokens):
            for key in token.keys:
                for word in exact.get(key, ()):
                    self._add(word, position)
                for end in range(1, len(key) + 1):
                    for word in prefixes.get(key[:end], ()):
                        self._add(word, position)

    def _add(self, word: Word, position: int) -> None:
        if word not in self._at[position]:
            self._at[position].add(word)
            self._positions[word].append(position)

    def phrase_hits(self, phrase: Phrase) -> list[Hit]:
        hits = []
        for position in self._positions.get(phrase[0], ()):
            last = position + len(phrase) - 1
            if last >= len(self.tokens):
                continue
            rest_matches = all(phrase[i] in self._at[position + i] for i in range(1, len(phrase)))
            if rest_matches and self.tokens[last].sentence == self.tokens[position].sentence:
                hits.append(Hit(position, last))
        return hits

    def _punctuation_after(self, position: int) -> bool:
        """Punctuation between token ``position`` and the next token."""
        if not self.text or position + 1 >= len(self.tokens):
            return False
        between = self.text[self.tokens[position].end : self.tokens[position + 1].start]
        return any(mark in between for mark in ",.;:!?—–()")

    def group_hits(self, group: tuple[Phrase, ...]) -> list[Hit]:
        """Hits of any phrase of ``group``, in text order (computed once per document)."""
        if group not in self._group_cache:
            hits = [hit for phrase in group for hit in self.phrase_hits(phrase)]
            self._group_cache[group] = sorted(hits, key=lambda h: (h.first, h.last))
        return self._group_cache[group]

    def is_negated(self, hit: Hit, own: Sequence[Hit]) -> bool:
        """A negator just before ``hit`` in its sentence, not part of a matched phrase."""
        sentence = self.tokens[hit.first].sentence
        for position in range(hit.first - 1, max(-1, hit.first - 1 - NEGATION_REACH), -1):
            token = self.tokens[position]
            if token.sentence != sentence or self._punctuation_after(position):
                return False  # «Нет, досрочно только…»: the comma ends the negation
            if token.form in NEGATORS and not any(h.first <= position <= h.last for h in own):
                return True
        return False


@dataclass(frozen=True)
class PatternRule:
    """One rule of a pack (see the module docstring for what each field means)."""

    id: str
    flag: str
    language: str
    groups: tuple[tuple[Phrase, ...], ...]
    unless: tuple[Phrase, ...] = ()
    window: int = 12
    weight: float = 0.8
    negation: bool = True
    doc_types: frozenset[str] | None = None
    scope: str = "sentence"  # sentence | adjacent | document
    requires: frozenset[str] = frozenset()  # raised only beside one of these flags
    unless_scope: str = "near"  # near: within UNLESS_REACH tokens | sentence: anywhere in it

    @cached_property
    def words(self) -> frozenset[Word]:
        found = {w for group in self.groups for phrase in group for w in phrase}
        found.update(w for phrase in self.unless for w in phrase)
        return frozenset(found)

    def find(self, index: TokenIndex) -> list[tuple[Hit, ...]]:
        """Every non-overlapping combination of hits, one per group, that satisfies the rule."""
        per_group = [index.group_hits(group) for group in self.groups]
        if any(not hits for hits in per_group):
            return []
        exceptions = [hit for phrase in self.unless for hit in index.phrase_hits(phrase)]
        found: list[tuple[Hit, ...]] = []
        used_sentences: set[int] = set()
        for anchor in per_group[0]:
            sentence = index.tokens[anchor.first].sentence
            if sentence in used_sentences:
                continue
            combo = self._combine(index, anchor, per_group[1:])
            if combo is not None and not _excepted(index, combo, exceptions, self.unless_scope):
                found.append(combo)
                used_sentences.add(sentence)
                if self.scope == "document":
                    break
        return found

    def evidence_hits(self, index: TokenIndex, combo: tuple[Hit, ...]) -> tuple[Hit, ...]:
        """The combination plus other hits of its groups close by in the same sentence, so
        the quote shows all the words that justify the rule ("must pay a recruitment fee")."""
        if self.scope != "sentence":
            return combo
        sentence = index.tokens[combo[0].first].sentence
        extra = [
            hit
            for group in self.groups
            for hit in index.group_hits(group)
            if index.tokens[hit.first].sentence == sentence
            and hit not in combo
            and _span([*combo, hit]) <= self.window
            and not (self.negation and index.is_negated(hit, combo))
        ]
        return (*combo, *extra)

    def _in_scope(self, candidate: int, anchor: int) -> bool:
        if self.scope == "document":
            return True
        if self.scope == "adjacent":  # the anchor's sentence or the one right after it
            return anchor <= candidate <= anchor + 1
        return candidate == anchor

    def _combine(
        self, index: TokenIndex, anchor: Hit, others: list[list[Hit]]
    ) -> tuple[Hit, ...] | None:
        sentence = index.tokens[anchor.first].sentence
        combo = [anchor]
        for hits in others:
            candidates = [
                h for h in hits if self._in_scope(index.tokens[h.first].sentence, sentence)
            ]
            if self.scope == "sentence":
                candidates = [h for h in candidates if _span([*combo, h]) <= self.window]
            candidates = [h for h in candidates if not _overlaps(h, combo)]
            if not candidates:
                return None
            combo.append(min(candidates, key=lambda h: abs(h.first - anchor.first)))
        if self.negation and any(index.is_negated(h, combo) for h in combo):
            return None
        return tuple(combo)


UNLESS_REACH = 6  # tokens: an exception speaks of the words it stands next to


def _excepted(
    index: TokenIndex, combo: Sequence[Hit], exceptions: Sequence[Hit], scope: str = "near"
) -> bool:
    """An ``unless`` phrase close to a matched word, in its sentence («…хранится у работника»,
    "you keep your passport").  A copy mentioned at the far end of a long clause («…у
    работодателя весь срок, работнику выдаётся копия») does not cancel the clause."""
    for exception in exceptions:
        if index.is_negated(exception, combo):  # "the original, not a copy"
            continue
        sentence = index.tokens[exception.first].sentence
        for hit in combo:
            if index.tokens[hit.first].sentence != sentence:
                continue
            if scope == "sentence":
                return True
            if (
                exception.first - hit.last <= UNLESS_REACH
                and hit.first - exception.last <= UNLESS_REACH
            ):
                return True
    return False


def _span(hits: Sequence[Hit]) -> int:
    return max(h.last for h in hits) - min(h.first for h in hits) + 1


def _overlaps(hit: Hit, combo: Sequence[Hit]) -> bool:
    return any(not (hit.last < h.first or h.last < hit.first) for h in combo)
