"""Errors of the web service, and every error as an RFC 9457 problem.

The paper's own errors (:mod:`beforeyousign.errors`) keep their HTTP status and stable
``code``; the service adds its own for its limits and for requests it cannot read, in the
same hierarchy, so that one function turns any of them into ``application/problem+json``
with ``title`` and ``detail`` in the reader's language.
"""

from __future__ import annotations

import json
from typing import Any

from beforeyousign.errors import N_, BeforeYouSignError, message_params
from beforeyousign.i18n import Translator

PROBLEM_JSON = "application/problem+json"

#: ``type`` of every problem: the section of the service's own documentation page that
#: describes it (a relative reference, resolved against the service's address).
TYPE_PREFIX = "/docs#problem-"

#: A short title per status, the same for every occurrence (RFC 9457 3.1.3).
TITLES: dict[int, str] = {
    400: N_("The request cannot be read"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    413: N_("Too much to read at once"),
    415: N_("This kind of file or request is not read here"),
    422: N_("The paper cannot be read"),
    429: N_("Too many requests at once"),
    500: N_("Something went wrong"),
    501: N_("Not available here"),
    503: N_("The service is busy"),
}
DEFAULT_TITLE = TITLES[500]


class ServiceError(BeforeYouSignError):
    """A limit of the web service, or a request it cannot read.  ``retry_after`` (seconds)
    becomes the ``Retry-After`` header."""

    http_status = 400
    code = "bad_request"
    message_id = N_(
        "This request is not in a form this service reads. Send the paper as a file in a "
        'form field named "file", or as JSON with a "text" field.'
    )

    def __init__(self, *, retry_after: int | None = None, **params: str | int) -> None:
        super().__init__(**params)
        self.retry_after = retry_after


class MalformedRequest(ServiceError):
    code = "malformed_request"


class InvalidRequest(ServiceError):
    http_status = 422
    code = "invalid_request"


class NothingToRead(ServiceError):
    code = "nothing_to_read"
    message_id = N_(
        "Nothing was sent to read. Choose a photo or a file, or paste the text of the ad or chat."
    )


class UnknownLanguage(ServiceError):
    code = "unknown_language"
    message_id = N_(
        "{language} is not a language code this service knows: use a code such as en, ru, "
        "es, ne or hi."
    )


class NotFound(ServiceError):
    http_status = 404
    code = "not_found"
    message_id = N_("There is nothing at this address.")


class MethodNotAllowed(ServiceError):
    http_status = 405
    code = "method_not_allowed"
    message_id = N_("This address does not take this kind of request.")


class RequestTooLarge(ServiceError):
    http_status = 413
    code = "request_too_large"
    message_id = N_(
        "This is too much to send at once (the limit is {limit} MB). Send the pages of "
        "the contract only, as photos taken with the camera's normal settings."
    )


class TooManyFiles(ServiceError):
    http_status = 413
    code = "too_many_files"
    message_id = N_(
        "Too many files at once: send at most {limit}, the pages of one paper. Send "
        "another paper separately."
    )


class TooManyPages(ServiceError):
    http_status = 413
    code = "too_many_pages"
    message_id = N_(
        "This paper has too many pages for one report (the limit is {limit}). Send the "
        "pages that matter, in several parts."
    )


class UnsupportedMediaType(ServiceError):
    http_status = 415
    code = "unsupported_media_type"
    message_id = N_(
        "Send the paper as a form upload (multipart/form-data) or as JSON (application/json)."
    )


class TooManyRequests(ServiceError):
    http_status = 429
    code = "too_many_requests"
    message_id = N_(
        "Several papers you sent are still being read. Wait for their reports, then send "
        "the next one."
    )


class Busy(ServiceError):
    http_status = 503
    code = "busy"
    message_id = N_("Many people are using this service right now. Try again in a moment.")


class TookTooLong(ServiceError):
    http_status = 503
    code = "took_too_long"
    message_id = N_(
        "Reading this paper is taking too long. Send fewer pages at once, or try again later."
    )


class InternalError(ServiceError):
    http_status = 500
    code = "internal"
    message_id = N_(
        "Something went wrong inside this service. It is not your fault: try again later."
    )


#: Every problem this service can answer with that is its own (for the documentation).
SERVICE_ERRORS: tuple[type[ServiceError], ...] = (
    MalformedRequest,
    InvalidRequest,
    NothingToRead,
    UnknownLanguage,
    NotFound,
    MethodNotAllowed,
    RequestTooLarge,
    TooManyFiles,
    TooManyPages,
    UnsupportedMediaType,
    TooManyRequests,
    Busy,
    TookTooLong,
    InternalError,
)

STATUS_ERRORS: dict[int, type[ServiceError]] = {404: NotFound, 405: MethodNotAllowed}


def detail(error: BeforeYouSignError, _: Translator) -> str:
    """What went wrong and what to do, in the reader's language."""
    return _(error.message_id, **message_params(error.params, _))


def title(status: int, _: Translator) -> str:
    return _(TITLES.get(status, DEFAULT_TITLE))


def problem(error: BeforeYouSignError, _: Translator) -> dict[str, Any]:
    """The RFC 9457 members, plus ``code``: the error's stable id, for programs."""
    return {
        "type": TYPE_PREFIX + error.code,
        "title": title(error.http_status, _),
        "status": error.http_status,
        "detail": detail(error, _),
        "code": error.code,
    }


def problem_headers(error: BeforeYouSignError, _: Translator) -> dict[str, str]:
    headers = {"Content-Language": _.language}
    retry_after = getattr(error, "retry_after", None)
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return headers


def problem_body(error: BeforeYouSignError, _: Translator) -> bytes:
    return json.dumps(problem(error, _), ensure_ascii=False).encode("utf-8")


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details; `title` and `detail` are in the request's "
    "language, `code` is a stable id.",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string", "format": "uri-reference", "example": "/docs#problem-busy"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string", "example": "busy"},
    },
}
