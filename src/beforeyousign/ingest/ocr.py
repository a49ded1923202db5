"""Pages as pictures (photos, screenshots, scanned PDF pages) -> blocks of text with boxes.

Each page becomes one ``page`` Block whose text is the recognised words, a space between
words and a line break between lines, and whose ``words`` keep every word's box, scaled
to a reduced copy of the upright page that a report may draw on. Analysis never knows the
text came from OCR; the boxes ride along in the Document.

What OCR could not do well is said, page by page, in notices: a page with no text found,
a page read with low confidence (retake it), a page that ran out of time.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from beforeyousign.errors import N_, NeedsOCR
from beforeyousign.ingest import deadline, limits
from beforeyousign.ingest.pages import is_page_number
from beforeyousign.ocr.model import OcrEngine, OcrPage, OcrWord
from beforeyousign.text.model import Block, Notice, PageImage, WordBox

if TYPE_CHECKING:
    from PIL.Image import Image

#: Mean word confidence (0-100, weighted by length) under which a page is called hard to
#: read. Clean photos score 85-95; pages whose text comes out garbled score under 60.
HARD_TO_READ = 60.0

#: Letters a page must yield to count as having text (noise gives a few stray "letters").
MIN_LETTERS = 12

#: Long side of the page copy kept for drawing evidence boxes in a report.
DISPLAY_SIDE = 1400
DISPLAY_QUALITY = 70


@dataclass
class OcrResult:
    """Blocks, notices and page images from a run of pages, in page order."""

    blocks: list[Block] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    page_images: list[PageImage] = field(default_factory=list)
    #: The last page read when the per-document deadline stopped the run (0: none was).
    stopped_after: int | None = None


@lru_cache(maxsize=1)
def default_engine() -> OcrEngine:
    from beforeyousign.ocr.tesseract import TesseractEngine

    return TesseractEngine()


def ocr_available() -> bool:
    from beforeyousign.ocr.tesseract import is_available

    return is_available()


def read_pictures(
    pages: Iterable[tuple[int, Image]],
    name: str,
    *,
    languages: str | None = None,
    engine: OcrEngine | None = None,
) -> OcrResult:
    """OCR ``(page number, image)`` pairs. Raises NeedsOCR when no OCR is installed."""
    from beforeyousign.ocr.reader import read_page
    from beforeyousign.ocr.tesseract import installed_languages

    if engine is None:
        if not ocr_available():
            raise NeedsOCR(name=name)
        engine = default_engine()
    installed = installed_languages()
    result = OcrResult()
    last = 0
    for number, image in pages:
        if deadline.expired():
            result.stopped_after = last
            break
        read = read_page(
            image,
            engine,
            languages=languages,
            installed=installed,
            timeout_ms=_page_timeout_ms(),
        )
        _add_page(result, number, read.page, read.image)
        last = number
    return result


def _page_timeout_ms() -> int:
    """OCR_SECONDS_PER_PAGE, or less when the document's deadline is nearer. A page
    tried in several orientations may take a few times this: the deadline is checked
    again before the next page."""
    seconds = limits.OCR_SECONDS_PER_PAGE
    left = deadline.remaining()
    if left is not None:
        seconds = min(seconds, left)
    return max(1, int(seconds * 1000))


def _add_page(result: OcrResult, number: int, page: OcrPage, image: Image) -> None:
    display, scale = _display_copy(image, number)
    result.page_images.append(display)
    if page.timed_out:
        result.notices.append(_notice("page_timed_out", number))
    words = _without_page_number_lines(page.words)
    if sum(ch.isalpha() for w in words for ch in w.text) < MIN_LETTERS:
        result.notices.append(_notice("page_no_text_found", number))
        return
    if page.mean_confidence < HARD_TO_READ:
        result.notices.append(_notice("page_hard_to_read", number))
    result.blocks.append(page_block(words, number, scale))


def page_block(words: Iterable[OcrWord], number: int, scale: float) -> Block:
    """One Block for a page: words joined by spaces, lines by line breaks."""
    parts: list[str] = []
    boxes: list[WordBox] = []
    position = 0
    for word in words:
        if parts:
            gap = "\n" if word.starts_line else " "
            parts.append(gap)
            position += len(gap)
        parts.append(word.text)
        box = tuple(max(0, round(v * scale)) for v in word.box)
        boxes.append(WordBox(position, position + len(word.text), box, word.confidence))  # type: ignore[arg-type]
        position += len(word.text)
    return Block("".join(parts), page=number, kind="page", words=tuple(boxes))


def _lines(words: Iterable[OcrWord]) -> Iterator[list[OcrWord]]:
    line: list[OcrWord] = []
    for word in words:
        if word.starts_line and line:
            yield line
            line = []
        line.append(word)
    if line:
        yield line


def _without_page_number_lines(words: tuple[OcrWord, ...]) -> list[OcrWord]:
    """Drop a page-number line at the top or foot of the page, as for PDF text."""
    lines = list(_lines(words))
    while len(lines) > 1 and is_page_number(" ".join(w.text for w in lines[-1])):
        lines.pop()
    while len(lines) > 1 and is_page_number(" ".join(w.text for w in lines[0])):
        lines.pop(0)
    kept = [w for line in lines for w in line]
    if kept and not kept[0].starts_line:  # the first kept word opens the page's text
        first = kept[0]
        kept[0] = OcrWord(first.text, first.box, first.confidence, True, True)
    return kept


def _display_copy(image: Image, number: int) -> tuple[PageImage, float]:
    """A reduced JPEG of the upright page, and the factor from OCR pixels to its pixels."""
    copy = image.copy()
    copy.thumbnail((DISPLAY_SIDE, DISPLAY_SIDE))
    buffer = io.BytesIO()
    copy.convert("L").save(buffer, format="JPEG", quality=DISPLAY_QUALITY, optimize=True)
    scale = copy.width / image.width if image.width else 1.0
    return PageImage(number, copy.width, copy.height, buffer.getvalue()), scale


_MESSAGES = {
    "page_no_text_found": N_(
        "No text could be read on page {page}. If it is a page of the paper, retake the "
        "photo in daylight, flat, with the whole page in the frame."
    ),
    "page_hard_to_read": N_(
        "Page {page} was hard to read, so some words may be wrong or missing: retake the "
        "photo in daylight, flat, with the whole page in the frame."
    ),
    "page_timed_out": N_("Page {page} took too long to read; only part of it was read."),
}


def _notice(code: str, page: int) -> Notice:
    return Notice(code=code, message_id=_MESSAGES[code], params={"page": page})


def no_text_notice(page: int) -> Notice:
    return _notice("page_no_text_found", page)
