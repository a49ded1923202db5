"""Build real input files at test time (PDF, DOCX, ZIP), so no binary fixture is checked in.

Reusable by any test (ingest units, CLI end-to-end): ``make_pdf(["page 1", "page 2"])``
returns the bytes of a PDF with a real Cyrillic text layer; ``make_docx(...)`` those of
a Word file with paragraphs and a table.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from PIL.Image import Image

#: The lines of one page of a military contract, typed as a phone photo or a scan would
#: show them: the page the OCR, web, bot and load tests (and benches) photograph.
CONTRACT_PAGE_LINES = (
    "КОНТРАКТ",
    "о прохождении военной службы",
    "1. Иностранный гражданин добровольно поступает на военную",
    "службу в Вооружённых Силах Российской Федерации.",
    "2. Срок контракта: один год.",
    "3. Паспорт иностранного гражданина на период прохождения",
    "военной службы сдаётся на хранение командиру воинской части.",
)

#: Checked first; any TTF under the font folders with Cyrillic letters will do.
PREFERRED_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))


@lru_cache(maxsize=1)
def cyrillic_font() -> Path | None:
    """A TrueType font that has Cyrillic letters, or None if the machine has none."""
    candidates = [PREFERRED_FONT] if PREFERRED_FONT.is_file() else []
    for folder in FONT_FOLDERS:
        if folder.is_dir():
            candidates.extend(sorted(folder.rglob("*.ttf")))
    return next((font for font in candidates if _has_cyrillic(font)), None)


def _has_cyrillic(font: Path) -> bool:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # fpdf2's dependency

    try:
        with TTFont(font, lazy=True) as ttf:
            cmap = ttf.getBestCmap() or {}
    except Exception:
        return False
    return all(ord(ch) in cmap for ch in "ЖжЩщЁё№")


def require_cyrillic_font() -> Path:
    """The font for Cyrillic PDFs; skips the calling test when there is none."""
    font = cyrillic_font()
    if font is None:
        pytest.skip(
            "no TrueType font with Cyrillic letters under /usr/share/fonts "
            "(install fonts-dejavu-core) to build PDFs with Russian text"
        )
    return font


def make_pdf(pages: Sequence[str]) -> bytes:
    """A PDF with one page per string; an empty string makes a page with no text."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("body", fname=str(require_cyrillic_font()))
    pdf.set_font("body", size=12)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def make_encrypted_pdf(
    pages: Sequence[str], user_password: str, owner: str = "owner", algorithm: str | None = None
) -> bytes:
    """``make_pdf`` locked with pypdf (RC4 by default; "AES-256" needs ``cryptography``)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(pages))))
    writer.encrypt(user_password, owner, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(
    paragraphs: Sequence[str],
    table: Sequence[Sequence[str]] = (),
    *,
    after: Sequence[str] = (),
    merge_first_row: bool = False,
    header: str | None = None,
) -> bytes:
    """A Word file: ``paragraphs``, then ``table`` (rows of cell texts), then ``after``.

    ``merge_first_row`` merges the first row's cells into one (python-docx then repeats
    that cell for every column, which a reader must not read twice).
    """
    import docx

    document = docx.Document()
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(row) for row in table))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
        if merge_first_row:
            first = grid.rows[0].cells
            merged = first[0].merge(first[-1])
            merged.text = table[0][0]
    for text in after:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A ZIP archive holding ``members`` (name -> content)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def make_zip_bomb(unpacked_mib: int) -> bytes:
    """A DOCX-shaped ZIP whose ``word/document.xml`` unpacks to ``unpacked_mib`` MiB of
    zeros (about 1 KB packed per MiB), written in chunks to keep memory flat."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(unpacked_mib):
                member.write(chunk)
    return out.getvalue()


def with_declared_size(archive: bytes, member: str, declared: int) -> bytes:
    """Rewrite the central directory so ``member`` claims ``declared`` bytes unpacked:
    the lie a crafted bomb tells, without unpacking anything to build it."""
    data = bytearray(archive)
    encoded = member.encode()
    at = 0
    while True:
        at = data.find(b"PK\x01\x02", at)
        if at < 0:
            raise ValueError(f"{member} not in the central directory")
        name_length = int.from_bytes(data[at + 28 : at + 30], "little")
        if bytes(data[at + 46 : at + 46 + name_length]) == encoded:
            data[at + 24 : at + 28] = declared.to_bytes(4, "little")
            return bytes(data)
        at += 46


DOCX_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def make_docx_with_body(body_xml: str) -> bytes:
    """A Word file whose ``<w:body>`` is ``body_xml`` (``w:``, ``mc:``, ``wps:`` and
    ``v:`` prefixes declared), for structures python-docx cannot write: content
    controls, tracked changes, text boxes."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:document {DOCX_NAMESPACES}><w:body>{body_xml}</w:body></w:document>"
    ).encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(make_docx(["placeholder"]))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            content = source.read(member)
            target.writestr(member, document if member.filename == "word/document.xml" else content)
    return out.getvalue()


# ------------------------------------------------------------------------------ pictures


def render_page(
    lines: Sequence[str], *, width: int = 1240, font_size: int = 30, line_gap: int = 16
) -> Image:
    """A page photo's worth of dark text on light paper (grey ``L`` image), one entry of
    ``lines`` per printed line, like a 150 dpi scan of 12 pt type."""
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    font = ImageFont.truetype(str(require_cyrillic_font()), font_size)
    height = max(400, 120 + len(lines) * (font_size + line_gap) + 120)
    page = PILImage.new("L", (width, height), 236)
    draw = ImageDraw.Draw(page)
    y = 120
    for line in lines:
        draw.text((90, y), line, font=font, fill=25)
        y += font_size + line_gap
    return page


def image_bytes(image: Image, fmt: str, **options: object) -> bytes:
    """``image`` saved in ``fmt`` ("JPEG", "PNG", "TIFF", ...)."""
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def make_scanned_pdf(pages: Sequence[Image | str]) -> bytes:
    """A PDF whose pages are pictures (a scan) or, for strings, real text layers."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("body", fname=str(require_cyrillic_font()))
    pdf.set_font("body", size=12)
    for page in pages:
        pdf.add_page()
        if isinstance(page, str):
            pdf.multi_cell(0, 8, page)
        else:
            pdf.image(page.convert("RGB"), x=0, y=0, w=pdf.w)
    return bytes(pdf.output())
