"""The public Python API.

>>> import beforeyousign
>>> report = beforeyousign.analyse("contract.pdf")          # doctest: +SKIP
>>> report.verdict.id, report.flag_ids                       # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from beforeyousign.report.model import Report

Source = str | os.PathLike[str] | bytes | bytearray | memoryview


def analyse(
    source: Source | Sequence[str | os.PathLike[str]],
    *,
    reader_lang: str | None = None,
    name: str | None = None,
    ocr_languages: str | None = None,
) -> Report:
    """Analyse a file (path) or its bytes; raises a :class:`~beforeyousign.errors.InputError`
    subclass for input that cannot be read.  ``reader_lang`` (ISO 639-1) is the language the
    reader reads: a paper in another language raises ``unreadable_language``.

    A list or tuple of paths is one document whose pages are those files in order (the
    photos of a contract's pages). Pictures are read by OCR; ``ocr_languages`` forces
    Tesseract's language packs ("rus+eng") instead of choosing them from the script.
    """
    from beforeyousign import pipeline

    if isinstance(source, bytes | bytearray | memoryview):
        return pipeline.run_bytes(
            bytes(source), name or "input", reader_lang, ocr_languages=ocr_languages
        )
    if isinstance(source, str | os.PathLike):
        return pipeline.run_path(source, reader_lang, ocr_languages=ocr_languages)
    return pipeline.run_pages(list(source), reader_lang, ocr_languages=ocr_languages)


def analyse_text(text: str, *, reader_lang: str | None = None, name: str = "text") -> Report:
    """Analyse text already in memory, such as a pasted job ad or chat."""
    from beforeyousign import pipeline

    return pipeline.run_text(text, name, reader_lang)
