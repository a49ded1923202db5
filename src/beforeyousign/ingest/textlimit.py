"""The character limit on the text analysed (``limits.MAX_TEXT_CHARS``).

Analysis time grows faster than the text, so a 10 MB line or a table of millions of
cells would hold a worker for minutes. The document is cut after the limit, between or
inside blocks, and a ``text_not_read`` notice says how much was left out, as the page
limit does for pages: the reader is told, never silently short-changed.
"""

from __future__ import annotations

from dataclasses import replace

from beforeyousign.errors import N_
from beforeyousign.ingest import limits
from beforeyousign.text.model import Block, Document, Notice


def within_text_limit(document: Document) -> Document:
    """``document`` whole, or cut to ``limits.MAX_TEXT_CHARS`` characters with a notice."""
    cap = limits.MAX_TEXT_CHARS
    total = sum(len(b.text) + len(b.separator) for b in document.blocks)
    if total <= cap:
        return document
    blocks = _first_blocks(document.blocks, cap)
    notice = Notice(
        code="text_not_read",
        message_id=N_(
            "The text is too long to check whole: only its first {read} of {total} "
            "characters were checked."
        ),
        params={"read": cap, "total": total},
    )
    return replace(document, blocks=tuple(blocks), notices=(*document.notices, notice))


def _first_blocks(blocks: tuple[Block, ...], cap: int) -> list[Block]:
    kept: list[Block] = []
    used = 0
    for block in blocks:
        room = cap - used
        if room <= 0:
            break
        if len(block.text) > room:
            words = tuple(w for w in block.words if w.end <= room)
            kept.append(replace(block, text=block.text[:room], words=words))
            break
        kept.append(block)
        used += len(block.text) + len(block.separator)
    return kept
