"""Terminal rendering of a Report in the reader's language.

Quotes stay in the paper's own language, beside the explanation; every other sentence goes
through gettext.  Plain text, no colour codes: the output may be read aloud, printed or
piped.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from typing import Any

from beforeyousign.analysis.clauses import CLAUSE_TYPES, ClauseReading
from beforeyousign.analysis.model import Evidence, Finding, Term
from beforeyousign.errors import N_, N_plural
from beforeyousign.i18n import Translator, reviewed_by_native_speaker
from beforeyousign.knowledge.help_contacts import TOPICS, WORLDWIDE, HelpContacts, bundled_contacts
from beforeyousign.knowledge.safety import NEXT_STEPS, NEXT_STEPS_TITLE
from beforeyousign.knowledge.taxonomy import DOC_TYPES, FLAGS
from beforeyousign.report.formatting import format_amount, format_long_date, format_money
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
NOT_REVIEWED = N_("This translation has not yet been checked by a native speaker. If a sentence "
                  "is unclear, ask someone you trust to explain it.")  # fmt: skip


def render_text(report: Report, _: Translator, contacts: HelpContacts | None = None) -> str:
    """The report as plain text; ``contacts`` replaces the bundled help organisations."""
    lines: list[str] = []
    if _.fell_back:  # the first line, in English: the reader must see it before anything
        lines.append(_("Your language ({language}) is not available yet; this report is in "
                       "English.", language=_.requested))  # fmt: skip
    lines += [f"beforeyousign — {report.source_name}", "=" * min(WIDTH, 60)]
    if not reviewed_by_native_speaker(_.language):
        lines += [*_wrap(_(NOT_REVIEWED)), ""]
    lines += _wrap(_("VERDICT: {verdict}", verdict=_(report.verdict.message_id)))
    lines += _doc_type(report, _)
    lines += _flags(report, _)
    lines += _terms(report, _)
    lines += _clauses(report, _)
    lines += _notices(report, _)
    lines += _help(contacts or bundled_contacts(), _)
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
                         citation=_(ref.citation)), "   ")  # fmt: skip
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
    period = value.get("period")
    per = _(PERIODS[period]) if period in PERIODS else ""
    return format_money(value["amount"], str(value["currency"]), _, per)


def _date(iso: str, _: Translator) -> str:
    return format_long_date(iso, _.language)


def _clauses(report: Report, _: Translator) -> list[str]:
    """One line per clause read (number, type, sentence); the others in one line."""
    if not report.clauses:
        return []
    lines = ["", _("WHAT EACH CLAUSE SAYS (in plain words; only the paper itself binds you):")]
    unread = [c.number for c in report.clauses if not c.interpreted]
    for clause in report.clauses:
        if clause.interpreted:
            label = _(CLAUSE_TYPES[clause.type])
            lines += _wrap(f"- {clause.number} — {label}: {clause_text(clause, _)}")
    if unread:
        lines += _wrap("- " + _("Not interpreted: {numbers}. Have these clauses translated by "
                                "someone you trust before you sign.",
                                numbers=", ".join(unread)))  # fmt: skip
    return lines


def clause_text(clause: ClauseReading, _: Translator) -> str:
    """A clause's sentence in the reader's language, its values written their way."""
    return _(clause.message_id, **_clause_params(clause.params, _))


def _clause_params(params: dict[str, str], _: Translator) -> dict[str, str]:
    """Language-neutral values ("P1Y", "210000 RUB", "month", ISO dates) made readable."""
    shown = dict(params)
    if "duration" in params:
        value = params["duration"]  # ISO 8601: P1Y, P6M, P2W, P10D
        unit = {"Y": "year", "M": "month", "W": "week", "D": "day"}[value[-1]]
        shown["duration"] = _duration(int(value[1:-1]), unit, _)
    if "amount" in params:
        amount, currency = params["amount"].split()
        shown["amount"] = format_amount(Decimal(amount), currency, _.language)
    period = params.get("period")
    if period is not None:  # looked up first: a literal inside _() would be extracted
        shown["period"] = _(PERIODS[period])
    for key in ("start_date", "end_date"):
        if key in params:
            shown[key] = _date(params[key], _)
    return shown


def _notices(report: Report, _: Translator) -> list[str]:
    lines = ["", _("WHAT THIS TOOL COULD NOT READ OR CHECK:")]
    for notice in report.notices:
        lines += _wrap("- " + _(notice.message_id, **notice.params))
    military = any(f.implied_by_law or f.flag == "military_service" for f in report.flags)
    if military:
        lines += _wrap("- " + _("The legal facts behind these warnings were last checked on "
                                "{date}.", date=_date(report.legal_facts_checked, _)))  # fmt: skip
    return lines


def _help(contacts: HelpContacts, _: Translator) -> list[str]:
    """Safe next steps, then where to ask for help, with where each contact is published."""
    lines = ["", _(NEXT_STEPS_TITLE)]
    for step in NEXT_STEPS:
        lines += _wrap("- " + _(step))
    lines += ["", _("WHERE TO ASK FOR HELP:")]
    if contacts.bundled:
        lines += _wrap(_("These are international organisations, not local services. Ask the "
                         "organisation that gave you this tool for help near you."))  # fmt: skip
    for contact in contacts.contacts:
        lines += ["", *_wrap(f"- {contact.name}")]
        if contact.note:
            lines += _wrap(contact.note, "  ")
        for topic in contact.helps_with:
            lines += _wrap(_(TOPICS[topic]), "  ")
        if contact.url:
            lines += _wrap(_("Website: {url}", url=contact.url), "  ")
        if contact.phone:
            lines += _wrap(_("Phone: {phone}", phone=contact.phone), "  ")
        if contact.email:
            lines += _wrap(_("E-mail: {email}", email=contact.email), "  ")
        names = _list([_language_name(code, _.language) for code in contact.languages], _)
        lines += _wrap(_("Languages: {languages}", languages=names), "  ")
        lines += _wrap(_("Where: {countries}", countries=_countries(contact.countries, _)), "  ")
        lines += _wrap(_("Published at {source}; checked on {date}.", source=contact.source,
                         date=format_long_date(contact.checked, _.language)), "  ")  # fmt: skip
    return lines


def _countries(codes: tuple[str, ...], _: Translator) -> str:
    """Country names in the reader's language; "anywhere" for the whole world."""
    from babel import Locale, UnknownLocaleError

    try:
        names: dict[str, str] = dict(Locale.parse(_.language).territories)
    except (ValueError, UnknownLocaleError):
        names = {}
    return _list([_("anywhere") if code == WORLDWIDE else str(names.get(code, code))
                  for code in codes], _)  # fmt: skip


def _list(items: list[str], _: Translator) -> str:
    """Items joined the reader's way ("English, French and Spanish"), by Babel."""
    from babel.lists import format_list

    return str(format_list(items, locale=_.language))
