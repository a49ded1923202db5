"""Load and validate the YAML rule packs (``analysis/rules/<lang>.yaml``).

A pack is data a lawyer or translator can edit without writing Python, so a broken pack
must say which file and which field is wrong (:class:`RulePackError`), never crash later.

Format::

    language: ru
    legal_facts_checked: 2026-11-25      # the date the legal facts behind the pack were checked
    rules:
      document_retention:                # a flag id from TAXONOMY.md
        - id: passport_held              # unique within the flag; the full id is
                                         # ru.document_retention.passport_held
          all: ["паспорт | удостоверение личности", "храниться | передать"]
          unless: ["копия"]              # optional: phrases that cancel a match near them
          unless_scope: near             # optional: near (6 words, default) or sentence
          window: 12                     # optional: max tokens from first to last matched word
          weight: 0.9                    # optional: confidence 0..1
          negation: true                 # optional: a negator before a match cancels it
          doc_types: [job_offer]         # optional: only for these document types
          scope: sentence                # optional: sentence (default), adjacent (this
                                         # sentence or the next) or document
          requires: [military_service]   # optional: only if one of these flags is also raised
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from beforeyousign.analysis.lemmas import is_cyrillic, is_russian_word, word_forms
from beforeyousign.analysis.patterns import NEGATORS, PatternRule, parse_group
from beforeyousign.errors import RulePackError
from beforeyousign.knowledge.strict_yaml import load_strict
from beforeyousign.knowledge.taxonomy import DOC_TYPES, FLAGS
from beforeyousign.text.normalise import use_lexicons
from beforeyousign.text.translit import Lexicons, lexicon

_RULE_KEYS = {
    "id",
    "all",
    "unless",
    "unless_scope",
    "window",
    "weight",
    "negation",
    "doc_types",
    "scope",
    "requires",
}


class RulePack:
    """The rules of one language pack, with the date its legal facts were last checked."""

    def __init__(self, language: str, checked: dt.date, rules: tuple[PatternRule, ...]) -> None:
        self.language = language
        self.legal_facts_checked = checked
        self.rules = rules


def load_pack(path: Path | str, text: str | None = None) -> RulePack:
    """Parse and validate one pack; ``text`` overrides reading ``path`` (for tests)."""
    name = str(path)
    try:
        source = text if text is not None else Path(path).read_text("utf-8")
        data = load_strict(source)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        # ValueError: a date YAML reads as a date but the calendar rejects (2026-13-45).
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise RulePackError(path=name, field="(file)", reason=reason) from exc
    if not isinstance(data, dict):
        raise RulePackError(path=name, field="(top)", reason="expected a mapping")
    language = _require(data, "language", str, name, "language")
    checked = _parse_date(
        _require(data, "legal_facts_checked", str, name, "legal_facts_checked"), name
    )
    rules_by_flag = _require(data, "rules", dict, name, "rules")
    rules: list[PatternRule] = []
    for flag, entries in rules_by_flag.items():
        if flag not in FLAGS:
            raise RulePackError(path=name, field=f"rules.{flag}", reason="unknown flag id")
        if not isinstance(entries, list):
            raise RulePackError(path=name, field=f"rules.{flag}", reason="expected a list")
        for i, entry in enumerate(entries):
            rules.append(_parse_rule(entry, flag, language, name, f"rules.{flag}[{i}]"))
    _check_unique([r.id for r in rules], name)
    return RulePack(language, checked, tuple(rules))


def _parse_rule(entry: Any, flag: str, language: str, name: str, where: str) -> PatternRule:
    if not isinstance(entry, dict):
        raise RulePackError(path=name, field=where, reason="expected a mapping")
    unknown = set(entry) - _RULE_KEYS
    if unknown:
        raise RulePackError(path=name, field=where, reason=f"unknown keys {sorted(unknown)}")
    rule_id = _require(entry, "id", str, name, f"{where}.id")
    groups_src = _require(entry, "all", list, name, f"{where}.all")
    groups = tuple(parse_group(_as_str(g, name, f"{where}.all")) for g in groups_src)
    if not groups or any(not g for g in groups):
        raise RulePackError(path=name, field=f"{where}.all", reason="empty group")
    if not isinstance(entry.get("unless", []), list):
        raise RulePackError(path=name, field=f"{where}.unless", reason="expected a list")
    unless = tuple(
        phrase
        for source in entry.get("unless", [])
        for phrase in parse_group(_as_str(source, name, f"{where}.unless"))
    )
    scope = entry.get("scope", "sentence")
    if scope not in ("sentence", "adjacent", "document"):
        raise RulePackError(
            path=name, field=f"{where}.scope", reason="sentence, adjacent or document"
        )
    doc_types = entry.get("doc_types")
    if doc_types is not None and (
        not isinstance(doc_types, list) or not set(doc_types) <= set(DOC_TYPES)
    ):
        raise RulePackError(path=name, field=f"{where}.doc_types", reason="unknown doc type")
    requires = entry.get("requires", [])
    if not isinstance(requires, list) or not set(requires) <= set(FLAGS):
        raise RulePackError(path=name, field=f"{where}.requires", reason="unknown flag id")
    unless_scope = entry.get("unless_scope", "near")
    if unless_scope not in ("near", "sentence"):
        raise RulePackError(path=name, field=f"{where}.unless_scope", reason="near or sentence")
    weight = entry.get("weight", 0.8)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight <= 1:
        raise RulePackError(path=name, field=f"{where}.weight", reason="a number in (0, 1]")
    window = entry.get("window", 12)
    if not isinstance(window, int) or window < 1:
        raise RulePackError(path=name, field=f"{where}.window", reason="a positive integer")
    return PatternRule(
        id=f"{language}.{flag}.{rule_id}",
        flag=flag,
        language=language,
        groups=groups,
        unless=unless,
        window=window,
        weight=float(weight),
        negation=bool(entry.get("negation", True)),
        doc_types=frozenset(doc_types) if doc_types else None,
        scope=scope,
        requires=frozenset(requires),
        unless_scope=unless_scope,
    )


def _require(data: dict[str, Any], key: str, kind: type, name: str, where: str) -> Any:
    if key not in data:
        raise RulePackError(path=name, field=where, reason="missing")
    value = data[key]
    if not isinstance(value, kind):
        raise RulePackError(path=name, field=where, reason=f"expected {kind.__name__}")
    return value


def _parse_date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise RulePackError(
            path=name, field="legal_facts_checked", reason=f"not a date (YYYY-MM-DD): {exc}"
        ) from exc


def _as_str(value: Any, name: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RulePackError(path=name, field=where, reason="expected a non-empty string")
    return value


def _check_unique(ids: list[str], name: str) -> None:
    seen: set[str] = set()
    for rule_id in ids:
        if rule_id in seen:
            raise RulePackError(path=name, field=rule_id, reason="duplicate rule id")
        seen.add(rule_id)


@lru_cache(maxsize=1)
def bundled_packs() -> tuple[RulePack, ...]:
    """Every pack shipped in ``analysis/rules/``, loaded once per process."""
    folder = resources.files("beforeyousign.analysis") / "rules"
    packs = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".yaml"):
            packs.append(load_pack(Path(str(item)), item.read_text("utf-8")))
    return tuple(packs)


@lru_cache(maxsize=1)
def evasion_lexicons() -> Lexicons:
    """The words of the bundled packs, for normalisation to undo tricks that only a known
    word can reveal (digits for letters, a word broken across lines, transliteration).

    Russian: every stem, and every form of every whole word (pymorphy3 gives «ракеты» for
    «ракета»), plus the negators, so «ne» in a transliterated line still negates; other
    languages: their words and stems as written, so an English "contract" or "passport"
    is never read as Russian.
    """
    russian: set[tuple[str, bool]] = {(w, False) for w in NEGATORS if is_cyrillic(w)}
    other: set[tuple[str, bool]] = set()
    for pack in bundled_packs():
        for rule in pack.rules:
            for word in rule.words:
                if pack.language != "ru":
                    other.add((word.text, word.prefix))
                elif word.prefix:
                    russian.add((word.text, True))
                else:
                    russian.update((form, False) for form in word_forms(word.text))
    return Lexicons(lexicon(russian), lexicon(other), is_russian_word)


use_lexicons(evasion_lexicons)
