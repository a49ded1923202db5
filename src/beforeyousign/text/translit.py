"""Russian written in Latin letters («pasport», «voennaya sluzhba», «4to»), read back.

A recruiter who expects a keyword check in Cyrillic can write the whole message in the
informal transliteration every Russian speaker reads without effort.  There is no single
scheme («х» is kh, h or x; «ч» is ch, 4 or tch; «я» is ya, ja or ia; soft signs are dropped
or written ``'``), so a word is compared not letter by letter but by its *skeleton*: both
the Cyrillic word and the Latin one are reduced to the same sound classes (every way of
writing «х» gives one class, «и», «й» and «ы» share one, doubled letters count once).

The words compared with are data: the lexicons are built from the rule packs by the
analysis layer and handed to :mod:`beforeyousign.text.normalise` (this layer knows no rule
pack).  A Latin word becomes Cyrillic only when its skeleton is that of a rule-pack word
(or starts with the skeleton of a rule-pack stem), never when it is a word of the other
packs (``contract`` stays English; ``kontrakt`` does not), and only in a line that reads
as transliterated Russian (see ``normalise._translit_edits``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import product

__all__ = ["Lexicon", "Lexicons", "TranslitIndex", "cyrillic_skeleton"]

# Cyrillic letter -> sound class.  Soft and hard signs vanish; «и», «й», «ы» share "i";
# «е», «ё», «э» share "e"; «я»/«ю» are "i" + vowel, as "ya"/"ia"/"ja" are.
_CYR_CLASS = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "Ж", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "Ч", "ш": "Ш", "щ": "Ш",
    "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip

# Latin unit -> (Cyrillic guess, sound classes it may stand for).  Longest units first.
_LATIN_UNITS: dict[str, tuple[str, tuple[str, ...]]] = {
    "shch": ("щ", ("Ш",)), "sch": ("щ", ("Ш",)), "tch": ("ч", ("Ч",)),
    "sh": ("ш", ("Ш", "sh")), "zh": ("ж", ("Ж",)), "kh": ("х", ("h",)), "ch": ("ч", ("Ч",)),
    "ts": ("ц", ("ts",)), "tz": ("ц", ("ts",)), "ya": ("я", ("ia",)), "ja": ("я", ("ia",)),
    "yu": ("ю", ("iu",)), "ju": ("ю", ("iu",)), "yo": ("ё", ("e", "io")), "jo": ("ё", ("e", "io")),
    "ye": ("е", ("e", "ie")), "je": ("е", ("e", "ie")),
    "a": ("а", ("a",)), "b": ("б", ("b",)), "d": ("д", ("d",)),
    "e": ("е", ("e",)), "f": ("ф", ("f",)), "g": ("г", ("g",)), "h": ("х", ("h",)),
    "i": ("и", ("i",)), "j": ("й", ("i",)), "k": ("к", ("k",)), "l": ("л", ("l",)),
    "m": ("м", ("m",)), "n": ("н", ("n",)), "o": ("о", ("o",)), "p": ("п", ("p",)),
    "r": ("р", ("r",)), "s": ("с", ("s",)), "t": ("т", ("t",)),
    "u": ("у", ("u",)), "v": ("в", ("v",)), "x": ("х", ("h",)),
    "y": ("ы", ("i",)), "z": ("з", ("z",)), "'": ("ь", ("",)),
    # chat transliteration: «4to» (что), «6ыл», «3десь», «0»
    "4": ("ч", ("Ч",)), "6": ("б", ("b",)), "3": ("з", ("z",)), "0": ("о", ("o",)),
}  # fmt: skip
_MAX_UNIT = max(map(len, _LATIN_UNITS))
_MAX_VARIANTS = 8
_VOWELS = frozenset("aeiouy")
MIN_SKELETON = 3  # a stem with a shorter skeleton («яр», «дн») is too vague to look for
STRONG_SKELETON = 4  # a stem this long («хран») says more than «виз» or «сда»


def _collapse(classes: str) -> str:
    """Doubled classes count once («нн» / "n")."""
    out: list[str] = []
    for char in classes:
        if not out or out[-1] != char:
            out.append(char)
    return "".join(out)


def cyrillic_skeleton(word: str) -> str:
    """The sound-class skeleton of a lower-case Cyrillic word."""
    return _collapse("".join(_CYR_CLASS.get(c, c) for c in word))


_Unit = tuple[str, str, tuple[str, ...]]  # (latin, cyrillic guess, classes)


def _units(word: str) -> list[_Unit] | None:
    """Split a lower-case Latin word into transliteration units (None: not one)."""
    units: list[_Unit] = []
    i = 0
    while i < len(word):
        for size in range(min(_MAX_UNIT, len(word) - i), 0, -1):
            piece = word[i : i + size]
            if piece in _LATIN_UNITS:
                guess, classes = _LATIN_UNITS[piece]
                units.append((piece, guess, classes))
                i += size
                break
        else:
            return None
    return units


def _guess(units: list[_Unit], previous: str = "") -> str:
    """A readable Cyrillic spelling of ``units`` (used after a matched stem; only the stem
    has to be exact for matching)."""
    out: list[str] = []
    for latin, guess, _ in units:
        if latin == "y" and (previous[-1:] in _VOWELS or previous.endswith("y")):
            guess = "й"
        out.append(guess)
        previous = latin
    return "".join(out)


@dataclass(frozen=True)
class Lexicon:
    """Folded word forms and stems of some rule packs."""

    forms: frozenset[str]
    prefixes: frozenset[str]
    min_prefix: int = 3

    @cached_property
    def _lengths(self) -> tuple[int, ...]:
        return tuple(sorted({len(p) for p in self.prefixes if len(p) >= self.min_prefix}))

    def prefix_length(self, form: str) -> int:
        """Length of the longest stem of the lexicon that ``form`` starts with (0: none)."""
        best = 0
        for size in self._lengths:
            if size > len(form):
                break
            if form[:size] in self.prefixes:
                best = size
        return best

    def knows(self, form: str) -> bool:
        return form in self.forms or self.prefix_length(form) > 0


class TranslitIndex:
    """Skeletons of the Russian lexicon, for looking Latin words up."""

    def __init__(self, russian: Lexicon) -> None:
        self.exact: dict[str, str] = {}
        for form in sorted(russian.forms):
            if form.isalpha():
                self.exact.setdefault(cyrillic_skeleton(form), form)
        self.stems: dict[str, str] = {}
        for stem in sorted(russian.prefixes):
            skeleton = cyrillic_skeleton(stem)
            # «оборон» and «оборонн» share a skeleton: the longer spells more
            longer = len(stem) > len(self.stems.get(skeleton, ""))
            if len(skeleton) >= MIN_SKELETON and stem.isalpha() and longer:
                self.stems[skeleton] = stem
        self._lengths = sorted({len(s) for s in self.stems}, reverse=True)

    def lookup(self, word: str) -> tuple[str, int, bool] | None:
        """(Cyrillic reading, letters of the pack word or stem matched, strong) of a
        lower-case Latin word that is a rule-pack word or starts with a stem; strong for
        whole words and stems of ``STRONG_SKELETON`` classes or more."""
        units = _units(word)
        if not units or not any(u[0].isalpha() for u in units):
            return None
        options = [u[2] for u in units]
        variants = 1
        for classes in options:
            variants *= len(classes)
        if variants > _MAX_VARIANTS:
            options = [c[:1] for c in options]
        readings = [list(choice) for choice in product(*options)]
        for choice in readings:
            skeleton = _collapse("".join(choice))
            if skeleton in self.exact:
                form = self.exact[skeleton]
                return form, len(form), True
        for choice in readings:
            found = self._stem_reading(units, choice)
            if found is not None:
                return found
        return None

    def _stem_reading(self, units: list[_Unit], choice: list[str]) -> tuple[str, int, bool] | None:
        skeleton = _collapse("".join(choice))
        for size in self._lengths:
            if size > len(skeleton) or skeleton[:size] not in self.stems:
                continue
            # the last unit that still ends inside the stem, doubled letters included
            cut = 0
            for k in range(1, len(units) + 1):
                length = len(_collapse("".join(choice[:k])))
                if length <= size:
                    cut = k
                else:
                    break
            previous = units[cut - 1][0] if cut else ""
            stem = self.stems[skeleton[:size]]
            return stem + _guess(units[cut:], previous), len(stem), size >= STRONG_SKELETON
        return None


@dataclass(frozen=True)
class Lexicons:
    """What the rules know, handed to normalisation by the analysis layer.

    ``russian``: Cyrillic forms and stems of the Russian pack; ``other``: the words of the
    packs of other languages (a Latin word of theirs is never transliterated);
    ``is_russian_word``: whether a Cyrillic form is a Russian word at all (a dictionary
    lookup), used to tell a transliterated Russian line from a foreign one.
    """

    russian: Lexicon
    other: Lexicon
    is_russian_word: Callable[[str], bool] = field(default=lambda _: False, compare=False)

    @cached_property
    def translit(self) -> TranslitIndex:
        return TranslitIndex(self.russian)


def lexicon(words: Iterable[tuple[str, bool]], min_prefix: int = 3) -> Lexicon:
    """A lexicon from ``(folded text, is_prefix)`` pairs."""
    forms: set[str] = set()
    prefixes: set[str] = set()
    for text, is_prefix in words:
        if text:
            (prefixes if is_prefix else forms).add(text)
    return Lexicon(frozenset(forms), frozenset(prefixes), min_prefix)


def reading(word: str) -> str | None:
    """A plain Cyrillic reading of a lower-case Latin word (None: it is no transliteration)."""
    units = _units(word)
    if not units:
        return None
    guess = _guess(units)
    return "э" + guess[1:] if guess.startswith("е") else guess
