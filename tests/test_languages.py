"""The reader's language: choosing it, saying when it is not there, what works in each
language (``beforeyousign languages``), and the help at the end of every report (safe next
steps and help contacts, replaceable with ``--contacts``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from beforeyousign.analysis.rulepack import bundled_packs
from beforeyousign.errors import ContactsError
from beforeyousign.i18n import (
    available_languages,
    catalog_completeness,
    catalog_reviewed,
    language_from_environment,
    support,
    translator,
)
from beforeyousign.interfaces.cli import main
from beforeyousign.knowledge.help_contacts import TOPICS, bundled_contacts, load_contacts
from beforeyousign.knowledge.legal import LEGAL_FACTS_CHECKED
from beforeyousign.knowledge.safety import NEXT_STEPS, NEXT_STEPS_TITLE
from beforeyousign.report.render_text import NOT_REVIEWED

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text("utf-8"))
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
FALLBACK = "Your language (xx) is not available yet; this report is in English."

CONTRACT = (
    "КОНТРАКТ\nо прохождении военной службы\n\n"
    "1. Гражданин добровольно поступает на военную службу и обязуется проходить её "
    "в Вооружённых Силах Российской Федерации в течение одного года.\n"
    "2. Денежное довольствие составляет не менее 204 000 рублей в месяц.\n"
)

LOCAL_CONTACTS = """\
contacts:
  - name: Kathmandu Migrant Helpdesk (test)
    helps_with: [recruitment_advice, legal_advice]
    note: Open Sunday to Friday.
    reach:
      phone: "+977 1 0000000"
      email: help@example.org
    languages: [ne, en]
    countries: [NP]
    source: https://example.org/contacts
    checked: 2026-10-01
"""


@pytest.fixture(autouse=True)
def english_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for variable in LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANGUAGE", "en")
    translator.cache_clear()
    yield
    translator.cache_clear()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def paper(tmp_path: Path) -> Path:
    path = tmp_path / "contract.txt"
    path.write_text(CONTRACT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def invoke(runner: CliRunner, *args: str | Path) -> Result:
    result = runner.invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def flat(text: str) -> str:
    return " ".join(text.split())


# --- choosing the reader's language -------------------------------------------------------


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LC_ALL": "ru_RU.UTF-8", "LANG": "de_DE.UTF-8"}, "ru"),
        ({"LC_MESSAGES": "es_ES.UTF-8"}, "es"),
        ({"LANGUAGE": "xx:ru:en", "LANG": "de_DE.UTF-8"}, "ru"),  # first one with a catalog
        ({"LANGUAGE": "de:xx"}, "de"),  # none has one: the first is what was asked
        ({"LANG": "C.UTF-8"}, "en"),
    ],
)
def test_language_from_the_environment(
    environment: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    assert language_from_environment() == expected
    assert translator(None).requested == expected


def test_translator_sees_a_changed_environment_without_cache_clear(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert translator(None).language == "en"
    monkeypatch.setenv("LANGUAGE", "ru")
    assert translator(None).language == "ru"
    assert translator(None) is translator("ru") is translator("ru_RU.UTF-8")  # still cached
    monkeypatch.setenv("LANGUAGE", "xx")
    assert (translator(None).language, translator(None).requested) == ("en", "xx")


def test_check_uses_the_environment_language(
    runner: CliRunner, paper: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LANGUAGE")
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    report = json.loads(invoke(runner, "check", "--format", "json", paper).stdout)
    assert report["text_language"] == "ru"
    assert report["reader_language"] is None  # not said by the reader: no language flag
    assert "text_language_fallback" not in report


def test_unknown_language_says_so_in_the_first_line(runner: CliRunner, paper: Path) -> None:
    result = invoke(runner, "check", "--lang", "xx", paper)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == FALLBACK
    assert "VERDICT:" in result.stdout  # and the rest is in English


def test_unknown_language_from_the_environment_says_so_too(
    runner: CliRunner, paper: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "xx")
    assert invoke(runner, "check", paper).stdout.splitlines()[0] == FALLBACK


def test_unknown_language_is_named_in_the_json(
    runner: CliRunner, paper: Path, validator: jsonschema.Draft202012Validator
) -> None:
    report = json.loads(invoke(runner, "check", "--format", "json", "--lang", "xx", paper).stdout)
    validator.validate(report)
    assert report["text_language"] == "en"
    assert report["text_language_fallback"] == {"requested": "xx", "used": "en"}


def test_english_has_no_fallback_line_and_no_review_note(runner: CliRunner, paper: Path) -> None:
    text = invoke(runner, "check", "--lang", "en", paper).stdout
    assert text.startswith("beforeyousign — contract.txt\n")
    assert flat(NOT_REVIEWED) not in flat(text)


def test_unreviewed_translation_says_so_before_the_verdict(runner: CliRunner, paper: Path) -> None:
    assert catalog_reviewed("ru") is False  # the Russian catalog's header says "no"
    _ = translator("ru")
    text = invoke(runner, "check", "--lang", "ru", paper).stdout
    note = flat(_(NOT_REVIEWED))
    verdict = _("VERDICT: {verdict}", verdict="").strip()
    assert note in flat(text)
    assert flat(text).index(note) < flat(text).index(verdict)


def test_catalog_header_and_completeness() -> None:
    assert catalog_reviewed("en") is None  # the source language has no catalog
    assert catalog_reviewed("xx") is None
    assert catalog_completeness("en") is None
    counts = catalog_completeness("ru")
    assert counts is not None
    translated, total = counts
    assert total > 100 and 0 < translated <= total


# --- beforeyousign languages --------------------------------------------------------------


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine with espeak-ng voices for English and Russian only, and Tesseract data
    for Russian and Uzbek (Cyrillic) only."""
    tessdata = tmp_path / "tessdata"
    tessdata.mkdir()
    for name in ("rus", "uzb_cyrl"):
        (tessdata / f"{name}.traineddata").write_bytes(b"")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tessdata))
    monkeypatch.setattr(support, "TESSDATA_FOLDERS", ())
    monkeypatch.setattr(support, "espeak_voices", lambda: frozenset({"en-gb", "en-us", "ru"}))


def test_languages_json_lists_every_reader_language(runner: CliRunner, machine: None) -> None:
    result = invoke(runner, "languages", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["text_language"] == "en"
    rows: dict[str, dict[str, Any]] = {row["code"]: row for row in data["languages"]}
    assert next(iter(rows)) == "en"
    assert set(rows) == set(available_languages())
    packs = {pack.language for pack in bundled_packs()}
    for code, row in rows.items():
        assert row["rules"] == (code in packs), code
        assert row["speech"] == (code in ("en", "ru")), code
        assert row["ocr"] == (code in ("ru", "uz")), code
        assert row["name_en"] and row["name_native"]
        assert 0 <= row["catalog"]["percent"] <= 100
    assert rows["en"]["reviewed_by_native_speaker"] is None
    assert rows["en"]["catalog"]["percent"] == 100
    assert (rows["ru"]["name_en"], rows["ru"]["name_native"]) == ("Russian", "русский")
    assert rows["ru"]["reviewed_by_native_speaker"] is False
    translated, total = catalog_completeness("ru") or (0, 0)
    assert rows["ru"]["catalog"] == {
        "translated": translated,
        "total": total,
        "percent": translated * 100 // total,
    }


def test_languages_text_table(runner: CliRunner, machine: None) -> None:
    result = invoke(runner, "languages")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["code", "in", "English", "in"]
    rows = {line.split()[0]: line.split() for line in lines[1:] if line[:3].strip().isalpha()}
    assert set(available_languages()) <= set(rows)
    assert rows["ru"][:3] == ["ru", "Russian", "русский"]
    assert " ".join(rows["en"][-5:]) == "source language yes no yes"  # review, speech, OCR, rules
    assert rows["ru"][-4:] == ["no", "yes", "yes", "yes"]
    assert "espeak-ng is not installed" not in result.stdout


def test_languages_in_the_readers_language(runner: CliRunner, machine: None) -> None:
    _ = translator("ru")
    heading = invoke(runner, "languages", "--lang", "ru").stdout.splitlines()[0]
    assert heading.split()[0] == _("code")
    assert _("native review") in heading


def test_languages_in_an_unknown_language(runner: CliRunner, machine: None) -> None:
    assert invoke(runner, "languages", "--lang", "xx").stdout.splitlines()[0] == FALLBACK
    data = json.loads(invoke(runner, "languages", "--lang", "xx", "--format", "json").stdout)
    assert data["text_language_fallback"] == {"requested": "xx", "used": "en"}


def test_languages_without_espeak(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    support.espeak_voices.cache_clear()
    monkeypatch.setattr(support, "ESPEAK", "no-such-espeak-ng-here")
    try:
        data = json.loads(invoke(runner, "languages", "--format", "json").stdout)
        assert {row["speech"] for row in data["languages"]} == {None}
        assert "espeak-ng is not installed" in invoke(runner, "languages").stdout
    finally:
        support.espeak_voices.cache_clear()


def test_somali_has_no_tesseract_model() -> None:
    assert "so" not in support.TESSERACT_CODES
    assert not support.has_ocr_data("so")


def test_rule_pack_lookup_agrees_with_the_loaded_packs() -> None:
    packs = {pack.language for pack in bundled_packs()}
    assert packs
    for code in {*packs, "so", "ar", "xx"}:
        assert support.has_rule_pack(code) == (code in packs), code


# --- safe next steps and help contacts ----------------------------------------------------


def test_text_report_ends_with_next_steps_and_the_bundled_contacts(
    runner: CliRunner, paper: Path
) -> None:
    text = flat(invoke(runner, "check", paper).stdout)
    tail = text[text.index(NEXT_STEPS_TITLE) :]
    for step in NEXT_STEPS:
        assert flat(step) in tail
    for contact in bundled_contacts().contacts:
        assert contact.name in tail
        assert contact.source in tail
    assert "These are international organisations, not local services." in tail


def test_json_report_carries_the_help(
    runner: CliRunner, paper: Path, validator: jsonschema.Draft202012Validator
) -> None:
    report = json.loads(invoke(runner, "check", "--format", "json", paper).stdout)
    validator.validate(report)
    help_ = report["help"]
    assert [step["message_id"] for step in help_["next_steps"]] == list(NEXT_STEPS)
    assert [c["name"] for c in help_["contacts"]] == [c.name for c in bundled_contacts().contacts]
    assert help_["contacts_are_default"] is True


def test_bundled_contacts_cite_their_source_and_invent_nothing() -> None:
    contacts = bundled_contacts()
    assert contacts.bundled and contacts.contacts
    for contact in contacts.contacts:
        assert contact.source.startswith("https://")
        assert contact.checked == LEGAL_FACTS_CHECKED
        assert contact.phone is None and contact.email is None  # nothing guessed
    legal = (ROOT.parent / "shared" / "design" / "LEGAL.md").resolve()
    if legal.is_file():  # every bundled organisation is one the project's sources cite
        text = legal.read_text("utf-8")
        for contact in contacts.contacts:
            acronym = contact.name.rsplit("(", 1)[-1].rstrip(")")
            assert acronym in text, contact.name


def test_contacts_file_replaces_the_list(
    runner: CliRunner, paper: Path, tmp_path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text(LOCAL_CONTACTS, encoding="utf-8")
    text = flat(invoke(runner, "check", "--contacts", path, paper).stdout)
    assert "Kathmandu Migrant Helpdesk (test)" in text
    assert "+977 1 0000000" in text and "help@example.org" in text
    assert "Open Sunday to Friday." in text
    assert flat(TOPICS["recruitment_advice"]) in text
    assert "Languages: Nepali and English" in text
    assert "Where: Nepal" in text
    assert "checked on October 1, 2026" in text
    for contact in bundled_contacts().contacts:
        assert contact.name not in text
    assert "These are international organisations" not in text

    report = json.loads(
        invoke(runner, "check", "--format", "json", "--contacts", path, paper).stdout
    )
    validator.validate(report)
    (contact,) = report["help"]["contacts"]
    assert contact["reach"] == {"url": None, "phone": "+977 1 0000000", "email": "help@example.org"}
    assert contact["helps_with"][0] == {
        "id": "recruitment_advice",
        "text": TOPICS["recruitment_advice"],
    }
    assert report["help"]["contacts_are_default"] is False


def test_broken_contacts_file_exits_8_naming_the_field(
    runner: CliRunner, paper: Path, tmp_path: Path
) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text(LOCAL_CONTACTS.replace("[NP]", "[Nepal]"), encoding="utf-8")
    result = invoke(runner, "check", "--contacts", path, paper)
    assert result.exit_code == ContactsError.exit_code == 8
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert "ours.yaml" in line and "contacts[0].countries[0]" in line


def test_loader_reads_a_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text(LOCAL_CONTACTS, encoding="utf-8")
    contacts = load_contacts(path)
    assert not contacts.bundled
    (contact,) = contacts.contacts
    assert contact.helps_with == ("recruitment_advice", "legal_advice")
    assert (contact.url, contact.phone) == (None, "+977 1 0000000")
    assert contact.languages == ("ne", "en") and contact.countries == ("NP",)
    assert contact.checked.isoformat() == "2026-10-01"


BROKEN = {
    "not-yaml": ("contacts: [", "(file)"),
    "duplicate-key": (LOCAL_CONTACTS + "    name: again\n", "(file)"),
    "not-a-mapping": ("- a\n- b\n", "(top)"),
    "unknown-top-key": (LOCAL_CONTACTS + "hotlines: []\n", "(top)"),
    "empty-list": ("contacts: []\n", "contacts"),
    "unknown-key": (LOCAL_CONTACTS + "    fax: 123\n", "contacts[0]"),
    "no-name": (LOCAL_CONTACTS.replace("  - name: Kathmandu Migrant Helpdesk (test)\n    ", "  - "),
                "contacts[0].name"),
    "unknown-topic": (LOCAL_CONTACTS.replace("legal_advice]", "visas]"),
                      "contacts[0].helps_with[1]"),
    "no-reach": (LOCAL_CONTACTS.replace("    reach:\n", "").replace("      phone", "    phone")
                 .replace("      email", "    email"), "contacts[0]"),  # phone is not a key here
    "reach-missing": (LOCAL_CONTACTS.replace("    reach:\n", "").replace(
                      '      phone: "+977 1 0000000"\n', "").replace(
                      "      email: help@example.org\n", ""), "contacts[0].reach"),
    "empty-reach": (LOCAL_CONTACTS.replace('      phone: "+977 1 0000000"\n', "")
                    .replace("      email: help@example.org\n", "")
                    .replace("    reach:\n", "    reach: {}\n"), "contacts[0].reach"),
    "phone-with-letters": (LOCAL_CONTACTS.replace('"+977 1 0000000"', "call Ram"),
                           "contacts[0].reach.phone"),
    "bad-email": (LOCAL_CONTACTS.replace("help@example.org", "help at example"),
                  "contacts[0].reach.email"),
    "bad-url": (LOCAL_CONTACTS.replace("      email: help@example.org\n",
                                       "      url: www.example.org\n"), "contacts[0].reach.url"),
    "bad-language": (LOCAL_CONTACTS.replace("[ne, en]", "[Nepali]"), "contacts[0].languages[0]"),
    "unquoted-world-code": (LOCAL_CONTACTS.replace("[NP]", "[001]"),
                            "contacts[0].countries[0]"),
    "source-not-a-url": (LOCAL_CONTACTS.replace("https://example.org/contacts", "our website"),
                         "contacts[0].source"),
    "no-source": (LOCAL_CONTACTS.replace("    source: https://example.org/contacts\n", ""),
                  "contacts[0].source"),
    "bad-date": (LOCAL_CONTACTS.replace("2026-10-01", "2026-13-45"), "contacts[0].checked"),
    "no-date": (LOCAL_CONTACTS.replace("    checked: 2026-10-01\n", ""), "contacts[0].checked"),
}  # fmt: skip


@pytest.mark.parametrize(("text", "field"), BROKEN.values(), ids=list(BROKEN))
def test_broken_contacts_name_their_field(text: str, field: str) -> None:
    with pytest.raises(ContactsError) as caught:
        load_contacts("ours.yaml", text)
    assert caught.value.params["path"] == "ours.yaml"
    assert caught.value.params["field"] == field, caught.value


def test_missing_contacts_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ContactsError) as caught:
        load_contacts(tmp_path / "gone.yaml")
    assert caught.value.params["field"] == "(file)"
    assert "gone.yaml" in str(caught.value)


def test_schema_knows_every_help_topic() -> None:
    topics = SCHEMA["$defs"]["help_contact"]["properties"]["helps_with"]["items"]
    assert topics["properties"]["id"]["enum"] == list(TOPICS)
