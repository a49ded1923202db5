"""Pictures: phone photos, screenshots, scans (JPEG, PNG, WebP, HEIC, TIFF, GIF, BMP).

Decoded with Pillow (HEIC through pillow-heif), turned as the camera's EXIF orientation
says, then read by OCR (:mod:`.ocr`). A multi-page TIFF (a fax or scanner output) is one
page per frame; an animated GIF or WebP is read from its first frame only, like the still
a messenger shows. Size is checked from the header before any pixel is decoded.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from beforeyousign.errors import N_, CorruptFile, ImageTooLarge, NoTextFound, TimeLimitExceeded
from beforeyousign.ingest import deadline, limits
from beforeyousign.ingest.ocr import read_pictures
from beforeyousign.ingest.pages import pages_not_read
from beforeyousign.ingest.triage import KIND_LABELS
from beforeyousign.text.model import Document, Notice

if TYPE_CHECKING:
    from PIL.Image import Image

IMAGE_KIND = KIND_LABELS["image"]


def read_image(data: bytes, name: str, *, ocr_languages: str | None = None) -> Document:
    """A Document with one ``page`` Block per picture page that has text."""
    picture = _open(data, name)
    frames = _frame_count(picture)
    pages = min(frames, limits.MAX_OCR_PAGES)
    result = read_pictures(_frames(picture, pages, name), name, languages=ocr_languages)
    notices = list(result.notices)
    if is_cut_short(data, picture.format):
        notices.insert(0, Notice(code="picture_incomplete", message_id=CUT_SHORT))
    if result.stopped_after is not None:
        notices.append(deadline.time_limit_notice(result.stopped_after, frames))
    elif pages < frames:
        notices.append(pages_not_read(pages, frames))
    if not result.blocks:
        if result.stopped_after is not None:
            raise TimeLimitExceeded(name=name, seconds=round(limits.MAX_SECONDS))
        raise NoTextFound(name=name)
    return Document(
        tuple(result.blocks),
        source_name=name,
        media_type=_media_type(picture),
        notices=tuple(notices),
        page_images=tuple(result.page_images),
    )


CUT_SHORT = N_(
    "The picture file is incomplete (it was cut short in sending or saving): only its upper "
    "part could be read. Ask for the photo again."
)


def is_cut_short(data: bytes, kind: str | None) -> bool:
    """A JPEG without its end marker after the last scan, or a PNG without its end chunk:
    a download or a messenger transfer that stopped early."""
    if kind == "JPEG":
        return data.rfind(b"\xff\xd9") < data.rfind(b"\xff\xda")
    if kind == "PNG":
        return b"IEND" not in data[-64:]
    return False


def _open(data: bytes, name: str) -> Image:
    """Open without decoding pixels; refuse bombs by the size the header declares."""
    from PIL import Image as PILImage
    from PIL import ImageFile

    _register_heif()
    # Decode what there is of a file cut short (its top is often the heading that matters)
    # and say so in a notice (is_cut_short). WeasyPrint sets this same global on import,
    # so setting it here also keeps the behaviour the same whether or not a PDF report was
    # rendered earlier in the process.
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    # Pillow's own guard (DecompressionBombError at twice this) backs up the check below.
    PILImage.MAX_IMAGE_PIXELS = limits.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():  # the size is checked just below, with a clear error
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            picture = PILImage.open(io.BytesIO(data))
    except PILImage.DecompressionBombError as exc:
        raise ImageTooLarge(name=name, pixels=0, limit=limits.MAX_IMAGE_PIXELS) from exc
    except Exception as exc:  # UnidentifiedImageError, truncated headers, ...
        raise CorruptFile(name=name, kind=IMAGE_KIND) from exc
    _check_pixels(picture, name)
    return picture


def _check_pixels(picture: Image, name: str) -> None:
    width, height = picture.size
    if width * height > limits.MAX_IMAGE_PIXELS:
        raise ImageTooLarge(name=name, pixels=width * height, limit=limits.MAX_IMAGE_PIXELS)
    if width < 8 or height < 8:
        raise NoTextFound(name=name)


def _frame_count(picture: Image) -> int:
    """Pages: the frames of a TIFF, counted up to MAX_IMAGE_FRAMES (Pillow's ``n_frames``
    would walk every one of a million); one for animations and single pictures."""
    if picture.format != "TIFF":
        return 1
    count = 1
    try:
        while count < limits.MAX_IMAGE_FRAMES:
            picture.seek(count)
            count += 1
    except EOFError:
        pass
    except Exception:  # a damaged frame ends the count; reading frame 1 says the rest
        pass
    picture.seek(0)
    return count


def _frames(picture: Image, count: int, name: str) -> Iterator[tuple[int, Image]]:
    """Decoded, upright frames, numbered from 1. A frame that fails to decode is a
    damaged file: a photo with its bottom half missing still fails here, as Pillow
    cannot tell how much of it is good."""
    from PIL import ImageOps

    for index in range(count):
        try:
            picture.seek(index)
            _check_pixels(picture, name)
            frame = ImageOps.exif_transpose(picture) or picture
            frame.load()
            yield index + 1, _flatten(frame)
        except (NoTextFound, ImageTooLarge):
            raise
        except Exception as exc:
            raise CorruptFile(name=name, kind=IMAGE_KIND) from exc


def _flatten(frame: Image) -> Image:
    """Grey pixels on white: transparency (screenshots, stickers) becomes white paper,
    CMYK and 16-bit scans become 8-bit grey."""
    from PIL import Image as PILImage

    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        paper = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
        return PILImage.alpha_composite(paper, rgba).convert("L")
    if frame.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        return _to_eight_bits(frame)
    return frame.convert("L")


def _to_eight_bits(frame: Image) -> Image:
    """Scale deep pixels by the range the picture uses, not by the format's: a 16-bit
    scan may hold 12-bit values, or values 0-255 only, and a fixed 1/256 made it black."""
    wide = frame.convert("I") if frame.mode != "F" else frame
    extrema: Any = wide.getextrema()  # (min, max) for a one-band picture
    low, high = float(extrema[0]), float(extrema[1])
    span = max(high - low, 1.0)
    if low >= 0 and high <= 255:
        return wide.convert("L")
    return wide.point(lambda v: (v - low) * (255 / span)).convert("L")


def _media_type(picture: Image) -> str:
    from PIL import Image as PILImage

    return PILImage.MIME.get(picture.format or "", "image/unknown")


def _register_heif() -> None:
    """HEIC (iPhone photos) through pillow-heif, when it is installed."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return
    register_heif_opener()
