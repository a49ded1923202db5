"""Find how far a photographed page is tilted, so it can be straightened before OCR.

Tesseract copes with a degree or two of skew; at four or five degrees, normal for a page
photographed by hand, its layout analysis breaks lines into fragments and reads them out
of order. The classic remedy: try small rotations of a thumbnail and keep the one whose
rows of ink are sharpest (text lines line up with pixel rows, so the row sums swing
hardest between lines and gaps).
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

#: Long side of the thumbnail searched; text lines of a full page stay a few pixels apart.
THUMB_SIDE = 1000
#: Tilts searched, in degrees: whole degrees first, then tenths around the best one.
MAX_TILT = 8
FINE_STEP = 0.25
#: Below this tilt the page is left alone (rotating costs sharpness for nothing).
MIN_TILT = 0.4


def tilt(image: Image) -> float:
    """Degrees to rotate ``image`` counter-clockwise (PIL's sense) to level its lines."""
    from PIL import Image as PILImage
    from PIL import ImageOps

    thumb = image.convert("L")
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), PILImage.Resampling.BILINEAR)
    ink = ImageOps.invert(ImageOps.autocontrast(thumb, cutoff=1)).point(
        lambda v: 255 if v > 128 else 0
    )
    best = max(range(-MAX_TILT, MAX_TILT + 1), key=lambda a: _sharpness(ink, float(a)))
    steps = int(1 / FINE_STEP)
    fine = [best + k * FINE_STEP for k in range(-steps, steps + 1)]
    return max(fine, key=lambda a: _sharpness(ink, a))


def _sharpness(ink: Image, angle: float) -> float:
    """Sum of squared differences between neighbouring row sums after rotating."""
    from PIL import Image as PILImage

    turned = ink.rotate(angle, resample=PILImage.Resampling.NEAREST, fillcolor=0)
    # Row sums through a one-pixel-wide resize: the C code does the adding.
    rows = turned.resize((1, turned.height), PILImage.Resampling.BOX).tobytes()
    return float(sum((a - b) * (a - b) for a, b in pairwise(rows)))


def straighten(image: Image) -> tuple[Image, float]:
    """``image`` levelled, and the tilt removed (0 when it was already level)."""
    from PIL import Image as PILImage

    angle = tilt(image)
    if abs(angle) < MIN_TILT:
        return image, 0.0
    grey = image.convert("L")
    paper = _paper_level(grey)
    levelled = grey.rotate(
        angle, resample=PILImage.Resampling.BICUBIC, expand=True, fillcolor=paper
    )
    return levelled, angle


def _paper_level(grey: Image) -> int:
    """The page's background grey (the brightest common level), to fill the new corners
    with paper rather than black, which Tesseract would take for ink."""
    histogram = grey.histogram()
    return max(range(128, 256), key=lambda v: histogram[v])
