"""PDF text layer, read with pypdf (imported on first use: CLI start-up matters).

A contract PDF is either generated (a text layer, read exactly) or a scan (pictures of
pages, which need OCR). Mixed files are common: a generated contract with a scanned
signature page. So a page without text is named in a notice rather than failing the
file, and only a file with no text at all is sent to OCR.

pypdf raises many exception types on damaged files (its own, and ValueError, KeyError,
TypeError, AssertionError, RecursionError, zlib.error...), so every call into it is
guarded broadly and turned into a typed error or a per-page notice.

Page limit: only the first ``limits.MAX_PDF_PAGES`` pages are read and a
``pages_not_read`` notice says how many were skipped. Refusing the file would leave the
reader with nothing; a recruitment contract that long is an attack or a mistake, and
its first pages are still worth reading.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from beforeyousign.errors import N_, CorruptFile, EmptyInput, EncryptedFile, NeedsOCR
from beforeyousign.ingest import limits
from beforeyousign.ingest.plaintext import clean
from beforeyousign.ingest.triage import PDF_KIND
from beforeyousign.text.model import Block, Document, Notice

if TYPE_CHECKING:
    from pypdf import PageObject, PdfReader

MEDIA_TYPE = "application/pdf"


def read_pdf(data: bytes, name: str) -> Document:
    """A Document with one ``page`` Block per page that has text (``page`` is 1-based)."""
    reader = _open(data, name)
    pages = _page_count(reader, name)
    if pages == 0:
        raise EmptyInput(name=name)
    readable = min(pages, limits.MAX_PDF_PAGES)
    blocks: list[Block] = []
    notices: list[Notice] = []
    for number, text in _page_texts(reader, readable):
        if text is None:
            notices.append(_page_notice("page_damaged", number))
        elif not text.strip():
            notices.append(_page_notice("page_without_text", number))
        else:
            blocks.append(Block(_without_page_numbers(text), page=number, kind="page"))
    if not blocks:
        _raise_no_text(name, notices)
    if readable < pages:
        notices.append(_pages_not_read(readable, pages))
    return Document(tuple(blocks), source_name=name, media_type=MEDIA_TYPE, notices=tuple(notices))


def _open(data: bytes, name: str) -> PdfReader:
    """Parse the file and unlock it if it has only an owner password (print/copy
    restrictions, common on generated contracts: they open without a password)."""
    from pypdf import PdfReader

    _quiet_pypdf()
    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as exc:  # pypdf raises many unrelated types on damaged files
        raise CorruptFile(name=name, kind=PDF_KIND) from exc
    if reader.is_encrypted:
        _unlock(reader, name)
    return reader


def _unlock(reader: PdfReader, name: str) -> None:
    """Try the empty user password. AES needs the ``cryptography`` package; without it
    pypdf raises DependencyError, and the file is as unreadable as a locked one."""
    try:
        unlocked = bool(reader.decrypt(""))
    except Exception as exc:
        raise EncryptedFile(name=name) from exc
    if not unlocked:
        raise EncryptedFile(name=name)


def _page_count(reader: PdfReader, name: str) -> int:
    try:
        return len(reader.pages)
    except Exception as exc:
        raise CorruptFile(name=name, kind=PDF_KIND) from exc


# "Страница 1 из 2", "Page 3 of 10", "- 4 -", "5", "стр. 2": printed at a page's top or foot.
_PAGE_NUMBER = re.compile(
    r"\s*(?:(?:страница|стр\.?|page|página|p\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?"
    r"(?:\s*(?:из|of|de|/)\s*\d{1,4})?\s*",
    re.IGNORECASE,
)


def _without_page_numbers(text: str) -> str:
    """The page's text without page-number lines at its top and foot, so a clause that
    runs over a page break reads as one sentence."""
    lines = text.split("\n")
    while len(lines) > 1 and _PAGE_NUMBER.fullmatch(lines[-1]):
        lines.pop()
    while len(lines) > 1 and _PAGE_NUMBER.fullmatch(lines[0]):
        lines.pop(0)
    return "\n".join(lines)


def _page_texts(reader: PdfReader, count: int) -> Iterator[tuple[int, str | None]]:
    """(1-based page number, text) for the first ``count`` pages; None for a damaged page."""
    for index in range(count):
        try:
            page: PageObject = reader.pages[index]
            text = page.extract_text()
        except Exception:  # one damaged page must not lose the others
            yield index + 1, None
            continue
        yield index + 1, clean(text)


def _raise_no_text(name: str, notices: list[Notice]) -> None:
    """No page gave text: all damaged means a damaged file; otherwise it is a scan."""
    if notices and all(n.code == "page_damaged" for n in notices):
        raise CorruptFile(name=name, kind=PDF_KIND)
    raise NeedsOCR(name=name)


def _page_notice(code: str, page: int) -> Notice:
    messages = {
        "page_without_text": N_(
            "Page {page} has no text layer and was not read (it may be a scan)."
        ),
        "page_damaged": N_("Page {page} is damaged and could not be read."),
    }
    return Notice(code=code, message_id=messages[code], params={"page": page})


def _pages_not_read(read: int, pages: int) -> Notice:
    return Notice(
        code="pages_not_read",
        message_id=N_(
            "Only the first {read} of {pages} pages were read; the rest was not checked."
        ),
        params={"read": read, "pages": pages},
    )


def _quiet_pypdf() -> None:
    """pypdf logs warnings about damaged files; with no handler configured Python would
    print them to stderr. A NullHandler keeps them out of CLI output while still letting
    an application that configures logging see them."""
    logger = logging.getLogger("pypdf")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
