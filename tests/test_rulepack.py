"""Rule packs: the bundled packs load, broken packs say which file and field is wrong, and
the pattern matcher (phrases, prefixes, window, negation, ``unless``, scope) does what
``analysis/patterns.py`` says, tested with the fake :class:`PlainLemmatizer`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import pytest

from beforeyousign.analysis.lemmas import Lemmatizer, PlainLemmatizer
from beforeyousign.analysis.patterns import NEGATORS, Hit, PatternRule, TokenIndex, parse_group
from beforeyousign.analysis.rulepack import bundled_packs, load_pack
from beforeyousign.analysis.tokens import Token, tokenize
from beforeyousign.errors import RulePackError
from beforeyousign.knowledge.taxonomy import DOC_TYPES, FLAGS

RULES_DIR = Path(str(resources.files("beforeyousign.analysis") / "rules"))
PACK_FILES = sorted(RULES_DIR.glob("*.yaml"))


def gap(reason: str) -> pytest.MarkDecorator:
    """A row the code gets wrong today; the reason says what is wrong."""
    return pytest.mark.xfail(strict=True, reason=reason)


# --- bundled packs --------------------------------------------------------------------------


def test_every_pack_file_is_bundled() -> None:
    assert {"ru", "en", "es"} <= {p.stem for p in PACK_FILES}
    assert [pack.language for pack in bundled_packs()] == [p.stem for p in PACK_FILES]


@pytest.mark.parametrize("path", PACK_FILES, ids=lambda p: p.name)
def test_bundled_pack_loads(path: Path) -> None:
    pack = load_pack(path)
    assert pack.language == path.stem
    assert pack.rules
    ids = [rule.id for rule in pack.rules]
    assert len(ids) == len(set(ids))
    for rule in pack.rules:
        assert rule.id.startswith(f"{pack.language}.{rule.flag}.")
        assert rule.flag in FLAGS
        assert rule.groups and all(rule.groups)
        assert 0 < rule.weight <= 1
        assert rule.window >= 1
        assert rule.scope in ("sentence", "adjacent", "document")
        assert rule.doc_types is None or rule.doc_types <= set(DOC_TYPES)
        assert rule.requires <= set(FLAGS)


@pytest.mark.parametrize("path", PACK_FILES, ids=lambda p: p.name)
def test_bundled_pack_loads_from_text_too(path: Path) -> None:
    from_file = load_pack(path)
    from_text = load_pack(path, text=path.read_text("utf-8"))
    assert [r.id for r in from_text.rules] == [r.id for r in from_file.rules]
    assert from_text.legal_facts_checked == from_file.legal_facts_checked


# --- malformed packs ------------------------------------------------------------------------

HEADER = "language: ru\nlegal_facts_checked: 2026-11-25\n"


def pack_with_rule(rule: str, flag: str = "document_retention") -> str:
    """A pack holding one rule; ``rule`` is the YAML of the rule's mapping, one key a line."""
    lines = rule.strip().splitlines()
    body = "\n".join(["      - " + lines[0], *("        " + line for line in lines[1:])])
    return f"{HEADER}rules:\n  {flag}:\n{body}\n"


GOOD_RULE = 'id: passport\nall: ["паспорт", "хран* | сда*"]'
R0 = "rules.document_retention[0]"

MALFORMED = [
    pytest.param("- a list\n- not a mapping\n", "(top)", id="not-a-mapping"),
    pytest.param("just a string\n", "(top)", id="scalar-not-a-mapping"),
    pytest.param("", "(top)", id="empty-file"),
    pytest.param("legal_facts_checked: 2026-11-25\nrules: {}\n", "language", id="missing-language"),
    pytest.param(
        "language: 7\nlegal_facts_checked: 2026-11-25\nrules: {}\n",
        "language",
        id="language-not-a-string",
    ),
    pytest.param("language: ru\nrules: {}\n", "legal_facts_checked", id="missing-date"),
    pytest.param(
        "language: ru\nlegal_facts_checked: soon\nrules: {}\n",
        "legal_facts_checked",
        id="bad-date-word",
    ),
    pytest.param(
        "language: ru\nlegal_facts_checked: 25.11.2026\nrules: {}\n",
        "legal_facts_checked",
        id="bad-date-format",
    ),
    pytest.param(
        "language: ru\nlegal_facts_checked: 2026-13-45\nrules: {}\n",
        "legal_facts_checked",
        id="bad-date-impossible",
    ),
    pytest.param(HEADER, "rules", id="missing-rules"),
    pytest.param(HEADER + "rules: [a, b]\n", "rules", id="rules-not-a-mapping"),
    pytest.param(
        HEADER + "rules:\n  made_up_flag: []\n", "rules.made_up_flag", id="unknown-flag-id"
    ),
    pytest.param(
        HEADER + "rules:\n  document_retention: {id: x}\n",
        "rules.document_retention",
        id="flag-entries-not-a-list",
    ),
    pytest.param(
        HEADER + "rules:\n  document_retention:\n    - just a string\n", R0, id="rule-not-a-mapping"
    ),
    pytest.param(pack_with_rule('all: ["паспорт"]'), f"{R0}.id", id="rule-missing-id"),
    pytest.param(pack_with_rule("id: passport"), f"{R0}.all", id="rule-missing-all"),
    pytest.param(pack_with_rule('id: passport\nall: "паспорт"'), f"{R0}.all", id="all-not-a-list"),
    pytest.param(pack_with_rule("id: passport\nall: []"), f"{R0}.all", id="all-empty-list"),
    pytest.param(
        pack_with_rule('id: passport\nall: ["паспорт", " | "]'), f"{R0}.all", id="empty-group"
    ),
    pytest.param(
        pack_with_rule('id: passport\nall: ["паспорт", ""]'), f"{R0}.all", id="blank-group"
    ),
    pytest.param(
        pack_with_rule('id: passport\nall: ["паспорт", 5]'), f"{R0}.all", id="group-not-a-string"
    ),
    pytest.param(pack_with_rule(GOOD_RULE + '\nunles: ["копия"]'), R0, id="unknown-key-misspelt"),
    pytest.param(pack_with_rule(GOOD_RULE + "\nflag: isolation"), R0, id="unknown-key"),
    pytest.param(pack_with_rule(GOOD_RULE + "\nweight: 1.5"), f"{R0}.weight", id="weight-above-1"),
    pytest.param(pack_with_rule(GOOD_RULE + "\nweight: 0"), f"{R0}.weight", id="weight-zero"),
    pytest.param(
        pack_with_rule(GOOD_RULE + "\nweight: -0.2"), f"{R0}.weight", id="weight-negative"
    ),
    pytest.param(
        pack_with_rule(GOOD_RULE + "\nweight: high"), f"{R0}.weight", id="weight-not-a-number"
    ),
    pytest.param(
        pack_with_rule(GOOD_RULE + "\nweight: true"),
        f"{R0}.weight",
        id="weight-boolean",
    ),
    pytest.param(pack_with_rule(GOOD_RULE + "\nwindow: 0"), f"{R0}.window", id="window-zero"),
    pytest.param(pack_with_rule(GOOD_RULE + "\nwindow: 2.5"), f"{R0}.window", id="window-float"),
    pytest.param(pack_with_rule(GOOD_RULE + "\nscope: paragraph"), f"{R0}.scope", id="bad-scope"),
    pytest.param(
        pack_with_rule(GOOD_RULE + "\ndoc_types: [job_ad]"),
        f"{R0}.doc_types",
        id="unknown-doc-type",
    ),
    pytest.param(
        pack_with_rule(GOOD_RULE + "\ndoc_types: job_offer"),
        f"{R0}.doc_types",
        id="doc-types-not-a-list",
    ),
    pytest.param(
        pack_with_rule(GOOD_RULE + "\nrequires: [army]"), f"{R0}.requires", id="unknown-requires"
    ),
    pytest.param(
        pack_with_rule(GOOD_RULE + "\nrequires: military_service"),
        f"{R0}.requires",
        id="requires-not-a-list",
    ),
    pytest.param(
        pack_with_rule(GOOD_RULE + '\nunless: ["копи*", ""]'), f"{R0}.unless", id="blank-unless"
    ),
    pytest.param(
        pack_with_rule(GOOD_RULE + '\nunless: "копи*"'),
        f"{R0}.unless",
        id="unless-not-a-list",
    ),
    pytest.param(
        pack_with_rule(GOOD_RULE + "\nweight: 0.75\nwindow: 12\nweight: 0.9"),
        "(file)",
        id="duplicate-key-in-rule",
    ),
    pytest.param(
        HEADER
        + "rules:\n  document_retention:\n"
        + '    - {id: same, all: ["паспорт"]}\n'
        + '    - {id: same, all: ["удостоверение личности"]}\n',
        "ru.document_retention.same",
        id="duplicate-rule-id",
    ),
    pytest.param(
        HEADER + 'rules:\n  document_retention:\n    - id: x\n      all: ["паспорт"\n',
        "(file)",
        id="invalid-yaml-unclosed-bracket",
    ),
    pytest.param(
        HEADER + "rules:\n  document_retention:\n  - id: x\n   all: [a]\n",
        "(file)",
        id="invalid-yaml-bad-indent",
    ),
    pytest.param(
        "language: ru\n\tlegal_facts_checked: 2026-11-25\n", "(file)", id="invalid-yaml-tab"
    ),
]


@pytest.mark.parametrize(("text", "field"), MALFORMED)
def test_malformed_pack_names_file_and_field(text: str, field: str) -> None:
    path = "packs/broken-ru.yaml"
    with pytest.raises(RulePackError) as caught:
        load_pack(path, text=text)
    error = caught.value
    assert error.params["path"] == path
    assert error.params["field"] == field
    assert error.params["reason"]
    assert path in str(error)
    assert field in str(error)


def test_duplicate_rule_id_in_different_flags_is_allowed() -> None:
    text = (
        HEADER + "rules:\n"
        '  document_retention:\n    - {id: same, all: ["паспорт"]}\n'
        '  isolation:\n    - {id: same, all: ["телефон"]}\n'
    )
    pack = load_pack("two-flags.yaml", text=text)
    assert [r.id for r in pack.rules] == ["ru.document_retention.same", "ru.isolation.same"]


def test_missing_file_raises_rule_pack_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(RulePackError) as caught:
        load_pack(missing)
    assert caught.value.params["path"] == str(missing)
    assert caught.value.params["field"] == "(file)"


def test_valid_rule_defaults_and_options() -> None:
    text = pack_with_rule(GOOD_RULE) + (
        "  disguised_role:\n"
        "    - id: role\n"
        '      all: ["водител*"]\n'
        "      doc_types: [job_offer, recruiter_chat]\n"
        "      requires: [military_service]\n"
        "      scope: adjacent\n"
        "      negation: false\n"
        "      window: 5\n"
        "      weight: 1\n"
        '      unless: ["такси | курьер*"]\n'
    )
    first, second = load_pack("ok.yaml", text=text).rules
    assert first.id == "ru.document_retention.passport"
    assert (first.window, first.weight, first.negation, first.scope) == (12, 0.8, True, "sentence")
    assert first.doc_types is None and first.requires == frozenset() and first.unless == ()
    assert second.doc_types == frozenset({"job_offer", "recruiter_chat"})
    assert second.requires == {"military_service"}
    assert (second.window, second.weight, second.negation, second.scope) == (
        5,
        1.0,
        False,
        "adjacent",
    )
    assert len(second.unless) == 2


# --- the pattern matcher, with the fake lemmatizer ------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def index_for(text: str, rule: PatternRule, lemmatizer: Lemmatizer | None = None) -> TokenIndex:
    """Tokens of ``text`` (a sentence ends at . ! or ?) indexed for ``rule``'s words."""
    starts = [0, *(m.end() for m in _SENTENCE_END.finditer(text))]
    tokens = tokenize(text, starts, lemmatizer or PlainLemmatizer())
    return TokenIndex(tokens, rule.words, text)


def make_rule(*groups: str, unless: Sequence[str] = (), **options: Any) -> PatternRule:
    """A rule of ``groups`` (pack syntax); ``options`` are the other PatternRule fields."""
    return PatternRule(
        id="test.rule",
        flag="document_retention",
        language="xx",
        groups=tuple(parse_group(g) for g in groups),
        unless=tuple(p for source in unless for p in parse_group(source)),
        **options,
    )


def matched(text: str, *groups: str, **options: Any) -> list[str]:
    """The matched words of every combination the rule finds in ``text``."""
    rule = make_rule(*groups, **options)
    index = index_for(text, rule)
    return [_words(text, index.tokens, combo) for combo in rule.find(index)]


def _words(text: str, tokens: Sequence[Token], combo: tuple[Hit, ...]) -> str:
    return " / ".join(text[tokens[h.first].start : tokens[h.last].end] for h in combo)


class DictLemmatizer(PlainLemmatizer):
    """A fake with a few Russian lemmas, to show that a plain word matches any lemma."""

    LEMMAS: ClassVar[dict[str, str]] = {
        "паспортом": "паспорт",
        "паспорта": "паспорт",
        "хранит": "хранить",
    }

    def lemmas(self, word: str) -> frozenset[str]:
        form = word.lower()
        return frozenset({form, self.LEMMAS.get(form, form)})


def test_parse_group_splits_alternatives_words_and_prefixes() -> None:
    group = parse_group("Удостоверение  Личности | deduct* | ЁЛКА")
    assert [[(w.text, w.prefix) for w in phrase] for phrase in group] == [
        [("удостоверение", False), ("личности", False)],
        [("deduct", True)],
        [("елка", False)],
    ]
    assert parse_group(" | ") == ()


PHRASE_ROWS = [
    pytest.param("Паспорт хранится в сейфе.", ["паспорт"], ["Паспорт"], id="case-folded"),
    pytest.param("Её паспорт хранится.", ["паспорт"], ["паспорт"], id="single-word"),
    pytest.param(
        "Сдать удостоверение личности.",
        ["удостоверение личности"],
        ["удостоверение личности"],
        id="two-word-phrase",
    ),
    pytest.param(
        "Удостоверение водителя и личности.", ["удостоверение личности"], [], id="phrase-contiguous"
    ),
    pytest.param(
        "Передать удостоверение. Личности не раскрываем.",
        ["удостоверение личности"],
        [],
        id="phrase-not-across-sentences",
    ),
    pytest.param("Ёлка стоит.", ["елка"], ["Ёлка"], id="yo-folded-to-ye"),
    pytest.param("The fee is deducted.", ["deduct*"], ["deducted"], id="prefix"),
    pytest.param("Deductions apply.", ["deduct*"], ["Deductions"], id="prefix-capitalised"),
    pytest.param("The fee is deducted.", ["deduct"], [], id="exact-word-not-prefix"),
    pytest.param("Паспортом распоряжается он.", ["паспорт"], [], id="plain-fake-has-no-lemmas"),
    pytest.param(
        "The fee is deducted. The cost is deducted too.",
        ["deduct*"],
        ["deducted", "deducted"],
        id="one-combination-per-sentence",
    ),
    pytest.param(
        "Deducted, deducted, deducted.", ["deduct*"], ["Deducted"], id="one-per-sentence-only"
    ),
    pytest.param(
        "Hand over your passport.", ["passport | id card"], ["passport"], id="alternatives"
    ),
]


@pytest.mark.parametrize(("text", "groups", "expected"), PHRASE_ROWS)
def test_phrases_and_prefixes(text: str, groups: list[str], expected: list[str]) -> None:
    assert matched(text, *groups) == expected


def test_a_word_matches_any_lemma_of_a_token() -> None:
    rule = make_rule("паспорт", "хранить")
    for text in ("Паспортом хранит он.", "Паспорта хранит он.", "Паспорт хранит он."):
        index = index_for(text, rule, DictLemmatizer())
        assert len(rule.find(index)) == 1, text
    plain = index_for("Паспортом хранит он.", rule)
    assert rule.find(plain) == []


WINDOW_ROWS = [
    # "passport" .. "kept": tokens 1..5 of "The passport is always safely kept" -> span 5
    pytest.param("The passport is always safely kept.", 5, True, id="span-equals-window"),
    pytest.param("The passport is always safely kept.", 4, False, id="span-above-window"),
    pytest.param("Kept safely always is the passport.", 6, True, id="order-free"),
    pytest.param("Kept safely always is the passport.", 5, False, id="order-free-span-6"),
    pytest.param("The passport is kept.", 1, False, id="window-1-two-words"),
]


@pytest.mark.parametrize(("text", "window", "found"), WINDOW_ROWS)
def test_window_counts_tokens_first_to_last(text: str, window: int, found: bool) -> None:
    assert bool(matched(text, "passport*", "kept", window=window)) is found


def test_combination_picks_the_nearest_hit_of_each_group() -> None:
    text = "Kept by the HR office: the passport, which is kept in a safe."
    assert matched(text, "passport", "kept") == ["passport / kept"]
    rule = make_rule("passport", "kept")
    index = index_for(text, rule)
    (combo,) = rule.find(index)
    assert index.tokens[combo[1].first].start == text.rindex("kept")


NEGATION_ROWS = [
    pytest.param("The fee is deducted.", ["fee*", "deduct*"], {}, True, id="plain"),
    pytest.param(
        "The fee is not deducted.", ["fee*", "deduct*"], {}, False, id="negator-before-group"
    ),
    pytest.param("No fee is deducted.", ["fee*", "deduct*"], {}, False, id="negator-before-anchor"),
    pytest.param(
        "Never the old new visa fee is deducted.",
        ["fee*", "deduct*"],
        {},
        True,
        id="negator-5-tokens-back-is-out-of-reach",
    ),
    pytest.param(
        "Never: the visa fee is deducted.",
        ["fee*", "deduct*"],
        {},
        True,
        id="punctuation-ends-the-negation",
    ),
    pytest.param(
        "Never the visa fee is deducted.",
        ["fee*", "deduct*"],
        {},
        False,
        id="negator-3-tokens-back-is-in-reach",
    ),
    pytest.param(
        "Not today. The fee is deducted.",
        ["fee*", "deduct*"],
        {},
        True,
        id="negator-in-previous-sentence",
    ),
    pytest.param(
        "The fee is not deducted.",
        ["fee*", "deduct*"],
        {"negation": False},
        True,
        id="negation-off",
    ),
    pytest.param(
        "The fee is deducted, not refunded.",
        ["fee*", "deduct*"],
        {},
        True,
        id="negator-after-match",
    ),
    pytest.param(
        "Работник не вправе расторгнуть договор.",
        ["не вправе", "расторгнуть"],
        {},
        True,
        id="own-phrase-negator-ru",
    ),
    pytest.param(
        "Работник не вправе расторгнуть договор.",
        ["вправе", "расторгнуть"],
        {},
        False,
        id="same-text-without-own-negator",
    ),
    pytest.param(
        "Workers may not leave the camp.",
        ["may not", "leave"],
        {},
        True,
        id="own-phrase-negator-en",
    ),
    pytest.param(
        "No se permite salir del recinto.",
        ["no se permite", "salir"],
        {},
        True,
        id="own-phrase-negator-es",
    ),
    pytest.param(
        "Работник никогда не вправе расторгнуть договор.",
        ["не вправе", "расторгнуть"],
        {},
        True,
        id="never-is-not-a-negator",
    ),
    pytest.param(
        "Работник, нет, не вправе расторгнуть договор.",
        ["не вправе", "расторгнуть"],
        {},
        True,  # «нет,» set off by commas answers a question; it does not negate what follows
        id="answer-particle-before-own-phrase",
    ),
    pytest.param(
        "Работник нет не вправе расторгнуть договор.",
        ["не вправе", "расторгнуть"],
        {},
        False,
        id="second-negator-before-own-phrase",
    ),
]


@pytest.mark.parametrize(("text", "groups", "options", "found"), NEGATION_ROWS)
def test_negation(text: str, groups: list[str], options: dict[str, Any], found: bool) -> None:
    assert bool(matched(text, *groups, **options)) is found


def test_negators_cover_the_three_languages() -> None:
    assert {"не", "нет", "без", "not", "no", "never", "without", "sin", "nunca"} <= NEGATORS


UNLESS_ROWS = [
    pytest.param("Работодатель хранит копию паспорта.", False, id="unless-in-sentence"),
    pytest.param("Работодатель хранит паспорт.", True, id="no-unless"),
    pytest.param(
        "Работодатель хранит паспорт. Копию отдаёт работнику.", True, id="unless-other-sentence"
    ),
    pytest.param(
        "Копия у работника. Работодатель хранит паспорт. Копию отдаёт.",
        True,
        id="unless-before-and-after",
    ),
    pytest.param(
        "Работодатель хранит паспорт и копию паспорта.", False, id="unless-anywhere-in-sentence"
    ),
]


@pytest.mark.parametrize(("text", "found"), UNLESS_ROWS)
def test_unless_cancels_only_its_sentence(text: str, found: bool) -> None:
    assert bool(matched(text, "паспорт*", "хран*", unless=["копи*"])) is found


def test_unless_phrase_is_a_phrase() -> None:
    groups = ("passport*", "kept")
    assert not matched("Passport kept: you keep it.", *groups, unless=["you keep"])
    assert matched("Passport kept: keep you calm.", *groups, unless=["you keep"])


SCOPE_ROWS = [
    pytest.param("sentence", "Pay first. The fee is deducted.", [], id="sentence-other"),
    pytest.param(
        "sentence", "Pay the fee, it is deducted.", ["Pay / deducted"], id="sentence-same"
    ),
    pytest.param(
        "adjacent", "Pay first. The fee is deducted.", ["Pay / deducted"], id="adjacent-next"
    ),
    pytest.param("adjacent", "It is deducted. Pay first.", [], id="adjacent-not-previous"),
    pytest.param(
        "adjacent", "Pay first. Then wait. The fee is deducted.", [], id="adjacent-not-two-later"
    ),
    pytest.param(
        "adjacent",
        "Pay first. The fee is deducted. Pay again. It is deducted.",
        ["Pay / deducted", "Pay / deducted"],
        id="adjacent-one-per-anchor-sentence",
    ),
    pytest.param(
        "document",
        "Pay first. Then wait. Later still. The fee is deducted.",
        ["Pay / deducted"],
        id="document-far",
    ),
    pytest.param(
        "document",
        "It is deducted. Then wait. Pay first.",
        ["Pay / deducted"],
        id="document-any-order",
    ),
    pytest.param(
        "document",
        "Pay first. It is deducted. Pay again. It is deducted.",
        ["Pay / deducted"],
        id="document-once",
    ),
]


@pytest.mark.parametrize(("scope", "text", "expected"), SCOPE_ROWS)
def test_scope(scope: str, text: str, expected: list[str]) -> None:
    assert matched(text, "pay", "deduct*", scope=scope) == expected


def test_window_applies_only_to_sentence_scope() -> None:
    text = "Pay first, and only then, after many more words, we talk. It is deducted."
    assert matched(text, "pay", "deduct*", scope="adjacent", window=2) == ["Pay / deducted"]
    assert matched(text, "pay", "deduct*", scope="sentence", window=2) == []


def test_hits_of_different_groups_may_not_overlap() -> None:
    assert matched("The passport is here.", "passport", "passport*") == []
    assert matched("The passport and passports.", "passport", "passport*") == [
        "passport / passports"
    ]


def test_rule_words_include_unless_words() -> None:
    rule = make_rule("паспорт", unless=["копи* паспорта"])
    assert {w.text for w in rule.words} == {"паспорт", "копи", "паспорта"}
