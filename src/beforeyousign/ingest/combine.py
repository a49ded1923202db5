"""Several inputs read as one document: the pages of a contract photographed one by one.

Pages are numbered on through the inputs in the order given (photo 1 is page 1, the
three pages of a PDF that follows are pages 2-4), and the blocks follow each other with a
line break, so a clause cut between two photos is read as one sentence. An input that
has no pages of its own (a text file) counts as one page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from beforeyousign.text.model import Block, Document, Notice, PageImage

MIXED_MEDIA_TYPE = "multipart/mixed"


def combine(documents: Sequence[Document]) -> Document:
    """One Document from ``documents`` in order (a single one is returned as it is)."""
    if len(documents) == 1:
        return documents[0]
    blocks: list[Block] = []
    notices: list[Notice] = []
    images: list[PageImage] = []
    offset = 0
    for document in documents:
        blocks.extend(replace(b, page=(b.page or 1) + offset) for b in document.blocks)
        notices.extend(_renumbered(n, offset) for n in document.notices)
        images.extend(replace(i, page=i.page + offset) for i in document.page_images)
        offset += page_count(document)
    media_types = {d.media_type for d in documents}
    return Document(
        tuple(blocks),
        source_name=" + ".join(d.source_name for d in documents),
        media_type=media_types.pop() if len(media_types) == 1 else MIXED_MEDIA_TYPE,
        notices=tuple(notices),
        page_images=tuple(images),
    )


def page_count(document: Document) -> int:
    """Pages the document is known to have: the highest page any part of it names."""
    pages = [b.page or 1 for b in document.blocks]
    pages += [i.page for i in document.page_images]
    pages += [int(n.params["page"]) for n in document.notices if "page" in n.params]
    return max(pages, default=1)


def _renumbered(notice: Notice, offset: int) -> Notice:
    if "page" not in notice.params or not offset:
        return notice
    params = dict(notice.params)
    params["page"] = int(params["page"]) + offset
    return replace(notice, params=params)
