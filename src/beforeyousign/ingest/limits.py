"""Upload limits, in one place so the CLI, the web service and the tests agree on them.

The limits exist for the safety of the service, not for the document's sake: a real
recruitment contract is a few pages and a few hundred kilobytes. Anything far bigger is
either a mistake (a whole phone backup) or hostile (a zip bomb, a PDF with a million
pages), and must be refused before it costs memory or time.

Readers look these values up as module attributes at call time, so a test can lower one
with ``monkeypatch.setattr(limits, "MAX_PDF_PAGES", 2)`` instead of building a huge file.
"""

from __future__ import annotations

MIB = 1024 * 1024

#: Largest input accepted, checked with ``stat`` before a file is read.
DEFAULT_MAX_BYTES = 50 * MIB

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

#: Pages read by OCR in one document (photos, TIFF frames, scanned PDF pages). OCR costs
#: about a second a page; the rest is named in a ``pages_not_read`` notice.
MAX_OCR_PAGES = 60

#: Time Tesseract may spend on one page before it stops and the page is reported as read
#: in part.
OCR_SECONDS_PER_PAGE = 60.0

#: Resolution at which a PDF page without a text layer is rendered for OCR.
PDF_OCR_DPI = 200
