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
from functools import cached_property, lru_cache
from typing import NamedTuple

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


class Word(NamedTuple):
    """One word of a pattern.  A named tuple rather than a dataclass: words are looked up
    in sets and dicts for every token of every post, and a tuple hashes in C, several times
    faster than a dataclass's generated ``__hash__``."""

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


class Hit(NamedTuple):
    """Tokens ``first``..``last`` (inclusive) matched one phrase (a named tuple: cheap to
    build, and rules build many)."""

    first: int
    last: int


_new_hit = tuple.__new__  # what Hit(first, last) calls, without its Python-level __new__


class _WordTable:
    """The words of a word set, arranged for lookup by a token's keys.

    Built once per word set (:func:`_word_table`), not once per document: the engine's set
    holds every word of every pack (over 2,000), and arranging it took longer than the
    whole analysis of a short post.
    """

    def __init__(self, words: Iterable[Word]) -> None:
        exact: dict[str, list[Word]] = defaultdict(list)
        prefixes: dict[str, list[Word]] = defaultdict(list)
        for word in set(words):
            (prefixes if word.prefix else exact)[word.text].append(word)
        self.exact = dict(exact)
        self.prefixes = dict(prefixes)
        # The lengths worth cutting a key at.  A key is never cut to "" (the lone ``*`` of
        # "il reste * places" is a prefix of length 0), as before this table existed.
        self.prefix_lengths = sorted({len(text) for text in prefixes if text})

    def words_of(self, token: Token) -> frozenset[Word]:
        """Every word of the set that ``token`` matches (cached: forms repeat endlessly)."""
        return _token_words(self, token.form, token.lemmas)

    def match_keys(self, keys: Iterable[str]) -> frozenset[Word]:
        found: set[Word] = set()
        for key in keys:
            found.update(self.exact.get(key, ()))
            for length in self.prefix_lengths:
                if length > len(key):
                    break
                found.update(self.prefixes.get(key[:length], ()))
        return frozenset(found) if found else _NO_WORDS


_NO_WORDS: frozenset[Word] = frozenset()


@lru_cache(maxsize=16)
def _cached_word_table(words: frozenset[Word]) -> _WordTable:
    return _WordTable(words)


def _word_table(words: Iterable[Word]) -> _WordTable:
    """The table of a frozen word set is kept (the engine passes the same set every time;
    a frozenset keeps its hash, so finding it again is cheap); other iterables are
    arranged afresh."""
    if isinstance(words, frozenset):
        return _cached_word_table(words)
    return _WordTable(words)


# Forms repeat across posts, so each is looked up in the table once.  Bounded: about 8 MB
# when full, however many new forms millions of posts bring.
@lru_cache(maxsize=32_768)
def _token_words(table: _WordTable, form: str, lemmas: frozenset[str]) -> frozenset[Word]:
    return table.match_keys(lemmas | {form})


class TokenIndex:
    """Positions of every word of the packs in one document, found once per document."""

    def __init__(self, tokens: Sequence[Token], words: Iterable[Word], text: str = "") -> None:
        self.tokens = tokens
        self.text = text
        self._group_cache: dict[int, tuple[tuple[Phrase, ...], list[Hit]]] = {}
        table = _word_table(words)
        self._positions: dict[Word, list[int]] = {}
        # What ``table.words_of`` does, without a method call for every token.
        self._at: list[frozenset[Word]] = [
            _token_words(table, token.form, token.lemmas) for token in tokens
        ]
        for position, found in enumerate(self._at):
            for word in found:
                self._positions.setdefault(word, []).append(position)
        # Every word found at least once: lets a rule whose groups cannot all match here be
        # skipped before any hit is looked for (:meth:`PatternRule.may_match`).
        self.present: frozenset[Word] = frozenset(self._positions)

    def phrase_hits(self, phrase: Phrase) -> list[Hit]:
        positions = self._positions.get(phrase[0])
        if not positions:
            return []
        if len(phrase) == 1:  # one word: each place it stands is a hit
            return [_new_hit(Hit, (position, position)) for position in positions]
        hits = []
        for position in positions:
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
        # Kept by the group's id (hashing a group hashes every word of every phrase, each
        # time); the entry holds the group, so the id stays its own.
        entry = self._group_cache.get(id(group))
        if entry is None or entry[0] is not group:
            present = self.present  # a group has dozens of phrases; most start with absent words
            # Sorted as (first, last) tuples: hits are just that, so no key is needed.
            hits = sorted([h for p in group if p[0] in present for h in self.phrase_hits(p)])
            entry = self._group_cache[id(group)] = (group, hits)
        return entry[1]

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

    @cached_property
    def first_words(self) -> tuple[frozenset[Word], ...]:
        """Per group, the first word of each of its phrases: a group can only match where
        one of them stands."""
        return tuple(frozenset(phrase[0] for phrase in group) for group in self.groups)

    def may_match(self, index: TokenIndex) -> bool:
        """False when some group has none of its first words in the document, so the rule
        cannot match (a set test in C; most rules of most posts stop here)."""
        return all(not firsts.isdisjoint(index.present) for firsts in self.first_words)

    def find(self, index: TokenIndex) -> list[tuple[Hit, ...]]:
        """Every non-overlapping combination of hits, one per group, that satisfies the rule."""
        if not self.may_match(index):
            return []
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
