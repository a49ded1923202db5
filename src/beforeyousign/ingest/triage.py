"""Decide what a file is from its first bytes, never from its name.

People receive contracts through messengers that rename files ("document.pdf.txt",
"IMG_2041", "file") and recruiters send photos saved as ".pdf". The name says nothing
reliable, so only the content's signature (magic bytes) chooses the reader. What is not
a PDF, a DOCX or a picture is decoded as text; :mod:`.plaintext` then decides whether the
text is HTML and whether it is text at all.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Literal

from beforeyousign.errors import N_, CorruptFile, UnsupportedFormat
from beforeyousign.ingest.limits import MIB

Kind = Literal["pdf", "docx", "image", "text"]

DOCX_KIND = N_("Word (DOCX)")
PDF_KIND = N_("PDF")
#: How each kind is named in a CorruptFile message.
KIND_LABELS: dict[Kind, str] = {
    "pdf": PDF_KIND,
    "docx": DOCX_KIND,
    "image": N_("picture"),
    "text": N_("text"),
}

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_HEADERS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif")
_ARCHIVES = (
    (b"\x1f\x8b", N_("compressed archive (gzip)")),
    (b"7z\xbc\xaf\x27\x1c", N_("compressed archive (7-Zip)")),
    (b"Rar!\x1a\x07", N_("compressed archive (RAR)")),
    (b"{\\rtf", N_("Rich Text Format (RTF)")),
)
_XLS_OLE_NAME = re.compile(b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k\x00")
_PPT_OLE_NAME = re.compile(b"P\x00o\x00w\x00e\x00r\x00P\x00o\x00i\x00n\x00t\x00")


def triage(data: bytes, name: str) -> Kind:
    """Return which reader handles ``data``, or raise the typed error that explains why none.

    Raises UnsupportedFormat for other known formats, CorruptFile for a damaged archive
    that is recognisably a Word file.
    """
    head = data[:64]
    if _is_pdf(head):
        return "pdf"
    if _is_image(head):
        return "image"
    if head.startswith(_OLE2):
        raise UnsupportedFormat(name=name, found=_ole2_kind(data))
    if head.startswith(_ZIP_HEADERS):
        _check_zip(data, name)
        return "docx"
    for magic, found in _ARCHIVES:
        if head.startswith(magic):
            raise UnsupportedFormat(name=name, found=found)
    if _is_media(head):
        raise UnsupportedFormat(name=name, found=N_("video or audio"))
    return "text"


def _is_pdf(head: bytes) -> bool:
    """``%PDF-`` at the start, allowing blank lines a careless generator put before it."""
    return head.lstrip(b" \t\r\n\x00").startswith(b"%PDF")


def _is_image(head: bytes) -> bool:
    """Signatures of the picture formats phones and scanners produce."""
    return (
        head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a"))
        or head.startswith((b"II*\x00", b"MM\x00*"))
        or (head.startswith(b"RIFF") and head[8:12] == b"WEBP")
        or _is_bmp(head)
        or (head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS)
    )


def _is_bmp(head: bytes) -> bool:
    """``BM`` alone would match text such as "BMW driver wanted"; also require the zero
    reserved field and a sane header size that every real bitmap has."""
    if not head.startswith(b"BM") or len(head) < 18 or head[6:10] != b"\x00\x00\x00\x00":
        return False
    dib_header_size = int.from_bytes(head[14:18], "little")
    return dib_header_size in (12, 40, 52, 56, 64, 108, 124)


def _is_media(head: bytes) -> bool:
    """ISO media files (MP4, MOV, M4A) that are not HEIF pictures: voice notes, videos."""
    return head[4:8] == b"ftyp" or head.startswith((b"OggS", b"ID3", b"fLaC"))


def _ole2_kind(data: bytes) -> str:
    """Name the old Office format; the directory holds stream names in UTF-16."""
    sample = data[: 1024 * 1024]
    if _XLS_OLE_NAME.search(sample):
        return N_("Excel 97-2003 (.xls)")
    if _PPT_OLE_NAME.search(sample):
        return N_("PowerPoint 97-2003 (.ppt)")
    return N_("Word 97-2003 (.doc)")


def _check_zip(data: bytes, name: str) -> None:
    """Accept a ZIP only if it is a Word document; name what it is otherwise."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except Exception as exc:  # zipfile raises many types on damaged headers
        _damaged_zip(data, name, exc)
        return
    found = zip_kind(names)
    if found != DOCX_KIND:
        raise UnsupportedFormat(name=name, found=found)


def zip_kind(names: list[str]) -> str:
    """What a ZIP-based file is, from its member names (OOXML, OpenDocument, plain ZIP)."""
    if "word/document.xml" in names or (
        "[Content_Types].xml" in names and any(_is_word_part(n) for n in names)
    ):
        return DOCX_KIND
    if any(n.startswith("xl/") for n in names):
        return N_("Excel (XLSX)")
    if any(n.startswith("ppt/") for n in names):
        return N_("PowerPoint (PPTX)")
    if "mimetype" in names and "content.xml" in names:
        return N_("OpenDocument")
    return N_("ZIP archive")


def _is_word_part(member: str) -> bool:
    return member.startswith("word/document") and member.endswith(".xml")


def _damaged_zip(data: bytes, name: str, exc: Exception) -> None:
    """A ZIP whose directory is gone (a truncated download) still names its members in
    clear in their local headers: use them to tell a damaged Word file from the rest.
    An Office package of unknown kind is most likely the DOCX the user meant to send."""
    names = _local_member_names(data[: 4 * MIB])
    found = zip_kind(names)
    if found == DOCX_KIND or (found == N_("ZIP archive") and "[Content_Types].xml" in names):
        raise CorruptFile(name=name, kind=DOCX_KIND) from exc
    raise UnsupportedFormat(name=name, found=found) from exc


def _local_member_names(sample: bytes) -> list[str]:
    """Names from ZIP local file headers (signature, 26 bytes of fields, then the name)."""
    names = []
    for match in re.finditer(re.escape(_ZIP_HEADERS[0]), sample):
        start = match.start() + 30
        length = int.from_bytes(sample[start - 4 : start - 2], "little")
        names.append(sample[start : start + length].decode("cp437", errors="replace"))
    return names
