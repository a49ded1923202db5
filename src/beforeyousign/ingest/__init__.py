"""Ingest: a file or bytes in, a :class:`~beforeyousign.text.model.Document` out.

The format is decided by content, never by the file's name (:mod:`.triage`). Every bad
input ends as one of the typed errors of :mod:`beforeyousign.errors`, never as a raw
exception: the people who send these files need a clear message, not a stack trace.
pypdf, python-docx and charset_normalizer are imported only when a file needs them.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from beforeyousign.errors import (
    BeforeYouSignError,
    CorruptFile,
    EmptyInput,
    FileNotReadable,
    InputTooLarge,
    MemoryLimitExceeded,
)
from beforeyousign.ingest import deadline, html, limits, plaintext
from beforeyousign.ingest.encoding import Decoded
from beforeyousign.ingest.limits import DEFAULT_MAX_BYTES
from beforeyousign.ingest.textlimit import within_text_limit
from beforeyousign.ingest.triage import KIND_LABELS, Kind, triage
from beforeyousign.text.model import Document

__all__ = ["DEFAULT_MAX_BYTES", "ingest_bytes", "ingest_path", "ingest_text"]


def ingest_path(
    path: str | os.PathLike[str],
    *,
    max_bytes: int | None = None,
    ocr_languages: str | None = None,
) -> Document:
    """Read the file at ``path``. The size is checked with ``stat`` before reading, and
    at most ``max_bytes + 1`` bytes (default ``limits.MAX_BYTES``) are ever read (a pipe
    or a growing file has no size to check in advance). ``source_name`` is the file's
    name without its folders: the report shows it, and folder names can say who the
    user is.
    """
    name = Path(path).name or os.fspath(path)
    max_bytes = limits.MAX_BYTES if max_bytes is None else max_bytes
    try:
        info = os.stat(path)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise FileNotReadable(name=name) from exc
    if stat.S_ISDIR(info.st_mode):
        raise FileNotReadable(name=name)
    if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
        raise InputTooLarge(name=name, size=info.st_size, limit=max_bytes)
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise FileNotReadable(name=name) from exc
    return ingest_bytes(data, name, max_bytes=max_bytes, ocr_languages=ocr_languages)


def ingest_bytes(
    data: bytes,
    name: str,
    *,
    max_bytes: int | None = None,
    ocr_languages: str | None = None,
) -> Document:
    """Read ``data`` (an upload, a message attachment) called ``name``.

    ``ocr_languages`` forces Tesseract's language packs for pictures ("rus+eng"); by
    default they follow the script OCR sees on each page. Reading runs under the
    per-document deadline (:mod:`.deadline`) and the text is cut at the character limit.
    """
    max_bytes = limits.MAX_BYTES if max_bytes is None else max_bytes
    data = bytes(data)
    if len(data) > max_bytes:
        raise InputTooLarge(name=name, size=len(data), limit=max_bytes)
    if not data.strip(b" \t\r\n\f\v\x00"):
        raise EmptyInput(name=name)
    kind = triage(data, name)
    with deadline.started():
        return within_text_limit(_read(data, name, kind, ocr_languages))


def _read(data: bytes, name: str, kind: Kind, ocr_languages: str | None) -> Document:
    try:
        if kind == "pdf":
            from beforeyousign.ingest.pdf import read_pdf

            return read_pdf(data, name, ocr_languages=ocr_languages)
        if kind == "docx":
            from beforeyousign.ingest.docx import read_docx

            return read_docx(data, name)
        if kind == "image":
            from beforeyousign.ingest.image import read_image

            return read_image(data, name, ocr_languages=ocr_languages)
        return _read_text(data, name)
    except BeforeYouSignError:
        raise
    except MemoryError as exc:  # a MemoryError is an Exception: not a damaged file
        raise MemoryLimitExceeded(name=name) from exc
    except Exception as exc:
        # Last resort: the readers turn every failure they know of into a typed error;
        # whatever slips through (deeply nested hostile markup exhausting recursion,
        # a library's new exception type) must still not reach the user as a traceback.
        raise CorruptFile(name=name, kind=KIND_LABELS[kind]) from exc


def ingest_text(text: str, name: str = "text") -> Document:
    """Text already in memory (a pasted ad or chat), cleaned as a text file would be."""
    cleaned = plaintext.clean(text)
    if plaintext.is_blank(cleaned):
        raise EmptyInput(name=name)
    return within_text_limit(plaintext.text_document(Decoded(cleaned, "UTF-8"), name))


def _read_text(data: bytes, name: str) -> Document:
    """Plain text, or HTML when the text looks like markup."""
    decoded = plaintext.decode_text(data, name)
    if not html.looks_like_html(decoded.text):
        return plaintext.text_document(decoded, name)
    decoded = html.redecode(data, decoded)
    try:
        return html.html_document(decoded, name)
    except BeforeYouSignError:
        raise
    except Exception:  # the stdlib parser is lenient, but not proven on every input
        return plaintext.text_document(decoded, name)
