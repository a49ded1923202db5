"""Lengths of time (a contract's term, a notice period) with the exact span they came from.

:func:`find_durations` finds:

* a number and a unit: «6 месяцев», «1 (один) год», «три (3) года», "12 months", "de 6 meses",
  «28 календарных дней», "2 weeks' notice", filled-in forms «__1 (одного)__ года»;
* a number word in any case: «одного года», «двенадцати месяцев», "twenty-four months",
  "seis meses", «двадцать четыре месяца»;
* hyphenated and compound adjectives: "one-year", "6-month", «годичный», «одногодичный»,
  «трёхлетний», «шестимесячный»;
* halves: «полгода» (6 months), «полтора года» (18 months), "1.5 years", "half a year";
* an implied one: «на год», «в течение года», "for a year";
* open-ended terms (``indefinite=True``, value 0, unit ""): «на неопределённый срок»,
  «до окончания периода частичной мобилизации», «до завершения специальной военной операции»,
  "indefinite", "until the end of the special military operation", "tiempo indefinido".

It leaves out dates («2024 года» is a year, not 2024 years), ages («в возрасте от 18 до 45
лет», "Age: 18–45 years") and anything without a unit ("Article 5").

In a range («от 3 до 6 месяцев», "6-12 months") each end is its own :class:`Duration`; the
first end borrows the unit of the second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from beforeyousign.analysis import prefilter

__all__ = ["Duration", "find_durations"]


@dataclass(frozen=True)
class Duration:
    """One length of time and where the text says it."""

    start: int  # span in the input text, end exclusive
    end: int
    value: int
    unit: str  # "year" | "month" | "week" | "day" ("" when indefinite)
    indefinite: bool = False


# --- number words ---------------------------------------------------------------------------


def _ru_soft(word: str) -> list[str]:
    """Case forms of a Russian numeral ending in -ь: пять, пяти, пятью."""
    return [word, word[:-1] + "и", word[:-1] + "ью"]


_RU_WORDS: dict[int, list[str]] = {
    1: ["один", "одного", "одному", "одним", "одном", "одна", "одной", "одну", "одно", "одною"],
    2: ["два", "две", "двух", "двум", "двумя"],
    3: ["три", "трёх", "трех", "трём", "трем", "тремя"],
    4: ["четыре", "четырёх", "четырех", "четырём", "четырем", "четырьмя"],
    8: ["восемь", "восьми", "восемью", "восьмью"],
    40: ["сорок", "сорока"],
    50: ["пятьдесят", "пятидесяти", "пятьюдесятью"],
    60: ["шестьдесят", "шестидесяти", "шестьюдесятью"],
}
for _n, _w in [
    (5, "пять"),
    (6, "шесть"),
    (7, "семь"),
    (9, "девять"),
    (10, "десять"),
    (11, "одиннадцать"),
    (12, "двенадцать"),
    (13, "тринадцать"),
    (14, "четырнадцать"),
    (15, "пятнадцать"),
    (16, "шестнадцать"),
    (17, "семнадцать"),
    (18, "восемнадцать"),
    (19, "девятнадцать"),
    (20, "двадцать"),
    (30, "тридцать"),
]:
    _RU_WORDS[_n] = _ru_soft(_w)

_EN_ORDER = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_EN_ORDER += ["eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"]
_EN_ORDER += ["eighteen", "nineteen", "twenty"]
_EN_WORDS: dict[int, list[str]] = {n: [w] for n, w in enumerate(_EN_ORDER, start=1)}
_EN_WORDS.update({30: ["thirty"], 40: ["forty"], 50: ["fifty"], 60: ["sixty"]})

_ES_WORDS: dict[int, list[str]] = {
    1: ["un", "uno", "una"],
    2: ["dos"],
    3: ["tres"],
    4: ["cuatro"],
    5: ["cinco"],
    6: ["seis"],
    7: ["siete"],
    8: ["ocho"],
    9: ["nueve"],
    10: ["diez"],
    11: ["once"],
    12: ["doce"],
    13: ["trece"],
    14: ["catorce"],
    15: ["quince"],
    16: ["dieciséis", "dieciseis"],
    17: ["diecisiete"],
    18: ["dieciocho"],
    19: ["diecinueve"],
    20: ["veinte"],
    21: ["veintiuno", "veintiún", "veintiun", "veintiuna"],
    22: ["veintidós", "veintidos"],
    23: ["veintitrés", "veintitres"],
    24: ["veinticuatro"],
    25: ["veinticinco"],
    26: ["veintiséis", "veintiseis"],
    27: ["veintisiete"],
    28: ["veintiocho"],
    29: ["veintinueve"],
    30: ["treinta"],
    40: ["cuarenta"],
    50: ["cincuenta"],
    60: ["sesenta"],
}

_WORD_VALUE: dict[str, int] = {}
for _table in (_RU_WORDS, _EN_WORDS, _ES_WORDS):
    for _n, _forms in _table.items():
        for _f in _forms:
            _WORD_VALUE.setdefault(_f, _n)
_TENS = {w for w, n in _WORD_VALUE.items() if n in (20, 30, 40, 50, 60)}
_UNITS = {w for w, n in _WORD_VALUE.items() if 1 <= n <= 9}


_Trie = dict[str, "_Trie"]


def _alt(words: set[str] | list[str]) -> str:
    """An alternation of ``words`` factored into a trie, so a mismatch fails fast."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


_WORDNUM = (
    rf"(?:(?:{_alt(_TENS)})(?:(?:[\s-]{{1,2}}(?:y\s{{1,2}}|and\s{{1,2}})?)(?:{_alt(_UNITS)}))?"
    rf"(?!\w)|(?:{_alt(list(_WORD_VALUE))})(?!\w))"
)


def _word_value(phrase: str) -> int | None:
    parts = [p for p in re.split(r"[\s-]+", phrase.lower()) if p not in ("y", "and")]
    total = 0
    for p in parts:
        v = _WORD_VALUE.get(p)
        if v is None:
            return None
        total += v
    return total or None


# --- units ----------------------------------------------------------------------------------

_UNIT_PATTERNS: list[tuple[str, str]] = [
    ("year", r"год(?:а|у|ом|е|ы|ам|ами|ах)?|лет|years?|yrs?|años?|anos"),
    ("month", r"месяц(?:а|у|ем|е|ев|ы|ам|ами|ах)?|мес\.?|months?|mos?\.?|mths?|mes(?:es)?"),
    ("week", r"недел(?:я|и|ю|ь|е|ей|ям|ями|ях)|нед\.|weeks?|wks?|semanas?"),
    (
        "day",
        r"д(?:ень|ня|ней|ню|нём|нем|ни|ням|нями|нях)|дн\.|сут(?:ки|ок|кам|ках)|days?"
        r"|d[íi]as?",
    ),
]
_UNIT = "(?:" + "|".join(f"(?P<u_{u}>{p})" for u, p in _UNIT_PATTERNS) + r")(?![^\W_])"
_ADJ = (
    r"(?:(?:календарн|рабоч|полн|последовательн|акушерск|банковск)\w{0,6}"
    r"|calendar|working|business|consecutive|full|clear)\s{1,3}"
)

_NUMBERED = re.compile(
    rf"""
    (?<![^\W_])(?<!\d[.,])
    (?:(?P<num>\d{{1,4}}(?:[.,]5)?)|(?P<word>{_WORDNUM}))
    (?:[\s_]{{0,12}}+\([^()\n]{{1,40}}\))?
    (?:[\s_]{{0,12}}+|\s?-\s?)
    (?:{_ADJ})?
    {_UNIT}
    """,
    re.VERBOSE | re.IGNORECASE,
)

# «полгода», «полтора года», «полутора лет», "half a year", "a year and a half", «medio año»
_HALVES = re.compile(
    r"(?<!\w)(?:"
    r"(?P<half_year>пол\s?-?\s?года|полугода|half\s(?:a\s)?year|half-year|medio\saño)"
    r"|(?P<year_and_half>полтора\s{1,2}года|полутора\s{1,2}(?:лет|года|годов)"
    r"|(?:a|one)\s{1,2}year\s{1,2}and\s{1,2}a\s{1,2}half|one\s{1,2}and\s{1,2}a\s{1,2}half\s{1,2}years"
    r"|(?:un\s{1,2})?año\s{1,2}y\s{1,2}medio)"
    r")(?!\w)",
    re.IGNORECASE,
)

# «годичный», «одногодичный», «трёхлетний», «шестимесячный», «полугодовой»
_COMPOUND = re.compile(
    r"(?<!\w)(?P<pre>одно|двух|трёх|трех|четырёх|четырех|пяти|шести|семи|восьми|девяти|десяти"
    r"|двенадцати|полу|полутора)?(?P<stem>годичн|годов|летн|месячн)\w{0,4}",
    re.IGNORECASE,
)
_PREFIX_VALUE = {
    "одно": 1,
    "двух": 2,
    "трёх": 3,
    "трех": 3,
    "четырёх": 4,
    "четырех": 4,
    "пяти": 5,
    "шести": 6,
    "семи": 7,
    "восьми": 8,
    "девяти": 9,
    "десяти": 10,
    "двенадцати": 12,
}

# «на год», «сроком на месяц», «в течение года», "for a year", "for one month"
_IMPLIED_ONE = re.compile(
    r"(?<!\w)(?:(?:на|в\s{1,3}течение)\s{1,3}(?P<ru>год(?:а)?|месяц(?:а)?|неделю|недели"
    r"|сутки|суток)|for\s{1,3}a\s{1,3}(?P<en>year|month|week|day))(?!\w)",
    re.IGNORECASE,
)

_OPEN_THING_RU = (
    r"(?:проведения\s{1,3})?(?:специальной\s{1,3}военной\s{1,3}операции|СВО|военных\s{1,3}действий"
    r"|боевых\s{1,3}действий|военного\s{1,3}положения|(?:периода\s{1,3})?(?:частичной\s{1,3})?"
    r"мобилизации|выполнения\s{1,3}(?:боевых\s{1,3})?задач)"
)
_INDEFINITE = re.compile(
    r"(?<!\w)(?:"
    r"(?:на\s{1,3})?неопредел[её]нн\w{0,4}(?:\s{1,3}срок\w{0,2})?"
    r"|бессрочн\w{0,4}"
    rf"|до\s{{1,3}}(?:окончания|завершения|конца|прекращения|отмены)\s{{1,3}}{_OPEN_THING_RU}"
    rf"|на\s{{1,3}}(?:период|время|срок)\s{{1,3}}{_OPEN_THING_RU}"
    r"|до\s{1,3}особого\s{1,3}распоряжения"
    r"|indefinite(?:ly)?(?:\s{1,3}(?:period|term|duration))?|open[-\s]ended"
    r"|until\s{1,3}(?:they|the\s{1,3}tasks?|it)\s{1,3}(?:are|is|have\s{1,3}been|has\s{1,3}been)"
    r"\s{1,3}(?:completed|fulfilled|accomplished)"
    r"|until\s{1,3}further\s{1,3}notice|no\s{1,3}fixed\s{1,3}(?:term|end\s{1,3}date)"
    r"|(?:until|till)\s{1,3}the\s{1,3}end\s{1,3}of\s{1,3}"
    r"(?!(?:the\s{1,3}|this\s{1,3}|that\s{1,3}|its\s{1,3})?(?:contract|term|month|year|week|day"
    r"|probation|training|shift|season|period\s{1,3}of\s{1,3}\d)|\d)[^\n.,;:()]{1,60}"
    r"|for\s{1,3}the\s{1,3}duration\s{1,3}of\s{1,3}the\s{1,3}(?:war|conflict|mobili[sz]ation"
    r"|special\s{1,3}military\s{1,3}operation)"
    r"|(?:por\s{1,3})?tiempo\s{1,3}(?:indefinido|indeterminado)|plazo\s{1,3}indefinido"
    r"|indefinidamente|hasta\s{1,3}nuevo\s{1,3}aviso"
    r"|hasta\s{1,3}(?:el\s{1,3}(?:final|fin)\s{1,3}de\s{1,3}la|que\s{1,3}termine\s{1,3}la)\s{1,3}"
    r"(?:guerra|operación\s{1,3}militar\s{1,3}especial|movilización)"
    r")(?!\w)",
    re.IGNORECASE,
)

_RANGE_BEFORE = re.compile(
    r"(?<![^\W_])(?<!\d[.,])(?P<a>\d{1,3})\s{0,3}(?:[-–—]|\s(?:до|to|a|hasta|или|or))\s{0,3}\Z",
    re.IGNORECASE,
)
_AGE_CUE = re.compile(
    r"(?<!\w)(?:возраст\w{0,4}|лет\s{1,3}от\s{1,3}роду|старше|младше|моложе|aged?|ages|edad"
    r"|mayores|menores|дети|детей|children|niños|hombres|mujeres|мужчин\w{0,2}|женщин\w{0,2}"
    r"|men|women|girls?|boys?)(?!\w)",
    re.IGNORECASE,
)
_AGE_AFTER = re.compile(r"[\s-]{0,2}(?:old|от\s{1,3}роду|de\s{1,3}edad)(?!\w)", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"(?:от|с|from|over|under|de|до)\s{1,3}\Z", re.IGNORECASE)
_CONTEXT = 40
_MAX_VALUE = {"year": 100, "month": 600, "week": 520, "day": 10_000}


def _is_age(text: str, start: int, end: int, value: int, low: int | None) -> bool:
    """Whether a number of years is somebody's age rather than a length of time."""
    if _AGE_AFTER.match(text, end):
        return True
    if _AGE_CUE.search(text, max(0, start - _CONTEXT), start):
        return True
    if low is not None and low >= 14:
        return True  # «от 18 до 45 лет»
    return value >= 14 and bool(_FROM_BEFORE.search(text, max(0, start - 8), start))


def _unit_of(m: re.Match[str]) -> str:
    for unit, _ in _UNIT_PATTERNS:
        if m.group(f"u_{unit}") is not None:
            return unit
    raise AssertionError("unreachable")  # pragma: no cover


def _numbered(text: str) -> list[Duration]:
    out: list[Duration] = []
    for m in prefilter.finditer(_NUMBERED, text):
        unit = _unit_of(m)
        if m.group("num") is not None:
            raw = m.group("num").replace(",", ".")
            if raw.endswith(".5"):
                if unit != "year":
                    continue
                value, unit = int(float(raw) * 12), "month"
            else:
                value = int(raw)
        else:
            word_value = _word_value(m.group("word"))
            if word_value is None:  # pragma: no cover - the pattern only admits known words
                continue
            value = word_value
        if value <= 0 or value > _MAX_VALUE[unit]:
            continue
        low: int | None = None
        rng = _RANGE_BEFORE.search(text, max(0, m.start() - 12), m.start())
        if rng is not None and m.group("num") is not None:
            low = int(rng.group("a"))
            if not 0 < low < value:
                low = None
        if unit == "year" and _is_age(
            text, rng.start() if low is not None and rng else m.start(), m.end(), value, low
        ):
            continue
        if low is not None and rng is not None:
            out.append(Duration(rng.start("a"), rng.end("a"), low, unit))
        out.append(Duration(m.start(), m.end(), value, unit))
    return out


def _others(text: str) -> list[Duration]:
    out: list[Duration] = []
    for m in prefilter.finditer(_HALVES, text):
        value = 6 if m.lastgroup == "half_year" else 18
        out.append(Duration(m.start(), m.end(), value, "month"))
    for m in prefilter.finditer(_COMPOUND, text):
        pre = (m.group("pre") or "").lower()
        stem = m.group("stem").lower()
        if pre == "полу" and stem in ("годичн", "годов"):
            out.append(Duration(m.start(), m.end(), 6, "month"))
        elif pre == "полутора" and stem in ("годичн", "летн"):
            out.append(Duration(m.start(), m.end(), 18, "month"))
        elif pre in _PREFIX_VALUE and stem != "годов":
            unit = "month" if stem == "месячн" else "year"
            out.append(Duration(m.start(), m.end(), _PREFIX_VALUE[pre], unit))
        elif not pre and stem == "годичн":
            out.append(Duration(m.start(), m.end(), 1, "year"))
    for m in prefilter.finditer(_IMPLIED_ONE, text):
        word = (m.group("ru") or m.group("en")).lower()
        unit = {"г": "year", "м": "month", "н": "week", "с": "day"}.get(word[0]) or {
            "y": "year",
            "m": "month",
            "w": "week",
            "d": "day",
        }[word[0]]
        out.append(Duration(m.start(), m.end(), 1, unit))
    for m in prefilter.finditer(_INDEFINITE, text):
        end = m.end()
        while end > m.start() and text[end - 1].isspace():
            end -= 1
        out.append(Duration(m.start(), end, 0, "", indefinite=True))
    return out


def find_durations(text: str) -> list[Duration]:
    """Every length of time in ``text``, in order of appearance, without overlaps."""
    cands = _numbered(text) + _others(text)
    cands.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[Duration] = []
    for d in cands:
        if out and d.start < out[-1].end:
            continue
        out.append(d)
    return out
