"""Named organisations with a public record, and narrow age targeting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from beforeyousign.analysis import prefilter
from beforeyousign.analysis.context import AnalysisContext
from beforeyousign.analysis.model import DocTypeDecision
from beforeyousign.analysis.recognizers.base import Candidate
from beforeyousign.analysis.recognizers.registry import register


@dataclass(frozen=True)
class KnownEntity:
    id: str
    pattern: re.Pattern[str]
    citation: str


@lru_cache(maxsize=1)
def known_entities() -> tuple[KnownEntity, ...]:
    source = resources.files("beforeyousign.knowledge").joinpath("entities.yaml")
    data = yaml.safe_load(source.read_text("utf-8"))
    entities = []
    for entry in data["entities"]:
        names = sorted(entry["names"], key=len, reverse=True)
        alternatives = "|".join(_name_pattern(n) for n in names)
        pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        entities.append(KnownEntity(entry["id"], pattern, entry["citation"]))
    return tuple(entities)


def _name_pattern(name: str) -> str:
    """A name as a regex; a final "*" allows any word ending («Алабуге», «Алабугу»)."""
    return re.escape(name[:-1]) + r"\w*" if name.endswith("*") else re.escape(name)


@register
class KnownRiskEntity:
    """Names an organisation or programme that public reporting ties to coercive recruitment.

    Basis: only entities listed in ``knowledge/entities.yaml``, each with the public report
    it rests on, which the finding cites.  A name alone is a possible indicator: the
    reader is pointed to the reporting, not told a verdict.

    Held-out (three sets, 92 documents, 2026-11-25): precision 1.00, recall 1.00
    (TP 2, FP 0, FN 0); see docs/quality.md.
    """

    flag = "known_risk_entity"

    def recognise(self, ctx: AnalysisContext, doc_type: DocTypeDecision) -> list[Candidate]:
        found = []
        for entity in known_entities():
            match = prefilter.search(entity.pattern, ctx.text)
            if match:
                found.append(
                    Candidate(
                        self.flag,
                        f"any.known_risk_entity.{entity.id}",
                        0.9,
                        (ctx.evidence(match.start(), match.end()),),
                        params={"source": entity.citation},
                    )
                )
        return found


_AGE_WORD = r"(?:age[sd]?|aged|years?|yrs|лет|года?|возраст\w*|edad|años|anos|ans|âge)(?!\w)"
_RANGE = (
    r"(?<![\d.,/])(\d{2})\s*(?:-|–|—|to|до|a|à|y)\s*(\d{2})(?![\d.,/]?\d)"
    # "15-20 years of experience" is not an age
    r"(?!\s*(?:years?\s+of|yrs?\s+of|лет\s+опыт|años\s+de\s+experiencia))"
)
_AGE_RANGE = re.compile(
    rf"{_AGE_WORD}\W{{0,12}}(?:от\s*|from\s*|de\s*|entre\s*)?{_RANGE}"
    rf"|(?:от\s*|from\s*|de\s*|entre\s*)?{_RANGE}\s*(?:-?\s*)?{_AGE_WORD}",
    re.IGNORECASE,
)
NARROW_AGE_SPAN = 6  # years: "18–22" is narrow; "20–40" is an ordinary hiring range


@register
class NarrowAgeRange:
    """An age range of a few years only (e.g. 18–22), with no job reason given.

    Basis: reported Alabuga Start recruiting of women aged about 18–22 (LEGAL.md).  Ordinary
    ranges ("age 20–40") are not flagged.  Sex-only targeting is in the rule packs.

    Held-out (three sets, 92 documents, 2026-11-25): precision 1.00, recall 1.00
    (TP 2, FP 0, FN 0); see docs/quality.md.
    """

    flag = "demographic_targeting"

    def recognise(self, ctx: AnalysisContext, doc_type: DocTypeDecision) -> list[Candidate]:
        for match in prefilter.finditer(_AGE_RANGE, ctx.text):
            low, high = (int(g) for g in match.groups() if g is not None)
            if 14 <= low < high <= 70 and high - low <= NARROW_AGE_SPAN:
                evidence = (ctx.evidence(match.start(), match.end()),)
                return [Candidate(self.flag, "any.demographic_targeting.narrow_age", 0.7, evidence)]
        return []
