"""HTML pages: saved job ads, web-mail messages, Telegram's HTML chat export.

Only the visible text matters. The stdlib parser is enough (no new dependency) and it
never gives up on broken markup, which saved pages always are. Scripts, styles and the
head are dropped; block-level tags end a Block so that paragraphs, list items and table
rows stay apart (the cells of one row are joined by " | "); whitespace is collapsed as a
browser would show it.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from beforeyousign.errors import EmptyInput
from beforeyousign.ingest.encoding import Decoded
from beforeyousign.ingest.plaintext import clean, encoding_notices
from beforeyousign.text.model import Block, Document

MEDIA_TYPE = "text/html"

_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "object"})
_HEAD_ONLY = frozenset({"meta", "link", "title", "base", "style", "script", "noscript"})
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_DOCTYPE = re.compile(r"\s*<!doctype\s+html", re.IGNORECASE)
_HTML_TAG = re.compile(r"<html[\s>]", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"<(?:p|div|br|li|tr|td|table|h[1-6]|ul|ol|body)[\s>/]", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)

#: Block tags needed in the first 64 KB to take headless markup for HTML.
MIN_BLOCK_TAGS = 3


def looks_like_html(text: str) -> bool:
    """A doctype, an ``<html>`` tag near the top, or several block tags."""
    head = text[:65536]
    return bool(
        _DOCTYPE.match(head)
        or _HTML_TAG.search(head[:1024])
        or len(_BLOCK_TAG.findall(head)) >= MIN_BLOCK_TAGS
    )


def declared_charset(data: bytes) -> str | None:
    """The codec a ``<meta charset>`` names in the first 4 KB, if Python knows it.

    Russian pages are often windows-1251 with the charset stated; trusting it beats
    guessing. As browsers do, "iso-8859-1" is read as windows-1252.
    """
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return "cp1252" if codec in ("latin-1", "iso8859-1") else codec


def redecode(data: bytes, decoded: Decoded) -> Decoded:
    """Re-read a guessed HTML page in the charset its ``<meta>`` declares, if it decodes."""
    if not decoded.guessed:
        return decoded
    codec = declared_charset(data)
    if codec is None:
        return decoded
    try:
        return Decoded(clean(data.decode(codec)), codec)
    except (UnicodeDecodeError, LookupError, ValueError):
        return decoded  # a wrong declaration, or a non-text codec such as "base64"


def html_document(decoded: Decoded, name: str) -> Document:
    """A Document with one ``paragraph`` Block per block of visible text."""
    paragraphs = visible_paragraphs(decoded.text)
    if not paragraphs:
        raise EmptyInput(name=name)
    return Document(
        blocks=tuple(Block(text, page=None, kind="paragraph") for text in paragraphs),
        source_name=name,
        media_type=MEDIA_TYPE,
        notices=encoding_notices(decoded),
    )


def visible_paragraphs(markup: str) -> list[str]:
    """The visible text of ``markup``, one string per block, whitespace collapsed."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return parser.paragraphs


class _TextExtractor(HTMLParser):
    """Collects text outside skipped elements, cutting it at block-level tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._parts: list[str] = []
        self._skip_depth = 0
        self._in_head = False
        self._in_pre = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._leave_head_if_body_starts(tag)
        if tag == "head":
            self._in_head = True
        elif tag in _SKIPPED:
            self._skip_depth += 1
        self._on_tag(tag, opening=True)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <hr/>: no content, and must not open a skipped element.
        self._leave_head_if_body_starts(tag)
        self._on_tag(tag, opening=False)

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        elif tag in _SKIPPED and self._skip_depth:
            self._skip_depth -= 1
        self._on_tag(tag, opening=False)

    def handle_data(self, data: str) -> None:
        if self._skip_depth or self._in_head:
            return
        if not self._in_pre:
            self._parts.append(data)
            return
        lines = data.split("\n")
        for line in lines[:-1]:
            self._parts.append(line)
            self._flush()
        self._parts.append(lines[-1])

    def close(self) -> None:
        super().close()
        self._flush()

    def _on_tag(self, tag: str, *, opening: bool) -> None:
        if tag == "pre":
            self._in_pre = opening
        if tag in _CELL_TAGS:
            # Cells of one row stay one Block, as the row reads on the page: «Паспорт» | «…».
            if opening and "".join(self._parts).strip():
                self._parts.append(" | ")
            return
        if tag in _BLOCK_TAGS:
            self._flush()

    def _leave_head_if_body_starts(self, tag: str) -> None:
        """Pages often never close ``<head>``; as in a browser, the first tag that
        cannot live in the head ends it, so the body's text is not lost."""
        if self._in_head and tag not in _HEAD_ONLY and tag != "head":
            self._in_head = False

    def _flush(self) -> None:
        text = " ".join("".join(self._parts).split())
        self._parts.clear()
        if text:
            self.paragraphs.append(text)
