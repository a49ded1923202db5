"""Split a (normalised) text into sentences and numbered clauses.

Evidence is quoted with its sentence or clause around it, and a contract is read clause by
clause, so both must follow the document's own structure rather than a generic sentence
splitter's guess.  Contracts and ads differ from prose in three ways handled here:

* the line is the first unit: PDF and DOCX text breaks lines inside sentences (a line that
  does not end a sentence and is followed by a lowercase line is a wrapped line) but also
  puts each clause, list item and heading on its own line;
* clause numbers start a new unit even when glued to the text (``1.1.Настоящий``), and can
  be told apart from dates (``01.06.2025``) and amounts (``1.5 млн``);
* inside a line, ``razdel`` splits sentences; it knows Russian abbreviations («г.», «т.е.»,
  «руб.», «тыс.»).

Both functions are pure and linear in the text length; lines are scanned with C-speed
regular expressions and ``razdel`` only sees text that may hold more than one sentence.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any, NamedTuple

__all__ = ["Segment", "clauses", "sentences"]


class Segment(NamedTuple):
    """A span of the text (``end`` exclusive, no surrounding whitespace) and its clause.

    This and the line records below are named tuples rather than frozen dataclasses: every
    document makes dozens of them, and a named tuple is built several times faster."""

    start: int
    end: int
    clause: str | None  # the clause number it belongs to: "2.1.3", "а", "3", or None


class _Marker(NamedTuple):
    """A clause number found at the start of a line."""

    clause: str
    level: int  # 0 = article/section; 1, 2, 3 = depth of 1 / 1.1 / 1.1.1; higher = list items
    body: int  # where the clause text starts, after the number and its punctuation


class _Line(NamedTuple):
    """One stripped, non-empty line with what its start says about structure."""

    start: int
    end: int
    marker: _Marker | None
    heading: bool
    bullet: bool
    blank_before: bool


_TOP, _DIGIT_ITEM, _LETTER_ITEM, _ROMAN_ITEM = 0, 50, 100, 150

_TOP_WORDS = "статья раздел глава article section chapter part artículo articulo capítulo capitulo"
_ITEM_WORDS = "пункт параграф clause cláusula clausula"


def _keyword_alternation(words: str) -> str:
    """Capitalised and all-caps forms only: a lowercase «статья 5» is running text."""
    return "|".join(f"{w.capitalize()}|{w.upper()}" for w in words.split())


_NUMBER = r"[1-9]\d{0,2}(?:\.(?:0|[1-9]\d{0,2}))*"
_MARKER_RE = re.compile(
    rf"""
    (?P<top>{_keyword_alternation(_TOP_WORDS)})[ \t]+(?P<topnum>{_NUMBER}|[IVXLC]{{1,7}})
        \.?(?=[\s.:)\-—]|$)
  | (?P<item>{_keyword_alternation(_ITEM_WORDS)})[ \t]+(?P<itemnum>{_NUMBER})
        \.?(?=[\s.:)\-—]|$)
  | (?P<num>{_NUMBER})(?:(?P<dot>\.)(?=\s|[^\W\d_]|$)|(?P<paren>\))|(?=[ \t]+[A-ZА-ЯЁ«"]))
  | \((?P<par>[ivx]{{2,6}}|[a-zа-яёA-ZА-ЯЁ]|[1-9]\d{{0,2}})\)
  | (?P<letter>[a-zа-яёA-ZА-ЯЁ])\)
  | (?P<roman>[ivx]{{2,6}})[.)](?=\s)
  | (?P<ROMAN>[IVX]|[IVXLC]{{2,7}})[.)](?=\s)
    """,
    re.VERBOSE,
)
_BULLET_RE = re.compile(r"[-•*·▪●◦–—](?=\s)")
_LINE_RE = re.compile(r"[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
# A multi-level clause number after a sentence end, on the same line: «...сторон. 2.2. Работник»
_INLINE_CLAUSE_RE = re.compile(
    r"(?<=[.;!?])[ \t]+(?=[1-9]\d{0,2}(?:\.[1-9]\d{0,2})+\.[ \t]*[A-ZА-ЯЁ])"
)
# An inline clause number has a digit, a dot and a digit («2.2.»): texts without are skipped.
_INLINE_HINT = re.compile(r"\d\.[1-9]")
_TERMINAL = ".!?…;"
_WRAP_WIDTH = 30  # a line this long that breaks off mid-phrase was wrapped by the layout
_CLOSERS = "»\"'”’)]"


def sentences(text: str) -> list[Segment]:
    """Sentences of ``text``: lines and clause numbers first, then ``razdel`` inside them."""
    split = _razdel_splitter()
    result: list[Segment] = []
    for start, end, clause, body in _pieces(text):
        first = True
        for sent_start, sent_stop in split(text[body:end]):
            s_start, s_end = body + sent_start, body + sent_stop
            if first:
                s_start, first = start, False
            s_start, s_end = _strip(text, s_start, s_end)
            if s_end > s_start:
                result.append(Segment(s_start, s_end, clause))
        if first:  # a clause number with no text after it
            result.append(Segment(start, end, clause))
    return result


def clauses(text: str) -> list[Segment]:
    """Numbered clauses, sorted by start; nested clauses lie inside their parents.

    A clause starts at its number and runs until the next number at the same or a higher
    level (``2.2`` ends ``2.1`` and ``2.1.3``; ``б)`` ends ``а)``) or an unnumbered heading.
    """
    result: list[Segment] = []
    stack: list[tuple[int, int, str]] = []  # (level, start, clause)
    last_end = 0

    def close(min_level: int) -> None:
        while stack and stack[-1][0] >= min_level:
            _, start, clause = stack.pop()
            result.append(Segment(start, max(last_end, start), clause))

    for line in _lines(text):
        if line.heading:
            close(_TOP)
        elif line.marker is not None:
            close(line.marker.level)
            stack.append((line.marker.level, line.start, line.marker.clause))
        last_end = line.end
    close(_TOP)
    result.sort(key=lambda seg: (seg.start, -seg.end))
    return result


# --------------------------------------------------------------------------- razdel

_Spans = Callable[[str], list[tuple[int, int]]]


@lru_cache(maxsize=1)
def _razdel_splitter() -> _Spans:
    """``razdel.sentenize`` as (start, stop) spans, computed as razdel computes them but
    asking its rules only where they can cut (loaded on first use: keeps CLI start fast).

    razdel splits at every delimiter (``.``, ``!``, a quote, a bracket, a smiley) and asks
    its rules whether to join the two sides again.  Its first two rules join whenever the
    delimiter is not followed by whitespace (``empty_side``, ``no_space_prefix``), so only a
    delimiter followed by whitespace can end a sentence: a text with none is one sentence,
    and elsewhere razdel's own rules are asked about the others only.  Their answer depends
    on the ten characters each side, the delimiter and, for list items, the text since the
    last cut, so it is kept for each of those (short posts repeat them).  Falls back to
    ``sentenize`` itself if razdel's internals change (``tests/test_segment.py`` compares the
    two on many texts)."""
    from razdel import sentenize

    try:
        from razdel.segmenters.sentenize import BULLET_SIZE, SentSplit

        delimiter: re.Pattern[str] = sentenize.split.re
        window: int = sentenize.split.window
        join: Callable[[Any], Any] = sentenize.join
        can_cut = re.compile(delimiter.pattern + r"(?=\s)", delimiter.flags)
    except (AttributeError, ImportError, re.error):  # pragma: no cover - another razdel
        return lambda text: [(s.start, s.stop) for s in sentenize(text)]

    @lru_cache(maxsize=8192)  # bounded: keys are a few dozen characters each
    def joined(left: str, mark: str, right: str, buffer: str | None) -> bool:
        split = SentSplit(left, mark, right)
        split.buffer = buffer if buffer is not None else " " * (BULLET_SIZE + 1)
        return bool(join(split))

    def spans(text: str) -> list[tuple[int, int]]:
        cuts = [0]
        if can_cut.search(text) is not None:
            for m in delimiter.finditer(text):
                start, stop = m.span()
                if stop >= len(text) or not text[stop].isspace():
                    continue  # razdel joins: no whitespace after the delimiter
                buffer = text[cuts[-1] : start]
                short = buffer if len(buffer) <= BULLET_SIZE else None
                left, right = text[max(0, start - window) : start], text[stop : stop + window]
                if not joined(left, m.group(1), right, short):
                    cuts.append(stop)
        cuts.append(len(text))
        # razdel strips each piece and finds it again from the end of the one before.
        found, offset = [], 0
        for cut_start, cut_end in itertools.pairwise(cuts):
            chunk = text[cut_start:cut_end].strip()
            offset = text.find(chunk, offset)
            found.append((offset, offset + len(chunk)))
            offset += len(chunk)
        return found

    return spans


# --------------------------------------------------------------------------- lines


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span to exclude surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _raw_lines(text: str) -> Iterator[tuple[int, int, bool]]:
    """Stripped non-empty lines as (start, end, blank line before), split at inline clauses."""
    previous_end = 0
    inline = _INLINE_HINT.search(text) is not None  # else no line holds an inline clause
    for m in _LINE_RE.finditer(text):
        pieces = [m.start()]
        if inline:
            pieces += [b.end() for b in _INLINE_CLAUSE_RE.finditer(text, *m.span())]
        for i, piece_start in enumerate(pieces):
            piece_end = pieces[i + 1] if i + 1 < len(pieces) else m.end()
            start, end = _strip(text, piece_start, piece_end)
            if end > start:
                yield start, end, text.count("\n", previous_end, start) > 1
                previous_end = end


def _lines(text: str) -> Iterator[_Line]:
    """Lines with their clause number, heading and bullet status."""
    for start, end, blank_before in _raw_lines(text):
        marker = _marker_at(text, start, end)
        heading = marker is None and _is_heading(text, start, end)
        bullet = marker is None and _BULLET_RE.match(text, start, end) is not None
        yield _Line(start, end, marker, heading, bullet, blank_before)


def _marker_at(text: str, start: int, end: int) -> _Marker | None:
    """The clause number at ``start``, if the line starts with one."""
    m = _MARKER_RE.match(text, start, end)
    if m is None:
        return None
    body, _ = _strip(text, m.end(), end)
    groups = m.groupdict()
    if groups["top"]:
        return _Marker(groups["topnum"], _TOP, body)
    if groups["item"]:
        return _Marker(groups["itemnum"], groups["itemnum"].count(".") + 1, body)
    if groups["num"]:
        return _numeric_marker(groups["num"], bool(groups["dot"]), bool(groups["paren"]), body)
    if groups["par"]:
        token = groups["par"]
        level = _DIGIT_ITEM if token.isdigit() else _ROMAN_ITEM if len(token) > 1 else _LETTER_ITEM
        return _Marker(token, level, body)
    if groups["letter"]:
        return _Marker(groups["letter"], _LETTER_ITEM, body)
    if groups["roman"]:
        return _Marker(groups["roman"], _ROMAN_ITEM, body)
    return _Marker(groups["ROMAN"], _TOP, body)


def _numeric_marker(number: str, dot: bool, paren: bool, body: int) -> _Marker | None:
    """``1.``, ``1.1.``, ``1)`` or ``1.1`` before a capital; a bare ``1`` is a quantity."""
    depth = number.count(".") + 1
    if paren:
        return _Marker(number, _DIGIT_ITEM if depth == 1 else depth, body)
    if not dot and depth == 1:
        return None
    return _Marker(number, depth, body)


def _is_heading(text: str, start: int, end: int) -> bool:
    """An unnumbered line in capitals («КОНТРАКТ», «ОБЯЗАННОСТИ СТОРОН») ends all clauses."""
    if end - start > 120:
        return False
    line = text[start:end]
    return not any(map(str.islower, line)) and sum(map(str.isupper, line)) >= 3


# --------------------------------------------------------------------------- pieces


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """Whether a line ends with sentence punctuation (possibly before a quote or bracket)."""
    while end > start and text[end - 1] in _CLOSERS:
        end -= 1
    return end > start and text[end - 1] in _TERMINAL


# "12/01/2024, 19:53 - ", "[03.01.24, 10:17:31] ", "[10:17, 03/01/2024] "
_CHAT_STAMP = re.compile(
    r"\[?\d{1,2}[./-]\d{1,2}[./-]\d{2,4},?\s+(?:à\s+)?\d{1,2}:\d{2}|\[\d{1,2}:\d{2}(?::\d{2})?,\s"
)


def _continues(text: str, previous: _Line, line: _Line) -> bool:
    """Whether ``line`` is the wrapped continuation of ``previous``.

    The rule contracts follow: the previous line does not end a sentence and this one starts
    with a lowercase letter.  A line starting with a digit or an opening quote also continues
    a long line (a full printed line, not a header like «г. Москва») that breaks off after a
    lowercase word, comma or dash («...денежное довольствие в размере\\n210 000 рублей»).
    """
    if line.marker or line.heading or line.bullet or line.blank_before or previous.heading:
        return False
    if _CHAT_STAMP.match(text, line.start):  # a new message of a chat export, never a wrap
        return False
    if _ends_sentence(text, previous.start, previous.end):
        return False
    first, last = text[line.start], text[previous.end - 1]
    if first.islower():
        return True
    long_line = previous.end - previous.start >= _WRAP_WIDTH
    return long_line and (first.isdigit() or first in '«"(') and (last.islower() or last in ",-—")


def _pieces(text: str) -> Iterator[tuple[int, int, str | None, int]]:
    """Units that no sentence crosses: (start, end, clause, body start after the number)."""
    stack: list[tuple[int, str]] = []  # open clauses: (level, clause)
    current: list[int] | None = None  # [start, end, body]
    clause: str | None = None
    previous: _Line | None = None
    for line in _lines(text):
        if current is not None and previous is not None and _continues(text, previous, line):
            current[1] = line.end
            previous = line
            continue
        if current is not None:
            yield current[0], current[1], clause, current[2]
        if line.heading:
            stack.clear()
        elif line.marker is not None:
            while stack and stack[-1][0] >= line.marker.level:
                stack.pop()
            stack.append((line.marker.level, line.marker.clause))
        clause = stack[-1][1] if stack else None
        body = line.marker.body if line.marker is not None else line.start
        current = [line.start, line.end, body]
        previous = line
    if current is not None:
        yield current[0], current[1], clause, current[2]
