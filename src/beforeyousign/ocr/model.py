"""What an OCR engine returns, and the narrow interface the rest of the program uses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PIL.Image import Image


@dataclass(frozen=True)
class OcrWord:
    """One recognised word, its box on the image it was read from, and its place in the
    layout (a new line or paragraph starts before it)."""

    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1
    confidence: float  # 0-100
    starts_line: bool = False
    starts_paragraph: bool = False


@dataclass(frozen=True)
class OcrPage:
    """The words of one page image, in reading order."""

    words: tuple[OcrWord, ...]
    width: int
    height: int
    timed_out: bool = False

    @property
    def mean_confidence(self) -> float:
        """Mean word confidence weighted by word length: one confident long clause
        counts for more than a scatter of confident single letters in the noise."""
        weights = [len(w.text) for w in self.words]
        if not sum(weights):
            return 0.0
        return sum(w.confidence * n for w, n in zip(self.words, weights, strict=True)) / sum(
            weights
        )

    @property
    def letters(self) -> int:
        return sum(ch.isalpha() for w in self.words for ch in w.text)


@dataclass(frozen=True)
class Orientation:
    """How far a page is turned (0, 90, 180 or 270 degrees counter-clockwise), how sure the
    engine is, and the script it saw."""

    degrees: int
    confidence: float
    script: str | None


class OcrEngine(Protocol):
    """The two things the program asks of an OCR engine."""

    def orientation(self, image: Image) -> Orientation | None:
        """The page's turn and script, or None when the engine cannot tell."""

    def read(self, image: Image, languages: str, timeout_ms: int) -> OcrPage:
        """Recognise ``image`` with the language packs ``languages`` ("rus+eng")."""
