"""Word (DOCX) files, opened with python-docx (imported on first use: CLI start-up matters).

Contracts put their most important terms in tables (term, pay, place of service), and
``Document.paragraphs`` skips tables entirely. So the body XML is walked in document
order: paragraphs, tables (each cell its own Block), and the wrappers Word puts around
them (content controls, custom XML). Walking ``w:tc`` elements rather than python-docx's
``row.cells`` means a merged cell is read once, not once per grid column it spans; the
continuation cells of a vertical merge are empty and skipped. Deleted tracked changes
(``w:delText``), field codes and the VML copy of text boxes (``mc:Fallback``) are not
text the reader sees, so they are left out; text boxes become Blocks of their own.

A DOCX is a ZIP archive, so before anything is unpacked the sizes its members declare
are checked against :mod:`.limits` (zip bombs).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from beforeyousign.errors import CorruptFile, EmptyInput, InputTooLarge
from beforeyousign.ingest import limits
from beforeyousign.ingest.triage import DOCX_KIND
from beforeyousign.text.model import Block, Document

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_T, _TXBX = f"{_W}t", f"{_W}txbxContent"
_BREAKS = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
#: Elements that only wrap block content: look inside them.
_WRAPPERS = frozenset(
    f"{_W}{tag}" for tag in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag")
)
#: Elements whose text is not shown: deleted or moved-away text, and the VML fallback.
_HIDDEN = frozenset({f"{_W}del", f"{_W}moveFrom", _MC_FALLBACK})

_HEADER_FOOTER_ATTRS = (
    ("header", "header"),
    ("header", "first_page_header"),
    ("header", "even_page_header"),
    ("footer", "footer"),
    ("footer", "first_page_footer"),
    ("footer", "even_page_footer"),
)

Element = Any  # an lxml element; python-docx ships no type information


def read_docx(data: bytes, name: str) -> Document:
    """A Document of the body (``paragraph`` and ``table_cell`` Blocks, in order),
    then headers and footers (``header``/``footer``), each distinct text once."""
    check_archive(data, name)
    body, parts = _open(data, name)
    blocks = list(_blocks(body, "paragraph"))
    blocks.extend(_header_footer_blocks(parts, seen={b.text for b in blocks}))
    if not blocks:
        raise EmptyInput(name=name)
    return Document(tuple(blocks), source_name=name, media_type=MEDIA_TYPE)


def check_archive(data: bytes, name: str) -> None:
    """Refuse a zip bomb from the central directory alone, before any member is unpacked.

    A total over the limit is InputTooLarge (the numbers in the message are true); an
    absurd compression ratio or member count is CorruptFile, since only a crafted file
    has one and "too large" would quote a size under the limit. Declared sizes can lie,
    but ``zipfile`` stops at the declared size and fails on a CRC mismatch, so a lie
    cannot unpack more than it declares.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as exc:
        raise _corrupt(name) from exc
    total = sum(m.file_size for m in members)
    if total > limits.MAX_DOCX_UNCOMPRESSED:
        raise InputTooLarge(name=name, size=total, limit=limits.MAX_DOCX_UNCOMPRESSED)
    if len(members) > limits.MAX_DOCX_MEMBERS or any(_is_bomb(m) for m in members):
        raise _corrupt(name)


def _is_bomb(member: zipfile.ZipInfo) -> bool:
    if member.file_size < limits.RATIO_CHECK_FROM:
        return False
    return member.file_size > limits.MAX_COMPRESSION_RATIO * max(member.compress_size, 1)


def _corrupt(name: str) -> CorruptFile:
    return CorruptFile(name=name, kind=DOCX_KIND)


def _open(data: bytes, name: str) -> tuple[Element, list[tuple[str, Element]]]:
    """The body element and the (kind, root) of each header and footer.

    python-docx refuses macro-enabled files and templates (.docm, .dotx) by content
    type although their text is the same; those are read from ``word/document.xml``
    directly, without headers and footers.
    """
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except ValueError as exc:
        if "not a Word file" not in str(exc):
            raise _corrupt(name) from exc
        return _body_from_xml(data, name), []
    except Exception as exc:  # zipfile, lxml and python-docx errors alike
        raise _corrupt(name) from exc
    return body, _header_footer_roots(document)


def _body_from_xml(data: bytes, name: str) -> Element:
    from docx.oxml.parser import parse_xml  # python-docx's parser: no entity expansion

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = parse_xml(archive.read("word/document.xml"))
    except Exception as exc:
        raise _corrupt(name) from exc
    body = root.find(f"{_W}body")
    if body is None:
        raise _corrupt(name)
    return body


def _header_footer_roots(document: Any) -> list[tuple[str, Element]]:
    """Roots of the headers and footers each section defines (linked ones repeat the
    previous section's, and asking python-docx for their part would create one).
    A damaged header must not cost the body, so it yields what it could read."""
    roots: list[tuple[str, Element]] = []
    try:
        for section in document.sections:
            for kind, attr in _HEADER_FOOTER_ATTRS:
                part = getattr(section, attr)
                if not part.is_linked_to_previous:
                    roots.append((kind, part.part.element))
    except Exception:
        pass
    return roots


def _header_footer_blocks(parts: list[tuple[str, Element]], seen: set[str]) -> Iterator[Block]:
    """Header and footer Blocks, each text once (they repeat on every section and page,
    and a header that repeats the title adds nothing)."""
    for kind, root in parts:
        for block in _blocks(root, kind):
            if block.text not in seen:
                seen.add(block.text)
                yield Block(block.text, page=None, kind=kind)


def _blocks(container: Element, kind: str) -> Iterator[Block]:
    """Blocks of a body-like element (body, header, cell, text box) in document order."""
    for child in container:
        if child.tag == _P:
            yield from _paragraph_blocks(child, kind)
        elif child.tag == _TBL:
            yield from _table_blocks(child)
        elif child.tag in _WRAPPERS:
            yield from _blocks(child, kind)


def _paragraph_blocks(paragraph: Element, kind: str) -> Iterator[Block]:
    """The paragraph's text, then the Blocks of any text boxes anchored in it."""
    parts: list[str] = []
    boxes: list[Element] = []
    _collect_text(paragraph, parts, boxes)
    text = "".join(parts)
    if text.strip():
        yield Block(text, page=None, kind=kind)
    for box in boxes:
        yield from _blocks(box, kind)


def _collect_text(element: Element, parts: list[str], boxes: list[Element]) -> None:
    for child in element:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag in _BREAKS:
            parts.append(_BREAKS[tag])
        elif tag == _TXBX:
            boxes.append(child)
        elif tag not in _HIDDEN and isinstance(tag, str):  # comments' tag is a function
            _collect_text(child, parts, boxes)


ROW_SEPARATOR = " | "


def _table_blocks(table: Element) -> Iterator[Block]:
    """One ``table_cell`` Block per non-empty cell, row by row; a nested table's cells
    follow the cell that holds it.  Cells of one row are joined by " | " in the document's
    text, so a label and its value («Паспорт» | «Хранится у Работодателя») read together."""
    for row in _children_rows(table):
        row_blocks: list[Block] = []
        for cell in _children([row], _TC):
            lines: list[str] = []
            nested: list[Block] = []
            _split_cell(cell, lines, nested)
            text = "\n".join(lines)
            if text.strip():
                row_blocks.append(Block(text, page=None, kind="table_cell"))
            row_blocks.extend(nested)
        yield from _joined_row(row_blocks)


def _joined_row(blocks: list[Block]) -> Iterator[Block]:
    for index, block in enumerate(blocks):
        last = index == len(blocks) - 1
        one_line = "\n" not in block.text
        if not last and one_line and block.kind == "table_cell":
            yield Block(block.text, block.page, block.kind, separator=ROW_SEPARATOR)
        else:
            yield block


def _children_rows(table: Element) -> Iterator[Element]:
    return _children([table], _TR)


def _children(parents: Iterable[Element], tag: str) -> Iterator[Element]:
    """Children of ``parents`` with ``tag``, looking through wrappers (a content control
    can wrap a row or a cell)."""
    for parent in parents:
        for child in parent:
            if child.tag == tag:
                yield child
            elif child.tag in _WRAPPERS:
                yield from _children([child], tag)


def _split_cell(container: Element, lines: list[str], nested: list[Block]) -> None:
    """The cell's own paragraphs into ``lines``; its nested tables' Blocks into ``nested``."""
    for child in container:
        if child.tag == _P:
            lines.extend(block.text for block in _paragraph_blocks(child, "table_cell"))
        elif child.tag == _TBL:
            nested.extend(_table_blocks(child))
        elif child.tag in _WRAPPERS:
            _split_cell(child, lines, nested)
