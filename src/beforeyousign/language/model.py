"""The answer a language detector gives."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["UNSURE", "LanguageGuess"]

UNSURE = "unsure"


@dataclass(frozen=True)
class LanguageGuess:
    """A language code (ISO 639-1) or ``"unsure"``, and how sure the detector is (0..1).

    ``"unsure"`` is an answer: the report then says it could not tell, instead of reading
    a Nepali chat with Russian rules.
    """

    code: str
    confidence: float

    @property
    def sure(self) -> bool:
        return self.code != UNSURE
