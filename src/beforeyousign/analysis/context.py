"""Everything analysis needs about one document, computed once and shared by recognizers."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, overload

from beforeyousign.analysis.extract import DateMention, Money, find_dates, find_money
from beforeyousign.analysis.model import Evidence
from beforeyousign.analysis.patterns import Hit, TokenIndex, Word
from beforeyousign.analysis.tokens import Token
from beforeyousign.text.model import Document
from beforeyousign.text.normalise import NormalisedText
from beforeyousign.text.segment import Segment

CONTEXT_LIMIT = 400
# "…никому не говори, ok?": an order with a tag, not a question.
_TAG_QUESTION = re.compile(
    r"[,\s](?:ok|okay|да|ладно|понял|поняла|ясно|right|yes|sí|vale|d'accord)\s*\?$",
    re.IGNORECASE,
)
_REQUEST = re.compile(
    r"\b(?:can you|could you|will you|would you|please|можете|можешь|пришлите|пришли|"
    r"отправьте|отправь|puede|podrías|puedes|pouvez|peux)\b",
    re.IGNORECASE,
)  # characters of the surrounding sentence kept with a quote


_T = TypeVar("_T")


class _once(Generic[_T]):  # lower case: used as a decorator, like cached_property
    """``functools.cached_property`` without its lock (Python 3.11 takes one on every first
    access): a context belongs to one analysis in one thread, and asks a few times a post.
    The value is kept in the instance's ``__dict__``, where later reads find it first."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> _once[_T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> _once[_T] | _T:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


@dataclass
class AnalysisContext:
    document: Document
    normalised: NormalisedText
    sentences: list[Segment]
    tokens: list[Token]
    language: str
    index: TokenIndex = field(init=False)
    words: Iterable[Word] = ()

    def __post_init__(self) -> None:
        self.index = TokenIndex(self.tokens, self.words, self.normalised.text)

    @property
    def text(self) -> str:
        return self.normalised.text

    @_once
    def money(self) -> list[Money]:
        return find_money(self.text)

    @_once
    def dates(self) -> list[DateMention]:
        return find_dates(self.text)

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for a span of the normalised text, quoted from the raw text."""
        raw_start, raw_end = self.normalised.to_raw(start, end)
        raw = self.document.raw_text
        return Evidence(
            quote=raw[raw_start:raw_end],
            start=start,
            end=end,
            raw_start=raw_start,
            raw_end=raw_end,
            location=self.document.locate(raw_start),
            context=self._context(start, end),
            boxes=self.document.boxes(raw_start, raw_end),
        )

    def evidence_for_hits(self, hits: Iterable[Hit]) -> list[Evidence]:
        """One quote per sentence the hits fall in, from the first to the last matched word."""
        by_sentence: dict[int, list[Hit]] = {}
        for hit in hits:
            by_sentence.setdefault(self.tokens[hit.first].sentence, []).append(hit)
        quotes = []
        for group in by_sentence.values():
            start = self.tokens[min(h.first for h in group)].start
            end = self.tokens[max(h.last for h in group)].end
            quotes.append(self.evidence(start, end))
        return quotes

    def is_question(self, offset: int) -> bool:
        """Whether the sentence at ``offset`` asks rather than states («Паспорт надо
        оставлять?»): a reader's question binds nobody.  Requests («Can you send your
        passport?») are statements of what is wanted, so they do not count as questions."""
        segment = self.sentence_at(offset)
        if segment is None:
            return False
        sentence = self.text[segment.start : segment.end].rstrip()
        return (
            sentence.endswith("?")
            and not _REQUEST.search(sentence)
            and not _TAG_QUESTION.search(sentence)
        )

    def sentence_at(self, offset: int) -> Segment | None:
        index = bisect_right(self._sentence_starts, offset) - 1
        if index >= 0 and offset < self.sentences[index].end:
            return self.sentences[index]
        return None

    @_once
    def _sentence_starts(self) -> list[int]:
        return [segment.start for segment in self.sentences]

    def _context(self, start: int, end: int) -> str:
        segment = self.sentence_at(start)
        if segment is None or segment.end < end:
            return ""
        raw_start, raw_end = self.normalised.to_raw(segment.start, segment.end)
        context = self.document.raw_text[raw_start:raw_end]
        return context if len(context) <= CONTEXT_LIMIT else context[:CONTEXT_LIMIT] + "…"
