"""The web service: the upload page and the HTTP API, in one ASGI application.

``create_app(settings)`` builds it; ``beforeyousign serve`` runs it with uvicorn.  The
routes only read the request, hand the paper to the worker pool (:mod:`.pool`) and turn
the result, or the error, into a response: the analysis is the pipeline's, the pages are
the renderers'.

Privacy: bodies are read into memory only (:mod:`.forms`); nothing of a paper, a text or
a report is stored or logged.  The log has one line per request with the method, the
route's template (never the path or query string a user typed), the status, the sizes
and the time, and one line per analysis with counts, sizes and time.  An unexpected
error is logged by its type and place, never its message, which could quote the paper.
Every response says ``Cache-Control: no-store`` and ``Referrer-Policy: no-referrer``,
and its Content-Security-Policy lets a page load nothing but its own inline CSS and
``data:`` images.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Query
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from beforeyousign.errors import BeforeYouSignError
from beforeyousign.i18n import Translator, translator
from beforeyousign.interfaces.http import jobs
from beforeyousign.interfaces.http.forms import read_submission
from beforeyousign.interfaces.http.language import (
    chosen_language,
    lenient_language,
    request_language,
    shipped,
)
from beforeyousign.interfaces.http.pages import docs_page, form_page, with_way_back
from beforeyousign.interfaces.http.pool import WorkerPool
from beforeyousign.interfaces.http.problem import (
    PROBLEM_JSON,
    PROBLEM_SCHEMA,
    SERVICE_ERRORS,
    STATUS_ERRORS,
    InternalError,
    InvalidRequest,
    MalformedRequest,
    ServiceError,
    problem_body,
    problem_headers,
)
from beforeyousign.interfaces.http.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

log = logging.getLogger("beforeyousign.http")
access_log = logging.getLogger("beforeyousign.http.access")

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}

DESCRIPTION = (
    "Reads a Russian recruitment contract, job ad or recruiter chat (photos of its pages, "
    "a PDF, a Word file, or text) and says, in the reader's language, what it would bind "
    "them to, quoting the paper. Runs offline; keeps nothing."
)
LANG_DESCRIPTION = (
    "The language the reader reads (ISO 639-1: en, ru, es, fr, ar, hi, ne, bn, si, ta, so, "
    "uz...). The report is written in it and a paper in another language is flagged. "
    "Default: the first language of Accept-Language that has a catalog, else English."
)


# --- the middleware around everything ----------------------------------------------------


class Guard:
    """Security headers on every response, one access-log line with no content, and the
    last word on any error that escaped: a 500 problem, logged by type and place only."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        sizes = {"in": 0, "out": 0, "status": 0}

        async def counted_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                sizes["in"] += len(message.get("body", b""))
            return message

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                sizes["status"] = message["status"]
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.decode("latin-1").lower() not in SECURITY_HEADERS]  # fmt: skip
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message["headers"] = headers
            elif message["type"] == "http.response.body":
                sizes["out"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception as exc:
            log.error("unexpected %s at %s", type(exc).__name__, _where(exc))
            if not sizes["status"]:
                _ = translator(_scope_language(scope))
                error = InternalError()
                headers = [(b"content-type", PROBLEM_JSON.encode())]
                headers += [(k.lower().encode(), v.encode())
                            for k, v in problem_headers(error, _).items()]  # fmt: skip
                await guarded_send({"type": "http.response.start", "status": 500,
                                    "headers": headers})  # fmt: skip
                await guarded_send({"type": "http.response.body", "body": problem_body(error, _)})
        finally:
            route = scope.get("route")
            access_log.info(
                "%s %s %d in=%dB out=%dB %.0fms",
                scope.get("method", "-"),
                getattr(route, "path", "-"),  # the route's template, never what was typed
                sizes["status"],
                sizes["in"],
                sizes["out"],
                (time.perf_counter() - started) * 1000,
            )


def _where(exc: BaseException) -> str:
    """The innermost frame of ``exc`` as file:line: enough to find a bug, and no data."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{last.filename.rsplit('/', 1)[-1]}:{last.lineno}"


def _scope_language(scope: Scope) -> str:
    from urllib.parse import parse_qs

    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    accept = next((v.decode("latin-1") for k, v in scope.get("headers", [])
                   if k.lower() == b"accept-language"), None)  # fmt: skip
    return lenient_language((query.get("lang") or [None])[0], accept)


# --- the application -----------------------------------------------------------------------


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web page and the HTTP API, with the limits of ``settings``."""
    from beforeyousign import __version__

    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from beforeyousign.i18n.support import language_support

        pool = WorkerPool(
            settings.worker_count,
            settings.capacity,
            settings.per_client,
            settings.retry_after_seconds,
        )
        app.state.pool = pool
        app.state.languages = await pool.call(language_support)
        if settings.warm_up:
            started = time.perf_counter()
            await pool.call(jobs.warm_up, shipped())
            log.info("warmed up in %.1fs", time.perf_counter() - started)
        log.info(
            "ready: %d workers, %d requests admitted at once, %d per client, %.0fs per request",
            pool.workers, pool.capacity, settings.per_client, settings.timeout_seconds,
        )  # fmt: skip
        try:
            yield
        finally:
            pool.shutdown()

    app = FastAPI(
        title="beforeyousign",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # Swagger UI and ReDoc load their code from a CDN: see /docs
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.add_middleware(Guard)

    def pool_of(request: Request) -> WorkerPool:
        pool: WorkerPool = request.app.state.pool
        return pool

    def client_of(request: Request) -> str:
        return request.client.host if request.client else "unknown"

    def answer_language(request: Request) -> str:
        language: str | None = getattr(request.state, "language", None)
        if language:
            return language
        return lenient_language(
            request.query_params.get("lang"), request.headers.get("accept-language")
        )

    def problem_response(error: BeforeYouSignError, request: Request) -> Response:
        _ = translator(answer_language(request))
        return Response(
            problem_body(error, _),
            status_code=error.http_status,
            media_type=PROBLEM_JSON,
            headers=problem_headers(error, _),
        )

    # --- errors ------------------------------------------------------------------------

    async def on_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, BeforeYouSignError)
        return problem_response(exc, request)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        known = STATUS_ERRORS.get(exc.status_code)
        if known is not None:
            error: ServiceError = known()
        else:
            error = InternalError() if exc.status_code >= 500 else MalformedRequest()
        response = problem_response(error, request)
        if exc.headers and "allow" in {k.lower() for k in exc.headers}:
            response.headers["Allow"] = next(v for k, v in exc.headers.items()
                                             if k.lower() == "allow")  # fmt: skip
        return response

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        return problem_response(InvalidRequest(), request)

    app.add_exception_handler(BeforeYouSignError, on_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)

    problem_responses: dict[int | str, dict[str, Any]] = {
        status: {"description": description,
                 "content": {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}}}
        for status, description in (
            (400, "Not a request this service reads (malformed_request, nothing_to_read, "
                  "unknown_language)"),
            (413, "Too much at once (request_too_large, too_many_files, too_many_pages, "
                  "input_too_large, image_too_large)"),
            (415, "Not a kind of file or request read here (unsupported_format, "
                  "unsupported_media_type)"),
            (422, "The paper cannot be read (empty_input, corrupt_file, encrypted_file, "
                  "no_text_found, needs_ocr ...)"),
            (429, "This client has too many requests in flight (too_many_requests); "
                  "Retry-After"),
            (503, "Busy, or the paper took too long (busy, took_too_long); Retry-After"),
        )
    }  # fmt: skip

    # --- the API ---------------------------------------------------------------------------

    @app.post(
        "/v1/analyse",
        summary="Analyse a paper; the JSON report",
        description="Multipart: one or more `file` parts (the pages of one paper, in order: "
        "photos, PDF, DOCX, HTML or text) and an optional `lang` field; or a `text` field "
        '(form or URL-encoded); or JSON `{"text": "...", "lang": "ne"}`. Returns the JSON '
        "report (docs/report-format.md), its sentences in the reader's language.",
        responses={
            200: {
                "description": "The report",
                "content": {"application/json": {"schema": {"type": "object"}}},
            },
            **problem_responses,
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "file": {
                                    "type": "array",
                                    "items": {"type": "string", "format": "binary"},
                                },
                                "text": {"type": "string"},
                                "lang": {"type": "string", "example": "ne"},
                            },
                        }
                    },
                    "application/x-www-form-urlencoded": {
                        "schema": {
                            "type": "object",
                            "required": ["text"],
                            "properties": {
                                "text": {"type": "string"},
                                "lang": {"type": "string", "example": "ne"},
                            },
                        }
                    },
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["text"],
                            "properties": {
                                "text": {"type": "string"},
                                "lang": {"type": "string", "example": "hi"},
                            },
                        }
                    },
                },
            }
        },
    )
    async def analyse(
        request: Request, lang: str | None = Query(None, description=LANG_DESCRIPTION)
    ) -> Response:
        started = time.perf_counter()
        request.state.language = lenient_language(lang, request.headers.get("accept-language"))
        submission = await read_submission(request, settings, api=True)
        reader = chosen_language(submission.lang or lang)
        language = request_language(reader, request.headers.get("accept-language"))
        request.state.language = language
        paper = submission.require_paper()
        try:
            body = await pool_of(request).run(
                client_of(request), settings.timeout_seconds,
                jobs.json_report, paper, reader, language, settings.max_pages, settings.contacts,
            )  # fmt: skip
        except BeforeYouSignError as error:
            _log_analysis("api", paper, started, error.code)
            raise
        _log_analysis("api", paper, started, "ok")
        return Response(body, media_type="application/json",
                        headers={"Content-Language": language})  # fmt: skip

    @app.get("/v1/languages", summary="Languages a report can be written in, and how well")
    async def languages(
        request: Request, lang: str | None = Query(None, description="Language of the names.")
    ) -> Response:
        from beforeyousign.i18n.support import language_support_dict

        _ = _api_translator(request, lang)
        return _json(language_support_dict(request.app.state.languages, _), _)

    @app.get("/v1/flags", summary="Every warning the analysis can raise")
    async def flags(
        request: Request, lang: str | None = Query(None, description="Language of the texts.")
    ) -> Response:
        from beforeyousign.knowledge.taxonomy import FLAGS

        _ = _api_translator(request, lang)
        return _json({"text_language": _.language, "flags": [
            {"id": f.id, "severity": f.severity, "ilo_indicator": f.ilo_indicator,
             "title": _(f.title_id), "explanation": _(f.explanation_id),
             "advice": _(f.advice_id)} for f in FLAGS.values()]}, _)  # fmt: skip

    @app.get("/healthz", summary="Whether the service is up, and how busy")
    async def healthz(request: Request) -> Response:
        pool = pool_of(request)
        return _json({"status": "ok", "version": __version__, "workers": pool.workers,
                      "capacity": pool.capacity, "in_flight": pool.admitted,
                      "refused": pool.refused}, None)  # fmt: skip

    def _api_translator(request: Request, lang: str | None) -> Translator:
        request.state.language = lenient_language(lang, request.headers.get("accept-language"))
        chosen = chosen_language(lang)
        return translator(request_language(chosen, request.headers.get("accept-language")))

    # --- the web page --------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    async def home(request: Request, lang: str | None = None) -> Response:
        _ = translator(lenient_language(lang, request.headers.get("accept-language")))
        return HTMLResponse(form_page(_, settings), headers={"Content-Language": _.language})

    @app.get("/read", include_in_schema=False)
    async def read_again() -> Response:
        return RedirectResponse("/", status_code=303)  # a reload after the report

    @app.post("/read", include_in_schema=False)
    async def read(request: Request, lang: str | None = None) -> Response:
        started = time.perf_counter()
        accept = request.headers.get("accept-language")
        language = lenient_language(lang, accept)
        text = ""
        paper: jobs.Paper | None = None
        try:
            submission = await read_submission(request, settings, api=False)
            language = lenient_language(submission.lang or lang, accept)
            paper = submission.require_paper()
            text = paper.text or ""
            page = await pool_of(request).run(
                client_of(request), settings.timeout_seconds,
                jobs.html_report, paper, language, settings.max_pages, settings.contacts,
            )  # fmt: skip
        except Exception as exc:  # a reader gets the form back with a message, never a trace
            error = exc if isinstance(exc, BeforeYouSignError) else InternalError()
            if not isinstance(exc, BeforeYouSignError):
                log.error("unexpected %s at %s", type(exc).__name__, _where(exc))
            if paper is not None:
                _log_analysis("page", paper, started, error.code)
            _ = translator(language)
            headers = problem_headers(error, _)
            return HTMLResponse(form_page(_, settings, error=error, text=text),
                                status_code=error.http_status, headers=headers)  # fmt: skip
        _log_analysis("page", paper, started, "ok")
        return HTMLResponse(with_way_back(page, language), headers={"Content-Language": language})

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Response:
        return HTMLResponse(docs_page(app.openapi(), _problem_types()))

    return app


def _json(data: Any, _: Translator | None) -> Response:
    import json

    headers = {"Content-Language": _.language} if _ is not None else None
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return Response(body, media_type="application/json", headers=headers)


def _log_analysis(kind: str, paper: jobs.Paper, started: float, outcome: str) -> None:
    """Counts, sizes and time: nothing a paper says, nor its file names."""
    log.info(
        "%s analysis: files=%d bytes=%d text=%s %s %.0fms",
        kind,
        len(paper.files),
        paper.size,
        "yes" if paper.text is not None else "no",
        outcome,
        (time.perf_counter() - started) * 1000,
    )


def _problem_types() -> list[dict[str, Any]]:
    """Every problem the service can answer with, for the documentation page."""
    from beforeyousign import errors

    found: dict[str, type[BeforeYouSignError]] = {}
    for value in vars(errors).values():
        if isinstance(value, type) and issubclass(value, BeforeYouSignError):
            found.setdefault(value.code, value)
    for error_type in SERVICE_ERRORS:
        found.setdefault(error_type.code, error_type)
    english = translator("en")
    return [
        {"code": code, "status": kind.http_status, "detail": english(kind.message_id)}
        for code, kind in sorted(found.items())
        if code not in {"bad_labels", "bad_rule_pack", "bad_contacts_file"}
    ]


__all__ = ["Guard", "ServiceError", "Settings", "create_app"]
