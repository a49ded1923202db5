"""What a worker thread does for a request: read the paper, analyse it, render the answer.

Rendering runs here too, not in the event loop: a report with page photos is a few
hundred kilobytes of HTML or JSON to build.  These functions only call the pipeline and
the renderers; the one thing the service adds is its page limit, checked after each file
so that a long PDF stops the reading before the next file costs more time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from beforeyousign.i18n import translator
from beforeyousign.ingest.combine import page_count
from beforeyousign.interfaces.http.problem import TooManyPages
from beforeyousign.knowledge.help_contacts import HelpContacts
from beforeyousign.report.model import Report
from beforeyousign.text.model import Document


@dataclass(frozen=True)
class Paper:
    """What one request sends: files (the pages of one paper, in order) or a text."""

    files: tuple[tuple[str, bytes], ...] = ()
    text: str | None = None

    @property
    def size(self) -> int:
        return sum(len(data) for _name, data in self.files) + len(self.text or "")


def analyse(paper: Paper, reader_language: str | None, max_pages: int) -> Report:
    from beforeyousign import pipeline

    if not paper.files:
        return pipeline.run_text(paper.text or "", "text", reader_language)

    def check_pages(documents: Sequence[Document]) -> None:
        pages = sum(page_count(document) for document in documents)
        if pages > max_pages:
            raise TooManyPages(limit=max_pages)

    document = pipeline.read_many_bytes(paper.files, on_read=check_pages)
    return pipeline.run_document(document, reader_language)


def json_report(
    paper: Paper,
    reader_language: str | None,
    language: str,
    max_pages: int,
    contacts: HelpContacts | None = None,
) -> bytes:
    """The JSON report (``render_json``'s dictionary), encoded."""
    from beforeyousign.report.render_json import report_dict

    report = analyse(paper, reader_language, max_pages)
    data = report_dict(report, translator(language), contacts)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def html_report(
    paper: Paper, language: str, max_pages: int, contacts: HelpContacts | None = None
) -> str:
    """The HTML report page; the reader chose ``language`` on the form."""
    from beforeyousign.report.render_html import render_html

    report = analyse(paper, language, max_pages)
    return render_html(report, translator(language), contacts)


def warm_up(languages: Sequence[str]) -> None:
    """Load the models, rule packs and catalogs before the first reader comes."""
    from beforeyousign import pipeline
    from beforeyousign.report.render_html import render_html
    from beforeyousign.report.render_json import report_dict

    report = pipeline.run_text("Контракт. Срок действия контракта один год.", "warm-up", "en")
    for code in languages:
        _ = translator(code)
        report_dict(report, _)
    render_html(report, translator("en"))
