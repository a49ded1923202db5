"""Upload limits, in one place so the CLI, the web service and the tests agree on them.

The limits exist for the safety of the service, not for the document's sake: a real
recruitment contract is a few pages and a few hundred kilobytes. Anything far bigger is
either a mistake (a whole phone backup) or hostile (a zip bomb, a PDF with a million
pages), and must be refused before it costs memory or time.

Readers look these values up as module attributes at call time, so a test can lower one
with ``monkeypatch.setattr(limits, "MAX_PDF_PAGES", 2)`` instead of building a huge file.
:class:`Limits` is the same set as one value: the CLI builds one from its options and
environment variables (``docs/limits.md``) and :func:`configure` installs it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

MIB = 1024 * 1024

#: Largest input accepted, checked with ``stat`` before a file is read.
DEFAULT_MAX_BYTES = 50 * MIB
#: The byte limit in force (DEFAULT_MAX_BYTES unless configured).
MAX_BYTES = DEFAULT_MAX_BYTES

#: Pages read from a PDF; the rest is named in a ``pages_not_read`` notice.
MAX_PDF_PAGES = 500

#: Sum of the sizes the members of a DOCX declare once unpacked.
MAX_DOCX_UNCOMPRESSED = 200 * MIB

#: Members of a DOCX archive (a real one has tens; thousands means a crafted file).
MAX_DOCX_MEMBERS = 10_000

#: Unpacked/packed size ratio above which a large member is taken for a bomb. Deflate
#: tops out near 1000:1 (long runs of one byte); real Word XML packs about 10:1.
MAX_COMPRESSION_RATIO = 200

#: Members smaller than this are not ratio-checked: tiny parts can pack absurdly well.
RATIO_CHECK_FROM = 1 * MIB

#: Pixels in one picture (a frame of a photo, a page of a TIFF) before it is decoded.
#: Phone cameras give 12-50 megapixels; a 60,000 x 60,000 PNG of a few kilobytes is a
#: decompression bomb that would need gigabytes once decoded.
MAX_IMAGE_PIXELS = 120_000_000

#: Pixels of a PDF page rendered for OCR. A4 at PDF_OCR_DPI is 4 megapixels; a page
#: declared 100 m wide is rendered at a lower resolution instead of as a gigapixel bitmap.
MAX_RENDER_PIXELS = 25_000_000

#: Frames of a multi-page picture (TIFF) counted; an animated GIF or WebP is read from
#: its first frame only, whatever this says. Counting walks the file frame by frame.
MAX_IMAGE_FRAMES = 1_000

#: Pages read by OCR in one document (photos, TIFF frames, scanned PDF pages). OCR costs
#: about a second a page; the rest is named in a ``pages_not_read`` notice.
MAX_OCR_PAGES = 60

#: Time Tesseract may spend on one page before it stops and the page is reported as read
#: in part.
OCR_SECONDS_PER_PAGE = 60.0

#: Resolution at which a PDF page without a text layer is rendered for OCR.
PDF_OCR_DPI = 200

#: Time reading one document may take (decoding, text layers, OCR). Checked between pages
#: and stages: what was read by then is analysed, and a ``time_limit`` notice names the
#: pages that were not. A document of which nothing was read in time is refused.
MAX_SECONDS = 300.0

#: Characters of text analysed (about 70 dense pages). Analysis time grows faster than
#: the text; the rest is named in a ``text_not_read`` notice.
MAX_TEXT_CHARS = 200_000

#: Address space the CLI process may use, in MiB (RLIMIT_AS); 0 means no limit. Set by
#: ``--max-memory-mb``: a service caps its workers this way so one hostile file costs an
#: error, not the machine.
MAX_MEMORY_MB = 0


@dataclass(frozen=True)
class Limits:
    """The limits users may change, as one value (CLI options, environment variables)."""

    max_seconds: float = MAX_SECONDS
    max_pages: int = MAX_PDF_PAGES
    max_bytes: int = DEFAULT_MAX_BYTES
    max_ocr_pages: int = MAX_OCR_PAGES
    max_pixels: int = MAX_IMAGE_PIXELS
    max_chars: int = MAX_TEXT_CHARS
    max_memory_mb: int = MAX_MEMORY_MB

    def replace(self, **changes: float | int | None) -> Limits:
        """A copy with the changes that are not None."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update({k: v for k, v in changes.items() if v is not None})
        return Limits(**values)


#: Limits field -> module attribute the readers look up.
_ATTRIBUTES = {
    "max_seconds": "MAX_SECONDS",
    "max_pages": "MAX_PDF_PAGES",
    "max_bytes": "MAX_BYTES",
    "max_ocr_pages": "MAX_OCR_PAGES",
    "max_pixels": "MAX_IMAGE_PIXELS",
    "max_chars": "MAX_TEXT_CHARS",
    "max_memory_mb": "MAX_MEMORY_MB",
}

#: Environment variables read by :func:`from_environment`, and how each converts.
ENVIRONMENT: dict[str, tuple[str, Callable[[str], float]]] = {
    "BEFOREYOUSIGN_MAX_SECONDS": ("max_seconds", float),
    "BEFOREYOUSIGN_MAX_PAGES": ("max_pages", int),
    "BEFOREYOUSIGN_MAX_MB": ("max_bytes", lambda v: int(float(v) * MIB)),
    "BEFOREYOUSIGN_MAX_OCR_PAGES": ("max_ocr_pages", int),
    "BEFOREYOUSIGN_MAX_PIXELS": ("max_pixels", int),
    "BEFOREYOUSIGN_MAX_CHARS": ("max_chars", int),
    "BEFOREYOUSIGN_MAX_MEMORY_MB": ("max_memory_mb", int),
}


def current() -> Limits:
    """The limits in force now."""
    module = sys.modules[__name__]
    return Limits(**{field: getattr(module, attr) for field, attr in _ATTRIBUTES.items()})


def configure(limits: Limits) -> None:
    """Put ``limits`` in force for the readers of this process."""
    module = sys.modules[__name__]
    for field, attr in _ATTRIBUTES.items():
        setattr(module, attr, getattr(limits, field))


def from_environment(environ: Mapping[str, str] | None = None) -> Limits:
    """The current limits, changed by the ``BEFOREYOUSIGN_MAX_*`` variables that are set.
    Raises ValueError naming the variable whose value is not a positive number."""
    environ = os.environ if environ is None else environ
    changes: dict[str, float | int | None] = {}
    for variable, (field, convert) in ENVIRONMENT.items():
        raw = environ.get(variable, "").strip()
        if not raw:
            continue
        try:
            value = convert(raw)
        except ValueError:
            value = -1
        if value < 0 or (value == 0 and field != "max_memory_mb"):
            raise ValueError(f"{variable}={raw!r} is not a positive number")
        changes[field] = value
    return current().replace(**changes)
