"""Analysis: from a normalised document to its type, findings and key terms.

The only place that runs the recognizers and merges what they found.  Candidates of one
flag merge into one :class:`Finding` whose evidence lists every quote (at most
``MAX_QUOTES``); a candidate that ``requires`` another flag survives only beside it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from beforeyousign.analysis import vocab
from beforeyousign.analysis.clauses import ClauseReading, clause_words, flag_quotes, read_clauses
from beforeyousign.analysis.context import AnalysisContext
from beforeyousign.analysis.doctype import classify, marker_set
from beforeyousign.analysis.lemmas import Lemmatizer, default_lemmatizer
from beforeyousign.analysis.model import DocTypeDecision, Evidence, Finding, Term
from beforeyousign.analysis.patterns import Word
from beforeyousign.analysis.recognizers import all_recognizers
from beforeyousign.analysis.recognizers.base import Candidate
from beforeyousign.analysis.rulepack import bundled_packs
from beforeyousign.analysis.terms import extract_terms
from beforeyousign.analysis.tokens import tokenize
from beforeyousign.knowledge.legal import references_for
from beforeyousign.knowledge.taxonomy import FLAGS, MILITARY_DOC_TYPES, severity_rank
from beforeyousign.language import Detector, LanguageGuess, detect_language
from beforeyousign.text.model import Document
from beforeyousign.text.normalise import NormalisedText, normalise
from beforeyousign.text.segment import sentences

MAX_QUOTES = 3


@dataclass(frozen=True)
class Analysis:
    doc_type: DocTypeDecision
    language: LanguageGuess
    findings: tuple[Finding, ...]
    terms: tuple[Term, ...]
    normalised: NormalisedText
    block_languages: tuple[tuple[int, str, float], ...] = ()
    clauses: tuple[ClauseReading, ...] = ()  # numbered clauses, typed and read


@lru_cache(maxsize=1)
def index_words() -> frozenset[Word]:
    """Every word any pack, marker list or recognizer looks for."""
    words = {w for pack in bundled_packs() for rule in pack.rules for w in rule.words}
    words |= marker_set().words
    words |= vocab.words()
    words |= clause_words()
    return frozenset(words)


def analyse_document(document: Document, lemmatizer: Lemmatizer | None = None) -> Analysis:
    normalised = normalise(document.raw_text)
    segments = sentences(normalised.text)
    detect = _remembering(detect_language)
    by_block = block_languages(document, detect)
    language = detect(normalised.text)
    if language.code == "unsure":
        language = _majority_language(by_block) or language
    tokens = tokenize(
        normalised.text, [s.start for s in segments], lemmatizer or default_lemmatizer()
    )
    ctx = AnalysisContext(document, normalised, segments, tokens, language.code, index_words())
    doc_type = classify(ctx)
    candidates = [c for r in all_recognizers() for c in r.recognise(ctx, doc_type)]
    military_paper = doc_type.doc_type in MILITARY_DOC_TYPES or any(
        c.flag == "military_service" for c in candidates
    )
    russian_military = military_paper and _about_russia(ctx)
    findings = merge(candidates, military=russian_military)
    quotes = flag_quotes(candidates, (f.flag for f in findings))
    clauses = read_clauses(ctx, doc_type.doc_type, quotes, military=military_paper)
    terms = extract_terms(ctx)
    return Analysis(doc_type, language, findings, terms, normalised, by_block, clauses)


def _remembering(detect: Detector) -> Detector:
    """``detect`` that identifies each distinct text once, for one document: a one-line post
    is its own only block, and language identification is the dearest step of a short one."""
    seen: dict[str, LanguageGuess] = {}

    def detect_once(text: str) -> LanguageGuess:
        if text not in seen:
            seen[text] = detect(text)
        return seen[text]

    return detect_once


def _majority_language(by_block: tuple[tuple[int, str, float], ...]) -> LanguageGuess | None:
    """A mixed paper (a chat in Russian and English) whose whole text the detector cannot
    place: the language of most of its blocks, with that share as the confidence."""
    codes = [code for _, code, _ in by_block]
    if not codes:
        return None
    best = max(sorted(set(codes)), key=codes.count)
    share = codes.count(best) / len(codes)
    return LanguageGuess(best, round(share, 3)) if share > 0.5 else None


MIN_BLOCK_LETTERS = 40
MAX_BLOCKS_CHECKED = 300


def block_languages(
    document: Document, detect: Detector = detect_language
) -> tuple[tuple[int, str, float], ...]:
    """Language of each block with enough letters to tell (a chat mixes Russian and
    English; a contract may carry a translation).  Only sure answers are kept."""
    found = []
    for number, block in enumerate(document.blocks[:MAX_BLOCKS_CHECKED], start=1):
        if sum(map(str.isalpha, block.text)) < MIN_BLOCK_LETTERS:
            continue
        guess = detect(block.text)
        if guess.code != "unsure":
            found.append((number, guess.code, guess.confidence))
    return tuple(found)


def _about_russia(ctx: AnalysisContext) -> bool:
    """Russian law is cited only for papers in Russian or that name Russia."""
    return ctx.language == "ru" or any(ctx.index.phrase_hits(p) for p in vocab.RUSSIA)


def merge(candidates: list[Candidate], *, military: bool) -> tuple[Finding, ...]:
    raised = {c.flag for c in candidates if not c.requires}
    by_flag: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        if not candidate.requires or candidate.requires & raised:
            by_flag[candidate.flag].append(candidate)
    findings = [_finding(flag, group, military) for flag, group in by_flag.items()]
    findings.sort(key=lambda f: (severity_rank(f.severity), -f.score, f.flag))
    return tuple(findings)


def _finding(flag: str, group: list[Candidate], military: bool) -> Finding:
    info = FLAGS[flag]
    # Quotes from the text come before quotes that only show what the paper is.
    group = sorted(group, key=lambda c: (c.implied_by_law, -c.weight))
    miss = 1.0
    for candidate in group:
        miss *= 1.0 - candidate.weight
    params: dict[str, str] = {}
    for candidate in group:
        params.update(candidate.params)
    return Finding(
        flag=flag,
        severity=info.severity,
        ilo_indicator=info.ilo_indicator,
        score=1.0 - miss,
        rule_id=group[0].rule_id,
        # Words that only show what the paper is are quoted when the text itself is silent.
        evidence=_unique_evidence(e for c in _quoted(group) for e in c.evidence),
        message_id=info.explanation_id,
        params=params,
        legal=references_for(flag, military=military),
        implied_by_law=all(c.implied_by_law for c in group),
    )


def _quoted(group: list[Candidate]) -> list[Candidate]:
    from_text = [c for c in group if not c.implied_by_law]
    return from_text or group


def _unique_evidence(evidence: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """Distinct quotes: a quote inside another one («военной службы» inside «о прохождении
    военной службы») would only take a place from a quote that says something new."""
    kept: list[Evidence] = []
    for item in sorted(evidence, key=lambda e: e.end - e.start, reverse=True):
        if not any(k.start <= item.start and item.end <= k.end for k in kept):
            kept.append(item)
    kept.sort(key=lambda e: e.start)
    return tuple(kept[:MAX_QUOTES])
