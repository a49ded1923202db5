"""Marker letters and words that separate close languages sharing one script.

A statistical model is weakest exactly where this tool needs it most: short chat messages,
and pairs of languages that share most of their letters (Hindi and Nepali in Devanagari;
Russian and the other Cyrillic languages of Central Asia).  Function words and a few letters
settle most of those cases and are easy for a reviewer to check.
"""

from __future__ import annotations

import re

__all__ = ["cyrillic_candidates", "hindi_nepali_votes", "uzbek_latin_share"]


def _words(text: str) -> frozenset[str]:
    """A word list written as one readable string."""
    return frozenset(text.split())


# Letters that a language needs to show before it is considered at all.  Russian and Uzbek
# need none (Uzbek Cyrillic is mostly written with Russian letters); a Russian text never
# has any of these letters, so a short Russian message cannot be mistaken for Kazakh.
_CYRILLIC_LETTERS: dict[str, frozenset[str]] = {
    "uk": frozenset("іїєґІЇЄҐ"),
    "kk": frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ"),
    "ky": frozenset("ңөүҢӨҮ"),
    "tg": frozenset("ғӣқӯҳҷҒӢҚӮҲҶ"),
}
_CYRILLIC_ALWAYS = ("ru", "uz")


def cyrillic_candidates(text: str) -> tuple[str, ...]:
    """Cyrillic languages worth asking the model about, given the letters present."""
    present = set(text)
    extra = tuple(lang for lang, letters in _CYRILLIC_LETTERS.items() if present & letters)
    return _CYRILLIC_ALWAYS + extra


# Hindi writes postpositions and the copula as separate words (है, में, का); Nepali glues
# postpositions to the noun (रूसमा, कामको) and has its own copula and verb endings (छ, हुन्छ).
_HINDI_WORDS = _words(
    "है हैं था थी थे में और नहीं का की के लिए यह वह होगा होगी होंगे करना करें आप हम मैं "
    "गया गई रहा रही सकते जाएगा मिलेगा मिलेगी"
)
_NEPALI_WORDS = _words(
    "छ छन् छौं छु छैन छैनन् होइन र मा लाई पनि गर्न गर्नु गर्ने गरेको भएको हुन्छ हुनेछ थियो "
    "बाट तपाईं तपाईँ हामी म यो त्यो सक्नुहुन्छ दिइनेछ पर्छ गर्नुपर्छ राख्नेछ हुँदैन"
)
_DEVANAGARI_WORD = re.compile(r"[\u0900-\u0963\u0966-\u097f]+")


def hindi_nepali_votes(text: str) -> tuple[int, int]:
    """(Hindi marker words, Nepali marker words) found in ``text``."""
    hindi = nepali = 0
    for word in _DEVANAGARI_WORD.findall(text):
        hindi += word in _HINDI_WORDS
        nepali += word in _NEPALI_WORDS
    return hindi, nepali


# Uzbek Latin spells oʻ and gʻ with a turned comma, often typed as ' ‘ ’ ` or ʼ.
_UZBEK_APOSTROPHE = re.compile(r"[oOgG][ʻ'‘’`ʼ](?=[^\W\d_])")
_UZBEK_WORDS = _words(
    "va uchun bilan ish ishchi ishchilar ishga shartnoma shartnomasi maosh oylik kerak yoki "
    "emas bor ham haqida qilish beriladi bepul siz sizning bu ishlash muddat yil"
)
_LATIN_WORD = re.compile(r"[^\W\d_]+")


def uzbek_latin_share(text: str) -> tuple[int, float]:
    """(Uzbek markers, their share of the words): words like «uchun», and oʻ/gʻ spellings."""
    words = _LATIN_WORD.findall(text.lower())
    if not words:
        return 0, 0.0
    hits = sum(map(_UZBEK_WORDS.__contains__, words))  # in C: this runs on every Latin post
    hits += len(_UZBEK_APOSTROPHE.findall(text))
    return hits, hits / len(words)
