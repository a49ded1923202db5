"""The Tesseract engine, driven in-process through tesserocr.

Settings that matter, measured on this project's photo corpus (bench/bench_ocr.py):

* ``thresholding_method=2`` (Sauvola): with Tesseract's default global Otsu threshold,
  phone photos in uneven light come out nearly empty; Sauvola's local threshold reads them.
* ``OMP_THREAD_LIMIT=1``: Tesseract's OpenMP threads fight each other and every other
  process on a 2-core machine (5 s -> 1 s per page measured with the command-line tool);
  parallelism belongs one level up, one page or document per worker.
* One loaded model per (thread, language set): loading ``rus`` costs about 0.3 s, so the
  API objects are kept for the life of the thread instead of being built per page.
* Page segmentation ``PSM.SINGLE_COLUMN`` (4): contracts, ads and chats are one column.
  With the default automatic layout, Tesseract cut the time stamps of a photographed chat
  into a column of their own and read tilted pages out of order; on 25 pages of the photo
  corpus mean CER went from 4.2 % (automatic) to 1.9 % (single column); 4.6 % for a single
  uniform block (6).
* Orientation uses the ``osd`` model on its own API (``lang="osd"``); asking the OSD mode of
  an API loaded with another model gives wrong answers, and with some builds aborts.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from beforeyousign.ocr.model import OcrPage, OcrWord, Orientation

if TYPE_CHECKING:
    from PIL.Image import Image

# Must be set before libtesseract starts OpenMP (the first tesserocr import).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

#: Where Debian, Ubuntu, Fedora, Homebrew and MacPorts put the language data.
TESSDATA_CANDIDATES = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
    "/opt/local/share/tessdata",
)

SAUVOLA = "2"


@lru_cache(maxsize=1)
def tessdata_dir() -> Path | None:
    """The folder holding ``*.traineddata``: ``TESSDATA_PREFIX`` first, then the usual places."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    candidates = ([prefix, os.path.join(prefix, "tessdata")] if prefix else []) + list(
        TESSDATA_CANDIDATES
    )
    for candidate in candidates:
        path = Path(candidate)
        if any(path.glob("*.traineddata")):
            return path
    return None


def installed_languages() -> frozenset[str]:
    """Tesseract language packs present, by their Tesseract names ("rus", "uzb_cyrl")."""
    folder = tessdata_dir()
    if folder is None:
        return frozenset()
    return frozenset(p.name.removesuffix(".traineddata") for p in folder.glob("*.traineddata"))


def is_available() -> bool:
    """True when tesserocr imports and language data is installed."""
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return False
    return bool(installed_languages() - {"osd"})


class TesseractEngine:
    """:class:`~beforeyousign.ocr.model.OcrEngine` backed by Tesseract."""

    def __init__(self) -> None:
        self._local = threading.local()

    def _api(self, languages: str, psm: int | None = None) -> Any:
        from tesserocr import PSM, PyTessBaseAPI

        cache: dict[str, Any] = self._local.__dict__.setdefault("apis", {})
        if languages not in cache:
            folder = tessdata_dir()
            cache[languages] = PyTessBaseAPI(
                path=f"{folder}/",
                lang=languages,
                psm=PSM.SINGLE_COLUMN if psm is None else psm,
            )
        return cache[languages]

    def orientation(self, image: Image) -> Orientation | None:
        if "osd" not in installed_languages():
            return None
        from tesserocr import PSM

        api = self._api("osd", PSM.OSD_ONLY)
        api.SetImage(image)
        try:
            found = api.DetectOrientationScript()
        except RuntimeError:  # too little text to tell
            return None
        if not found:
            return None
        return Orientation(
            degrees=int(found["orient_deg"]) % 360,
            confidence=float(found["orient_conf"]),
            script=str(found["script_name"]) if found.get("script_conf", 0) >= 1.0 else None,
        )

    def read(self, image: Image, languages: str, timeout_ms: int) -> OcrPage:
        from tesserocr import RIL, iterate_level

        api = self._api(languages)
        api.SetVariable("thresholding_method", SAUVOLA)
        api.SetImage(image)
        finished = api.Recognize(timeout=timeout_ms)
        words: list[OcrWord] = []
        iterator = api.GetIterator()
        if iterator is not None:
            for item in iterate_level(iterator, RIL.WORD):
                try:
                    text = item.GetUTF8Text(RIL.WORD)
                except RuntimeError:  # an empty word ("No text returned")
                    continue
                box = item.BoundingBox(RIL.WORD)
                if not text or not text.strip() or box is None:
                    continue
                words.append(
                    OcrWord(
                        text=text.strip(),
                        box=(int(box[0]), int(box[1]), int(box[2]), int(box[3])),
                        confidence=float(item.Confidence(RIL.WORD)),
                        starts_line=bool(item.IsAtBeginningOf(RIL.TEXTLINE)),
                        starts_paragraph=bool(item.IsAtBeginningOf(RIL.PARA)),
                    )
                )
        api.Clear()
        return OcrPage(tuple(words), image.width, image.height, timed_out=not finished)
