"""The only module that wires the stages in order: ingest -> analysis -> report.

(Text normalisation, segmentation and language detection run inside analysis, on the
document ingest produced.)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from beforeyousign.analysis.engine import analyse_document
from beforeyousign.errors import NoTextFound
from beforeyousign.i18n import normalise_language
from beforeyousign.ingest import deadline, ingest_bytes, ingest_path, ingest_text
from beforeyousign.ingest.combine import combine
from beforeyousign.ingest.ocr import no_text_notice
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
    max_bytes: int | None = None,
    ocr_languages: str | None = None,
) -> Report:
    document = ingest_path(path, max_bytes=max_bytes, ocr_languages=ocr_languages)
    return run_document(document, reader_language)


def run_bytes(
    data: bytes,
    name: str,
    reader_language: str | None = None,
    max_bytes: int | None = None,
    ocr_languages: str | None = None,
) -> Report:
    document = ingest_bytes(data, name, max_bytes=max_bytes, ocr_languages=ocr_languages)
    return run_document(document, reader_language)


def run_pages(
    paths: Sequence[str | os.PathLike[str]],
    reader_language: str | None = None,
    max_bytes: int | None = None,
    ocr_languages: str | None = None,
) -> Report:
    """Several files (photos of the pages, in order) analysed as one document.

    A photo in which no text is found becomes a notice naming its page, so one blurred
    page does not hide what the others say; any other unreadable input stops the run with
    its error, as it would alone. ``max_bytes`` applies to each file; the time limit to
    them all together, as they are one document.
    """
    documents = []
    with deadline.started():
        for path in paths:
            try:
                documents.append(
                    ingest_path(path, max_bytes=max_bytes, ocr_languages=ocr_languages)
                )
            except NoTextFound:
                documents.append(_blank_page(os.path.basename(os.fspath(path))))
    if all(not d.blocks for d in documents):
        raise NoTextFound(name=" + ".join(d.source_name for d in documents))
    return run_document(combine(documents), reader_language)


def run_many_bytes(
    items: Sequence[tuple[str, bytes]],
    reader_language: str | None = None,
    max_bytes: int | None = None,
    ocr_languages: str | None = None,
) -> Report:
    """Several uploads ``(name, bytes)`` (the photos of a paper's pages, sent together)
    analysed as one document, in order, as :func:`run_pages` reads files: a photo with no
    text becomes a notice naming its page. ``max_bytes`` applies to each upload."""
    document = read_many_bytes(items, max_bytes=max_bytes, ocr_languages=ocr_languages)
    return run_document(document, reader_language)


def read_many_bytes(
    items: Sequence[tuple[str, bytes]],
    max_bytes: int | None = None,
    ocr_languages: str | None = None,
    on_read: Callable[[Sequence[Document]], None] | None = None,
) -> Document:
    """The one Document that :func:`run_many_bytes` analyses.  ``on_read`` sees the
    documents read so far after each upload: a service counts pages with it, and raises
    to stop before the next upload costs more time."""
    documents: list[Document] = []
    with deadline.started():
        for name, data in items:
            try:
                documents.append(
                    ingest_bytes(data, name, max_bytes=max_bytes, ocr_languages=ocr_languages)
                )
            except NoTextFound:
                documents.append(_blank_page(name))
            if on_read is not None:
                on_read(documents)
    if all(not d.blocks for d in documents):
        raise NoTextFound(name=" + ".join(d.source_name for d in documents))
    return combine(documents)


def _blank_page(name: str) -> Document:
    """Stands for a photo with no readable text, so page numbers stay those of the photos."""
    return Document((), source_name=name, media_type="image/unknown", notices=(no_text_notice(1),))


def run_text(text: str, name: str = "text", reader_language: str | None = None) -> Report:
    """Analyse text already in memory (a pasted ad or chat): one block per line."""
    return run_document(ingest_text(text, name), reader_language)
