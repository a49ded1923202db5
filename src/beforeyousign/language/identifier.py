"""The py3langid model behind :mod:`.detect`, loaded once per process, with two speed-ups
that leave every score exactly as py3langid computes it.

Identifying the language was a third of the time to analyse a short post.  Two parts of it
repeat work that need not be repeated:

1. **The walk over the text's bytes.**  py3langid finds the text's features (byte n-grams)
   by walking a state machine one byte at a time in Python.  The walk over a word depends
   only on the word and the state the walk enters it in, and words repeat from post to
   post: :class:`_WalkMemo` walks each (state, word) once and then replays it, giving the
   same features in the same order, so the same counts in the same order.
2. **The feature table.**  It ships in float16, and numpy converted the rows a text uses
   to float32 on every call, in a slow scalar loop; it is converted once instead
   (:func:`_widen_feature_table`).  float16 to float32 is exact, so the products are the
   same float32 numbers.

If py3langid changes inside, the model is loaded as it is, without either speed-up.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

__all__ = ["load"]

# A word and the space after it, or a lone space: the pieces cover the text exactly.
_PIECE = re.compile(rb"[^ ]+ ?| ")
# Walks kept: (state, word) -> (state after it, features in it).  A bound, so that memory
# stays flat over millions of posts (about 300 bytes an entry); forgetting all at once
# when full costs a few thousand walks again, nothing else.
MAX_WALKS = 20_000


def load() -> Any:
    """A py3langid identifier (probabilities normalised), sped up where py3langid allows."""
    from py3langid import langid

    cls: Any = _memoising_identifier(langid) or langid.LanguageIdentifier
    identifier = cls.from_model_file(langid.MODEL_FILE, norm_probs=True)
    _widen_feature_table(identifier)
    return identifier


def _memoising_identifier(langid: Any) -> type | None:
    """A subclass of py3langid's identifier whose byte walk is memoised per word."""
    base = langid.LanguageIdentifier
    needed = ("_raw_score", "_sparse_score", "tk_nextmove", "_rowbase", "tk_output", "nb_ptc")
    if not all(hasattr(base, name) for name in needed):
        return None

    class MemoisingIdentifier(base):  # type: ignore[misc, valid-type]
        __slots__ = ("_walks",)

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._walks = _WalkMemo(self.tk_nextmove, self._rowbase, self.tk_output)

        def _raw_score(self, text: bytes) -> Any:
            visits = self._walks.visit_counts(text)
            if visits:
                return self._sparse_score(visits, self.nb_ptc)
            return super()._raw_score(text)  # no feature at all: py3langid's own answer

    return MemoisingIdentifier


class _WalkMemo:
    """``py3langid.langid.visit_counts``, remembering the walk over each word."""

    def __init__(self, nextmove: Any, rowbase: Any, output: Any) -> None:
        self._nextmove = nextmove
        self._rowbase = rowbase
        self._output = output
        self._walks: dict[tuple[int, bytes], tuple[int, tuple[int, ...]]] = {}

    def visit_counts(self, text: bytes) -> Counter[int] | None:
        state = 0
        features: list[int] = []
        walks = self._walks
        for piece in _PIECE.findall(text):
            walk = walks.get((state, piece))
            if walk is None:
                walk = self._walk(state, piece)
                if len(walks) >= MAX_WALKS:
                    walks.clear()
                walks[state, piece] = walk
            state = walk[0]
            features.extend(walk[1])
        return Counter(features) if features else None

    def _walk(self, state: int, piece: bytes) -> tuple[int, tuple[int, ...]]:
        """The state machine over ``piece`` from ``state``, as py3langid walks it."""
        nextmove, rowbase, output = self._nextmove, self._rowbase, self._output
        features = []
        for byte in piece:
            state = nextmove[rowbase[state] + byte]
            feature = output[state]
            if feature >= 0:
                features.append(feature)
        return state, tuple(features)


def _widen_feature_table(identifier: Any) -> None:
    """Keep the model's feature table in float32 rather than the float16 it ships in
    (about 28 MB more memory, the same for one post or a million)."""
    import numpy as np

    table = getattr(identifier, "nb_ptc", None)
    full = getattr(identifier, "_full_model", None)
    if not isinstance(table, np.ndarray) or table.dtype != np.float16 or full is None:
        return  # another py3langid: leave it as it is
    if full[0] is not table:
        return
    wide = table.astype(np.float32)
    identifier.nb_ptc = wide
    identifier._full_model = (wide, *full[1:])  # the float16 copy is freed
