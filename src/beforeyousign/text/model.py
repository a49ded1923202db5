"""The document model every stage after ingest works on.

A :class:`Document` is a sequence of :class:`Block` (a paragraph, a table cell, a line of a
page) each carrying where it came from.  The document's *raw text* is the blocks joined by
their separators (``"\\n"``, or ``" | "`` between the cells of a table row); character
offsets into that raw text map back to a block and a line through :meth:`Document.locate`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

BLOCK_SEPARATOR = "\n"


@dataclass(frozen=True)
class SourceLocation:
    """Where a piece of text sits in the input file (1-based page, block and line)."""

    page: int | None
    block: int
    line: int
    kind: str = "paragraph"  # paragraph | table_cell | line | message | page

    def to_dict(self) -> dict[str, object]:
        return {"page": self.page, "block": self.block, "line": self.line, "kind": self.kind}


Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels of the (upright) page image


@dataclass(frozen=True)
class WordBox:
    """Where one OCR'd word of a block sits on its page image.

    ``start``/``end`` index the block's text, so the same character offsets that quote a
    finding also find the words to outline on the photo.
    """

    start: int
    end: int
    box: Box
    confidence: float  # Tesseract's word confidence, 0-100


@dataclass(frozen=True)
class PageBox:
    """A box on a page image, as evidence carries it."""

    page: int
    box: Box

    def to_dict(self) -> dict[str, object]:
        return {"page": self.page, "box": list(self.box)}


@dataclass(frozen=True)
class PageImage:
    """A reduced copy of a photographed or scanned page, upright, kept in memory only so a
    report can draw the evidence boxes on it. Boxes are in ``width`` x ``height`` pixels."""

    page: int
    width: int
    height: int
    jpeg: bytes = field(repr=False)


@dataclass(frozen=True)
class Block:
    """One unit of text as the input file holds it."""

    text: str
    page: int | None = None
    kind: str = "paragraph"
    # What follows this block in the document's text: a line break, or " | " between the
    # cells of one table row, so «Паспорт работника | Хранится у Работодателя» reads as one
    # statement, as the row does on paper.
    separator: str = BLOCK_SEPARATOR
    # OCR'd blocks: each word's box on its page image (empty for text layers).
    words: tuple[WordBox, ...] = ()


@dataclass(frozen=True)
class Notice:
    """Something the reader must know that is not a finding: what was not read, and why."""

    code: str  # stable id, e.g. "encoding_guessed", "empty_page"
    message_id: str  # gettext msgid
    params: dict[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    """An ingested input: its blocks, what it was, and what could not be read."""

    blocks: tuple[Block, ...]
    source_name: str
    media_type: str
    notices: tuple[Notice, ...] = ()
    page_images: tuple[PageImage, ...] = ()

    @cached_property
    def raw_text(self) -> str:
        if not self.blocks:
            return ""
        return "".join(b.text + b.separator for b in self.blocks[:-1]) + self.blocks[-1].text

    @cached_property
    def _block_starts(self) -> list[int]:
        starts, pos = [], 0
        for b in self.blocks:
            starts.append(pos)
            pos += len(b.text) + len(b.separator)
        return starts

    def locate(self, offset: int) -> SourceLocation:
        """Map an offset into :attr:`raw_text` to its block, page and line."""
        if not self.blocks:
            return SourceLocation(page=None, block=1, line=1)
        offset = max(0, min(offset, len(self.raw_text)))
        index = max(0, bisect.bisect_right(self._block_starts, offset) - 1)
        block = self.blocks[index]
        within = min(offset - self._block_starts[index], len(block.text))
        line = block.text.count("\n", 0, within) + 1
        return SourceLocation(page=block.page, block=index + 1, line=line, kind=block.kind)

    @cached_property
    def _has_word_boxes(self) -> bool:
        # Once per document: every quote asks, and a contract has hundreds of blocks.
        return any(b.words for b in self.blocks)

    def boxes(self, raw_start: int, raw_end: int) -> tuple[PageBox, ...]:
        """The word boxes of OCR'd blocks that overlap ``raw_text[raw_start:raw_end]``."""
        if not self._has_word_boxes:
            return ()
        found: list[PageBox] = []
        first = max(0, bisect.bisect_right(self._block_starts, raw_start) - 1)
        for index in range(first, len(self.blocks)):
            block_start = self._block_starts[index]
            if block_start >= raw_end:
                break
            block = self.blocks[index]
            lo, hi = raw_start - block_start, raw_end - block_start
            found.extend(
                PageBox(block.page or 1, word.box)
                for word in block.words
                if word.start < hi and word.end > lo
            )
        return tuple(found)
