"""Reading a request's body into memory, within the limits, and nothing else.

A form upload is parsed by Starlette's multipart parser with its spooling threshold set
above the body limit, so an upload never reaches the disk: no temporary file is made,
so none can be left behind.  The body is counted as it arrives (Content-Length is
checked first, but a client can lie or send chunks), and the parser stops at the file
limit.  Every upload object is closed before the request is answered.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from beforeyousign.interfaces.http.jobs import Paper
from beforeyousign.interfaces.http.problem import (
    MalformedRequest,
    NothingToRead,
    RequestTooLarge,
    TooManyFiles,
    UnsupportedMediaType,
)
from beforeyousign.interfaces.http.settings import MIB, Settings

if TYPE_CHECKING:
    from starlette.requests import Request

MAX_NAME = 120  # characters of an uploaded file's name kept for the report
MAX_FIELDS = 20  # form fields that are not files: lang, text and a few spare
FILE_FIELD = "file"


@dataclass(frozen=True)
class Submission:
    paper: Paper | None  # None: nothing to read was sent (the caller says so, in ``lang``)
    lang: str | None  # as sent: checked by the caller

    def require_paper(self) -> Paper:
        if self.paper is None:
            raise NothingToRead()
        return self.paper


def megabytes(limit: int) -> str:
    return f"{limit / MIB:.1f}".removesuffix(".0")


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def check_declared_size(request: Request, limit: int) -> None:
    """Refuse a body that says it is too large before reading any of it."""
    declared = request.headers.get("content-length")
    if declared is None:
        return
    try:
        size = int(declared)
    except ValueError:
        raise MalformedRequest() from None
    if size > limit:
        raise RequestTooLarge(limit=megabytes(limit))


async def limited_stream(request: Request, limit: int) -> AsyncGenerator[bytes, None]:
    """The body as it arrives, stopped as soon as it passes ``limit`` bytes."""
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise RequestTooLarge(limit=megabytes(limit))
        yield chunk


async def read_submission(request: Request, settings: Settings, *, api: bool) -> Submission:
    """The paper a request sends: a form upload (files in ``file``, or a ``text`` field)
    or, for the API, JSON ``{"text": ..., "lang": ...}``."""
    kind = media_type(request)
    check_declared_size(request, settings.max_body_bytes)
    if kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return await _read_form(request, settings, multipart=kind == "multipart/form-data")
    if api and (kind == "application/json" or kind.endswith("+json")):
        return await _read_json(request, settings)
    raise UnsupportedMediaType()


async def _read_json(request: Request, settings: Settings) -> Submission:
    body = bytearray()
    async for chunk in limited_stream(request, settings.max_body_bytes):
        body += chunk
    try:
        data = json.loads(bytes(body))
    except (ValueError, UnicodeDecodeError):
        raise MalformedRequest() from None
    if not isinstance(data, dict):
        raise MalformedRequest()
    text, lang = data.get("text"), data.get("lang")
    if not isinstance(text, str) or not (lang is None or isinstance(lang, str)):
        raise MalformedRequest()
    return Submission(Paper(text=text), lang)


async def _read_form(request: Request, settings: Settings, *, multipart: bool) -> Submission:
    from starlette.datastructures import FormData, UploadFile
    from starlette.formparsers import FormParser, MultiPartException, MultiPartParser

    stream = limited_stream(request, settings.max_body_bytes)
    try:
        form: FormData
        if multipart:
            parser = MultiPartParser(
                request.headers,
                stream,
                max_files=settings.max_files,
                max_fields=MAX_FIELDS,
                max_part_size=settings.max_body_bytes,
            )
            parser.spool_max_size = settings.max_body_bytes + 1  # in memory, never on disk
            form = await parser.parse()
        else:  # a text field, URL-encoded: ``curl -d lang=ne --data-urlencode text@ad.txt``
            fields = FormParser(request.headers, stream, max_fields=MAX_FIELDS,
                                max_part_size=settings.max_body_bytes)  # fmt: skip
            form = await fields.parse()
    except MultiPartException as error:
        if str(error).startswith("Too many files"):
            raise TooManyFiles(limit=settings.max_files) from None
        raise MalformedRequest() from None
    try:
        files: list[tuple[str, bytes]] = []
        text: str | None = None
        lang: str | None = None
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                data = value.file.read()
                if key != FILE_FIELD or (not value.filename and not data):
                    continue  # a browser sends an empty part when no file was chosen
                files.append((_file_name(value.filename, len(files) + 1), data))
            elif key == "text":
                text = value
            elif key == "lang":
                lang = value
    finally:
        await form.close()
    if not files and not (text or "").strip():
        return Submission(None, lang)
    if files:
        return Submission(Paper(files=tuple(files)), lang)
    return Submission(Paper(text=text), lang)


def _file_name(name: str | None, number: int) -> str:
    """The name without any folders a browser may send (``C:\\Users\\...``)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base[:MAX_NAME] or f"page-{number}"
