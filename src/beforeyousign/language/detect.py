"""The built-in language detector: script first, then a restricted classifier, then markers.

Why this shape (measured in the design notes: 37/40 short snippets):

1. the script of the letters picks the candidate languages; Bengali, Sinhala and Tamil
   need nothing more;
2. ``py3langid`` scores the text once over its whole model; the candidates' probabilities
   are renormalised among themselves, which is what ``set_languages`` would compute, without
   mutating a shared model (so it is safe across threads);
3. the winner's probability is discounted by how far it trails the model's overall favourite.
   A text in a language outside the candidate set (romanised Hindi, Indonesian, Serbian)
   would otherwise be forced onto the nearest supported language with high confidence;
4. marker words settle Hindi vs Nepali and recognise Uzbek written in Latin letters.

The model takes about 0.6 s to load, so it is loaded on the first call that needs it, once
per process, and never at import: the CLI starts fast and a Bengali text never loads it.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from beforeyousign.language import markers, scripts
from beforeyousign.language.model import UNSURE, LanguageGuess

__all__ = ["MIN_CONFIDENCE", "MIN_LETTERS", "MIN_SCRIPT_SHARE", "SUPPORTED", "detect_language"]

MIN_LETTERS = 20  # below this a guess is a coin toss
MIN_SCRIPT_SHARE = 0.75  # below this the text is mixed (bilingual contract, code-switched chat)
MIN_CONFIDENCE = 0.5
_SAMPLE = 4000  # characters per window: three windows of a long document are enough

_CANDIDATES: dict[str, tuple[str, ...]] = {
    scripts.LATIN: ("en", "es", "fr", "pt", "de", "so", "uz"),
    scripts.DEVANAGARI: ("hi", "ne"),
    scripts.ARABIC: ("ar", "fa", "ur"),
}
_SINGLE: dict[str, str] = {scripts.BENGALI: "bn", scripts.SINHALA: "si", scripts.TAMIL: "ta"}

SUPPORTED: frozenset[str] = frozenset(
    {"ru", "uk", "uz", "tg", "kk", "ky"}
    | {lang for langs in _CANDIDATES.values() for lang in langs}
    | set(_SINGLE.values())
)

_lock = threading.Lock()
_identifier: Any = None


def _model() -> Any:
    """The py3langid identifier, loaded on first use (double-checked under a lock)."""
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from beforeyousign.language import identifier

                _identifier = identifier.load()
    return _identifier


def _sample(text: str) -> str:
    """The start, middle and end of a long text: enough evidence, bounded cost."""
    if len(text) <= 3 * _SAMPLE:
        return text
    middle = (len(text) - _SAMPLE) // 2
    return " ".join((text[:_SAMPLE], text[middle : middle + _SAMPLE], text[-_SAMPLE:]))


def detect_language(text: str) -> LanguageGuess:
    """Guess the language of ``text``; ``"unsure"`` when the evidence is thin or mixed.

    Pass normalised text: look-alike letters from another script would make it look mixed.
    """
    sample = _sample(text)
    profile = scripts.profile(sample)
    if profile.letters < MIN_LETTERS or profile.share < MIN_SCRIPT_SHARE:
        return LanguageGuess(UNSURE, 0.0)
    if profile.script in _SINGLE:
        return LanguageGuess(_SINGLE[profile.script], round(profile.share, 3))
    if profile.script == scripts.CYRILLIC:
        candidates = markers.cyrillic_candidates(sample)
    elif profile.script in _CANDIDATES:
        candidates = _CANDIDATES[profile.script]
    else:
        return LanguageGuess(UNSURE, 0.0)
    lang, confidence = _classify(sample, candidates)
    lang, confidence = _apply_markers(sample, profile.script, lang, confidence)
    confidence *= profile.share
    if confidence < MIN_CONFIDENCE:
        return LanguageGuess(UNSURE, round(confidence, 3))
    return LanguageGuess(lang, round(confidence, 3))


def _classify(text: str, candidates: tuple[str, ...]) -> tuple[str, float]:
    """Best candidate and its confidence: share among candidates x ratio to the overall best."""
    probs, best_overall = _probabilities(text, candidates)
    mass = sum(probs.get(lang, 0.0) for lang in candidates)
    if mass <= 0.0 or best_overall <= 0.0:
        return UNSURE, 0.0
    winner = max(candidates, key=lambda lang: probs.get(lang, 0.0))
    share = probs[winner] / mass
    return winner, share * min(1.0, probs[winner] / best_overall)


def _probabilities(text: str, candidates: tuple[str, ...]) -> tuple[dict[str, float], float]:
    """The candidates' probabilities and the best probability of any language.

    The numbers ``rank`` gives, without its sorting of every language of the model (a
    tenth of the time to identify a short post): a label's probability is that of its first
    column, as in ``rank``.  Falls back to ``rank`` if py3langid's internals change.
    """
    model = _model()
    columns = _label_columns()
    if columns is None:
        ranked = dict(model.rank(text))
        return ranked, max(ranked.values(), default=0.0)
    scores = model._decide(text).tolist()
    probs = {lang: scores[columns[lang]] for lang in candidates if lang in columns}
    return probs, max(map(scores.__getitem__, columns.values()))  # map and max: all in C


@lru_cache(maxsize=1)
def _label_columns() -> dict[str, int] | None:
    """Each label's first column in the model's scores; None without the internals used."""
    model = _model()
    if not callable(getattr(model, "_decide", None)):
        return None
    columns: dict[str, int] = {}
    for i, lang in enumerate(getattr(model, "nb_classes", ())):
        columns.setdefault(lang, i)
    return columns or None


def _apply_markers(text: str, script: str, lang: str, confidence: float) -> tuple[str, float]:
    """Let marker words overrule or confirm the model where it is known to be weak."""
    if script == scripts.DEVANAGARI:
        hindi, nepali = markers.hindi_nepali_votes(text)
        if abs(hindi - nepali) >= 2:
            marked = "hi" if hindi > nepali else "ne"
            return marked, max(confidence, 0.75) if marked == lang else 0.7
    if script == scripts.LATIN and lang != "uz":
        hits, share = markers.uzbek_latin_share(text)
        if hits >= 2 and share >= 0.15:
            return "uz", 0.7
    return lang, confidence
