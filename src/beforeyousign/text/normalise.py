"""Normalise text so that rules match what a reader sees, and keep a map back to the raw text.

A recruiter who wants a keyword check to miss «паспорт» can write it with a Latin ``a``, with
a zero-width space inside, with a soft hyphen, spaced out as «п а с п о р т», or broken across
two lines.  A reader sees the same word every time; the rules must too.  Every change made
here is recorded in an offset map so that a match in the normalised text can always be
quoted with the document's own raw characters (promise 1: evidence, not opinion).

What is changed, in this order (each step is idempotent and no later step creates work for
an earlier one, so ``normalise(normalise(x).text).text == normalise(x).text``):

1. one-to-one character folds (:func:`_fold_table`): fullwidth ASCII and mathematical
   alphanumeric letters (𝐩𝐚𝐬𝐬) become plain letters; every Unicode space (NBSP, narrow NBSP,
   thin space…) becomes ``" "``; hyphen-like dashes (‐ ‑ ‒ – − ﹣) become ``"-"`` and the
   horizontal bar ― becomes the em dash — (kept: it separates phrases, it never joins words);
2. invisible characters are removed (zero-width space/joiners, word joiner, BOM, soft hyphen,
   combining grapheme joiner, bidi controls, variation selectors, tag characters); a soft
   hyphen at a line end removes the line break too; ``ﬁ``-style ligatures are expanded;
3. Unicode NFC, one grapheme cluster at a time, so each output character maps to the
   cluster it came from;
4. line-break hyphenation ``слово-\\nпродолжение`` is joined when a letter precedes the hyphen
   and a lowercase letter follows the break (``Индия-\\nРоссия`` stays as it is);
5. a bare line break inside a word of the rule packs is joined («пас\\nпорт»), then
   letter-spaced words (four or more single letters separated by single spaces) are closed up;
   a lone digit inside a rule-pack word becomes its letter («пасп0рт»); Russian words of the
   rule packs written in Latin letters become Cyrillic («pasport») — these three only with
   the packs' words, given by :func:`use_lexicons` (see "rule words" below);
6. look-alike letters: inside a word whose unambiguous letters are mostly Cyrillic, Latin (and
   Greek) look-alikes become Cyrillic, and the other way round; words whose letters are all
   look-alikes, or with a tie, are left alone;
7. NFC again, only where step 6 produced a new composition (``y`` + breve → ``ў``).

Nothing is lowercased, quotes and «ё» are kept, and line breaks are not otherwise touched.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import product
from typing import TYPE_CHECKING, TypeAlias

from beforeyousign.text.translit import Lexicon, Lexicons, reading

if TYPE_CHECKING:
    _Offsets: TypeAlias = array[int]  # array('l') of raw offsets
else:
    _Offsets = array  # array is not subscriptable at run time before Python 3.12

__all__ = ["NormalisedText", "normalise", "use_lexicons"]

# (start, end, replacement, per_char): replace text[start:end]; ``per_char`` maps output
# character i to input character start + i (only when the lengths are equal); otherwise every
# output character maps to the whole input span.
_Edit = tuple[int, int, str, bool]


@dataclass(frozen=True)
class NormalisedText:
    """A normalised text, the raw text it came from, and the map between them.

    ``_starts[i]`` is the raw offset where normalised character ``i`` begins (with a final
    entry ``len(raw)``) and ``_ends[i]`` where it ends.  Both are ``None`` when the map is the
    identity, which is the common case and costs nothing.
    """

    raw: str
    text: str
    _starts: _Offsets | None = field(default=None, repr=False, compare=False)
    _ends: _Offsets | None = field(default=None, repr=False, compare=False)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span to the raw span holding its source characters.

        Out-of-range input is clamped, so the result always satisfies
        ``0 <= rs <= re <= len(raw)``; a non-empty span maps to a non-empty raw span that
        also covers characters removed or composed inside it.
        """
        n = len(self.text)
        start = min(max(start, 0), n)
        end = min(max(end, start), n)
        if self._starts is None or self._ends is None:
            limit = len(self.raw)
            return min(start, limit), min(end, limit)
        raw_start = self._starts[start]
        if end == start:
            return raw_start, raw_start
        return raw_start, self._ends[end - 1]

    def from_raw(self, offset: int) -> int:
        """The first normalised index whose source starts at or after a raw ``offset``.

        Lets a caller turn a raw block boundary (a page, a chat message) into a normalised one.
        """
        offset = min(max(offset, 0), len(self.raw))
        if self._starts is None:
            return min(offset, len(self.text))
        return bisect.bisect_left(self._starts, offset)

    def quote(self, start: int, end: int) -> str:
        """The document's own characters behind a normalised span (what evidence quotes)."""
        raw_start, raw_end = self.to_raw(start, end)
        return self.raw[raw_start:raw_end]


def normalise(raw: str) -> NormalisedText:
    """Normalise ``raw`` (see the module docstring) and keep the offset map."""
    text = raw.translate(_fold_table()) if _patterns()["foldable"].search(raw) else raw
    starts: _Offsets | None = None
    ends: _Offsets | None = None
    stages = (
        _invisible_edits,
        _nfc_edits,
        _stress_mark_edits,
        _hyphenation_edits,
        _line_break_in_word_edits,
        _letter_spacing_edits,
        _digit_edits,
        _translit_edits,
        _lookalike_edits,
        _latin_word_in_cyrillic_line_edits,
        _stress_mark_edits,  # again: a converted «À» leaves a grave on a Cyrillic «А»
        _nfc_edits,
    )
    for stage in stages:
        edits = list(stage(text))
        if edits:
            text, starts, ends = _apply(text, starts, ends, edits, len(raw))
    return NormalisedText(raw, text, starts, ends)


# --------------------------------------------------------------------------- offset map


def _apply(
    text: str,
    starts: _Offsets | None,
    ends: _Offsets | None,
    edits: list[_Edit],
    raw_len: int,
) -> tuple[str, _Offsets, _Offsets]:
    """Apply sorted, non-overlapping edits to ``text`` and compose the offset map.

    Unchanged stretches copy their map slices (C speed); a ``None`` map means identity.
    """
    pieces: list[str] = []
    new_starts: _Offsets = array("l")
    new_ends: _Offsets = array("l")

    def copy(a: int, b: int) -> None:
        if b <= a:
            return
        if starts is None or ends is None:
            new_starts.extend(range(a, b))
            new_ends.extend(range(a + 1, b + 1))
        else:
            new_starts.extend(starts[a:b])
            new_ends.extend(ends[a:b])

    pos = 0
    for start, end, replacement, per_char in edits:
        pieces.append(text[pos:start])
        copy(pos, start)
        pieces.append(replacement)
        if per_char and len(replacement) == end - start:
            copy(start, end)
        elif replacement:
            first = start if starts is None else starts[start]
            last = end if ends is None else ends[end - 1]
            new_starts.extend([first] * len(replacement))
            new_ends.extend([last] * len(replacement))
        pos = end
    pieces.append(text[pos:])
    copy(pos, len(text))
    new_starts.append(raw_len)
    return "".join(pieces), new_starts, new_ends


# --------------------------------------------------------------------------- tables

_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_SPACES += "\u202f\u205f\u3000"
_HYPHENS = "\u2010\u2011\u2012\u2013\u2212\ufe63"
_INVISIBLE = (
    "\u200b-\u200f\u2060-\u2064\u206a-\u206f\ufeff\u034f\u061c\u180e"
    "\u202a-\u202e\u2066-\u2069\ufe00-\ufe0f\U000e0000-\U000e007f\U000e0100-\U000e01ef"
)
_LIGATURES = "\ufb00-\ufb06"


@cache
def _fold_table() -> dict[int, str]:
    """One-to-one folds: they change no offsets, so ``str.translate`` does them at C speed."""
    table = {ord(c): " " for c in _SPACES}
    table.update({ord(c): "-" for c in _HYPHENS})
    table[0x2015] = "\u2014"
    for cp in range(0xFF01, 0xFF5F):  # fullwidth ASCII
        table[cp] = chr(cp - 0xFEE0)
    for cp in range(0x1D400, 0x1D800):  # mathematical alphanumerics: bold, script, ...
        folded = unicodedata.normalize("NFKC", chr(cp))
        if len(folded) == 1 and folded != chr(cp):
            table[cp] = folded
    return table


@cache
def _marks() -> str:
    """A regex class body of every combining mark in the BMP (Python's ``re`` has no \\p{M}).

    Computed on first use (about 10 ms) rather than at import, for CLI cold start.
    """
    ranges: list[tuple[int, int]] = []
    begin = -1
    for cp in range(0x10001):
        is_mark = cp < 0x10000 and unicodedata.category(chr(cp)).startswith("M")
        if is_mark and begin < 0:
            begin = cp
        elif not is_mark and begin >= 0:
            ranges.append((begin, cp - 1))
            begin = -1
    return "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """Compiled patterns, built lazily because they embed :func:`_marks`."""
    marks = _marks()
    letter = rf"[^\W\d_][{marks}]*"
    lat = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
    cyr = "\u0400-\u0482\u048a-\u052f\u1c80-\u1c8f\ua640-\ua66e\ua680-\ua69d"
    grk = "\u0370-\u0373\u0376-\u037d\u037f-\u03ff\u1f00-\u1fbc"
    foldable = "".join(re.escape(chr(cp)) for cp in sorted(_fold_table()) if cp < 0x10000)
    return {
        "foldable": re.compile(f"[{foldable}\U0001d400-\U0001d7ff]"),
        "latin": re.compile(f"[{lat}]"),
        "cyrillic": re.compile(f"[{cyr}]"),
        "greek": re.compile(f"[{grk}]"),
        "invisible": re.compile(
            f"\u00ad(?:[ \\t]*(?:\\r\\n|[\\n\\r])[ \\t]*)?|[{_INVISIBLE}]+|[{_LIGATURES}]"
        ),
        # Every match of "invisible" starts with one of these; a bare class scans fast.
        "invisible_hint": re.compile(f"[\u00ad{_INVISIBLE}{_LIGATURES}]"),
        "hyphen_break": re.compile(r"-[ \t]*(?:\r\n|[\n\r])[ \t]*(?=[^\W\d_])"),
        "letter_or_mark": re.compile(rf"[^\W\d_]|[{marks}]"),
        "spaced_hint": re.compile(rf" {letter} [^\W\d_]"),
        "spaced": re.compile(rf"(?<![\w{marks}]){letter}(?: {letter}){{3,}}(?![\w{marks}])"),
        "word": re.compile(rf"(?:[^\W\d_]|[{marks}])+"),
        "mixed": re.compile(
            rf"[{lat}{grk}][{marks}]*[{cyr}]|[{cyr}{grk}][{marks}]*[{lat}]"
            rf"|[{lat}{cyr}][{marks}]*[{grk}]"
        ),
    }


# --------------------------------------------------------------------------- stages


def _invisible_edits(text: str) -> Iterator[_Edit]:
    """Drop invisible characters; expand ligatures.

    Invisible characters are the cheapest way to split a keyword without a reader noticing.
    A soft hyphen before a line break marks a broken word, so the break goes with it.
    """
    patterns = _patterns()
    if not patterns["invisible_hint"].search(text):  # a plain class: re skips along in C
        return
    for m in patterns["invisible"].finditer(text):
        found = m.group()
        if "\ufb00" <= found[0] <= "\ufb06":
            yield m.start(), m.end(), unicodedata.normalize("NFKC", found), False
        else:
            yield m.start(), m.end(), "", False


_STRESS = re.compile("(?<=[\u0400-\u04ff])[\u0300\u0301]+")


def _stress_mark_edits(text: str) -> Iterator[_Edit]:
    """Drop stress marks on Cyrillic letters («па́спорт»): texts for learners and foreigners
    carry them, and they split a word for matching.  «й» and «ё» are composed by then."""
    if "\u0300" not in text and "\u0301" not in text:  # nearly always: NFC composed them
        return
    for m in _STRESS.finditer(text):
        yield m.start(), m.end(), "", False


def _nfc_edits(text: str) -> Iterator[_Edit]:
    """Compose to NFC one cluster at a time, so offsets stay exact outside the cluster.

    ``is_normalized`` is a C quick check: a clean text (nearly every text) costs one call.
    Composition never crosses a line break, so lines are checked separately.
    """
    if unicodedata.is_normalized("NFC", text):
        return
    line_start = 0
    for line_end in [*(m.start() for m in re.finditer("\n", text)), len(text)]:
        if not unicodedata.is_normalized("NFC", text[line_start:line_end]):
            yield from _cluster_edits(text, line_start, line_end)
        line_start = line_end + 1


def _joins_previous(char: str) -> bool:
    """True for characters that NFC may compose with what precedes them.

    Combining marks (including Indic vowel signs) and Hangul medial/final jamo.
    """
    return (
        unicodedata.category(char).startswith("M")
        or "\u1160" <= char <= "\u11ff"
        or "\ud7b0" <= char <= "\ud7ff"
    )


def _cluster_edits(text: str, lo: int, hi: int) -> Iterator[_Edit]:
    """NFC edits for the clusters (a base and what joins it) of ``text[lo:hi]``."""
    start = lo
    for i in range(lo + 1, hi + 1):
        if i < hi and _joins_previous(text[i]):
            continue
        cluster = text[start:i]
        if not unicodedata.is_normalized("NFC", cluster):
            yield start, i, unicodedata.normalize("NFC", cluster), False
        start = i


def _hyphenation_edits(text: str) -> Iterator[_Edit]:
    """Join words hyphenated at a line end («пас-\\nпорт»).

    Only when the next line starts with a lowercase letter, so compounds broken at their
    own hyphen before a capital («Индия-\\nРоссия») and list dashes are kept.
    """
    if "-" not in text:
        return
    patterns = _patterns()
    for m in patterns["hyphen_break"].finditer(text):
        after_letter = m.start() > 0 and patterns["letter_or_mark"].match(text, m.start() - 1)
        if after_letter and text[m.end()].islower():
            yield m.start(), m.end(), "", False


def _letter_spacing_edits(text: str) -> Iterator[_Edit]:
    """Close up words written as single letters with spaces between («п а с п о р т»).

    Four letters at least, every piece a single letter and every gap a single space, so
    ordinary runs of one-letter words («а и в») stay as they are.
    """
    patterns = _patterns()
    if not patterns["spaced_hint"].search(text):  # cheap scan that starts at a literal space
        return
    for m in patterns["spaced"].finditer(text):
        offset = m.start()
        for i, char in enumerate(m.group()):
            if char == " ":
                yield offset + i, offset + i + 1, "", False


# --------------------------------------------------------------------------- look-alikes

_LAT_TO_CYR = dict(zip("aceopxyikABCEHKMOPTXYI", "асеорхуікАВСЕНКМОРТХУІ", strict=True))
_CYR_TO_LAT = {cyr: lat for lat, cyr in _LAT_TO_CYR.items()}
_CYR_TO_LAT.update(zip("јѕԁԛԝһӏЈЅԚԜҺӀ", "jsdqwhlJSQWHI", strict=True))
_GRK_TO_LAT = dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧορ", "ABEZHIKMNOPTYXop", strict=True))
_GRK_TO_CYR = dict(zip("ΑΒΕΗΙΚΜΟΡΤΥΧορ", "АВЕНІКМОРТУХор", strict=True))

_LATIN, _CYRILLIC, _GREEK, _OTHER, _MARK = "L", "C", "G", "O", "M"


def _script_of(base: str) -> str:
    """Latin, Cyrillic, Greek or other, by code point of a base letter."""
    cp = ord(base)
    if base.isascii() or 0xC0 <= cp <= 0x24F or 0x1E00 <= cp <= 0x1EFF:
        return _LATIN
    if 0x400 <= cp <= 0x52F or 0x1C80 <= cp <= 0x1C8F or 0xA640 <= cp <= 0xA69F:
        return _CYRILLIC
    if 0x370 <= cp <= 0x3FF or 0x1F00 <= cp <= 0x1FFF:
        return _GREEK
    return _OTHER


@lru_cache(maxsize=4096)
def _letter_info(char: str) -> tuple[str, str, str, bool]:
    """(script, base letter, trailing marks, ambiguous) for one character.

    A letter is ambiguous when its base has a look-alike in the other script: it then has no
    vote in deciding which script the word is written in.
    """
    if unicodedata.category(char).startswith("M"):
        return _MARK, char, "", True
    decomposed = unicodedata.normalize("NFD", char)
    base, rest = decomposed[0], decomposed[1:]
    script = _script_of(base)
    ambiguous = (
        (script == _LATIN and base in _LAT_TO_CYR)
        or (script == _CYRILLIC and base in _CYR_TO_LAT)
        or (script == _GREEK and (base in _GRK_TO_LAT or base in _GRK_TO_CYR))
    )
    return script, base, rest, ambiguous


def _target_script(word: str) -> str | None:
    """The script that holds a strict majority of the word's unambiguous letters, if any."""
    latin = cyrillic = 0
    for char in word:
        script, _, _, ambiguous = _letter_info(char)
        if not ambiguous:
            latin += script == _LATIN
            cyrillic += script == _CYRILLIC
    if cyrillic > latin:
        return _CYRILLIC
    if latin > cyrillic:
        return _LATIN
    if latin == cyrillic == 0:
        return _majority_of_lookalikes(word)
    return None


def _majority_of_lookalikes(word: str) -> str | None:
    """A word of look-alike letters only, in two scripts («KОНТРАКТ» with one Latin K): the
    script most of its letters are in.  A single script, or a tie, decides nothing."""
    latin = cyrillic = 0
    for char in word:
        script = _letter_info(char)[0]
        latin += script == _LATIN
        cyrillic += script == _CYRILLIC
    if latin and cyrillic and latin != cyrillic:
        return _CYRILLIC if cyrillic > latin else _LATIN
    return None


def _convert(char: str, target: str) -> str | None:
    """The look-alike of ``char`` in the ``target`` script, or None if it has none/needs none."""
    script, base, rest, _ = _letter_info(char)
    if script == target or script in (_MARK, _OTHER):
        return None
    if target == _CYRILLIC:
        table = _LAT_TO_CYR if script == _LATIN else _GRK_TO_CYR
    else:
        table = _CYR_TO_LAT if script == _CYRILLIC else _GRK_TO_LAT
    if base not in table:
        return None
    return unicodedata.normalize("NFC", table[base] + rest)


def _word_start(text: str, pos: int) -> int:
    """Walk left from ``pos`` to the start of the word containing it."""
    word = _patterns()["word"]
    while pos > 0 and word.match(text, pos - 1, pos):
        pos -= 1
    return pos


_MIN_CONTEXT_LETTERS = 8
_CONTEXT_CHARS = 80
_CONTEXT_MAJORITY = 0.7


def _latin_word_in_cyrillic_line_edits(text: str) -> Iterator[_Edit]:
    """Turn an all-look-alike Latin word («KOHTPAKT», OCR's or a forger's) into Cyrillic
    when the text around it is Cyrillic.

    The word itself cannot say which script it is, so its neighbourhood
    (``_CONTEXT_CHARS`` either side) decides; a short or mixed neighbourhood decides
    nothing.  Words of one or two letters are left alone (abbreviations).
    """
    patterns = _patterns()
    if patterns["latin"].search(text) is None or patterns["cyrillic"].search(text) is None:
        return
    for word in patterns["word"].finditer(text):
        token = word.group()
        letters = [_letter_info(c) for c in token]
        if not all(ambiguous for _, _, _, ambiguous in letters):
            continue
        scripts = {script for script, _, _, _ in letters}
        # Mixed scripts in a word of two letters («MО») is a trick; one script needs three.
        if scripts == {_LATIN, _CYRILLIC} and len(token) >= 2:
            pass
        elif scripts != {_LATIN} or len(token) < 3:
            continue
        lo = max(0, word.start() - _CONTEXT_CHARS)
        hi = min(len(text), word.end() + _CONTEXT_CHARS)
        cyrillic, total = _scripts_around(text[lo:hi], word.start() - lo, word.end() - lo)
        if total >= _MIN_CONTEXT_LETTERS and cyrillic >= _CONTEXT_MAJORITY * total:
            for i, char in enumerate(token, start=word.start()):
                converted = _convert(char, _CYRILLIC)
                if converted is not None:
                    yield i, i + 1, converted, True


def _scripts_around(window: str, skip_start: int, skip_end: int) -> tuple[int, int]:
    """(Cyrillic letters, all letters) of ``window`` outside ``skip_start:skip_end``,
    counting only letters without a look-alike: conversions change only look-alikes, so
    the context, and the result, stay the same when the text is normalised again."""
    cyrillic = total = 0
    for i, char in enumerate(window):
        if skip_start <= i < skip_end or not char.isalpha():
            continue
        script, _, _, ambiguous = _letter_info(char)
        if ambiguous or script not in (_LATIN, _CYRILLIC):
            continue
        total += 1
        cyrillic += script == _CYRILLIC
    return cyrillic, total


def _lookalike_edits(text: str) -> Iterator[_Edit]:
    """Put look-alike letters of mixed-script words into the word's own script.

    Only words with two scripts side by side are examined (a C-speed regex finds them), so
    clean text costs one scan.
    """
    patterns = _patterns()
    scripts = [patterns[name].search(text) is not None for name in ("latin", "cyrillic", "greek")]
    if sum(scripts) < 2:  # one script only: nothing can be mixed
        return
    covered = 0
    for m in patterns["mixed"].finditer(text):
        if m.start() < covered:
            continue
        start = _word_start(text, m.start())
        word_match = patterns["word"].match(text, m.start())
        end = word_match.end() if word_match else m.end()
        covered = end
        target = _target_script(text[start:end])
        if target is None:
            continue
        for i in range(start, end):
            converted = _convert(text[i], target)
            if converted is not None:
                yield i, i + 1, converted, True


# --------------------------------------------------------------------------- rule words
#
# The steps below undo tricks whose undoing would be a guess without knowing which words
# matter: a digit inside a word («пасп0рт», «3арплата»), a bare line break inside a word
# («пас\nпорт»), a word in transliteration («pasport»).  Each is undone only when the
# result is a word (or inside the stem of a word) of the rule packs, so honest text —
# «3-й», «100руб», «Covid19», a line wrapped between two words — is left as it is.  The
# words come from the analysis layer through :func:`use_lexicons` (this layer knows no
# rule pack); without them these steps do nothing.

_LEXICON_SOURCE: Callable[[], Lexicons] | None = None


def use_lexicons(source: Callable[[], Lexicons] | None) -> None:
    """Give normalisation the words of the rule packs (``source`` is called once, on the
    first text that needs it).  The analysis layer calls this when it is imported."""
    global _LEXICON_SOURCE
    _LEXICON_SOURCE = source
    _lexicons.cache_clear()
    _translit_word.cache_clear()
    _digit_reading.cache_clear()


@cache
def _lexicons() -> Lexicons | None:
    return _LEXICON_SOURCE() if _LEXICON_SOURCE is not None else None


_MAX_WORD = 40  # longer runs of letters are no word of any pack


def _canonical(word: str) -> tuple[str | None, str]:
    """(script, folded form with look-alike letters in that script) of a word that may
    still hold look-alikes, so a check gives the same answer before and after step 6."""
    letters = "".join(c for c in word if c.isalpha())
    target = _target_script(letters)
    if target is None:  # look-alikes only («с6орка»): the one script they are in, if one
        scripts = {_letter_info(c)[0] for c in letters}
        target = scripts.pop() if len(scripts) == 1 else None
    if target is not None:
        word = "".join(_convert(c, target) or c for c in word)
    return target, word.lower().replace("ё", "е")


def _lexicon_of(lexicons: Lexicons, script: str | None) -> Lexicon | None:
    if script == _CYRILLIC:
        return lexicons.russian
    if script == _LATIN:
        return lexicons.other
    return None


def _within_stem(lexicon: Lexicon, form: str, position: int) -> bool:
    """``form`` is a word of the lexicon, or ``position`` lies inside the stem it starts with."""
    return form in lexicon.forms or lexicon.prefix_length(form) > position


def _letters_back(text: str, pos: int, limit: int = _MAX_WORD + 1) -> int:
    """Walk left from ``pos`` over letters and digits (at most ``limit``)."""
    stop = max(0, pos - limit)
    while pos > stop and text[pos - 1].isalnum():
        pos -= 1
    return pos


# A digit beside a letter; starting with ``\d`` lets ``re`` skip along at C speed.
_DIGIT_HINT = re.compile(r"\d(?:(?<=[^\W\d_]\d)|(?=[^\W\d_]))")
_ALNUM_RUN = re.compile(r"[^\W_]*+")
_DIGIT_LETTERS = {
    _CYRILLIC: {"0": "о", "3": "з", "4": "ч", "6": "б"},
    _LATIN: {"0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t"},
}
_MAX_DIGITS = 3


def _digit_edits(text: str) -> Iterator[_Edit]:
    """Digits written for letters inside a word («пасп0рт», «3арплата», "passp0rt").

    A digit is read as a letter only when it stands alone among letters (never in a number:
    «100руб», «3-й», «2x») and the word so read is a rule-pack word, or the digit lies in
    the stem the word starts with.
    """
    if _DIGIT_HINT.search(text) is None:
        return
    lexicons = _lexicons()
    if lexicons is None:
        return
    covered = 0
    for hint in _DIGIT_HINT.finditer(text):
        if hint.start() < covered:
            continue
        start = _letters_back(text, hint.start())
        run = _ALNUM_RUN.match(text, hint.start())
        end = run.end() if run else hint.end()
        covered = end
        if end - start <= _MAX_WORD:
            yield from _word_digit_edits(text, start, end, lexicons)


def _word_digit_edits(text: str, start: int, end: int, lexicons: Lexicons) -> Iterator[_Edit]:
    for i, letter in _digit_reading(text[start:end]):
        yield start + i, start + i + 1, letter, True


# Words with digits repeat across posts («5лет», «100руб»): each is decided once.
@lru_cache(maxsize=8_192)
def _digit_reading(word: str) -> tuple[tuple[int, str], ...]:
    """(position, letter) for each digit of ``word`` read as a letter (none: keep it)."""
    lexicons = _lexicons()
    if lexicons is None:
        return ()
    return tuple(_digit_letters(word, lexicons))


def _digit_letters(word: str, lexicons: Lexicons) -> Iterator[tuple[int, str]]:
    digits = [i for i, c in enumerate(word) if c.isdigit()]
    letters = "".join(c for c in word if c.isalpha())
    if len(letters) < 2 or not digits or len(digits) > _MAX_DIGITS:
        return
    if any(i + 1 in digits for i in digits):  # a number, not a letter
        return
    script, form = _canonical(word)
    table = _DIGIT_LETTERS.get(script or "")
    lexicon = _lexicon_of(lexicons, script)
    if table is None or lexicon is None or any(word[i] not in table for i in digits):
        return
    for letters_chosen in product(*(table[word[i]] for i in digits)):
        candidate = list(form)
        for i, letter in zip(digits, letters_chosen, strict=True):
            candidate[i] = letter
        reading_ = "".join(candidate)
        if all(_within_stem(lexicon, reading_, i) for i in digits):
            upper = letters.isupper()
            for i, letter in zip(digits, letters_chosen, strict=True):
                yield i, letter.upper() if upper else letter
            return


_BREAK_IN_WORD = re.compile(r"[^\W\d_][ \t]*+(?:\r\n|[\n\r])[ \t]*+[^\W\d_]")
_LETTER_RUN = re.compile(r"[^\W\d_]*+")


def _line_break_in_word_edits(text: str) -> Iterator[_Edit]:
    """Join a word broken across two lines without a hyphen («пас\nпорт»).

    Honest text breaks lines between words, so the pieces are joined only when the break
    falls inside the stem of a rule-pack word (or the joined word is one), the first piece
    has three letters at least and the second goes on in lower case.
    """
    if "\n" not in text and "\r" not in text:
        return
    lexicons = _lexicons()
    if lexicons is None:
        return
    for m in _BREAK_IN_WORD.finditer(text):
        left_end, right_start = m.start() + 1, m.end() - 1
        left_start = _letters_back(text, left_end)
        right = _LETTER_RUN.match(text, right_start)
        right_end = right.end() if right else m.end()
        left, rest = text[left_start:left_end], text[right_start:right_end]
        if not left.isalpha() or len(left) < 3 or len(rest) < 2:
            continue
        if left_start > 0 and (text[left_start - 1].isalnum() or text[left_start - 1] == "-"):
            continue
        if not (rest[0].islower() or (left.isupper() and rest.isupper())):
            continue
        script, form = _canonical(left + rest)
        lexicon = _lexicon_of(lexicons, script)
        if lexicon is not None and _within_stem(lexicon, form, len(left)):
            yield left_end, right_start, "", False


_ASCII_LETTER = re.compile("[A-Za-z]")
# Not inside a handle, an address or a file name (@rabota_kontrakt, site.ru/pasport).
_LATIN_RUN = re.compile(r"(?<![\w@#/\\])[A-Za-z][A-Za-z0-9']*+(?![\w@/\\]|\.\w)")
_MIN_SHORT_CONTEXT = 3  # Cyrillic letters (and no Latin ones) that make a short line Russian
_RUSSIAN_SHARE = 0.6  # of the Latin words of a line, read as Russian
_MAX_SHORT = 3  # letters of a function word («ne», «do») read in a Russian line
_MIN_LONE = 8  # letters of a strong word that may make a line of its own Russian
_MIN_STRONG = 4  # letters of a word that alone says "this line is Russian"
_MAX_LINE_WORDS = 40  # words of a line looked at for other Russian words


@lru_cache(maxsize=16_384)
def _translit_word(word: str) -> tuple[str, bool] | None:
    """(Cyrillic reading, strong) of a lower-case Latin word that transliterates a word of
    the Russian pack.  ``strong``: long and specific enough to say that its line may be
    Russian.  A word of another pack («contract», "passport", "agent") is no hit, unless
    the Russian reading covers more of it than the other pack's stem («mobilizatsiya» is
    not "mobili*»); short words of both («ne», «do») are hits, never strong."""
    lexicons = _lexicons()
    if lexicons is None:
        return None
    found = lexicons.translit.lookup(word)
    if found is None:
        return None
    cyrillic, matched, strong = found
    bare = word.rstrip("'")
    foreign = bare in lexicons.other.forms or lexicons.other.prefix_length(bare) >= matched
    if foreign and len(bare) > _MAX_SHORT:
        return None
    letters = sum(c.isalpha() for c in word)
    return cyrillic, strong and not foreign and letters >= _MIN_STRONG


def _translit_edits(text: str) -> Iterator[_Edit]:
    """Russian words written in Latin letters («pasport», «voennaya sluzhba») in Cyrillic.

    A line is read as transliterated Russian when it holds two such words of four letters
    or more, or one and either Cyrillic letters around it (most of the letters of its line)
    or another Latin word that reads as a Russian word.  Then every rule-pack word of the
    line is converted; the quote keeps the Latin original.
    """
    if _ASCII_LETTER.search(text) is None:
        return
    lexicons = _lexicons()
    if lexicons is None:
        return
    hits: list[tuple[int, int, str, bool]] = []
    for m in _LATIN_RUN.finditer(text):
        found = _translit_word(m.group().lower())
        if found is not None:
            hits.append((m.start(), m.end(), *found))
    if not hits:
        return
    by_line: dict[int, list[tuple[int, int, str, bool]]] = {}
    for hit in hits:
        by_line.setdefault(text.rfind("\n", 0, hit[0]) + 1, []).append(hit)
    for line_start, line_hits in by_line.items():
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        if not _reads_as_russian(text, line_start, line_end, line_hits, lexicons):
            continue
        for start, end, cyrillic, _ in line_hits:
            yield start, end, _same_case(text[start:end], cyrillic), False


def _reads_as_russian(
    text: str,
    line_start: int,
    line_end: int,
    hits: list[tuple[int, int, str, bool]],
    lexicons: Lexicons,
) -> bool:
    if not any(hit[3] for hit in hits):
        return False
    start, end = next((h[0], h[1]) for h in hits if h[3])
    lo = max(line_start, start - _CONTEXT_CHARS)  # the word's neighbourhood, in its line
    hi = min(line_end, end + _CONTEXT_CHARS)
    cyrillic, total = _scripts_around(text[lo:hi], start - lo, end - lo)
    if total >= _MIN_CONTEXT_LETTERS and cyrillic >= _CONTEXT_MAJORITY * total:
        return True
    if cyrillic >= _MIN_SHORT_CONTEXT and cyrillic == total:  # a short Russian line
        return True
    # A Latin line: most of its words must read as Russian ("the detachment is
    # licensed" has two stems of the pack in it and is English all the same).
    hit_starts = {h[0] for h in hits}
    words = russian = 0
    for count, m in enumerate(_LATIN_RUN.finditer(text, line_start, line_end)):
        if count >= _MAX_LINE_WORDS:
            break
        word = m.group().lower()
        if len(word) < 2 or all(_letter_info(c)[3] for c in word if c.isalpha()):
            continue  # a letter, or look-alikes only (step 6 may yet convert it)
        words += 1
        if m.start() in hit_starts:
            russian += 1
        elif len(word) >= 3 and not lexicons.other.knows(word):
            reading_ = reading(word)
            russian += reading_ is not None and lexicons.is_russian_word(reading_)
    if words == 1 and russian == 1:  # a line of one word: only a long one tells
        return max(h[1] - h[0] for h in hits if h[3]) >= _MIN_LONE
    return russian >= 2 and russian >= _RUSSIAN_SHARE * words


def _same_case(latin: str, cyrillic: str) -> str:
    letters = [c for c in latin if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return cyrillic.upper()
    if letters and letters[0].isupper():
        return cyrillic[:1].upper() + cyrillic[1:]
    return cyrillic
