"""Skip a regular expression at once when the text lacks every word a match would need.

Python's ``re`` has no fast scan for a case-insensitive alternation of words («должност…»,
"position", "vacancy", …): it tries the whole pattern at every character, and on a short
post most of the extractors' patterns find nothing after trying everywhere.  Read once from
the pattern's own parse tree, :func:`required_literals` gives sets of lower-case strings
such that every match holds one string of each set; ``str in str`` on the lower-cased text
(C speed) then tells in a microsecond whether the scan can find anything at all.  Derived
from the pattern, the sets never fall out of step with it; a pattern with no such set (a
bare ``\\d+``) is always scanned.

Why the lower-cased text is enough: under ``re.IGNORECASE`` a character matches a pattern
letter when their simple lower-case forms are equal, or when they are one of a few
look-alike pairs ``re`` also treats as equal («в» and the old rounded «ᲀ», "s" and "ſ",
Greek sigma and final sigma).  :func:`unsafe_characters` gives the characters for which
``str.lower`` cannot show that; a text holding any of them is always scanned, and a
pattern whose words hold any is never filtered.  ``tests/test_prefilter.py`` checks the
set against every code point.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

__all__ = [
    "finditer",
    "finditer_at_digit_runs",
    "may_match",
    "required_literals",
    "search",
    "unsafe_characters",
]

# Letters ``re`` treats as equal to another letter whose lower case differs
# (re._casefix._EXTRA_CASES: «в»/«ᲀ», "i"/"ı", "s"/"ſ", Greek letter variants…).  The
# plain letters among them are safe: a text letter equal to them lower-cases to them.
_PLAIN = frozenset("isвдостъѣ")


def _re_internal(name: str) -> Any:
    """A module of ``re``'s own implementation, or None on a Python that lacks it."""
    try:
        return importlib.import_module(f"re.{name}")
    except ImportError:  # pragma: no cover - a Python whose re works differently
        return None


_PARSER = _re_internal("_parser")
_OPS = _re_internal("_constants")
_CASEFIX = _re_internal("_casefix")


@lru_cache(maxsize=1)
def unsafe_characters() -> frozenset[str]:
    """Letters whose ``str.lower`` does not show how ``re`` compares them case-blind: the
    odd members of ``re``'s look-alike classes, every letter lower-casing into one («ϴ»
    into «θ»), and «İ», the one letter whose lower case is two characters.  Found once per
    process by a scan of the Basic Multilingual Plane (the look-alikes all lie in it; the
    tests check every code point)."""
    extra: dict[int, tuple[int, ...]] | None = getattr(_CASEFIX, "_EXTRA_CASES", None)
    if extra is None or _PARSER is None or _OPS is None:  # pragma: no cover
        return frozenset()
    odd = {chr(c) for c in extra} | {chr(c) for cs in extra.values() for c in cs}
    odd -= _PLAIN
    odd |= {chr(c) for c in range(0x10000) if chr(c).lower() in odd}
    odd.add("\u0130")
    return frozenset(odd)


@lru_cache(maxsize=1)
def _unsafe_in_text() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(unsafe_characters())) + "]")


_MAX_STRINGS = 64  # exact strings kept per part of a pattern: a bound, not a tuning knob
_MAX_SETS = 6  # required sets checked per pattern

_Strings = frozenset[str]
# For a part of a pattern: every string it can match (None: too many to list), and sets of
# strings of which every match contains one string each (all of them: an "and" of "or"s).
_Info = tuple[_Strings | None, tuple[_Strings, ...]]


@lru_cache(maxsize=256)  # patterns are module constants: a few dozen in all
def required_literals(pattern: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Sets of strings such that every match of ``pattern`` contains one string of each set;
    () when nothing is known (the pattern is always scanned).  Lower-case strings, to look
    for in the lower-cased text, unless the pattern is case-sensitive throughout
    (:func:`_case_sensitive`): then the strings as the pattern has them, to look for in the
    text itself («АО» and "Inc" are much rarer than «ао» and "inc")."""
    if not unsafe_characters() or not isinstance(pattern.pattern, str):
        return ()
    try:
        parsed = _PARSER.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - a Python whose re parses differently
        return ()
    exact, required = _sequence(parsed, fold=not _case_sensitive(pattern))
    if exact is not None and "" not in exact:
        required = (*required, exact)
    # The smallest sets first: they are the quickest to test, and usually the rarest.
    return tuple(sorted(set(required), key=lambda strings: (len(strings), sorted(strings))))[
        :_MAX_SETS
    ]


# An inline flag group that turns case-blindness on: «(?i)», «(?i:…)», «(?mi:…)».
_INLINE_IGNORECASE = re.compile(r"\(\?[aLmsux]*i")


def _case_sensitive(pattern: re.Pattern[str]) -> bool:
    """Whether every letter of ``pattern`` matches only itself: no IGNORECASE flag and no
    inline group that sets it (a pattern that merely names one, in a comment or escaped,
    is taken as case-blind: the lower-cased text is always safe)."""
    return not pattern.flags & re.IGNORECASE and not _INLINE_IGNORECASE.search(pattern.pattern)


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when ``pattern`` cannot match anywhere in ``text``."""
    entry = _CHECKS.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        _checks(pattern)
        entry = _CHECKS[id(pattern)]
    _, checks, case_sensitive = entry
    if not checks:
        return True
    subject = text if case_sensitive else _lowered(text)
    if subject is None:
        return True
    for check in checks:  # noqa: SIM110 - a dozen calls a post: a loop beats all(generator)
        if check.search(subject) is None:
            return False
    return True


def _checks(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], ...]:
    """Each required set as one case-sensitive alternation of plain strings: ``re`` scans
    for those in C, several times faster than ``in`` for each of dozens of month names.

    Kept by the pattern's id, not by the pattern: hashing a compiled pattern hashes its
    whole program, every call.  The entry holds the pattern, so the id stays its own."""
    entry = _CHECKS.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        if len(_CHECKS) >= _MAX_PATTERNS:  # a bound: callers pass module constants
            _CHECKS.clear()
        checks = tuple(re.compile(_trie(strings)) for strings in required_literals(pattern))
        entry = _CHECKS[id(pattern)] = (pattern, checks, _case_sensitive(pattern))
    return entry[1]


_MAX_PATTERNS = 256


def _trie(strings: Iterable[str]) -> str:
    """A case-sensitive pattern that matches where any of ``strings`` starts, as a trie of
    their letters («д(?:ва|ве|ес)…»): at each position ``re`` tries only the branch of the
    letter it sees, not every string in turn (several times faster on dozens of number
    words).  A string that another one extends is enough on its own: only whether there is
    a match is asked, never what it is."""
    root: dict[str, dict[str, Any]] = {}
    for string in strings:
        node = root
        for ch in string:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        if "" in node:
            return ""  # a string ends here: whatever may follow, there is a match
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items())]
        if len(branches) <= 1:
            return "".join(branches)  # no strings at all: the check asks nothing, as before
        return "(?:" + "|".join(branches) + ")"

    return pattern(root)


# id -> (the pattern, its checks, whether they look at the text itself, not lower-cased)
_CHECKS: dict[int, tuple[re.Pattern[str], tuple[re.Pattern[str], ...], bool]] = {}


def finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, skipped when the text cannot hold a match."""
    return pattern.finditer(text) if may_match(pattern, text) else iter(())


def search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern.search(text)``, skipped when the text cannot hold a match."""
    return pattern.search(text) if may_match(pattern, text) else None


_DIGIT_RUN = re.compile(r"\d+")


def finditer_at_digit_runs(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match starts with a digit that
    follows no digit (numbers, dates): tried only where a run of digits starts.

    ``re`` finds the runs in C; a pattern that opens with look-behinds is slow to fail at
    every other character.  The caller vouches for the pattern's shape (``money._NUMBER``,
    ``dates._NUMERIC``, ``dates._ISO``; the tests compare the two scans)."""
    end = 0
    for run in _DIGIT_RUN.finditer(text):
        if run.start() < end:
            continue  # inside the last match, where the scan would not look again
        found = pattern.match(text, run.start())
        if found is not None:
            end = found.end()
            yield found


@lru_cache(maxsize=4)  # the extractors of one document ask about the same text in turn
def _lowered(text: str) -> str | None:
    """``text`` lower-cased, or None when it holds a letter lower-casing cannot account for."""
    return None if _unsafe_in_text().search(text) else text.lower()


# --------------------------------------------------------------------------- the parse tree


def _sequence(items: Iterable[tuple[Any, Any]], fold: bool) -> _Info:
    """Parts in a row: each part's required sets hold for the row, and runs of exactly
    known parts join into longer strings («п» «а» «с»… into «паспорт»)."""
    run: _Strings = frozenset({""})  # every string the current run of parts can match
    whole = True  # every part so far is exactly known
    required: list[_Strings] = []
    for op, av in items:
        exact, needs = _node(op, av, fold)
        required.extend(needs)
        if exact is not None and len(run) * len(exact) <= _MAX_STRINGS:
            run = frozenset(a + b for a in run for b in exact)
            continue
        whole = False
        if "" not in run:
            required.append(run)
        run = exact if exact is not None and len(exact) <= _MAX_STRINGS else frozenset({""})
    if not whole and "" not in run:
        required.append(run)
    return (run if whole else None), tuple(required)


def _node(op: Any, av: Any, fold: bool) -> _Info:
    c = _OPS
    if op is c.LITERAL:
        return _letters([av], fold)
    if op is c.IN:
        items = list(av)
        if len(items) <= 16 and all(kind is c.LITERAL for kind, _ in items):
            return _letters([value for _, value in items], fold)
        return None, ()
    if op is c.SUBPATTERN:
        return _sequence(av[3], fold)
    if op is c.ATOMIC_GROUP:
        return _sequence(av, fold)
    if op is c.BRANCH:
        return _branch([_sequence(alternative, fold) for alternative in av[1]])
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, high, body = av
        exact, required = _sequence(body, fold)
        if low == 0:
            optional = exact is not None and high == 1
            return (exact | {""} if optional and exact is not None else None), ()
        if exact is not None and "" not in exact:
            required = (*required, exact)
        return (exact if low == high == 1 else None), required
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return frozenset({""}), ()  # zero width: asks nothing of the text we rely on
    return None, ()  # any character, a class, a back-reference: anything at all


def _letters(codes: list[int], fold: bool) -> _Info:
    """A literal letter or a small class of them, lower-cased (``fold``; unknown if any is
    unsafe) or, in a case-sensitive pattern, as they are."""
    if not fold:
        return frozenset(map(chr, codes)), ()
    letters = set()
    for code in codes:
        ch = chr(code)
        lower = ch.lower()
        if len(lower) != 1 or ch in unsafe_characters() or lower in unsafe_characters():
            return None, ()
        letters.add(lower)
    return frozenset(letters), ()


def _branch(alternatives: list[_Info]) -> _Info:
    """Alternatives: each must contribute one set, and their union is required."""
    exacts = [exact for exact, _ in alternatives]
    exact: _Strings | None = None
    if all(e is not None for e in exacts):
        union = frozenset().union(*(e for e in exacts if e is not None))
        exact = union if len(union) <= _MAX_STRINGS else None
    required: set[str] = set()
    for alt_exact, alt_required in alternatives:
        sets: list[_Strings] = [*alt_required]
        if alt_exact is not None and "" not in alt_exact:
            sets.append(alt_exact)
        if not sets:
            return exact, ()  # one alternative needs nothing: neither does the branch
        best: _Strings = max(sets, key=_selectivity)
        required.update(best)
    return exact, (frozenset(required),)


def _selectivity(strings: _Strings) -> tuple[int, int]:
    """Longer shortest strings, then fewer of them, make a set rarer in real text."""
    return min(map(len, strings)), -len(strings)
