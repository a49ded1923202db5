"""PDF text layer, read with pypdf (imported on first use: CLI start-up matters).

A contract PDF is either generated (a text layer, read exactly) or a scan (pictures of
pages, which need OCR). Mixed files are common: a generated contract with a scanned
signature page. So the text layer is read page by page, and only the pages without one
are rendered (pypdfium2) and read by OCR; without OCR installed they are named in a
notice rather than failing the file.

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
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from beforeyousign.errors import (
    N_,
    CorruptFile,
    EmptyInput,
    EncryptedFile,
    NeedsOCR,
    NoTextFound,
    TimeLimitExceeded,
)
from beforeyousign.ingest import deadline, limits
from beforeyousign.ingest.ocr import OcrResult, ocr_available, read_pictures
from beforeyousign.ingest.pages import pages_not_read, without_page_numbers
from beforeyousign.ingest.plaintext import clean
from beforeyousign.ingest.triage import PDF_KIND
from beforeyousign.text.model import Block, Document, Notice

if TYPE_CHECKING:
    from PIL.Image import Image
    from pypdf import PageObject, PdfReader

MEDIA_TYPE = "application/pdf"


def read_pdf(data: bytes, name: str, *, ocr_languages: str | None = None) -> Document:
    """A Document with one ``page`` Block per page that has text (``page`` is 1-based).

    Pages whose text layer is missing or nearly empty (a scan, a photo pasted into a
    PDF) are rendered and read by OCR when it is installed, page by page, so a generated
    contract with a scanned signature page reads whole.
    """
    reader = _open(data, name)
    pages = _page_count(reader, name)
    if pages == 0:
        raise EmptyInput(name=name)
    readable = min(pages, limits.MAX_PDF_PAGES)
    by_page: dict[int, Block] = {}
    notices: dict[int, Notice] = {}
    read = 0
    for number, text in _page_texts(reader, readable):
        read = number
        if text is None:
            notices[number] = _page_notice("page_damaged", number)
        elif _letters(text) < MIN_TEXT_LAYER_LETTERS:
            if text.strip():
                by_page[number] = Block(without_page_numbers(text), page=number, kind="page")
            notices[number] = _page_notice("page_without_text", number)
        else:
            by_page[number] = Block(without_page_numbers(text), page=number, kind="page")
    ocr = _ocr_pages(data, name, sorted(notices), by_page, notices, ocr_languages)
    blocks = [by_page[n] for n in sorted(by_page)]
    found = list(ocr.notices) + [notices[n] for n in sorted(notices)]
    if not blocks:
        if deadline.expired():
            raise TimeLimitExceeded(name=name, seconds=round(limits.MAX_SECONDS))
        _raise_no_text(name, found)
    if read < readable:  # the deadline stopped the text layers
        found.append(deadline.time_limit_notice(read, pages))
    elif readable < pages:
        found.append(pages_not_read(readable, pages))
    return Document(
        tuple(blocks),
        source_name=name,
        media_type=MEDIA_TYPE,
        notices=tuple(found),
        page_images=tuple(ocr.page_images),
    )


#: A page with fewer letters than this in its text layer is taken for a scan (a stamp,
#: a page number or a scanner's watermark can leave a few letters on a scanned page).
MIN_TEXT_LAYER_LETTERS = 20


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _ocr_pages(
    data: bytes,
    name: str,
    numbers: list[int],
    by_page: dict[int, Block],
    notices: dict[int, Notice],
    ocr_languages: str | None,
) -> OcrResult:
    """OCR the pages in ``numbers`` when OCR is installed; a page read this way replaces
    its (near-empty) text layer and its notice. Without OCR, the notices stay."""
    if not numbers or not ocr_available():
        return OcrResult()
    chosen = numbers[: limits.MAX_OCR_PAGES]
    result = read_pictures(_rendered(data, chosen), name, languages=ocr_languages)
    if result.stopped_after is not None:  # the deadline stopped OCR
        unread = [n for n in chosen if n > result.stopped_after]
        result.notices.append(deadline.time_limit_notice(len(chosen) - len(unread), len(chosen)))
    for block in result.blocks:
        number = block.page or 0
        old = by_page.get(number)
        if old is None or _letters(block.text) > _letters(old.text):
            by_page[number] = block
    # A short page keeps its text layer when OCR finds no more: then neither "no text"
    # notice is true. Otherwise the OCR notice says more than "no text layer".
    result.notices = [
        n
        for n in result.notices
        if not (n.code == "page_no_text_found" and int(n.params["page"]) in by_page)
    ]
    for number in chosen:
        if number in by_page or any(n.params.get("page") == number for n in result.notices):
            notices.pop(number, None)
    if len(chosen) < len(numbers):
        result.notices.append(pages_not_read(len(chosen), len(numbers)))
    return result


def _rendered(data: bytes, numbers: list[int]) -> Iterator[tuple[int, Image]]:
    """Render the given 1-based pages in grey with pdfium; a page that will not render is
    skipped (its "no text" or "damaged" notice stays)."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return
    try:
        document = pdfium.PdfDocument(data)
    except Exception:  # pdfium refuses files pypdf accepted: nothing more to read
        return
    try:
        for number in numbers:
            try:
                page = document[number - 1]
                yield number, page.render(scale=_render_scale(page), grayscale=True).to_pil()
            except Exception:
                continue
    finally:
        document.close()


def _render_scale(page: Any) -> float:
    """PDF_OCR_DPI, lowered for huge pages (a MediaBox 100 m wide, a /UserUnit of 75,000)
    so the bitmap stays within MAX_RENDER_PIXELS: OCR reduces it to at most 4,200 pixels
    a side anyway, and a gigapixel bitmap would cost gigabytes first."""
    width, height = page.get_size()  # points, 1/72 inch (pdfium applies /UserUnit)
    scale = limits.PDF_OCR_DPI / 72
    pixels = max(1.0, abs(width * height)) * scale * scale
    cap = min(limits.MAX_RENDER_PIXELS, limits.MAX_IMAGE_PIXELS)
    if pixels > cap:
        scale *= (cap / pixels) ** 0.5
    # Neither side may round to zero pixels (pdfium refuses) or pass pdfium's own limits.
    longest = max(abs(width), abs(height), 1.0) * scale
    if longest > _MAX_RENDER_SIDE:
        scale *= _MAX_RENDER_SIDE / longest
    return float(scale)


#: pdfium renders into one bitmap whose side must fit a 16-bit-safe size.
_MAX_RENDER_SIDE = 30_000


def _open(data: bytes, name: str) -> PdfReader:
    """Parse the file and unlock it if it has only an owner password (print/copy
    restrictions, common on generated contracts: they open without a password)."""
    from pypdf import PdfReader

    _quiet_pypdf()
    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as exc:  # pypdf raises many unrelated types on damaged files
        recovered = _reopen_cut_short(data)
        if recovered is None:
            raise CorruptFile(name=name, kind=PDF_KIND) from exc
        reader = recovered
    if reader.is_encrypted:
        _unlock(reader, name)
    return reader


def _reopen_cut_short(data: bytes) -> PdfReader | None:
    """A download cut before its last line has no ``%%EOF``, and pypdf then refuses the
    file although every page is there; with the marker added it rebuilds the
    cross-reference table from the objects themselves."""
    from pypdf import PdfReader

    if b"%%EOF" in data[-1024:]:
        return None
    try:
        return PdfReader(io.BytesIO(data + b"\n%%EOF\n"))
    except Exception:
        return None


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


def _page_texts(reader: PdfReader, count: int) -> Iterator[tuple[int, str | None]]:
    """(1-based page number, text) for the first ``count`` pages; None for a damaged page."""
    for index in range(count):
        if deadline.expired():
            return
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
    if ocr_available():
        raise NoTextFound(name=name)
    raise NeedsOCR(name=name)


def _page_notice(code: str, page: int) -> Notice:
    messages = {
        "page_without_text": N_(
            "Page {page} has no text layer and was not read (it may be a scan)."
        ),
        "page_damaged": N_("Page {page} is damaged and could not be read."),
    }
    return Notice(code=code, message_id=messages[code], params={"page": page})


def _quiet_pypdf() -> None:
    """pypdf logs warnings about damaged files; with no handler configured Python would
    print them to stderr. A NullHandler keeps them out of CLI output while still letting
    an application that configures logging see them."""
    logger = logging.getLogger("pypdf")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
