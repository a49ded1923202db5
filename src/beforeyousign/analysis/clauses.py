"""A contract read clause by clause: each numbered clause's type and one plain sentence.

Nothing on this stack translates Russian offline (DESIGN.md), so the tool does not
pretend to.  What it can do honestly: split a contract into its numbered clauses, tell
what each one is *about* (:data:`CLAUSE_TYPES`), and say in the reader's language what
the values it extracted mean ("You agree to serve for 1 year.").  Where it cannot read a
value, the sentence says only what the clause is about; a clause of no known type is
listed as not interpreted, with the advice to have it translated.

Splitting.  Numbered clauses come from :func:`beforeyousign.text.segment.clauses`
(«1.», «1.1.», «2)», «а)», «Статья 3»); this module adds «п. 4» at the start of a line,
unnumbered headings («Срок контракта», «ОБЯЗАННОСТИ СТОРОН») and the end of the last
clause at a blank line (signature lines, footnotes).  A clause's own text runs to the
next clause or heading, so nested clauses never overlap: «2. Права и обязанности сторон»
is the heading line only, and «2.1» its first item.  Papers that are not contracts (ads,
chats) or have fewer than :data:`MIN_CLAUSES` numbered clauses get no clause list.

Typing.  Cue words per type and language are data (``clauses.yaml``); each cue entry
counts once per clause with its weight, plus:

* a stated contract length («сроком на 1 (один) год», "concluded for six months") gives
  ``term`` :data:`TERM_LENGTH_WEIGHT`, an open-ended term («до окончания мобилизации»)
  :data:`OPEN_TERM_WEIGHT`;
* an amount of money gives ``pay`` :data:`MONEY_WEIGHT`;
* the quote of a raised flag inside the clause gives the flag's type (``flags`` in the
  YAML) :data:`FLAG_WEIGHT`: the rules behind flags are better tested than cue words;
* a sub-item leans to its parent's type (:data:`PARENT_WEIGHT`) and takes it when it has
  no cue of its own («2.1.2. соблюдать трудовую дисциплину;» under «2.1. Работник обязан:»).

The best total wins if it reaches :data:`MIN_SCORE` and is not tied (a tie goes to the
parent's type if it is one of them, else to ``other``).

What it deliberately does not do: guess a value it did not extract, summarise a clause it
cannot read, or let a clause about leave, probation or notice set the contract's length.
Known confusions: a clause about several things gets one type (India's «обязуется проходить
... в течение одного года, в том числе в зоне СВО» is ``term``; the war zone is a flag);
a calendar plan «на период с 1 сентября по 3 ноября» reads as a period like a term; a
right to compensation («возмещение вреда») reads as liability; a clause on joining a unit
and training («поступает в отряд и проходит подготовку») is not interpreted.

Measured on the contracts of ``shared/corpus/dev`` and ``tests/corpus``: 108 of 116 clauses
of the ``*contract*`` files typed (93 %; the rest are mostly «Прочие условия» and dispute
clauses), 76 of 91 in the three real civilian contracts (84 %); 1-5 ms per contract, about
a tenth of the analysis.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from beforeyousign.analysis.context import AnalysisContext
from beforeyousign.analysis.extract import Duration, Money, find_durations
from beforeyousign.analysis.model import Evidence
from beforeyousign.analysis.patterns import Phrase, Word, parse_group
from beforeyousign.analysis.recognizers.base import Candidate
from beforeyousign.errors import N_, RulePackError
from beforeyousign.knowledge.taxonomy import FLAGS, MILITARY_DOC_TYPES
from beforeyousign.text.segment import clauses as numbered_clauses

__all__ = [
    "CLAUSE_TYPES",
    "ClauseReading",
    "clause_words",
    "flag_quotes",
    "load_cues",
    "read_clauses",
]

#: Clause type id -> its label (a msgid).  ``other`` means "not interpreted".
CLAUSE_TYPES: dict[str, str] = {
    "parties": N_("Parties"),
    "duties": N_("Duties"),
    "term": N_("Term"),
    "pay": N_("Pay"),
    "exit": N_("Leaving the contract"),
    "documents": N_("Documents"),
    "deployment": N_("Where you will be sent"),
    "liability": N_("Liability and penalties"),
    "signature": N_("Signatures"),
    "other": N_("Other"),
}

MIN_CLAUSES = 2  # one numbered line is a list item, not a contract's structure
MAX_CLAUSES = 400  # a longer paper is read to here; the rest is left to the flags
NOT_CONTRACTS = frozenset({"job_offer", "recruiter_chat"})
QUOTE_CHARS = 200
MIN_SCORE = 1.0
TERM_LENGTH_WEIGHT = 6.0
OPEN_TERM_WEIGHT = 3.0
DATE_RANGE_WEIGHT = 2.0
MONEY_WEIGHT = 1.0
FLAG_WEIGHT = 3.0
PARENT_WEIGHT = 1.0
LEAD_WEIGHT = 1.0  # a cue in the clause's first words, which usually name its subject
LEAD_CHARS = 50
LEAD_CUE_WEIGHT = 2.0  # only cues that name a subject count as its name
SUBJECT_CHARS = 100  # how far before «обязуется» its subject may stand
OBJECT_CHARS = 30  # how far after «Обязанности» its owner may stand («… военнослужащего»)
SERVICE_DOC_TYPES = MILITARY_DOC_TYPES | {"state_service_contract"}

# --------------------------------------------------------------------------- messages

NOT_INTERPRETED = N_(
    "This tool could not interpret this clause. Have it translated by someone you trust "
    "before you sign."
)
PARTIES = N_("This clause is about the parties: who signs this paper and their details.")
DUTIES_YOURS = N_("This clause sets out your duties: what you must or must not do.")
RIGHTS_YOURS = N_("This clause lists your rights under this paper.")
DUTIES_OTHER = N_("This clause is about what the other side must do or may do.")
DUTIES_ANY = N_("This clause is about the work and the rights and duties of each side.")
TERM_SERVE = N_("You agree to serve for {duration}.")
TERM_WORK = N_("You agree to work for {duration}.")
TERM_SERVE_LONGER = N_("You agree to serve for {duration}, but this clause lets the contract "
                       "run on past that.")  # fmt: skip
TERM_WORK_LONGER = N_("You agree to work for {duration}, but this clause lets the contract "
                      "run on past that.")  # fmt: skip
TERM_OPEN = N_("This clause sets no fixed end to the contract: «{words}».")
TERM_PERIOD = N_("This clause sets the period from {start_date} to {end_date}.")
TERM_ON_SIGNING = N_("The contract starts on the day it is signed.")
TERM_BLANK = N_("This clause is about how long the contract lasts, but the length or date is "
                "left blank. Do not sign until it is filled in.")  # fmt: skip
TERM_ANY = N_("This clause is about how long the contract lasts, or when it starts or ends.")
PAY_PERIOD = N_("You are promised {amount} {period}.")
PAY_AMOUNT = N_("You are promised {amount}.")
PAY_ONE_TIME = N_("You are promised a one-time payment of {amount}.")
PAY_NAMES = N_("This clause is about money: it names {amount}.")
PAY_WITHHELD = N_("This clause lets your pay be held back, cut or paid to someone else.")
PAY_BLANK = N_("This clause is about pay, but the amount is left blank. Do not sign until it "
               "is filled in.")  # fmt: skip
PAY_ANY = N_("This clause is about pay or what you are given. This tool found no amount in it.")
EXIT_LIMITED = N_("This clause is about ending the contract: it takes away or limits your "
                  "right to leave before the end.")  # fmt: skip
EXIT_NOTICE = N_("This clause is about ending the contract: you can end it by telling the "
                 "other side {duration} in advance.")  # fmt: skip
EXIT_ANY = N_("This clause is about leaving or ending the contract; have it translated before "
              "you sign.")  # fmt: skip
DOCUMENTS_KEPT = N_("This clause says the other side keeps your passport or identity papers.")
DOCUMENTS_COPIES = N_("This clause is about the copies of this paper. Make sure you get your "
                      "own copy.")  # fmt: skip
DOCUMENTS_ANY = N_("This clause is about your passport or other papers; have it translated "
                   "before you sign.")  # fmt: skip
DEPLOYMENT_WAR = N_("This clause can send you to a war or combat zone: «{place}».")
DEPLOYMENT_PLACE = N_("This clause names where you would work or serve: «{place}».")
DEPLOYMENT_ANY = N_("This clause is about where you would work or serve. This tool could not "
                    "read the place from it.")  # fmt: skip
LIABILITY_PUNISHED = N_("This clause says you can be punished for leaving or refusing.")
LIABILITY_DEBT = N_("This clause makes you work off a debt.")
LIABILITY_FEES = N_("This clause makes you pay costs such as recruitment, visa or travel.")
LIABILITY_ANY = N_("This clause is about liability: penalties, fines or paying for damage.")
SIGNATURE_CONFIRMS = N_("By signing, you confirm that you have read and understood this "
                        "paper. Do not sign unless that is true.")  # fmt: skip
SIGNATURE_ANY = N_("This clause is about signing this paper.")


@dataclass(frozen=True)
class ClauseReading:
    """One numbered clause: its type and a plain sentence (message id + parameters,
    translated only when rendered), with the clause's opening words as evidence.

    Parameters are language-neutral strings: ``duration`` an ISO 8601 duration ("P1Y"),
    ``amount`` a decimal and an ISO 4217 code ("210000 RUB"), ``period`` a pay period id
    ("month"), ``start_date``/``end_date`` ISO dates, ``words``/``place`` the document's
    own words.  ``start``/``end`` span the clause's own text in the normalised text.
    """

    number: str
    type: str
    message_id: str
    params: dict[str, str]
    evidence: Evidence
    start: int
    end: int

    @property
    def interpreted(self) -> bool:
        return self.type != "other"

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "type": self.type,
            "message_id": self.message_id,
            "params": dict(self.params),
            "interpreted": self.interpreted,
            "span": [self.start, self.end],
            "evidence": self.evidence.to_dict(),
        }


# --------------------------------------------------------------------------- cue data


@dataclass(frozen=True)
class _Cue:
    type: str
    phrases: tuple[Phrase, ...]
    weight: float
    strong: bool  # the type's heaviest entry in its language: names the subject


@dataclass(frozen=True)
class ClauseCues:
    """The contents of ``clauses.yaml``, parsed."""

    cues: tuple[_Cue, ...]
    groups: dict[str, tuple[Phrase, ...]]  # reader, other, duty, rights, reader_exit, notice
    flags: dict[str, str]  # flag id -> clause type

    @property
    def words(self) -> frozenset[Word]:
        phrases = [p for cue in self.cues for p in cue.phrases]
        phrases += [p for group in self.groups.values() for p in group]
        return frozenset(w for p in phrases for w in p)


_GROUPS = {
    "reader": ("roles", "reader"),
    "other": ("roles", "other"),
    "duty": ("modes", "duty"),
    "rights": ("modes", "rights"),
    "prohibition": ("modes", "prohibition"),
    "reader_exit": ("reader_exit", None),
    "notice": ("notice", None),
}


def load_cues(name: str, text: str) -> ClauseCues:
    """Parse and validate the clause cue file; a mistake names the file and the field."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulePackError(path=name, field="(file)", reason=str(exc).splitlines()[0]) from exc
    if not isinstance(data, dict):
        raise RulePackError(path=name, field="(top)", reason="expected a mapping")
    types = data.get("types")
    if not isinstance(types, dict):
        raise RulePackError(path=name, field="types", reason="expected a mapping")
    cues: list[_Cue] = []
    for type_id, languages in types.items():
        if type_id not in CLAUSE_TYPES:
            raise RulePackError(path=name, field=f"types.{type_id}", reason="unknown type")
        if not isinstance(languages, dict):
            raise RulePackError(path=name, field=f"types.{type_id}", reason="expected a mapping")
        for language, entries in languages.items():
            where = f"types.{type_id}.{language}"
            if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2,3}", language):
                raise RulePackError(path=name, field=where, reason="not a language code")
            cues += _language_cues(name, where, type_id, entries)
    groups = {key: _group(name, data, outer, inner) for key, (outer, inner) in _GROUPS.items()}
    flags = data.get("flags", {})
    if not isinstance(flags, dict):
        raise RulePackError(path=name, field="flags", reason="expected a mapping")
    for flag, type_id in flags.items():
        if flag not in FLAGS or type_id not in CLAUSE_TYPES:
            raise RulePackError(path=name, field=f"flags.{flag}", reason="unknown flag or type")
    return ClauseCues(tuple(cues), groups, dict(flags))


def _language_cues(name: str, where: str, type_id: str, entries: Any) -> list[_Cue]:
    if not isinstance(entries, list) or not entries:
        raise RulePackError(path=name, field=where, reason="expected a non-empty list")
    parsed: list[tuple[tuple[Phrase, ...], float]] = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or set(entry) != {"words", "weight"}:
            raise RulePackError(path=name, field=f"{where}[{i}]", reason="needs words and weight")
        words, weight = entry["words"], entry["weight"]
        phrases = parse_group(words) if isinstance(words, str) else ()
        if not phrases:
            raise RulePackError(path=name, field=f"{where}[{i}].words", reason="empty")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            raise RulePackError(path=name, field=f"{where}[{i}].weight", reason="a positive number")
        parsed.append((phrases, float(weight)))
    top = max(weight for _, weight in parsed)
    return [_Cue(type_id, phrases, weight, weight == top) for phrases, weight in parsed]


def _group(name: str, data: dict[str, Any], outer: str, inner: str | None) -> tuple[Phrase, ...]:
    value = data.get(outer)
    where = outer
    if inner is not None:
        value = value.get(inner) if isinstance(value, dict) else None
        where = f"{outer}.{inner}"
    phrases = parse_group(value) if isinstance(value, str) else ()
    if not phrases:
        raise RulePackError(path=name, field=where, reason="expected a non-empty string")
    return phrases


@lru_cache(maxsize=1)
def bundled_cues() -> ClauseCues:
    source = resources.files("beforeyousign.analysis").joinpath("clauses.yaml")
    return load_cues("clauses.yaml", source.read_text("utf-8"))


def clause_words() -> frozenset[Word]:
    """Every word the clause reader looks for (the engine indexes them with the rest)."""
    return bundled_cues().words


def flag_quotes(
    candidates: Iterable[Candidate], raised: Iterable[str]
) -> list[tuple[str, Evidence]]:
    """The quotes from the text (not from the law) of every flag that was raised."""
    flags = set(raised)
    return [
        (c.flag, e)
        for c in candidates
        if c.flag in flags and not c.implied_by_law
        for e in c.evidence
    ]


# --------------------------------------------------------------------------- splitting


@dataclass
class _Unit:
    """A numbered clause, or an unnumbered heading (``number`` None), and what is known."""

    start: int
    end: int
    number: str | None
    parent: int | None = None
    display: str = ""
    scores: dict[str, float] = field(default_factory=dict)
    type: str = "other"
    subject: str | None = None  # reader | other: whose duties a duty clause sets
    mode: str | None = None  # duty | rights


_LINE = re.compile(r"[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")  # as segment.py splits lines
_TERMINAL = ".!?…;"
_CLOSERS = "»\"'”’)]"
# «п. 4», «П.4.1.» at the start of a line (segment.py knows «Пункт 4», not the short form)
_SHORT_ITEM = re.compile(r"[Пп]\.[ \t]?(?P<number>[1-9]\d{0,2}(?:\.[1-9]\d{0,2})*)\.?(?=\s)")
_HEADING_MAX_CHARS = 80
_HEADING_MAX_WORDS = 10


def _ends_sentence(line: str) -> bool:
    line = line.rstrip(_CLOSERS)
    return bool(line) and line[-1] in _TERMINAL


def _is_heading_line(line: str, previous: str | None, next_is_clause: bool) -> bool:
    """A short title line: in capitals («ОБЯЗАННОСТИ СТОРОН»), or capitalised, after a
    finished sentence and right before a numbered clause («Срок контракта»)."""
    if len(line) > _HEADING_MAX_CHARS or len(line.split()) > _HEADING_MAX_WORDS:
        return False
    if not line[0].isupper() or "___" in line or line[-1] in _TERMINAL + ":,":
        return False
    if not any(c.islower() for c in line) and sum(c.isupper() for c in line) >= 3:
        return True
    return next_is_clause and (previous is None or _ends_sentence(previous))


def _stripped_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line, without its surrounding whitespace."""
    found = []
    for match in _LINE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            found.append((start, end))
    return found


def _units(text: str) -> list[_Unit]:
    segments = numbered_clauses(text)
    seg_starts = {s.start for s in segments}
    lines = _stripped_lines(text)
    extra: list[_Unit] = []  # headings and «п. N» items
    stops: list[int] = []  # blank-line ends of the last clause
    previous: str | None = None
    for i, (start, end) in enumerate(lines):
        line = text[start:end]
        next_is_clause = i + 1 < len(lines) and lines[i + 1][0] in seg_starts
        blank_before = i > 0 and text.count("\n", lines[i - 1][1], start) > 1
        after_sentence = previous is None or blank_before or _ends_sentence(previous)
        if start not in seg_starts:
            short = _SHORT_ITEM.match(line)
            if short and after_sentence:
                extra.append(_Unit(start, len(text), short.group("number")))
            elif _is_heading_line(line, None if blank_before else previous, next_is_clause):
                extra.append(_Unit(start, end, None))
            elif blank_before and not line[0].islower():
                stops.append(start)
        previous = line
    units = [_Unit(s.start, s.end, s.clause) for s in segments] + extra
    units.sort(key=lambda u: u.start)
    boundaries = sorted([u.start for u in units] + stops)
    for unit in units:
        following = bisect_left(boundaries, unit.start + 1)
        if following < len(boundaries):
            unit.end = min(unit.end, boundaries[following])
        while unit.end > unit.start and text[unit.end - 1].isspace():
            unit.end -= 1
    _link(text, units, segments_end={s.start: s.end for s in segments})
    return units


def _link(text: str, units: list[_Unit], segments_end: dict[int, int]) -> None:
    """Parents (the containing clause, or a heading after it) and display numbers."""
    stack: list[int] = []  # numbered clauses whose full span is still open
    heading: int | None = None
    last_by_number: dict[str, int] = {}
    for index, unit in enumerate(units):
        if unit.number is None:
            heading, unit.display = index, ""
            continue
        while stack and segments_end.get(units[stack[-1]].start, 0) <= unit.start:
            stack.pop()
        container = stack[-1] if stack and unit.start in segments_end else None
        if unit.start not in segments_end:  # «п. 4.1»: its parent is «п. 4» or «4.»
            container = last_by_number.get(unit.number.rpartition(".")[0])
        parent = container
        if heading is not None and (parent is None or units[parent].start < units[heading].start):
            parent = heading
        unit.parent = parent
        parent_number = units[container].display if container is not None else None
        unit.display = _display(text, unit, parent_number)
        last_by_number[unit.number] = index
        if unit.start in segments_end:
            stack.append(index)


def _display(text: str, unit: _Unit, parent: str | None) -> str:
    """How to name a clause: «2.1» stays «2.1»; part «1.» of «Статья 3» is «3.1»; a list
    item «а)» or «(2)» inside clause 7 is «7 а)», «7 2)»."""
    number = unit.number or ""
    if parent is None or number.startswith(parent + "."):
        return number
    after = text.find(number, unit.start, unit.start + 16)
    bracketed = after >= 0 and text[after + len(number) : after + len(number) + 1] == ")"
    if number.replace(".", "").isdigit() and not bracketed:
        return f"{parent}.{number}"
    return f"{parent} {number})"


# --------------------------------------------------------------------------- typing


class _Offsets:
    """Where in the text each cue entry and word group matched (token start offsets)."""

    def __init__(self, ctx: AnalysisContext, cues: ClauseCues) -> None:
        self.ctx = ctx
        self.cue_hits = [self._find(cue.phrases) for cue in cues.cues]
        self.groups = {key: self._find(group) for key, group in cues.groups.items()}

    def _find(self, phrases: Sequence[Phrase]) -> list[int]:
        tokens = self.ctx.tokens
        found = {tokens[h.first].start for p in phrases for h in self.ctx.index.phrase_hits(p)}
        return sorted(found)

    @staticmethod
    def within(offsets: list[int], start: int, end: int) -> list[int]:
        return offsets[bisect_left(offsets, start) : bisect_left(offsets, end)]


def _score(
    unit: _Unit,
    cues: ClauseCues,
    offsets: _Offsets,
    signals: dict[str, list[int]],
    flag_types: list[tuple[int, str]],
) -> dict[str, float]:
    scores: dict[str, float] = {}
    lead_end = min(unit.end, unit.start + LEAD_CHARS)
    leading: set[str] = set()
    for cue, hits in zip(cues.cues, offsets.cue_hits, strict=True):
        found = offsets.within(hits, unit.start, unit.end)
        if found:
            scores[cue.type] = scores.get(cue.type, 0.0) + cue.weight
            if found[0] < lead_end and cue.weight >= LEAD_CUE_WEIGHT:
                leading.add(cue.type)
    for type_id in leading:
        scores[type_id] += LEAD_WEIGHT
    for name, type_id, weight in (
        ("term_length", "term", TERM_LENGTH_WEIGHT),
        ("open_term", "term", OPEN_TERM_WEIGHT),
        ("money", "pay", MONEY_WEIGHT),
        ("date_range", "term", DATE_RANGE_WEIGHT),
    ):
        if offsets.within(signals[name], unit.start, unit.end):
            scores[type_id] = scores.get(type_id, 0.0) + weight
    for type_id in _flagged(unit, flag_types):
        scores[type_id] = scores.get(type_id, 0.0) + FLAG_WEIGHT
    return scores


def _flagged(unit: _Unit, flag_types: list[tuple[int, str]]) -> set[str]:
    return {type_id for offset, type_id in flag_types if unit.start <= offset < unit.end}


def _decide(scores: dict[str, float], parent_type: str | None, flagged: set[str]) -> str:
    """The best-scoring type; a tie goes to the one a flag backs, else to the parent's."""
    if not scores or max(scores.values()) < MIN_SCORE:
        return parent_type or "other"
    if parent_type is not None:
        scores = dict(scores)
        scores[parent_type] = scores.get(parent_type, 0.0) + PARENT_WEIGHT
    best = max(scores.values())
    tied = sorted(t for t, s in scores.items() if s == best)
    if len(tied) == 1:
        return tied[0]
    backed = [t for t in tied if t in flagged]
    if len(backed) == 1:
        return backed[0]
    return parent_type if parent_type in tied else "other"


# --------------------------------------------------------------------------- values

# A stated length of the contract, right after words that introduce one: «сроком на»,
# «на срок», «срок контракта —», «заключается на», «в течение» (years or months only: «в
# течение 10 дней после подписания» is a deadline), "concluded for", "for a period of".
_TERM_LEAD = re.compile(
    r"(?:сроком\s+на|на\s+срок|срок\w*(?:\s+(?:действия|настоящего|контракта|договора|службы"
    r"|военной))*\s*(?:[—–:-]|составляет)?|заключ\w*\s+на|(?P<within>в\s+течение)"
    r"|concluded\s+for|entered\s+into\s+for|(?:serve|work)\s+for|for\s+a\s+(?:period|term)\s+of|(?P<bare>(?<!\w)на)"
    r"|(?:term|duration)(?:\s+of\s+(?:the\s+|this\s+)?(?:contract|service|employment))?"
    r"\s*(?:is|:|—|-)?|por\s+(?:un\s+)?(?:plazo|per[ií]odo)\s+de"
    r"|(?:duración|plazo|vigencia)(?:\s+del\s+contrato)?\s*(?:es\s+de|de|:)?"
    r"|pour\s+une\s+(?:durée|période)\s+de|durée(?:\s+du\s+contrat)?\s*(?:est\s+de|de|:)?)"
    r"[\s_(«\"]*\Z",
    re.IGNORECASE,
)
_TERM_LEAD_WINDOW = 60
# Used anchored at a duration's end; the lookbehind keeps a search over a long run of
# spaces from trying every start inside it (tests/test_regex_linear.py).
_AFTER_DEADLINE = re.compile(
    r"(?<![\s_)»\"])[\s_)»\"]*(?:после|after|después|après)\b", re.IGNORECASE
)
# A length of leave, probation, notice or working time is not the contract's.
_NOT_THE_TERM = re.compile(
    r"отпуск|отдых|испытательн|предупред|уведом|рабоч\w+\s+(?:день|недел|врем)|смен"
    r"|vacation|holiday|annual leave|probation|notice|working (?:day|week|time)|shift"
    r"|vacaciones|prueba|preaviso|congé|préavis|essai",
    re.IGNORECASE,
)
_SERVICE_OR_CONTRACT = re.compile(
    r"контракт|договор|служб|проход|работ|contract|agreement|serv|employ|work|contrato"
    r"|servicio|trabaj|contrat|travail",
    re.IGNORECASE,
)
# «не получит 50 000 рублей» denies a payment; «не менее 210 000 рублей» is a minimum.
_NEGATION = re.compile(
    r"(?<!\w)(?:не|нет|без|not|no|without|sin|ne|pas|sans)(?!\w)"
    r"(?!\s+(?:менее|ниже|меньше|less|lower|menos|inferior|moins))",
    re.IGNORECASE,
)
_NEGATION_CHARS = 40
_WORKING_DAYS = re.compile(r"рабоч|working|business|h[áa]bil|laborable|ouvr", re.IGNORECASE)
_BLANK = re.compile(r"_{3,}|-{4,}|\[[^\]\n]{2,40}\]")
# A blank where the length or a date of the term goes: «на срок____», «начала работы —___».
_TERM_BLANK = re.compile(
    r"(?:срок\w*|на|до|по|с|начала\s+работы|term|for|until|from|to|plazo|hasta|durée|jusqu'au)"
    r"[\s:—–-]{0,4}(?:_{3,}|-{4,})",
    re.IGNORECASE,
)
_STARTS_ON_SIGNING = re.compile(
    r"вступа\w*\s+в\s+(?:законную\s+)?силу\s+(?:со\s+дня|с\s+момента|с\s+даты|с\s+даты)\s+"
    r"(?:его\s+|е[её]\s+)?подписания"
    r"|(?:enters?|comes?)\s+into\s+force\s+(?:on|upon|from)\s+(?:the\s+(?:date|day)\s+of\s+)?"
    r"(?:its\s+)?sign(?:ature|ing)"
    r"|entra\w*\s+en\s+vigor\s+(?:a\s+partir\s+de\s+|desde\s+|en\s+)?(?:la\s+fecha\s+de\s+)?"
    r"(?:su\s+)?firma"
    r"|entre\w*\s+en\s+vigueur\s+(?:à|dès)\s+(?:la\s+date\s+de\s+)?(?:sa\s+)?signature",
    re.IGNORECASE,
)
# Searched between two dates. Linear: a match starts only where no space precedes it (a
# run of spaces is absorbed by the leading \s*, so the same gaps are found), and the
# possessive \s*+ never gives back a space it took (none of what follows starts with one)
# (tests/test_regex_linear.py).
_DATE_RANGE = re.compile(
    r"(?<!\s)\s*+(?:(?:г\.|года|year)\s*+)?"
    r"(?:по|до|[-–—]|to|until|till|through|hasta|al|au|jusqu'au)\s*+\Z",
    re.IGNORECASE,
)
_NEGATED_RIGHT = re.compile(
    r"\bне\s+(?:вправе|может|имеет\s+права|допуска)|may\s+not|cannot|can\s*not|no\s+(?:puede|podrá)"
    r"|ne\s+peut",
    re.IGNORECASE,
)
# Where, when a clause says so: «Место работы: …», «по адресу: …», "Place of work: …".
_PLACE = re.compile(
    r"(?:мест\w*\s+(?:работы|службы|прохождения\s+(?:военной\s+)?службы|выполнения\s+(?:работ|задач)"
    r"|оказания\s+услуг)\s*(?:является|[:—–-])?|по\s+адресу\s*:?"
    r"|place\s+of\s+(?:work|service|employment)\s*(?:is|:)?|(?:work\s+)?location\s*:?"
    r"|lugar\s+de\s+(?:trabajo|servicio)\s*(?:es|:)?|lieu\s+de\s+travail\s*(?:est|:)?)"
    r"[ \t]*(?P<place>[^\n;]{3,100})",
    re.IGNORECASE,
)
_MAX_PLACE_CHARS = 100
_PLACE_TRIM = " \t«»\"'.,:"


def _iso_duration(duration: Duration) -> str:
    return f"P{duration.value}{duration.unit[0].upper()}"


def _amount(money: Money) -> str:
    amount = money.amount
    exact = amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount
    return f"{exact} {money.currency}"


@dataclass
class _Values:
    """What the extractors found, by offset, for the whole text."""

    durations: list[Duration]
    term_lengths: list[Duration]  # definite lengths of the contract itself
    money: list[Money]
    flag_quotes: list[tuple[str, Evidence]]


def _is_term_length(ctx: AnalysisContext, duration: Duration) -> bool:
    """Whether a duration states how long the contract binds: introduced as one, in a
    sentence about the contract or the service, and not about leave, notice or a deadline."""
    text = ctx.text
    if duration.indefinite:
        return False
    lead = _TERM_LEAD.search(text, max(0, duration.start - _TERM_LEAD_WINDOW), duration.start)
    if lead is None:
        return False
    if (lead.group("within") or lead.group("bare")) and duration.unit not in ("year", "month"):
        return False
    if _AFTER_DEADLINE.match(text, duration.end):
        return False
    segment = ctx.sentence_at(duration.start)
    start, end = (segment.start, segment.end) if segment else (lead.start(), duration.end)
    sentence = text[min(start, lead.start()) : max(end, duration.end)]
    return bool(_SERVICE_OR_CONTRACT.search(sentence)) and not _NOT_THE_TERM.search(sentence)


def _date_ranges(ctx: AnalysisContext) -> list[int]:
    """Starts of «с 1 сентября 2005 г. по 2 июня 2006 г.»: two dates joined as a period."""
    dates = [d for d in ctx.dates if d.value is not None]
    return [
        first.start
        for first, second in itertools.pairwise(dates)
        if second.start - first.end <= _DATE_GAP
        and _DATE_RANGE.search(ctx.text, first.end, second.start)
    ]


_DATE_GAP = 12


def _quote_words(ctx: AnalysisContext, start: int, end: int, limit: int) -> str:
    """The document's own words for a span (raw text), on one line, cut at ``limit``."""
    raw_start, raw_end = ctx.normalised.to_raw(start, end)
    words = " ".join(ctx.document.raw_text[raw_start:raw_end].split())
    return words if len(words) <= limit else words[:limit].rsplit(" ", 1)[0] + "…"


# --------------------------------------------------------------------------- reading


def read_clauses(
    ctx: AnalysisContext,
    doc_type: str,
    quotes: Sequence[tuple[str, Evidence]] = (),
    *,
    military: bool = False,
) -> tuple[ClauseReading, ...]:
    """The numbered clauses of a contract, each typed and read; () for other papers.

    ``quotes`` are the (flag, evidence) pairs of raised flags (:func:`flag_quotes`);
    ``military`` says the paper binds to military service ("serve" rather than "work").
    """
    if doc_type in NOT_CONTRACTS:
        return ()
    units = _units(ctx.text)
    if sum(u.number is not None for u in units) < MIN_CLAUSES:
        return ()
    cues = bundled_cues()
    offsets = _Offsets(ctx, cues)
    durations = find_durations(ctx.text)
    values = _Values(
        durations,
        [d for d in durations if _is_term_length(ctx, d)],
        [m for m in ctx.money if m.currency],
        list(quotes),
    )
    signals = {
        "term_length": [d.start for d in values.term_lengths],
        "open_term": [d.start for d in durations if d.indefinite],
        "money": [m.start for m in values.money],
        "date_range": _date_ranges(ctx),
    }
    flag_types = sorted((e.start, cues.flags[f]) for f, e in quotes if f in cues.flags)
    serve = military or doc_type in SERVICE_DOC_TYPES
    readings: list[ClauseReading] = []
    for unit in units:
        unit.scores = _score(unit, cues, offsets, signals, flag_types)
        parent = units[unit.parent] if unit.parent is not None else None
        parent_type = parent.type if parent is not None and parent.type != "other" else None
        unit.type = _decide(unit.scores, parent_type, _flagged(unit, flag_types))
        _subject(unit, parent, offsets)
        if unit.number is None or unit.end <= unit.start:
            continue
        message, params = _reading(ctx, unit, values, offsets, serve=serve)
        readings.append(
            ClauseReading(
                unit.display, unit.type, message, params, _evidence(ctx, unit), unit.start,
                unit.end,
            )
        )  # fmt: skip
        if len(readings) >= MAX_CLAUSES:
            break
    return tuple(readings)


def _evidence(ctx: AnalysisContext, unit: _Unit) -> Evidence:
    """The clause's first words, at most QUOTE_CHARS, cut between words where possible."""
    end = min(unit.end, unit.start + QUOTE_CHARS)
    if end < unit.end:
        space = ctx.text.rfind(" ", unit.start + QUOTE_CHARS // 2, end)
        end = space if space > 0 else end
    while end > unit.start + 1 and ctx.text[end - 1].isspace():
        end -= 1
    return ctx.evidence(unit.start, end)


def _subject(unit: _Unit, parent: _Unit | None, offsets: _Offsets) -> None:
    """Whose duties or rights a duty clause sets, and which of the two.

    An item of a list («2.1.1. выполнять …» under «2.1. Работник обязан:», «а) изменить …»
    under «… Заказчик может:») belongs to the subject that introduces the list; otherwise
    the role word just before the clause's first duty or rights word («Работник обязан»,
    «Командование обязуется»); otherwise the parent's.
    """
    if unit.type != "duties":
        return
    text = offsets.ctx.text
    inherited = parent if parent is not None and parent.type == "duties" else None
    if inherited is not None and text[inherited.start : inherited.end].endswith(":"):
        unit.subject, unit.mode = _introducer(inherited, offsets)
    if unit.subject is None:
        unit.subject, own_mode = _own_subject(unit.start, unit.end, offsets)
        unit.mode = unit.mode or own_mode
    if inherited is not None:
        unit.subject = unit.subject or inherited.subject
        unit.mode = unit.mode or inherited.mode


def _own_subject(start: int, end: int, offsets: _Offsets) -> tuple[str | None, str | None]:
    """(subject, mode) from the clause's first duty, rights or prohibition word."""
    groups = offsets.groups
    firsts = {
        mode: found[0]
        for mode in ("duty", "rights", "prohibition")
        if (found := offsets.within(groups[mode], start, end))
    }
    if not firsts:
        return None, None
    mode = min(firsts, key=lambda m: (firsts[m], m != "prohibition"))
    first = firsts[mode]
    if mode == "prohibition":  # «не вправе», «запрещается»: binds the reader
        return "reader", "duty"
    window = max(start, first - SUBJECT_CHARS)
    last_reader = max(offsets.within(groups["reader"], window, first), default=-1)
    last_other = max(offsets.within(groups["other"], window, first), default=-1)
    if last_reader != last_other:
        return ("reader" if last_reader > last_other else "other"), mode
    after = min(end, first + OBJECT_CHARS)  # «Обязанности военнослужащего»
    next_reader = min(offsets.within(groups["reader"], first + 1, after), default=end)
    next_other = min(offsets.within(groups["other"], first + 1, after), default=end)
    if next_reader != next_other:
        return ("reader" if next_reader < next_other else "other"), mode
    return None, mode


def _introducer(parent: _Unit, offsets: _Offsets) -> tuple[str | None, str | None]:
    """The subject and mode of the sentence that ends a parent clause with a colon."""
    text = offsets.ctx.text
    sentence_start = max(text.rfind(ch, parent.start, parent.end - 1) for ch in ".;!?\n") + 1
    return _own_subject(max(parent.start, sentence_start), parent.end, offsets)


def _reading(
    ctx: AnalysisContext, unit: _Unit, values: _Values, offsets: _Offsets, *, serve: bool
) -> tuple[str, dict[str, str]]:
    start, end = unit.start, unit.end
    flags = {f for f, e in values.flag_quotes if start <= e.start < end}
    text = ctx.text[start:end]
    kind = unit.type
    if kind == "parties":
        return PARTIES, {}
    if kind == "duties":
        if unit.subject == "reader":
            return (RIGHTS_YOURS if unit.mode == "rights" else DUTIES_YOURS), {}
        if unit.subject == "other":
            return DUTIES_OTHER, {}
        return DUTIES_ANY, {}
    if kind == "term":
        return _term(ctx, unit, values, flags, serve=serve)
    if kind == "pay":
        return _pay(ctx, unit, values, flags)
    if kind == "exit":
        return _exit(ctx, unit, values, flags, offsets)
    if kind == "documents":
        if "document_retention" in flags:
            return DOCUMENTS_KEPT, {}
        passport = any(
            cue.type == "documents" and cue.strong and offsets.within(hits, start, end)
            for cue, hits in zip(bundled_cues().cues, offsets.cue_hits, strict=True)
        )
        copies = re.search(r"экземпляр|cop(?:y|ies)|counterpart|ejemplar|copia|exemplaire|copie",
                           text, re.IGNORECASE)  # fmt: skip
        return (DOCUMENTS_COPIES if copies and not passport else DOCUMENTS_ANY), {}
    if kind == "deployment":
        return _deployment(ctx, unit, values)
    if kind == "liability":
        for flag, message in (
            ("penalty_threat", LIABILITY_PUNISHED),
            ("debt_bondage", LIABILITY_DEBT),
            ("worker_paid_fees", LIABILITY_FEES),
        ):
            if flag in flags:
                return message, {}
        return LIABILITY_ANY, {}
    if kind == "signature":
        confirms = any(
            cue.type == "signature" and cue.strong and offsets.within(hits, start, end)
            for cue, hits in zip(bundled_cues().cues, offsets.cue_hits, strict=True)
        )
        return (SIGNATURE_CONFIRMS if confirms else SIGNATURE_ANY), {}
    return NOT_INTERPRETED, {}


def _term(
    ctx: AnalysisContext, unit: _Unit, values: _Values, flags: set[str], *, serve: bool
) -> tuple[str, dict[str, str]]:
    start, end = unit.start, unit.end
    inside = [d for d in values.durations if start <= d.start < end]
    lengths = [d for d in values.term_lengths if start <= d.start < end]
    open_ended = [d for d in inside if d.indefinite]
    text = ctx.text[start:end]
    if lengths:
        longer = bool(open_ended) or "term_extension" in flags
        if serve:
            message = TERM_SERVE_LONGER if longer else TERM_SERVE
        else:
            message = TERM_WORK_LONGER if longer else TERM_WORK
        return message, {"duration": _iso_duration(lengths[0])}
    if _TERM_BLANK.search(text):
        return TERM_BLANK, {}
    if open_ended:
        first = open_ended[0]
        return TERM_OPEN, {"words": _quote_words(ctx, first.start, first.end, _MAX_PLACE_CHARS)}
    dates = [d for d in ctx.dates if start <= d.start < end and d.value is not None]
    if len(dates) >= 2 and _DATE_RANGE.search(ctx.text, dates[0].end, dates[1].start):
        first_date, second_date = dates[0].value, dates[1].value
        assert first_date is not None and second_date is not None
        return TERM_PERIOD, {
            "start_date": first_date.isoformat(),
            "end_date": second_date.isoformat(),
        }
    if _STARTS_ON_SIGNING.search(text):
        return TERM_ON_SIGNING, {}
    if _BLANK.search(text):
        return TERM_BLANK, {}
    return TERM_ANY, {}


def _pay(
    ctx: AnalysisContext, unit: _Unit, values: _Values, flags: set[str]
) -> tuple[str, dict[str, str]]:
    for flag, message in (
        ("wage_withholding", PAY_WITHHELD),
        ("worker_paid_fees", LIABILITY_FEES),
        ("debt_bondage", LIABILITY_DEBT),
    ):
        if flag in flags:
            return message, {}
    inside = [m for m in values.money if unit.start <= m.start < unit.end]
    if inside:
        money = inside[0]
        owed = unit.scores.get("liability", 0.0) > 0  # a debt, a deduction, a fine
        before = ctx.text[max(unit.start, money.start - _NEGATION_CHARS) : money.start]
        if owed or _NEGATION.search(before):  # «не получит 50 000 рублей»: not a promise
            return PAY_NAMES, {"amount": _amount(money)}
        if money.one_time:
            return PAY_ONE_TIME, {"amount": _amount(money)}
        if money.period:
            return PAY_PERIOD, {"amount": _amount(money), "period": money.period}
        return PAY_AMOUNT, {"amount": _amount(money)}
    if _BLANK.search(ctx.text, unit.start, unit.end):
        return PAY_BLANK, {}
    return PAY_ANY, {}


def _exit(
    ctx: AnalysisContext, unit: _Unit, values: _Values, flags: set[str], offsets: _Offsets
) -> tuple[str, dict[str, str]]:
    start, end = unit.start, unit.end
    if "no_early_exit" in flags:
        return EXIT_LIMITED, {}
    text = ctx.text[start:end]
    reader_side = offsets.within(offsets.groups["reader_exit"], start, end)
    notice = offsets.within(offsets.groups["notice"], start, end)
    if reader_side and notice and not _NEGATED_RIGHT.search(text):
        for duration in values.durations:
            if not start <= duration.start < end or duration.indefinite:
                continue
            raw = ctx.text[duration.start : duration.end]
            short = duration.unit in ("day", "week") or (
                duration.unit == "month" and duration.value <= 6
            )
            if short and not _WORKING_DAYS.search(raw):
                return EXIT_NOTICE, {"duration": _iso_duration(duration)}
    return EXIT_ANY, {}


def _deployment(ctx: AnalysisContext, unit: _Unit, values: _Values) -> tuple[str, dict[str, str]]:
    start, end = unit.start, unit.end
    war = [e for f, e in values.flag_quotes if f == "combat_deployment" and start <= e.start < end]
    if war:
        first = min(war, key=lambda e: e.start)
        return DEPLOYMENT_WAR, {
            "place": _quote_words(ctx, first.start, min(first.end, end), _MAX_PLACE_CHARS)
        }
    for match in _PLACE.finditer(ctx.text, start, end):
        p_start, p_end = match.span("place")
        sentence = ctx.sentence_at(p_start)  # «г. Казань, ул. Ленина» ends at the sentence
        p_end = min(p_end, sentence.end) if sentence is not None else p_end
        while p_start < p_end and ctx.text[p_start] in _PLACE_TRIM:
            p_start += 1
        while p_end > p_start and ctx.text[p_end - 1] in _PLACE_TRIM:
            p_end -= 1
        place = ctx.text[p_start:p_end]
        if sum(ch.isalpha() for ch in place) >= 3 and "___" not in place:
            return DEPLOYMENT_PLACE, {"place": _quote_words(ctx, p_start, p_end, _MAX_PLACE_CHARS)}
    return DEPLOYMENT_ANY, {}
