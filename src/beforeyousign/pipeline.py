"""The only module that wires the stages in order: ingest -> analysis -> report.

(Text normalisation, segmentation and language detection run inside analysis, on the
document ingest produced.)
"""

from __future__ import annotations

import os

from beforeyousign.analysis.engine import analyse_document
from beforeyousign.i18n import normalise_language
from beforeyousign.ingest import DEFAULT_MAX_BYTES, ingest_bytes, ingest_path, ingest_text
from beforeyousign.report.build import build_report
from beforeyousign.report.model import Report
from beforeyousign.text.model import Document


def _version() -> str:
    from beforeyousign import __version__

    return __version__


def run_document(document: Document, reader_language: str | None = None) -> Report:
    reader = normalise_language(reader_language) if reader_language else None
    return build_report(document, analyse_document(document), reader, _version())


def run_path(
    path: str | os.PathLike[str],
    reader_language: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Report:
    return run_document(ingest_path(path, max_bytes=max_bytes), reader_language)


def run_bytes(
    data: bytes, name: str, reader_language: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Report:
    return run_document(ingest_bytes(data, name, max_bytes=max_bytes), reader_language)


def run_text(text: str, name: str = "text", reader_language: str | None = None) -> Report:
    """Analyse text already in memory (a pasted ad or chat): one block per line."""
    return run_document(ingest_text(text, name), reader_language)
