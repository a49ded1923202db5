"""Terminal rendering of a Report in the reader's language.

Quotes stay in the paper's own language, beside the explanation; every other sentence goes
through gettext.  Plain text, no colour codes: the output may be read aloud, printed or
piped.
"""

from __future__ import annotations

import textwrap
from typing import Any

from beforeyousign.analysis.model import Evidence, Finding, Term
from beforeyousign.errors import N_, N_plural
from beforeyousign.i18n import Translator
from beforeyousign.knowledge.taxonomy import DOC_TYPES, FLAGS
from beforeyousign.report.model import Report

WIDTH = 88
SEVERITY_LABELS = {
    "critical": N_("CRITICAL"),
    "high": N_("HIGH"),
    "medium": N_("MEDIUM"),
    "low": N_("LOW"),
}
TERM_LABELS = {
    "counterparty": N_("Who you sign with"),
    "role": N_("Job or position"),
    "duration": N_("How long"),
    "start_date": N_("Start date"),
    "end_date": N_("End date"),
    "place": N_("Where"),
    "pay": N_("Pay"),
    "one_time_payment": N_("One-time payment"),
    "exit_terms": N_("How it can be ended"),
    "document_language": N_("Language of the paper"),
    "signature_clause": N_("What your signature confirms"),
}
PERIODS = {
    "month": N_("a month"),
    "year": N_("a year"),
    "week": N_("a week"),
    "day": N_("a day"),
    "hour": N_("an hour"),
}


def render_text(report: Report, _: Translator) -> str:
    lines: list[str] = []
    if _.fell_back:
        lines.append(_("Your language ({language}) is not available yet; this report is in "
                       "English.", language=_.requested))  # fmt: skip
    lines += [f"beforeyousign — {report.source_name}", "=" * min(WIDTH, 60)]
    lines += _wrap(_("VERDICT: {verdict}", verdict=_(report.verdict.message_id)))
    lines += _doc_type(report, _)
    lines += _flags(report, _)
    lines += _terms(report, _)
    lines += _notices(report, _)
    return "\n".join(lines) + "\n"


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent) or [""]


def _doc_type(report: Report, _: Translator) -> list[str]:
    what = _(DOC_TYPES[report.doc_type.doc_type])
    quotes = ", ".join(f"«{e.quote}»" for e in report.doc_type.evidence)
    text = _("What this paper is: {what}.", what=what)
    if quotes:
        text += " " + _("Decided by the words: {quotes}", quotes=quotes)
    return ["", *_wrap(text)]


def _flags(report: Report, _: Translator) -> list[str]:
    if not report.flags:
        return ["", _("WARNINGS: none found.")]
    lines = ["", _("WARNINGS (possible signs, most serious first):")]
    for number, finding in enumerate(report.flags, start=1):
        lines += _finding(number, finding, _)
    return lines


def _finding(number: int, finding: Finding, _: Translator) -> list[str]:
    info = FLAGS[finding.flag]
    title = f"{number}. [{_(SEVERITY_LABELS[finding.severity])}] {_(info.title_id)}"
    lines = ["", *_wrap(title)]
    lines += _wrap(_(finding.message_id, **finding.params), "   ")
    if finding.implied_by_law:
        lines += _wrap(_("The paper does not say this in words: it follows from the law that "
                         "governs every such contract. The words that make it such a contract:"),
                       "   ")  # fmt: skip
    for evidence in finding.evidence:
        lines += _wrap(_("The paper says: «{quote}» ({where})", quote=_shown(evidence.quote),
                         where=_where(evidence, _)), "   ")  # fmt: skip
    if "source" in finding.params:
        lines += _wrap(_("Public reporting: {source}", source=finding.params["source"]), "   ")
    for ref in finding.legal:
        lines += _wrap(_("Why it matters: {summary} ({citation})", summary=_(ref.summary_id),
                         citation=ref.citation), "   ")  # fmt: skip
    lines += _wrap(_("What you can do: {advice}", advice=_(info.advice_id)), "   ")
    return lines


# Direction overrides in a quote would reverse the rest of the terminal line, and other
# invisible characters hide how the words were written: show them as a visible mark.
_INVISIBLE = dict.fromkeys(
    [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF], "·"
)


def _shown(quote: str) -> str:
    return quote.translate(_INVISIBLE)


def _where(evidence: Evidence, _: Translator) -> str:
    location = evidence.location
    if location.page is not None:
        return _("page {page}, line {line}", page=location.page, line=location.line)
    if location.kind == "line":
        return _("line {line}", line=location.block)
    return _("paragraph {block}", block=location.block)


def _terms(report: Report, _: Translator) -> list[str]:
    lines = ["", _("KEY TERMS:")]
    for term in report.terms:
        label = _(TERM_LABELS[term.name])
        if term.name == "document_language" and term.evidence is None:
            lines += _wrap(f"- {label}: " + _("could not tell"))
            continue
        if term.evidence is None or term.value is None:
            lines += _wrap(f"- {label}: " + _("not stated in this paper"))
            continue
        value = _term_value(term, _)
        quote = _shown(term.evidence.quote)
        shown = f"{value} «{quote}»" if value else f"«{quote}»"
        lines += _wrap(f"- {label}: {shown}"[:600])
    return lines


def _term_value(term: Term, _: Translator) -> str:
    value: dict[str, Any] = term.value or {}
    if term.name == "duration":
        if value.get("indefinite"):
            return _("no fixed end")
        text = _duration(int(value["value"]), str(value["unit"]), _)
        if value.get("open_ended_elsewhere"):
            text += " " + _("(but elsewhere the paper names no fixed end)")
        return text
    if term.name in ("pay", "one_time_payment"):
        return _money(value, _)
    if term.name in ("start_date", "end_date"):
        return _date(str(value["date"]), _)
    if term.name == "document_language":
        return _language_name(str(value["code"]), _.language)
    return ""


def _language_name(code: str, reader: str) -> str:
    """'ru' -> 'Russian' (in the reader's language), or the code if Babel has no name."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(code).get_display_name(reader) or code)
    except (ValueError, UnknownLocaleError):
        return code


def _duration(n: int, unit: str, _: Translator) -> str:
    forms = {
        "year": N_plural("{n} year", "{n} years"),
        "month": N_plural("{n} month", "{n} months"),
        "week": N_plural("{n} week", "{n} weeks"),
        "day": N_plural("{n} day", "{n} days"),
    }
    one, many = forms.get(unit, forms["month"])
    return _.plural(one, many, n)


def _money(value: dict[str, Any], _: Translator) -> str:
    from babel.numbers import format_decimal

    amount = format_decimal(value["amount"], locale=_.language)
    text = f"{amount} {value['currency']}"
    period = value.get("period")
    if period in PERIODS:
        text += " " + _(PERIODS[period])
    return text


def _date(iso: str, _: Translator) -> str:
    import datetime as dt

    from babel.dates import format_date

    # Drop a final abbreviation dot («2026 г.») so the sentence does not end in "..".
    return str(format_date(dt.date.fromisoformat(iso), format="long", locale=_.language)).rstrip(
        "."
    )


def _notices(report: Report, _: Translator) -> list[str]:
    lines = ["", _("WHAT THIS TOOL COULD NOT READ OR CHECK:")]
    for notice in report.notices:
        lines += _wrap("- " + _(notice.message_id, **notice.params))
    military = any(f.implied_by_law or f.flag == "military_service" for f in report.flags)
    if military:
        lines += _wrap("- " + _("The legal facts behind these warnings were last checked on "
                                "{date}.", date=_date(report.legal_facts_checked, _)))  # fmt: skip
    return lines
