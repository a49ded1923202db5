"""PDF rendering: the HTML report laid out on A4 pages by WeasyPrint (through Pango, so
every script the system fonts cover is shaped: Devanagari, Arabic, Sinhala, Tamil...).

WeasyPrint is imported only when a PDF is asked for: it takes a good part of a second to
load, and the command line starts without it.  Its URL fetcher allows ``data:`` URIs only,
so making a PDF can never reach the network or read a local file, whatever the HTML holds.
Its warnings about CSS meant for browsers (``text-size-adjust``...) are not the reader's
business and are kept off stderr.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from beforeyousign.i18n import Translator
from beforeyousign.knowledge.help_contacts import HelpContacts
from beforeyousign.report.model import Report
from beforeyousign.report.render_html import render_html


class ExternalResourceRefused(ValueError):
    """The HTML asked for something outside itself; the report never does."""


@lru_cache(maxsize=1)
def inline_only_fetcher() -> Any:
    """A WeasyPrint URL fetcher that fetches ``data:`` URIs and refuses everything else."""
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher_class = getattr(weasyprint, "URLFetcher", None)
    if fetcher_class is not None:  # WeasyPrint 68 and later
        return fetcher_class(allowed_protocols=("data",))
    default_url_fetcher = weasyprint.default_url_fetcher  # earlier versions: a function

    def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
        if not url.startswith("data:"):
            raise ExternalResourceRefused(url[:80])
        return default_url_fetcher(url, *args, **kwargs)

    return fetch


def html_to_pdf(html: str) -> bytes:
    """Lay ``html`` out as PDF, fetching nothing from outside it."""
    from weasyprint import HTML

    pdf = HTML(string=html, url_fetcher=inline_only_fetcher()).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf


def render_pdf(report: Report, _: Translator, contacts: HelpContacts | None = None) -> bytes:
    """The report as an A4 PDF in the reader's language (the HTML report, printed);
    ``contacts`` replaces the bundled help organisations."""
    return html_to_pdf(render_html(report, _, contacts))
