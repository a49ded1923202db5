"""Decide what the paper is (TAXONOMY.md document types), with the words that decided it.

Two questions, in order: is it a *chat* (by its shape: time-stamped lines from senders),
a *contract* (the language of agreements: parties, «именуемый в дальнейшем», "hereinafter")
or an *offer* (vacancy, salary, contact)?  And if a contract, which one: the markers of
each contract type are scored, a marker in the title counting triple.  Markers are data
in ``doctypes.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

import yaml

from beforeyousign.analysis.context import AnalysisContext
from beforeyousign.analysis.model import DocTypeDecision
from beforeyousign.analysis.patterns import Hit, Phrase, Word, parse_group
from beforeyousign.analysis.tokens import Token

TITLE_WEIGHT = 3.0
TITLE_CHARS = 300
MIN_CONTRACT_SCORE = 2.0
MIN_TYPE_SCORE = 2.0
MIN_OFFER_SCORE = 2.0

# "[12.03.24, 14:02:11] Name:", "12/03/2024, 14:02 - Name:", "Name, [12.03.2024 14:02]"
# The indent is [^\S\n]*, not \s*: a \s* after ^ runs over every blank line below each
# line start, so a paper of blank lines took quadratic time (100 kB: minutes; bench_fuzz).
_CHAT_LINE = re.compile(
    r"^[^\S\n]*(?:[\[(|{]?\d{1,2}[./]\d{1,2}[./]\d{2,4},?\s+(?:à\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?[\])|}]?"
    r"\s*(?:-\s*)?[^:\n]{1,80}:"
    r"|[^:\n\[]{1,40},\s*\[\d{1,2}[./]\d{1,2}[./]\d{2,4}\s+\d{1,2}:\d{2}\]"
    r"|\[?\d{1,2}:\d{2}\]?\s*[^:\n]{1,40}:)",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Marker:
    phrases: tuple[Phrase, ...]
    weight: float
    title_only: bool = False
    heading: bool = False  # only as a heading: «КОНТРАКТ», «Контракт № 5», «Контракт о …»

    @cached_property
    def first_words(self) -> frozenset[Word]:
        """The words a hit of this marker starts with (a post without any has no hit)."""
        return frozenset(phrase[0] for phrase in self.phrases)


@dataclass(frozen=True)
class MarkerSet:
    form: dict[str, tuple[Marker, ...]]
    types: dict[str, tuple[Marker, ...]]

    @property
    def words(self) -> set[Word]:
        groups = [*self.form.values(), *self.types.values()]
        return {w for markers in groups for m in markers for p in m.phrases for w in p}


def _markers(entries: list[dict[str, Any]]) -> tuple[Marker, ...]:
    return tuple(
        Marker(
            parse_group(e["words"]),
            float(e["weight"]),
            bool(e.get("title_only", False)),
            bool(e.get("heading", False)),
        )
        for e in entries
    )


@lru_cache(maxsize=1)
def marker_set() -> MarkerSet:
    source = resources.files("beforeyousign.analysis").joinpath("doctypes.yaml")
    data = yaml.safe_load(source.read_text("utf-8"))
    return MarkerSet(
        form={k: _markers(v) for k, v in data["form"].items()},
        types={k: _markers(v) for k, v in data["types"].items()},
    )


def classify(ctx: AnalysisContext) -> DocTypeDecision:
    chat_lines = [m for m in _CHAT_LINE.finditer(ctx.text)]
    if _looks_like_chat(ctx.text, len(chat_lines)):
        evidence = tuple(
            ctx.evidence(*_trimmed(ctx.text, m.start(), m.end())) for m in chat_lines[:2]
        )
        return DocTypeDecision("recruiter_chat", float(len(chat_lines)), evidence)
    markers = marker_set()
    contract, contract_hits = _score(ctx, markers.form["contract"])
    offer, offer_hits = _score(ctx, markers.form["offer"])
    if contract >= MIN_CONTRACT_SCORE and contract > offer:
        scored = {t: _score(ctx, m) for t, m in markers.types.items()}
        best = max(scored, key=lambda t: scored[t][0])
        if scored[best][0] >= MIN_TYPE_SCORE:
            return _decision(ctx, best, scored[best])
        return _decision(ctx, "other", (contract, contract_hits))
    if offer >= MIN_OFFER_SCORE or (offer > 0 and offer >= contract):
        return _decision(ctx, "job_offer", (offer, offer_hits))
    return DocTypeDecision("other", 0.0, ())


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the whitespace (blank lines) a multi-line match starts with."""
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _looks_like_chat(text: str, chat_lines: int) -> bool:
    if chat_lines < 3:
        return False  # the lines need not be counted
    lines = sum(1 for line in text.splitlines() if line.strip())
    return chat_lines >= 0.3 * lines


def _score(ctx: AnalysisContext, markers: tuple[Marker, ...]) -> tuple[float, list[Hit]]:
    """Sum of marker weights (each marker once; triple in the title) and the best hits."""
    title_end = _title_end(ctx)
    present = ctx.index.present
    total, hits = 0.0, []
    for marker in markers:
        if marker.first_words.isdisjoint(present):
            continue  # no hit possible: a set test in C instead of a look for each phrase
        # Only phrases whose first word the document has can have hits.
        found = [h for p in marker.phrases if p[0] in present for h in ctx.index.phrase_hits(p)]
        if marker.heading:
            found = [
                h for h in found if _is_heading(ctx.text, ctx.tokens[h.first], ctx.tokens[h.last])
            ]
        in_title = [h for h in found if ctx.tokens[h.first].start < title_end]
        if marker.title_only:
            found = in_title
        if not found:
            continue
        total += marker.weight * (TITLE_WEIGHT if in_title else 1.0)
        hits.append(min(in_title or found, key=lambda h: h.first))
    return total, hits


MAX_HEADING_CHARS = 100
MAX_WORDS_BEFORE_TITLE = 2

_HEADING_TAIL = re.compile(
    r"\s*(?:$|№|N\s*\d|о\b|об\b|on\b|of\b|de\b|para\b|sur\b|\(|[_\s]*$)", re.IGNORECASE
)


def _is_heading(text: str, first: Token, last: Token) -> bool:
    """The word opens its line (after at most two words) and the line goes on only with a
    number or «о …»/"of …":
    «КОНТРАКТ о прохождении…» is a heading, «Контракт с Минобороны!» is an ad's slogan."""
    line_start = text.rfind("\n", 0, first.start) + 1
    line_end = text.find("\n", last.end)
    line_end = len(text) if line_end < 0 else line_end
    # Up to two words may come first: «Трудовой договор», "EMPLOYMENT CONTRACT".
    before = text[line_start : first.start].strip(" \t*#№0-9.").split()
    opens_line = len(before) <= MAX_WORDS_BEFORE_TITLE and all(
        w.replace("-", "").isalpha() for w in before
    )
    line = text[line_start:line_end]
    # A title is short and has no comma; a sentence that starts with "Contrato de …" and
    # runs on (wrapped or not) is a clause, wherever the paper's width breaks it.
    titled = "," not in line and len(line.strip()) <= MAX_HEADING_CHARS
    return opens_line and titled and bool(_HEADING_TAIL.match(text[last.end : line_end]))


def _title_end(ctx: AnalysisContext) -> int:
    """The first three sentences, at most TITLE_CHARS characters. Sentences, not lines:
    a photographed or PDF page wraps its lines wherever the paper's width ends, and the
    title must not change with the width of the paper."""
    if len(ctx.sentences) < 3:
        return min(len(ctx.text), TITLE_CHARS)
    return min(ctx.sentences[2].end, TITLE_CHARS)


def _decision(
    ctx: AnalysisContext, doc_type: str, scored: tuple[float, list[Hit]]
) -> DocTypeDecision:
    score, hits = scored
    ordered = sorted(hits, key=lambda h: h.first)[:3]
    evidence = tuple(
        ctx.evidence(ctx.tokens[h.first].start, ctx.tokens[h.last].end) for h in ordered
    )
    return DocTypeDecision(doc_type, score, evidence)
