"""The shipped catalogs translate every message the code uses, and the runtime uses them.

Messages are extracted fresh from the source (same keywords and babel.cfg as
``scripts/update_catalogs.py``), so a string added without a translation fails here.
To see what is missing: ``.venv/bin/python scripts/update_catalogs.py --check``.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from click.testing import CliRunner

from beforeyousign.i18n import normalise_language, translator
from beforeyousign.interfaces.cli import main
from beforeyousign.knowledge.taxonomy import FLAGS
from beforeyousign.report.build import verdict

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "beforeyousign"
LOCALE_DIR = SOURCE / "i18n" / "locale"
CATALOGS = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/beforeyousign.po"))
RUSSIAN_PLURAL_FORMS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def _load_script() -> ModuleType:
    name = "update_catalogs"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


update_catalogs = _load_script()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """Extract into a temporary .pot, as the script's --check does, and read it back."""
    pot = tmp_path_factory.mktemp("i18n") / "beforeyousign.pot"
    update_catalogs.write_template(update_catalogs.extract_template(ROOT), pot)
    with pot.open("rb") as handle:
        return read_po(handle)


def _messages(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


def _key(message: Message) -> str:
    return str(message.id[0]) if isinstance(message.id, (list, tuple)) else str(message.id)


def _is_plural(message: Message) -> bool:
    return isinstance(message.id, (list, tuple))


def _strings(message: Message) -> list[str]:
    """The translation, one item per plural form ("" where it is missing)."""
    if isinstance(message.string, (list, tuple)):
        return [str(s or "") for s in message.string]
    return [str(message.string or "")]


def _load(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=path.parents[1].name)


def _flat(text: str) -> str:
    return " ".join(text.split())


catalog_params = pytest.mark.parametrize(
    "path", CATALOGS, ids=[p.parents[1].name for p in CATALOGS]
)


# --- extraction ---------------------------------------------------------------------------


def test_there_is_a_russian_catalog() -> None:
    assert LOCALE_DIR / "ru" / "LC_MESSAGES" / "beforeyousign.po" in CATALOGS


def test_extraction_finds_the_marked_messages(template: Catalog) -> None:
    ids = {_key(m) for m in _messages(template)}
    assert len(ids) > 100
    # One of each way of marking: N_ in errors.py, _() in the renderer, N_plural pairs.
    assert "Something went wrong while reading this file." in ids
    assert "VERDICT: {verdict}" in ids
    plurals = {(str(m.id[0]), str(m.id[1])) for m in _messages(template) if _is_plural(m)}
    assert {
        ("{n} year", "{n} years"),
        ("{n} month", "{n} months"),
        ("{n} week", "{n} weeks"),
        ("{n} day", "{n} days"),
    } <= plurals
    # Plural msgids are not also extracted as singular ones.
    assert "{n} years" not in ids


def test_every_single_line_literal_marker_is_extracted(template: Catalog) -> None:
    """A cross-check independent of Babel: N_("...") and _("...") literals found by a
    plain regex are all in the template, so a wrong keyword spec cannot hide strings."""
    ids = {_key(m) for m in _messages(template)}
    literal = re.compile(r'(?<![\w.])(?:N_|_)\(\s*"((?:[^"\\]|\\.)+)"\s*[,)]')
    found = {
        ast.literal_eval(f'"{match.group(1)}"')
        for path in SOURCE.rglob("*.py")
        for match in literal.finditer(path.read_text(encoding="utf-8"))
    }
    assert found, "the regex found no markers at all"
    assert sorted(found - ids) == []


# --- catalogs -----------------------------------------------------------------------------


@catalog_params
def test_catalog_translates_every_message(path: Path, template: Catalog) -> None:
    catalog = _load(path)
    assert not catalog.fuzzy, "the catalog header is marked fuzzy"
    missing, empty, fuzzy, shape = [], [], [], []
    for message in _messages(template):
        found = catalog.get(message.id)
        if found is None:
            missing.append(_key(message))
            continue
        if found.fuzzy:
            fuzzy.append(_key(message))
        if _is_plural(found) != _is_plural(message):
            shape.append(_key(message))
            continue
        strings = _strings(found)
        if _is_plural(found) and len(strings) != catalog.num_plurals:
            shape.append(_key(message))
        if not all(s.strip() for s in strings):
            empty.append(_key(message))
    hint = "run: .venv/bin/python scripts/update_catalogs.py, then translate"
    assert missing == [], hint
    assert empty == [], hint
    assert fuzzy == []
    assert shape == []


@catalog_params
def test_catalog_has_no_obsolete_or_stale_entries(path: Path, template: Catalog) -> None:
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"^#~", text, flags=re.MULTILINE)
    assert not _load(path).obsolete
    ids = {_key(m) for m in _messages(template)}
    stale = [_key(m) for m in _messages(_load(path)) if _key(m) not in ids]
    assert stale == [], "run: .venv/bin/python scripts/update_catalogs.py"


@catalog_params
def test_placeholders_are_kept(path: Path) -> None:
    wrong = []
    for message in _messages(_load(path)):
        ids = [str(i) for i in message.id] if _is_plural(message) else [str(message.id)]
        strings = _strings(message)
        wanted = update_catalogs.placeholders(ids[0])
        if any(update_catalogs.placeholders(i) != wanted for i in ids):
            wrong.append((ids[0], "msgid and msgid_plural differ"))
        for string in strings:
            if update_catalogs.placeholders(str(string)) != wanted:
                wrong.append((ids[0], str(string)))
                continue
            try:  # no stray braces: the translation formats like the msgid does
                str(string).format(**dict.fromkeys(wanted, "X"))
            except (KeyError, IndexError, ValueError) as error:
                wrong.append((ids[0], f"{string}: {error}"))
    assert wrong == []


def test_placeholder_helper() -> None:
    assert update_catalogs.placeholders("{a} and {b!r} and {c:>3} but {{d}}") == {"a", "b", "c"}
    assert update_catalogs.placeholders("no fields") == set()


def test_russian_catalog_header() -> None:
    path = LOCALE_DIR / "ru" / "LC_MESSAGES" / "beforeyousign.po"
    text = path.read_text(encoding="utf-8")
    assert f'"Plural-Forms: {RUSSIAN_PLURAL_FORMS}\\n"' in text
    # Not yet reviewed by a native-speaker legal translator: said in the header comment and
    # in a header field that reports can read.
    assert '"X-Reviewed-By-Native-Speaker: no\\n"' in update_catalogs.extra_header_lines(text)
    assert "NOT REVIEWED" in _load(path).header_comment


def test_script_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert update_catalogs.main(["--check"]) == 0, capsys.readouterr().out


# --- runtime ------------------------------------------------------------------------------


def test_russian_translator_translates_verdict_and_flag() -> None:
    _ = translator("ru")
    assert (_.language, _.requested, _.fell_back) == ("ru", "ru", False)
    message_id = verdict("military_contract", ()).message_id
    text = _("VERDICT: {verdict}", verdict=_(message_id))
    assert text.startswith("ВЫВОД:")
    assert "ВОЕННОЙ СЛУЖБЕ" in text
    explanation = FLAGS["military_service"].explanation_id
    assert _(explanation) != explanation
    assert CYRILLIC.search(_(explanation))


def test_unknown_language_falls_back_to_english() -> None:
    _ = translator("xx")
    assert _.language == "en"
    assert _.requested == "xx"
    assert _.fell_back
    assert _("VERDICT: {verdict}", verdict="v") == "VERDICT: v"
    assert _.plural("{n} year", "{n} years", 2) == "2 years"


def test_locale_style_tag_selects_russian() -> None:
    _ = translator("ru_RU.UTF-8")
    assert _.language == "ru"
    assert not _.fell_back
    assert _("KEY TERMS:") != "KEY TERMS:"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("C", "en"),
        ("POSIX", "en"),
        ("C.UTF-8", "en"),
        ("en_US.UTF-8", "en"),
        ("pt-BR", "pt"),
        (None, "en"),
        ("", "en"),
        ("sr@latin", "sr"),
        ("ru_RU.UTF-8", "ru"),
        ("RU", "ru"),
    ],
)
def test_normalise_language(tag: str | None, expected: str) -> None:
    assert normalise_language(tag) == expected


@pytest.mark.parametrize(
    ("n", "year", "day"),
    [
        (1, "1 год", "1 день"),
        (2, "2 года", "2 дня"),
        (5, "5 лет", "5 дней"),
        (11, "11 лет", "11 дней"),
        (21, "21 год", "21 день"),
        (22, "22 года", "22 дня"),
        (25, "25 лет", "25 дней"),
    ],
)
def test_russian_plural_forms(n: int, year: str, day: str) -> None:
    _ = translator("ru")
    assert _.plural("{n} year", "{n} years", n) == year
    assert _.plural("{n} day", "{n} days", n) == day


# --- the command line ---------------------------------------------------------------------

SHORT_MILITARY_CONTRACT = """\
КОНТРАКТ
о прохождении военной службы

Министерство обороны Российской Федерации, с одной стороны, и иностранный гражданин
Иванов Иван, с другой стороны, заключили настоящий контракт.

1. Иностранный гражданин добровольно поступает на военную службу и обязуется проходить ее
в Вооруженных Силах Российской Федерации сроком на 1 (один) год.
2. Контракт действует до окончания периода частичной мобилизации.
3. Паспорт военнослужащего передается на хранение командиру воинской части.
"""


def test_cli_renders_a_russian_report(tmp_path: Path, template: Catalog) -> None:
    paper = tmp_path / "contract.txt"
    paper.write_text(SHORT_MILITARY_CONTRACT, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(paper), "--lang", "ru"])
    assert result.exit_code == 0, result.output
    report = _flat(result.stdout)
    _ = translator("ru")
    russian_verdict = _(verdict("military_contract", ()).message_id)
    assert _flat(_("VERDICT: {verdict}", verdict=russian_verdict)) in report
    assert "VERDICT:" not in report
    # It found flags, and none of their English sentences is left.
    assert "[КРИТИЧЕСКИЙ РИСК]" in report
    for info in FLAGS.values():
        for english in (info.title_id, info.explanation_id, info.advice_id):
            assert _flat(english) not in report
    # Nor any other English message (its text up to the first placeholder) that has a
    # Russian translation of its own.
    leftovers = []
    for message in _messages(template):
        key = _key(message)
        fragment = _flat(key.split("{")[0])
        translated = not _is_plural(message) and _(key) != key
        if translated and len(fragment) >= 12 and fragment in report:
            leftovers.append(key)
    assert leftovers == []
