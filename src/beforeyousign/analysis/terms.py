"""Key terms of the paper (TAXONOMY.md), each with its evidence, or "not stated".

Values come from the extractors in ``extract/`` (money, durations, dates) and from short,
bounded patterns for the rest.  The first clear statement wins: contracts state a term
once, and ads repeat the headline figure first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from beforeyousign.analysis import prefilter
from beforeyousign.analysis.context import AnalysisContext
from beforeyousign.analysis.extract import Money, find_durations
from beforeyousign.analysis.model import Term

TERM_NAMES = (
    "counterparty", "role", "duration", "start_date", "end_date", "place", "pay",
    "one_time_payment", "exit_terms", "document_language", "signature_clause",
)  # fmt: skip

# Every repetition that can follow a literal is bounded ({0,20}, not +), and no ^ is
# followed by \s*: else a long word («UUUU…», «должностьдолжность…») or a run of blank
# lines made these searches quadratic (bench_fuzz: 30 kB took a minute).
_ORG = re.compile(
    r"(?:ООО|АО|ПАО|ЗАО|ОАО|АНО|НКО|ФГУП|ФГКУ|ГБУ|ГКУ|МУП|ИП|ЧОП|ЧОО)\s*[«\"][^»\"\n]{2,80}[»\"]"
    r"|Министерств[оаеу]м?\s+обороны(?:\s+Российской\s+Федерации)?"
    r"|Министерств[оаеу]м?\s+внутренних\s+дел(?:\s+Российской\s+Федерации)?"
    r"|Управлени[еяю]\s+Министерства\s+внутренних\s+дел[^,\n]{0,60}"
    r"|[Вв]оенн\w{1,30}\s+комиссариат\w{0,10}(?:\s+[А-ЯЁ][\w-]*(?:\s+[а-яё]+)?)?"
    r"|[Пп]ункт\w{0,10}\s+отбора\s+на\s+военную\s+службу[^,\n]{0,50}"
    r"|Ministry\s+of\s+Defen[cs]e(?:\s+of\s+the\s+Russian\s+Federation)?"
    r"|Ministerio\s+de\s+Defensa(?:\s+de\s+la\s+Federación\s+de\s+Rusia)?"
    r"|(?:[Ee]mployer|[Cc]ompany|[Aa]gency|[Ee]mpleador|[Ee]mpresa|Работодатель)\s*:\s*([^\n]{3,80})"
    r"|(?<![\w&.-])[A-Z][\w&.-]{0,40}(?:\s+[A-Z][\w&.-]{0,40}){0,4}\s+(?:Ltd|LLC|Inc|GmbH|Pvt\.?\s*Ltd|S\.?A\.?|S\.?L\.?)\b\.?"
    r"|(?:Благотворительный\s+фонд|Муниципальное\s+\w+\s+учреждение)[^,\n]{0,80}",
)
_ROLE = re.compile(
    r"(?:воинск\w{0,20}\s+должност\w{0,20}|должност\w{0,20}|обязанност\w{0,20})\s+"
    r"(?!по\b|в\s|и\b|военнослужащ|лиц\w*|работник|сотрудник|сторон|обязан)"
    r"([а-яё]+(?:-[а-яё]+)?(?:\s+[а-яё]+(?:-[а-яё]+)?){0,3})"
    r"|(?:Position|Post|Job|Role|Vacancy|Puesto|Cargo|Вакансия|Должность)\s*[:\-—]\s*([^\n.;]{2,60})"
    r"|^[^\S\n]*(?:Требу\w{1,20}|Нужн\w{1,20})\s*:?\s*([а-яё]+(?:\s+[а-яё]+){0,2})"
    r"|(?-i:([A-Z][a-z]+(?:\s*/\s*[a-z ]+)?))\s+(?:needed|wanted)\b"
    r"|(?:ayudante|cocinero|obrero|albañil|chofer|guardia)[^\n.,;]{0,40}",
    re.IGNORECASE | re.MULTILINE,
)
_PLACE = re.compile(
    r"(?:мест\w{1,20}\s+(?:работы|службы|выполнения\s+работ|прохождения\s+службы)"
    r"|place\s+of\s+(?:work|service|employment)|work\s+location|\blocation\b|job\s+location"
    r"|lugar\s+de\s+trabajo|по\s+адресу)\s*[:\-—]?\s*([^\n;]{3,80})"
    r"|в\s+(?:зоне|районах?)\s+проведения\s+специальной\s+военной\s+операции"
    r"|(?:в|на)\s+(?:тепличном|строительном|производственном)\s+\w+\s*«[^»\n]{2,60}»"
    r"|\b(?:in|en|to|a)\s+(Russia|Rusia|Moscow|Moscú|[A-Z][a-z]+,\s*(?:Russia|Rusia|Spain|España))",
    re.IGNORECASE,
)
_EXIT = re.compile(
    r"расторг\w*|прекращ\w*\s+(?:действия\s+)?(?:контракта|договора)|увольнени\w*|досрочн\w*"
    r"|terminat\w*|resign\w*|notice\s+period|leave\s+the\s+job|quit\b"
    r"|rescindir|dejar\s+el\s+trabajo|renunciar|preaviso|avisando",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(
    r"ознакомлен|разъяснен\w*\s+и\s+понятн\w*|с\s+условиями\s+\S+\s+согласен"
    r"|have\s+read\s+and\s+understood|read\s+and\s+agree|I\s+agree\s+to\s+the\s+terms"
    r"|he\s+leído|he\s+leido|leído\s+y\s+comprendido",
    re.IGNORECASE,
)
_START_CUE = re.compile(r"(?:^|\s)(?:с|from|desde|starting|начало\w*|вступает)\W*$", re.IGNORECASE)
_END_CUE = re.compile(r"(?:^|\s)(?:по|до|until|till|to|hasta|окончани\w*)\W*$", re.IGNORECASE)


def extract_terms(ctx: AnalysisContext) -> tuple[Term, ...]:
    finders: dict[str, Callable[[AnalysisContext], Term | None]] = {
        "counterparty": lambda c: _regex_term(c, "counterparty", _ORG),
        "role": _role,
        "duration": _duration,
        "start_date": lambda c: _date(c, "start_date", _START_CUE),
        "end_date": lambda c: _date(c, "end_date", _END_CUE),
        "place": lambda c: _regex_term(c, "place", _PLACE),
        "pay": lambda c: _money(c, "pay", one_time=False),
        "one_time_payment": lambda c: _money(c, "one_time_payment", one_time=True),
        "exit_terms": lambda c: _sentence_term(c, "exit_terms", _EXIT),
        "document_language": _language,
        "signature_clause": lambda c: _sentence_term(c, "signature_clause", _SIGNATURE),
    }
    return tuple(finders[name](ctx) or _NOT_STATED[name] for name in TERM_NAMES)


# A term the paper does not state is the same immutable value for every paper.
_NOT_STATED = {name: Term(name, None) for name in TERM_NAMES}


def _regex_term(ctx: AnalysisContext, name: str, pattern: re.Pattern[str]) -> Term | None:
    """The first match that is filled in: a blank form line («Работодатель: ____») or a
    stray fragment is not a stated term."""
    for match in prefilter.finditer(pattern, ctx.text):
        start, end = _best_group(match)
        value = ctx.text[start:end].strip(" «»\"'.,:")
        if _filled_in(value):
            return Term(name, {"text": value}, ctx.evidence(start, end))
    return None


def _filled_in(value: str) -> bool:
    letters = sum(ch.isalpha() for ch in value)
    return letters >= 3 and "___" not in value


def _best_group(match: re.Match[str]) -> tuple[int, int]:
    for index, group in enumerate(match.groups(), start=1):
        if group:
            return match.start(index), match.end(index)
    return match.start(), match.end()


def _role(ctx: AnalysisContext) -> Term | None:
    return _regex_term(ctx, "role", _ROLE)


# A duration in a sentence about leave, probation or notice is not the contract's term.
_NOT_THE_TERM = re.compile(
    r"отпуск|отдых|испытательн|предупред|уведом|не\s+позднее|до\s+начала|рабоч\w+\s+(?:день|недел)|смен"
    r"|vacation|holiday|annual leave|probation|notice|working (?:day|week)|shift"
    r"|vacaciones|prueba|preaviso|congé|préavis",
    re.IGNORECASE,
)
_TERM_CUE = re.compile(
    r"срок|в\s+течение|контракт|договор|служб|term|period|contract|plazo|contrato|durée|contrat",
    re.IGNORECASE,
)


def _duration(ctx: AnalysisContext) -> Term | None:
    seen: dict[tuple[int, int, re.Pattern[str]], bool] = {}
    found = find_durations(ctx.text)
    durations = [d for d in found if not _about(ctx, d.start, _NOT_THE_TERM, seen)]
    cued = [d for d in durations if _about(ctx, d.start, _TERM_CUE, seen)]
    durations = cued + [d for d in durations if d not in cued]
    if not durations:
        return None
    # A stated number of years or months says more than an open-ended phrase; keep both.
    definite = [d for d in durations if not d.indefinite]
    chosen = definite[0] if definite else durations[0]
    value: dict[str, Any] = {
        "value": chosen.value,
        "unit": chosen.unit,
        "indefinite": chosen.indefinite,
        "raw": ctx.text[chosen.start : chosen.end],
        "open_ended_elsewhere": any(d.indefinite for d in durations) and not chosen.indefinite,
    }
    return Term("duration", value, ctx.evidence(chosen.start, chosen.end))


def _about(
    ctx: AnalysisContext,
    offset: int,
    pattern: re.Pattern[str],
    seen: dict[tuple[int, int, re.Pattern[str]], bool] | None = None,
) -> bool:
    """Whether the sentence around ``offset`` matches ``pattern``. ``seen`` keeps the
    answer for each sentence: a paper with no sentence breaks is one long sentence, and
    searching it again for each of a thousand durations in it took minutes."""
    sentence = ctx.sentence_at(offset)
    start, end = (sentence.start, sentence.end) if sentence else (offset, offset + 1)
    if seen is None:
        return bool(pattern.search(ctx.text, start, end))
    key = (start, end, pattern)
    if key not in seen:
        seen[key] = bool(pattern.search(ctx.text, start, end))
    return seen[key]


def _date(ctx: AnalysisContext, name: str, cue: re.Pattern[str]) -> Term | None:
    for mention in ctx.dates:
        if mention.value is None:
            continue
        before = ctx.text[max(0, mention.start - 30) : mention.start]
        if cue.search(before):
            value = {"date": mention.value.isoformat(), "raw": mention.raw}
            return Term(name, value, ctx.evidence(mention.start, mention.end))
    return None


def _money(ctx: AnalysisContext, name: str, *, one_time: bool) -> Term | None:
    for money in ctx.money:
        if money.one_time == one_time:
            return Term(name, _money_value(ctx, money), ctx.evidence(money.start, money.end))
    return None


def _money_value(ctx: AnalysisContext, money: Money) -> dict[str, Any]:
    amount = money.amount
    number: int | float = int(amount) if amount == amount.to_integral_value() else float(amount)
    return {
        "amount": number,
        "currency": money.currency,
        "period": money.period,
        "raw": ctx.text[money.start : money.end],
        "amount_text": str(amount.quantize(Decimal(1)) if number == int(number) else amount),
    }


def _sentence_term(ctx: AnalysisContext, name: str, pattern: re.Pattern[str]) -> Term | None:
    """The first sentence with the pattern that says something: a heading such as
    «5. ПРЕКРАЩЕНИЕ ДОГОВОРА» names the subject, the clauses under it state the term."""
    for match in prefilter.finditer(pattern, ctx.text):
        sentence = ctx.sentence_at(match.start())
        start, end = (sentence.start, sentence.end) if sentence else match.span()
        text = ctx.text[start:end]
        if any(ch.islower() for ch in text) and len(text) >= MIN_STATEMENT_CHARS:
            return Term(name, {"text": text}, ctx.evidence(start, end))
    return None


MIN_STATEMENT_CHARS = 25


def _language(ctx: AnalysisContext) -> Term | None:
    if ctx.language == "unsure" or not ctx.sentences:
        return None
    first = ctx.sentences[0]
    return Term("document_language", {"code": ctx.language}, ctx.evidence(first.start, first.end))
