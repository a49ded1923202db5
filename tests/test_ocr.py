"""Photos and scans end to end with the real Tesseract, and the code around it with fakes.

Pictures are drawn at test time (tests/filemakers.py), saved in each format a phone or a
scanner produces, and read through the same ``ingest`` -> analysis path as text files.
"""

from __future__ import annotations

import io
import json
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageFilter

from beforeyousign import analyse
from beforeyousign.errors import CorruptFile, ImageTooLarge, NeedsOCR, NoTextFound
from beforeyousign.ingest import ingest_bytes, limits
from beforeyousign.ingest import ocr as ingest_ocr
from beforeyousign.interfaces.cli import main
from beforeyousign.ocr.model import OcrPage, OcrWord, Orientation
from beforeyousign.ocr.reader import read_page
from beforeyousign.ocr.tesseract import is_available
from filemakers import CONTRACT_PAGE_LINES, image_bytes, make_scanned_pdf, render_page

real_ocr = pytest.mark.skipif(
    not is_available(), reason="Tesseract data not installed (make setup installs it)"
)

CONTRACT = list(CONTRACT_PAGE_LINES)


EXAMPLE = Path(__file__).parents[1] / "examples" / "military-contract-nepal.ru.txt"
EXAMPLE_LINES = [line[:100] for line in EXAMPLE.read_text(encoding="utf-8").splitlines()][:40]


@pytest.fixture(scope="module")
def page() -> Image.Image:
    return render_page(CONTRACT)


def flags(report: object) -> set[str]:
    return set(report.flag_ids)  # type: ignore[attr-defined]


# ------------------------------------------------------------------ formats, real Tesseract


def _cmyk_jpeg(image: Image.Image) -> bytes:
    return image_bytes(image.convert("CMYK"), "JPEG", quality=90)


def _sixteen_bit_png(image: Image.Image) -> bytes:
    return image_bytes(image.point(lambda v: v * 256, mode="I").convert("I;16"), "PNG")


def _screenshot_png(image: Image.Image) -> bytes:
    rgba = image.convert("RGBA")
    rgba.putalpha(255)
    return image_bytes(rgba, "PNG")


FORMATS: list[tuple[str, Callable[[Image.Image], bytes], str]] = [
    ("jpeg-q40", lambda im: image_bytes(im, "JPEG", quality=40), "image/jpeg"),
    ("png", lambda im: image_bytes(im, "PNG"), "image/png"),
    ("webp", lambda im: image_bytes(im, "WEBP", quality=60), "image/webp"),
    ("tiff", lambda im: image_bytes(im, "TIFF"), "image/tiff"),
    ("bmp", lambda im: image_bytes(im.convert("RGB"), "BMP"), "image/bmp"),
    ("gif", lambda im: image_bytes(im, "GIF"), "image/gif"),
    ("cmyk-jpeg", _cmyk_jpeg, "image/jpeg"),
    ("16-bit-png", _sixteen_bit_png, "image/png"),
    ("rgba-screenshot", _screenshot_png, "image/png"),
]


@real_ocr
@pytest.mark.parametrize(("kind", "encode", "media_type"), FORMATS, ids=[f[0] for f in FORMATS])
def test_each_picture_format_is_read(
    page: Image.Image, kind: str, encode: Callable[[Image.Image], bytes], media_type: str
) -> None:
    report = analyse(encode(page), name=f"photo.{kind}")
    assert report.media_type == media_type
    assert report.verdict.id == "military_contract"
    assert {"military_service", "document_retention"} <= flags(report)


@real_ocr
def test_heic_photo_is_read(page: Image.Image) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    try:
        data = image_bytes(page.convert("RGB"), "HEIF", quality=80)
    except (KeyError, OSError) as exc:  # a build without an HEVC encoder
        pytest.skip(f"this pillow-heif cannot write HEIC: {exc}")
    report = analyse(data, name="IMG_0001.HEIC")
    assert report.media_type in ("image/heif", "image/heic")
    assert "document_retention" in flags(report)


@real_ocr
@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_turned_pages_are_turned_back(page: Image.Image, degrees: int) -> None:
    turned = page.rotate(degrees, expand=True, fillcolor=236)
    report = analyse(image_bytes(turned, "JPEG", quality=60), name="sideways.jpg")
    assert report.verdict.id == "military_contract"
    assert "document_retention" in flags(report)


@real_ocr
def test_skewed_dim_blurred_photo_is_still_read(page: Image.Image) -> None:
    photo = page.rotate(4, expand=True, fillcolor=180, resample=Image.Resampling.BICUBIC)
    photo = photo.filter(ImageFilter.GaussianBlur(1.0)).point(lambda v: int(v * 0.65))
    report = analyse(image_bytes(photo, "JPEG", quality=35), name="dim.jpg")
    assert report.verdict.id == "military_contract"
    assert "document_retention" in flags(report)


@real_ocr
def test_evidence_carries_word_boxes_on_the_page_image(page: Image.Image) -> None:
    report = analyse(image_bytes(page, "PNG"), name="photo.png")
    [image] = report.page_images
    assert image.page == 1 and max(image.width, image.height) <= 1400
    assert Image.open(io.BytesIO(image.jpeg)).size == (image.width, image.height)
    scale = image.width / page.width  # the page copy keeps the photo's proportions
    assert abs(image.height - page.height * scale) <= 2
    passport = next(f for f in report.flags if f.flag == "document_retention")
    evidence = passport.evidence[0]
    assert evidence.boxes, "an OCR'd quote names the boxes of its words"
    # The clause is printed on lines 6-7 of the page (y from 120 + 5 * 46 = 350 on).
    for box in evidence.boxes:
        x0, y0, x1, y1 = box.box
        assert box.page == 1
        assert 0 <= x0 < x1 <= image.width and 0 <= y0 < y1 <= image.height
        assert 330 * scale <= y0 <= 470 * scale, box
    assert report.to_dict()["flags"][0]["evidence"][0]["boxes"]


# ------------------------------------------------------------- several pages, PDF scans


@real_ocr
def test_multipage_tiff_is_one_page_per_frame(page: Image.Image) -> None:
    second = render_page(["4. Денежное довольствие выплачивается ежемесячно."])
    out = io.BytesIO()
    page.save(out, format="TIFF", save_all=True, append_images=[second])
    document = ingest_bytes(out.getvalue(), "fax.tiff")
    assert [b.page for b in document.blocks] == [1, 2]
    assert [i.page for i in document.page_images] == [1, 2]
    assert "довольствие" in document.blocks[1].text


@real_ocr
def test_pages_past_the_ocr_limit_are_named(
    page: Image.Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_OCR_PAGES", 1)
    out = io.BytesIO()
    page.save(out, format="TIFF", save_all=True, append_images=[page])
    document = ingest_bytes(out.getvalue(), "fax.tiff")
    assert [b.page for b in document.blocks] == [1]
    assert ("pages_not_read", {"read": 1, "pages": 2}) in [
        (n.code, n.params) for n in document.notices
    ]


@real_ocr
def test_pdf_with_text_and_scanned_pages_reads_both(page: Image.Image) -> None:
    text_page = "Дополнительное соглашение к контракту о прохождении военной службы"
    report = analyse(make_scanned_pdf([text_page, page]), name="mixed.pdf")
    assert report.media_type == "application/pdf"
    passport = next(f for f in report.flags if f.flag == "document_retention")
    evidence = passport.evidence[0]
    assert evidence.location.page == 2
    assert evidence.boxes and {b.page for b in evidence.boxes} == {2}
    assert [i.page for i in report.page_images] == [2]  # only the scanned page is a picture
    assert not [n for n in report.notices if n.code == "page_without_text"]


@real_ocr
def test_scanned_pdf_of_nothing_is_no_text_found() -> None:
    blank = Image.new("L", (1240, 1754), 240)
    with pytest.raises(NoTextFound):
        ingest_bytes(make_scanned_pdf([blank, blank]), "scan.pdf")


@real_ocr
def test_photos_as_one_document_read_a_clause_cut_between_them(tmp_path: Path) -> None:
    first = render_page(CONTRACT[:6])  # ends "...на период прохождения"
    second = render_page(CONTRACT[6:])  # "военной службы сдаётся на хранение ..."
    paths = []
    for number, image in enumerate((first, second), start=1):
        path = tmp_path / f"page{number}.jpg"
        path.write_bytes(image_bytes(image, "JPEG", quality=60))
        paths.append(str(path))
    result = CliRunner().invoke(main, ["check", "--as-one", "--format", "json", *paths])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["source"]["name"] == "page1.jpg + page2.jpg"
    passport = next(f for f in report["flags"] if f["id"] == "document_retention")
    pages = {box["page"] for e in passport["evidence"] for box in e["boxes"]}
    assert pages == {1, 2}, "the quote runs from the first photo onto the second"


@real_ocr
def test_a_blank_photo_among_pages_is_a_notice_not_a_failure(
    page: Image.Image, tmp_path: Path
) -> None:
    good = tmp_path / "1.png"
    good.write_bytes(image_bytes(page, "PNG"))
    blank = tmp_path / "2.png"
    blank.write_bytes(image_bytes(Image.new("L", (900, 1200), 250), "PNG"))
    report = analyse([good, blank])
    assert "document_retention" in flags(report)
    assert ("page_no_text_found", {"page": 2}) in [(n.code, n.params) for n in report.notices]
    assert report.verdict.id == "military_contract"


# ---------------------------------------------------------------- what cannot be read


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares its size and has one empty data chunk: enough for a header read."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(("width", "height"), [(60_000, 60_000), (200_000, 1_000)])
def test_decompression_bombs_are_refused_before_decoding(width: int, height: int) -> None:
    with pytest.raises(ImageTooLarge) as caught:
        ingest_bytes(_png_header(width, height), "bomb.png")
    assert caught.value.exit_code == 6


@real_ocr
@pytest.mark.parametrize(
    "make",
    [
        lambda: Image.effect_noise((900, 700), 90).convert("L"),
        lambda: Image.new("L", (800, 600), 0),
        lambda: Image.new("L", (800, 600), 255),
        lambda: Image.new("L", (1, 1), 0),
    ],
    ids=["noise", "all-black", "all-white", "1x1"],
)
def test_pictures_without_text_say_so(make: Callable[[], Image.Image]) -> None:
    with pytest.raises(NoTextFound) as caught:
        ingest_bytes(image_bytes(make(), "PNG"), "picture.png")
    assert "daylight" in str(caught.value)


@real_ocr
@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_picture_cut_short_is_read_as_far_as_it_goes_and_said_so(
    page: Image.Image, fmt: str
) -> None:
    data = image_bytes(page, fmt, **({"quality": 60} if fmt == "JPEG" else {}))
    report = analyse(data[: len(data) * 2 // 3], name=f"cut.{fmt.lower()}")
    assert report.notices[0].code == "picture_incomplete"
    assert report.verdict.id == "military_contract"  # the heading survived
    assert "military_service" in flags(report)


@pytest.mark.parametrize(
    ("cut", "error"),
    [(40, CorruptFile), (400, NoTextFound)],
    ids=["header-only", "no-pixel-rows"],
)
def test_a_picture_cut_before_its_pixels_is_refused(
    page: Image.Image, cut: int, error: type[Exception]
) -> None:
    data = image_bytes(page, "JPEG", quality=60)
    with pytest.raises((CorruptFile, NoTextFound)) as caught:
        ingest_bytes(data[:cut], "cut.jpg")
    assert isinstance(caught.value, error)


def test_without_ocr_installed_pictures_need_ocr(
    page: Image.Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_ocr, "ocr_available", lambda: False)
    with pytest.raises(NeedsOCR):
        ingest_bytes(image_bytes(page, "PNG"), "photo.png")


# ----------------------------------------------------------- the code around the engine


class FakeEngine:
    """Answers with fixed words; records the images it was shown."""

    def __init__(
        self,
        orientation: Orientation | None,
        pages: list[OcrPage],
    ) -> None:
        self._orientation = orientation
        self._pages = pages
        self.read_calls: list[tuple[tuple[int, int], str]] = []

    def orientation(self, image: Image.Image) -> Orientation | None:
        return self._orientation

    def read(self, image: Image.Image, languages: str, timeout_ms: int) -> OcrPage:
        self.read_calls.append((image.size, languages))
        return self._pages[min(len(self.read_calls), len(self._pages)) - 1]


def ocr_page(text: str, confidence: float, *, timed_out: bool = False) -> OcrPage:
    words = []
    for line_number, line in enumerate(text.split("\n")):
        for index, word in enumerate(line.split()):
            box = (10 + 60 * index, 10 + 40 * line_number, 60 + 60 * index, 40 + 40 * line_number)
            words.append(OcrWord(word, box, confidence, starts_line=index == 0))
    return OcrPage(tuple(words), 1000, 1400, timed_out=timed_out)


GOOD = "Паспорт сдаётся на хранение командиру воинской части\nСрок контракта один год"
INSTALLED = frozenset({"rus", "eng", "spa", "fra", "osd"})


@pytest.mark.parametrize(
    ("orientation", "expected_turn", "expected_packs"),
    [
        (Orientation(180, 9.0, "Cyrillic"), 180, "rus+eng"),
        (Orientation(90, 5.0, "Latin"), 90, "eng+spa+fra"),
        (Orientation(0, 0.3, None), 0, "rus+eng"),  # unsure, and the ink runs across
        (None, 0, "rus+eng"),
    ],
)
def test_orientation_and_packs_follow_a_sure_osd_only(
    page: Image.Image, orientation: Orientation | None, expected_turn: int, expected_packs: str
) -> None:
    engine = FakeEngine(orientation, [ocr_page(GOOD, 90)])
    read = read_page(page, engine, languages=None, installed=INSTALLED, timeout_ms=1000)
    assert read.rotated == expected_turn
    assert read.languages == expected_packs


def test_forced_packs_are_used_as_given(page: Image.Image) -> None:
    engine = FakeEngine(Orientation(0, 9.0, "Latin"), [ocr_page(GOOD, 90)])
    read = read_page(page, engine, languages="rus", installed=INSTALLED, timeout_ms=1000)
    assert engine.read_calls[0][1] == "rus" and read.languages == "rus"


def test_a_poor_reading_is_tried_upside_down_and_the_better_kept(page: Image.Image) -> None:
    engine = FakeEngine(None, [ocr_page("ыв ъ", 30), ocr_page(GOOD, 92)])
    read = read_page(page, engine, languages="rus", installed=INSTALLED, timeout_ms=1000)
    assert read.rotated == 180 and len(engine.read_calls) == 2
    assert read.page.words[0].text == "Паспорт"


def test_a_mostly_latin_page_is_read_again_with_latin_packs(page: Image.Image) -> None:
    spanish = "Se busca ayudante con contrato de servicio militar y buen sueldo"
    engine = FakeEngine(None, [ocr_page(spanish, 70), ocr_page(spanish, 91)])
    read = read_page(page, engine, languages=None, installed=INSTALLED, timeout_ms=1000)
    assert [packs for _, packs in engine.read_calls] == ["rus+eng", "eng+spa+fra"]
    assert read.languages == "eng+spa+fra"


def test_small_pictures_are_enlarged_and_huge_ones_reduced() -> None:
    from beforeyousign.ocr.reader import MAX_SIDE, MIN_SIDE, working_image

    assert max(working_image(Image.new("L", (600, 800))).size) == 1600  # at most doubled
    assert max(working_image(Image.new("L", (1240, 1754))).size) == MIN_SIDE
    assert max(working_image(Image.new("L", (6000, 8000))).size) == MAX_SIDE
    assert working_image(Image.new("RGB", (2480, 3508))).mode == "L"


@pytest.mark.parametrize(
    ("pages", "codes"),
    [
        ([ocr_page(GOOD, 90)], []),
        ([ocr_page(GOOD, 40)], ["page_hard_to_read"]),
        ([ocr_page(GOOD, 90, timed_out=True)], ["page_timed_out"]),
        ([ocr_page("а б", 90)], ["page_no_text_found"]),
    ],
    ids=["clear", "low-confidence", "timed-out", "no-text"],
)
def test_hard_pages_are_named_in_notices(
    page: Image.Image, pages: list[OcrPage], codes: list[str]
) -> None:
    engine = FakeEngine(Orientation(0, 9.0, "Cyrillic"), pages * 2)
    result = ingest_ocr.read_pictures([(1, page)], "photo.jpg", languages="rus", engine=engine)
    assert [n.code for n in result.notices] == codes
    assert all("{page}" in n.message_id for n in result.notices)
    assert len(result.blocks) == (0 if "page_no_text_found" in codes else 1)


def test_page_number_lines_at_top_and_foot_are_dropped(page: Image.Image) -> None:
    text = "- 2 -\n" + GOOD + "\nСтраница 2 из 3"
    engine = FakeEngine(Orientation(0, 9.0, "Cyrillic"), [ocr_page(text, 90)])
    result = ingest_ocr.read_pictures([(2, page)], "p.jpg", languages="rus", engine=engine)
    [block] = result.blocks
    assert block.text == GOOD.replace("\n", "\n")
    assert block.page == 2 and block.kind == "page"
    for word in block.words:  # offsets point at the words they box
        assert " " not in block.text[word.start : word.end]
        assert block.text[word.start : word.end].strip()
