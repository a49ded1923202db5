"""Which language a request is answered in.

In order: the ``lang`` the reader chose (query string or form field), then the first
language of the browser's ``Accept-Language`` that has a catalog, then English.  A chosen
``lang`` that is not a language code at all is an error the reader is told about; a real
language without a catalog is accepted and the report says it fell back to English, as
the command line does.
"""

from __future__ import annotations

from functools import lru_cache

from beforeyousign.i18n import (
    SOURCE_LANGUAGE,
    available_languages,
    is_language_tag,
    normalise_language,
)
from beforeyousign.interfaces.http.problem import UnknownLanguage

MAX_ACCEPT_LANGUAGE = 512  # characters of the header looked at


@lru_cache(maxsize=1)
def shipped() -> tuple[str, ...]:
    """The languages with a catalog, English first."""
    return tuple(sorted(available_languages(), key=lambda c: (c != SOURCE_LANGUAGE, c)))


@lru_cache(maxsize=256)
def known_language(code: str) -> bool:
    """Whether CLDR knows ``code`` as a language (so ``xx`` or ``qq`` are refused)."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return False
    return True


def chosen_language(tag: str | None) -> str | None:
    """The normalised code of a ``lang`` the reader chose, None when none was; raises
    :class:`UnknownLanguage` for a value that is not a known language code."""
    if tag is None or not tag.strip():
        return None
    tag = tag.strip()
    shown = tag[:40]
    if len(tag) > 40 or not is_language_tag(tag):
        raise UnknownLanguage(language=shown)
    code = normalise_language(tag)
    if code not in shipped() and not known_language(code):
        raise UnknownLanguage(language=shown)
    return code


def browser_language(header: str | None) -> str:
    """The first language of ``Accept-Language`` (by weight, then order) with a catalog;
    English when there is none."""
    if not header:
        return SOURCE_LANGUAGE
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(header[:MAX_ACCEPT_LANGUAGE].split(",")):
        tag, _sep, params = item.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if tag and tag != "*" and weight > 0 and is_language_tag(tag):
            ranked.append((-weight, position, normalise_language(tag)))
    for _weight, _position, code in sorted(ranked):
        if code in shipped():
            return code
    return SOURCE_LANGUAGE


def request_language(chosen: str | None, accept_language: str | None) -> str:
    """The language to answer in: ``chosen`` (already checked) or the browser's."""
    return chosen or browser_language(accept_language)


def lenient_language(tag: str | None, accept_language: str | None) -> str:
    """For pages and error messages: a ``lang`` that is not valid is passed over."""
    try:
        chosen = chosen_language(tag)
    except UnknownLanguage:
        chosen = None
    return request_language(chosen, accept_language)
