"""Language identification: which language a document or a block is written in.

``detect_language`` is the built-in detector (script check, restricted ``py3langid``, marker
words).  Anything with the :class:`Detector` shape can replace it, e.g. a fake in unit tests.
Importing this package is cheap: the statistical model loads on first use.
"""

from __future__ import annotations

from typing import Protocol

from beforeyousign.language.detect import SUPPORTED, detect_language
from beforeyousign.language.model import UNSURE, LanguageGuess

__all__ = ["SUPPORTED", "UNSURE", "Detector", "LanguageGuess", "detect_language"]


class Detector(Protocol):
    """What the pipeline needs from a language detector."""

    def __call__(self, text: str) -> LanguageGuess: ...
