"""Ingest: every input kind in, a Document or a typed error out, never a traceback.

Files are built at test time (tests/filemakers.py); nothing binary is checked in.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beforeyousign.errors import (
    BeforeYouSignError,
    CorruptFile,
    EmptyInput,
    EncryptedFile,
    FileNotReadable,
    InputTooLarge,
    NoTextFound,
    UnsupportedFormat,
)
from beforeyousign.ingest import DEFAULT_MAX_BYTES, ingest_bytes, ingest_path, limits
from beforeyousign.text.model import Document
from filemakers import (
    make_docx,
    make_docx_with_body,
    make_encrypted_pdf,
    make_pdf,
    make_zip,
    make_zip_bomb,
    with_declared_size,
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Only letters, digits and ASCII punctuation: every Cyrillic code page can encode it.
CONTRACT = (
    "КОНТРАКТ О ПРОХОЖДЕНИИ ВОЕННОЙ СЛУЖБЫ\n"
    "г. Москва\n"
    "\n"
    "1. Гражданин обязуется проходить военную службу в течение 1 (одного) года.\n"
    "2. Контракт действует до окончания периода мобилизации.\n"
    "3. Паспорт передаётся на хранение командиру части.\n"
    "Подпись: ____________\n"
)
# Typographic quotes, dashes and the number sign, as Word writes them.
CONTRACT_TYPOGRAPHIC = (
    "ТРУДОВОЙ ДОГОВОР № 17\n"
    "Работодатель ООО «Щит» — охрана объектов.\n"
    "Заработная плата: 200 000 руб. в месяц, жильё бесплатно.\n"
)
SHORT_SENTENCES = [
    "Работник обязуется выполнять работу.",
    "Паспорт сдаётся работодателю.",
    "Договор не может быть расторгнут по инициативе работника.",
    "Выезд за пределы части запрещён.",
    "ЗАРПЛАТА ОТ 200 000 РУБ",
    "Привет! Есть работа на стройке в Москве",
]


def guessed_encoding(document: Document) -> str | None:
    notices = [n for n in document.notices if n.code == "encoding_guessed"]
    return str(notices[0].params["encoding"]) if notices else None


# --------------------------------------------------------------------------- plain text


@pytest.mark.parametrize(
    ("text", "codec", "guessed"),
    [
        (CONTRACT, "utf-8", None),
        (CONTRACT_TYPOGRAPHIC, "utf-8", None),
        (CONTRACT, "utf-8-sig", None),
        (CONTRACT, "utf-16", None),  # with BOM
        (CONTRACT, "utf-16-be", "UTF-16BE"),  # no BOM: found by the NUL pattern
        (CONTRACT, "utf-16-le", "UTF-16LE"),
        (CONTRACT, "utf-32", None),
        (CONTRACT, "cp1251", "windows-1251"),
        (CONTRACT_TYPOGRAPHIC, "cp1251", "windows-1251"),
        (CONTRACT, "koi8-r", "KOI8-R"),
        (CONTRACT, "cp866", "CP866 (DOS)"),
        ("ДОГОВОР № 17\nОклад 50 000 руб., проживание в общежитии.\n", "cp866", "CP866 (DOS)"),
        (CONTRACT, "mac_cyrillic", "Mac Cyrillic"),
        (CONTRACT, "iso8859_5", "ISO-8859-5"),
        ("El pasaporte será retenido por la empresa. Año 2024.\n", "cp1252", "windows-1252"),
        ("Le salarié s'engage à travailler à Moscou.\n", "cp1252", "windows-1252"),
        ("Security guard wanted, salary 2000 USD.\n", "ascii", None),
    ],
)
def test_text_round_trips_in_any_encoding(text: str, codec: str, guessed: str | None) -> None:
    document = ingest_bytes(text.encode(codec), "contract.txt")
    assert document.raw_text == text
    assert document.media_type == "text/plain"
    assert guessed_encoding(document) == guessed


@pytest.mark.parametrize("sentence", SHORT_SENTENCES)
@pytest.mark.parametrize("codec", ["cp1251", "koi8-r", "cp866"])
def test_short_russian_text_is_not_confused_between_code_pages(sentence: str, codec: str) -> None:
    """charset_normalizer alone mixes up windows-1251 and KOI8-R on lines this short."""
    assert ingest_bytes(sentence.encode(codec), "chat.txt").raw_text == sentence


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"line one\r\nline two\r\n", "line one\nline two\n"),
        (b"old mac\rline", "old mac\nline"),
        (b"mixed\r\n\rends\n", "mixed\n\nends\n"),
        (b"nul\x00 inside", "nul inside"),
        ("Срок\tслужбы\f1 год".encode(), "Срок\tслужбы\f1 год"),
    ],
)
def test_line_endings_are_normalised_and_nuls_dropped(data: bytes, expected: str) -> None:
    assert ingest_bytes(data, "a.txt").raw_text == expected


def test_text_blocks_are_lines_that_locate_back() -> None:
    document = ingest_bytes(CONTRACT.encode(), "contract.txt")
    assert [b.text for b in document.blocks] == CONTRACT.split("\n")
    assert {(b.kind, b.page) for b in document.blocks} == {("line", None)}
    where = document.locate(document.raw_text.index("Паспорт"))
    assert (where.line, where.block, where.page) == (1, 6, None)


def test_utf8_cut_inside_the_last_character_is_still_utf8() -> None:
    data = "Паспорт сдаётся работодателю".encode()[:-1]
    document = ingest_bytes(data, "cut.txt")
    assert document.raw_text == "Паспорт сдаётся работодател"
    assert guessed_encoding(document) is None


def test_stray_bytes_in_utf8_are_replaced_and_counted() -> None:
    data = CONTRACT.encode() + b"\xff\n" + CONTRACT.encode()
    document = ingest_bytes(data, "mixed.txt")
    assert "\ufffd" in document.raw_text
    replaced = [n for n in document.notices if n.code == "characters_replaced"]
    assert replaced and replaced[0].params == {"count": 1}


# ------------------------------------------------------------------------------- HTML


@pytest.mark.parametrize(
    ("markup", "expected", "absent"),
    [
        (
            "<!DOCTYPE html><html><head><title>Вакансия</title>"
            "<style>p{color:red}</style><script>var x = 'секрет';</script></head>"
            "<body><h1>Охранник</h1><p>Зарплата&nbsp;200&#160;000 &laquo;руб.&raquo; &amp; "
            "жильё</p><ul><li>Паспорт\n   сдаётся</li><li>Срок &mdash; 1 год</li></ul>"
            "<noscript>включите JS</noscript></body></html>",
            ["Охранник", "Зарплата 200 000 «руб.» & жильё", "Паспорт сдаётся", "Срок — 1 год"],
            ["секрет", "color", "Вакансия", "включите"],
        ),
        (  # head never closed: the body must not be lost with it
            "<html><head><meta charset='utf-8'><title>t</title><p>Текст договора</p></html>",
            ["Текст договора"],
            ["t"],
        ),
        (  # no <html>, but markup all the same
            "<div>Первый</div><div>Второй<br>Третий</div><p>Четвёртый</p>",
            ["Первый", "Второй", "Третий", "Четвёртый"],
            [],
        ),
        (
            "<html><body><table><tr><td>Срок</td><td>1 год</td></tr></table>"
            "<pre>строка 1\nстрока 2</pre></body></html>",
            ["Срок | 1 год", "строка 1", "строка 2"],  # the cells of a row read together
            [],
        ),
    ],
)
def test_html_keeps_visible_text_only(markup: str, expected: list[str], absent: list[str]) -> None:
    document = ingest_bytes(markup.encode(), "ad.html")
    assert document.media_type == "text/html"
    assert [b.text for b in document.blocks] == expected
    assert {b.kind for b in document.blocks} == {"paragraph"}
    for word in absent:
        assert word not in document.raw_text


def test_html_declared_charset_is_trusted_over_guessing() -> None:
    markup = '<html><head><meta charset="windows-1251"></head><body><p>Да</p></body></html>'
    document = ingest_bytes(markup.encode("cp1251"), "page.htm")
    assert document.raw_text == "Да"
    assert guessed_encoding(document) is None


@pytest.mark.parametrize(
    "text",
    [
        "Пишите мне: <Иван> если интересно",  # a stray angle bracket is not HTML
        "Use <b>bold</b> only twice <p> here",
    ],
)
def test_text_with_a_few_tags_stays_plain_text(text: str) -> None:
    document = ingest_bytes(text.encode(), "chat.txt")
    assert document.media_type == "text/plain"
    assert document.raw_text == text


def test_html_with_no_visible_text_is_empty() -> None:
    with pytest.raises(EmptyInput):
        ingest_bytes(b"<html><head><script>alert(1)</script></head><body></body></html>", "x")


# ------------------------------------------------------------------ triage by content


PNG = b"\x89PNG\r\n\x1a\n" + bytes(100)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(100)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
BMP = b"BM" + (1000).to_bytes(4, "little") + bytes(4) + (54).to_bytes(4, "little")
BMP += (40).to_bytes(4, "little") + bytes(100)
RANDOM = random.Random(42).randbytes(4096)


@pytest.mark.parametrize(
    ("data", "error", "found"),
    [
        (PNG, CorruptFile, "picture"),
        (JPEG, CorruptFile, "picture"),
        (b"GIF89a" + bytes(50), CorruptFile, "picture"),
        (b"RIFF\x00\x10\x00\x00WEBPVP8 " + bytes(50), CorruptFile, "picture"),
        (b"II*\x00" + bytes(50), CorruptFile, "picture"),
        (b"MM\x00*" + bytes(50), CorruptFile, "picture"),
        (BMP, CorruptFile, "picture"),
        (b"\x00\x00\x00\x18ftypheic" + bytes(50), CorruptFile, "picture"),
        (OLE2, UnsupportedFormat, "Word 97-2003 (.doc)"),
        (OLE2 + "Workbook".encode("utf-16-le"), UnsupportedFormat, "Excel 97-2003 (.xls)"),
        (RANDOM, UnsupportedFormat, "binary data"),
        (bytes(range(256)) * 8, UnsupportedFormat, "binary data"),
        (b"{\\rtf1\\ansi Contract}", UnsupportedFormat, "Rich Text Format (RTF)"),
        (b"\x1f\x8b\x08\x00" + bytes(30), UnsupportedFormat, "compressed archive (gzip)"),
        (b"\x00\x00\x00\x20ftypisom" + bytes(50), UnsupportedFormat, "video or audio"),
        (make_zip({"a.txt": b"hello"}), UnsupportedFormat, "ZIP archive"),
        (make_zip({"xl/workbook.xml": b"<x/>"}), UnsupportedFormat, "Excel (XLSX)"),
        (
            make_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b""}),
            UnsupportedFormat,
            "OpenDocument",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_format_is_told_by_content(data: bytes, error: type[Exception], found: str | None) -> None:
    with pytest.raises(error) as caught:
        ingest_bytes(data, "upload.pdf")  # the name says PDF; the content decides
    assert isinstance(caught.value, BeforeYouSignError)
    assert caught.value.params["name"] == "upload.pdf"
    if found is not None:
        key = "kind" if isinstance(caught.value, CorruptFile) else "found"
        assert caught.value.params[key] == found


@pytest.mark.parametrize(
    "text",
    [
        "BMW driver wanted, good salary",  # starts with the BMP signature letters
        "PK team: builders wanted",  # starts like a ZIP? only "PK\x03\x04" is one
        "GIF animation designer",
        "II*bold* text",
    ],
)
def test_text_that_starts_like_a_signature_is_text(text: str) -> None:
    assert ingest_bytes(text.encode(), "ad.txt").raw_text == text


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\r\n  ", b"\x00\x00\x00", b"\xef\xbb\xbf", b"\xef\xbb\xbf  \n", b"\n"],
)
def test_nothing_to_read_is_empty_input(data: bytes) -> None:
    with pytest.raises(EmptyInput):
        ingest_bytes(data, "empty.txt")


# -------------------------------------------------------------------------------- PDF


def test_pdf_pages_become_page_blocks() -> None:
    pages = ["Контракт о прохождении военной службы", "Срок: 1 (один) год", "Паспорт сдаётся"]
    document = ingest_bytes(make_pdf(pages), "contract.pdf")
    assert document.media_type == "application/pdf"
    assert document.source_name == "contract.pdf"
    assert [(b.page, b.kind) for b in document.blocks] == [(1, "page"), (2, "page"), (3, "page")]
    assert [" ".join(b.text.split()) for b in document.blocks] == pages
    assert document.notices == ()


def test_pdf_offset_locates_its_page() -> None:
    document = ingest_bytes(make_pdf(["Первая страница", "Вторая", "Паспорт сдаётся"]), "c.pdf")
    assert document.locate(document.raw_text.index("Паспорт")).page == 3
    assert document.locate(0).page == 1


def test_pdf_blank_page_is_named_in_a_notice() -> None:
    document = ingest_bytes(make_pdf(["Первая страница", "", "Третья страница"]), "c.pdf")
    assert [b.page for b in document.blocks] == [1, 3]
    # Read by OCR, which finds nothing on the blank page either.
    assert [(n.code, n.params) for n in document.notices] == [("page_no_text_found", {"page": 2})]
    assert "{page}" in document.notices[0].message_id


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda: make_pdf(["", ""]), NoTextFound),
        (lambda: make_encrypted_pdf(["Секрет"], "secret"), EncryptedFile),
        (lambda: make_pdf(["Текст договора"])[:300], CorruptFile),
        (lambda: b"%PDF-1.7\n" + bytes(200), CorruptFile),
        (lambda: b"%PDF-1.4\n%%EOF\n", CorruptFile),
    ],
    ids=["no-text-layer", "password", "truncated", "garbage-after-header", "header-only"],
)
def test_unreadable_pdfs_raise_typed_errors(make: object, error: type[Exception]) -> None:
    assert callable(make)
    with pytest.raises(error) as caught:
        ingest_bytes(make(), "contract.pdf")
    if isinstance(caught.value, CorruptFile):
        assert caught.value.params["kind"] == "PDF"


def test_pdf_with_only_an_owner_password_opens() -> None:
    data = make_encrypted_pdf(["Контракт на один год"], user_password="")
    assert "Контракт на один год" in ingest_bytes(data, "c.pdf").raw_text


def test_pdf_pages_over_the_limit_are_named_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_PDF_PAGES", 2)
    document = ingest_bytes(make_pdf(["Один", "Два", "Три", "Четыре"]), "long.pdf")
    assert [b.page for b in document.blocks] == [1, 2]
    assert [(n.code, n.params) for n in document.notices] == [
        ("pages_not_read", {"read": 2, "pages": 4})
    ]


def test_pdf_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "contract.txt"
    path.write_bytes(make_pdf(["Контракт"]))
    document = ingest_path(path)
    assert document.media_type == "application/pdf"
    assert document.source_name == "contract.txt"


# ------------------------------------------------------------------------------- DOCX


def test_docx_keeps_document_order_and_table_cells() -> None:
    data = make_docx(
        ["КОНТРАКТ", "1. Общие положения"],
        [["Срок", "1 год"], ["Место", "зона СВО"]],
        after=["Подпись"],
    )
    document = ingest_bytes(data, "contract.docx")
    assert document.media_type == DOCX_TYPE
    assert [(b.text, b.kind) for b in document.blocks] == [
        ("КОНТРАКТ", "paragraph"),
        ("1. Общие положения", "paragraph"),
        ("Срок", "table_cell"),
        ("1 год", "table_cell"),
        ("Место", "table_cell"),
        ("зона СВО", "table_cell"),
        ("Подпись", "paragraph"),
    ]


def test_docx_merged_cell_is_read_once() -> None:
    data = make_docx(
        ["Условия"], [["Оплата ежемесячно", "", ""], ["a", "b", "c"]], merge_first_row=True
    )
    texts = [b.text for b in ingest_bytes(data, "c.docx").blocks]
    assert texts.count("Оплата ежемесячно") == 1
    assert texts[-3:] == ["a", "b", "c"]


def run(text: str) -> str:
    return f"<w:r><w:t xml:space='preserve'>{text}</w:t></w:r>"


def para(*runs: str) -> str:
    return f"<w:p>{''.join(runs)}</w:p>"


TEXT_BOX = (
    "<w:r><mc:AlternateContent>"
    "<mc:Choice Requires='wps'><w:drawing><wps:txbx><w:txbxContent>"
    + para(run("В рамке"))
    + "</w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:textbox><w:txbxContent>"
    + para(run("В рамке"))
    + "</w:txbxContent></v:textbox></w:pict></mc:Fallback>"
    "</mc:AlternateContent></w:r>"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # content control around a paragraph
            "<w:sdt><w:sdtPr/><w:sdtContent>" + para(run("В контроле")) + "</w:sdtContent></w:sdt>",
            [("В контроле", "paragraph")],
        ),
        (  # tracked changes: deleted text is not shown, inserted text is; tabs kept
            para(
                run("Срок "),
                "<w:del><w:r><w:delText>два года</w:delText></w:r></w:del>",
                "<w:ins>" + run("один год") + "</w:ins>",
                "<w:r><w:tab/><w:t>конец</w:t><w:br/><w:t>строка</w:t></w:r>",
            ),
            [("Срок один год\tконец\nстрока", "paragraph")],
        ),
        (  # a text box is read once (not again from its VML fallback), after its anchor
            para(TEXT_BOX, run("Якорь")),
            [("Якорь", "paragraph"), ("В рамке", "paragraph")],
        ),
        (  # nested table: the outer cell's own text, then the inner cell
            "<w:tbl><w:tr><w:tc>"
            + para(run("Внешняя"))
            + "<w:tbl><w:tr><w:tc>"
            + para(run("Вложенная"))
            + "</w:tc></w:tr></w:tbl>"
            + para(run("ещё"))
            + "</w:tc><w:tc>"
            + para()
            + "</w:tc></w:tr></w:tbl>",
            [("Внешняя\nещё", "table_cell"), ("Вложенная", "table_cell")],
        ),
    ],
    ids=["content-control", "tracked-changes", "text-box", "nested-table"],
)
def test_docx_structures_word_writes(body: str, expected: list[tuple[str, str]]) -> None:
    document = ingest_bytes(make_docx_with_body(body + "<w:sectPr/>"), "c.docx")
    assert [(b.text, b.kind) for b in document.blocks] == expected


def test_docx_header_follows_the_body() -> None:
    data = make_docx(["Текст договора"], header="ООО «Вектор» — кадровое агентство")
    blocks = ingest_bytes(data, "c.docx").blocks
    assert [(b.text, b.kind) for b in blocks] == [
        ("Текст договора", "paragraph"),
        ("ООО «Вектор» — кадровое агентство", "header"),
    ]


def test_docx_located_by_content_not_name() -> None:
    document = ingest_bytes(make_docx(["Контракт"]), "scan.jpg")
    assert document.media_type == DOCX_TYPE


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda: make_docx(["Текст договора"] * 50)[:2000], CorruptFile),
        (lambda: make_docx(["Текст"])[:100], CorruptFile),
        (
            lambda: make_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<oops"}),
            CorruptFile,
        ),
        (lambda: make_docx([]), EmptyInput),
        (lambda: make_zip_bomb(unpacked_mib=20), CorruptFile),
        (
            lambda: with_declared_size(make_docx(["Текст"]), "word/document.xml", 300 * 2**20),
            InputTooLarge,
        ),
    ],
    ids=["truncated", "truncated-early", "bad-xml", "no-text", "zip-bomb", "declared-huge"],
)
def test_bad_docx_raises_typed_errors(make: object, error: type[Exception]) -> None:
    assert callable(make)
    with pytest.raises(error) as caught:
        ingest_bytes(make(), "contract.docx")
    if isinstance(caught.value, CorruptFile):
        assert caught.value.params["kind"] == "Word (DOCX)"


def test_docx_unpacked_total_over_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_DOCX_UNCOMPRESSED", 1000)
    with pytest.raises(InputTooLarge) as caught:
        ingest_bytes(make_docx(["Текст"]), "c.docx")
    assert caught.value.params["limit"] == 1000


def test_docm_is_read_from_its_document_part() -> None:
    """python-docx refuses macro-enabled files by content type; their text is the same."""
    source = make_docx(["Контракт с макросами"])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as original,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as macro,
    ):
        for member in original.infolist():
            content = original.read(member)
            if member.filename == "[Content_Types].xml":
                content = content.replace(
                    b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
                )
            macro.writestr(member, content)
    assert ingest_bytes(out.getvalue(), "c.docm").raw_text == "Контракт с макросами"


# ------------------------------------------------------------------- paths and limits


def test_missing_path_is_not_readable(tmp_path: Path) -> None:
    with pytest.raises(FileNotReadable) as caught:
        ingest_path(tmp_path / "nope.pdf")
    assert caught.value.params["name"] == "nope.pdf"


def test_directory_is_not_readable(tmp_path: Path) -> None:
    with pytest.raises(FileNotReadable):
        ingest_path(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_not_readable(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Текст")
    path.chmod(0)
    with pytest.raises(FileNotReadable):
        ingest_path(path)


def test_oversize_file_is_refused_from_its_size_alone(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(10 * 2**30)  # sparse: 10 GiB on paper, nothing on disk
    with pytest.raises(InputTooLarge) as caught:
        ingest_path(path)
    assert caught.value.params == {
        "name": "huge.txt",
        "size": 10 * 2**30,
        "limit": DEFAULT_MAX_BYTES,
    }


def _via_path(data: bytes, limit: int, tmp_path: Path) -> Document:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    return ingest_path(path, max_bytes=limit)


def _via_bytes(data: bytes, limit: int, tmp_path: Path) -> Document:
    return ingest_bytes(data, "a.txt", max_bytes=limit)


@pytest.mark.parametrize("read", [_via_path, _via_bytes], ids=["path", "bytes"])
@pytest.mark.parametrize(("size", "ok"), [(100, True), (101, False)])
def test_max_bytes_is_inclusive(
    tmp_path: Path, read: Callable[[bytes, int, Path], Document], size: int, ok: bool
) -> None:
    data = b"a" * size
    if ok:
        assert read(data, 100, tmp_path).raw_text == "a" * size
    else:
        with pytest.raises(InputTooLarge) as caught:
            read(data, 100, tmp_path)
        assert caught.value.params["size"] == size


def test_path_document_names_the_file_not_its_folders(tmp_path: Path) -> None:
    path = tmp_path / "Ivan Petrov" / "contract.txt"
    path.parent.mkdir()
    path.write_text("Контракт", encoding="utf-8")
    assert ingest_path(str(path)).source_name == "contract.txt"


def test_default_limit_is_50_mb() -> None:
    assert DEFAULT_MAX_BYTES == 50 * 2**20


# ------------------------------------------------------------- robustness and imports


def _only_typed_errors(data: bytes) -> None:
    with contextlib.suppress(BeforeYouSignError):
        ingest_bytes(data, "fuzz")


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_every_truncation_gives_a_document_or_a_typed_error(kind: str) -> None:
    whole = make_pdf(["Контракт", "Срок службы"]) if kind == "pdf" else make_docx(["A"], [["b"]])
    for cut in range(1, len(whole), max(1, len(whole) // 40)):
        _only_typed_errors(whole[:cut])


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_flipped_bytes_give_a_document_or_a_typed_error(kind: str) -> None:
    whole = make_pdf(["Контракт", "Срок службы"]) if kind == "pdf" else make_docx(["A"], [["b"]])
    rng = random.Random(7)
    for _ in range(30):
        damaged = bytearray(whole)
        for _ in range(20):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        _only_typed_errors(bytes(damaged))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_any_bytes_give_a_document_or_a_typed_error(data: bytes) -> None:
    _only_typed_errors(data)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=500))
def test_any_utf8_text_round_trips(text: str) -> None:
    try:
        document = ingest_bytes(text.encode(), "t.txt")
    except BeforeYouSignError:
        return
    if document.media_type == "text/plain":
        expected = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
        assert document.raw_text == expected


INGEST_DIR = Path(__file__).resolve().parents[1] / "src" / "beforeyousign" / "ingest"
HEAVY = {"pypdf", "docx", "charset_normalizer"}


@pytest.mark.parametrize("module", sorted(INGEST_DIR.glob("*.py")), ids=lambda p: p.name)
def test_heavy_libraries_are_imported_lazily(module: Path) -> None:
    """CLI cold start: pypdf, python-docx and charset_normalizer load only when a file
    needs them, so no module of the package imports them at top level."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    for node in tree.body:
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        assert not {n.split(".")[0] for n in names} & HEAVY, f"{module.name}: {names}"


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_pdf_locked_only_against_editing_is_read(algorithm: str) -> None:
    """Many PDFs restrict printing or editing with an owner password and open with none;
    AES ones need the ``cryptography`` package, a declared dependency."""
    data = make_encrypted_pdf(["Контракт на один год"], user_password="", algorithm=algorithm)
    assert "Контракт на один год" in ingest_bytes(data, "locked.pdf").raw_text


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_pdf_with_a_real_password_is_refused(algorithm: str) -> None:
    data = make_encrypted_pdf(["Секрет"], user_password="secret", algorithm=algorithm)
    with pytest.raises(EncryptedFile):
        ingest_bytes(data, "locked.pdf")
