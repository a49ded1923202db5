"""A report as a few short chat messages (Telegram, and any other messenger).

A phone screen and a chat are no place for the whole report: the reader gets the verdict
first, then one message per serious warning (its title, what the paper does, the paper's
own words and what to do), then what the tool could not check and the safe next steps.
Everything else (the milder warnings, key terms, each clause, where to ask for help) is in
the full report, which the messenger offers as a file.

Every sentence here is one the text report already uses, so the translations are shared.
Quotes stay in the paper's language. Plain text only: no markup a messenger could misread.
"""

from __future__ import annotations

from beforeyousign.analysis.model import Finding
from beforeyousign.errors import N_, N_plural
from beforeyousign.i18n import Translator, reviewed_by_native_speaker
from beforeyousign.knowledge.safety import NEXT_STEPS, NEXT_STEPS_TITLE
from beforeyousign.knowledge.taxonomy import DOC_TYPES, FLAGS
from beforeyousign.report.model import Report
from beforeyousign.report.render_text import (
    NOT_REVIEWED,
    SEVERITY_LABELS,
    _language_name,
    _shown,
    _where,
)

#: Warnings of these severities get a message of their own; the others are counted.
SERIOUS = frozenset({"critical", "high"})
#: Quotes shown per warning, and the longest quote shown whole.
MAX_QUOTES = 3
MAX_QUOTE_CHARS = 400

IMPLIED = N_(  # the text report's own sentence: one translation for both
    "The paper does not say this in words: it follows from the law that governs every such "
    "contract. The words that make it such a contract:"
)
MORE_IN_FULL_REPORT = N_plural(
    "{n} more possible sign is explained in the full report.",
    "{n} more possible signs are explained in the full report.",
)


def short_messages(report: Report, _: Translator) -> list[str]:
    """The verdict, one message per serious warning, then what was not checked and what
    to do. Each message may be longer than a messenger allows: see :func:`split_text`."""
    serious = [f for f in report.flags if f.severity in SERIOUS]
    messages = [_verdict(report, _)]
    messages += [_finding(number, f, _) for number, f in enumerate(serious, start=1)]
    messages.append(_closing(report, len(report.flags) - len(serious), _))
    return messages


def _verdict(report: Report, _: Translator) -> str:
    lines = []
    if _.fell_back:  # first, in English: the reader must see it before anything else
        name = _language_name(_.requested, _.requested)
        lines.append(_("Your language ({language}) is not available yet; this report is in "
                       "English.", language=name))  # fmt: skip
    lines.append(_("VERDICT: {verdict}",
                   verdict=_(report.verdict.message_id, **report.verdict.params)))  # fmt: skip
    lines.append(_("What this paper is: {what}.", what=_(DOC_TYPES[report.doc_type.doc_type])))
    if not report.flags:
        lines.append(_("WARNINGS: none found."))
    if not reviewed_by_native_speaker(_.language):
        lines.append(_(NOT_REVIEWED))
    return "\n\n".join(lines)


def _finding(number: int, finding: Finding, _: Translator) -> str:
    info = FLAGS[finding.flag]
    severity = _(SEVERITY_LABELS.get(finding.severity, SEVERITY_LABELS["high"]))
    lines = [f"{number}. [{severity}] {_(info.title_id)}", _(finding.message_id, **finding.params)]
    if finding.implied_by_law:
        lines.append(_(IMPLIED))
    for evidence in finding.evidence[:MAX_QUOTES]:
        quote = _shown(evidence.quote)
        if len(quote) > MAX_QUOTE_CHARS:
            quote = quote[: MAX_QUOTE_CHARS - 1].rstrip() + "…"
        lines.append(_("The paper says: «{quote}» ({where})", quote=quote,
                       where=_where(evidence, _)))  # fmt: skip
    lines.append(_("What you can do: {advice}", advice=_(info.advice_id)))
    return "\n\n".join(lines)


def _closing(report: Report, milder: int, _: Translator) -> str:
    parts = []
    if milder:
        parts.append(_.plural(*MORE_IN_FULL_REPORT, milder))
    if report.notices:
        notices = [_("WHAT THIS TOOL COULD NOT READ OR CHECK:")]
        notices += ["- " + _(n.message_id, **n.params) for n in report.notices]
        parts.append("\n".join(notices))
    steps = [_(NEXT_STEPS_TITLE)] + ["- " + _(step) for step in NEXT_STEPS]
    parts.append("\n".join(steps))
    return "\n\n".join(parts)


# --- fitting a messenger's limit -----------------------------------------------------------


def message_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji or a rare letter outside
    the Basic Multilingual Plane counts twice; a lone surrogate, which pasted text can
    carry, counts once, as in :func:`_longest_prefix`, instead of raising)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def split_text(text: str, limit: int = 4096) -> list[str]:
    """``text`` in pieces of at most ``limit`` (UTF-16 units), cut between paragraphs if
    possible, else between lines, else between words, and only as a last resort inside a
    word (never inside a character). Empty pieces are dropped."""
    if limit < 1:
        raise ValueError("limit must be positive")
    pieces: list[str] = []
    rest = text.strip()
    while rest:
        if message_length(rest) <= limit:
            pieces.append(rest)
            break
        cut = _longest_prefix(rest, limit)
        head = rest[:cut]
        for separator in ("\n\n", "\n", " "):
            at = head.rfind(separator)
            if at > 0:
                cut = at
                break
        piece, rest = rest[:cut].rstrip(), rest[cut:].strip()
        if piece:
            pieces.append(piece)
    return pieces


def _longest_prefix(text: str, limit: int) -> int:
    """The most characters of ``text`` whose UTF-16 length is at most ``limit``."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return max(index, 1)
    return len(text)
