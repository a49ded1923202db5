"""What a recognizer is, and the candidate findings it produces."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import ClassVar, Protocol

from beforeyousign.analysis.context import AnalysisContext
from beforeyousign.analysis.model import DocTypeDecision, Evidence
from beforeyousign.analysis.patterns import PatternRule, Word
from beforeyousign.analysis.rulepack import bundled_packs


@dataclass(frozen=True)
class Candidate:
    """A flag raised by one rule, before findings of the same flag are merged."""

    flag: str
    rule_id: str
    weight: float
    evidence: tuple[Evidence, ...]
    requires: frozenset[str] = frozenset()
    implied_by_law: bool = False
    params: dict[str, str] = field(default_factory=dict)


class Recognizer(Protocol):
    flag: str

    def recognise(self, ctx: AnalysisContext, doc_type: DocTypeDecision) -> list[Candidate]: ...


class FlagRules:
    """The rules of one flag in every bundled pack, in pack order, and for each word that
    can open a match (the first word of a phrase of a rule's first group) the rules it can
    open.  Built once per flag and process: a short post holds few of these words, so most
    rules are never looked at, instead of each being tried on every post."""

    def __init__(self, rules: tuple[PatternRule, ...]) -> None:
        self.rules = rules
        openers: dict[Word, set[int]] = defaultdict(set)
        for position, rule in enumerate(rules):
            for word in rule.first_words[0]:
                openers[word].add(position)
        self._openers = {word: frozenset(found) for word, found in openers.items()}
        self._opening_words = frozenset(self._openers)

    def worth_running(self, present: frozenset[Word]) -> list[PatternRule]:
        """The rules whose first group has an opening word among ``present``, in order."""
        # Two frozensets: the intersection runs over the smaller one (a dict's keys would
        # first be copied into a set, every one of them, on every call).
        opened = present & self._opening_words
        if not opened:
            return []
        positions = frozenset().union(*(self._openers[word] for word in opened))
        return [self.rules[position] for position in sorted(positions)]


@cache  # one entry per flag id: bounded by the taxonomy
def flag_rules(flag: str) -> FlagRules:
    return FlagRules(
        tuple(rule for pack in bundled_packs() for rule in pack.rules if rule.flag == flag)
    )


@cache
def _flags_by_opening_word() -> tuple[dict[Word, frozenset[str]], frozenset[Word]]:
    """For each word that can open a rule, the flags of those rules; and all those words."""
    found: dict[Word, set[str]] = defaultdict(set)
    for pack in bundled_packs():
        for rule in pack.rules:
            for word in rule.first_words[0]:
                found[word].add(rule.flag)
    return {word: frozenset(flags) for word, flags in found.items()}, frozenset(found)


# Keyed by the document's set of words: the pattern recognizers ask in turn about the same
# document, and a frozenset keeps its hash, so all but the first ask cost a lookup.
@lru_cache(maxsize=4)
def _opened_flags(present: frozenset[Word]) -> frozenset[str]:
    """Flags with a rule that a word of ``present`` can open."""
    by_word, words = _flags_by_opening_word()
    # Two frozensets: the intersection runs over the smaller one, the document's words
    # (``by_word.keys() & present`` copied the thousands of opening words on every post).
    return frozenset().union(*(by_word[word] for word in present & words))


class PatternRecognizer:
    """Runs the rule-pack rules of its flag, in every bundled language.

    All packs run on every document: a chat mixes Russian and English, and a rule written
    in Latin letters cannot match Cyrillic text by accident.
    """

    flag: ClassVar[str]

    def recognise(self, ctx: AnalysisContext, doc_type: DocTypeDecision) -> list[Candidate]:
        found: list[Candidate] = []
        if self.flag not in _opened_flags(ctx.index.present):
            return found
        for rule in flag_rules(self.flag).worth_running(ctx.index.present):
            if rule.doc_types is not None and doc_type.doc_type not in rule.doc_types:
                continue
            for combo in rule.find(ctx.index):
                if ctx.is_question(ctx.tokens[combo[0].first].start):
                    continue
                hits = rule.evidence_hits(ctx.index, combo)
                evidence = tuple(ctx.evidence_for_hits(hits))
                found.append(Candidate(self.flag, rule.id, rule.weight, evidence, rule.requires))
        return found
