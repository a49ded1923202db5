"""Read one page image: bring it to a size and orientation Tesseract reads well, choose
the language packs, recognise, and give the words back in the upright image's pixels.

Orientation: Tesseract's OSD is sure of itself on clear pages and often wrong on blurred
or dim ones, above all for pages turned by 90 degrees. So a page counts as turned only
when OSD is confident, or when the page's ink runs in columns rather than rows (text
lines seen sideways); in that second case OSD only chooses between 90 and 270.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

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

#: Long side of the thumbnail used to see whether text lines run across or down the page,
#: the grey level (after inverting) from which a thumbnail pixel counts as ink, and how much
#: more the columns must swing than the rows for the page to count as sideways (measured:
#: 1.7-2.1 for pages turned by 90 degrees and skewed up to 8 degrees, 0.5-0.75 upright).
PROFILE_SIDE = 800
INK_LEVEL = 110
SIDEWAYS_RATIO = 1.2


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
    packs = languages or packs_for_script(script, installed)
    page = engine.read(work, packs, timeout_ms)
    if _poor(page):
        # OSD was unsure and the page reads badly: it may be upside down.
        turned = _turn(work, 180)
        again = engine.read(turned, packs, timeout_ms)
        if _score(again) > _score(page):
            page, work, rotated = again, turned, (rotated + 180) % 360
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
    """The page turned upright, the turn applied, and the script OSD saw (if sure)."""
    found = engine.orientation(image)
    if found is not None and found.confidence >= SURE_ORIENTATION:
        return _turn(image, found.degrees), found.degrees, found.script
    if lines_run_down(image):
        degrees = found.degrees if found is not None and found.degrees in (90, 270) else 90
        turned = _turn(image, degrees)
        again = engine.orientation(turned)
        if again is not None and again.degrees == 180 and again.confidence >= 1.0:
            return _turn(turned, 180), (degrees + 180) % 360, again.script
        return turned, degrees, again.script if again is not None else None
    return image, 0, found.script if found is not None else None


def _turn(image: Image, degrees: int) -> Image:
    """Undo a counter-clockwise turn of ``degrees`` (Tesseract's convention)."""
    return image.rotate(-degrees, expand=True) if degrees % 360 else image


def lines_run_down(image: Image) -> bool:
    """True when text lines run down the page (a page photographed sideways).

    Upright text alternates ink rows (letters) with blank rows (line gaps), so the row
    profile swings; sideways text makes the column profile swing instead. Profiles are
    taken in narrow strips so that a skewed page (lines drifting up or down across the
    width) still shows its gaps.
    """
    from PIL import Image as PILImage
    from PIL import ImageOps

    thumb = image.copy()
    thumb.thumbnail((PROFILE_SIDE, PROFILE_SIDE))
    ink = ImageOps.invert(ImageOps.autocontrast(thumb, cutoff=2)).point(
        lambda v: 255 if v > INK_LEVEL else 0
    )
    across = _strip_alternation(ink)
    down = _strip_alternation(ink.transpose(PILImage.Transpose.ROTATE_90))
    return down > SIDEWAYS_RATIO * across


def _strip_alternation(ink: Image, strips: int = 8) -> float:
    """Mean row-profile swing over ``strips`` vertical strips of the page."""
    width, height = ink.size
    data = ink.tobytes()
    swings = []
    for strip in range(strips):
        x0, x1 = strip * width // strips, (strip + 1) * width // strips
        rows = [sum(data[y * width + x0 : y * width + x1]) for y in range(height)]
        if any(rows):
            swings.append(_alternation(rows))
    return sum(swings) / len(swings) if swings else 0.0


def _alternation(profile: list[int]) -> float:
    """How strongly a projection profile swings between neighbours (text lines make it
    swing; a smooth gradient of light does not)."""
    if len(profile) < 3:
        return 0.0
    mean = sum(profile) / len(profile) or 1.0
    swings = sum(abs(a - b) for a, b in pairwise(profile))
    return swings / (len(profile) * mean)


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
