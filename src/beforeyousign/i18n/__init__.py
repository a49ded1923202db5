"""Translation of user-facing sentences, through gettext catalogs.

Catalogs are ``i18n/locale/<ll>/LC_MESSAGES/beforeyousign.po``; they are read with Babel at
run time (no compiled ``.mo`` files to keep in step).  English is the source language:
msgids are English sentences, so English needs no catalog.  A language without a catalog
falls back to English, and :func:`translator` says so.
"""

from __future__ import annotations

import locale
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

SOURCE_LANGUAGE = "en"
DOMAIN = "beforeyousign"


@dataclass(frozen=True)
class Translator:
    language: str  # the language actually used
    requested: str
    gettext: Callable[[str], str]
    ngettext: Callable[[str, str, int], str]

    @property
    def fell_back(self) -> bool:
        return self.language != self.requested

    def __call__(self, message: str, **params: object) -> str:
        text = self.gettext(message)
        return text.format(**params) if params else text

    def plural(self, singular: str, plural: str, n: int, **params: object) -> str:
        return self.ngettext(singular, plural, n).format(n=n, **params)


def available_languages() -> tuple[str, ...]:
    folder = resources.files("beforeyousign.i18n") / "locale"
    found = {SOURCE_LANGUAGE}
    for item in folder.iterdir():
        if (item / "LC_MESSAGES" / f"{DOMAIN}.po").is_file():
            found.add(item.name)
    return tuple(sorted(found))


_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*(?:\.[\w-]+)?(?:@\w+)?")


def is_language_tag(tag: str) -> bool:
    """'ru', 'pt-BR', 'ru_RU.UTF-8' are tags; 'русский' or 'Nepali' are not."""
    return bool(_LANGUAGE_TAG.fullmatch(tag))


def normalise_language(tag: str | None) -> str:
    """'ru_RU.UTF-8' -> 'ru'; 'pt-BR' -> 'pt'; None or 'C' -> 'en'."""
    code = (tag or "").replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    if code in ("", "c", "posix") or not code.isalpha() or len(code) not in (2, 3):
        return SOURCE_LANGUAGE
    return code


def language_from_environment() -> str:
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return normalise_language(value.split(":")[0])
    return normalise_language(locale.getlocale()[0])


@lru_cache(maxsize=16)
def translator(language: str | None = None) -> Translator:
    requested = normalise_language(language) if language else language_from_environment()
    if requested == SOURCE_LANGUAGE or requested not in available_languages():
        return Translator(SOURCE_LANGUAGE, requested, lambda m: m, _english_plural)
    singular, plurals, plural_index = _load_catalog(requested)

    def ngettext(one: str, many: str, n: int) -> str:
        forms = plurals.get(one)
        if not forms:
            return _english_plural(one, many, n)
        index = min(plural_index(n), len(forms) - 1)
        return forms[index] or _english_plural(one, many, n)

    return Translator(requested, requested, lambda m: singular.get(m) or m, ngettext)


def _english_plural(one: str, many: str, n: int) -> str:
    return one if n == 1 else many


def _load_catalog(
    language: str,
) -> tuple[dict[str, str], dict[str, tuple[str, ...]], Callable[[int], int]]:
    import gettext

    from babel.messages.pofile import read_po

    path = resources.files("beforeyousign.i18n") / "locale" / language / "LC_MESSAGES"
    with (path / f"{DOMAIN}.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    singular: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, (tuple, list)):
            plurals[str(message.id[0])] = tuple(str(s) for s in (message.string or ()))
        elif message.string:
            singular[str(message.id)] = str(message.string)
    return singular, plurals, gettext.c2py(catalog.plural_expr)
