"""The web page: one light form, and the service's own documentation page.

Both pages are rendered on the server from Jinja templates (autoescaped) and load
nothing: no script, no font, no stylesheet, no image from anywhere.  The form works in
any browser with JavaScript switched off: it is a plain multipart POST to ``/read``, and
the answer is the HTML report itself, ready to print.  Every sentence is translated
here and handed to the template as data.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from beforeyousign.errors import N_, BeforeYouSignError, N_plural
from beforeyousign.i18n import Translator, translator
from beforeyousign.interfaces.http.forms import megabytes
from beforeyousign.interfaces.http.language import shipped
from beforeyousign.interfaces.http.problem import detail, title
from beforeyousign.interfaces.http.settings import Settings
from beforeyousign.report.render_html import text_direction

if TYPE_CHECKING:
    from jinja2 import Environment

#: What the file chooser offers: photos and scans, PDF, Word, text and web pages.
ACCEPT = (
    "image/*,application/pdf,.pdf,.docx,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
    "text/plain,.txt,text/html,.html,.htm"
)

FORM_TEXTS = {
    "heading": N_("Read a paper before you sign it"),
    "intro": N_(
        "Take a photo of each page of the contract, or choose the file, or paste the text "
        "of the job ad or chat. You get, in your language, what the paper would make you "
        "agree to, with its own words quoted."
    ),
    "privacy": N_(
        "Nothing is kept: the paper is read on this server and forgotten as soon as your "
        "report is ready. Nothing is sent anywhere else."
    ),
    "language": N_("Your language"),
    "files": N_("Photos of the pages, or a PDF or Word file"),
    "files_hint": N_(
        "You can choose several photos at once, one per page: they are read as one paper, "
        "in the order chosen."
    ),
    "text": N_("Or paste the text of the ad or chat"),
    "submit": N_("Read it"),
    "wait": N_("Reading photos takes up to a minute. Keep this page open."),
    "indicators": N_(
        "Warnings are possible signs of danger, not a legal judgement. A paper with no "
        "warning is not a guarantee."
    ),
    "api": N_("For developers: the API"),
}
LIMITS_TEXT = N_plural(
    "At most {n} file and {megabytes} MB together.",
    "At most {n} files and {megabytes} MB together.",
)
ANOTHER = N_("Read another paper")


@dataclass(frozen=True)
class LanguageChoice:
    code: str
    name: str  # in itself
    selected: bool


@lru_cache(maxsize=1)
def environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("beforeyousign.interfaces.http", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=64)
def native_name(code: str) -> str:
    from beforeyousign.i18n.support import language_name

    name = language_name(code, code)
    return name[:1].upper() + name[1:]


def language_choices(current: str) -> tuple[LanguageChoice, ...]:
    return tuple(LanguageChoice(code, native_name(code), code == current) for code in shipped())


def form_page(
    _: Translator,
    settings: Settings,
    *,
    error: BeforeYouSignError | None = None,
    text: str = "",
) -> str:
    """The upload form in ``_``'s language; with ``error``, what went wrong above it and
    the pasted text kept, so nothing has to be typed again."""
    context: dict[str, Any] = {
        "lang": _.language,
        "dir": text_direction(_.language),
        "t": {key: _(msgid) for key, msgid in FORM_TEXTS.items()},
        "limits": _.plural(
            *LIMITS_TEXT, settings.max_files, megabytes=megabytes(settings.max_body_bytes)
        ),
        "languages": language_choices(_.language),
        "accept": ACCEPT,
        "error_title": title(error.http_status, _) if error else "",
        "error_detail": detail(error, _) if error else "",
        "text": text,
    }
    return environment().get_template("form.html.j2").render(**context)


def with_way_back(report_html: str, language: str) -> str:
    """The report page with a link back to the form at its top (hidden when printed)."""
    _ = translator(language)
    link = (
        "<style>@media print { .bys-back { display: none; } }</style>"
        '<nav class="bys-back" style="margin: 0 0 0.5rem; font-size: 1rem;">'
        f'<a href="/?lang={html.escape(language, quote=True)}">{html.escape(_(ANOTHER))}</a>'
        "</nav>"
    )
    head, found, rest = report_html.partition("<body>")
    return f"{head}{found}{link}{rest}" if found else report_html


def docs_page(openapi: dict[str, Any], problems: list[dict[str, Any]]) -> str:
    """The API's documentation for people, from its OpenAPI description; no script."""
    operations = []
    for path, methods in openapi.get("paths", {}).items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {})
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        (p.get("name", ""), p.get("in", ""), p.get("description", ""))
                        for p in operation.get("parameters", [])
                    ],
                    "body": list(body),
                    "responses": [
                        (code, response.get("description", ""))
                        for code, response in operation.get("responses", {}).items()
                    ],
                }
            )
    return (
        environment()
        .get_template("docs.html.j2")
        .render(
            title=openapi.get("info", {}).get("title", ""),
            version=openapi.get("info", {}).get("version", ""),
            description=openapi.get("info", {}).get("description", ""),
            operations=operations,
            problems=problems,
        )
    )
