"""HTML rendering: one self-contained page in the reader's language, for a phone or print.

The page loads nothing: CSS is inline, fonts are the reader's own (the stack names the
Noto fonts Debian ships for Devanagari, Arabic, Bengali, Sinhala and Tamil), page photos
are ``data:`` URIs, and there is no script.  Every sentence is translated here, in Python,
and handed to the Jinja template as data, so the template holds markup only and Jinja's
autoescaping covers every string (a quote holding ``<script>`` shows as text).

Order on the first screen: the verdict; a short list of the warnings, most serious first
(title, what the paper does, and for a critical one what to do), so that the reader learns
the worst even without scrolling; then each warning in full with the paper's own words.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from beforeyousign.analysis.clauses import CLAUSE_TYPES
from beforeyousign.analysis.model import Evidence, Finding
from beforeyousign.errors import N_
from beforeyousign.i18n import Translator, reviewed_by_native_speaker
from beforeyousign.knowledge.help_contacts import (
    TOPICS,
    Contact,
    HelpContacts,
    bundled_contacts,
)
from beforeyousign.knowledge.safety import NEXT_STEPS, NEXT_STEPS_TITLE
from beforeyousign.knowledge.taxonomy import DOC_TYPES, FLAGS
from beforeyousign.report.formatting import format_long_date
from beforeyousign.report.model import Report
from beforeyousign.report.render_text import (
    NOT_REVIEWED,
    SEVERITY_LABELS,
    TERM_LABELS,
    _countries,
    _date,
    _language_name,
    _shown,
    _term_value,
    _where,
    clause_text,
)

if TYPE_CHECKING:
    from jinja2 import Environment

RTL_LANGUAGES = frozenset({"ar", "ur", "fa", "he", "ps", "sd", "ug", "yi", "dv", "ckb"})
SEVERITY_COLOURS = {"critical": "#b3001b", "high": "#a84300", "medium": "#7a5c00", "low": "#4b5563"}
VERDICT_LEVEL = {
    "military_contract": "critical",
    "military_formation": "critical",
    "military_recruitment": "critical",
    "serious_warning_signs": "high",
    "some_warning_signs": "medium",
    "not_fully_checked": "medium",
    "no_warning_signs": "none",
}

# Section headings: the text report's own (shared translations; the final colon is
# dropped), and a few the page needs for itself.
HEADINGS = {
    "warnings": "WARNINGS (possible signs, most serious first):",
    "no_warnings": "WARNINGS: none found.",
    "terms": "KEY TERMS:",
    "notices": "WHAT THIS TOOL COULD NOT READ OR CHECK:",
    "steps": NEXT_STEPS_TITLE,
    "help": "WHERE TO ASK FOR HELP:",
    "says": N_("The paper says:"),
    "why": N_("Why it matters"),
    "todo": N_("What you can do"),
    "pages": N_("The paper, with the warnings marked"),
    "clauses": "WHAT EACH CLAUSE SAYS (in plain words; only the paper itself binds you):",
}
BUNDLED_CONTACTS_NOTE = (
    "These are international organisations, not local services. Ask the organisation that "
    "gave you this tool for help near you."
)  # the text report's msgid


# --- what the template gets ---------------------------------------------------------------


@dataclass(frozen=True)
class QuoteView:
    text: str
    where: str


@dataclass(frozen=True)
class LegalView:
    summary: str
    citation: str


@dataclass(frozen=True)
class FlagView:
    number: int
    severity: str  # css class: critical | high | medium | low
    severity_label: str
    title: str
    explanation: str
    advice: str
    summary: str  # the line under the title in the list on the first screen
    implied: str  # the "not said in words, follows from the law" note, or ""
    quotes: tuple[QuoteView, ...]
    source: str  # public reporting cited, or ""
    legal: tuple[LegalView, ...]
    on_photo: str  # "marked 2 on the photo of page 1", or ""


@dataclass(frozen=True)
class TermView:
    label: str
    value: str
    quote: str
    stated: bool


@dataclass(frozen=True)
class ClauseView:
    number: str
    label: str
    text: str
    quote: str
    where: str


@dataclass(frozen=True)
class ContactView:
    name: str
    note: str
    topics: tuple[str, ...]
    reach: tuple[str, ...]  # "Website: …", "Phone: …", "E-mail: …"
    details: tuple[str, ...]  # languages, where, where published


@dataclass(frozen=True)
class BoxView:
    number: int
    severity: str
    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class MarkerView:
    label: str  # the numbers of the warnings that quote these words: "1" or "1,5,7"
    severity: str  # of the most severe of them
    x: int  # centre
    y: int
    width: int  # a circle for one number, a pill for several


@dataclass(frozen=True)
class PageView:
    page: int
    width: int
    height: int
    src: str  # data: URI
    caption: str
    boxes: tuple[BoxView, ...]
    markers: tuple[MarkerView, ...]
    stroke: int
    radius: int


# --- rendering ----------------------------------------------------------------------------


def render_html(report: Report, _: Translator, contacts: HelpContacts | None = None) -> str:
    """The report as one self-contained HTML page in the reader's language; ``contacts``
    replaces the bundled help organisations."""
    context = html_context(report, _, contacts)
    return _environment().get_template("report.html.j2").render(**context)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("beforeyousign.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def text_direction(language: str) -> str:
    return "rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr"


def html_context(
    report: Report, _: Translator, contacts: HelpContacts | None = None
) -> dict[str, Any]:
    """Everything the template shows, translated: the template only lays it out."""
    code = report.language  # "unsure" when it could not be told
    quote_lang = code if len(code) in (2, 3) and code.isalpha() else "und"
    flags = tuple(_flag(n, f, report, _) for n, f in enumerate(report.flags, start=1))
    date = _date(report.legal_facts_checked, _)
    notes = []
    if _.fell_back:
        name = _language_name(_.requested, _.requested)  # its own name: "اردو", not "ur"
        notes.append(_("Your language ({language}) is not available yet; this report is in "
                       "English.", language=name))  # fmt: skip
    footer = [
        _("Report made by beforeyousign {version}.", version=report.tool_version),
        _("The legal facts behind these warnings were last checked on {date}.", date=date),
    ]
    unreviewed = not reviewed_by_native_speaker(_.language)
    if unreviewed:
        footer.append(_(NOT_REVIEWED))
    contacts = contacts or bundled_contacts()
    return {
        "lang": _.language,
        "dir": text_direction(_.language),
        "quote_lang": quote_lang,
        "quote_dir": text_direction(quote_lang),
        "language_name": _language_name(_.language, _.language),
        "title": _("beforeyousign report: {name}", name=report.source_name),
        "source_name": report.source_name,
        "h": {key: _(msgid).rstrip().rstrip(":：") for key, msgid in HEADINGS.items()},
        "notes": notes,
        "verdict": _(report.verdict.message_id, **report.verdict.params),
        "verdict_level": VERDICT_LEVEL.get(report.verdict.id, "high"),
        "doc_type": _("What this paper is: {what}.", what=_(DOC_TYPES[report.doc_type.doc_type])),
        "doc_type_quotes": tuple(_shown(e.quote) for e in report.doc_type.evidence),
        "flags": flags,
        "pages": _pages(report, _),
        "terms": _terms(report, _),
        "clauses": _clauses(report, _),
        "unread_clauses": _unread_clauses(report, _),
        "notices": tuple(_(n.message_id, **n.params) for n in report.notices),
        "steps": tuple(_(step) for step in NEXT_STEPS),
        "help_note": _(BUNDLED_CONTACTS_NOTE) if contacts.bundled else "",
        "contacts": tuple(_contact(c, _) for c in contacts.contacts),
        "footer": footer,
        "unreviewed": unreviewed,
        "colours": SEVERITY_COLOURS,
    }


def _flag(number: int, finding: Finding, report: Report, _: Translator) -> FlagView:
    info = FLAGS[finding.flag]
    implied = ""
    if finding.implied_by_law:
        implied = _(
            "The paper does not say this in words: it follows from the law that "
            "governs every such contract. The words that make it such a contract:"
        )
    pages = sorted({box.page for e in finding.evidence for box in e.boxes})
    shown = {image.page for image in report.page_images}
    on_photo = ""
    if pages and set(pages) <= shown:
        on_photo = _.plural(
            "Marked {number} on the photo of page {pages}.",
            "Marked {number} on the photos of pages {pages}.",
            len(pages),
            number=number,
            pages=", ".join(str(p) for p in pages),
        )
    return FlagView(
        number=number,
        severity=finding.severity,
        severity_label=_(SEVERITY_LABELS.get(finding.severity, SEVERITY_LABELS["high"])),
        title=_(info.title_id),
        explanation=_(finding.message_id, **finding.params),
        advice=_(info.advice_id),
        # The first screen lists every warning: for a critical one the title already says
        # what the paper does, so what to do is more use; for the others, what it does.
        summary=_(info.advice_id)
        if finding.severity == "critical"
        else _(finding.message_id, **finding.params),
        implied=implied,
        quotes=tuple(_quote(e, _) for e in finding.evidence),
        source=_("Public reporting: {source}", source=finding.params["source"])
        if "source" in finding.params
        else "",
        legal=tuple(LegalView(_(ref.summary_id), _(ref.citation)) for ref in finding.legal),
        on_photo=on_photo,
    )


def _quote(evidence: Evidence, _: Translator) -> QuoteView:
    return QuoteView(_shown(evidence.quote), _where(evidence, _))


def _terms(report: Report, _: Translator) -> tuple[TermView, ...]:
    views = []
    for term in report.terms:
        label = _(TERM_LABELS.get(term.name, term.name))
        if term.evidence is None or term.value is None:
            unknown = term.name == "document_language" and term.evidence is None
            value = _("could not tell") if unknown else _("not stated in this paper")
            views.append(TermView(label, value, "", stated=False))
            continue
        views.append(TermView(label, _term_value(term, _), _shown(term.evidence.quote), True))
    return tuple(views)


def _clauses(report: Report, _: Translator) -> tuple[ClauseView, ...]:
    """Each clause read, in plain words, beside its own opening words."""
    return tuple(
        ClauseView(
            number=clause.number,
            label=_(CLAUSE_TYPES[clause.type]),
            text=clause_text(clause, _),
            quote=_shown(clause.evidence.quote),
            where=_where(clause.evidence, _),
        )
        for clause in report.clauses
        if clause.interpreted
    )


def _unread_clauses(report: Report, _: Translator) -> str:
    unread = [c.number for c in report.clauses if not c.interpreted]
    if not unread:
        return ""
    return _("Not interpreted: {numbers}. Have these clauses translated by someone you trust "
             "before you sign.", numbers=", ".join(unread))  # fmt: skip


def _contact(contact: Contact, _: Translator) -> ContactView:
    """One help organisation, in the text report's words."""
    reach = []
    if contact.url:
        reach.append(_("Website: {url}", url=contact.url))
    if contact.phone:
        reach.append(_("Phone: {phone}", phone=contact.phone))
    if contact.email:
        reach.append(_("E-mail: {email}", email=contact.email))
    names = ", ".join(_language_name(code, _.language) for code in contact.languages)
    details = (
        _("Languages: {languages}", languages=names),
        _("Where: {countries}", countries=_countries(contact.countries, _)),
        _("Published at {source}; checked on {date}.", source=contact.source,
          date=format_long_date(contact.checked, _.language)),
    )  # fmt: skip
    return ContactView(
        name=contact.name,
        note=contact.note or "",
        topics=tuple(_(TOPICS[topic]) for topic in contact.helps_with),
        reach=tuple(reach),
        details=details,
    )


# --- page photos with the evidence drawn on them ------------------------------------------


def _pages(report: Report, _: Translator) -> tuple[PageView, ...]:
    views = []
    for image in report.page_images:
        boxes: list[BoxView] = []
        anchors: list[BoxView] = []  # each quote's first word: where its marker goes
        for number, finding in enumerate(report.flags, start=1):
            for evidence in finding.evidence:
                mine = [
                    BoxView(number, finding.severity, x0, y0, max(1, x1 - x0), max(1, y1 - y0))
                    for x0, y0, x1, y1 in (b.box for b in evidence.boxes if b.page == image.page)
                ]
                if mine:
                    boxes += mine
                    anchors.append(mine[0])  # boxes come in reading order
        # Markers and lines sized by the words on the page (a line of text), not by the
        # photo's pixels, so that they never hide more than the line they point at.
        heights = sorted(b.height for b in boxes) or [max(image.width, image.height) // 60]
        line = heights[len(heights) // 2]
        radius = max(8, min(round(line * 0.8), max(image.width, image.height) // 30))
        views.append(
            PageView(
                page=image.page,
                width=image.width,
                height=image.height,
                src="data:image/jpeg;base64," + base64.b64encode(image.jpeg).decode("ascii"),
                caption=_("Page {page}", page=image.page),
                boxes=tuple(boxes),
                markers=tuple(_place_markers(anchors, radius, image.width)),
                stroke=max(1, round(line / 12)),
                radius=radius,
            )
        )
    return tuple(views)


def _place_markers(anchors: list[BoxView], radius: int, width: int) -> list[MarkerView]:
    """One marker for the words a quote starts with, numbered with every warning that
    quotes them, in the margin just before the first word and level with it; where there
    is no room before it, above it.  Markers never overlap one another."""
    groups: dict[tuple[int, int, int, int], list[BoxView]] = {}
    for box in anchors:  # flags come most severe first: so do the numbers
        groups.setdefault((box.x, box.y, box.width, box.height), []).append(box)
    gap = max(2, radius // 4)
    placed: list[MarkerView] = []

    def free(x: int, y: int, w: int) -> bool:
        return all(
            abs(p.x - x) * 2 >= p.width + w + gap or abs(p.y - y) >= 2 * radius + gap
            for p in placed
        )

    for (bx, by, _bw, bh), boxes in groups.items():
        label = ",".join(dict.fromkeys(str(b.number) for b in boxes))
        w = max(2 * radius, round(radius * (0.75 * len(label) + 1)))
        x, y = bx - w // 2 - gap, by + bh // 2
        while x - w // 2 >= 0 and not free(x, y, w):
            y -= 2 * radius + gap  # a marker already there: this one goes a line up
        if x - w // 2 < 0 or y < radius:  # no room before the word: above it
            x, y = min(bx + w // 2, width - w // 2), max(radius, by - radius - gap)
            while not free(x, y, w) and x + w <= width - w // 2:
                x += w + gap
        placed.append(MarkerView(label, boxes[0].severity, x, y, w))
    return placed
