"""Read one page image: bring it to a size and orientation Tesseract reads well, choose
the language packs, recognise, and give the words back in the upright image's pixels.

Orientation: Tesseract's OSD is sure of itself on clear pages and unsure on blurred or
dim ones, above all for pages turned by 90 degrees. So its answer is taken only when it
is confident; otherwise the page is read as it is and, only if that reading is poor, read
again turned by 180, 90 and 270 degrees, and the best reading kept. (Projection profiles
of the ink were tried to tell sideways pages cheaply; skew of a few degrees fooled them.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from beforeyousign.ocr.deskew import straighten
from beforeyousign.ocr.languages import DEFAULT, latin_share, packs_for_script
from beforeyousign.ocr.model import OcrEngine, OcrPage

if TYPE_CHECKING:
    from PIL.Image import Image

#: Long side of the image Tesseract reads. Below MIN_SIDE (a 150 dpi scan, a small
#: screenshot) letters are too small for its models and the page is enlarged; above
#: MAX_SIDE (a 50-megapixel photo) it only costs time.
MIN_SIDE = 2000
MAX_SIDE = 4200

#: OSD confidence above which its answer is taken as it is.
SURE_ORIENTATION = 2.0


@dataclass(frozen=True)
class ReadPage:
    page: OcrPage
    image: Image  # upright, at the size the words' boxes refer to
    rotated: int  # degrees the input was turned (counter-clockwise) to make it upright
    languages: str


def read_page(
    image: Image,
    engine: OcrEngine,
    *,
    languages: str | None,
    installed: frozenset[str],
    timeout_ms: int,
) -> ReadPage:
    """OCR one page. ``languages`` forces the packs ("rus+eng"); None chooses them."""
    work = working_image(image)
    work, rotated, script = upright(work, engine)
    work, _ = straighten(work)
    packs = languages or packs_for_script(script, installed)
    page = engine.read(work, packs, timeout_ms)
    for extra in (180, 90, 270):
        if not _poor(page):
            break
        # Orientation was unsure and the page reads badly: it may be turned.
        turned = _turn(work, extra)
        again = engine.read(turned, packs, timeout_ms)
        if _score(again) > _score(page):
            page, work, rotated = again, turned, (rotated + extra) % 360
    if languages is None and script is None and packs == "+".join(DEFAULT):
        page, packs = _retry_latin(work, engine, page, packs, installed, timeout_ms)
    return ReadPage(page, work, rotated, packs)


#: A page whose words are this unsure (mean confidence, 0-100) is tried upside down too.
POOR_CONFIDENCE = 55.0


def _poor(page: OcrPage) -> bool:
    return page.letters < 40 or page.mean_confidence < POOR_CONFIDENCE


def _score(page: OcrPage) -> float:
    """Confident letters: more text read more surely is the better reading."""
    return page.letters * page.mean_confidence


def working_image(image: Image) -> Image:
    """Grey, and scaled so the long side is between MIN_SIDE and MAX_SIDE."""
    from PIL import Image as PILImage

    grey = image.convert("L")
    side = max(grey.size)
    if side > MAX_SIDE:
        scale = MAX_SIDE / side
    elif side < MIN_SIDE:
        scale = min(2.0, MIN_SIDE / side)
    else:
        return grey
    size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
    return grey.resize(size, PILImage.Resampling.LANCZOS)


def upright(image: Image, engine: OcrEngine) -> tuple[Image, int, str | None]:
    """The page turned as OSD says when OSD is sure, the turn applied, and the script OSD
    saw. When it is unsure the page is left as it is, and :func:`read_page` tries the
    other turns only if the reading comes out poor."""
    found = engine.orientation(image)
    if found is not None and found.confidence >= SURE_ORIENTATION:
        return _turn(image, found.degrees), found.degrees, found.script
    return image, 0, found.script if found is not None else None


def _turn(image: Image, degrees: int) -> Image:
    """Undo a counter-clockwise turn of ``degrees`` (Tesseract's convention)."""
    return image.rotate(-degrees, expand=True) if degrees % 360 else image


def _retry_latin(
    image: Image,
    engine: OcrEngine,
    page: OcrPage,
    packs: str,
    installed: frozenset[str],
    timeout_ms: int,
) -> tuple[OcrPage, str]:
    """A page read with the Cyrillic default that came out mostly Latin (an ad in
    Spanish, a chat in French) is read again with the Latin packs; the better one wins."""
    text = " ".join(w.text for w in page.words)
    if latin_share(text) < 0.8:
        return page, packs
    latin = packs_for_script("Latin", installed)
    again = engine.read(image, latin, timeout_ms)
    if again.mean_confidence > page.mean_confidence:
        return again, latin
    return page, packs
