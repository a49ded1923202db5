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
from importlib.resources.abc import Traversable

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
        return _fill(text, params) if params else text

    def plural(self, singular: str, plural: str, n: int, **params: object) -> str:
        return _fill(self.ngettext(singular, plural, n), {"n": n, **params})


def _fill(template: str, params: dict[str, object]) -> str:
    """``template.format(**params)``, without a doubled full stop when a value that ends
    in an abbreviation's dot («30 июня 2025 г.») closes a sentence ("… on {date}.")."""
    for name, value in params.items():
        if isinstance(value, str) and value.endswith("."):
            template = template.replace("{" + name + "}.", "{" + name + "}")
    return template.format(**params)


def available_languages() -> tuple[str, ...]:
    folder = resources.files("beforeyousign.i18n") / "locale"
    found = {SOURCE_LANGUAGE}
    for item in folder.iterdir():
        if (item / "LC_MESSAGES" / f"{DOMAIN}.po").is_file():
            found.add(item.name)
    return tuple(sorted(found))


@lru_cache(maxsize=32)
def reviewed_by_native_speaker(language: str) -> bool:
    """Whether the catalog of ``language`` says a native speaker has reviewed it (header
    ``X-Reviewed-By-Native-Speaker: yes``), so reports can say plainly when not.  English,
    the source language, needs no review; a language without a catalog has none."""
    if language == SOURCE_LANGUAGE:
        return True
    path = resources.files("beforeyousign.i18n") / "locale" / language / "LC_MESSAGES"
    po = path / f"{DOMAIN}.po"
    if not po.is_file():
        return False
    for line in po.read_text(encoding="utf-8").splitlines()[:60]:  # the header entry
        name, _, value = line.strip().strip('"').partition(":")
        if name == "X-Reviewed-By-Native-Speaker":
            return value.replace("\\n", "").strip().lower() in ("yes", "true")
    return False


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
    """The reader's language as the environment says, gettext's way: the first variable set
    of LANGUAGE, LC_ALL, LC_MESSAGES, LANG.  LANGUAGE may list several (``ne:hi``): the
    first one with a catalog wins, else the first one listed."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            wanted = [normalise_language(part) for part in value.split(":") if part]
            if wanted:
                shipped = available_languages()
                return next((code for code in wanted if code in shipped), wanted[0])
    return normalise_language(locale.getlocale()[0])


class _Translators:
    """``translator(language)``: the Translator for ``language``, else for the environment's
    language.  Cached per language code; the environment is read on every call, so a
    changed LANGUAGE is seen (``translator.cache_clear()`` also rereads the catalogs)."""

    def __call__(self, language: str | None = None) -> Translator:
        requested = normalise_language(language) if language else language_from_environment()
        return _translator(requested)

    def cache_clear(self) -> None:
        _translator.cache_clear()
        _catalog_header.cache_clear()
        reviewed_by_native_speaker.cache_clear()


translator = _Translators()


@lru_cache(maxsize=32)
def _translator(requested: str) -> Translator:
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


# --- what each catalog says about itself -------------------------------------------------

REVIEWED_HEADER = "X-Reviewed-By-Native-Speaker"


def _catalog_file(language: str) -> Traversable | None:
    path = resources.files("beforeyousign.i18n") / "locale" / language / "LC_MESSAGES"
    path = path / f"{DOMAIN}.po"
    return path if path.is_file() else None


@lru_cache(maxsize=32)
def _catalog_header(language: str) -> dict[str, str] | None:
    """The header fields of ``language``'s catalog (the first entry), or None without one.
    Read from the text: Babel keeps no ``X-`` fields."""
    path = _catalog_file(normalise_language(language))
    if path is None:
        return None
    text = path.read_text(encoding="utf-8")
    header = text.split("\n\n", 1)[0]
    fields = {}
    for match in re.finditer(r'^"([A-Za-z0-9-]+): ?(.*?)\\n"$', header, flags=re.MULTILINE):
        fields[match.group(1)] = match.group(2).strip()
    return fields


def catalog_reviewed(language: str) -> bool | None:
    """Whether a native speaker reviewed ``language``'s catalog (its
    ``X-Reviewed-By-Native-Speaker: yes|no`` header field; anything but ``yes`` is no).
    None for English, the source language, and for a language without a catalog."""
    header = _catalog_header(normalise_language(language))
    if header is None:
        return None
    return header.get(REVIEWED_HEADER, "").lower() in ("yes", "true")


def catalog_completeness(language: str) -> tuple[int, int] | None:
    """(translated, total) entries of ``language``'s own catalog, header and obsolete
    entries left out; fuzzy or partly empty ones are not translated.  None for English and
    for a language without a catalog.  Needs no source tree: works on an installed package."""
    from babel.messages.pofile import read_po

    path = _catalog_file(normalise_language(language))
    if path is None:
        return None
    with path.open("rb") as handle:
        catalog = read_po(handle)
    translated = total = 0
    for message in catalog:
        if not message.id:
            continue
        total += 1
        strings = message.string if isinstance(message.string, (tuple, list)) else [message.string]
        if not message.fuzzy and strings and all(s and str(s).strip() for s in strings):
            translated += 1
    return translated, total
